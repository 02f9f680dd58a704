"""``brief extract --store`` when worker processes fail: real workers, failed on purpose.

A test-only hook (:data:`helpers.corpus.TEST_HOOKS_ENV`, ``HELPERS_TEST_WORKER_HOOKS``) makes the
worker that starts a given document SIGKILL itself (as the out-of-memory killer does), sleep for
an hour, or allocate twice its memory limit. Nothing of the pool is mocked: every run starts real
worker processes. Checked:

* a killed worker: the run finishes, that document has an error row naming the cause, every
  other document is stored, and a rerun does not try it again (unless its text changes or
  ``--retry-aborted``);
* a document past its time limit or its memory limit is recorded as such, the others stored;
* a text over the size limit is recorded without any worker reading it;
* the ``brief extract`` process killed (SIGKILL), stopped (SIGTERM) or interrupted (Ctrl-C, to
  the whole process group): no process of the run remains, its stdout pipe ends (``| cat``
  ends), the message is one line, and a rerun resumes where it stopped.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil  # a dependency of distributed
import pytest
from conftest import SEED_ID
from test_store import DEV_IDS, copy_docs

from helpers.cli import EXIT_INPUT, EXIT_PARTIAL, main
from helpers.corpus import TEST_HOOKS_ENV, extract_corpus
from helpers.facts.store import FactsStore

ALL = sorted([SEED_ID, *DEV_IDS])
DIED = "worker process died (signal 9, SIGKILL, as the out-of-memory killer does) while extracting"


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return copy_docs(tmp_path / "seeds")


def brief_extract(seeds: Path, store: Path, *args: str, hooks: str = "", **popen):
    """``brief extract SEEDS --store STORE --no-progress --no-fuse ARGS`` as a subprocess."""
    env = {k: v for k, v in os.environ.items() if k != TEST_HOOKS_ENV}
    if hooks:
        env[TEST_HOOKS_ENV] = hooks
    command = [sys.executable, "-m", "helpers.cli", "extract", str(seeds), "--store", str(store)]
    command += ["--no-progress", "--no-fuse", *args]
    if popen:
        return subprocess.Popen(
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, **popen
        )
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=600)


def run(seeds: Path, store: Path, **options):
    return extract_corpus(seeds, store, **{"workers": 1, "progress": False, **options})


def test_a_killed_worker_is_recorded_and_the_run_goes_on(tmp_path: Path, seeds: Path) -> None:
    store_dir, killed = tmp_path / "store", DEV_IDS[1]
    hooks = f"kill={killed}"
    first = brief_extract(seeds, store_dir, "--workers", "2", "--batch-size", "1", hooks=hooks)
    assert first.returncode == EXIT_PARTIAL, first.stderr
    assert first.stdout.startswith("3 extracted, 0 already done, 1 failed -> "), first.stdout
    assert f"failed: {killed}: {DIED} this document [aborted; input " in first.stderr
    assert "Traceback" not in first.stderr and "BrokenProcessPool" not in first.stderr
    store = FactsStore(store_dir)
    errors = store.table("errors")
    assert list(errors["doc_id"]) == [killed]
    assert errors["error"][0].startswith(f"{DIED} this document")
    assert sorted(store.done()) == [d for d in ALL if d != killed]

    # the rerun does not try it again (it would kill its worker again): nothing is written
    again = brief_extract(seeds, store_dir, "--workers", "2", hooks=hooks)
    assert again.returncode == EXIT_PARTIAL, again.stderr
    assert again.stdout.startswith(
        "0 extracted, 3 already done, 0 failed, 1 aborted before, not retried -> "
    ), again.stdout
    assert f"not retried: {killed}: {DIED}" in again.stderr
    assert "brief extract --retry-aborted tries them" in again.stderr
    assert store.table("errors").equals(errors)

    # asked to, it tries again (here it no longer kills its worker)
    retried = brief_extract(seeds, store_dir, "--workers", "2", "--retry-aborted")
    assert retried.returncode == 0, retried.stderr
    assert retried.stdout.startswith("1 extracted, 3 already done, 0 failed -> "), retried.stdout
    assert sorted(store.done()) == ALL
    assert store.failed() == {}


def test_an_aborted_document_is_tried_again_once_its_text_changes(
    tmp_path: Path, seeds: Path, monkeypatch
) -> None:
    store, killed = tmp_path / "store", DEV_IDS[0]
    monkeypatch.setenv(TEST_HOOKS_ENV, f"kill={killed}")
    first = run(seeds, store)  # one worker: the run goes on with its replacement
    assert (first.done, [d for d, _ in first.failed]) == (3, [killed])
    assert first.failed[0][1].startswith(DIED)
    again = run(seeds, store)
    assert (again.done, again.skipped, again.failed, again.workers) == (0, 3, [], 0)
    assert again.not_retried == first.failed
    text = seeds / f"{killed}.txt"
    text.write_text(text.read_text(encoding="utf-8") + "\nMore strikes followed.\n", "utf-8")
    changed = run(seeds, store)  # tried again, and killed again
    assert (changed.not_retried, [d for d, _ in changed.failed]) == ([], [killed])
    assert changed.failed[0][1] != first.failed[0][1]  # another input, another fingerprint
    monkeypatch.delenv(TEST_HOOKS_ENV)
    assert run(seeds, store, retry_aborted=True).done == 1
    assert sorted(FactsStore(store).done()) == ALL


def test_a_document_past_its_time_limit_is_stopped(
    tmp_path: Path, seeds: Path, monkeypatch
) -> None:
    slow = DEV_IDS[0]
    monkeypatch.setenv(TEST_HOOKS_ENV, f"sleep={slow}")
    result = run(seeds, tmp_path / "store", doc_timeout=5)  # its worker sleeps for an hour
    assert result.done == 3
    assert [d for d, _ in result.failed] == [slow]
    assert result.failed[0][1].startswith(
        "timed out: no result after 5 s, the limit per document (a longer limit: brief extract "
        "--doc-timeout SECONDS) [aborted; input "
    )
    store = FactsStore(tmp_path / "store")
    assert sorted(store.done()) == [d for d in ALL if d != slow]
    assert list(store.failed()) == [slow]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="RLIMIT_AS is enforced on Linux")
def test_a_document_past_its_memory_limit_is_recorded(
    tmp_path: Path, seeds: Path, monkeypatch
) -> None:
    greedy = DEV_IDS[2]
    monkeypatch.setenv(TEST_HOOKS_ENV, f"memory={greedy}")
    result = run(seeds, tmp_path / "store", doc_memory_mb=256)  # it asks for 512 MB
    assert result.done == 3
    assert [d for d, _ in result.failed] == [greedy]
    assert result.failed[0][1].startswith(
        "out of memory: extracting this document needed more than the limit of 256 MB (a larger "
        "limit: brief extract --doc-memory MB) [aborted; input "
    )


def test_a_text_over_the_size_limit_is_not_read(tmp_path: Path, seeds: Path, monkeypatch) -> None:
    big = "big_document"
    (seeds / f"{big}.txt").write_text("Officials said the strike hit a depot. " * 160_000, "utf-8")
    meta = (seeds / f"{DEV_IDS[0]}.meta.yaml").read_text(encoding="utf-8")
    (seeds / f"{big}.meta.yaml").write_text(meta.replace(DEV_IDS[0], big), "utf-8")
    size = (seeds / f"{big}.txt").stat().st_size
    assert size > 5 * 2**20
    # a worker that started it would be killed: the message shows that none did
    monkeypatch.setenv(TEST_HOOKS_ENV, f"kill={big}")
    result = run(seeds, tmp_path / "store")  # the default limit: 5 MB
    assert (result.done, result.failed) == (
        4,
        [
            (
                big,
                f"too large: {size:,} bytes ({size / 2**20:.1f} MB) > the limit of 5 MB; not "
                f"extracted (a larger limit: brief extract --doc-max-size MB)",
            )
        ],
    )
    assert list(FactsStore(tmp_path / "store").failed()) == [big]
    # checked again at every run (a cheap check: not an abort), e.g. under another limit
    again = run(seeds, tmp_path / "store", doc_max_mb=1)
    assert (again.done, again.skipped, [d for d, _ in again.failed]) == (0, 4, [big])
    assert "> the limit of 1 MB" in again.failed[0][1]


def test_limits_are_options_of_the_store(tmp_path: Path, seeds: Path, capsys) -> None:
    assert main(["extract", str(seeds), "--doc-timeout", "5", "--retry-aborted"]) == EXIT_INPUT
    assert "--doc-timeout, --retry-aborted only apply with --store" in capsys.readouterr().err
    store = str(tmp_path / "store")
    with pytest.raises(SystemExit) as exit_:
        main(["extract", str(seeds), "--store", store, "--doc-memory", "-1"])
    assert exit_.value.code == EXIT_INPUT
    assert "--doc-memory: expected a number, 0 or more, got '-1'" in capsys.readouterr().err
    assert not (tmp_path / "store").exists()


def _wait_until_stored(store: Path, count: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 300
    while len(FactsStore(store).done()) < count:
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the documents were not stored in time"
        time.sleep(0.2)


STOPS = {
    # id: (signal, to the whole process group, exit status, stderr)
    "SIGKILL": (signal.SIGKILL, False, -signal.SIGKILL, ""),
    "SIGTERM": (signal.SIGTERM, False, 128 + signal.SIGTERM, "SIGTERM"),
    "SIGTERM-to-group": (signal.SIGTERM, True, 128 + signal.SIGTERM, "SIGTERM"),
    "Ctrl-C": (signal.SIGINT, True, 128 + signal.SIGINT, "SIGINT"),
}


@pytest.mark.parametrize(("sig", "group", "status", "named"), STOPS.values(), ids=list(STOPS))
def test_a_stopped_run_leaves_no_process_and_resumes(
    tmp_path: Path, seeds: Path, sig: int, group: bool, status: int, named: str
) -> None:
    store = tmp_path / "store"
    stuck = ALL[-1]  # the others are stored, one batch each, while its worker sleeps
    proc = brief_extract(
        seeds,
        store,
        "--workers",
        "2",
        "--batch-size",
        "1",
        hooks=f"sleep={stuck}",
        start_new_session=True,  # its own process group, as a shell job has
    )
    children: list[psutil.Process] = []
    try:
        _wait_until_stored(store, len(ALL) - 1, proc)
        children = psutil.Process(proc.pid).children(recursive=True)
        workers = [c for c in children if c.ppid() != proc.pid]  # forked by the fork server
        assert len(workers) == 2, [c.cmdline() for c in children]
        if group:
            os.killpg(proc.pid, sig)
        else:
            os.kill(proc.pid, sig)
        # read stdout and stderr to their end, as `brief extract ... | cat` does: this returns
        # only once no process of the run holds them open
        out, err = proc.communicate(timeout=120)
        gone, alive = psutil.wait_procs(children, timeout=60)
        assert alive == [], [c.cmdline() for c in alive]
    finally:
        for child in children:  # only if the test failed: leave nothing behind
            if child.is_running():
                child.kill()
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == status, err
    assert out == ""
    if named:
        assert err == (
            f"brief extract: stopped by {named}; what was extracted is kept in {store}, run the "
            f"same command again to resume\n"
        )
    # what was stored stays consistent (no error for the stopped document), and a rerun resumes
    assert sorted(FactsStore(store).done()) == ALL[:-1]
    assert FactsStore(store).failed() == {}
    again = run(seeds, store)
    assert (again.done, again.skipped, again.failed) == (1, len(ALL) - 1, [])
    FactsStore(store).corpus()
