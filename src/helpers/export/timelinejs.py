"""TimelineJS's JSON (Knight Lab): one slide per dated event of the brief's window.

Dates keep their precision: a minute gives year..minute (the local time where it happened, the
zone in ``display_date``), a day year..day, a month year and month, a year the year alone; a
period gives ``start_date`` and ``end_date`` (an open end is left out). Every date that is not an
exact day or minute, or has an inferred part, carries ``display_date`` with the brief's own
wording ("between 1 and 15 January 2024 [year inferred]"). Undated events are left out.
TimelineJS shows headline and text as HTML: every text from the facts is escaped, and the source
quote is a ``<blockquote>`` followed by its document and offsets, linked to the document's URL
when it has an http(s) one."""

from __future__ import annotations

from html import escape

from ..brief.build import Brief
from ..facts.schema import Event, When, parse_partial
from ..facts.times import describe_when
from . import common


def date_object(value: str, precision: str | None = None) -> dict:
    """``{"year": 2024, "month": 2, ...}`` down to the value's own precision."""
    moment, own = parse_partial(value)
    fields = {"year": moment.year}
    if own in ("month", "day", "minute"):
        fields["month"] = moment.month
    if own in ("day", "minute"):
        fields["day"] = moment.day
    if own == "minute":
        fields.update(hour=moment.hour, minute=moment.minute)
    return fields


def dates(when: When) -> dict | None:
    """``start_date`` (and ``end_date``, ``display_date``) for TimelineJS, or None if undated."""
    first = when.start or (when.end if when.precision == "period" else None)
    if when.precision == "unknown" or first is None:
        return None
    out = {"start_date": date_object(first)}
    if when.precision == "period" and when.start and when.end:
        out["end_date"] = date_object(when.end)
    exact = when.precision in ("day", "minute") and not when.inferred
    if not exact or when.precision == "minute":
        text = describe_when(when)
        out["display_date"] = text[3:] if text.startswith("on ") else text
    return out


def _link(brief: Brief, doc_id: str) -> str:
    meta = brief.corpus.documents[doc_id].meta
    label = escape(meta.publisher or meta.title)
    url = meta.url or ""
    if url.lower().startswith(("http://", "https://")):
        return f'<a href="{escape(url, quote=True)}">{label}</a>'
    return label


def text(brief: Brief, event: Event) -> str:
    span = event.spans[0]
    parts = [f"<p>{escape(event.summary)}</p>"]
    status = f"Status: {event.status}"
    if event.hedge:
        status += f' (the source says "{event.hedge}")'
    parts.append(f"<p>{escape(status)}</p>")
    machine = common.confidence_text(brief, event)
    if machine:
        parts.append(f'<p class="confidence">{escape(common.sentence(machine))}</p>')
    parts.append(f"<blockquote>{escape(span.quote)}</blockquote>")
    parts.append(
        f"<p>{_link(brief, span.doc)}, {escape(span.doc)} characters {span.start}-{span.end}</p>"
    )
    return "".join(parts)


def slide(brief: Brief, event: Event) -> dict | None:
    when = dates(event.when)
    if when is None:
        return None
    return {
        **when,
        "unique_id": event.id,
        "group": event.kind,
        "text": {"headline": escape(event.kind.capitalize()), "text": text(brief, event)},
    }


def build(brief: Brief) -> dict:
    slides = [slide(brief, e) for e in common.window_events(brief)]
    return {
        "title": {
            "text": {
                "headline": escape(brief.params.title),
                "text": escape(f"Events as of {brief.as_of.isoformat()}, from "
                               f"{len(brief.corpus.documents)} document(s)"),
            },
            "unique_id": "title",
        },
        "events": [s for s in slides if s is not None],
    }  # fmt: skip


def render(brief: Brief) -> dict[str, bytes]:
    return {"timelinejs.json": common.dumps(build(brief))}
