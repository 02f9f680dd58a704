"""The brief's parameters: their table, their validation, and the corpus they select.

Kept free of pandas and matplotlib so that the renderer can check every input before it starts
a kernel, at the cost of loading pydantic and PyYAML only.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

from . import config
from .loading import Corpus, load_corpus, load_documents
from .schema import check_zone, parse_partial
from .times import in_window

#: Parameters that say where files are, not what the brief says: left out of its content hash.
LOCATIONS = ("seeds_dir", "facts_dir", "extracted_dir", "tables_dir", "store", "previous_store")


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
        "Handling marking, printed at the top and bottom of every page",
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
    effective = {k: v for k, v in params.raw.items() if k not in LOCATIONS}
    h.update(json.dumps(effective, sort_keys=True, ensure_ascii=False).encode())
    h.update(metadata.version("analytic-brief").encode())
    return h.hexdigest()


def _previous_hash(path: Path) -> str:
    from .store import FactsStore

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


def _check_focus(params: Params, corpus: Corpus) -> None:
    if params.focus_actor and params.focus_actor not in corpus.facts.actors:
        choices = ", ".join(
            f"{a.id} ({a.name})" for a in sorted(corpus.facts.actors.values(), key=lambda a: a.id)
        )
        if len(choices) > 2000:
            choices = choices[:2000] + " …"
        raise ParameterError(
            "focus_actor", f"unknown actor {params.focus_actor!r}; valid: {choices}"
        )


def _select_from_store(params: Params) -> Selection:
    """Documents and facts from a facts store (``brief extract --store``) instead of files."""
    from .store import FactsStore

    store = FactsStore(params.store)
    as_of = params.as_of.isoformat() if params.as_of else None
    corpus = store.corpus(documents=params.documents, as_of=as_of)
    if not corpus.documents:
        raise ParameterError(
            "as_of" if as_of else "store",
            f"no document in {params.store} was published on or before {as_of}"
            if as_of
            else f"{params.store} holds no extracted document",
        )
    newest = max(d.meta.published_date for d in corpus.documents.values())
    as_of_day = params.as_of or newest
    _check_focus(params, corpus)
    corpus.facts.events[:] = [e for e in corpus.facts.events if in_window(e.when, None, as_of_day)]
    window = (params.window_start, params.window_end or as_of_day)
    return Selection(params, corpus, as_of_day, window, store_digest(params))


def store_digest(params: Params) -> str:
    """The content hash of a brief built from a facts store: the selected documents' ids, text
    and sidecar hashes and stored facts, the parameters and the code version. Reads the store's
    document table only, so the renderer can check a store without loading its facts."""
    from .store import FactsStore

    table = FactsStore(params.store).table(
        "documents", ["doc_id", "sha256", "meta_sha256", "meta_json", "facts_json"]
    )
    wanted = set(params.documents)
    known = set(table["doc_id"])
    unknown = sorted(wanted - known)
    if unknown:
        raise ParameterError("documents", f"not in {params.store}: {', '.join(unknown)}")
    h = hashlib.sha256()
    chosen = 0
    for doc_id, sha, meta_sha, meta_json, facts_json in table.itertuples(index=False):
        published = json.loads(meta_json)["published"][:10]
        if (wanted and doc_id not in wanted) or (
            params.as_of and dt.date.fromisoformat(published) > params.as_of
        ):
            continue
        chosen += 1
        h.update(f"{doc_id}\0{sha}\0{meta_sha}\0".encode())
        h.update(hashlib.sha256(facts_json.encode("utf-8")).digest())
    if not chosen:
        raise ParameterError(
            "as_of" if params.as_of else "store",
            f"no document in {params.store} was published on or before {params.as_of}"
            if params.as_of
            else f"{params.store} holds no extracted document",
        )
    return _seal(h, params)


def parameter_help() -> str:
    return "\n".join(
        f"  {n} ({t.__name__}, default {d!r}): {h}" for n, (t, d, h) in PARAMETERS.items()
    )
