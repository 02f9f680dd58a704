"""A columnar facts store: machine-extracted facts of a whole corpus as Parquet tables.

Layout (one sub-directory per table, one Parquet part per table and batch)::

    store/
      documents/part-000001-3f9a0c2d71be.parquet   one row per document (text, metadata, facts JSON)
      events/part-000001-3f9a0c2d71be.parquet      one row per event
      actors/  relations/  claims/  errors/         likewise

A batch is written part by part, each part atomically (temporary file in the same directory,
fsync, ``os.replace``), and the ``documents`` part LAST: a batch counts as written only once its
documents part exists. Parts of other tables whose batch has no documents part (a crash
mid-batch) are orphans that every reader ignores and :meth:`FactsStore.repair` deletes. A batch
that cannot be written (a full disk: :class:`StoreWriteError`) deletes the parts it wrote before
the error is raised. A part whose columns are not this layout's (:data:`COLUMNS`) is named by
every reader, never read.

A document may be written again (its text changed, or it failed before): the newest batch that
holds a document, as a result or as an error, wins, and every row of older batches for it is
superseded. Readers (:meth:`FactsStore.table`, :meth:`FactsStore.sql`,
:meth:`FactsStore.corpus` ...) only ever see the current rows, sorted by document id then item id,
so the same inputs give the same tables whatever the batch boundaries were.

Query it with pandas (``store.table("events")``), DuckDB (``store.sql("SELECT kind, count(*)
FROM events GROUP BY 1")``), or rebuild the validated facts (``store.facts_files()``) and a
:class:`~helpers.facts.loading.Corpus` for the brief (``store.corpus()``).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import errno
import functools
import hashlib
import os
import re
import tempfile
from collections.abc import Collection, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .. import config
from .cache import gc_paused
from .durable import fsync_dir
from .loading import Corpus, Facts, InputError, SourceDoc, listed, read_bytes
from .merge import CITING, FactsMerge, Place, Reference, defined_ids, unknown_references
from .schema import Actor, Claim, Document, Event, FactsFile, Outcome, Relation, Span, When
from .times import in_window, utc_bounds

if TYPE_CHECKING:  # heavy imports stay out of worker processes until a table is read
    import duckdb
    import pandas as pd
    import pyarrow as pa

#: Table names, in the order a batch is written (``documents`` last: it commits the batch).
TABLES = ("events", "actors", "relations", "claims", "errors", "documents")

#: The column that identifies an item within a document, per table (second sort key).
ITEM_ID = {
    "documents": None,
    "events": "event_id",
    "actors": "actor_id",
    "relations": "relation_id",
    "claims": "claim_id",
    "errors": None,
}

_PART = re.compile(r"^part-(?P<batch>\d{6,})-(?P<hash>[0-9a-f]+)\.parquet$")
_HASH_CHARS = 12


def _step(what: str) -> None:
    """Called before each change a batch makes on disk (a no-op: tests/test_store_crash.py
    replaces it to SIGKILL the process at every step)."""


class StoreWriteError(RuntimeError):
    """A part of the store could not be written (a full disk, a quota, a file system that went
    read-only, an I/O error). The batch it belonged to is taken back: the store holds exactly
    what earlier batches wrote, and a rerun resumes. ``path``: the part; ``reason``: why."""

    def __init__(self, path: Path, reason: str, message: str):
        super().__init__(f"{path}: {message}")
        self.path, self.reason = path, reason


def _os_reason(exc: OSError) -> str:
    """``no space left on device`` (the error's own words, lower-cased) and what to do."""
    words = (exc.strerror or str(exc)).strip()
    words = words[:1].lower() + words[1:]
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return f"{words}; free some space"
    if exc.errno == errno.EROFS:
        return f"{words}; make it writable"
    return words


#: Every table's columns: ``name`` is a string, ``name:int`` an int64, ``name:bool`` a boolean,
#: ``name:list`` a list of strings; every column may be null.
COLUMNS = {
    # sha256: of the text file's bytes; path: as given; text: the full text (the store is
    # self-contained); facts_json: FactsFile.model_dump_json(); meta_json: the sidecar's validated
    # Document as JSON; meta_sha256: of the sidecar's bytes ("" when there was none);
    # facts_sha256: of facts_json's UTF-8 bytes (what a brief's key hashes, so that a render never
    # reads or hashes every document's facts; parts written before it had it are hashed on read).
    "documents": "doc_id title publisher published timezone language sha256 path text "
    "review_status facts_json n_events:int n_actors:int meta_json meta_sha256 facts_sha256 "
    "batch:int",
    "events": "doc_id event_id kind summary status hedge precision start end tz utc_start utc_end "
    "inferred:list location initiators:list targets:list killed_best:int killed_low:int "
    "killed_high:int injured_best:int quote span_start:int span_end:int background:bool",
    "actors": "doc_id actor_id name kind country named:bool aliases:list n_spans:int",
    "relations": "doc_id relation_id subject predicate object status quote",
    "claims": "doc_id claim_id speaker verb content when_start precision quote",
    "errors": "doc_id path error batch:int",
}


FUSED_DIR = "fused"  # beside the tables: the fused corpus of the store's default selection


@functools.cache
def schemas() -> dict[str, pa.Schema]:
    """The explicit Arrow schema of every table (from :data:`COLUMNS`)."""
    import pyarrow as pa

    types = {
        "str": pa.string(),
        "int": pa.int64(),
        "bool": pa.bool_(),
        "list": pa.list_(pa.string()),
    }
    out = {}
    for table, spec in COLUMNS.items():
        fields = [
            (col.partition(":")[0], types[col.partition(":")[2] or "str"]) for col in spec.split()
        ]
        out[table] = pa.schema(fields)
    return out


# --------------------------------------------------------------------------------------------
# Times


def when_interval_utc(when: When, default_tz: str = "UTC") -> tuple[str | None, str | None]:
    """The half-open UTC interval ``[start, end)`` a :class:`~helpers.facts.schema.When` covers.

    Values are ISO strings ``YYYY-MM-DDTHH:MM:SSZ`` (they sort as they compare). A minute covers
    ``[t, t + 1 min)``; a day, month or year covers that local day, month or year in the value's
    zone (``when.tz``, else ``default_tz``: pass the document's zone, against which the extractor
    resolved the date), converted to UTC. A period runs from the start of its start value to the
    end of its end value; a side the source does not give is ``None``, and so are both sides of
    an ``unknown`` time (:func:`helpers.facts.times.utc_bounds`, as text).
    """
    start, end = utc_bounds(when, default_tz)
    return tuple(  # type: ignore[return-value]
        None if m is None else m.strftime("%Y-%m-%dT%H:%M:%SZ") for m in (start, end)
    )


# --------------------------------------------------------------------------------------------
# Rows


def iter_spans(facts: FactsFile | Facts) -> Iterator[tuple[str, str, Span]]:
    """Every span of a facts file (or of merged :class:`~helpers.facts.loading.Facts`, whose actors
    are a dict) as ``(section, item id, span)``.

    Written out per section (much faster than walking every model field): actors, events and
    their links, relations, claims, judgments and gaps are where the schema keeps spans.
    """
    for section in CITING:
        items = getattr(facts, section)
        for item in items.values() if isinstance(items, dict) else items:
            for span in item.spans:
                yield section, item.id, span
            if section == "events":
                for link in item.links:
                    for span in link.spans:
                        yield section, item.id, span


def check_spans(facts: FactsFile | Facts, texts: Mapping[str, str], where: Path | str) -> None:
    """Raise :class:`InputError` unless every quote equals its document's text at its offsets."""
    for section, item_id, span in iter_spans(facts):
        text = texts.get(span.doc)
        if text is None:
            raise InputError(
                where,
                f"{section} item {item_id!r} cites document {span.doc!r}, which is not among "
                f"{sorted(texts)}",
            )
        actual = text[span.start : span.end]
        if actual != span.quote:
            shown = actual if len(actual) <= 60 else actual[:57] + "..."
            raise InputError(
                where,
                f"document {span.doc}: {section} item {item_id!r}: quote does not match the text "
                f"at {span.start}-{span.end}: the text there is {shown!r}",
            )


def check_references(
    facts: FactsFile, known: Mapping[str, Container[str]], where: Path | str, doc_id: str
) -> None:
    """Raise :class:`InputError` unless every id ``facts`` refers to is in ``known[kind]``
    (``kind``: ``actor``, ``event``, ``item``; see :func:`helpers.facts.merge.iter_references`)."""
    for ref in unknown_references(facts, known):
        raise _unknown_reference(where, doc_id, ref)


def _unknown_reference(where: Path | str, doc_id: str, ref: Reference) -> InputError:
    return InputError(
        where,
        f"document {doc_id}: {ref.section} item {ref.item_id!r}: unknown {ref.kind} id "
        f"{ref.refers_to!r}",
    )


class _StoreWording:
    """The problems a merge of stored facts finds, as the store and the documents they are in
    (a :class:`helpers.facts.merge.Wording` of document id sources)."""

    def __init__(self, where: Path) -> None:
        self.where = where

    def duplicate_id(self, item_id: str, here: Place[str], there: Place[str]) -> InputError:
        return InputError(
            self.where,
            f"document {here.source}: {here.path[0]} item {item_id!r}: duplicate id (also "
            f"in document {there.source})",
        )

    def kind_conflict(
        self, actor: Actor, first: Actor, here: Place[str], there: Place[str]
    ) -> InputError:
        return InputError(
            self.where,
            f"document {here.source}: actor {actor.id!r} is a {actor.kind} here but "
            f"a {first.kind} in document {there.source}",
        )

    def unknown_reference(self, source: str, ref: Reference, known: Collection[str]) -> InputError:
        return _unknown_reference(self.where, source, ref)


def _totals(outcomes: Iterable[Outcome], kind: str) -> tuple[int | None, int | None, int | None]:
    """(best, low, high) summed over the outcomes of one kind that give a number.

    ``low`` and ``high`` fall back to the other figures of the same outcome; ``best`` is ``None``
    unless every numbered outcome gives a best figure.
    """
    counts = [
        o.count
        for o in outcomes
        if o.kind == kind and any(v is not None for v in (o.count.low, o.count.best, o.count.high))
    ]
    if not counts:
        return None, None, None
    best = None if any(c.best is None for c in counts) else sum(c.best for c in counts)
    low = sum(next(v for v in (c.low, c.best, c.high) if v is not None) for c in counts)
    high = sum(next(v for v in (c.high, c.best, c.low) if v is not None) for c in counts)
    return best, low, high


def _event_row(doc_id: str, event: Event, zone: str) -> dict[str, Any]:
    utc_start, utc_end = when_interval_utc(event.when, zone)
    killed_best, killed_low, killed_high = _totals(event.outcomes, "killed")
    first = event.spans[0]
    return {
        "doc_id": doc_id,
        "event_id": event.id,
        "kind": event.kind,
        "summary": event.summary,
        "status": event.status,
        "hedge": event.hedge,
        "precision": event.when.precision,
        "start": event.when.start,
        "end": event.when.end,
        "tz": event.when.tz,
        "utc_start": utc_start,
        "utc_end": utc_end,
        "inferred": list(event.when.inferred),
        "location": event.location.name if event.location else None,
        "initiators": list(event.initiators),
        "targets": list(event.targets),
        "killed_best": killed_best,
        "killed_low": killed_low,
        "killed_high": killed_high,
        "injured_best": _totals(event.outcomes, "injured")[0],
        "quote": first.quote,
        "span_start": first.start,
        "span_end": first.end,
        "background": event.background,
    }


def _actor_row(doc_id: str, actor: Actor) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "actor_id": actor.id,
        "name": actor.name,
        "kind": actor.kind,
        "country": actor.country,
        "named": actor.named,
        "aliases": list(actor.aliases),
        "n_spans": len(actor.spans),
    }


def _relation_row(doc_id: str, relation: Relation) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "relation_id": relation.id,
        "subject": relation.subject,
        "predicate": relation.predicate,
        "object": relation.object,
        "status": relation.status,
        "quote": relation.spans[0].quote,
    }


def _claim_row(doc_id: str, claim: Claim) -> dict[str, Any]:
    return {
        "doc_id": doc_id,
        "claim_id": claim.id,
        "speaker": claim.speaker,
        "verb": claim.verb,
        "content": claim.content,
        "when_start": claim.when.start,
        "precision": claim.when.precision,
        "quote": claim.spans[0].quote,
    }


def _document_row(doc: SourceDoc, facts: FactsFile, sha: str, meta_sha256: str) -> dict[str, Any]:
    """The ``documents`` row: the text, the sidecar and the facts, whole (the store is
    self-contained), with ``sha`` of the text and ``meta_sha256`` of the sidecar's bytes."""
    meta = doc.meta
    facts_json = facts.model_dump_json()
    return {
        "doc_id": doc.id,
        "title": meta.title,
        "publisher": meta.publisher,
        "published": meta.published,
        "timezone": meta.timezone,
        "language": meta.language,
        "sha256": sha,
        "path": str(doc.path),
        "text": doc.text,
        "review_status": facts.review_status,
        "facts_json": facts_json,
        "n_events": len(facts.events),
        "n_actors": len(facts.actors),
        "meta_json": meta.model_dump_json(),
        "meta_sha256": meta_sha256,
        "facts_sha256": _sha256(facts_json.encode("utf-8")),
    }


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def sidecar_sha256(text_path: Path) -> str:
    """sha256 of the ``.meta.yaml`` sidecar's bytes next to ``text_path``; ``""`` if unreadable."""
    meta = text_path.with_name(text_path.stem + config.SEED_META_SUFFIX)
    try:
        return _sha256(read_bytes(meta))  # never opens a FIFO or a device: it would hang
    except (OSError, InputError):
        return ""


@dataclass(frozen=True)
class DocResult:
    """What extracting one document gave: its rows for every table, or an error.

    Build one with :meth:`from_facts` or :meth:`from_error`. The rows are plain Python values
    (cheap to pickle from a worker process); ``batch`` is added when the batch is written.
    """

    doc_id: str
    path: str
    error: str | None = None
    sha256: str | None = None
    rows: Mapping[str, list[dict[str, Any]]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.error is None

    @classmethod
    def from_facts(
        cls, doc: SourceDoc, facts: FactsFile, *, meta_sha256: str | None = None
    ) -> DocResult:
        """Rows for a document and its extracted facts; every quote is checked against the text.

        ``meta_sha256`` is the sha256 of the sidecar's bytes as they were read (default: read the
        sidecar next to ``doc.path`` now). Raises :class:`InputError` on a quote mismatch and
        ``ValueError`` if the facts do not cover exactly this one document.
        """
        if list(facts.documents) != [doc.id]:
            raise ValueError(
                f"{doc.id}: a facts store keeps one facts file per document, these cover "
                f"{list(facts.documents)}"
            )
        check_spans(facts, {doc.id: doc.text}, doc.path)
        check_references(facts, defined_ids(facts), doc.path, doc.id)
        sha = _sha256(doc.text.encode("utf-8"))  # UTF-8 round-trips: the file's exact bytes
        if meta_sha256 is None:
            meta_sha256 = sidecar_sha256(doc.path)
        rows = {
            "documents": [_document_row(doc, facts, sha, meta_sha256)],
            "events": [_event_row(doc.id, e, doc.meta.timezone) for e in facts.events],
            "actors": [_actor_row(doc.id, a) for a in facts.actors],
            "relations": [_relation_row(doc.id, r) for r in facts.relations],
            "claims": [_claim_row(doc.id, c) for c in facts.claims],
            "errors": [],
        }
        return cls(doc_id=doc.id, path=str(doc.path), sha256=sha, rows=rows)

    @classmethod
    def from_error(cls, doc_id: str, path: Path | str, error: str) -> DocResult:
        """A document that could not be extracted (kept in the ``errors`` table)."""
        row = {"doc_id": doc_id, "path": str(path), "error": error}
        return cls(doc_id=doc_id, path=str(path), error=error, rows={"errors": [row]})


# --------------------------------------------------------------------------------------------
# Files


def _write_atomically(table: pa.Table | bytes, target: Path) -> None:
    """Write ``target`` (a Parquet table, or bytes as they are) via a temporary file in its
    directory, fsync, then ``os.replace``."""
    import pyarrow.parquet as pq

    where = f"{target.parent.name}/{target.name}"
    _step(f"temp {where}")
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        os.fchmod(fd, 0o644)  # mkstemp's 0600 would hide a shared store from its other readers
        with os.fdopen(fd, "wb") as fh:
            if isinstance(table, bytes):
                fh.write(table)
            else:
                pq.write_table(table, fh, compression="zstd")
            fh.flush()
            os.fsync(fh.fileno())
        _step(f"replace {where}")
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    fsync_dir(target.parent)


def _read_parquet(path: Path, columns: Sequence[str], table: str | None = None) -> pa.Table:
    """``columns`` of one part (of ``table``: its columns are checked against this layout's
    first); an :class:`InputError` naming the part if it cannot be read or is of another
    layout."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        with pq.ParquetFile(path) as pf:
            if table is not None:
                _check_layout(path, pf.schema_arrow, table)
            present = set(pf.schema_arrow.names)
            missing = [c for c in columns if c not in present]
            if not missing:
                return pf.read(columns=list(columns))
            sources = [DERIVED[c][0] for c in missing if c in DERIVED]
            part = pf.read(
                columns=list(dict.fromkeys([*(c for c in columns if c in present), *sources]))
            )
    except (OSError, pa.ArrowException) as exc:
        raise InputError(path, _unreadable(path, exc)) from None
    return _complete(part, path, columns, missing)


#: Columns that parts written by older code lack, and how to derive them on reading:
#: (the column they come from, the function of its values).
DERIVED = {
    "facts_sha256": ("facts_json", lambda v: None if v is None else _sha256(v.encode("utf-8"))),
}


def _complete(table: pa.Table, path: Path, columns: Sequence[str], missing: list[str]) -> pa.Table:
    """``table`` with the ``missing`` columns of an older part added: derived where
    :data:`DERIVED` says how, null otherwise; then exactly ``columns``, in order."""
    import pyarrow as pa

    schema = schemas()[path.parent.name] if path.parent.name in TABLES else None
    for name in missing:
        kind = schema.field(name).type if schema is not None else pa.string()
        if name in DERIVED:
            source, derive = DERIVED[name]
            values = [derive(v) for v in table[source].to_pylist()]
            table = table.append_column(name, pa.array(values, kind))
        else:
            table = table.append_column(name, pa.nulls(table.num_rows, kind))
    return table.select(list(columns))


def _check_layout(path: Path, found: pa.Schema, table: str) -> None:
    """Raise an :class:`InputError` naming the part unless its columns and their types are those
    :data:`COLUMNS` gives ``table`` (a part written by another version of the store's layout, or
    by another tool, is never read as if it were of this one). A column added since, which
    :data:`DERIVED` derives for older parts, may be missing."""
    have = {f.name: f.type for f in found}
    want = {f.name: f.type for f in schemas()[table]}
    problems = []
    missing = [n for n in want if n not in have and n not in DERIVED]  # DERIVED: added later
    if missing:
        problems.append(f"missing {listed(missing, 'columns')}")
    extra = [n for n in have if n not in want]
    if extra:
        problems.append(f"not in this layout: {listed(extra, 'columns')}")
    retyped = [f"{n} ({have[n]}, not {want[n]})" for n in want if n in have and have[n] != want[n]]
    if retyped:
        problems.append(f"of another type: {listed(retyped, 'columns')}")
    if not problems:
        return
    store = path.parent.parent
    raise InputError(
        path,
        f"this part of the {table} table was written by another layout of the facts store "
        f"({'; '.join(problems)}); extract into a new store (`brief extract SEEDS --store "
        f"NEW_DIR`), or delete its batch's documents part ({store / 'documents' / path.name}), "
        f"which takes the batch back, and run `brief extract SEEDS --store {store}` again",
    )


def _unreadable(path: Path, exc: Exception) -> str:
    """Why a part of the store cannot be read, and what to do."""
    try:
        empty = os.stat(path).st_size == 0
    except OSError:
        empty = False
    store = path.parent.parent
    again = f"`brief extract SEEDS --store {store}`"
    if empty:
        return (
            f"this part of the facts store is empty (0 bytes); run {again} again: it takes the "
            "damaged batch back and extracts its documents again"
        )
    return (
        f"this part of the facts store is not a readable Parquet file ({exc}); delete its "
        f"batch's documents part ({store / 'documents' / path.name}), which takes the batch "
        f"back, and run {again} again"
    )


@dataclass(frozen=True)
class _State:
    """What the store holds right now: committed parts and each document's current batch."""

    parts: dict[str, list[tuple[int, Path]]]  # table -> committed (batch, path), by batch
    current: dict[str, int]  # document id -> the newest batch holding it (result or error)
    by_batch: dict[int, frozenset[str]]  # batch -> documents whose current batch it is
    failed: frozenset[str]  # documents whose current entry is an error


class FactsStore:
    """A directory of Parquet tables: ``documents``, ``events``, ``actors``, ``relations``,
    ``claims`` and ``errors`` (see the module docstring for layout and guarantees).

    Opening a store reads and changes nothing; the directory is created by the first
    :meth:`write_batch`. Writers take an exclusive lock (``<store>/.lock``) for each batch, so
    concurrent writers never share a batch number; readers take no lock.
    """

    def __init__(self, path: Path | str):
        self.path = Path(path)
        # document ids per committed part: parts are immutable (written once under a name that
        # carries a hash of their content), so they are read once per FactsStore object
        self._part_ids: dict[Path, list[str]] = {}
        self._layout_checked: set[Path] = set()  # parts whose columns were found right

    def __repr__(self) -> str:
        return f"FactsStore({str(self.path)!r})"

    # ---- layout

    def _dir(self, table: str) -> Path:
        return self.path / table

    def _listing(self, table: str) -> list[tuple[int, str, Path]]:
        """Every well-named part of ``table`` as (batch, hash, path), committed or not."""
        directory = self._dir(table)
        if not directory.is_dir():
            return []
        out = []
        for entry in os.scandir(directory):
            match = _PART.match(entry.name)
            if match:
                out.append((int(match["batch"]), match["hash"], Path(entry.path)))
        return sorted(out)

    def _state(self) -> _State:
        committed = {(b, h) for b, h, _ in self._listing("documents")}
        parts = {t: [(b, p) for b, h, p in self._listing(t) if (b, h) in committed] for t in TABLES}
        current: dict[str, int] = {}
        failed: set[str] = set()
        for table in ("documents", "errors"):
            for batch, path in parts[table]:
                ids = self._part_ids.get(path)
                if ids is None:
                    ids = _read_parquet(path, ["doc_id"], table).column(0).to_pylist()
                    self._part_ids[path] = ids
                for doc_id in ids:
                    if batch > current.get(doc_id, -1):
                        current[doc_id] = batch
                        (failed.add if table == "errors" else failed.discard)(doc_id)
        by_batch: dict[int, set[str]] = {}
        for doc_id, batch in current.items():
            by_batch.setdefault(batch, set()).add(doc_id)
        return _State(
            parts=parts,
            current=current,
            by_batch={b: frozenset(ids) for b, ids in by_batch.items()},
            failed=frozenset(failed),
        )

    @contextlib.contextmanager
    def _lock(self) -> Iterator[None]:
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            opened = open(self.path / ".lock", "a+b")  # noqa: SIM115 (closed by the with below)
        except OSError as exc:
            reason = _os_reason(exc)
            raise StoreWriteError(
                self.path / ".lock", reason, f"cannot lock the facts store: {reason}"
            ) from None
        with opened as fh:
            try:
                import fcntl
            except ImportError:  # not POSIX: a single writer is assumed
                yield
                return
            fcntl.flock(fh.fileno(), fcntl.LOCK_EX)
            try:
                yield
            finally:
                fcntl.flock(fh.fileno(), fcntl.LOCK_UN)

    # ---- writing

    def write_batch(self, results: Sequence[DocResult]) -> int:
        """Write one batch of per-document results; return its batch number.

        Every table gets a part (possibly empty), the ``documents`` part last. Rows are sorted by
        document id and item id, so a batch's files depend only on its contents.
        """
        import pyarrow as pa

        ids = [r.doc_id for r in results]
        if len(set(ids)) != len(ids):
            dupes = sorted({d for d in ids if ids.count(d) > 1})
            raise ValueError(f"a batch holds each document once; repeated: {dupes}")
        ordered = sorted(results, key=lambda r: r.doc_id)
        digest = hashlib.sha256()
        for r in ordered:
            digest.update(f"{r.doc_id}\0{r.path}\0{r.error}\0{r.sha256}\0".encode())
            if r.ok:
                doc = r.rows["documents"][0]
                digest.update(f"{doc['meta_sha256']}\0{doc['facts_json']}\0".encode())
        short = digest.hexdigest()[:_HASH_CHARS]
        with self._lock():
            batch = 1 + max((b for t in TABLES for b, _, _ in self._listing(t)), default=0)
            name = f"part-{batch:06d}-{short}.parquet"
            written: list[Path] = []
            target = self.path
            try:
                for table in TABLES:  # "documents" is last: it commits the batch
                    schema = schemas()[table]
                    rows = [row for r in ordered for row in r.rows.get(table, ())]
                    key = ITEM_ID[table]
                    if key:
                        rows.sort(key=lambda row, k=key: (row["doc_id"], row[k]))
                    if "batch" in schema.names:
                        rows = [{**row, "batch": batch} for row in rows]
                    target = self._dir(table) / name
                    if not target.parent.is_dir():
                        _step(f"mkdir {table}")
                        target.parent.mkdir(parents=True, exist_ok=True)
                    _write_atomically(pa.Table.from_pylist(rows, schema=schema), target)
                    written.append(target)
            except OSError as exc:
                for path in written:  # take the batch back (and give its space back)
                    with contextlib.suppress(OSError):
                        path.unlink()
                reason = _os_reason(exc)
                raise StoreWriteError(
                    target,
                    reason,
                    f"cannot write to the facts store: {reason}. This batch of "
                    f"{len(ordered)} document(s) was taken back: the store holds what earlier "
                    "batches wrote, and running the same command again resumes",
                ) from None
        return batch

    def damaged(self) -> list[tuple[int, str]]:
        """The batches (number, hash) with an empty (0-byte) part, which :meth:`repair` takes
        back."""
        return sorted(
            {
                (b, h)
                for table in TABLES
                for b, h, path in self._listing(table)
                if path.stat().st_size == 0
            }
        )

    def repair(self) -> list[Path]:
        """Delete orphan parts (of batches without a documents part) and leftover temporary
        files; return what was deleted. A batch with an empty (0-byte) part, which no reader
        could read (a write cut short by a full disk or a crash the file system did not survive),
        is taken back first: its documents part goes, so all its parts are orphans and its
        documents are extracted again. Safe while no other process is writing a batch (writers
        hold the lock this takes)."""
        if not self.path.is_dir():
            return []
        removed = []
        with self._lock():
            damaged = set(self.damaged())
            removed += [p for b, h, p in self._listing("documents") if (b, h) in damaged]
            for path in removed:
                path.unlink(missing_ok=True)
            committed = {(b, h) for b, h, _ in self._listing("documents")}
            for table in TABLES:
                directory = self._dir(table)
                if not directory.is_dir():
                    continue
                for b, h, path in self._listing(table):
                    if (b, h) not in committed:
                        removed.append(path)
                for entry in os.scandir(directory):
                    if entry.name.startswith(".") and entry.name.endswith(".tmp"):
                        removed.append(Path(entry.path))
            for path in removed:
                path.unlink(missing_ok=True)
        return sorted(removed)

    # ---- the fused corpus, kept so that a brief need not fuse again

    def fused_path(self, key: str) -> Path:
        """Where the fusion of one selection of documents is kept (``key``: see
        :func:`helpers.brief.params.fusion_key`, a hash of the selected documents' stored contents,
        the as-of date and the code)."""
        return self.path / FUSED_DIR / f"{key}.json.gz"

    def write_fused(self, key: str, data: bytes) -> Path:
        """Keep ``data`` (:func:`helpers.fuse.fusion.dump_fusion`) as the fusion of ``key``, written
        atomically; fusions kept for other keys (older contents of the store) are deleted."""
        target = self.fused_path(key)
        with self._lock():
            try:
                target.parent.mkdir(exist_ok=True)
                _write_atomically(data, target)
            except OSError as exc:
                reason = _os_reason(exc)
                raise StoreWriteError(
                    target,
                    reason,
                    f"cannot keep the fusion for the brief: {reason}. The extracted facts are "
                    "stored; a brief of the store fuses them when it is rendered",
                ) from None
            for old in target.parent.iterdir():
                if old != target:
                    old.unlink(missing_ok=True)
        return target

    def read_fused(self, key: str) -> bytes | None:
        """The fusion kept for ``key``, or ``None`` when there is none."""
        path = self.fused_path(key)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            return None
        except OSError as exc:
            raise InputError(path, f"cannot read the kept fusion: {exc.strerror or exc}") from None

    # ---- reading

    def _read(
        self,
        table: str,
        columns: Sequence[str] | None = None,
        doc_ids: Iterable[str] | None = None,
        state: _State | None = None,
        with_batch: bool = False,
        sort: bool = True,
        parts: Sequence[tuple[int, Path]] | None = None,
    ) -> pa.Table:
        """Current rows of ``table`` (only committed batches, newest batch per document),
        sorted by document id then item id (unless ``sort`` is false), with ``columns``
        (default all) and, ``with_batch``, a ``_batch`` column; from ``parts`` (committed
        ``(batch, path)`` of ``table``) only, when given."""
        import pyarrow as pa
        import pyarrow.compute as pc

        if table not in TABLES:
            raise ValueError(f"unknown table {table!r}; tables: {', '.join(sorted(TABLES))}")
        schema = schemas()[table]
        cols = list(columns) if columns is not None else list(schema.names)
        unknown = [c for c in cols if c not in schema.names]
        if unknown:
            raise ValueError(f"table {table!r} has no column(s) {unknown}; columns: {schema.names}")
        keys = [("doc_id", "ascending")] + (
            [(ITEM_ID[table], "ascending")] if ITEM_ID[table] else []
        )
        need = list(dict.fromkeys([*cols, *(k for k, _ in keys)]))
        state = state or self._state()
        wanted = None if doc_ids is None else set(doc_ids)
        pieces = []
        for batch, path in state.parts[table] if parts is None else parts:
            keep = state.by_batch.get(batch, frozenset())
            if wanted is not None:
                keep = keep & wanted
            if not keep:
                continue
            part = _read_parquet(path, need, table)
            part = part.filter(pc.is_in(part["doc_id"], value_set=pa.array(sorted(keep))))
            if with_batch:
                part = part.append_column("_batch", pa.array([batch] * part.num_rows, pa.int64()))
            pieces.append(part)
        if pieces:
            result = pa.concat_tables(pieces)
        else:
            result = schema.empty_table().select(need)
            if with_batch:
                result = result.append_column("_batch", pa.array([], pa.int64()))
        if sort:
            order = pc.sort_indices(result.select([k for k, _ in keys]), sort_keys=keys)
            if pc.any(pc.not_equal(order, pa.array(range(len(order)), order.type))).as_py():
                result = result.take(order)  # gathering big text columns costs: only if needed
        return result.select(cols + (["_batch"] if with_batch else []))

    def table(self, name: str, columns: Sequence[str] | None = None) -> pd.DataFrame:
        """One table as a DataFrame: current rows only, sorted by document id then item id.

        Integer columns are pandas nullable ``Int64``; list columns hold Python lists.
        """
        import pandas as pd
        import pyarrow as pa

        table = self._read(name, columns)
        with gc_paused():
            frame = table.to_pandas(types_mapper={pa.int64(): pd.Int64Dtype()}.get)
            for i, column in enumerate(table.schema):
                if pa.types.is_list(column.type):
                    frame[column.name] = pd.Series(table.column(i).to_pylist(), dtype=object)
        return frame

    def arrow(self, name: str, columns: Sequence[str] | None = None) -> pa.Table:
        """One table as an Arrow table (what :meth:`table` converts; no pandas needed)."""
        return self._read(name, columns)

    def connect(self) -> duckdb.DuckDBPyConnection:
        """An in-memory DuckDB connection with one view per table over the current rows.

        The views read the Parquet parts lazily (only the columns a query uses). Quote the
        column ``"end"`` (an SQL keyword).
        """
        import duckdb
        import pyarrow as pa

        state = self._state()
        self._check_layouts(state)
        con = duckdb.connect()
        current = pa.table(
            {
                "doc_id": pa.array(list(state.current), pa.string()),
                "batch": pa.array(list(state.current.values()), pa.int64()),
            }
        )
        con.register("_current", current)
        for name in TABLES:
            parts = state.parts[name]
            if not parts:
                con.register(f"_empty_{name}", schemas()[name].empty_table())
                con.execute(f"CREATE VIEW {name} AS SELECT * FROM _empty_{name}")
                continue
            files = pa.table(
                {
                    "filename": pa.array([str(p) for _, p in parts], pa.string()),
                    "batch": pa.array([b for b, _ in parts], pa.int64()),
                }
            )
            con.register(f"_parts_{name}", files)
            listed = ", ".join("'" + str(p).replace("'", "''") + "'" for _, p in parts)
            con.execute(
                f"CREATE VIEW {name} AS SELECT t.* EXCLUDE (filename) "
                f"FROM read_parquet([{listed}], filename = true, union_by_name = true) t "
                f"JOIN _parts_{name} p ON t.filename = p.filename "
                f"JOIN _current c ON t.doc_id = c.doc_id AND p.batch = c.batch"
            )
        return con

    def _check_layouts(self, state: _State) -> None:
        """Check every committed part's columns against this layout (:func:`_check_layout`),
        each part once per object: DuckDB would otherwise fail on a part of another layout
        without naming it."""
        import pyarrow as pa
        import pyarrow.parquet as pq

        for table in TABLES:
            for _, path in state.parts[table]:
                if path in self._layout_checked:
                    continue
                try:
                    found = pq.read_schema(path)
                except (OSError, pa.ArrowException) as exc:
                    raise InputError(path, _unreadable(path, exc)) from None
                _check_layout(path, found, table)
                self._layout_checked.add(path)

    def sql(self, query: str) -> pd.DataFrame:
        """Run a DuckDB query over the tables (one view per table name), as a DataFrame:
        ``store.sql("SELECT kind, count(*) AS n FROM events GROUP BY 1 ORDER BY 1")``."""
        con = self.connect()
        try:
            return con.execute(query).df()
        finally:
            con.close()

    def done(self) -> dict[str, str]:
        """Document id -> sha256 of its text, for every document whose current entry is a result
        (documents whose newest attempt failed are not done)."""
        table = self._read("documents", ["doc_id", "sha256"])
        return dict(zip(table["doc_id"].to_pylist(), table["sha256"].to_pylist(), strict=True))

    def fingerprints(self) -> dict[str, tuple[str, str]]:
        """Document id -> (sha256 of the text, sha256 of the sidecar) of every done document:
        what a resumed extraction compares to decide whether a document must be redone."""
        table = self._read("documents", ["doc_id", "sha256", "meta_sha256"])
        return {
            d: (s, m)
            for d, s, m in zip(
                table["doc_id"].to_pylist(),
                table["sha256"].to_pylist(),
                table["meta_sha256"].to_pylist(),
                strict=True,
            )
        }

    def failed(self) -> dict[str, str]:
        """Document id -> error message, for documents whose newest attempt failed."""
        table = self._read("errors", ["doc_id", "error"])
        return dict(zip(table["doc_id"].to_pylist(), table["error"].to_pylist(), strict=True))

    def _unknown(self, wanted: Sequence[str], got: Iterable[str], state: _State) -> None:
        present = set(got)
        missing = [d for d in wanted if d not in present]
        if missing:
            failed = [d for d in missing if d in state.failed]
            note = (
                f" ({len(failed)} of them failed extraction: see the errors table)"
                if failed
                else ""
            )
            shown = listed(missing, "documents")
            raise InputError(self.path, f"document(s) not in the facts store: {shown}{note}")

    def facts_files(self, doc_ids: Iterable[str] | None = None) -> list[FactsFile]:
        """The stored facts files (validated again), sorted by document id or in the order of
        ``doc_ids``; an unknown id raises :class:`InputError`."""
        state = self._state()
        wanted = None if doc_ids is None else list(doc_ids)
        table = self._read("documents", ["doc_id", "facts_json"], wanted, state, sort=False)
        ids = table["doc_id"].to_pylist()
        files = dict(zip(ids, table["facts_json"].to_pylist(), strict=True))
        if wanted is None:
            wanted = sorted(ids)
        else:
            self._unknown(wanted, ids, state)
        with gc_paused():
            return [FactsFile.model_validate_json(files[d]) for d in wanted]

    def corpus(self, documents: Iterable[str] = (), as_of: str | None = None) -> Corpus:
        """A :class:`~helpers.facts.loading.Corpus` of the stored documents (default all) and facts.

        Documents come from the store alone (metadata, text, ``path`` as it was given); facts
        are merged as :func:`helpers.facts.loading.load_facts` merges per-document facts files (an
        actor in several documents pools its aliases and spans; an actor's kind must agree; any
        other repeated id is an error; every referenced id must exist) and every quote is
        checked against the stored text. ``as_of`` (``YYYY-MM-DD``) leaves out documents
        published later and events that start later, as the brief's ``as_of`` parameter does.
        ``facts.files`` lists the Parquet parts the documents came from. Errors are
        :class:`InputError` naming the store, the document and the item.
        """
        cutoff = None
        if as_of:
            try:
                cutoff = dt.date.fromisoformat(as_of)
            except ValueError:
                raise InputError(self.path, f"as_of {as_of!r} is not a YYYY-MM-DD date") from None
        state = self._state()
        wanted = list(documents)
        if wanted:
            current = (d for d in state.current if d not in state.failed)
            self._unknown(wanted, current, state)
        with gc_paused():
            chosen = self._chosen(state, set(wanted) if wanted else None, cutoff)
            # load_documents orders documents by file name, load_facts facts files likewise
            chosen.sort(key=lambda c: c[0].id + config.SEED_TEXT_SUFFIX)
            docs = {doc.id: doc for doc, _, _ in chosen}
            chosen.sort(key=lambda c: c[0].id + config.FACTS_SUFFIX)
            facts = self._merge(docs, [(doc.id, ff) for doc, ff, _ in chosen])
            facts.files = sorted({part for _, _, part in chosen})
        if cutoff is not None:  # events that start after the as-of date are not known yet
            facts.events[:] = [e for e in facts.events if in_window(e.when, None, cutoff)]
        return Corpus(docs, facts)

    def _chosen(
        self, state: _State, wanted: set[str] | None, cutoff: dt.date | None
    ) -> list[tuple[SourceDoc, FactsFile, Path]]:
        """The current documents (``wanted``, default all) published on or before ``cutoff``,
        with their facts validated and the part they came from. Read part by part: only one
        part's texts and facts JSON are in memory at a time, beside the models built so far."""
        cols = ["doc_id", "path", "text", "meta_json", "facts_json"]
        chosen: list[tuple[SourceDoc, FactsFile, Path]] = []
        for batch, part in state.parts["documents"]:
            keep = state.by_batch.get(batch, frozenset())
            keep = keep if wanted is None else keep & wanted
            if not keep:
                continue
            table = self._read("documents", cols, keep, state, sort=False, parts=[(batch, part)])
            for path, text, meta_json, facts_json in zip(
                *(table[c].to_pylist() for c in cols[1:]), strict=True
            ):
                meta = Document.model_validate_json(meta_json)
                if cutoff is None or meta.published_date <= cutoff:
                    facts = FactsFile.model_validate_json(facts_json)
                    chosen.append((SourceDoc(meta, text, Path(path)), facts, part))
            del table
        return chosen

    def _merge(
        self, docs: Mapping[str, SourceDoc], files: Sequence[tuple[str, FactsFile]]
    ) -> Facts:
        """Merge per-document facts (``(doc id, facts)``, in load order) into one
        :class:`~helpers.facts.loading.Facts` as :func:`helpers.facts.loading.load_facts` does
        (:class:`helpers.facts.merge.FactsMerge`), each file's quotes checked first."""
        merge = FactsMerge(Facts(), _StoreWording(self.path))
        for doc_id, ff in files:
            check_spans(ff, {d: docs[d].text for d in ff.documents if d in docs}, self.path)
            merge.add(ff, doc_id)
        return merge.finish()
