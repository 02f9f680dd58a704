"""Corpus-scale extraction: a directory of seed texts -> a :class:`~helpers.facts.store.FactsStore`.

:func:`extract_corpus` lists ``*.txt`` in a seeds directory, skips documents the store already
holds with the same text and sidecar (so an interrupted run resumes where it stopped), extracts
the rest in parallel and streams the results into the store in batches. Two engines:

* ``local``: worker processes on this machine, one spaCy pipeline per worker process.
* ``dask``: a `distributed <https://distributed.dask.org>`_ cluster, either an existing scheduler
  (``scheduler="tcp://host:8786"``) or a ``LocalCluster`` started (and closed) for the run.

Memory stays flat whatever the corpus size: a bounded number of documents (local) or chunks
(dask) is in flight and at most one batch of results waits to be written. A document that cannot
be read or extracted is recorded in the store's ``errors`` table and returned in
:attr:`CorpusRun.failed`; the run goes on. The store's tables are sorted, so they do not depend on
the number of workers or on the order in which documents finish.

Failure safety of the local engine: a text larger than ``doc_max_mb`` is recorded as failed
without being read; every document gets ``doc_timeout`` seconds and ``doc_memory_mb`` of address
space in its worker. A worker that dies (the out-of-memory killer's SIGKILL, a crash), a document
that runs out of time (its worker is killed) or of memory: the document in flight is recorded as
*aborted*, a new worker takes the dead one's place and the run goes on. An aborted document is
not tried again by later runs while its text and sidecar are unchanged (``retry_aborted=True``
tries it), so one document that kills its worker cannot stop every rerun. Workers die with the
process that started them, and ignore Ctrl-C (the starting process handles it and stops them).
"""

from __future__ import annotations

import contextlib
import dataclasses
import hashlib
import itertools
import math
import multiprocessing
import os
import re
import signal
import sys
import tempfile
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from multiprocessing.connection import wait as wait_for_any
from pathlib import Path
from typing import Any

from . import config
from .facts.loading import (
    InputError,
    document_paths,
    load_document,
    read_bytes,
    writable_directory,
)
from .facts.store import DocResult, FactsStore, _sha256, sidecar_sha256

ENGINES = ("local", "dask")

#: Documents per task sent to a Dask worker (fewer when the corpus is small, so every worker gets
#: work). The local engine sends documents one by one, :data:`IN_FLIGHT` per worker.
CHUNK_SIZE = 16

#: Documents sent to one local worker ahead of its results (the first is being extracted, the
#: others wait in its pipe, so a worker never idles while the results are being written).
IN_FLIGHT = 2

#: Default per-document limits (``brief extract --doc-timeout / --doc-memory / --doc-max-size``).
DOC_TIMEOUT = 120.0  # seconds of wall-clock time for one document in a local worker
DOC_MEMORY_MB = 2048  # address space (MB) one document may add to its local worker
DOC_MAX_MB = 5.0  # texts larger than this (MB) are recorded as failed without being read

#: How the error message of an aborted document ends: a fingerprint of its text and sidecar. A
#: later run does not try the document again while the fingerprint is unchanged (see
#: :func:`extract_corpus`, ``retry_aborted``); the store keeps it as any other error message.
ABORTED_MARK = " [aborted; input {}]"
_ABORTED = re.compile(r" \[aborted; input ([0-9a-f]{16})\]$")

#: Test-only hook (tests/test_store_workers.py): ``kill=DOC,sleep=DOC,memory=DOC`` makes a local
#: worker SIGKILL itself, sleep for an hour, or allocate twice its memory limit when it starts the
#: document ``DOC``, to fail real worker processes. Read by the process that starts the workers
#: and passed to them. Never set it outside the tests.
TEST_HOOKS_ENV = "HELPERS_TEST_WORKER_HOOKS"

_STARTS = 3  # a worker that exits while starting this many times in a row stops the run


#: Seconds to wait for a Dask scheduler to answer (``--scheduler``) before saying it cannot be
#: reached (distributed's own default is 30 s, then two tracebacks).
SCHEDULER_TIMEOUT = 10.0


class SchedulerError(RuntimeError):
    """The Dask scheduler given (``scheduler=``, ``--scheduler``) cannot be reached or is not an
    address: nothing was extracted."""


class WorkerStartError(RuntimeError):
    """Local worker processes end while starting (before taking any document), again and again:
    the extractor cannot be loaded (their messages are on stderr). The run stops."""


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
    # (document id, message) of documents an earlier run aborted (worker died, out of time or
    # memory) and that were not tried again: their text and sidecar are unchanged
    not_retried: list[tuple[str, str]] = field(default_factory=list)
    # batches of the store found damaged (a 0-byte part) and taken back: their documents were
    # extracted again (FactsStore.repair)
    taken_back: int = 0

    def summary(self) -> str:
        """``12 extracted, 3 already done, 1 failed`` (``, 2 aborted before, not retried``;
        ``, 1 damaged batch taken back``)."""
        out = f"{self.done} extracted, {self.skipped} already done, {len(self.failed)} failed"
        if self.not_retried:
            out += f", {len(self.not_retried)} aborted before, not retried"
        if self.taken_back:
            s = "" if self.taken_back == 1 else "es"
            out += f", {self.taken_back} damaged batch{s} (an empty part) taken back"
        return out


# --------------------------------------------------------------------------------------------
# Worker side (runs in worker processes; must stay importable and picklable by reference)


def _init_worker() -> None:
    """Worker initializer: build the spaCy pipeline once per worker process, and extract a
    sentence, which loads what the first document would otherwise load (the packaged parser, the
    gazetteer's tables: seconds), so that a document's time limit counts its own work only."""
    from .extract.pipeline import build_nlp, extract_document
    from .facts.loading import SourceDoc
    from .facts.schema import Document

    nlp = build_nlp()  # cached per process (functools.lru_cache)
    meta = Document(
        id="warm-up", title="Warm-up", published="2024-01-01", timezone="UTC", language="en"
    )
    text = "Militants attacked a base near Baghdad on Monday, killing two soldiers, officials said."
    with contextlib.suppress(Exception):  # only a warm-up: a real document reports any error
        extract_document(SourceDoc(meta, text, Path("warm-up.txt")), nlp)


def _message(exc: BaseException) -> str:
    if isinstance(exc, InputError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"


def _extract(path: Path, shown: Path) -> DocResult:
    """Extract one seed text (and its sidecar) into a :class:`DocResult`; raises on failure."""
    from .extract.pipeline import build_nlp, extract_document

    meta = path.with_name(path.stem + config.SEED_META_SUFFIX)
    try:  # read once: hashed and parsed from the same bytes
        sidecar = read_bytes(meta, inside=True)
    except InputError:
        sidecar = None  # load_document names the problem
    meta_sha = _sha256(sidecar) if sidecar is not None else ""
    doc = load_document(path, sidecar=sidecar)
    if shown != path:
        doc = dataclasses.replace(doc, path=shown)
    facts = extract_document(doc, build_nlp())
    return DocResult.from_facts(doc, facts, meta_sha256=meta_sha)


def _error_result(path: Path, shown: Path, exc: BaseException) -> DocResult:
    message = _message(exc)
    if shown != path:
        message = message.replace(str(path.parent), str(shown.parent))
    return DocResult.from_error(shown.stem, shown, message)


def extract_path(path: Path, shown: Path | None = None) -> DocResult:
    """Extract one seed text (and its sidecar) into a :class:`DocResult`; never raises for a
    bad document: the error is the result. ``shown`` is the path to record and report when it
    differs from the one read (a worker-local copy of a text sent with the task, or a relative
    path resolved against the submitter's directory)."""
    shown = shown or path
    try:
        return _extract(path, shown)
    except Exception as exc:  # one bad document never stops the run
        return _error_result(path, shown, exc)


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


def _die_with_parent() -> None:
    """Tie this worker's life to the process that started it, which owns every worker.

    * Ctrl-C reaches the whole process group: the worker ignores SIGINT, its parent stops it.
    * Linux ``prctl(PR_SET_PDEATHSIG, SIGKILL)``: killed when its parent process ends (with the
      forkserver start method the parent is the fork server, which ends with the run).
    * A thread waits on the multiprocessing parent sentinel (a pipe the starting process holds
      open) and ends the worker the moment that process is gone, however it ended (SIGKILL too),
      even while the worker is deep in a document. Without this, the workers of a killed
      ``brief extract`` lived on, holding its stdout open (``brief extract ... | cat`` never
      ended).
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if sys.platform.startswith("linux"):
        with contextlib.suppress(Exception):  # best effort: the watcher thread is the guarantee
            import ctypes

            pr_set_pdeathsig = 1
            ctypes.CDLL(None, use_errno=True).prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        parent.join()  # returns once the parent process has ended
        os._exit(1)

    threading.Thread(target=watch, name="parent-watch", daemon=True).start()


def _address_space() -> int | None:
    """This process's virtual memory size in bytes (Linux), else ``None``."""
    try:
        with open("/proc/self/statm", encoding="ascii") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return None


@contextlib.contextmanager
def _memory_limit(mb: float | None) -> Iterator[None]:
    """Let this process's address space grow by at most ``mb`` MB inside the block
    (``RLIMIT_AS`` set to the current size plus ``mb``, restored afterwards): an allocation past
    it raises ``MemoryError`` instead of the machine running out. No limit without ``mb`` or
    where the size cannot be read (not Linux)."""
    used = _address_space() if mb else None
    if used is None:
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    # never above a limit the worker was started with (ulimit -v)
    limit = min([used + int(mb * 2**20), *(v for v in (soft, hard) if v != resource.RLIM_INFINITY)])
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _run_test_hook(action: str | None, memory_mb: float | None) -> None:
    """Test-only (see :data:`TEST_HOOKS_ENV`): fail this worker the way a document could."""
    if action == "kill":
        os.kill(os.getpid(), signal.SIGKILL)
    elif action == "sleep":
        time.sleep(3600)
    elif action == "memory":
        bytearray(int(2 * (memory_mb or 1024) * 2**20))


def _worker_main(conn: Any, memory_mb: float | None, hooks: dict[str, str]) -> None:
    """A local worker: build the pipeline, say ``ready``, then extract the paths received one
    by one, answering ``("done", DocResult)`` for each, or ``("memory", None)`` for one that
    ran out of memory (after which the worker ends: the parent starts a fresh one). ``None`` or
    the parent closing the pipe ends it."""
    _die_with_parent()
    _init_worker()
    conn.send(("ready", None))
    while True:
        try:
            name = conn.recv()
        except EOFError:
            return
        if name is None:
            return
        path = Path(name)
        try:
            with _memory_limit(memory_mb):
                _run_test_hook(hooks.get(path.stem), memory_mb)
                result = _extract(path, path)
        except MemoryError:
            result = None
        except Exception as exc:  # one bad document never stops the run
            result = _error_result(path, path, exc)
        if result is None:
            conn.send(("memory", None))
            return
        conn.send(("done", result))


# --------------------------------------------------------------------------------------------
# Engines: each yields lists of results as documents complete, with a bounded number in flight


def _failed_chunk(chunk: Sequence[str], exc: BaseException) -> list[DocResult]:
    message = f"worker failed: {_message(exc)}"
    return [DocResult.from_error(Path(p).stem, p, message) for p in chunk]


def _input_fingerprint(path: Path) -> str | None:
    """A short digest of a text and its sidecar as they are now (``None`` if unreadable)."""
    found = _fingerprint(path)
    if found is None:
        return None
    return hashlib.sha256("\0".join(found).encode()).hexdigest()[:16]


def aborted(path: Path, cause: str) -> DocResult:
    """The error result of a document whose extraction was aborted (its worker died, or it ran
    out of time or memory): ``cause`` plus :data:`ABORTED_MARK` with the fingerprint of its
    text and sidecar, by which a later run knows not to try it again while they are unchanged."""
    fingerprint = _input_fingerprint(path)
    mark = "" if fingerprint is None else ABORTED_MARK.format(fingerprint)
    return DocResult.from_error(path.stem, path, cause + mark)


def _died(exitcode: int) -> str:
    if exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = "unknown signal"
        oom = ", as the out-of-memory killer does" if -exitcode == signal.SIGKILL else ""
        how = f"died (signal {-exitcode}, {name}{oom})"
    else:
        how = f"exited (status {exitcode})"
    return f"worker process {how} while extracting this document"


def _test_hooks() -> dict[str, str]:
    """Test-only: the ``document id -> action`` of :data:`TEST_HOOKS_ENV`."""
    hooks = {}
    for item in os.environ.get(TEST_HOOKS_ENV, "").split(","):
        action, _, doc_id = item.strip().partition("=")
        if doc_id:
            hooks[doc_id] = action
    return hooks


@dataclass
class _Worker:
    process: Any
    conn: Any
    ready: bool = False  # its pipeline is built: it takes documents
    sent: deque[Path] = field(default_factory=deque)  # sent, no answer yet: [0] is in progress
    since: float = 0.0  # when sent[0] started (time.monotonic)


class _LocalPool:
    """Worker processes that each extract one document at a time, watched by the parent: a
    worker that dies is replaced and the document it was extracting recorded as aborted; so is a
    document still running after ``timeout`` seconds (its worker is killed)."""

    def __init__(self, workers: int, timeout: float | None, memory_mb: float | None) -> None:
        methods = multiprocessing.get_all_start_methods()
        # forkserver: safe in a process that already runs threads (a Dask client, tqdm); the
        # server imports the extractor once and forks every worker from it.
        self.context = multiprocessing.get_context(
            "forkserver" if "forkserver" in methods else "spawn"
        )
        if self.context.get_start_method() == "forkserver":
            self.context.set_forkserver_preload(["helpers.extract.pipeline"])
        self.timeout = timeout or None
        self.memory_mb = memory_mb or None
        self.hooks = _test_hooks()
        self.workers: list[_Worker] = []
        self.failed_starts = 0
        self.size = workers

    def start(self) -> None:
        while len(self.workers) < self.size:
            self.workers.append(self._start())

    def _start(self) -> _Worker:
        parent_end, child_end = self.context.Pipe(duplex=True)
        process = self.context.Process(
            target=_worker_main,
            args=(child_end, self.memory_mb, self.hooks),
            name="brief-extract-worker",
            daemon=True,
        )
        process.start()
        child_end.close()
        return _Worker(process, parent_end)

    def _stop(self, worker: _Worker, kill: bool) -> None:
        if not kill and worker.process.exitcode is None:
            with contextlib.suppress(OSError):
                worker.conn.send(None)
            worker.process.join(timeout=10)
        if worker.process.exitcode is None:
            worker.process.kill()
            worker.process.join()
        worker.conn.close()

    def close(self, kill: bool) -> None:
        """End every worker: ask them to finish (``kill`` false) or kill them at once."""
        workers, self.workers = self.workers, []
        for worker in workers:
            if kill and worker.process.exitcode is None:
                worker.process.kill()  # all at once, before waiting for any
        for worker in workers:
            self._stop(worker, kill)

    def run(self, paths: Iterable[Path]) -> Iterator[list[DocResult]]:
        """Extract ``paths``; yield the results (ordinary and aborted) as they come."""
        todo = deque(paths)
        while todo or any(w.sent for w in self.workers):
            for worker in self.workers:
                self._feed(worker, todo)
            waiting = [w for w in self.workers if w.sent]
            timeout = None
            if self.timeout and waiting:
                deadline = min(w.since for w in waiting) + self.timeout
                timeout = max(0.0, deadline - time.monotonic())
            handles = [h for w in self.workers for h in (w.conn, w.process.sentinel)]
            wait_for_any(handles, timeout=timeout)
            results: list[DocResult] = []
            for i, worker in enumerate(self.workers):
                if not self._service(worker, todo, results):
                    self._stop(worker, kill=True)
                    self.workers[i] = self._start()
            if results:
                yield results

    def _feed(self, worker: _Worker, todo: deque[Path]) -> None:
        while worker.ready and todo and len(worker.sent) < IN_FLIGHT:
            path = todo.popleft()
            try:
                worker.conn.send(str(path))
            except OSError:  # the worker is gone: _service finds out
                todo.appendleft(path)
                return
            if not worker.sent:
                worker.since = time.monotonic()
            worker.sent.append(path)

    def _service(self, worker: _Worker, todo: deque[Path], results: list[DocResult]) -> bool:
        """Take the worker's answers; return whether it can go on (else it is to be replaced,
        the document it was extracting recorded in ``results``, the others put back in
        ``todo``)."""
        while worker.conn.poll():
            try:
                kind, value = worker.conn.recv()
            except Exception:  # EOF or a message cut short: the worker has ended
                worker.process.join(timeout=5)  # for its exit status
                if worker.process.exitcode is None:  # its pipe broke, it lives on: end it
                    worker.process.kill()
                    worker.process.join()
                break
            if kind == "ready":
                worker.ready = True
                self.failed_starts = 0
                continue
            path = worker.sent.popleft()
            worker.since = time.monotonic()
            if kind == "done":
                results.append(value)
                continue
            # "memory": the worker has ended (a fresh one has a clean heap)
            limit = f" of {self.memory_mb:g} MB" if self.memory_mb else ""
            results.append(
                aborted(
                    path,
                    f"out of memory: extracting this document needed more than the "
                    f"limit{limit} (a larger limit: brief extract --doc-memory MB)",
                )
            )
            todo.extendleft(reversed(worker.sent))
            return False
        exitcode = worker.process.exitcode
        if exitcode is not None:
            if not worker.ready:
                self.failed_starts += 1
                if self.failed_starts >= _STARTS:
                    raise WorkerStartError(
                        f"{self.failed_starts} extraction worker processes in a row ended while "
                        f"starting (the last with status {exitcode}); see their messages above"
                    )
            elif worker.sent and exitcode != -signal.SIGTERM:
                results.append(aborted(worker.sent.popleft(), _died(exitcode)))
            # what it had not started (or was stopped from outside doing) goes to another worker
            todo.extendleft(reversed(worker.sent))
            return False
        if (
            self.timeout
            and worker.sent
            and time.monotonic() - worker.since > self.timeout
            and not worker.conn.poll()  # its answer came meanwhile: no timeout
        ):
            results.append(
                aborted(
                    worker.sent.popleft(),
                    f"timed out: no result after {self.timeout:g} s, the limit per document "
                    f"(a longer limit: brief extract --doc-timeout SECONDS)",
                )
            )
            todo.extendleft(reversed(worker.sent))
            return False
        return True


def _local_results(
    paths: list[Path], workers: int, timeout: float | None, memory_mb: float | None
) -> Iterator[list[DocResult]]:
    pool = _LocalPool(workers, timeout, memory_mb)
    finished = False
    try:
        pool.start()
        yield from pool.run(paths)
        finished = True
    finally:
        pool.close(kill=not finished)


def _read_or_none(path: Path) -> bytes | None:
    """A regular file's bytes; None for anything else (a FIFO is never opened: it would hang)."""
    try:
        return read_bytes(path)
    except (OSError, InputError):
        return None


def _payload(chunk: list[str]) -> list[tuple[str, bytes | None, bytes | None]]:
    out = []
    for name in chunk:
        path = Path(name)
        meta = path.with_name(path.stem + config.SEED_META_SUFFIX)
        out.append((name, _read_or_none(path), _read_or_none(meta)))
    return out


def _host_port(scheduler: str) -> tuple[str, str, int]:
    """``(protocol, host, port)`` of a scheduler address (``tcp://10.0.0.5:8786``,
    ``10.0.0.5:8786``, ``tls://[::1]:8786``); :class:`SchedulerError` if it is not one."""
    protocol, sep, rest = scheduler.partition("://")
    if not sep:
        protocol, rest = "tcp", scheduler
    host, colon, port = rest.rstrip("/").rpartition(":")
    host = host.strip("[]")
    if not colon or not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise SchedulerError(
            f"--scheduler {scheduler!r} is not a scheduler address: give PROTOCOL://HOST:PORT, "
            "e.g. tcp://10.0.0.5:8786"
        )
    return protocol, host, int(port)


def _check_reachable(scheduler: str, timeout: float) -> None:
    """Raise :class:`SchedulerError` at once, in one sentence, when nothing answers at a TCP
    scheduler address (distributed retries for 30 s, then prints two tracebacks)."""
    import socket

    protocol, host, port = _host_port(scheduler)
    if protocol not in ("tcp", "tls"):
        return  # other transports (inproc, ucx, ws): distributed's own connection reports
    reason = None
    try:
        with socket.create_connection((host, port), timeout=timeout):
            return
    except ConnectionRefusedError:
        reason = f"connection refused: nothing listens on port {port} of {host}"
    except socket.gaierror:
        reason = f"unknown host {host!r}"
    except TimeoutError:
        reason = f"no answer within {timeout:g} s"
    except OSError as exc:
        reason = (exc.strerror or str(exc)).lower()
    raise SchedulerError(_unreachable(scheduler, reason))


def _unreachable(scheduler: str, reason: str) -> str:
    return (
        f"cannot reach the Dask scheduler {scheduler}: {reason}; start it (`dask scheduler`) "
        "or leave --scheduler out to start a local cluster. Nothing was extracted"
    )


@contextlib.contextmanager
def _dask_client(scheduler: str | None, workers: int) -> Iterator[Any]:
    from distributed import Client, LocalCluster

    if scheduler:
        _check_reachable(scheduler, SCHEDULER_TIMEOUT)
        try:
            client = Client(scheduler, timeout=SCHEDULER_TIMEOUT)
        except (OSError, TimeoutError) as exc:  # it answers, but not as a scheduler does
            raise SchedulerError(_unreachable(scheduler, str(exc))) from None
        with client:
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
        return _sha256(read_bytes(path)), sidecar_sha256(path)
    except (OSError, InputError):
        return None


def _chunks(paths: list[Path], size: int) -> Iterator[list[str]]:
    for start in range(0, len(paths), size):
        yield [str(p) for p in paths[start : start + size]]


def _aborted_before(
    paths: list[Path], errors: dict[str, str]
) -> tuple[list[Path], list[tuple[str, str]]]:
    """Split ``paths`` into those to extract and ``(id, message)`` of those whose current entry
    in the store is an abort (:func:`aborted`) of the same text and sidecar."""
    todo, left = [], []
    for path in paths:
        found = _ABORTED.search(errors.get(path.stem, ""))
        if found and found[1] == _input_fingerprint(path):
            left.append((path.stem, errors[path.stem]))
        else:
            todo.append(path)
    return todo, left


def _too_large(paths: list[Path], max_mb: float | None) -> tuple[list[Path], list[DocResult]]:
    """Split ``paths`` into those to extract and the error results of texts over ``max_mb``."""
    if not max_mb:
        return paths, []
    todo, errors = [], []
    for path in paths:
        try:
            size = path.stat().st_size
        except OSError:  # the worker reports it as it reports any unreadable text
            size = 0
        if size > max_mb * 2**20:
            message = (
                f"too large: {size:,} bytes ({size / 2**20:.1f} MB) > the limit of {max_mb:g} MB; "
                f"not extracted (a larger limit: brief extract --doc-max-size MB)"
            )
            errors.append(DocResult.from_error(path.stem, path, message))
        else:
            todo.append(path)
    return todo, errors


def _limit(name: str, value: float | None) -> None:
    if value is not None and value < 0:
        raise ValueError(f"{name} must be positive (or 0 for no limit), got {value}")


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
    doc_timeout: float | None = DOC_TIMEOUT,
    doc_memory_mb: float | None = DOC_MEMORY_MB,
    doc_max_mb: float | None = DOC_MAX_MB,
    retry_aborted: bool = False,
) -> CorpusRun:
    """Extract every ``*.txt`` of ``seeds_dir`` (sorted; ``documents`` selects ids, ``exclude``
    leaves ids out) into the facts store at ``store_dir``.

    Resuming: a document already in the store with the same sha256 of its text and of its
    sidecar is skipped, so a run that was interrupted (or is simply repeated) redoes nothing that
    finished. A changed text or sidecar is extracted again and its new rows supersede the old
    ones. Documents that failed before are retried, except those whose extraction was aborted
    (below) and whose text and sidecar are unchanged: they are listed in
    :attr:`CorpusRun.not_retried` (``retry_aborted=True`` tries them again). Orphan parts of a
    batch that was being written when a run crashed are deleted first
    (:meth:`FactsStore.repair`).

    Engines (``workers`` defaults to ``os.cpu_count()``):

    * ``"local"``: ``workers`` worker processes, each building the spaCy pipeline once and
      extracting one document at a time.
    * ``"dask"``: a ``distributed`` cluster. With ``scheduler`` (``tcp://host:8786``) the
      cluster's own workers are used (``workers`` is then ignored); without it a
      ``LocalCluster(n_workers=workers, processes=True, threads_per_worker=1)`` is started and
      closed afterwards. Workers import :mod:`helpers`: on a multi-node cluster every node needs
      this project installed in its Python environment (``pip install -c constraints.txt -e .``)
      and either the seeds directory at the same absolute path (a shared file system) or
      ``send_texts=True``, which sends each document's text and sidecar bytes with its task.
      Chunks of ``chunk_size`` documents (default up to :data:`CHUNK_SIZE`) go to the workers,
      at most two per worker in flight.

    Results are written as they arrive in batches of ``batch_size`` documents. A document that
    cannot be read, has a missing or malformed sidecar, or makes the extractor fail is written
    to the ``errors`` table and listed in :attr:`CorpusRun.failed`; the others are kept.
    ``progress`` shows a tqdm bar on stderr.

    Limits per document (``None`` or 0: none): a text over ``doc_max_mb`` MB is recorded as
    failed without being read (both engines). In the local engine a document gets
    ``doc_timeout`` seconds and may grow its worker's address space by ``doc_memory_mb`` MB;
    past either, or when its worker dies (e.g. killed by the out-of-memory killer), its
    extraction is *aborted*: recorded as failed with the cause, a fresh worker replaces the old
    one, the run goes on. (A Dask cluster has its own: a worker over its memory limit is
    restarted by its nanny, and a task that kills workers repeatedly fails its chunk.)

    Interrupted (``KeyboardInterrupt``), the run stops its workers, writes the results that had
    finished and re-raises: the store stays consistent and the next run resumes.
    """
    if engine not in ENGINES:
        raise ValueError(f"unknown engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if batch_size < 1:
        raise ValueError(f"batch_size must be at least 1, got {batch_size}")
    if workers is not None and workers < 1:
        raise ValueError(f"workers must be at least 1, got {workers}")
    if chunk_size is not None and chunk_size < 1:
        raise ValueError(f"chunk_size must be at least 1, got {chunk_size}")
    _limit("doc_timeout", doc_timeout)
    _limit("doc_memory_mb", doc_memory_mb)
    _limit("doc_max_mb", doc_max_mb)
    started = time.perf_counter()
    writable_directory(Path(store_dir), "facts store")  # a clear message before any work
    paths = _select(Path(seeds_dir), documents, exclude)
    store = FactsStore(store_dir)
    taken_back = len(store.damaged()) if store.path.is_dir() else 0
    store.repair()
    finished = store.fingerprints()
    todo = [p for p in paths if finished.get(p.stem) is None or finished[p.stem] != _fingerprint(p)]
    workers = workers or os.cpu_count() or 1
    run = CorpusRun(
        done=0,
        skipped=len(paths) - len(todo),
        workers=workers,
        engine=engine,
        store=store.path,
        taken_back=taken_back,
    )
    if todo and not retry_aborted:
        todo, run.not_retried = _aborted_before(todo, store.failed())
    if not todo:
        run.workers = 0  # nothing to do: no worker was started
        run.seconds = time.perf_counter() - started
        return run
    total = len(todo)
    todo, oversize = _too_large(todo, doc_max_mb)
    results: Iterator[list[DocResult]] = iter([oversize] if oversize else [])

    from tqdm import tqdm

    with contextlib.ExitStack() as stack:
        if not todo:
            run.workers = 0
        elif engine == "local":
            run.workers = min(workers, len(todo))
            work = _local_results(todo, run.workers, doc_timeout, doc_memory_mb)
            stack.callback(work.close)
            results = itertools.chain(results, work)
        else:
            client = stack.enter_context(_dask_client(scheduler, workers))
            if scheduler:
                workers = sum(client.nthreads().values()) or 1
            size = chunk_size or max(
                1, min(CHUNK_SIZE, batch_size, math.ceil(len(todo) / (2 * workers)))
            )
            work = _dask_results(client, _chunks(todo, size), workers, send_texts)
            stack.callback(work.close)
            run.workers = workers
            results = itertools.chain(results, work)
        bar = stack.enter_context(
            tqdm(total=total, disable=not progress, file=sys.stderr, unit="doc", desc="extract")
        )
        buffer: list[DocResult] = []
        try:
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
        except KeyboardInterrupt:
            stack.close()  # stop the workers first
            if buffer:  # keep what finished: the next run resumes after it
                store.write_batch(buffer)
            raise
        if buffer:
            store.write_batch(buffer)
    run.failed.sort()
    run.seconds = time.perf_counter() - started
    return run


def keep_fusion(
    store: Path | str,
    *,
    engine: str = "local",
    scheduler: str | None = None,
    workers: int | None = None,
) -> Path | None:
    """Fuse the facts store's default brief (every document, as of the newest publication date)
    and keep the fusion in the store (:meth:`~helpers.facts.store.FactsStore.write_fused`), so that
    rendering that brief loads it instead of fusing again. Returns where it was kept (nothing is
    done when it already is), or ``None`` when the store holds fewer than two extracted documents
    (one document's brief is not fused).

    ``engine="dask"``: the fusion's runs of dated reports are swept on a Dask cluster (the one
    at ``scheduler``, or a ``LocalCluster`` of ``workers`` processes started for it), as
    :func:`helpers.fuse.fusion.fuse` does with a client; the fusion is the same."""
    from .brief.params import ParameterError, select
    from .fuse.fusion import dump_fusion, fuse

    try:
        sel = select(store=str(store))
    except ParameterError:  # no document was stored (every one failed): nothing to fuse
        return None
    if sel.fusion is None:
        if len(sel.corpus.documents) < 2:
            return None
        with contextlib.ExitStack() as stack:
            client = None
            if engine == "dask":
                client = stack.enter_context(
                    _dask_client(scheduler, workers or os.cpu_count() or 1)
                )
            fusion = fuse(sel.corpus, client=client)
        FactsStore(store).write_fused(sel.fusion_key, dump_fusion(fusion))
    return FactsStore(store).fused_path(sel.fusion_key)
