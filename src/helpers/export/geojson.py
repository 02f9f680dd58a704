"""GeoJSON (RFC 7946) of the events of the brief's window whose place has a point: the same
coordinates the brief's timeline and map show (``lat``, ``lon``, ``geo_precision`` and
``geo_basis`` of :func:`helpers.brief.timeline.build_timeline`, from :mod:`helpers.facts.geocode`).

One ``Point`` feature per event, ``id`` the event id, coordinates ``[longitude, latitude]``
(WGS 84, 6 decimals); properties: the event's kind, summary, date as the brief writes it, time
precision, start, end and zone, status, place name and the facts' place precision,
``geo_precision`` (1 town or a site in it, 2 region at its namesake town, 3 country only),
``geo_basis`` (what the point is), the best death toll, and the first quote with its document and
offsets. Events without a place or whose place has no single point are listed under the
collection's ``unplaced`` member (a foreign member RFC 7946 allows), with the reason."""

from __future__ import annotations

import math

from ..brief.build import Brief
from ..facts.schema import Event
from . import common
from .formats import ExportError

GEO_COLUMNS = ("lat", "lon", "geo_precision", "geo_basis")


def _missing(value) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value)) or str(value) == "<NA>"


def feature(brief: Brief, event: Event, row: dict) -> dict:
    span, when, loc = event.spans[0], event.when, event.location
    killed = row.get("killed")
    return {
        "type": "Feature",
        "id": event.id,
        "geometry": {
            "type": "Point",
            "coordinates": [round(float(row["lon"]), 6), round(float(row["lat"]), 6)],
        },
        "properties": {
            "kind": event.kind,
            "summary": event.summary,
            "date": row["date"],
            "precision": when.precision,
            "start": when.start,
            "end": when.end,
            "tz": when.tz,
            "status": event.status,
            "place": loc.name if loc else None,
            "place_precision": loc.precision if loc else None,
            "geo_precision": int(row["geo_precision"]),
            "geo_basis": row["geo_basis"],
            "killed": None if _missing(killed) else int(killed),
            "quote": span.quote,
            "doc": span.doc,
            "quote_start": span.start,
            "quote_end": span.end,
            **common.confidence_fields(brief, event),
        },
    }


def build(brief: Brief) -> dict:
    table = brief.timeline
    if not set(GEO_COLUMNS) <= set(table.columns):
        raise ExportError("geojson: the places of this brief carry no coordinates")
    rows = {r["event_id"]: r for r in table.to_dict("records")}
    features, unplaced = [], []
    for event in common.window_events(brief):
        row = rows[event.id]
        if _missing(row["lat"]) or _missing(row["lon"]):
            reason = row["geo_basis"] or "no place given"
            unplaced.append({"event": event.id, "place": event.location.name if event.location else None,
                             "reason": reason})  # fmt: skip
        else:
            features.append(feature(brief, event, row))
    return {"type": "FeatureCollection", "features": features, "unplaced": unplaced}


def render(brief: Brief) -> dict[str, bytes]:
    return {"events.geojson": common.dumps(build(brief))}
