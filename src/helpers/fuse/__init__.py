"""Stage 3, fusion: many reports of one event become one event, variants of one actor one actor,
republished wire copy one source; disagreements between sources and changes since an earlier
brief are listed.

Depends on :mod:`helpers.facts`."""

from helpers._lazy import lazy_exports

_EXPORTS = {
    "Changes": "fusion",
    "Fusion": "fusion",
    "changes_since": "fusion",
    "dump_fusion": "fusion",
    "fuse": "fusion",
    "load_fusion": "fusion",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
