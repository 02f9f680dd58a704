"""``brief review --apply``: a sheet's verdicts -> a reviewed facts file per document in
``facts/`` (the curated schema, every quote checked) and the rejected machine facts beside it.

Per item: accepted and corrected facts lose their confidence and gain a ``review`` record (who,
the verdict, the fields corrected, the machine confidence and key they started with); facts
without a verdict are carried unreviewed (their confidence kept); rejected facts are left out
and remembered in ``<id>.rejected.yaml``. A fact reviewed or rejected earlier is never changed
by a sheet: the same verdict again is left as it is, another one is an error."""

from __future__ import annotations

import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..facts.journal import commit
from ..facts.loading import (
    InputError,
    SourceDoc,
    YamlDoc,
    check_item,
    find_normalised,
    load_documents,
    load_facts,
    validate_model,
)
from ..facts.merge import unknown_references
from ..facts.schema import FactsFile
from .items import TYPES, Item, natural
from .sheet import Sheet, _dump, load_sheet, text_sha256
from .state import ReviewState, facts_path, rejections_path, review_state

#: What a sheet's verdict becomes in a review record.
RECORDED = {"accept": "accepted", "correct": "corrected"}

FACTS_HEADER = """\
# Analyst-reviewed facts, written by `brief review --apply` from a review sheet.
# Items with `review: {verdict: accepted|corrected, by: ...}` were machine-extracted facts an
# analyst reviewed (machine_confidence: what the extractor gave them); items with
# `review: {verdict: unreviewed}` are machine facts not reviewed yet (they keep their confidence).
# Rejected machine facts are listed in the .rejected.yaml file beside this one.
"""
REJECTED_HEADER = """\
# Machine-extracted facts an analyst rejected (brief review --apply): later review sheets do not
# offer the same reading of the same words again. Delete an entry to have it offered again.
"""


@dataclass
class Applied:
    """What an apply wrote and counted."""

    written: list[Path] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1

    def summary(self) -> str:
        order = ("accepted", "corrected", "rejected", "unreviewed", "unchanged")
        return ", ".join(f"{self.counts.get(k, 0)} {k}" for k in order)


def apply_sheet(
    path: Path | str,
    reviewed_by: str | None = None,
    seeds_dir: Path | str | None = None,
    facts_dir: Path | str | None = None,
) -> Applied:
    """Apply the verdicts of the sheet at ``path`` (see the module's doc). Everything is checked
    before anything is written; each file is written atomically."""
    sheet = load_sheet(path)
    yd = sheet.source
    reviewer = (reviewed_by or sheet.reviewed_by or "").strip()
    if not reviewer:
        raise yd.error(
            ("reviewed_by",),
            "who reviewed these facts? give --reviewed-by NAME or set reviewed_by in the sheet",
        )
    docs = load_documents(Path(seeds_dir or sheet.seeds), list(sheet.documents))
    for doc_id, sha in sheet.documents.items():
        if text_sha256(docs[doc_id]) != sha:
            raise yd.error(
                ("documents", doc_id, "sha256"),
                f"{docs[doc_id].path} has changed since this sheet was made: make a new one",
            )
    facts_dir = Path(facts_dir or sheet.facts)
    applied = Applied()
    plans = [
        _Plan(sheet, docs[d], review_state(facts_dir, d), reviewer, applied, facts_dir).build()
        for d in sheet.documents
    ]
    files: dict[str, str] = {}
    for plan in plans:
        files.update(plan.files())
    if files:  # every document's facts and rejections replaced at once, or none of them
        applied.written += commit(facts_dir, files)
    return applied


@dataclass
class _Plan:
    """One document's reviewed facts, built from its file in ``facts/`` and the sheet."""

    sheet: Sheet
    doc: SourceDoc
    state: ReviewState
    reviewer: str
    applied: Applied
    facts_dir: Path = field(default_factory=Path)
    sections: dict[str, list] = field(default_factory=dict)
    rejected: list[dict] = field(default_factory=list)
    from_sheet: dict[str, int] = field(default_factory=dict)  # item id -> its index in the sheet
    changed: bool = False

    @property
    def yd(self) -> YamlDoc:
        return self.sheet.source

    def build(self) -> _Plan:
        if self.state.hand_written:
            raise self.yd.error(
                ("documents", self.doc.id),
                f"{self.state.path} was written by an analyst, not by brief review: a sheet does "
                "not change it",
            )
        self.sections = {t: [] for t in TYPES}
        for type_, _, model in self.state.models():
            self.sections[type_].append(model)
        self.rejected = list(self.state.rejected)
        new: dict[str, list] = {t: [] for t in TYPES}
        for index, item in enumerate(self.sheet.items):
            if item.doc == self.doc.id:
                self._take(index, item, new)
        for type_, models in new.items():
            self.sections[type_] += sorted(models, key=lambda m: natural(m.id))
        self._check_references()
        return self

    # -- one item ------------------------------------------------------------------------

    def _take(self, index: int, item: Item, new: dict[str, list]) -> None:
        key = item.key
        if self._reviewed_before(index, item, key):
            self.applied.count("unchanged")
            return
        self._drop(item)  # the same fact carried unreviewed until now
        if item.verdict == "reject":
            self.rejected.append(self._rejection(item, key))
            self.applied.count("rejected")
            self.changed = True
            return
        model = self._result(index, item, key)
        self.from_sheet[model.id] = index
        new[item.type].append(model)
        self.applied.count(RECORDED.get(item.verdict, "unreviewed"))
        self.changed = self.changed or item.verdict is not None

    def _reviewed_before(self, index: int, item: Item, key: str) -> bool:
        """Whether the fact was reviewed or rejected earlier; another verdict now is an error."""
        earlier = self.state.rejected_keys.get(key)
        if earlier is not None:
            if item.verdict in (None, "reject"):
                return True
            raise self.yd.error(
                ("items", index, "verdict"),
                f"{item.ref} was rejected earlier by {earlier.get('by')} "
                f"({self.state.rejected_path}): a sheet does not bring a rejected fact back; "
                "delete its entry there to review it again",
            )
        reviewed = self.state.reviewed.get(key)
        if reviewed is None:
            return False
        type_, i, model = reviewed
        if item.verdict is None or RECORDED.get(item.verdict) == model.review.verdict:
            return True
        line = self.state.source.line((TYPES[type_][0], i))
        raise self.yd.error(
            ("items", index, "verdict"),
            f"{item.ref} was {model.review.verdict} by {model.review.by} already "
            f"({self.state.path}:{line}): a sheet does not change a reviewed fact; edit that file",
        )

    def _drop(self, item: Item) -> None:
        models = self.sections[item.type]
        self.sections[item.type] = [m for m in models if m.id != item.id]

    def _rejection(self, item: Item, key: str) -> dict:
        spans = item.fact.get("spans") or [{}]
        return {
            "key": key,
            "type": item.type,
            "id": item.id,
            "by": self.reviewer,
            "machine_confidence": item.confidence,
            "quote": spans[0].get("quote", ""),
        }

    def _result(self, index: int, item: Item, key: str) -> Any:
        """The fact as the reviewed file keeps it."""
        model_type = TYPES[item.type][1]
        record = {"machine_key": key, "machine_confidence": item.confidence}
        if item.verdict is None:
            data = {"id": item.id, **item.fact, "review": {"verdict": "unreviewed", **record}}
            if item.confidence is not None:
                data.update(confidence=item.confidence, confidence_basis=item.basis)
            return model_type.model_validate(data)
        record.update(verdict=RECORDED[item.verdict], by=self.reviewer)
        fact = dict(item.fact)
        if item.verdict == "correct":
            fields = {name: self._located(index, item, name, v) for name, v in item.correct.items()}
            fact.update(fields)
            record["corrected"] = list(fields)
        base = ("items", index, "correct" if item.verdict == "correct" else "fact")
        data = {"id": item.id, **fact, "review": record}
        model = validate_model(model_type, self.yd, data=data, base=base)
        check_item({self.doc.id: self.doc}, [self.doc.id], self.yd, base, model)
        return model

    def _located(self, index: int, item: Item, name: str, value: Any) -> Any:
        """A corrected value whose spans given by their quote alone get their offsets."""

        def walk(v: Any, at: tuple, in_spans: bool) -> Any:
            if isinstance(v, dict):
                if in_spans and "quote" in v and ("start" not in v or "end" not in v):
                    return self._locate(index, item, at, v)
                return {k: walk(x, (*at, k), k == "spans") for k, x in v.items()}
            if isinstance(v, list):
                return [walk(x, (*at, i), in_spans) for i, x in enumerate(v)]
            return v

        return walk(value, ("items", index, "correct", name), name == "spans")

    def _locate(self, index: int, item: Item, at: tuple, span: dict) -> dict:
        """Offsets of a span given by its quote: the text's own words, once (or once within
        the fact's own spans)."""
        quote, text = span["quote"], self.doc.text
        if not isinstance(quote, str) or not quote:
            raise self.yd.error((*at, "quote"), "a quote is the text's own words (non-empty text)")
        found, i = [], text.find(quote)
        while i >= 0:
            found.append(i)
            i = text.find(quote, i + 1)
        if not found:
            other = find_normalised(text, quote)
            hint = (
                f"; it occurs at {other[0][0]}-{other[0][1]} with its accents composed another "
                "way: quote the text's own characters (brief locate gives them)"
                if other
                else ""
            )
            raise self.yd.error(
                (*at, "quote"), f"the quote does not occur in {self.doc.id}: {quote!r}{hint}"
            )
        if len(found) > 1:
            own = [(s["start"], s["end"]) for s in item.fact.get("spans", [])]
            inside = [f for f in found if any(a <= f and f + len(quote) <= b for a, b in own)]
            if len(inside) != 1:
                listed = ", ".join(f"{f}-{f + len(quote)}" for f in found[:10])
                raise self.yd.error(
                    (*at, "quote"),
                    f"the quote occurs {len(found)} times in {self.doc.id} ({listed}): give "
                    "start and end too",
                )
            found = inside
        return {"doc": span.get("doc", self.doc.id), "start": found[0],
                "end": found[0] + len(quote), "quote": quote}  # fmt: skip

    # -- the file ------------------------------------------------------------------------

    def facts_file(self) -> FactsFile:
        reviewers = sorted(
            {m.review.by for ms in self.sections.values() for m in ms if m.review and m.review.by}
        )
        return FactsFile(
            schema_version=1,
            reviewed_by="; ".join(reviewers) or self.reviewer,
            review_status="analyst-reviewed",
            documents=[self.doc.id],
            **{TYPES[t][0]: models for t, models in self.sections.items()},
        )

    def _check_references(self) -> None:
        """Every id a kept fact names is a fact of the file: a rejected actor or event that a
        kept fact names is an error at that fact (or, if it is not in the sheet, at the
        rejection)."""
        facts = self.facts_file()
        known = {
            "actor": {a.id for a in facts.actors},
            "event": {e.id for e in facts.events},
            "item": {m.id for ms in self.sections.values() for m in ms},
        }
        rejected_at = {
            i.id: n
            for n, i in enumerate(self.sheet.items)
            if i.doc == self.doc.id and i.verdict == "reject"
        }
        for ref in unknown_references(facts, known):
            gone = rejected_at.get(ref.refers_to)
            why = (
                f"this sheet rejects it (line {self.yd.line(('items', gone))})"
                if gone is not None
                else "no such fact in this document"
            )
            referring = self.from_sheet.get(ref.item_id)
            if referring is not None:
                item = self.sheet.items[referring]
                part = "correct" if item.correct and ref.field[0] in item.correct else "fact"
                raise self.yd.error(
                    ("items", referring, part, *ref.field),
                    f"{ref.kind} {ref.refers_to!r}: {why}; correct this {item.type}'s "
                    f"{ref.field[0]} (verdict: correct) or keep that {ref.kind}",
                )
            raise self.yd.error(
                ("items", gone if gone is not None else 0),
                f"{ref.item_id} in {self.state.path} names {ref.kind} {ref.refers_to!r}: "
                f"{why}; keep it or correct {ref.item_id} first",
            )

    def files(self) -> dict[str, str]:
        """The document's new files in ``facts/`` (name -> text; none unless something in it
        was reviewed): the facts file, loaded back (every quote checked) first, and the
        rejections."""
        if not self.changed:
            return {}
        text = FACTS_HEADER + _dump(
            {
                "schema_version": 1,
                **self.facts_file().model_dump(mode="json", exclude_defaults=True),
            }
        )
        target = facts_path(self.facts_dir, self.doc.id)
        with tempfile.TemporaryDirectory(prefix="brief-review-") as tmp:
            trial = Path(tmp) / target.name
            trial.write_text(text, encoding="utf-8")
            try:
                load_facts([Path(tmp)], {self.doc.id: self.doc})
            except InputError as exc:  # a bug here, never the analyst's: say what it was
                raise InputError(target, f"the reviewed facts would not load: {exc}") from None
        files = {target.name: text}
        if self.rejected:
            entries = sorted(
                self.rejected,
                key=lambda e: (list(TYPES).index(e["type"]), natural(e["id"]), e["key"]),
            )
            name = rejections_path(self.facts_dir, self.doc.id).name
            files[name] = REJECTED_HEADER + _dump({"document": self.doc.id, "rejected": entries})
        return files
