"""Dating events and claims: a sentence's time expressions (:func:`helpers.extract.temporal.tag`)
become a :class:`~helpers.facts.schema.When`; dates told relative to another are added; a clock
time is put on the day an earlier sentence gave and restated in the zone of the place."""

from __future__ import annotations

import bisect
import datetime as dt
from zoneinfo import ZoneInfo

from ..facts.places import zone_of
from ..facts.schema import Location, When
from ..facts.times import aware_start
from .context import Sentence
from .dating_rules import (
    BEFORE_A_NOUN,
    CLOCK_PART,
    CLOCK_WORDS,
    DATED_VALUE,
    DAY_VALUE,
    DIGIT,
    EARLIER_PART,
    LETTER,
    MINUTE_VALUE,
    MONTH_VALUE,
    OPENING_TIME_THEN_VERB,
    OTHER_RELATIVE,
    OWN_CLAUSE_REACH,
    RELATIVE_DAY,
    SENTENCE_BREAK,
    TIME_THEN_VERB,
    VERB_THEN_TIME,
    WEEK_VALUE,
    YEAR_VALUE,
    ZONE_WORDS,
)
from .temporal import Timex
from .text import number

# --------------------------------------------------------------------------------------------
# A time expression -> When


def when_of(timexes: list[Timex], pub: str, quote, anchor: int | None = None) -> When:
    """The time of the predicate at ``anchor`` (a trigger or a speech verb): the sentence's time
    expression nearest to it, a time of day before a bare date; else 'by publication'.

    The expressions are tried nearest first, and whether one lies in another clause
    (:func:`in_other_clause`) is asked only of those tried: a sentence of thousands of time
    expressions and predicates took time growing with the cube of its length."""
    points, starts = _points(timexes)

    def own(t: Timex) -> bool:
        return anchor is None or not in_other_clause(quote, anchor, t)

    for t in _nearest_first(points, starts, anchor):
        if not own(t):
            continue
        beside = [o for o in _next_to(points, starts, t) if own(o)]
        t = _stated_zone(t, beside, quote)
        when = timex_to_when(t, pub, quote(t.start, t.end))
        if when is not None:
            return when
    return When(
        precision="period",
        end=pub,
        inferred=["end"],
        basis="no date in the sentence; bounded by the publication date",
    )


_PREPARED: list = [None, None]  # the last sentence's time expressions, and its points


def _points(timexes: list[Timex]) -> tuple[list[Timex], list[int]]:
    """The dates and times of ``timexes`` by start, and their starts (for the same list object
    as the last call, as the predicates of one sentence ask, not computed again)."""
    if _PREPARED[0] is timexes:
        return _PREPARED[1]
    points = sorted((t for t in timexes if t.type in ("DATE", "TIME")), key=lambda t: t.start)
    prepared = (points, [t.start for t in points])
    _PREPARED[:] = [timexes, prepared]
    return prepared


def _nearest_first(points: list[Timex], starts: list[int], anchor: int | None):
    """``points`` in the order ``sorted(points, key=(distance to anchor, TIME before DATE))``
    gives them (ties: the earlier first), generated lazily from the anchor outwards."""
    if anchor is None:  # no anchor: times of day first, then dates, in text order
        yield from (t for t in points if t.type == "TIME")
        yield from (t for t in points if t.type != "TIME")
        return
    right = bisect.bisect_left(starts, anchor)
    left = right - 1
    # on each side the distance grows step by step; among equal distances TIME comes first
    while left >= 0 or right < len(points):
        candidates = []
        if left >= 0:
            t = points[left]
            candidates.append((anchor - t.start, t.type != "TIME", t.start, "left"))
        if right < len(points):
            t = points[right]
            candidates.append((t.start - anchor, t.type != "TIME", t.start, "right"))
        distance, _, _, side = min(candidates)
        # equal keys on one side (the same distance): TIME ones before the others, in order
        same = []
        if side == "left":
            k = left
            while k >= 0 and anchor - points[k].start == distance:
                same.append(points[k])
                k -= 1
            left = k
        else:
            k = right
            while k < len(points) and points[k].start - anchor == distance:
                same.append(points[k])
                k += 1
            right = k
        same.sort(key=lambda t: (t.type != "TIME", t.start))
        yield from same


def _next_to(points: list[Timex], starts: list[int], t: Timex) -> list[Timex]:
    """The points that start 1 to 3 characters after ``t`` ends ("1220 local time (0920
    UTC)")."""
    lo = bisect.bisect_left(starts, t.end + 1)
    hi = bisect.bisect_right(starts, t.end + 3)
    return points[lo:hi]


#: How far after the predicate a relative clause of a later noun is looked for (characters).
OTHER_CLAUSE_WINDOW = 2_000


def in_other_clause(quote, anchor: int, t: Timex) -> bool:
    """A time after the predicate, inside a relative clause of a later noun ("..., which claimed
    the attack, warned ... the insurgency that began in 2015"): that clause's time, not the
    predicate's. A relative clause right after the predicate ("the strike that killed him on
    Monday") is its own. The clause is looked for in the :data:`OTHER_CLAUSE_WINDOW` characters
    after the predicate."""
    if t.start <= anchor:
        return False
    m = OTHER_RELATIVE.search(quote(anchor, min(t.start, anchor + OTHER_CLAUSE_WINDOW)))
    return m is not None and m.start() >= OWN_CLAUSE_REACH


def _stated_zone(t: Timex, points: list[Timex], quote) -> Timex:
    """ "1220 local time (0920 UTC)": the time whose zone the text states beats the one it
    calls local (whose zone is only inferred)."""
    if t.type != "TIME" or ZONE_WORDS.search(t.text.replace("local time", "")):
        return t
    for other in points:
        stated = other.type == "TIME" and ZONE_WORDS.search(other.text)
        if (
            stated
            and "local" not in other.text.lower()
            and 0 < other.start - t.end <= 3
            and quote(t.end, other.start).strip() in ("(", "[", ",")
        ):
            return other
    return t


def refined(when: When, timexes: list[Timex], pub: str, quote) -> When:
    """A day the sentence names and a clock time on that same day elsewhere in it ("In the early
    hours of Wednesday, jets struck ..., at roughly 1:30 a.m. local time"): the clock time."""
    if when.precision != "day":
        return when
    for t in timexes:
        if (
            t.type == "TIME"
            and t.value.startswith(when.start)
            and CLOCK_PART.fullmatch(t.value[len(when.start) :])
        ):
            finer = timex_to_when(t, pub, quote(t.start, t.end))
            if finer is not None and finer.precision == "minute":
                return finer
    return when


def timex_to_when(t: Timex, pub: str, expression: str) -> When | None:
    inferred = [p for p in t.inferred if p in ("year", "month", "day", "time", "zone")]
    if "date" in t.inferred:
        inferred += ["year", "month", "day"]
    basis = f"{', '.join(inferred)} from the publication date {pub}" if inferred else None
    value = t.value
    if value in ("PRESENT_REF",):
        return When(
            precision="period",
            end=pub,
            ongoing=True,
            expression=expression,
            inferred=["end"],
            basis=f"ongoing at publication ({pub})",
        )
    if value in ("PAST_REF",):
        return When(
            precision="period",
            end=pub,
            expression=expression,
            inferred=["end"],
            basis=f"before publication ({pub})",
        )
    m = MINUTE_VALUE.fullmatch(value)
    if m and t.type == "TIME":
        return _minute(m.group(1), m.group(2), t, expression, inferred, basis)
    m = DAY_VALUE.match(value)
    if m:
        return When(
            precision="day", start=m.group(1), expression=expression, inferred=inferred, basis=basis
        )
    if MONTH_VALUE.fullmatch(value):
        return When(
            precision="month", start=value, expression=expression, inferred=inferred, basis=basis
        )
    if YEAR_VALUE.fullmatch(value):
        return When(
            precision="year", start=value, expression=expression, inferred=inferred, basis=basis
        )
    m = WEEK_VALUE.fullmatch(value)
    if m:
        return _week(int(m.group(1)), int(m.group(2)), pub, expression, inferred, basis)
    return None


def _week(
    year: int, week: int, pub: str, expression: str, inferred: list[str], basis: str | None
) -> When | None:
    """An ISO week as the period from its Monday to its Sunday; "earlier in the week" ends the
    day before publication (a week can hold the day of writing, the act told came before)."""
    try:
        monday = dt.date.fromisocalendar(year, week, 1)
    except ValueError:
        return None
    end = monday + dt.timedelta(days=6)
    published = dt.date.fromisoformat(pub[:10])
    if EARLIER_PART.match(expression) and monday <= published <= end:
        end = max(monday, published - dt.timedelta(days=1))
    return When(
        precision="period",
        start=monday.isoformat(),
        end=end.isoformat(),
        expression=expression,
        inferred=inferred,
        basis=basis,
    )


def _minute(
    day: str, clock: str, t: Timex, expression: str, inferred: list[str], basis: str | None
) -> When | None:
    """A time of day; TIMEX3's 24:00 is 00:00 of the next day."""
    if clock == "24:00":  # TIMEX3 midnight at the end of the day: 00:00 of the next one
        if day == dt.date.max.isoformat():
            return None  # no next day: 9999-12-31 is the last the schema can write
        day, clock = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat(), "00:00"
    return When(
        precision="minute",
        start=f"{day}T{clock}",
        tz=t.tz or "UTC",
        expression=expression,
        inferred=inferred + ([] if t.tz else ["zone"]),
        basis=basis or ("zone not given; UTC assumed" if not t.tz else None),
    )


def future(when: When, pub: str) -> bool:
    """Whether an event's date lies after publication: a plan or a deadline ("takes effect on
    Feb. 16", "by September 2025"), not an occurrence. A local time may run a day ahead."""
    start = when.start or ""
    if when.precision == "minute":
        day = min(dt.date.fromisoformat(pub), dt.date.max - dt.timedelta(days=1))
        limit = (day + dt.timedelta(days=1)).isoformat()  # (published on the last day: no limit)
        return start[:10] > limit
    if when.precision == "day":
        return start[:10] > pub
    if when.precision == "month":
        return start[:7] > pub[:7]
    if when.precision == "year":
        return start[:4] > pub[:4]
    return False


# --------------------------------------------------------------------------------------------
# Choosing a sentence's time expression


def nearest(timexes: list[Timex], at: int) -> Timex | None:
    points = [t for t in timexes if t.type in ("DATE", "TIME")]
    if not points:
        return None
    return min(points, key=lambda t: (abs(t.start - at), 0 if t.type == "TIME" else 1))


def bare_clock(text: str) -> bool:
    """Whether a time expression is a clock time alone ("3:40 p.m.", "1240 GMT"), no day."""
    return bool(DIGIT.search(text)) and not LETTER.search(CLOCK_WORDS.sub("", text))


def claim_timex(claim_verb: tuple[int, int] | None, sent: Sentence) -> Timex | None:
    """The time expression that dates the speech act itself: next to its verb ("said on
    Sunday", "said in a statement late Wednesday", "on Monday denied", "On Thursday it said")."""
    if claim_verb is None:
        return None
    sentence, s0 = sent.text, sent.s0
    v0, v1 = claim_verb
    for t in sent.timexes:
        if t.type not in ("DATE", "TIME"):
            continue
        a, b = t.start - s0, t.end - s0
        if a >= v1 and VERB_THEN_TIME.fullmatch(sentence[v1:a]):
            return t
        between = sentence[b:v0]
        if b <= v0 and (
            TIME_THEN_VERB.fullmatch(between)
            or (a < 4 and OPENING_TIME_THEN_VERB.fullmatch(between))
        ):
            return t
    return None


# --------------------------------------------------------------------------------------------
# Relative dates


def relative_timexes(text: str, timexes: list[Timex]) -> list[Timex]:
    """Dates told relative to another: "the night before", "a day after", "two days after",
    "the day after" (counted from the nearest date before them in the same sentence) and
    "Earlier the same day" (the day of the last date before it, which dates a bare clock time
    that follows)."""
    days = [t for t in timexes if t.type in ("DATE", "TIME") and DATED_VALUE.match(t.value)]
    starts = [t.start for t in days]
    out = list(timexes)

    def anchor(at: int, window: int) -> Timex | None:
        i = bisect.bisect_left(starts, at)
        if i and 0 <= at - days[i - 1].end <= window:
            return days[i - 1]
        return None

    for m in RELATIVE_DAY.finditer(text):
        same = m.group("same")
        base = anchor(m.start(), 1500 if same else 200)
        if base is None or (not same and SENTENCE_BREAK.search(text[base.end : m.start()])):
            continue
        try:
            day = dt.date.fromisoformat(base.value[:10])
        except ValueError:
            continue
        shift = _shift(text, m)
        try:
            value = (day + dt.timedelta(days=shift)).isoformat()
        except OverflowError:  # a day before 0001-01-01 or after 9999-12-31
            continue
        out.append(Timex(m.start(), m.end(), m.group(0), "DATE", value, inferred=("date",)))
        if m.group("same"):
            _date_clock_after(out, timexes, m.end(), value)
    return sorted(out, key=lambda t: t.start)


def _shift(text: str, m) -> int:
    """How many days from the anchor date a relative date lies."""
    n = m.group("n")
    k = 1 if n is None or n.lower() in ("a", "one", "the") else number(n) or 0
    if m.group("same"):
        return 0
    if m.group("dir") == "after":  # "two days after a drone attack": two days earlier
        return -k
    if m.group("dir") == "before" and BEFORE_A_NOUN.match(text[m.end() : m.end() + 6]):
        return k  # "the day before the attack": the attack is a day after the date told
    return -1  # "the night before", "the previous day", "a day earlier"


def _date_clock_after(out: list[Timex], timexes: list[Timex], end: int, value: str) -> None:
    """A clock time after "earlier the same day" ("..., at 9 p.m.") is on that day (the
    nearest such phrase before it: one said twice re-dates the clock the first one dated)."""
    clock = next(
        (
            t
            for t in timexes
            if 0 <= t.start - end <= 60
            and t.type == "TIME"
            and "date" in t.inferred
            and CLOCK_PART.search(t.value)
        ),
        None,
    )
    if clock is not None:
        out[:] = [t for t in out if (t.start, t.end, t.type) != (clock.start, clock.end, "TIME")]
        out.append(
            Timex(
                clock.start,
                clock.end,
                clock.text,
                "TIME",
                value + clock.value[10:],
                tz=clock.tz,
                inferred=tuple(x for x in clock.inferred if x != "date"),
            )
        )


# --------------------------------------------------------------------------------------------
# Clock times on an earlier day, in the place's zone


def on_day(t: Timex, day: When, quote) -> When:
    """A clock time whose date the tagger took from the publication date, put on the day an
    earlier sentence gave."""
    clock = t.value.split("T", 1)[1][:5]
    inferred = sorted({*day.inferred} - {"start", "end"})
    return When(
        precision="minute",
        start=f"{day.start}T{clock}",
        tz=t.tz or "UTC",
        expression=day.expression,
        inferred=[*inferred, *([] if t.tz else ["zone"])],
        basis=f"day from an earlier sentence ({day.expression or day.start}), time from "
        f"{quote(t.start, t.end)!r}" + ("" if t.tz else "; zone not given, UTC assumed"),
    )


def local_time(
    when: When,
    location: Location | None,
    clock: str | None = None,
    dateline: tuple[str, str] | None = None,
) -> When:
    """'9:30 p.m. local time' is a wall-clock time in the zone of the place, not the outlet's;
    so is a time with no zone at all ("at 2:30 p.m. on Wednesday", ``clock`` its words). Where
    the place's zone is not known, 'local time' is the zone of the story's dateline (``(city,
    zone)``: "BEIRUT, Nov 30 -"), where the reporter is, rather than the outlet's."""
    expression = clock if clock is not None else (when.expression or "")
    zoneless = not ZONE_WORDS.search(expression) and zone_of(location) is not None
    if when.precision != "minute" or ("local time" not in expression.lower() and not zoneless):
        return when
    zone = zone_of(location)
    if zone is None and dateline is not None:
        return when.model_copy(
            update={
                "tz": dateline[1],
                "inferred": sorted({*when.inferred, "zone"}),
                "basis": f"'local time' but the place's zone is not known: read as the zone of "
                f"the dateline's {dateline[0]}",
            }
        )
    if zone is None:
        return when.model_copy(
            update={
                "inferred": sorted({*when.inferred, "zone"}),
                "basis": "'local time' but the place's zone is not known: the publication zone is assumed",
            }
        )
    return when.model_copy(
        update={
            "tz": zone,
            "inferred": sorted({*when.inferred, "zone"}),
            "basis": f"'local time' read as the zone of {location.name}",
        }
    )


def to_local(when: When, location: Location | None) -> When:
    """A time given in another zone ("4:30 p.m. ET") restated in the zone of the place it
    happened (00:30 the next day in Baghdad); the expression is kept and the basis says so."""
    zone = zone_of(location)
    if when.precision != "minute" or zone is None or when.tz in (None, zone):
        return when
    try:
        moment = aware_start(when).astimezone(ZoneInfo(zone))
    except OverflowError:  # restated before 0001-01-01 or after 9999-12-31: keep it as given
        return when
    basis = f"given as {when.start} {when.tz}; restated in the local zone of {location.name}"
    if when.basis:
        basis = f"{when.basis}; {basis}"
    # isoformat, not strftime: "%Y" writes the year 1 as "1", which is not a schema value
    start = moment.replace(tzinfo=None).isoformat(timespec="minutes")
    return when.model_copy(update={"start": start, "tz": zone, "basis": basis})
