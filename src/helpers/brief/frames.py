"""The brief's facts as typed pandas DataFrames, for exploring in a notebook (``brief.frames()``).

Unlike the brief's tables (strings formatted for reading and for CSV), these keep each value's
type: times as time-zone-aware datetimes in UTC (``start_utc``/``end_utc``, the half-open
interval the source's date or time covers, in its own zone or its document's), counts as
nullable integers, flags as nullable booleans, the few values a column takes as categories, and
lists (actor ids, sources, ``about``) as Python lists. Nothing is rounded or reworded: ids and
texts are the facts' own."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..facts.schema import Span, When
from ..facts.times import sort_key, utc_bounds
from .build import Brief

#: Microseconds, not pandas' default nanoseconds: a nanosecond column holds only the years
#: 1677-2262, and the facts' dates run from 0002 to 9998.
UTC = "datetime64[us, UTC]"


@dataclass(frozen=True)
class Frames:
    """``events``, ``actors``, ``claims`` and ``gaps`` of one brief."""

    events: pd.DataFrame
    actors: pd.DataFrame
    claims: pd.DataFrame
    gaps: pd.DataFrame

    def as_dict(self) -> dict[str, pd.DataFrame]:
        return {"events": self.events, "actors": self.actors, "claims": self.claims,
                "gaps": self.gaps}  # fmt: skip


def _typed(rows: list[dict], types: dict[str, str]) -> pd.DataFrame:
    """A frame of ``rows`` with its columns in the order and of the dtypes ``types`` gives
    (``list``: Python lists, kept as objects)."""
    frame = pd.DataFrame(rows, columns=list(types))
    for column, kind in types.items():
        if kind == UTC:  # also a column of no time at all (every value NaT, or no row)
            frame[column] = pd.array(frame[column].tolist(), dtype=UTC)
        elif kind != "list":
            frame[column] = frame[column].astype(kind)
    return frame


def _times(brief: Brief, when: When, spans: list[Span]) -> tuple:
    zone = brief.corpus.documents[spans[0].doc].meta.timezone if spans else "UTC"
    start, end = utc_bounds(when, zone)
    return pd.Timestamp(start) if start else pd.NaT, pd.Timestamp(end) if end else pd.NaT


EVENT_TYPES = {
    "id": "string", "kind": "category", "summary": "string", "start_utc": UTC, "end_utc": UTC,
    "precision": "category", "tz": "string", "place": "string", "countries": "list",
    "initiators": "list", "targets": "list", "status": "category", "hedge": "string",
    "killed": "Int64", "in_window": "boolean", "background": "boolean", "lead": "boolean",
    "confidence": "Float64", "sources": "list", "quote": "string",
}  # fmt: skip
ACTOR_TYPES = {
    "id": "string", "name": "string", "kind": "category", "country": "string",
    "aliases": "list", "named": "boolean", "sources": "list",
}  # fmt: skip
CLAIM_TYPES = {
    "id": "string", "speaker": "string", "speaker_name": "string", "verb": "string",
    "content": "string", "start_utc": UTC, "end_utc": UTC, "precision": "category",
    "about": "list", "confidence": "Float64", "sources": "list", "quote": "string",
}  # fmt: skip
GAP_TYPES = {
    "id": "string", "origin": "category", "topic": "string", "question": "string",
    "why_it_matters": "string", "about": "list",
}  # fmt: skip


def _sources(spans: list[Span]) -> list[str]:
    return list(dict.fromkeys(s.doc for s in spans))


def _events(brief: Brief) -> pd.DataFrame:
    window = {e.id for e in brief.events_in_window()}
    rows = []
    for e in sorted(brief.facts.events, key=lambda e: (sort_key(e.when), e.id)):
        start, end = _times(brief, e.when, e.spans)
        rows.append({
            "id": e.id, "kind": e.kind, "summary": e.summary, "start_utc": start,
            "end_utc": end, "precision": e.when.precision, "tz": e.when.tz,
            "place": e.location.name if e.location else None,
            "countries": list(e.location.countries) if e.location else [],
            "initiators": list(e.initiators), "targets": list(e.targets), "status": e.status,
            "hedge": e.hedge,
            "killed": next((o.count.best for o in e.outcomes if o.kind == "killed"), None),
            "in_window": e.id in window, "background": e.background, "lead": e.lead,
            "confidence": e.confidence, "sources": _sources(e.spans), "quote": e.spans[0].quote,
        })  # fmt: skip
    return _typed(rows, EVENT_TYPES)


def _actors(brief: Brief) -> pd.DataFrame:
    rows = [
        {"id": a.id, "name": a.name, "kind": a.kind, "country": a.country,
         "aliases": list(a.aliases), "named": a.named, "sources": _sources(a.spans)}
        for a in sorted(brief.facts.actors.values(), key=lambda a: a.id)
    ]  # fmt: skip
    return _typed(rows, ACTOR_TYPES)


def _claims(brief: Brief) -> pd.DataFrame:
    rows = []
    for c in sorted(brief.facts.claims, key=lambda c: (sort_key(c.when), c.id)):
        start, end = _times(brief, c.when, c.spans)
        rows.append({
            "id": c.id, "speaker": c.speaker, "speaker_name": brief.speaker(c), "verb": c.verb,
            "content": c.content, "start_utc": start, "end_utc": end,
            "precision": c.when.precision, "about": list(c.about), "confidence": c.confidence,
            "sources": _sources(c.spans), "quote": c.spans[0].quote,
        })  # fmt: skip
    return _typed(rows, CLAIM_TYPES)


def _gaps(brief: Brief) -> pd.DataFrame:
    rows = [
        {"id": g.id, "origin": g.origin, "topic": g.topic, "question": g.question,
         "why_it_matters": g.why, "about": list(g.about)}
        for g in brief.gaps()
    ]  # fmt: skip
    return _typed(rows, GAP_TYPES)


def frames(brief: Brief) -> Frames:
    """The brief's events, actors, claims and gaps as typed DataFrames."""
    return Frames(_events(brief), _actors(brief), _claims(brief), _gaps(brief))
