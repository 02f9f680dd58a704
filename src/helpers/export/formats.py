"""The export formats and their names on the command line (no heavy imports: the CLI lists them
in its help)."""

from __future__ import annotations

#: Format name -> (module, what it writes). The order is the order ``--to all`` writes them.
FORMATS: dict[str, tuple[str, str]] = {
    "json": ("json_export", "brief.json: the full facts and fusion, with its JSON Schema"),
    "csv": ("tables", "one CSV per table: timeline, actors, relations, claims, gaps, ..."),
    "graphml": ("graph", "actors.graphml: actors as nodes, relations and events as edges"),
    "gexf": ("graph", "actors.gexf: the same graph for Gephi"),
    "acled": ("acled", "acled.csv: one row per dated event in ACLED's columns and codes"),
    "timelinejs": ("timelinejs", "timelinejs.json: TimelineJS's JSON"),
    "stix": ("stix", "brief.stix.json: a STIX 2.1 bundle"),
    "ftm": ("ftm", "brief.ftm.json: FollowTheMoney entities, one per line"),
    "geojson": ("geojson", "events.geojson: events whose place has a point (GeoJSON)"),
    "explorer": ("explorer", "explorer.html: search, filter and read the facts in a browser"),
}


class ExportError(ValueError):
    """An unknown format, or an output directory that cannot be written."""


def parse_formats(text: str | list[str]) -> list[str]:
    """``json,csv`` (or ``all``) -> format names in a fixed order; unknown names fail."""
    asked = text.split(",") if isinstance(text, str) else list(text)
    names = [n.strip().lower() for n in asked if n.strip()]
    if "all" in names:
        return list(FORMATS)
    unknown = [n for n in names if n not in FORMATS]
    if unknown or not names:
        raise ExportError(
            f"unknown export format {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(FORMATS)} or all"
        )
    return [n for n in FORMATS if n in names]
