"""One machine fact as a review sheet shows it: its type, its fields, its confidence, the key that
identifies its reading across extractions, and the words of the source it stands on.

Nothing here reads or writes files: :mod:`.sheet` does."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ..facts.schema import Actor, Claim, Event, FactsFile, Relation

#: The item types a sheet lists, with their facts-file section and model, in file order.
TYPES: dict[str, tuple[str, type]] = {
    "actor": ("actors", Actor),
    "event": ("events", Event),
    "relation": ("relations", Relation),
    "claim": ("claims", Claim),
}
#: Fields a sheet keeps out of ``fact``: the id stands beside it, the confidence and its basis
#: are shown as the item's own, a review record is written by ``--apply``.
NOT_FACT = ("id", "confidence", "confidence_basis", "review")
#: What identifies a reading besides its spans: two facts of one type read from the same words
#: differ by these (two relations in one sentence, an event and ...).
KEY_FIELDS = {
    "actor": ("id",),
    "event": ("kind",),
    "relation": ("subject", "predicate", "object"),
    "claim": ("verb", "speaker"),
}
#: Fields of each type that hold ids of other items (renamed together with the item they name).
REFERENCE_FIELDS = frozenset(
    {"initiators", "targets", "asserted_by", "victims", "subject", "object", "event", "speaker"}
    | {"about"}
)


def machine_key(type_: str, fact: dict) -> str:
    """16 hex digits naming a machine reading: its type, its key fields and the offsets of the
    words it was read from. The same reading of the same words in a later extraction has the
    same key (ids may change); a corrected or rejected fact keeps the key of what it was."""
    spans = sorted((s["doc"], s["start"], s["end"]) for s in fact.get("spans", []))
    keyed = {name: fact.get(name) for name in KEY_FIELDS[type_]}
    raw = json.dumps([type_, keyed, spans], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


def fingerprint(fact: dict, confidence: float | None, basis: str | None) -> str:
    """16 hex digits of what the sheet shows of an item: ``--apply`` refuses an item whose fact
    was edited in place (a change goes under ``correct:``, where it is checked)."""
    raw = json.dumps([fact, confidence, basis], sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()[:16]


@dataclass
class Item:
    """One sheet entry: a machine fact and the analyst's verdict on it."""

    doc: str
    id: str
    type: str
    confidence: float | None
    basis: str
    fact: dict
    verdict: str | None = None  # accept | reject | correct | None (not reviewed yet)
    correct: dict | None = None  # field -> corrected value, with verdict correct
    line: int | None = None  # where the item starts in the sheet it was read from

    @property
    def ref(self) -> str:
        """``doc/id``: how a verdict names the item."""
        return f"{self.doc}/{self.id}"

    @property
    def key(self) -> str:
        return machine_key(self.type, self.fact)

    @property
    def fingerprint(self) -> str:
        return fingerprint(self.fact, self.confidence, self.basis)

    def model(self) -> Any:
        """The machine fact as the schema's model, as the extractor wrote it."""
        section, model = TYPES[self.type]
        data = {"id": self.id, **self.fact}
        if self.confidence is not None:
            data.update(confidence=self.confidence, confidence_basis=self.basis)
        return model.model_validate(data)


def items_of(facts: FactsFile, basis_of_actor) -> Iterator[Item]:
    """Every actor, event, relation and claim of a machine facts file as a sheet item
    (``basis_of_actor``: the words shown for an actor, which carries no confidence)."""
    doc = facts.documents[0]
    for type_, (section, _) in TYPES.items():
        for model in getattr(facts, section):
            yield item_of(doc, type_, model, basis_of_actor)


def item_of(doc: str, type_: str, model: Any, basis_of_actor) -> Item:
    data = model.model_dump(mode="json", exclude_defaults=True)
    fact = {k: v for k, v in data.items() if k not in NOT_FACT}
    confidence = getattr(model, "confidence", None)
    if confidence is None and model.review is not None:
        confidence = model.review.machine_confidence
    basis = getattr(model, "confidence_basis", None) or (
        basis_of_actor(model) if type_ == "actor" else "no confidence given"
    )
    return Item(doc, model.id, type_, confidence, basis, fact)


def order(items: list[Item]) -> list[Item]:
    """Lowest confidence first; items without a number (actors) after them; then by document,
    type and id (natural order: e2 before e10)."""
    types = list(TYPES)

    def sort_key(item: Item):
        known = item.confidence is not None
        return (
            not known,
            item.confidence if known else 0.0,
            item.doc,
            types.index(item.type),
            natural(item.id),
        )

    return sorted(items, key=sort_key)


def natural(text: str) -> list:
    """A sort key that orders the numbers inside ``text`` by value."""
    return [int(part) if part.isdigit() else part for part in re.split(r"(\d+)", text)]


def rename(fact: dict, renamed: dict[str, str]) -> dict:
    """``fact`` with the ids in ``renamed`` replaced wherever it refers to them."""

    def walk(value: Any, field: str | None) -> Any:
        if isinstance(value, dict):
            return {k: walk(v, k) for k, v in value.items()}
        if isinstance(value, list):
            return [walk(v, field) for v in value]
        if isinstance(value, str) and field in REFERENCE_FIELDS:
            return renamed.get(value, value)
        return value

    return walk(fact, None)
