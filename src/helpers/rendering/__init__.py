"""Stage 5, rendering: run the notebooks with papermill, write the brief's HTML (nbconvert) and PDF,
and move every output into place atomically with a manifest.

Modules: ``run`` (the run, step by step), ``execute`` (papermill, the executed notebook
normalised), ``html`` (nbconvert), ``pdf`` (Typst through ``typst_pdf``, or WeasyPrint), ``output`` (the output directory,
atomic moves, the manifest) and ``errors``.

Depends on :mod:`helpers.facts` and :mod:`helpers.brief` (never on :mod:`helpers.extract`: the
extraction notebook is run when the facts say a document has no reviewed facts)."""

from helpers._lazy import lazy_exports

_EXPORTS = {
    "RenderError": "errors",
    "RenderResult": "run",
    "render": "run",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
