"""The timeline table: one row per event, in order, with its time in every zone that matters."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pandas as pd

from ..facts.geocode import Geocode, geocode
from ..facts.loading import Corpus
from ..facts.schema import Event, Span
from ..facts.times import (
    aware_start,
    format_date,
    format_local_time,
    in_window,
    sort_key,
    utc_offset,
)
from ..fuse.fusion import Fusion

TIMELINE_COLUMNS = [
    "event_id",
    "date",
    "local_time",
    "utc",
    "display_time",
    "display_tz",
    "precision",
    "inferred",
    "kind",
    "event",
    "actors",
    "location",
    "lat",
    "lon",
    "geo_precision",
    "geo_basis",
    "status",
    "hedge",
    "background",
    "lead",
    "focus",
    "start",
    "end",
    "ongoing",
    "sources",
    "n_sources",
    "independent_sources",
    "disagreement",
    "killed",
    "confidence",
    "quote",
]


def _display(moment: dt.datetime, zone: str) -> str:
    """``2024-02-07 13:30 (-05:00)``: the zone's name is in the ``display_tz`` column."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local:%Y-%m-%d %H:%M} ({utc_offset(local)})"


def cite(spans: list[Span]) -> str:
    """Where the spans are: ``doc: start-end, start-end; other-doc: start-end``, in order."""
    by_doc: dict[str, list[str]] = {}
    for s in spans:
        by_doc.setdefault(s.doc, []).append(f"{s.start}-{s.end}")
    return "; ".join(f"{doc}: {', '.join(ranges)}" for doc, ranges in by_doc.items())


def event_actors(event: Event, names: dict[str, str]) -> str:
    by = ", ".join(names[a] for a in event.initiators)
    on = ", ".join(names[a] for a in event.targets)
    if by and on:
        return f"{by} → {on}"
    return by or (f"→ {on}" if on else "")


def build_timeline(
    corpus: Corpus,
    *,
    window_start: dt.date | None = None,
    window_end: dt.date | None = None,
    focus_actor: str | None = None,
    display_tz: str = "UTC",
    fusion: Fusion | None = None,
) -> pd.DataFrame:
    """One row per event in the window, in chronological order (undated background last).

    With a :class:`~helpers.fuse.fusion.Fusion`, each row is a fused event: ``n_sources`` documents
    report it, ``independent_sources`` counts wire copy once, ``disagreement`` names what the
    sources disagree on."""
    facts = corpus.facts
    disagree: dict[str, list[str]] = {}
    for d in fusion.disagreements if fusion else []:
        disagree.setdefault(d.event, []).append(d.field)
    names = {a.id: a.name for a in facts.actors.values()}
    texts = {doc_id: d.text for doc_id, d in corpus.documents.items()}
    rows = []
    events = [e for e in facts.events if in_window(e.when, window_start, window_end)]
    for event in sorted(events, key=lambda e: (sort_key(e.when), e.id)):
        when = event.when
        moment = aware_start(when)
        involved = {*event.initiators, *event.targets, *event.asserted_by}
        involved |= {v for o in event.outcomes for v in o.victims}
        rows.append(
            {
                **_geo(event, texts),
                "event_id": event.id,
                "date": format_date(when),
                "local_time": format_local_time(when),
                "utc": f"{moment.astimezone(dt.UTC):%Y-%m-%d %H:%M} UTC" if moment else "",
                "display_time": _display(moment, display_tz) if moment else "",
                "display_tz": display_tz,
                "precision": when.precision,
                "inferred": ", ".join(when.inferred),
                "kind": event.kind,
                "event": event.summary,
                "actors": event_actors(event, names),
                "location": event.location.name if event.location else "not given",
                "status": event.status,
                "hedge": event.hedge or "",
                "background": event.background,
                "lead": event.lead,
                "focus": bool(focus_actor) and focus_actor in involved,
                "start": when.start or "",
                "end": when.end or "",
                "ongoing": when.ongoing,
                "sources": cite(event.spans),
                "n_sources": len(fusion.sources[event.id]) if fusion else 1,
                "independent_sources": fusion.independent[event.id] if fusion else 1,
                "disagreement": ", ".join(disagree.get(event.id, [])),
                "killed": _killed(event),
                "confidence": "" if event.confidence is None else f"{event.confidence:.2f}",
                "quote": event.spans[0].quote,
            }
        )
    table = pd.DataFrame(rows, columns=TIMELINE_COLUMNS)
    table["killed"] = table["killed"].astype("Int64")  # a missing toll stays empty, not NaN
    table["geo_precision"] = table["geo_precision"].astype("Int64")
    return table


def _geo(event: Event, texts: dict[str, str]) -> dict:
    """Coordinates and precision (1 town, 2 region, 3 country) of the event's place; empty
    where it has none or it is unresolved (``geo_basis`` then says why)."""
    if event.location is None:
        return {"lat": None, "lon": None, "geo_precision": None, "geo_basis": ""}
    docs = sorted({s.doc for s in event.spans})
    found = geocode(
        event.location, [s.quote for s in event.spans], [texts[d] for d in docs if d in texts]
    )
    if isinstance(found, Geocode):
        return {
            "lat": found.lat,
            "lon": found.lon,
            "geo_precision": found.precision,
            "geo_basis": found.basis,
        }
    return {
        "lat": None,
        "lon": None,
        "geo_precision": None,
        "geo_basis": f"unresolved: {found.reason}",
    }


def _killed(event: Event) -> int | None:
    """The best death toll the sources give (None: no number)."""
    counts = [o.count.best for o in event.outcomes if o.kind == "killed"]
    return next((c for c in counts if c is not None), None)
