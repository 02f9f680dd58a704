"""Stage 2b, review: machine-extracted facts -> analyst-reviewed facts, with provenance kept.

``make_sheet`` lists the machine facts of some documents in a review sheet (YAML, one block per
fact, lowest confidence first, the source sentence as a comment), ``record`` writes verdicts
(accept, reject, correct a field) into it, ``apply_sheet`` turns them into a reviewed facts file
per document in ``facts/`` and remembers the rejected facts beside it; ``item_html`` shows an
item for the notebook ``05-review-facts.ipynb``.

Depends on :mod:`helpers.facts` and :mod:`helpers.extract` (to extract a document not yet
extracted)."""

from helpers._lazy import lazy_exports

_EXPORTS = {
    "Sheet": "sheet",
    "make_sheet": "sheet",
    "load_sheet": "sheet",
    "write_sheet": "sheet",
    "record": "sheet",
    "apply_sheet": "apply",
    "machine_key": "items",
    "item_html": "show",
}

__all__ = sorted(_EXPORTS)
__getattr__, __dir__ = lazy_exports(__name__, _EXPORTS)
