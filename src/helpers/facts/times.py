"""Time arithmetic: zones, precision-aware bounds, windows, ordering and wording.

A :class:`~helpers.facts.schema.When` is a local wall-clock value in an IANA zone with a precision.
Only minute-precision values are converted across zones: a bare date has no instant to convert.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from .schema import When, parse_partial, value_end

#: Mark printed after a value any part of which was inferred (explained in the brief's legend).
INFERRED_MARK = "*"


def utc_offset(moment: dt.datetime) -> str:
    """``+03:00`` style offset of an aware datetime."""
    offset = moment.utcoffset() or dt.timedelta(0)
    sign = "-" if offset < dt.timedelta(0) else "+"
    minutes = abs(int(offset.total_seconds())) // 60
    return f"{sign}{minutes // 60:02d}:{minutes % 60:02d}"


def aware_start(when: When) -> dt.datetime | None:
    """The instant of a minute-precision value (aware, in its own zone); None otherwise."""
    if when.precision != "minute" or when.start is None or when.tz is None:
        return None
    local = parse_partial(when.start)[0]
    return local.replace(tzinfo=ZoneInfo(when.tz))


def utc_bounds(when: When, default_tz: str) -> tuple[dt.datetime | None, dt.datetime | None]:
    """The half-open UTC interval ``[start, end)`` a value covers, as aware datetimes.

    A minute covers ``[t, t + 1 min)``; a day, month or year covers that local day, month or
    year in the value's zone (``when.tz``, else ``default_tz``: the reporting document's zone,
    against which the date was resolved). A period runs from the start of its start value to the
    end of its end value; a side the source does not give is ``None``, and so are both sides of
    an ``unknown`` time."""
    if when.precision == "unknown":
        return None, None
    zone = ZoneInfo(when.tz or default_tz)
    last = when.end if when.precision == "period" else when.start
    start = parse_partial(when.start)[0] if when.start else None
    end = value_end(last) if last else None
    return tuple(  # type: ignore[return-value]
        None if m is None else m.replace(tzinfo=zone).astimezone(dt.UTC) for m in (start, end)
    )


def to_zone(when: When, zone: str) -> dt.datetime | None:
    moment = aware_start(when)
    return None if moment is None else moment.astimezone(ZoneInfo(zone))


def _mark(text: str, inferred: bool) -> str:
    return f"{text}{INFERRED_MARK}" if inferred else text


def format_date(when: When) -> str:
    """The date part as precise as the source allows, marked where inferred."""
    inferred = bool(when.inferred)
    if when.precision == "unknown":
        return "undated"
    if when.precision == "period":
        start = when.start[:10] if when.start else "start not given"
        if when.ongoing:
            end = f"ongoing at {when.end[:10]}" if when.end else "ongoing"
        else:
            end = when.end[:10] if when.end else "end not given"
        return _mark(f"{start} – {end}", inferred)
    return _mark((when.start or "")[:10], inferred)


def format_local_time(when: When) -> str:
    moment = aware_start(when)
    if moment is None:
        return ""
    return f"{moment:%H:%M} {when.tz} ({utc_offset(moment)})"


def describe_when(when: When) -> str:
    """Prose for a time, with what was inferred:
    'on 7 February 2024 at 21:30 Asia/Baghdad time (18:30 UTC; year inferred)'."""
    text = _describe(when)
    if when.precision == "period" and {"start", "end"} <= set(when.inferred):
        text = f"at a date not given, {text}"
    parts = [p for p in when.inferred if p not in ("start", "end")]
    if parts:
        text += f" [{', '.join(parts)} inferred]"
    return text


def _describe(when: When) -> str:
    if when.precision == "unknown":
        return when.expression or "at a time the source does not give"
    if when.precision == "period":
        if when.start and when.end:
            return f"between {_long_date(when.start)} and {_long_date(when.end)}"
        if when.ongoing and when.end:
            return f"ongoing as of {_long_date(when.end)}"
        if when.end:
            return f"by {_long_date(when.end)}"
        return f"from {_long_date(when.start)}"
    text = f"on {_long_date(when.start)}"
    moment = aware_start(when)
    if moment is not None:
        utc = moment.astimezone(dt.UTC)
        day_shift = "" if utc.date() == moment.date() else f" {utc:%-d %B}"
        text += f" at {moment:%H:%M} {when.tz} time ({utc:%H:%M} UTC{day_shift})"
    return text


def _long_date(value: str) -> str:
    """``7 February 2024``, ``February 2024``, ``2024``: a partial ISO date to its precision."""
    return _date_words(value, "%B")


def short_when(when: When) -> str:
    """A date in a few words for a reference to an event: ``7 Feb 2024``, ``Feb 2024``,
    ``28 Jan–8 Feb 2024`` (a window or a period), ``to 8 Feb 2024`` (no start), ``undated``;
    ``*`` where part of it was inferred (not the bounds of a window)."""
    if when.precision == "unknown":
        return "undated"
    if when.precision == "period":
        lo, hi = when.start, when.end
        if lo and hi:
            text = _short_range(lo, hi)
        elif hi:
            text = f"{'ongoing at' if when.ongoing else 'to'} {short_date(hi)}"
        else:
            text = f"from {short_date(lo)}"
    else:
        text = short_date(when.start)
    parts = [p for p in when.inferred if p not in ("start", "end")]
    return _mark(text, bool(parts))


def short_date(value: str) -> str:
    """``7 Feb 2024``, ``Feb 2024``, ``2024``: a partial ISO date to its precision."""
    return _date_words(value, "%b")


def _date_words(value: str, month: str) -> str:
    moment, precision = parse_partial(value)
    if precision in ("minute", "day"):
        return f"{moment.day} {moment:{month} %Y}"
    if precision == "month":
        return f"{moment:{month} %Y}"
    return f"{moment:%Y}"


def _short_range(lo: str, hi: str) -> str:
    """``28 Jan–8 Feb 2024`` (one year written once), else both dates whole."""
    a, b = short_date(lo), short_date(hi)
    if a[-4:] == b[-4:] and a[:-5] and b[:-5]:
        return f"{a[:-5]}–{b}"
    return f"{a}–{b}"


def window_words(when: When) -> str | None:
    """A window's date for a table cell, in words a reader cannot take for a duration: ``a date
    not given, between 28 Jan and 8 Feb 2024`` (``*`` if more than its bounds was inferred);
    ``None`` for a date that is no window (see :func:`is_window`)."""
    if not is_window(when):
        return None
    lo, hi = short_date(when.start), short_date(when.end)
    if lo[-4:] == hi[-4:] and lo[:-5]:
        lo = lo[:-5]
    parts = [p for p in when.inferred if p not in ("start", "end")]
    return _mark(f"a date not given, between {lo} and {hi}", bool(parts))


def is_window(when: When) -> bool:
    """ "At a date not given, between A and B": a period whose both bounds were inferred, a
    window of uncertainty around one act, not a duration."""
    return (
        when.precision == "period"
        and bool(when.start and when.end)
        and {"start", "end"} <= set(when.inferred)
    )


def in_window(when: When, start: dt.date | None, end: dt.date | None) -> bool:
    """Whether the value's span overlaps the inclusive day window. Undated values always do."""
    lo, hi = when.start_bound(), when.end_bound()
    if lo is None and hi is None:
        return True
    if start is not None and hi is not None and hi <= dt.datetime.combine(start, dt.time()):
        return False
    return not (
        end is not None
        and lo is not None
        and lo >= dt.datetime.combine(end + dt.timedelta(days=1), dt.time())
    )


def sort_key(when: When) -> tuple:
    """Chronological by local start; periods without a start go by their end; undated last."""
    if when.precision == "unknown":
        return (2, dt.datetime.max, dt.datetime.max)
    lo = when.start_bound() if when.start else None
    hi = when.end_bound()
    return (0, lo or hi or dt.datetime.max, hi or dt.datetime.max)
