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
