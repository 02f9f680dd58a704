"""Loading and validation of seed documents, their metadata sidecars and facts files.

Everything that can be wrong with an input is reported as an :class:`InputError` naming the file,
the line and the field, e.g.::

    facts/000.facts.yaml:42: events[3].when.start: '2024-02-30' is not a real day value (...)

Loading is all-or-nothing: a corpus is returned only when every file parsed, every field
validated, every id resolved and every span's quote equals the document text at its offsets.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from . import config
from .schema import (
    Actor,
    Claim,
    Document,
    Event,
    FactsFile,
    Gap,
    Judgment,
    Relation,
    Span,
)


class InputError(ValueError):
    """A bad input file: ``str(err)`` is ``file:line: field: what is wrong``."""

    def __init__(self, path: Path | str, message: str, line: int | None = None, field: str = ""):
        self.path = Path(path)
        self.line = line
        self.field = field
        self.message = message
        where = f"{self.path}:{line}" if line else f"{self.path}"
        super().__init__(f"{where}: {field + ': ' if field else ''}{message}")


# --------------------------------------------------------------------------------------------
# YAML with line numbers, without implicit timestamps (dates stay strings).


_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when available: ~10x faster


class _Loader(_BaseLoader):
    """Safe loader that keeps ``2024-02-08`` a string (papermill and JSON cannot take dates)."""


_Loader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


def _line_map(node: yaml.Node, path: tuple, lines: dict, source: Path) -> None:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: set = set()
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise InputError(
                    source,
                    "a key must be a plain name, not a list or mapping",
                    key_node.start_mark.line + 1,
                    _dotted(path),
                )
            key = key_node.value
            if key in seen:
                raise InputError(
                    source, f"duplicate key {key!r}", key_node.start_mark.line + 1, _dotted(path)
                )
            seen.add(key)
            _line_map(value_node, (*path, key), lines, source)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), lines, source)


def _dotted(path: Iterable) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


@dataclass
class YamlDoc:
    path: Path
    data: Any
    lines: dict[tuple, int]

    def line(self, path: Iterable) -> int | None:
        """Line of the deepest known node on ``path``."""
        parts = tuple(path)
        while parts not in self.lines and parts:
            parts = parts[:-1]
        return self.lines.get(parts)

    def error(self, path: Iterable, message: str) -> InputError:
        parts = tuple(path)
        return InputError(self.path, message, self.line(parts), _dotted(parts))


def read_text(path: Path) -> str:
    """Read a UTF-8 file exactly (no newline translation), naming the file on failure."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}") from None
    if b"\x00" in raw:
        raise InputError(path, "looks like a binary file (contains NUL bytes), expected UTF-8 text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            path, f"not valid UTF-8 at byte {exc.start} ({exc.reason}); re-save it as UTF-8", line
        ) from None


def read_yaml(path: Path) -> YamlDoc:
    text = read_text(path)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError(path, "file is empty", 1)
        lines: dict[tuple, int] = {}
        _line_map(node, (), lines, path)  # first: it also rejects duplicate keys
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        col = f", column {mark.column + 1}" if mark else ""
        problem = exc.problem or exc.context or "syntax error"
        raise InputError(path, f"YAML syntax error{col}: {problem}", line) from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise InputError(path, "expected a mapping of fields at the top level", 1)
    return YamlDoc(path, data, lines)


def validate_model(model: type[BaseModel], doc: YamlDoc, data: Any = None, base: tuple = ()):
    """Validate ``data`` (default: the whole document) against ``model``; first error wins."""
    try:
        return model.model_validate(doc.data if data is None else data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        loc = (*base, *err["loc"])
        message = err["msg"].removeprefix("Value error, ")
        if err["type"] == "extra_forbidden":
            message = "unknown field (not in the schema; check the spelling)"
        elif err["type"] == "missing":
            message = "required field is missing"
        elif err["type"].endswith("_type") or err["type"] == "literal_error":
            message = f"{message} (got {_show(err.get('input'))})"
        raise doc.error(loc, message) from None


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --------------------------------------------------------------------------------------------
# Documents


@dataclass(frozen=True)
class SourceDoc:
    meta: Document
    text: str
    path: Path

    @property
    def id(self) -> str:
        return self.meta.id


def load_document(text_path: Path) -> SourceDoc:
    meta_path = text_path.with_name(text_path.stem + config.SEED_META_SUFFIX)
    text = read_text(text_path)
    if not meta_path.exists():
        raise InputError(
            text_path,
            f"no metadata sidecar: create {meta_path.name} with at least id, title, published "
            "(YYYY-MM-DD), timezone and language",
        )
    doc = read_yaml(meta_path)
    meta = validate_model(Document, doc)
    if meta.id != text_path.stem:
        raise doc.error(("id",), f"id {meta.id!r} does not match the file name {text_path.stem!r}")
    if meta.sha256 is not None:
        actual = hashlib.sha256(text_path.read_bytes()).hexdigest()
        if actual != meta.sha256:
            raise doc.error(
                ("sha256",),
                f"{text_path.name} has changed since its facts were reviewed (sha256 {actual}); "
                "seeds are never edited: restore the original or re-review the facts",
            )
    return SourceDoc(meta, text, text_path)


def document_paths(seeds_dir: Path, select: Iterable[str] = ()) -> list[Path]:
    """The ``*.txt`` documents of a seeds directory, sorted, optionally only ``select`` (ids);
    an :class:`InputError` for a missing or empty directory or an unknown id."""
    seeds_dir = Path(seeds_dir)
    if not seeds_dir.is_dir():
        raise InputError(seeds_dir, "seeds directory does not exist")
    paths = sorted(seeds_dir.glob(f"*{config.SEED_TEXT_SUFFIX}"))
    if not paths:
        raise InputError(
            seeds_dir, f"seeds directory holds no *{config.SEED_TEXT_SUFFIX} documents"
        )
    available = [p.stem for p in paths]
    asked = list(select)
    wanted, here = set(asked), set(available)
    unknown = [d for d in asked if d not in here]
    if unknown:
        listed = ", ".join(available[:20])
        if len(available) > 20:
            listed += f" and {len(available) - 20} more"
        raise InputError(seeds_dir, f"unknown document(s) {unknown[:20]}; documents here: {listed}")
    return [p for p in paths if not wanted or p.stem in wanted]


def load_documents(seeds_dir: Path, select: Iterable[str] = ()) -> dict[str, SourceDoc]:
    return {p.stem: load_document(p) for p in document_paths(seeds_dir, select)}


# --------------------------------------------------------------------------------------------
# Facts


@dataclass
class Facts:
    """Facts merged from every facts file that covers the selected documents."""

    actors: dict[str, Actor] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    judgments: list[Judgment] = field(default_factory=list)
    gaps: list[Gap] = field(default_factory=list)
    files: list[Path] = field(default_factory=list)
    review_status: dict[str, str] = field(default_factory=dict)  # document id -> status

    def event(self, event_id: str) -> Event:
        return next(e for e in self.events if e.id == event_id)


@dataclass(frozen=True)
class Corpus:
    documents: dict[str, SourceDoc]
    facts: Facts

    def input_files(self) -> list[Path]:
        files = []
        for doc in self.documents.values():
            files += [doc.path, doc.path.with_name(doc.id + config.SEED_META_SUFFIX)]
        return files + list(self.facts.files)


_SECTIONS = ("actors", "events", "relations", "claims", "judgments", "gaps")


def _spans(obj: Any, path: tuple) -> Iterator[tuple[tuple, Span]]:
    """Every Span inside a model, with its path relative to the model."""
    if isinstance(obj, Span):
        yield path, obj
    elif isinstance(obj, BaseModel):
        for name in type(obj).model_fields:
            yield from _spans(getattr(obj, name), (*path, name))
    elif isinstance(obj, list):
        for i, item in enumerate(obj):
            yield from _spans(item, (*path, i))


def _check_span(span: Span, docs: dict[str, SourceDoc], allowed: list[str], yd: YamlDoc, path):
    if span.doc not in allowed:
        raise yd.error(
            (*path, "doc"), f"document {span.doc!r} is not listed in this file's documents"
        )
    text = docs[span.doc].text
    if span.end > len(text):
        raise yd.error(
            (*path, "end"),
            f"offset {span.end} is past the end of {span.doc} ({len(text)} characters)",
        )
    actual = text[span.start : span.end]
    if actual != span.quote:
        hint = ""
        at = text.find(span.quote)
        if at >= 0:
            hint = f"; the quote occurs at {at}-{at + len(span.quote)}"
        raise yd.error(
            (*path, "quote"),
            f"quote does not match {span.doc} at {span.start}-{span.end}: the text there is "
            f"{_show(actual)}{hint}",
        )


def _check_wording(item, yd: YamlDoc, path: tuple) -> None:
    """Wordings claimed to be the source's (time/place expressions, outcomes, hedges) must occur
    in one of the item's own quotes."""
    quotes = [span.quote for _, span in _spans(item, ())]
    wordings: list[tuple[tuple, str | None]] = []
    when = getattr(item, "when", None)
    if when is not None:
        wordings.append((("when", "expression"), when.expression))
    if isinstance(item, Event):
        if item.location:
            wordings.append((("location", "expression"), item.location.expression))
        wordings.append((("hedge",), item.hedge))
        wordings += [((("outcomes", i, "wording")), o.wording) for i, o in enumerate(item.outcomes)]
    for sub, words in wordings:
        if words is not None and not any(words in q for q in quotes):
            raise yd.error(
                (*path, *sub), f"{_show(words)} does not occur in any of its quoted spans"
            )


def _facts_paths(facts_dirs: Sequence[Path]) -> list[Path]:
    paths = []
    for directory in facts_dirs:
        if not directory.is_dir():
            raise InputError(directory, "facts directory does not exist")
        paths += sorted(directory.glob(f"*{config.FACTS_SUFFIX}"))
    return paths


def load_facts(facts_dirs: Path | Sequence[Path], docs: dict[str, SourceDoc]) -> Facts:
    """Load every ``*.facts.yaml`` that covers one of ``docs``.

    ``facts_dirs`` are searched in order and the first file that covers a document wins: list the
    analyst-reviewed directory before the machine-extracted one and curated facts override
    extracted ones, document by document. An actor described in several files (one per
    document) is merged: its aliases and spans are pooled.
    """
    dirs = (
        [Path(facts_dirs)] if isinstance(facts_dirs, str | Path) else [Path(d) for d in facts_dirs]
    )
    facts = Facts()
    origin: dict[str, tuple[YamlDoc, tuple]] = {}
    parsed: list[tuple[YamlDoc, FactsFile]] = []
    covered_in: dict[str, Path] = {}  # document id -> the file that covers it
    for path in _facts_paths(dirs):
        yd = read_yaml(path)
        ff = validate_model(FactsFile, yd)
        for i, doc_id in enumerate(ff.documents):
            other = covered_in.get(doc_id)
            if other is not None and other.parent == path.parent:
                raise yd.error(
                    ("documents", i),
                    f"document {doc_id!r} is also covered by {other.name}: one facts file per document "
                    "in a directory (merge them)",
                )
        if not set(ff.documents) & set(docs) or set(ff.documents) & set(facts.review_status):
            covered_in.update({d: covered_in.get(d, path) for d in ff.documents})
            continue
        covered_in.update({d: path for d in ff.documents})
        for i, doc_id in enumerate(ff.documents):
            if doc_id not in docs:
                raise yd.error(
                    ("documents", i), f"document {doc_id!r} is not in the seeds directory"
                )
        parsed.append((yd, ff))
        facts.files.append(path)
        for doc_id in ff.documents:
            facts.review_status[doc_id] = ff.review_status

        for section in _SECTIONS:
            for i, item in enumerate(getattr(ff, section)):
                path_ = (section, i)
                if section == "actors" and item.id in facts.actors and origin[item.id][0] is not yd:
                    first = facts.actors[item.id]
                    if first.kind != item.kind:
                        other, other_path = origin[item.id]
                        raise yd.error(
                            (*path_, "kind"),
                            f"actor {item.id!r} is a {item.kind} here but a {first.kind} in "
                            f"{other.path.name}:{other.line(other_path)}",
                        )
                    for sub, span in _spans(item, ()):
                        _check_span(span, docs, ff.documents, yd, (*path_, *sub))
                    facts.actors[item.id] = _merge_actor(first, item)
                    origin[item.id] = (yd, path_)  # a second copy in this same file is a duplicate
                    continue
                if item.id in origin:
                    other, other_path = origin[item.id]
                    raise yd.error(
                        (*path_, "id"),
                        f"duplicate id {item.id!r} (also at {other.path.name}:"
                        f"{other.line(other_path)})",
                    )
                origin[item.id] = (yd, path_)
                for sub, span in _spans(item, ()):
                    _check_span(span, docs, ff.documents, yd, (*path_, *sub))
                _check_wording(item, yd, path_)
            if section == "actors":
                for actor in ff.actors:
                    facts.actors.setdefault(actor.id, actor)
            else:
                getattr(facts, section).extend(getattr(ff, section))

    missing = [d for d in docs if d not in facts.review_status]
    if missing:
        raise InputError(
            dirs[0],
            f"no facts file covers document(s) {missing}; add <id>{config.FACTS_SUFFIX} "
            "(see facts/ for the format) or extract them (brief extract)",
        )
    for yd, ff in parsed:
        _check_references(yd, ff, facts, origin)
    return facts


def _merge_actor(first: Actor, other: Actor) -> Actor:
    aliases = list(dict.fromkeys([*first.aliases, *other.aliases]))
    spans = list(dict.fromkeys([*first.spans, *other.spans]))
    return first.model_copy(update={"aliases": aliases, "spans": spans})


def _check_references(yd: YamlDoc, ff: FactsFile, facts: Facts, origin: dict) -> None:
    actors = facts.actors
    events = {e.id for e in facts.events}

    def need(ids: Iterable[str | None], pool, kind: str, path: tuple) -> None:
        for i, ref in enumerate(ids):
            if ref is not None and ref not in pool:
                choices = ", ".join(sorted(pool))
                loc = path if isinstance(ids, tuple) else (*path, i)
                raise yd.error(loc, f"unknown {kind} id {ref!r}; known {kind}s: {choices}")

    for i, ev in enumerate(ff.events):
        p = ("events", i)
        need(ev.initiators, actors, "actor", (*p, "initiators"))
        need(ev.targets, actors, "actor", (*p, "targets"))
        need(ev.asserted_by, actors, "actor", (*p, "asserted_by"))
        for j, outcome in enumerate(ev.outcomes):
            need(outcome.victims, actors, "actor", (*p, "outcomes", j, "victims"))
        for j, link in enumerate(ev.links):
            need((link.event,), events, "event", (*p, "links", j, "event"))
    for i, rel in enumerate(ff.relations):
        p = ("relations", i)
        need((rel.subject,), actors, "actor", (*p, "subject"))
        need((rel.object,), actors, "actor", (*p, "object"))
        need((rel.event,), events, "event", (*p, "event"))
    for i, claim in enumerate(ff.claims):
        p = ("claims", i)
        need((claim.speaker,), actors, "actor", (*p, "speaker"))
        need(claim.about, events, "event", (*p, "about"))
    for i, judgment in enumerate(ff.judgments):
        need((judgment.holder,), actors, "actor", ("judgments", i, "holder"))
    for i, gap in enumerate(ff.gaps):
        need(gap.about, set(origin), "item", ("gaps", i, "about"))


def load_corpus(
    seeds_dir: Path | str | None = None,
    facts_dir: Path | str | Sequence[Path | str] | None = None,
    documents: Iterable[str] = (),
) -> Corpus:
    """Load and validate documents and facts; defaults are the project's ``seeds/``, ``facts/``.

    ``facts_dir`` may be a list of directories, searched in order (see :func:`load_facts`)."""
    docs = load_documents(Path(seeds_dir or config.SEEDS_DIR), documents)
    if isinstance(facts_dir, list | tuple):
        dirs = [Path(d) for d in facts_dir]
    else:
        dirs = [Path(facts_dir or config.FACTS_DIR)]
    facts = load_facts(dirs, docs)
    return Corpus(docs, facts)
