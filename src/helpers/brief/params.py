"""The brief's parameters: their table, their validation, and the corpus they select.

Kept free of pandas and matplotlib so that the renderer can check every input before it starts
a kernel, at the cost of loading pydantic and PyYAML only.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import json
import zlib
from collections.abc import Container
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING

from .. import config
from ..facts.loading import Corpus, InputError, load_corpus, load_documents
from ..facts.schema import check_zone, parse_partial
from ..facts.times import in_window

if TYPE_CHECKING:
    from ..fuse.fusion import Fusion

#: Parameters that say where files are, not what the brief says: left out of its content hash.
LOCATIONS = (
    "seeds_dir",
    "facts_dir",
    "extracted_dir",
    "tables_dir",
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


#: The brief notebook's parameters: name -> (type, default, help). The notebook's parameters
#: cell repeats these defaults literally (papermill reads them from there); a test keeps the two
#: in step.
PARAMETERS: dict[str, tuple[type, object, str]] = {
    "seeds_dir": (
        str,
        "",
        "Directory of seed texts (*.txt) with *.meta.yaml sidecars; empty: the project's seeds/",
    ),
    "facts_dir": (
        str,
        "",
        "Directory of analyst-reviewed *.facts.yaml files; empty: the project's facts/",
    ),
    "extracted_dir": (
        str,
        "",
        "Directory of machine-extracted *.facts.yaml, used where no curated file covers a document; empty: none",
    ),
    "documents": (
        list,
        [],
        "Document ids (file stems) to include; empty: every document in seeds_dir",
    ),
    "as_of": (
        str,
        "",
        "As-of date YYYY-MM-DD; documents published later are left out; empty: the newest publication date",
    ),
    "window_start": (
        str,
        "",
        "First day of the timeline window, YYYY-MM-DD; empty: no lower bound",
    ),
    "window_end": (str, "", "Last day of the timeline window, YYYY-MM-DD; empty: the as-of date"),
    "focus_actor": (str, "", 'Actor id to highlight with its relations, e.g. "kh"; empty: none'),
    "display_tz": (str, "UTC", 'IANA time zone of an extra time column, e.g. "America/New_York"'),
    "title": (str, "U.S. strike kills Kata'ib Hezbollah leader in Iraq", "Title of the brief"),
    "marking": (
        str,
        "UNCLASSIFIED // OPEN SOURCE",
        "Handling marking, printed at the top and bottom of every page (at most 80 characters)",
    ),
    "tables_dir": (
        str,
        "",
        "Directory (relative to the working directory) to write the tables as CSV; empty: do not write",
    ),
    "store": (
        str,
        "",
        "Facts store written by `brief extract --store` (texts and facts of many documents); "
        "used instead of seeds_dir/facts_dir; empty: not used",
    ),
    "changes_since": (
        str,
        "",
        "An earlier as-of date YYYY-MM-DD: adds what changed since then (new events, revised "
        "figures, new actors); empty: no such section",
    ),
    "previous_store": (
        str,
        "",
        "An earlier facts store (e.g. a copy kept before new documents were extracted into "
        "store): adds what changed against it; empty: none",
    ),
    "previous_facts": (
        str,
        "",
        "A directory of earlier facts files (*.facts.yaml, e.g. a copy of facts_dir kept before "
        "the last review), read against seeds_dir: adds what changed against them; empty: none",
    ),
    "max_rows": (
        int,
        200,
        "Longest table printed in full; beyond it the brief aggregates (counts per week and per "
        "actor, top events by severity and corroboration)",
    ),
}


def _date(name: str, value: str) -> dt.date | None:
    if value == "":
        return None
    try:
        moment, precision = parse_partial(value)
    except ValueError as exc:
        raise ParameterError(name, str(exc)) from None
    if precision != "day":
        raise ParameterError(name, f"{value!r} must be a day, written YYYY-MM-DD")
    return moment.date()


@dataclass(frozen=True)
class Params:
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
    raw: dict = field(default_factory=dict)


def check_params(**given) -> Params:
    """Type- and format-check the parameters (focus_actor is checked once facts are loaded)."""
    unknown = sorted(set(given) - set(PARAMETERS))
    if unknown:
        raise ParameterError(unknown[0], f"unknown parameter; valid: {', '.join(PARAMETERS)}")
    values = {name: given.get(name, default) for name, (_, default, _) in PARAMETERS.items()}
    for name, (kind, _, _) in PARAMETERS.items():
        if not isinstance(values[name], kind):
            raise ParameterError(
                name,
                f"expected {kind.__name__}, got {type(values[name]).__name__} {values[name]!r}",
            )
    if isinstance(values["max_rows"], bool) or values["max_rows"] < 1:
        raise ParameterError("max_rows", f"expected a positive int, got {values['max_rows']!r}")
    if not all(isinstance(d, str) for d in values["documents"]):
        raise ParameterError("documents", "expected a list of document ids (strings)")
    try:
        check_zone(values["display_tz"])
    except ValueError as exc:
        raise ParameterError("display_tz", str(exc)) from None
    for name in ("title", "marking"):
        if not values[name].strip():
            raise ParameterError(name, "must not be empty")
    if len(values["marking"]) > MAX_MARKING:
        raise ParameterError(
            "marking",
            f"at most {MAX_MARKING} characters (it is printed in every page's margin), got "
            f"{len(values['marking'])}",
        )
    window_start = _date("window_start", values["window_start"])
    window_end = _date("window_end", values["window_end"])
    if window_start and window_end and window_end < window_start:
        raise ParameterError("window_end", f"{window_end} is before window_start {window_start}")
    return Params(
        seeds_dir=Path(values["seeds_dir"] or config.SEEDS_DIR),
        facts_dir=Path(values["facts_dir"] or config.FACTS_DIR),
        extracted_dir=Path(values["extracted_dir"]) if values["extracted_dir"] else None,
        documents=tuple(values["documents"]),
        as_of=_date("as_of", values["as_of"]),
        window_start=window_start,
        window_end=window_end,
        focus_actor=values["focus_actor"] or None,
        display_tz=values["display_tz"],
        title=values["title"],
        marking=values["marking"],
        tables_dir=Path(values["tables_dir"]) if values["tables_dir"] else None,
        store=Path(values["store"]) if values["store"] else None,
        changes_since=_date("changes_since", values["changes_since"]),
        previous_store=Path(values["previous_store"]) if values["previous_store"] else None,
        previous_facts=Path(values["previous_facts"]) if values["previous_facts"] else None,
        max_rows=values["max_rows"],
        raw=values,
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
            h.update(f"{path.name}\0".encode() + path.read_bytes() + b"\0")
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
    table = FactsStore(path).table("documents", ["doc_id", "sha256", "facts_json"])
    h = hashlib.sha256()
    for doc_id, sha, facts_json in table.itertuples(index=False):
        h.update(f"{doc_id}\0{sha}\0".encode())
        h.update(hashlib.sha256(facts_json.encode("utf-8")).digest())
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
        choices = ", ".join(
            f"{a.id} ({a.name})" for a in sorted(corpus.facts.actors.values(), key=lambda a: a.id)
        )
        if len(choices) > 2000:
            choices = choices[:2000] + " …"
        raise ParameterError(
            "focus_actor", f"unknown actor {params.focus_actor!r}; valid: {choices}"
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


def _store_selection(params: Params) -> _Chosen:
    from ..facts.store import FactsStore

    columns = ["doc_id", "sha256", "meta_sha256", "meta_json", "facts_json"]
    table = FactsStore(params.store).arrow("documents", columns)
    rows = zip(*(table[c].to_pylist() for c in columns), strict=True)
    wanted = set(params.documents)
    known = set(table["doc_id"].to_pylist())
    unknown = sorted(wanted - known)
    if unknown:
        raise ParameterError("documents", f"not in {params.store}: {', '.join(unknown)}")
    h = hashlib.sha256()
    texts: dict[str, str] = {}
    newest = None
    for doc_id, sha, meta_sha, meta_json, facts_json in rows:
        published = dt.date.fromisoformat(json.loads(meta_json)["published"][:10])
        if (wanted and doc_id not in wanted) or (params.as_of and published > params.as_of):
            continue
        texts[doc_id] = sha
        newest = published if newest is None else max(newest, published)
        h.update(f"{doc_id}\0{sha}\0{meta_sha}\0".encode())
        h.update(hashlib.sha256(facts_json.encode("utf-8")).digest())
    if not texts:
        raise ParameterError(
            "as_of" if params.as_of else "store",
            f"no document in {params.store} was published on or before {params.as_of}"
            if params.as_of
            else f"{params.store} holds no extracted document",
        )
    return _Chosen(texts, newest, h)


def store_digest(params: Params) -> str:
    """The content hash of a brief built from a facts store: the selected documents' ids, text
    and sidecar hashes and stored facts, the parameters and the code version. Reads the store's
    document table only, so the renderer can check a store without loading its facts."""
    return _seal(_store_selection(params).hash, params)


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


def parameter_help() -> str:
    return "\n".join(
        f"  {n} ({t.__name__}, default {d!r}): {h}" for n, (t, d, h) in PARAMETERS.items()
    )
