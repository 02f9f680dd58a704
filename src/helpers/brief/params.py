"""The brief's parameters: their model, their validation, and the corpus they select.

Kept free of pandas and matplotlib so that the renderer can check every input before it starts
a kernel, at the cost of loading pydantic and PyYAML only.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
import hashlib
import json
import zlib
from collections.abc import Container, Iterable
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, get_origin

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from .. import config
from ..facts.listing import did_you_mean, suggestion
from ..facts.loading import (
    Corpus,
    InputError,
    SourceDoc,
    listed,
    load_corpus,
    load_documents,
    read_bytes,
)
from ..facts.schema import MAX_TITLE, at_most, check_zone, date_out_of_range, parse_partial
from ..facts.times import in_window, short_date

if TYPE_CHECKING:
    from pydantic import ValidationInfo
    from pydantic_core import ErrorDetails

    from ..fuse.fusion import Fusion

#: Parameters that say where files are, not what the brief says: left out of its content hash.
LOCATIONS = (
    "seeds_dir",
    "facts_dir",
    "extracted_dir",
    "tables_dir",
    "explorer_file",
    "store",
    "previous_store",
    "previous_facts",
)


#: Longest handling marking: it is printed in the top and bottom margin of every PDF page.
MAX_MARKING = 80


class ParameterError(ValueError):
    """A notebook/CLI parameter with a bad value; the message names it and the valid choices."""

    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(f"parameter {name!r}: {message}")


def _day(value: str) -> dt.date | None:
    """``YYYY-MM-DD`` as a date, ``""`` as None; ValueError saying what is wrong otherwise."""
    if value == "":
        return None
    moment, precision = parse_partial(value)
    if precision != "day":
        raise ValueError(f"{value!r} must be a day, written YYYY-MM-DD")
    out_of_range = date_out_of_range(value)
    if out_of_range:
        raise ValueError(out_of_range)
    return moment.date()


class BriefParameters(BaseModel):
    """The brief notebook's parameters as papermill passes them: name, type, default and help.

    The one place they are declared: :data:`PARAMETERS`, :func:`parameter_help` (``brief params``,
    ``brief render --help``) and :func:`check_params` derive from it. The notebook's parameters
    cell repeats the defaults literally (papermill reads them from there), and README.md tables
    them; tests keep both in step with this model. Strict: a value must already have its type
    (``"5"`` is no ``max_rows``; the command line parses ``-p`` values before they get here).
    """

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)

    seeds_dir: str = Field(
        "",
        description="Directory of seed texts (*.txt) with *.meta.yaml sidecars; "
        "empty: the project's seeds/",
    )
    facts_dir: str = Field(
        "",
        description="Directory of analyst-reviewed *.facts.yaml files; empty: the project's facts/",
    )
    extracted_dir: str = Field(
        "",
        description="Directory of machine-extracted *.facts.yaml, used where no curated file "
        "covers a document; empty: none",
    )
    documents: list[str] = Field(
        [],
        description="Document ids (file stems) to include; empty: every document in seeds_dir",
    )
    as_of: str = Field(
        "",
        description="As-of date YYYY-MM-DD; documents published later are left out; empty: the "
        "newest publication date",
    )
    window_start: str = Field(
        "",
        description="First day of the timeline window, YYYY-MM-DD; empty: no lower bound",
    )
    window_end: str = Field(
        "", description="Last day of the timeline window, YYYY-MM-DD; empty: the as-of date"
    )
    focus_actor: str = Field(
        "", description='Actor id to highlight with its relations, e.g. "kh"; empty: none'
    )
    display_tz: str = Field(
        "UTC", description='IANA time zone of an extra time column, e.g. "America/New_York"'
    )
    title: str = Field(
        "",
        description="Title of the brief; empty: its one document's title, or for several the "
        "number of documents and the days they were published",
    )
    marking: str = Field(
        "UNCLASSIFIED // OPEN SOURCE",
        description="Handling marking, printed at the top and bottom of every page "
        f"(at most {MAX_MARKING} characters)",
    )
    tables_dir: str = Field(
        "",
        description="Directory (relative to the working directory) to write the tables as CSV; "
        "empty: do not write",
    )
    explorer_file: str = Field(
        "",
        description="File (relative to the working directory) to write the explorer page to, "
        "from the brief the notebook built; empty: do not write",
    )
    store: str = Field(
        "",
        description="Facts store written by `brief extract --store` (texts and facts of many "
        "documents); used instead of seeds_dir/facts_dir; empty: not used",
    )
    changes_since: str = Field(
        "",
        description="An earlier as-of date YYYY-MM-DD: adds what changed since then (new events, "
        "revised figures, new actors); empty: no such section",
    )
    previous_store: str = Field(
        "",
        description="An earlier facts store (e.g. a copy kept before new documents were extracted "
        "into store): adds what changed against it; empty: none",
    )
    previous_facts: str = Field(
        "",
        description="A directory of earlier facts files (*.facts.yaml, e.g. a copy of facts_dir "
        "kept before the last review), read against seeds_dir: adds what changed against them; "
        "empty: none",
    )
    max_rows: int = Field(
        200,
        description="Longest table printed in full; beyond it the brief aggregates (counts per "
        "week and per actor, top events by severity and corroboration)",
    )
    review_below: float = Field(
        0.5,
        description="Machine-extracted facts whose confidence (how likely they are right, 0-1) is "
        "below this stay out of the bottom line and key facts and are listed under Needs review; "
        "0: none",
    )

    @field_validator("max_rows", mode="before")
    @classmethod
    def _positive(cls, value: object) -> object:
        # before the strict int check, which would call True a wrong type rather than a bad count
        if isinstance(value, int) and (isinstance(value, bool) or value < 1):
            raise ValueError(f"expected a positive int, got {value!r}")
        return value

    @field_validator("review_below")
    @classmethod
    def _share(cls, value: float) -> float:
        if not 0 <= value <= 1:
            raise ValueError(f"expected a number from 0 to 1, got {value!r}")
        return value

    @field_validator("display_tz")
    @classmethod
    def _zone(cls, value: str) -> str:
        return check_zone(value)

    @field_validator("marking")
    @classmethod
    def _not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("must not be empty")
        return value

    @field_validator("title")
    @classmethod
    def _empty_or_words(cls, value: str) -> str:
        if value and not value.strip():
            raise ValueError("must hold words, or be empty for the default title")
        return value

    @field_validator("title")
    @classmethod
    def _short_title(cls, value: str) -> str:
        # as a sidecar's title: a long unbroken title costs the PDF layout minutes
        return at_most(MAX_TITLE, value, "in its title block")

    @field_validator("marking")
    @classmethod
    def _fits_the_margin(cls, value: str) -> str:
        if len(value) > MAX_MARKING:
            raise ValueError(
                f"at most {MAX_MARKING} characters (it is printed in every page's margin), "
                f"got {len(value)}"
            )
        return value

    @field_validator("as_of", "window_start", "window_end", "changes_since")
    @classmethod
    def _a_day(cls, value: str) -> str:
        _day(value)
        return value

    @field_validator("window_end")
    @classmethod
    def _after_the_start(cls, value: str, info: ValidationInfo) -> str:
        start, end = _day(info.data.get("window_start", "")), _day(value)
        if start and end and end < start:
            raise ValueError(f"{end} is before window_start {start}")
        return value


#: name -> (type, default, help), from :class:`BriefParameters`, in the notebook's order.
PARAMETERS: dict[str, tuple[type, object, str]] = {
    name: (get_origin(info.annotation) or info.annotation, info.default, info.description)
    for name, info in BriefParameters.model_fields.items()
}


def parameter_help() -> str:
    """One line per parameter: name, type, default and help (``brief params``, ``--help``)."""
    return "\n".join(
        f"  {n} ({t.__name__}, default {d!r}): {h}" for n, (t, d, h) in PARAMETERS.items()
    )


#: Which of several bad values is reported: unknown names first (alphabetically), then wrong
#: types (in the table's order), then bad values in this order.
_VALUE_ORDER = (
    "max_rows",
    "review_below",
    "documents",
    "display_tz",
    "title",
    "marking",
    "window_start",
    "window_end",
    "as_of",
    "changes_since",
)


def _reported(error: ErrorDetails) -> tuple[tuple[int, int, str], str, str]:
    """``(rank, parameter, message)`` for one pydantic error, in this module's words."""
    name = str(error["loc"][0])
    if error["type"] == "extra_forbidden":
        valid = f"valid: {', '.join(PARAMETERS)}{suggestion(name, list(PARAMETERS))}"
        return (0, 0, name), name, f"unknown parameter; {valid}"
    value_rank = (2, _VALUE_ORDER.index(name) if name in _VALUE_ORDER else 0, name)
    if len(error["loc"]) > 1:  # an item of documents
        return value_rank, name, "expected a list of document ids (strings)"
    if error["type"] == "value_error":
        return value_rank, name, str(error["ctx"]["error"])
    kind, value = PARAMETERS[name][0], error["input"]
    return (
        (1, list(PARAMETERS).index(name), name),
        name,
        f"expected {kind.__name__}, got {type(value).__name__} {value!r}",
    )


def _parameter_error(exc: ValidationError) -> ParameterError:
    _, name, message = min(_reported(e) for e in exc.errors())
    return ParameterError(name, message)


@dataclass(frozen=True)
class Params:
    """Checked parameters, resolved: paths, dates and None for the empty string."""

    seeds_dir: Path
    facts_dir: Path
    extracted_dir: Path | None
    documents: tuple[str, ...]
    as_of: dt.date | None
    window_start: dt.date | None
    window_end: dt.date | None
    focus_actor: str | None
    display_tz: str
    title: str
    marking: str
    tables_dir: Path | None = None
    store: Path | None = None
    changes_since: dt.date | None = None
    previous_store: Path | None = None
    previous_facts: Path | None = None
    max_rows: int = 200
    review_below: float = 0.5
    raw: dict = field(default_factory=dict)  # the parameters as given, defaults filled in


def _path(value: str) -> Path | None:
    return Path(value) if value else None


def check_params(**given) -> Params:
    """Type- and format-check the parameters (focus_actor is checked once facts are loaded)."""
    try:
        p = BriefParameters(**given)
    except ValidationError as exc:
        raise _parameter_error(exc) from None
    return Params(
        seeds_dir=Path(p.seeds_dir or config.SEEDS_DIR),
        facts_dir=Path(p.facts_dir or config.FACTS_DIR),
        extracted_dir=_path(p.extracted_dir),
        documents=tuple(p.documents),
        as_of=_day(p.as_of),
        window_start=_day(p.window_start),
        window_end=_day(p.window_end),
        focus_actor=p.focus_actor or None,
        display_tz=p.display_tz,
        title=p.title,
        marking=p.marking,
        tables_dir=_path(p.tables_dir),
        store=_path(p.store),
        changes_since=_day(p.changes_since),
        previous_store=_path(p.previous_store),
        previous_facts=_path(p.previous_facts),
        max_rows=p.max_rows,
        review_below=p.review_below,
        raw=p.model_dump(),
    )


@dataclass(frozen=True)
class Selection:
    params: Params
    corpus: Corpus
    as_of: dt.date
    window: tuple[dt.date | None, dt.date]
    digest: str
    fusion: Fusion | None = None  # the store's kept fusion of this selection (corpus is its own)
    fusion_key: str | None = None  # from a store: what the fusion of this selection is kept as


def default_title(documents: Iterable[tuple[str, dt.date]]) -> str:
    """The title of a brief whose ``title`` parameter is empty, from its documents' (title,
    publication day): the one document's title; for several, how many and over which days
    (never a title that claims more than the documents do)."""
    documents = sorted(((" ".join(t.split()), d) for t, d in documents), key=lambda d: d[1])
    if not documents:
        raise ValueError("a title is made from at least one document")
    if len(documents) == 1 and documents[0][0]:
        return documents[0][0]  # bounded as every sidecar title is (MAX_TITLE)
    first, last = documents[0][1], documents[-1][1]
    a, b = short_date(first.isoformat()), short_date(last.isoformat())
    days = a if first == last else f"{a} to {b}"
    noun = "document" if len(documents) == 1 else "documents"
    return f"Reporting of {len(documents):,} {noun}, {days}"


def titled(params: Params, documents: Iterable[SourceDoc]) -> Params:
    """``params`` with its title: the one given, else :func:`default_title` of ``documents``."""
    if params.title:
        return params
    pairs = [(d.meta.title, d.meta.published_date) for d in documents]
    return dataclasses.replace(params, title=default_title(pairs))


def input_digest(corpus: Corpus, params: Params) -> str:
    """sha256 over the input files (by name and bytes), the parameters and the code version."""
    h = hashlib.sha256()
    for path in sorted(corpus.input_files(), key=lambda p: p.name):
        h.update(f"{path.name}\0".encode())
        h.update(path.read_bytes())
        h.update(b"\0")
    return _seal(h, params)


def _seal(h, params: Params) -> str:
    """Finish a content hash: the earlier store changes are measured against, the parameters
    other than paths, and the code version."""
    if params.previous_store is not None:
        h.update(_previous_hash(params.previous_store).encode())
    if params.previous_facts is not None:
        for path in previous_facts_files(params.previous_facts):
            # a regular file inside the directory only: a named pipe would wait for ever
            h.update(f"{path.name}\0".encode() + read_bytes(path, inside=True) + b"\0")
    effective = {k: v for k, v in params.raw.items() if k not in LOCATIONS}
    h.update(json.dumps(effective, sort_keys=True, ensure_ascii=False).encode())
    h.update(metadata.version("analytic-brief").encode())
    return h.hexdigest()


def previous_facts_files(directory: Path) -> list[Path]:
    """The ``*.facts.yaml`` files of a ``previous_facts`` directory, sorted; a missing directory or
    one without facts files is a :class:`ParameterError`."""
    if not directory.is_dir():
        raise ParameterError("previous_facts", f"{directory} is not a directory of facts files")
    files = sorted(directory.glob("*" + config.FACTS_SUFFIX))
    if not files:
        raise ParameterError(
            "previous_facts", f"{directory} holds no *{config.FACTS_SUFFIX} file to compare with"
        )
    return files


def _previous_hash(path: Path) -> str:
    from ..facts.store import FactsStore

    if not Path(path).is_dir():
        raise ParameterError("previous_store", f"{path} is not a directory (a facts store)")
    table = FactsStore(path).arrow("documents", ["doc_id", "sha256", "facts_sha256"])
    h = hashlib.sha256()
    for doc_id, sha, facts_sha in zip(*(c.to_pylist() for c in table.columns), strict=True):
        h.update(f"{doc_id}\0{sha}\0".encode())
        h.update(bytes.fromhex(facts_sha))  # the stored hash of its facts JSON (never re-hashed)
    return h.hexdigest()


def select(**parameters) -> Selection:
    """Check the parameters and load the documents and facts they select; no tables yet.

    This is everything that can fail on bad input, and it is cheap: the renderer calls it
    before it starts a kernel.
    """
    params = check_params(**parameters)
    if params.store is not None:
        return _select_from_store(params)
    docs = load_documents(params.seeds_dir, params.documents)
    newest = max(d.meta.published_date for d in docs.values())
    as_of = params.as_of or newest
    selected = [d for d, doc in docs.items() if doc.meta.published_date <= as_of]
    if not selected:
        earliest = min(d.meta.published_date for d in docs.values())
        raise ParameterError(
            "as_of", f"no document was published on or before {as_of}; the earliest is {earliest}"
        )
    facts_dirs = [params.facts_dir] + ([params.extracted_dir] if params.extracted_dir else [])
    corpus = load_corpus(params.seeds_dir, facts_dirs, selected)
    _check_focus(params, corpus)
    # Events that start after the as-of date are not known yet.
    corpus.facts.events[:] = [e for e in corpus.facts.events if in_window(e.when, None, as_of)]
    window = (params.window_start, params.window_end or as_of)
    return Selection(params, corpus, as_of, window, input_digest(corpus, params))


def _check_focus(params: Params, corpus: Corpus, merged: Container[str] = ()) -> None:
    """``merged``: ids of a fusion's merged actors, valid too (the brief follows them)."""
    if (
        params.focus_actor
        and params.focus_actor not in corpus.facts.actors
        and params.focus_actor not in merged
    ):
        actors = sorted(corpus.facts.actors.values(), key=lambda a: a.id)
        choices = listed([f"{a.id} ({a.name})" for a in actors], "actors")
        near = did_you_mean(params.focus_actor, {a.id: a.name for a in actors})
        hint = f"; did you mean {near!r} ({corpus.facts.actors[near].name})?" if near else ""
        raise ParameterError(
            "focus_actor", f"unknown actor {params.focus_actor!r}; valid: {choices}{hint}"
        )


def _select_from_store(params: Params) -> Selection:
    """Documents and facts from a facts store (``brief extract --store``) instead of files.

    When the store keeps the fusion of exactly this selection (same stored documents and facts,
    same as-of date, same code: :func:`fusion_key`), that fused corpus is loaded instead of
    the per-document facts, after checking that its texts are the store's and that every quote
    is its text's (``Selection.fusion``). A ``changes_since`` brief needs the facts unfused, so it
    always reads them."""
    from ..facts.store import FactsStore

    store = FactsStore(params.store)
    chosen = _store_selection(params)
    as_of_day = params.as_of or chosen.newest
    window = (params.window_start, params.window_end or as_of_day)
    digest = _seal(chosen.hash.copy(), params)
    key = fusion_key(chosen, as_of_day)
    if params.changes_since is None:
        data = store.read_fused(key)
        if data is not None:
            fusion = _checked_fusion(store.fused_path(key), data, chosen)
            _check_focus(params, fusion.corpus, fusion.rename)
            return Selection(params, fusion.corpus, as_of_day, window, digest, fusion, key)
    as_of = params.as_of.isoformat() if params.as_of else None
    corpus = store.corpus(documents=params.documents, as_of=as_of)
    _check_focus(params, corpus)
    corpus.facts.events[:] = [e for e in corpus.facts.events if in_window(e.when, None, as_of_day)]
    return Selection(params, corpus, as_of_day, window, digest, fusion_key=key)


@dataclass(frozen=True)
class _Chosen:
    """The documents of a store that a brief's parameters select (one read of its documents
    table): their ids with the sha256 of their texts, the newest publication date among them,
    and a running hash of their ids, text and sidecar hashes and stored facts."""

    texts: dict[str, str]  # document id -> sha256 of its text
    newest: dt.date
    hash: hashlib._Hash
    titles: list[tuple[str, dt.date]]  # each document's title and publication day


def _store_selection(params: Params) -> _Chosen:
    from ..facts.store import FactsStore

    # the stored hash of each document's facts, not the facts: a render reads no facts to key
    columns = ["doc_id", "sha256", "meta_sha256", "published", "facts_sha256", "title"]
    table = FactsStore(params.store).arrow("documents", columns)
    rows = zip(*(table[c].to_pylist() for c in columns), strict=True)
    wanted = set(params.documents)
    known = set(table["doc_id"].to_pylist())
    unknown = sorted(wanted - known)
    if unknown:
        raise ParameterError("documents", f"not in {params.store}: {listed(unknown, 'documents')}")
    h = hashlib.sha256()
    texts: dict[str, str] = {}
    titles: list[tuple[str, dt.date]] = []
    newest = None
    for doc_id, sha, meta_sha, published_value, facts_sha, title in rows:
        day = published_value[:10]  # the sidecar's validated value (meta_json's "published")
        published = dt.date.fromisoformat(day)
        if (wanted and doc_id not in wanted) or (params.as_of and published > params.as_of):
            continue
        out_of_range = date_out_of_range(day)  # stored before the loader bounded dates
        if out_of_range:
            raise InputError(
                params.store,
                f"document {doc_id}: published: {out_of_range}; leave it out (-p documents) or "
                "correct its sidecar and run `brief extract --store` again",
            )
        texts[doc_id] = sha
        titles.append((title, published))
        newest = published if newest is None else max(newest, published)
        h.update(f"{doc_id}\0{sha}\0{meta_sha}\0".encode())
        h.update(bytes.fromhex(facts_sha))
    if not texts:
        raise ParameterError(
            "as_of" if params.as_of else "store",
            f"no document in {params.store} was published on or before {params.as_of}"
            if params.as_of
            else f"{params.store} holds no extracted document",
        )
    return _Chosen(texts, newest, h, titles)


def store_digest(params: Params) -> str:
    """The content hash of a brief built from a facts store: the selected documents' ids, text
    and sidecar hashes and stored facts, the parameters and the code version. Reads the store's
    document table only, so the renderer can check a store without loading its facts."""
    return store_check(params)[0]


def store_check(params: Params) -> tuple[str, str]:
    """:func:`store_digest` and the brief's title (the parameter, else :func:`default_title`
    of the selected documents), from one read of the store's document table."""
    chosen = _store_selection(params)
    return _seal(chosen.hash, params), params.title or default_title(chosen.titles)


@functools.lru_cache(maxsize=1)
def code_hash() -> str:
    """sha256 of the package's own files (its modules and data): a kept fusion is used only by
    the code that made it."""
    root = config.PACKAGE_DIR
    h = hashlib.sha256()
    for path in sorted([*root.rglob("*.py"), *(p for p in root.rglob("data/*") if p.is_file())]):
        h.update(f"{path.relative_to(root).as_posix()}\0".encode())
        h.update(path.read_bytes())
    return h.hexdigest()


def fusion_key(chosen: _Chosen, as_of: dt.date) -> str:
    """What a kept fusion is filed under: the selected documents' stored contents, the as-of
    date (events that start later are left out before fusing) and the code."""
    h = chosen.hash.copy()
    h.update(f"\0as_of={as_of.isoformat()}\0code={code_hash()}".encode())
    return h.hexdigest()


def _checked_fusion(path: Path, data: bytes, chosen: _Chosen) -> Fusion:
    """A kept fusion, validated, whose texts are exactly the store's selected texts and whose
    quotes are exactly their texts; :class:`InputError` naming the file otherwise."""
    from ..facts.store import check_spans
    from ..fuse.fusion import load_fusion

    try:
        fusion = load_fusion(data)
    except (ValueError, EOFError, OSError, zlib.error) as exc:
        raise InputError(
            path,
            f"not a readable kept fusion ({type(exc).__name__}: {exc}); "
            "delete it, or run `brief extract --store` again",
        ) from None
    docs = fusion.corpus.documents
    if sorted(docs) != sorted(chosen.texts):
        raise InputError(path, "its documents are not the store's selected documents")
    for doc_id, doc in docs.items():
        if hashlib.sha256(doc.text.encode("utf-8")).hexdigest() != chosen.texts[doc_id]:
            raise InputError(path, f"document {doc_id}: its text is not the store's text")
    texts = {doc_id: doc.text for doc_id, doc in docs.items()}
    check_spans(fusion.corpus.facts, texts, path)  # as every stored facts file is checked
    for merge in fusion.actor_merges:  # and the sentences merges rest on ("whose real name is")
        span = merge.span
        if span is not None and texts.get(span.doc, "")[span.start : span.end] != span.quote:
            raise InputError(
                path,
                f"actor merge {merge.merged!r}: quote {span.quote!r} is not {span.doc}'s text at "
                f"{span.start}-{span.end}",
            )
    return fusion
