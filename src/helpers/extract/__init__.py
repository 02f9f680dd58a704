"""Stage 2, extraction: machine facts from document text. Text normalisation, the temporal tagger,
and the rule-based extractor (spaCy, the gazetteer) that writes facts files in the curated schema.

The extractor: :mod:`.pipeline` (spaCy, one document through the layers, facts files) runs the
layers :mod:`.actors`, :mod:`.claims`, :mod:`.relations` and :mod:`.events` (with
:mod:`.triggers`), which read sentences with :mod:`.text` and :mod:`.dating` and share state
through :mod:`.context`; their rules are data in :mod:`.lexicon` and the ``*_rules`` modules.

Depends on :mod:`helpers.facts`."""

from helpers._lazy import lazy_exports

_EXPORTS = {
    "normalize": "normalize",
    "tag": "temporal",
    "build_nlp": "pipeline",
    "dump_facts": "pipeline",
    "extract_document": "pipeline",
    "extract_to": "pipeline",
    "summary_table": "pipeline",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
