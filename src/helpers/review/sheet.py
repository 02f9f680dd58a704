"""The review sheet: a YAML file, one block per machine fact, lowest confidence first, each with
its source sentence as a comment; the analyst's verdicts are recorded in it (by hand, by
``brief review --record`` or by the notebook ``05-review-facts.ipynb``: the same bytes for the
same verdicts) and ``brief review --apply`` turns it into reviewed facts (:mod:`.apply`)."""

from __future__ import annotations

import difflib
import functools
import hashlib
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from .. import config
from ..facts.gazetteer import load_gazetteer
from ..facts.loading import (
    SourceDoc,
    YamlDoc,
    load_documents,
    load_facts,
    read_yaml,
)
from ..facts.schema import FactsFile
from . import words
from .items import NOT_FACT, TYPES, Item, item_of, order, rename
from .state import ReviewState, review_state

SHEET_VERSION = 1
VERDICTS = ("accept", "reject", "correct")
ITEM_FIELDS = ("doc", "id", "type", "confidence", "verdict", "correct", "basis", "fact",
               "fingerprint")  # fmt: skip
TOP_FIELDS = ("sheet", "seeds", "facts", "reviewed_by", "documents", "items")

HEADER = """\
# Review sheet (brief review): machine-extracted facts, lowest confidence first.
#
# For each item set `verdict:` to
#   accept    the fact is right as the extractor read it;
#   reject    it is wrong: it is left out, and later extractions do not offer it again;
#   correct   and give the fields to change under `correct:`, each whole as in a facts file, e.g.
#             correct: {location: {name: Gao, countries: [Mali], precision: town, expression: Gao}}
#             A span may be given by its quote alone ({quote: "..."}): it must be the text's own
#             words and occur once in it (else give start and end too, as brief locate prints).
# Leave `verdict: null` for a fact not reviewed yet. Do not edit `fact:` (its fingerprint is
# checked): changes go under `correct:`, where they are checked against the text.
# Then: brief review --apply THIS_FILE --reviewed-by "Your Name"
# The lines `#   DOC START-END: ...` show the source sentence: the quoted words in [[ ]], the
# fact's own words (time, place, toll, hedge, verb, name) in « ».
"""


@dataclass
class Sheet:
    """A review sheet in memory."""

    seeds: str
    facts: str
    reviewed_by: str | None
    documents: dict[str, str]  # document id -> sha256 of its text
    items: list[Item]
    path: Path | None = None
    source: YamlDoc | None = field(default=None, repr=False)

    def find(self, ref: str) -> Item:
        """The item named ``doc/id`` (or by its id alone where that is unique)."""
        found = [i for i in self.items if ref in (i.ref, i.id)]
        if len(found) == 1:
            return found[0]
        where = f" in {self.path}" if self.path else ""
        if found:
            raise ValueError(f"{ref!r} names {len(found)} items{where}: write it as DOC/ID")
        near = difflib.get_close_matches(ref, [i.ref for i in self.items], n=3, cutoff=0.6)
        hint = f"; did you mean {', '.join(near)}?" if near else ""
        raise ValueError(f"unknown item {ref!r}{where}{hint}")


def text_sha256(doc: SourceDoc) -> str:
    return hashlib.sha256(doc.text.encode("utf-8")).hexdigest()


# --------------------------------------------------------------------------------------------
# Making a sheet


def make_sheet(
    seeds_dir: Path | str | None = None,
    documents: Iterable[str] = (),
    extracted_dir: Path | str | None = None,
    facts_dir: Path | str | None = None,
    notes: list[str] | None = None,
) -> Sheet:
    """A sheet of the machine facts of ``documents`` (default: all) not yet reviewed.

    Machine facts come from ``extracted_dir/<id>.facts.yaml`` (``brief extract``), else from
    the extractor run now. A document that ``facts_dir`` covers with an analyst-written file is
    left out; one covered by a file ``--apply`` wrote offers its facts still unreviewed and the
    machine facts it does not know yet (not reviewed, not rejected). ``notes`` gets a line for
    each document left out or extracted now."""
    notes = [] if notes is None else notes
    seeds = Path(seeds_dir or config.SEEDS_DIR)
    facts = Path(facts_dir or config.FACTS_DIR)
    extracted = Path(extracted_dir or config.EXTRACTED_DIR)
    docs = load_documents(seeds, documents)
    items: list[Item] = []
    for doc in docs.values():
        state = review_state(facts, doc.id)
        if state.hand_written:
            notes.append(f"{doc.id}: covered by analyst-written facts ({state.path}); not offered")
            continue
        machine = _machine_facts(doc, extracted, notes)
        items += _offered(doc, machine, state)
    return Sheet(
        seeds=str(seeds.absolute()),
        facts=str(facts.absolute()),
        reviewed_by=None,
        documents={d: text_sha256(docs[d]) for d in sorted({i.doc for i in items})},
        items=order(items),
    )


def _machine_facts(doc: SourceDoc, extracted: Path, notes: list[str]) -> FactsFile:
    path = extracted / f"{doc.id}{config.FACTS_SUFFIX}"
    if path.is_file():
        load_facts([extracted], {doc.id: doc})  # every quote checked against the text
        return _read_facts(path)
    from ..extract.pipeline import extract_document

    notes.append(f"{doc.id}: no {path}; extracted now")
    return extract_document(doc)


def _read_facts(path: Path) -> FactsFile:
    from ..facts.loading import validate_model

    return validate_model(FactsFile, read_yaml(path, inside=True))


def _offered(doc: SourceDoc, machine: FactsFile, state: ReviewState) -> list[Item]:
    """The document's items to review: those carried unreviewed in its reviewed file, then the
    machine facts whose reading it does not know (renamed where their id is taken)."""
    offered = [item_of(doc.id, t, m, actor_basis) for t, m in state.unreviewed()]
    pending = {item.key for item in offered}
    new = [
        item
        for type_, (section, _) in TYPES.items()
        for model in getattr(machine, section)
        for item in [item_of(doc.id, type_, model, actor_basis)]
        if item.key not in state.known_keys and item.key not in pending
    ]
    renamed = {}
    taken = set(state.ids)
    for item in new:
        if item.id in taken:
            fresh = next(
                f"{item.id}-{n}" for n in range(2, 10_000) if f"{item.id}-{n}" not in taken
            )
            renamed[item.id] = fresh
            item.id = fresh
        taken.add(item.id)
    if renamed:
        for item in new:
            item.fact = rename(item.fact, renamed)
    return offered + new


def actor_basis(actor) -> str:
    """What the sheet says about an actor's reliability (actors carry no confidence number)."""
    if actor.id in load_gazetteer().actors:
        return "no confidence number (actors carry none): a known actor of the gazetteer"
    return "no confidence number (actors carry none): not in the gazetteer, read from the text"


# --------------------------------------------------------------------------------------------
# Writing a sheet


@functools.cache
def _dumper():
    """A SafeDumper whose strings load back the same: one holding a line break YAML reads
    differently (NEL, U+2028, U+2029) is double-quoted, i.e. escaped."""

    class SheetDumper(yaml.SafeDumper):
        pass

    def represent_str(dumper, value: str):
        style = '"' if any(c in value for c in "\x85\u2028\u2029") else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    SheetDumper.add_representer(str, represent_str)
    return SheetDumper


def _dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_dumper(), sort_keys=False, allow_unicode=True, width=100)


def dump_sheet(sheet: Sheet, texts: Mapping[str, str], base: Path | None = None) -> str:
    """The sheet as YAML text (``texts``: document id -> text, for the sentence comments), its
    directories relative to ``base`` (the sheet's own directory) when given: a sheet committed
    beside ``seeds/`` names ``../seeds`` and works from any checkout."""

    def where(directory: str) -> str:
        return os.path.relpath(directory, base) if base is not None else directory

    top = {
        "sheet": SHEET_VERSION,
        "seeds": where(sheet.seeds),
        "facts": where(sheet.facts),
        "reviewed_by": sheet.reviewed_by,
        "documents": {d: {"sha256": sha} for d, sha in sheet.documents.items()},
    }
    out = [HEADER, _dump(top)]
    if not sheet.items:
        out.append("items: []\n")
        return "".join(out)
    out.append("items:\n")
    for n, item in enumerate(sheet.items, 1):
        out.append(_item_block(item, n, len(sheet.items), texts))
    return "".join(out)


def _item_block(item: Item, n: int, total: int, texts: Mapping[str, str]) -> str:
    shown = "none" if item.confidence is None else f"{item.confidence:.2f}"
    lines = ["", f"# ---- {n} of {total}: {item.type} {item.ref}, confidence {shown} ----"]
    for span, parts in words.views(texts, item.type, item.fact):
        lines += words.as_comment(span, parts)
    data = {
        "doc": item.doc,
        "id": item.id,
        "type": item.type,
        "confidence": item.confidence,
        "verdict": item.verdict,
        "correct": item.correct,
        "basis": item.basis,
        "fact": item.fact,
        "fingerprint": item.fingerprint,
    }
    return "\n".join(lines) + "\n" + _dump([data])


def write_sheet(sheet: Sheet, path: Path | str, texts: Mapping[str, str] | None = None) -> Path:
    """Write ``sheet`` to ``path`` atomically (temp file + rename); the texts are read from the
    sheet's seeds directory when not given."""
    path = Path(path)
    if texts is None:
        texts = sheet_texts(sheet)
    atomic_write(path, dump_sheet(sheet, texts, path.absolute().parent))
    sheet.path = path
    return path


def sheet_texts(sheet: Sheet) -> dict[str, str]:
    """The texts of the sheet's documents, read from its seeds directory."""
    if not sheet.documents:
        return {}
    docs = load_documents(Path(sheet.seeds), list(sheet.documents))
    return {d: doc.text for d, doc in docs.items()}


def atomic_write(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file beside it and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(tmp, "w", encoding="utf-8", newline="") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    finally:
        if tmp.exists():
            tmp.unlink()


# --------------------------------------------------------------------------------------------
# Reading a sheet


def load_sheet(path: Path | str) -> Sheet:
    """Read and check a sheet's shape: every problem an :class:`InputError` naming the file, the
    line and the field. Corrections are checked against the texts by :func:`.apply.plan`."""
    yd = read_yaml(Path(path))
    data = yd.data
    _known_fields(yd, (), data, TOP_FIELDS)
    if data.get("sheet") != SHEET_VERSION:
        raise yd.error(("sheet",), f"not a review sheet of version {SHEET_VERSION} (brief review)")
    for name in ("seeds", "facts"):
        if not isinstance(data.get(name), str):
            raise yd.error((name,), "must be a directory path (text)")
    reviewed_by = data.get("reviewed_by")
    if reviewed_by is not None and not (isinstance(reviewed_by, str) and reviewed_by.strip()):
        raise yd.error(("reviewed_by",), "must be the reviewer's name (text) or null")
    documents = _documents(yd, data.get("documents"))
    raw_items = data.get("items")
    if not isinstance(raw_items, list):
        raise yd.error(("items",), "must be a list of items")
    items = [_item(yd, i, raw, documents) for i, raw in enumerate(raw_items)]
    seen: dict[str, int] = {}
    for i, item in enumerate(items):
        if item.ref in seen:
            raise yd.error(
                ("items", i, "id"),
                f"item {item.ref} is listed twice (also item {seen[item.ref] + 1})",
            )
        seen[item.ref] = i
    home = Path(path).absolute().parent  # the directories are relative to the sheet's own
    seeds, facts = (os.path.normpath(home / data[name]) for name in ("seeds", "facts"))
    return Sheet(seeds, facts, reviewed_by, documents, items, Path(path), yd)


def _known_fields(yd: YamlDoc, path: tuple, data: Any, fields: tuple[str, ...]) -> None:
    if not isinstance(data, dict):
        raise yd.error(path, f"must be a mapping with {', '.join(fields)}")
    for name in data:
        if name not in fields:
            near = difflib.get_close_matches(str(name), fields, n=1)
            hint = f"; did you mean {near[0]!r}?" if near else f"; valid: {', '.join(fields)}"
            raise yd.error((*path, name), f"unknown field{hint}")
    for name in fields:
        if name not in data:
            raise yd.error(path, f"field {name!r} is missing")


def _documents(yd: YamlDoc, raw: Any) -> dict[str, str]:
    if not isinstance(raw, dict):
        raise yd.error(("documents",), "must map each document id to {sha256: ...}")
    out = {}
    for doc, entry in raw.items():
        sha = entry.get("sha256") if isinstance(entry, dict) else None
        if not isinstance(sha, str) or len(sha) != 64:
            raise yd.error(("documents", doc), "must be {sha256: <64 hex digits of the text>}")
        out[str(doc)] = sha
    return out


def _item(yd: YamlDoc, i: int, raw: Any, documents: dict[str, str]) -> Item:
    at = ("items", i)
    _known_fields(yd, at, raw, ITEM_FIELDS)
    if raw["type"] not in TYPES:
        raise yd.error(
            (*at, "type"), f"unknown item type {raw['type']!r}; one of {', '.join(TYPES)}"
        )
    if raw["doc"] not in documents:
        raise yd.error((*at, "doc"), f"document {raw['doc']!r} is not listed under documents")
    if not isinstance(raw["id"], str) or not isinstance(raw["fact"], dict):
        raise yd.error((*at, "id" if not isinstance(raw["id"], str) else "fact"), "malformed item")
    confidence = raw["confidence"]
    if confidence is not None and (
        isinstance(confidence, bool) or not isinstance(confidence, int | float)
    ):
        raise yd.error((*at, "confidence"), "must be a number or null")
    item = Item(raw["doc"], raw["id"], raw["type"], confidence, str(raw["basis"]), raw["fact"])
    item.line = yd.line(at)
    if raw["fingerprint"] != item.fingerprint:
        raise yd.error(
            (*at, "fact"),
            "the fact was edited in place (its fingerprint differs): put changes under "
            "`correct:` with verdict: correct, where they are checked against the text",
        )
    item.verdict, item.correct = _verdict(yd, at, raw["verdict"], raw["correct"], raw["type"])
    return item


def _verdict(yd: YamlDoc, at: tuple, verdict: Any, correct: Any, type_: str):
    if verdict is not None and verdict not in VERDICTS:
        near = difflib.get_close_matches(str(verdict), VERDICTS, n=1)
        hint = f"; did you mean {near[0]!r}?" if near else ""
        raise yd.error(
            (*at, "verdict"),
            f"unknown verdict {verdict!r}: one of {', '.join(VERDICTS)}, or null (not reviewed){hint}",
        )
    if correct in (None, {}):
        if verdict == "correct":
            raise yd.error(
                (*at, "correct"), "verdict correct needs the fields to change under `correct:`"
            )
        return verdict, None
    if verdict != "correct":
        raise yd.error(
            (*at, "correct"),
            f"corrections are given with verdict: correct (the verdict is {verdict!r})",
        )
    if not isinstance(correct, dict):
        raise yd.error((*at, "correct"), "must map each field to change to its corrected value")
    fields = correctable(type_)
    for name in correct:
        if name not in fields:
            raise yd.error(
                (*at, "correct", name),
                f"{name!r} is not a field of a {type_} that can be corrected; fields: {', '.join(fields)}",
            )
    return verdict, correct


def correctable(type_: str) -> list[str]:
    """The fields of an item of ``type_`` a correction may replace."""
    return [f for f in TYPES[type_][1].model_fields if f not in NOT_FACT]


# --------------------------------------------------------------------------------------------
# Recording verdicts


def parse_verdict(value: Any) -> tuple[str | None, dict | None]:
    """``(verdict, correct)`` from ``accept``, ``reject``, ``None`` or ``{correct: {...}}``."""
    if value is None or value in ("accept", "reject", "null", "none", ""):
        return (None if value in (None, "null", "none", "") else value), None
    if isinstance(value, dict) and set(value) == {"correct"} and isinstance(value["correct"], dict):
        return "correct", value["correct"]
    raise ValueError(
        f"a verdict is accept, reject, null or {{correct: {{FIELD: VALUE, ...}}}}, got {value!r}"
    )


class _NoDates(yaml.SafeLoader):
    """YAML without implicit timestamps: a date in a correction stays text, as in a facts file."""


_NoDates.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def parse_cli_verdict(raw: str) -> Any:
    """A verdict given on the command line: a word, or a correction as YAML."""
    if raw.strip() in ("accept", "reject", "null", "none", ""):
        return raw.strip()
    try:
        return yaml.load(raw, Loader=_NoDates)  # noqa: S506 (a SafeLoader)
    except yaml.YAMLError as exc:
        raise ValueError(f"verdict {raw!r} is not a word or YAML: {exc}") from None


def record(path: Path | str, verdicts: Mapping[str, Any], reviewed_by: str | None = None) -> Sheet:
    """Record ``verdicts`` (item ``doc/id`` -> verdict, see :func:`parse_verdict`) and the
    reviewer in the sheet at ``path``, rewritten atomically; the same bytes whoever records
    them (``brief review --record``, the notebook, or by hand in this format)."""
    sheet = load_sheet(path)
    for ref, value in verdicts.items():
        item = sheet.find(ref)
        try:
            item.verdict, item.correct = parse_verdict(value)
        except ValueError as exc:
            raise ValueError(f"{path}: verdict for {item.ref}: {exc}") from None
        if item.correct is not None:
            bad = [f for f in item.correct if f not in correctable(item.type)]
            if bad:
                raise ValueError(
                    f"{path}: verdict for {item.ref}: {bad[0]!r} is not a field of a {item.type} "
                    f"that can be corrected; fields: {', '.join(correctable(item.type))}"
                )
    if reviewed_by is not None:
        sheet.reviewed_by = reviewed_by
    write_sheet(sheet, Path(path))
    return sheet
