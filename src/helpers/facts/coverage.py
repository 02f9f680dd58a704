"""What the analyst-reviewed facts files already cover: the documents they hold and the actor ids
they (and the gazetteer) know. The caller decides from this what is left to extract."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from .. import config
from .gazetteer import load_gazetteer
from .loading import read_yaml


def covered(facts_dirs: Iterable[Path]) -> set[str]:
    """Document ids that some facts file in ``facts_dirs`` already covers."""
    ids: set[str] = set()
    for directory in facts_dirs:
        for path in sorted(Path(directory).glob(f"*{config.FACTS_SUFFIX}")):
            documents = read_yaml(path).data.get("documents") or []
            ids.update(d for d in documents if isinstance(d, str))
    return ids


def known_actor_ids(facts_dirs: Iterable[Path]) -> set[str]:
    """Gazetteer ids and the actor ids of the facts files in ``facts_dirs``."""
    ids = set(load_gazetteer().actors)
    for directory in facts_dirs:
        for path in sorted(Path(directory).glob(f"*{config.FACTS_SUFFIX}")):
            actors = read_yaml(path).data.get("actors") or []
            ids.update(
                a["id"] for a in actors if isinstance(a, dict) and isinstance(a.get("id"), str)
            )
    return ids


def unreviewed(facts) -> dict[str, int]:
    """Machine-extracted facts (actors, events, relations, claims) no analyst has reviewed yet,
    per document: every item of a machine-extracted document, and the items a reviewed file
    carries with ``review: {verdict: unreviewed}`` (``brief review``). ``facts``: a
    :class:`~helpers.facts.loading.Facts`; an item counts for the document of its first span."""
    counts: dict[str, int] = {}
    items = [*facts.actors.values(), *facts.events, *facts.relations, *facts.claims]
    for item in items:
        doc = item.spans[0].doc
        machine = facts.review_status.get(doc) == "machine-extracted" and item.review is None
        if machine or (item.review is not None and item.review.verdict == "unreviewed"):
            counts[doc] = counts.get(doc, 0) + 1
    return dict(sorted(counts.items()))
