"""Stage 5, exports: the facts and fusion a brief uses, written in the field's formats (JSON with
a versioned JSON Schema, CSV tables, GraphML and GEXF, ACLED-style CSV, TimelineJS JSON, STIX 2.1,
GeoJSON).

Every export is deterministic (same inputs and parameters -> same bytes: sorted keys, ids derived
from fact ids, timestamps derived from the as-of date, never the clock) and written atomically
into its directory; files it did not write are left alone.

Depends on :mod:`helpers.facts`, :mod:`helpers.fuse` and :mod:`helpers.brief`."""

from helpers._lazy import lazy_exports

_EXPORTS = {
    "FORMATS": "formats",
    "ExportError": "formats",
    "parse_formats": "formats",
    "export": "run",
    "render_format": "run",
    "SCHEMA_PATH": "json_export",
    "json_schema": "json_export",
    "neutralise": "tables",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
