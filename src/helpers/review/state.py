"""What has been reviewed of one document: its facts file in ``facts/`` (if any) and the
machine facts an analyst rejected, kept beside it in ``<id>.rejected.yaml`` so that later
extractions do not offer them again."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .. import config
from ..facts.journal import finish
from ..facts.loading import InputError, YamlDoc, read_yaml, validate_model
from ..facts.schema import FactsFile
from .items import TYPES

REJECTED_SUFFIX = ".rejected.yaml"
_KEY = re.compile(r"^[0-9a-f]{16}$")


def rejections_path(facts_dir: Path, doc_id: str) -> Path:
    return Path(facts_dir) / f"{doc_id}{REJECTED_SUFFIX}"


def facts_path(facts_dir: Path, doc_id: str) -> Path:
    return Path(facts_dir) / f"{doc_id}{config.FACTS_SUFFIX}"


@dataclass
class ReviewState:
    """One document's reviewed facts file (``facts``, read from ``path``) and rejections."""

    doc: str
    path: Path | None = None
    facts: FactsFile | None = None
    source: YamlDoc | None = None
    rejected: list[dict] = field(default_factory=list)
    rejected_path: Path | None = None

    @property
    def hand_written(self) -> bool:
        """Whether an analyst wrote the covering facts file by hand (not ``brief review``):
        it covers other documents too, or holds items none of which carries a review record."""
        if self.facts is None:
            return False
        if self.path != facts_path(self.path.parent, self.doc) or self.facts.documents != [
            self.doc
        ]:
            return True
        models = list(self.models())
        return bool(models) and all(m.review is None for _, _, m in models)

    def models(self):
        """``(type, index, model)`` of every actor, event, relation and claim of the file."""
        if self.facts is None:
            return
        for type_, (section, _) in TYPES.items():
            for index, model in enumerate(getattr(self.facts, section)):
                yield type_, index, model

    def unreviewed(self) -> list[tuple[str, Any]]:
        """The machine facts the file carries still unreviewed."""
        return [
            (t, m) for t, _, m in self.models() if m.review and m.review.verdict == "unreviewed"
        ]

    @property
    def reviewed(self) -> dict[str, tuple[str, int, Any]]:
        """machine key -> ``(type, index, model)`` of each accepted or corrected fact."""
        return {
            m.review.machine_key: (t, i, m)
            for t, i, m in self.models()
            if m.review and m.review.verdict != "unreviewed"
        }

    @property
    def rejected_keys(self) -> dict[str, dict]:
        return {entry["key"]: entry for entry in self.rejected}

    @property
    def known_keys(self) -> set[str]:
        """Machine readings reviewed already: accepted, corrected or rejected."""
        return set(self.reviewed) | set(self.rejected_keys)

    @property
    def ids(self) -> set[str]:
        return {m.id for _, _, m in self.models()}


def review_state(facts_dir: Path | str, doc_id: str) -> ReviewState:
    """The review state of ``doc_id`` in ``facts_dir`` (which need not exist yet)."""
    facts_dir = Path(facts_dir)
    finish(facts_dir)  # an apply cut short is completed or undone before anything is read
    state = ReviewState(doc_id)
    if facts_dir.is_dir():
        for path in sorted(facts_dir.glob(f"*{config.FACTS_SUFFIX}")):
            yd = read_yaml(path, inside=True)
            documents = yd.data.get("documents") or []
            if isinstance(documents, list) and doc_id in documents:
                state.path, state.source = path, yd
                state.facts = validate_model(FactsFile, yd)
                break
    rejected = rejections_path(facts_dir, doc_id)
    if rejected.is_file():
        state.rejected_path = rejected
        state.rejected = _read_rejections(rejected, doc_id)
    return state


def _read_rejections(path: Path, doc_id: str) -> list[dict]:
    yd = read_yaml(path, inside=True)
    if yd.data.get("document") != doc_id:
        raise yd.error(("document",), f"must be {doc_id!r}, the document of this file's name")
    entries = yd.data.get("rejected")
    if not isinstance(entries, list):
        raise yd.error(("rejected",), "must be a list of rejected machine facts")
    for i, entry in enumerate(entries):
        if not isinstance(entry, dict) or not _KEY.match(str(entry.get("key", ""))):
            raise InputError(
                path,
                "each rejected fact needs its key (16 hex digits)",
                yd.line(("rejected", i)),
                f"rejected[{i}].key",
            )
    return entries
