"""Stage 1, the facts: documents and their sidecars, the facts schema, facts files (loaded with
line numbers, every quote checked against its text), the columnar facts store, time arithmetic
on a When, and the actor gazetteer (reference data every later stage resolves actors against).

Depends on nothing else in the package but :mod:`helpers.config`."""

from helpers._lazy import lazy_exports

_EXPORTS = {
    "Actor": "schema",
    "Claim": "schema",
    "Event": "schema",
    "FactsFile": "schema",
    "KeyJudgment": "schema",
    "Relation": "schema",
    "Span": "schema",
    "When": "schema",
    "Corpus": "loading",
    "Facts": "loading",
    "InputError": "loading",
    "SourceDoc": "loading",
    "load_corpus": "loading",
    "load_documents": "loading",
    "load_facts": "loading",
    "read_yaml": "loading",
    "FactsStore": "store",
    "EstimativeWarning": "estimative",
    "check_judgments": "estimative",
    "describe_when": "times",
    "utc_bounds": "times",
    "Gazetteer": "gazetteer",
    "load_gazetteer": "gazetteer",
    "covered": "coverage",
    "known_actor_ids": "coverage",
    "unreviewed": "coverage",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
