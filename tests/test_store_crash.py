"""The facts store is consistent whichever step of a batch the writing process is killed at.

A batch writes one Parquet part per table, each through a temporary file and a rename, the
``documents`` part last (it commits the batch). A real process writes a real batch and SIGKILLs
itself before each of those steps in turn (``helpers.facts.store._step``); then

* every reader sees exactly the store as it was before the batch (the batch is committed only
  by its last rename, so no kill leaves half of it visible), and the batch written to its end
  gives exactly the new store;
* the next run's :meth:`FactsStore.repair` (what ``brief extract --store`` does first) removes
  everything the dead process left, temporary files and orphan parts, and nothing else;
* the same batch written again then gives exactly the new store.
"""

from __future__ import annotations

import dataclasses
import pickle
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import FACTS_NAME, SEED_ID, SIGKILL_AT_STEP

from helpers import config
from helpers.facts.loading import load_document
from helpers.facts.schema import FactsFile
from helpers.facts.store import TABLES, DocResult, FactsStore

WRITE = (
    """
import os, pickle, signal, sys
from helpers.facts import store

path, batch, kill_at = sys.argv[1], sys.argv[2], int(sys.argv[3])
"""
    + SIGKILL_AT_STEP
    + """
store._step = step
with open(batch, "rb") as fh:
    results = pickle.load(fh)
store.FactsStore(path).write_batch(results)
"""
)


def write(path: Path, batch: Path, kill_at: int) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", WRITE, str(path), str(batch), str(kill_at)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def contents(path: Path) -> dict[str, list[dict]]:
    """What a reader sees: every table's current rows (a new FactsStore: nothing cached)."""
    store = FactsStore(path)
    return {table: store.arrow(table).to_pylist() for table in TABLES}


def files(path: Path) -> set[str]:
    return {str(p.relative_to(path)) for p in path.rglob("*")}


@pytest.fixture(scope="module")
def case(tmp_path_factory) -> dict:
    """A store of two batches (the seed; another document that failed), and a third batch that
    stores the seed again under a changed title (it supersedes the first) and the failed one's
    facts: every table changes."""
    work = tmp_path_factory.mktemp("store-crash")
    doc = load_document(config.SEEDS_DIR / f"{SEED_ID}.txt")
    facts = FactsFile.model_validate(
        yaml.safe_load((config.FACTS_DIR / FACTS_NAME).read_text("utf-8"))
    )
    other = dataclasses.replace(doc, meta=doc.meta.model_copy(update={"id": "other"}))
    other_facts = FactsFile.model_validate_json(
        facts.model_dump_json().replace(f'"{SEED_ID}"', '"other"')
    )
    before = work / "before"
    store = FactsStore(before)
    store.write_batch([DocResult.from_facts(doc, facts, meta_sha256="a")])
    store.write_batch([DocResult.from_error("other", "/seeds/other.txt", "boom")])
    retitled = dataclasses.replace(doc, meta=doc.meta.model_copy(update={"title": "Retitled"}))
    batch = work / "batch.pickle"
    batch.write_bytes(
        pickle.dumps(
            [
                DocResult.from_facts(retitled, facts, meta_sha256="b"),
                DocResult.from_facts(other, other_facts, meta_sha256="c"),
            ]
        )
    )
    after = work / "after"
    shutil.copytree(before, after)
    done = write(after, batch, -1)
    assert done.returncode == 0, done.stderr
    return {
        "before": before,
        "after": after,
        "batch": batch,
        "steps": done.stdout.splitlines(),
    }


def test_the_batch_changes_every_table_and_goes_through_every_kind_of_step(case):
    old, new = contents(case["before"]), contents(case["after"])
    assert all(old[t] != new[t] for t in TABLES if t != "errors")
    assert old["errors"] != [] and new["errors"] == []
    steps = case["steps"]
    assert [s.split()[0] for s in steps] == ["temp", "replace"] * len(TABLES)
    assert steps[-1].startswith("replace documents/")  # the commit comes last


def test_a_kill_at_any_step_of_a_batch_leaves_the_old_store_and_the_next_run_cleans_up(
    case, tmp_path
):
    old, new = contents(case["before"]), contents(case["after"])
    old_files = files(case["before"])
    for kill_at, step in enumerate(case["steps"]):
        store = tmp_path / f"killed-{kill_at}"
        shutil.copytree(case["before"], store)
        killed = write(store, case["batch"], kill_at)
        assert killed.returncode == -signal.SIGKILL, (step, killed.stderr)
        assert len(killed.stdout.splitlines()) == kill_at
        assert contents(store) == old, f"killed before {step!r}"

        left = files(store) - old_files  # what the dead process left: only temp files, orphans
        FactsStore(store).repair()
        assert files(store) == old_files, f"killed before {step!r}: {sorted(left)}"
        assert contents(store) == old

        again = write(store, case["batch"], -1)
        assert again.returncode == 0, again.stderr
        assert contents(store) == new, f"killed before {step!r}, then written again"
        shutil.rmtree(store)
