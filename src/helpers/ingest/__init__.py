"""Stage 0, ingest: saved web pages, PDF files, feeds, texts and URLs become seed documents
(``brief add``): the extracted text, its sidecar filled from the source's metadata with every
inferred field listed under ``assumptions``, and the raw bytes kept beside them.

Depends on :mod:`helpers.facts` (the sidecar schema it writes and the loader's file reading)."""

from helpers._lazy import lazy_exports

_EXPORTS = {
    "Given": "adding",
    "Outcome": "adding",
    "add": "adding",
    "IngestError": "errors",
    "Fetched": "fetch",
    "Fetcher": "fetch",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
