"""Stage 2, extraction: machine facts from document text. Text normalisation, the temporal tagger,
and the rule-based extractor (spaCy, the gazetteer) that writes facts files in the curated schema.

Depends on :mod:`helpers.facts`."""

from helpers._lazy import lazy_exports

_EXPORTS = {
    "normalize": "normalize",
    "tag": "temporal",
    "build_nlp": "extraction",
    "dump_facts": "extraction",
    "extract_document": "extraction",
    "extract_to": "extraction",
    "summary_table": "extraction",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
