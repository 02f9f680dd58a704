"""Corpus-scale extraction: a directory of seed texts -> a :class:`~helpers.facts.store.FactsStore`.

:func:`extract_corpus` lists ``*.txt`` in a seeds directory, skips documents the store already
holds with the same text and sidecar (so an interrupted run resumes where it stopped), extracts
the rest in parallel and streams the results into the store in batches. Two engines:

* ``local``: a process pool on this machine, one spaCy pipeline per worker process.
* ``dask``: a `distributed <https://distributed.dask.org>`_ cluster, either an existing scheduler
  (``scheduler="tcp://host:8786"``) or a ``LocalCluster`` started (and closed) for the run.

Memory stays flat whatever the corpus size: at most ``2 x workers`` chunks are in flight and at
most one batch of results waits to be written. A document that cannot be read or extracted is
recorded in the store's ``errors`` table and returned in :attr:`CorpusRun.failed`; the run goes
on. The store's tables are sorted, so they do not depend on the number of workers or on the order
in which chunks finish.
"""

from __future__ import annotations

import contextlib
import dataclasses
import math
import multiprocessing
import os
import sys
import tempfile
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import config
from .facts.loading import InputError, document_paths, load_document
from .facts.store import DocResult, FactsStore, _sha256, sidecar_sha256

ENGINES = ("local", "dask")

#: Documents per task sent to a worker (fewer when the corpus is small, so every worker gets work).
CHUNK_SIZE = 16


@dataclass
class CorpusRun:
    """What one :func:`extract_corpus` call did."""

    done: int  # documents extracted and written by this run
    skipped: int  # documents the store already held with the same text and sidecar
    failed: list[tuple[str, str]] = field(default_factory=list)  # (document id, message)
    seconds: float = 0.0
    workers: int = 0  # worker processes (local) or worker threads of the cluster (dask) used
    engine: str = "local"
    store: Path | None = None

    def summary(self) -> str:
        """``12 extracted, 3 already done, 1 failed``."""
        return f"{self.done} extracted, {self.skipped} already done, {len(self.failed)} failed"


# --------------------------------------------------------------------------------------------
# Worker side (runs in worker processes; must stay importable and picklable by reference)


def _init_worker() -> None:
    """Process-pool initializer: build the spaCy pipeline once per worker process."""
    from .extract.pipeline import build_nlp

    build_nlp()  # cached per process (functools.lru_cache)


def _message(exc: BaseException) -> str:
    if isinstance(exc, InputError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def extract_path(path: Path, shown: Path | None = None) -> DocResult:
    """Extract one seed text (and its sidecar) into a :class:`DocResult`; never raises for a
    bad document: the error is the result. ``shown`` is the path to record and report when it
    differs from the one read (a worker-local copy of a text sent with the task, or a relative
    path resolved against the submitter's directory)."""
    from .extract.pipeline import build_nlp, extract_document

    shown = shown or path
    try:
        meta_sha = sidecar_sha256(path)  # hashed before reading: a later edit forces a redo
        doc = load_document(path)
        if shown != path:
            doc = dataclasses.replace(doc, path=shown)
        facts = extract_document(doc, build_nlp())
        return DocResult.from_facts(doc, facts, meta_sha256=meta_sha)
    except Exception as exc:  # one bad document never stops the run
        message = _message(exc)
        if shown != path:
            message = message.replace(str(path.parent), str(shown.parent))
        return DocResult.from_error(shown.stem, shown, message)


def extract_chunk(paths: Sequence[str], cwd: str | None = None) -> list[DocResult]:
    """Extract a chunk of seed texts (paths readable by this worker). Relative paths are taken
    from ``cwd`` (the submitting process's directory; a cluster worker runs elsewhere) and are
    reported as given."""
    if cwd is None:
        return [extract_path(Path(p)) for p in paths]
    return [extract_path(Path(cwd) / p, Path(p)) for p in paths]


def extract_sent(items: Sequence[tuple[str, bytes | None, bytes | None]]) -> list[DocResult]:
    """Extract a chunk of texts sent as bytes: ``(original path, text bytes, sidecar bytes)``
    (``None`` where the file could not be read). They are written to a private temporary
    directory and loaded from there exactly as from the seeds directory."""
    out = []
    with tempfile.TemporaryDirectory(prefix="brief-extract-") as tmp:
        for name, text, meta in items:
            shown = Path(name)
            local = Path(tmp) / shown.name
            sidecar = local.with_name(local.stem + config.SEED_META_SUFFIX)
            if text is not None:
                local.write_bytes(text)
            if meta is not None:
                sidecar.write_bytes(meta)
            out.append(extract_path(local, shown))
            local.unlink(missing_ok=True)
            sidecar.unlink(missing_ok=True)
    return out


# --------------------------------------------------------------------------------------------
# Engines: each yields lists of results as chunks complete, with a bounded number in flight


def _failed_chunk(chunk: Sequence[str], exc: BaseException) -> list[DocResult]:
    message = f"worker failed: {_message(exc)}"
    return [DocResult.from_error(Path(p).stem, p, message) for p in chunk]


def _local_results(chunks: Iterator[list[str]], workers: int) -> Iterator[list[DocResult]]:
    methods = multiprocessing.get_all_start_methods()
    # forkserver: safe in a process that already runs threads (a Dask client, tqdm); the server
    # imports the extractor once and forks every worker from it.
    context = multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")
    if context.get_start_method() == "forkserver":
        context.set_forkserver_preload(["helpers.extract.pipeline"])
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker)
    pending: dict[Future, list[str]] = {}
    try:

        def submit() -> None:
            chunk = next(chunks, None)
            if chunk is not None:
                pending[pool.submit(extract_chunk, chunk)] = chunk

        for _ in range(2 * workers):
            submit()
        while pending:
            finished, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in finished:
                chunk = pending.pop(future)
                try:
                    results = future.result()
                except Exception as exc:  # the pool broke (a worker died): record, go on
                    results = _failed_chunk(chunk, exc)
                submit()
                yield results
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _read_or_none(path: Path) -> bytes | None:
    try:
        return path.read_bytes()
    except OSError:
        return None


def _payload(chunk: list[str]) -> list[tuple[str, bytes | None, bytes | None]]:
    out = []
    for name in chunk:
        path = Path(name)
        meta = path.with_name(path.stem + config.SEED_META_SUFFIX)
        out.append((name, _read_or_none(path), _read_or_none(meta)))
    return out


@contextlib.contextmanager
def _dask_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if scheduler:
        with Client(scheduler) as client:
            yield client
        return
    with (
        LocalCluster(
            n_workers=workers, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        yield client


def _dask_results(
    client: Any, chunks: Iterator[list[str]], slots: int, send_texts: bool
) -> Iterator[list[DocResult]]:
    from distributed import as_completed

    pending: dict[Any, list[str]] = {}
    queue = as_completed()

    def submit() -> None:
        chunk = next(chunks, None)
        if chunk is None:
            return
        if send_texts:
            future = client.submit(extract_sent, _payload(chunk), pure=False)
        else:
            future = client.submit(extract_chunk, chunk, os.getcwd(), pure=False)
        pending[future] = chunk
        queue.add(future)

    try:
        for _ in range(2 * slots):
            submit()
        for future in queue:
            chunk = pending.pop(future)
            try:
                results = future.result()
            except Exception as exc:  # a worker died or the task failed: record, go on
                results = _failed_chunk(chunk, exc)
            future.release()
            submit()
            yield results
    finally:
        for future in pending:
            future.cancel()


# --------------------------------------------------------------------------------------------
# The run


def _select(seeds_dir: Path, documents: Iterable[str], exclude: Iterable[str]) -> list[Path]:
    skip = set(exclude)
    return [p for p in document_paths(seeds_dir, documents) if p.stem not in skip]


def _fingerprint(path: Path) -> tuple[str, str] | None:
    try:
        return _sha256(path.read_bytes()), sidecar_sha256(path)
    except OSError:
        return None


def _chunks(paths: list[Path], size: int) -> Iterator[list[str]]:
    for start in range(0, len(paths), size):
        yield [str(p) for p in paths[start : start + size]]


def extract_corpus(
    seeds_dir: Path | str,
    store_dir: Path | str,
    *,
    workers: int | None = None,
    engine: str = "local",
    scheduler: str | None = None,
    batch_size: int = 64,
    progress: bool = True,
    documents: Iterable[str] = (),
    exclude: Iterable[str] = (),
    send_texts: bool = False,
    chunk_size: int | None = None,
) -> CorpusRun:
    """Extract every ``*.txt`` of ``seeds_dir`` (sorted; ``documents`` selects ids, ``exclude``
    leaves ids out) into the facts store at ``store_dir``.

    Resuming: a document already in the store with the same sha256 of its text and of its
    sidecar is skipped, so a run that was interrupted (or is simply repeated) redoes nothing that
    finished. A changed text or sidecar is extracted again and its new rows supersede the old
    ones. Documents that failed before are retried. Orphan parts of a batch that was being
    written when a run crashed are deleted first (:meth:`FactsStore.repair`).

    Engines (``workers`` defaults to ``os.cpu_count()``):

    * ``"local"``: a process pool of ``workers`` processes, each building the spaCy pipeline
      once.
    * ``"dask"``: a ``distributed`` cluster. With ``scheduler`` (``tcp://host:8786``) the
      cluster's own workers are used (``workers`` is then ignored); without it a
      ``LocalCluster(n_workers=workers, processes=True, threads_per_worker=1)`` is started and
      closed afterwards. Workers import :mod:`helpers`: on a multi-node cluster every node needs
      this project installed in its Python environment (``pip install -c constraints.txt -e .``)
      and either the seeds directory at the same absolute path (a shared file system) or
      ``send_texts=True``, which sends each document's text and sidecar bytes with its task.

    Chunks of ``chunk_size`` documents (default up to :data:`CHUNK_SIZE`) go to the workers, at
    most two per worker in flight; results are written as they arrive in batches of
    ``batch_size`` documents. A document that cannot be read, has a missing or malformed
    sidecar, or makes the extractor fail is written to the ``errors`` table and listed in
    :attr:`CorpusRun.failed`; the others are kept. ``progress`` shows a tqdm bar on stderr.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if chunk_size is not None and chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    started = time.perf_counter()
    paths = _select(Path(seeds_dir), documents, exclude)
    store = FactsStore(store_dir)
    store.repair()
    finished = store.fingerprints()
    todo = [p for p in paths if finished.get(p.stem) is None or finished[p.stem] != _fingerprint(p)]
    workers = workers or os.cpu_count() or 1
    run = CorpusRun(
        done=0, skipped=len(paths) - len(todo), workers=workers, engine=engine, store=store.path
    )
    if not todo:
        run.workers = 0  # nothing to do: no worker was started
        run.seconds = time.perf_counter() - started
        return run
    size = chunk_size or max(1, min(CHUNK_SIZE, batch_size, math.ceil(len(todo) / (2 * workers))))
    chunks = _chunks(todo, size)

    from tqdm import tqdm

    with contextlib.ExitStack() as stack:
        if engine == "local":
            workers = min(workers, math.ceil(len(todo) / size))
            results = _local_results(chunks, workers)
        else:
            client = stack.enter_context(_dask_client(scheduler, workers))
            if scheduler:
                workers = sum(client.nthreads().values()) or 1
            results = _dask_results(client, chunks, workers, send_texts)
        stack.callback(results.close)
        run.workers = workers
        bar = stack.enter_context(
            tqdm(total=len(todo), disable=not progress, file=sys.stderr, unit="doc", desc="extract")
        )
        buffer: list[DocResult] = []
        for chunk_results in results:
            for result in chunk_results:
                if result.ok:
                    run.done += 1
                else:
                    run.failed.append((result.doc_id, result.error or ""))
            buffer.extend(chunk_results)
            while len(buffer) >= batch_size:
                store.write_batch(buffer[:batch_size])
                del buffer[:batch_size]
            bar.update(len(chunk_results))
            if run.failed:
                bar.set_postfix(failed=len(run.failed), refresh=False)
        if buffer:
            store.write_batch(buffer)
    run.failed.sort()
    run.seconds = time.perf_counter() - started
    return run


def keep_fusion(store: Path | str) -> Path | None:
    """Fuse the facts store's default brief (every document, as of the newest publication date)
    and keep the fusion in the store (:meth:`~helpers.facts.store.FactsStore.write_fused`), so that
    rendering that brief loads it instead of fusing again. Returns where it was kept (nothing is
    done when it already is), or ``None`` when the store holds fewer than two extracted documents
    (one document's brief is not fused)."""
    from .brief.params import ParameterError, select
    from .fuse.fusion import dump_fusion, fuse

    try:
        sel = select(store=str(store))
    except ParameterError:  # no document was stored (every one failed): nothing to fuse
        return None
    if sel.fusion is None:
        if len(sel.corpus.documents) < 2:
            return None
        FactsStore(store).write_fused(sel.fusion_key, dump_fusion(fuse(sel.corpus)))
    return FactsStore(store).fused_path(sel.fusion_key)
