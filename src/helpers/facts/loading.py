"""Loading and validation of seed documents, their metadata sidecars and facts files.

Everything that can be wrong with an input is reported as an :class:`InputError` naming the file,
the line and the field, e.g.::

    facts/000.facts.yaml:42: events[3].when.start: '2024-02-30' is not a real day value (...)

Loading is all-or-nothing: a corpus is returned only when every file parsed, every field
validated, every id resolved and every span's quote equals the document text at its offsets.
"""

from __future__ import annotations

import codecs
import difflib
import functools
import hashlib
import os
import stat
import types
import typing
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from .. import config
from .listing import suggestion
from .merge import FactsMerge, Place, Reference
from .schema import (
    ID_PATTERN,
    Actor,
    Claim,
    Document,
    Event,
    FactsFile,
    Gap,
    Judgment,
    KeyJudgment,
    Relation,
    Span,
    date_out_of_range,
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


#: Most values a file may re-use through aliases (``*x``): a handful of nested aliases can
#: otherwise stand for billions of values.
MAX_ALIASED = 100_000


@dataclass
class _Walk:
    """State of one :func:`_line_map` walk: the nodes met so far and how often one was met
    again through an alias."""

    seen: set[int] = field(default_factory=set)
    repeats: int = 0


def _line_map(
    node: yaml.Node,
    path: tuple,
    lines: dict,
    source: Path,
    inside: frozenset = frozenset(),
    walk: _Walk | None = None,
) -> None:
    walk = walk if walk is not None else _Walk()
    if id(node) in walk.seen:
        if id(node) in inside:
            raise InputError(
                source,
                "an alias (*name) refers to the anchor (&name) it is inside of",
                node.start_mark.line + 1,
                _dotted(path),
            )
        walk.repeats += 1
        if walk.repeats > MAX_ALIASED:
            raise InputError(
                source,
                f"the aliases (*name) in this file repeat more than {MAX_ALIASED:,} values",
                node.start_mark.line + 1,
                _dotted(path),
            )
    walk.seen.add(id(node))
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode | yaml.SequenceNode):
        inside = inside | {id(node)}
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
            _line_map(value_node, (*path, key), lines, source, inside, walk)
            lines[(*path, key)] = key_node.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            _line_map(item, (*path, index), lines, source, inside, walk)


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


#: What a path that is not a regular file is, by ``stat`` mode, for messages.
_NOT_REGULAR = (
    (stat.S_ISDIR, "a directory"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISSOCK, "a socket"),
    (stat.S_ISCHR, "a character device"),
    (stat.S_ISBLK, "a block device"),
)


def _kind_of(mode: int) -> str:
    return next((name for test, name in _NOT_REGULAR if test(mode)), "not a regular file")


#: How many items a message lists in full; a longer list is cut (:func:`listed`).
LISTED = 20


def listed(items: Iterable[object], noun: str, limit: int = LISTED) -> str:
    """Items for a message: all of them, comma-separated, when there are at most ``limit``;
    otherwise how many and three of them: ``1,000 documents, e.g. a, b, c, and 997 more``
    (``noun`` in the plural)."""
    items = [str(item) for item in items]
    if len(items) <= limit:
        return ", ".join(items)
    return f"{len(items):,} {noun}, e.g. {', '.join(items[:3])}, and {len(items) - 3:,} more"


def writable_directory(path: Path, what: str) -> None:
    """Check, before any work, that ``path`` is (or can be made) a directory this process can
    write into; an :class:`InputError` naming it and saying why not otherwise (``what``: "facts
    store", "output directory"). Nothing is created."""
    path = Path(path)
    if path.exists() and not path.is_dir():
        raise InputError(path, f"{what} path is a file, not a directory")
    existing = path
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise InputError(path, f"cannot create the {what}: {existing} is a file, not a directory")
    if not os.access(existing, os.W_OK | os.X_OK):
        readonly = os.statvfs(existing).f_flag & os.ST_RDONLY
        why = "on a read-only file system" if readonly else "not writable"
        where = "" if existing == path else f" ({existing}, where it would be created)"
        raise InputError(
            path, f"cannot write to the {what}{where}: {why}; choose a writable location"
        )


def read_bytes(path: Path, *, inside: bool = False) -> bytes:
    """The bytes of a regular file; an :class:`InputError` naming the file for anything else.

    Nothing but a regular file is ever opened: a named pipe (opening one waits for a writer,
    for ever), a socket or a device is refused after ``stat``, before any ``open``. With
    ``inside``, a symbolic link whose target lies outside the file's own directory (a seeds or
    facts directory) is refused too, naming the link and its target; links within the
    directory are followed."""
    path = Path(path)
    try:
        if inside and os.path.islink(path):
            target, home = os.path.realpath(path), os.path.realpath(path.parent)
            if os.path.commonpath([target, home]) != home:
                raise InputError(
                    path,
                    f"a symbolic link to {target}, outside {home}: only files inside the "
                    "directory are read; copy the file into it instead",
                )
        info = os.stat(path)
    except OSError as exc:
        if os.path.islink(path):  # a link to nothing
            target = os.path.realpath(path)
            raise InputError(path, f"a symbolic link to {target}, which does not exist") from None
        raise InputError(path, f"cannot read file: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise InputError(
            path, f"is {_kind_of(info.st_mode)}, not a regular file: only regular files are read"
        )
    # O_NONBLOCK: should the file be swapped for a pipe after the stat, open does not wait
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags | getattr(os, "O_CLOEXEC", 0))
        with open(fd, "rb") as fh:
            mode = os.fstat(fh.fileno()).st_mode
            if not stat.S_ISREG(mode):
                raise InputError(
                    path, f"is {_kind_of(mode)}, not a regular file: only regular files are read"
                )
            return fh.read()
    except OSError as exc:
        raise InputError(path, f"cannot read file: {exc.strerror or exc}") from None


#: Byte-order marks of the encodings a text editor saves "Unicode" text in, longest first.
_BOMS = (
    (codecs.BOM_UTF32_LE, "UTF-32", "little-endian"),
    (codecs.BOM_UTF32_BE, "UTF-32", "big-endian"),
    (codecs.BOM_UTF16_LE, "UTF-16", "little-endian"),
    (codecs.BOM_UTF16_BE, "UTF-16", "big-endian"),
)


def _utf16_without_bom(raw: bytes) -> str | None:
    """``little-endian``/``big-endian`` if ``raw`` (which holds NUL bytes) reads as UTF-16 text
    without a byte-order mark: every NUL on one side of its byte pair, the whole decodes without
    control characters, at least three in four characters are ASCII (their other byte is the
    NUL) and some are white space. Without a mark, text mostly in another script is not told
    from binary data (it is called binary)."""
    if len(raw) % 2:
        return None
    sides = {i % 2 for i, byte in enumerate(raw[:65536]) if byte == 0}
    if len(sides) != 1:
        return None
    order = "little-endian" if sides == {1} else "big-endian"
    try:
        text = raw.decode("utf-16-le" if order == "little-endian" else "utf-16-be")
    except UnicodeDecodeError:
        return None
    controls = sum(1 for c in text if unicodedata.category(c) == "Cc" and c not in "\t\n\r\f")
    ascii_chars = sum(1 for c in text if c < "\x80")
    if controls or 4 * ascii_chars < 3 * len(text) or not any(c.isspace() for c in text):
        return None
    return order


def read_text(path: Path, *, inside: bool = False) -> str:
    """Read a UTF-8 file exactly (no newline translation), naming the file on failure
    (``inside``: see :func:`read_bytes`)."""
    return decode_text(path, read_bytes(path, inside=inside))


def decode_text(path: Path, raw: bytes) -> str:
    """The UTF-8 text of ``path``'s bytes ``raw``, exactly; an :class:`InputError` naming the
    file for any other encoding or binary data."""
    for bom, encoding, order in _BOMS:
        if raw.startswith(bom):
            raise InputError(
                path,
                f"looks like {encoding} text ({order}, with a byte-order mark), expected UTF-8: "
                "save it as UTF-8",
            )
    if b"\x00" in raw:
        order = _utf16_without_bom(raw)
        if order is not None:
            raise InputError(
                path,
                f"looks like UTF-16 text ({order}, no byte-order mark), expected UTF-8: save it "
                "as UTF-8",
            )
        raise InputError(path, "looks like a binary file (contains NUL bytes), expected UTF-8 text")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError(
            path, f"not valid UTF-8 at byte {exc.start} ({exc.reason}); re-save it as UTF-8", line
        ) from None


def read_yaml(path: Path, *, inside: bool = False, raw: bytes | None = None) -> YamlDoc:
    """A YAML file with the line of every node (``inside``: see :func:`read_bytes`); ``raw``:
    its bytes, if the caller read them already (the file is then not read again)."""
    text = read_text(path, inside=inside) if raw is None else decode_text(path, raw)
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        if node is None:
            raise InputError(path, "file is empty", 1)
        lines: dict[tuple, int] = {}
        _line_map(node, (), lines, path)  # first: it also rejects duplicate keys
        try:
            data = loader.construct_document(node)
        # e.g. "!!int abc"; "!!timestamp yesterday": PyYAML's AttributeError (no date matched)
        except (ValueError, KeyError, TypeError, OverflowError, AttributeError):
            raise InputError(path, *_bad_value(loader, node)) from None
    except yaml.MarkedYAMLError as exc:
        raise InputError(path, *_syntax_error(exc, text)) from None
    except yaml.reader.ReaderError as exc:  # a character YAML does not allow
        line = text.count("\n", 0, exc.position) + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        raise InputError(
            path,
            f"YAML syntax error, column {column}: the control character U+{exc.character:04X} "
            "is not allowed in YAML; remove it",
            line,
        ) from None
    except yaml.YAMLError as exc:
        raise InputError(path, f"YAML error: {exc}") from None
    except RecursionError:
        raise InputError(path, "YAML nested too deeply to read") from None
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        raise InputError(path, "expected a mapping of fields at the top level", 1)
    return YamlDoc(path, data, lines)


#: Why a scalar cannot be built, where PyYAML's own message says nothing to a reader (its
#: AttributeError comes from !!timestamp on a value of no date form).
_UNREADABLE = {KeyError: "not one of its values", AttributeError: "not a date in ISO 8601 form"}


def _bad_value(loader, root: yaml.Node) -> tuple[str, int | None]:
    """``(message, line)`` for the first scalar that cannot be built (``!!bool maybe``, a number
    of 5,000 digits ...): each scalar is built on its own to find it."""
    stack, seen = [root], set()
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        if isinstance(node, yaml.ScalarNode):
            loader.recursive_objects.clear()  # left over by the failed build of the document
            try:
                loader.construct_object(node)
            except Exception as exc:
                tag = node.tag.replace("tag:yaml.org,2002:", "!!")
                reason = _UNREADABLE.get(type(exc), str(exc))
                return (
                    f"YAML value error, column {node.start_mark.column + 1}: cannot read "
                    f"{_show(node.value)} as {tag} ({reason.split(';')[0]})",
                    node.start_mark.line + 1,
                )
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(reversed(node.value))
        elif isinstance(node, yaml.MappingNode):
            for key, value in reversed(node.value):
                stack += [value, key]
    return "a value cannot be read", None


def _syntax_error(exc: yaml.MarkedYAMLError, text: str) -> tuple[str, int | None]:
    """``(message, line)`` of a YAML syntax error: the problem with its column, and where the
    construct it interrupted started (an unclosed bracket or quote is found lines later)."""
    mark = exc.problem_mark or exc.context_mark
    problem = exc.problem or exc.context or "syntax error"
    if mark is None:
        return f"YAML syntax error: {problem}", None
    message = f"YAML syntax error, column {mark.column + 1}: {problem}"
    context = exc.context_mark
    if exc.context and exc.problem and context is not None and context is not mark:
        message += f" ({exc.context} at line {context.line + 1}, column {context.column + 1})"
    if text[mark.index : mark.index + 1] == "\t" and "tab" not in problem:
        message += "; YAML does not allow tabs for indentation, use spaces"
    return message, mark.line + 1


#: What a value of each pydantic type error should have been, and how a YAML value is called.
_EXPECTED = {
    "bool_type": "true or false",
    "int_type": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "string_type": "text",
    "list_type": "a list",
    "dict_type": "a mapping of fields",
    "model_type": "a mapping of fields",
    "model_attributes_type": "a mapping of fields",
}


def _kind(value: Any) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return f"the boolean {str(value).lower()}"
    if isinstance(value, int | float):
        return f"the number {value!r}"
    if isinstance(value, str):
        return f"the text {_show(value)}"
    if isinstance(value, list):
        return f"a list {_show(value)}"
    if isinstance(value, dict):
        return f"a mapping {_show(value)}"
    return _show(value)


def _unquoted_fits(kind: str, value: str) -> bool:
    """Whether ``value``, a quoted string, would be of the expected type without its quotes."""
    if kind == "bool_type":
        return value.lower() in ("true", "false")
    if kind in ("int_type", "float_type"):
        try:
            (int if kind == "int_type" else float)(value)
        except ValueError:
            return False
        return True
    return False


def _field_type(model: type[BaseModel], loc: tuple) -> tuple[Any, Any]:
    """``(annotation, FieldInfo)`` of the field at ``loc`` in ``model`` (list indices step into
    the item type); ``(None, None)`` where the path leaves the schema."""
    current: Any = model
    info = None
    for part in loc:
        current = _strip(current)
        if isinstance(part, int):
            if typing.get_origin(current) is not list:
                return None, None
            current = typing.get_args(current)[0]
            info = None
            continue
        if not (isinstance(current, type) and issubclass(current, BaseModel)):
            return None, None
        info = current.model_fields.get(part)
        if info is None:
            return None, None
        current = info.annotation
    return _strip(current), info


def _strip(annotation: Any) -> Any:
    """``X`` from ``Annotated[X, ...]`` and ``X | None``."""
    while True:
        if typing.get_origin(annotation) is typing.Annotated:
            annotation = typing.get_args(annotation)[0]
            continue
        args = typing.get_args(annotation)
        if typing.get_origin(annotation) in (typing.Union, types.UnionType) and type(None) in args:
            rest = [a for a in args if a is not type(None)]
            if len(rest) == 1:
                annotation = rest[0]
                continue
        return annotation


def _fields_of(model: type[BaseModel], loc: tuple) -> list[str]:
    """The field names of the mapping at ``loc`` (empty if it is not a model)."""
    annotation = _strip(model) if not loc else _field_type(model, loc)[0]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return list(annotation.model_fields)
    return []


def _describe_error(model: type[BaseModel], err: dict, errors: list[dict]) -> tuple[tuple, str]:
    """``(location, message)`` for one pydantic error, worded for the person editing the YAML."""
    loc, kind, value = tuple(err["loc"]), err["type"], err.get("input")
    message = err["msg"].removeprefix("Value error, ")
    if kind == "extra_forbidden":
        fields = _fields_of(model, loc[:-1])
        message = "unknown field (not in the schema; check the spelling)"
        near = difflib.get_close_matches(str(loc[-1]), fields, n=1, cutoff=0.75)
        if near:
            required = any(
                e["type"] == "missing" and tuple(e["loc"]) == (*loc[:-1], near[0]) for e in errors
            )
            message = f"unknown field; did you mean {near[0]!r}?" + (
                f" ({near[0]} is required and missing)" if required else ""
            )
        elif fields:
            message += f"; valid fields here: {', '.join(fields)}"
    elif kind == "missing":
        message = "required field is missing"
        annotation, info = _field_type(model, loc)
        if info is not None and info.description:
            message += f": {info.description}"
        elif typing.get_origin(annotation) is typing.Literal:
            choices = typing.get_args(annotation)
            if len(choices) == 1:
                message += f" (it must be {choices[0]!r})"
            else:
                message += f": one of {', '.join(map(repr, choices))}"
    elif kind in _EXPECTED:
        message = f"must be {_EXPECTED[kind]}, got {_kind(value)}"
        if isinstance(value, str) and _unquoted_fits(kind, value):
            message += " (write it without quotes)"
    elif kind == "literal_error":
        message = f"must be {err['ctx']['expected']} (got {_show(value)})"
    elif kind == "string_pattern_mismatch" and err["ctx"]["pattern"] == ID_PATTERN:
        message = (
            "an id is lowercase letters, digits, '.', '_' and '-', starting with a letter or "
            f"digit (got {_show(value)})"
        )
    elif kind == "value_error":
        sub = getattr(err.get("ctx", {}).get("error"), "field", None)
        if sub:
            loc = (*loc, sub)
    elif kind != "assertion_error" and "input" in err and not isinstance(value, dict | list):
        message = f"{message} (got {_show(value)})"
    return loc, message


def validate_model(model: type[BaseModel], doc: YamlDoc, data: Any = None, base: tuple = ()):
    """Validate ``data`` (default: the whole document) against ``model``; the first error wins,
    except that an unknown field that looks like a misspelt required one is reported first."""
    try:
        return model.model_validate(doc.data if data is None else data)
    except ValidationError as exc:
        errors = exc.errors(include_url=False)
        described = [_describe_error(model, err, errors) for err in errors]
        first = next((d for d in described if "is required and missing)" in d[1]), described[0])
        loc, message = first
        raise doc.error((*base, *loc), message) from None


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


def load_document(text_path: Path, *, sidecar: bytes | None = None) -> SourceDoc:
    """The text and its sidecar; ``sidecar``: the sidecar's bytes, if the caller read them
    already (e.g. to hash them: the file is then read once)."""
    meta_path = text_path.with_name(text_path.stem + config.SEED_META_SUFFIX)
    text = read_text(text_path, inside=True)
    if not os.path.lexists(meta_path):  # lexists: a dangling link is named as one
        raise InputError(
            text_path,
            f"no metadata sidecar: create {meta_path.name} with at least id, title, published "
            "(YYYY-MM-DD), timezone and language",
        )
    doc = read_yaml(meta_path, inside=True, raw=sidecar)
    meta = validate_model(Document, doc)
    if meta.id != text_path.stem:
        raise doc.error(("id",), f"id {meta.id!r} does not match the file name {text_path.stem!r}")
    bad_date = date_out_of_range(meta.published)
    if bad_date:
        raise doc.error(("published",), bad_date)
    if meta.sha256 is not None:  # of the bytes read (UTF-8 text encodes back to them exactly)
        actual = hashlib.sha256(text.encode("utf-8")).hexdigest()
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
        what = "is a file, not a directory" if seeds_dir.exists() else "does not exist"
        raise InputError(seeds_dir, f"seeds directory {what}")
    paths = sorted(seeds_dir.glob(f"*{config.SEED_TEXT_SUFFIX}"))
    if not paths:
        raise InputError(
            seeds_dir,
            f"seeds directory holds no *{config.SEED_TEXT_SUFFIX} documents (a document is "
            f"<id>{config.SEED_TEXT_SUFFIX} with its <id>{config.SEED_META_SUFFIX} sidecar)",
        )
    available = [p.stem for p in paths]
    asked = list(select)
    wanted, here = set(asked), set(available)
    unknown = [d for d in asked if d not in here]
    if unknown:
        raise InputError(
            seeds_dir,
            f"unknown document(s) {listed(unknown, 'documents')}; documents here: "
            f"{listed(available, 'documents')}{suggestion(unknown[0], available)}",
        )
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
    key_judgments: list[KeyJudgment] = field(default_factory=list)  # the analyst's (ICD 203)
    files: list[Path] = field(default_factory=list)
    review_status: dict[str, str] = field(default_factory=dict)  # document id -> status
    #: key judgment id -> "file:line" where it is written (for the estimative-language check)
    written_at: dict[str, str] = field(default_factory=dict)

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


def _cuts(text: str) -> list[int]:
    """Offsets where ``text`` may be cut without NFC composing anything across the cut: before
    each character that is not a combining mark and does not compose with the characters
    before it (a Hangul jamo after its syllable's others, a two-part Indic vowel), and the end."""
    cuts, piece = [], ""
    for i, c in enumerate(text):
        if piece and (
            unicodedata.combining(c)
            or len(unicodedata.normalize("NFC", piece + c))
            <= len(unicodedata.normalize("NFC", piece))
        ):
            piece += c
            continue
        cuts.append(i)
        piece = c
    return [*cuts, len(text)]


def find_normalised(text: str, quote: str) -> list[tuple[int, int]]:
    """``(start, end)`` of every stretch of ``text`` that equals ``quote`` once both are in
    Unicode normal form NFC (composed accents) but is not ``quote`` itself: where a quote typed
    or copied with the other form of its accents (NFC vs NFD) is in the text."""
    wanted = unicodedata.normalize("NFC", quote)
    if not wanted or wanted not in unicodedata.normalize("NFC", text):
        return []
    # The text cut where nothing composes across the cut; each piece normalised on its own, so
    # a match that starts and ends on a cut maps back to the text's own characters.
    cuts = _cuts(text)
    pieces, at = [], {}  # at: offset in the normalised text -> offset in the text, at cuts
    offset = 0
    for a, b in zip(cuts, cuts[1:], strict=False):
        at[offset] = a
        piece = unicodedata.normalize("NFC", text[a:b])
        pieces.append(piece)
        offset += len(piece)
    at[offset] = len(text)
    normal = "".join(pieces)
    found, i = [], normal.find(wanted)
    while i >= 0:
        if i in at and i + len(wanted) in at:
            start, end = at[i], at[i + len(wanted)]
            if text[start:end] != quote:
                found.append((start, end))
        i = normal.find(wanted, i + 1)
    return found


def normal_form(text: str) -> str:
    """How ``text`` writes its accents: 'composed (NFC)', 'decomposed (NFD)' or 'mixed'."""
    if unicodedata.is_normalized("NFC", text):
        return "composed (NFC)"
    if unicodedata.is_normalized("NFD", text):
        return "decomposed (NFD)"
    return "mixed (neither NFC nor NFD)"


def _check_span(span: Span, docs: dict[str, SourceDoc], allowed: list[str], yd: YamlDoc, path):
    if span.doc not in allowed:
        raise yd.error(
            (*path, "doc"), f"document {span.doc!r} is not listed in this file's documents"
        )
    text = docs[span.doc].text
    actual = text[span.start : span.end]
    if actual == span.quote:
        return
    hint = ""
    at = text.find(span.quote)
    if at >= 0:
        hint = f"; the quote occurs at {at}-{at + len(span.quote)}"
    else:
        near = sorted(find_normalised(text, span.quote), key=lambda f: abs(f[0] - span.start))
        if near:
            start, end = near[0]
            hint = (
                f"; the quote occurs at {start}-{end} with its accents in another Unicode "
                f"form: the text's are {normal_form(text[start:end])}, the quote's "
                f"{normal_form(span.quote)}; quote the text's own characters (brief locate "
                "gives them)"
            )
    if span.end > len(text):
        raise yd.error(
            (*path, "end"),
            f"span {span.start}-{span.end} is past the end of {span.doc} ({len(text)} characters)"
            + hint,
        )
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


def _finish_review(directory: Path) -> None:
    """Complete or undo a ``brief review --apply`` that was cut short in ``directory``
    (:mod:`helpers.facts.journal`), so that its facts files and rejections are read as a whole."""
    from .journal import JOURNAL, finish

    try:
        finish(directory)
    except OSError as exc:
        raise InputError(
            directory / JOURNAL,
            f"a `brief review --apply` was cut short here and cannot be completed "
            f"({(exc.strerror or str(exc)).lower()}); run any brief command on this directory "
            "where it is writable",
        ) from None


def _facts_paths(facts_dirs: Sequence[Path]) -> list[Path]:
    paths = []
    for directory in facts_dirs:
        if not directory.is_dir():
            raise InputError(directory, "facts directory does not exist")
        _finish_review(directory)
        paths += sorted(directory.glob(f"*{config.FACTS_SUFFIX}"))
    return paths


def load_facts(facts_dirs: Path | Sequence[Path], docs: dict[str, SourceDoc]) -> Facts:
    """Load every ``*.facts.yaml`` that covers one of ``docs``.

    ``facts_dirs`` are searched in order and the first file that covers a document wins: list the
    analyst-reviewed directory before the machine-extracted one and curated facts override
    extracted ones, document by document. An actor described in several files (one per
    document) is merged: its aliases and spans are pooled (see :mod:`helpers.facts.merge`).
    """
    dirs = (
        [Path(facts_dirs)] if isinstance(facts_dirs, str | Path) else [Path(d) for d in facts_dirs]
    )
    facts = Facts()
    merge = FactsMerge(facts, _YamlWording())
    covered_in: dict[str, Path] = {}  # document id -> the file that covers it
    for path in _facts_paths(dirs):
        yd = read_yaml(path, inside=True)
        ff = validate_model(FactsFile, yd)
        _check_one_file_per_document(yd, ff, covered_in)
        if not set(ff.documents) & set(docs) or set(ff.documents) & set(facts.review_status):
            covered_in.update({d: covered_in.get(d, path) for d in ff.documents})
            continue
        covered_in.update({d: path for d in ff.documents})
        _check_documents_known(yd, ff, docs)
        facts.files.append(path)
        merge.add(ff, yd, functools.partial(_check_item, docs, ff.documents, yd))
        for i, judgment in enumerate(ff.key_judgments):
            facts.written_at[judgment.id] = f"{path}:{yd.line(('key_judgments', i))}"
    missing = [d for d in docs if d not in facts.review_status]
    if missing:
        raise InputError(
            dirs[0],
            f"no facts file covers document(s) {missing}; add <id>{config.FACTS_SUFFIX} "
            "(see facts/ for the format) or extract them (brief extract)",
        )
    return merge.finish()


def _check_one_file_per_document(yd: YamlDoc, ff: FactsFile, covered_in: dict[str, Path]) -> None:
    """No document is covered by two facts files of one directory."""
    for i, doc_id in enumerate(ff.documents):
        other = covered_in.get(doc_id)
        if other is not None and other.parent == yd.path.parent:
            raise yd.error(
                ("documents", i),
                f"document {doc_id!r} is also covered by {other.name}: one facts file per document "
                "in a directory (merge them)",
            )


def _check_documents_known(yd: YamlDoc, ff: FactsFile, docs: dict[str, SourceDoc]) -> None:
    """Every document a facts file covers is one of the loaded documents."""
    for i, doc_id in enumerate(ff.documents):
        if doc_id not in docs:
            raise yd.error(("documents", i), f"document {doc_id!r} is not in the seeds directory")


def _check_item(
    docs: dict[str, SourceDoc], allowed: list[str], yd: YamlDoc, path: tuple, item: Any
) -> None:
    """Every quote of an item against its document's text, and its own wordings against its
    quotes (run by the merge on each item it takes)."""
    for sub, span in _spans(item, ()):
        _check_span(span, docs, allowed, yd, (*path, *sub))
    _check_wording(item, yd, path)


def check_item(
    docs: dict[str, SourceDoc], allowed: list[str], yd: YamlDoc, path: tuple, item: Any
) -> None:
    """Every quote of ``item`` against its document's text and its wordings against its quotes,
    as :func:`load_facts` checks them, a problem named at ``path`` in ``yd`` (``brief review``
    checks an analyst's corrections with it)."""
    _check_item(docs, allowed, yd, path, item)


class _YamlWording:
    """The problems a merge of facts files finds, as the YAML file, line and field they are at
    (a :class:`helpers.facts.merge.Wording` of :class:`YamlDoc` sources)."""

    def duplicate_id(self, item_id: str, here: Place[YamlDoc], there: Place[YamlDoc]) -> InputError:
        return here.source.error(
            (*here.path, "id"), f"duplicate id {item_id!r} (also at {_file_line(there)})"
        )

    def kind_conflict(
        self, actor: Actor, first: Actor, here: Place[YamlDoc], there: Place[YamlDoc]
    ) -> InputError:
        return here.source.error(
            (*here.path, "kind"),
            f"actor {actor.id!r} is a {actor.kind} here but a {first.kind} in {_file_line(there)}",
        )

    def unknown_reference(
        self, source: YamlDoc, ref: Reference, known: Collection[str]
    ) -> InputError:
        return source.error(
            ref.path,
            f"unknown {ref.kind} id {ref.refers_to!r}; known {ref.kind}s: "
            f"{listed(sorted(known), ref.kind + 's')}{suggestion(ref.refers_to, known)}",
        )


def _file_line(place: Place[YamlDoc]) -> str:
    """``000.facts.yaml:42``: the file and line an item starts at."""
    return f"{place.source.path.name}:{place.source.line(place.path)}"


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
