"""Corpus-scale extraction into a facts store: resume, failures, engines, determinism, CLI."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import SEED_ID
from test_store import DEV_IDS, copy_docs

from helpers import config
from helpers.cli import EXIT_INPUT, EXIT_PARTIAL, main
from helpers.corpus import extract_corpus
from helpers.extract.pipeline import build_nlp, extract_document
from helpers.facts.loading import InputError, load_document
from helpers.facts.store import TABLES, FactsStore

#: Documents that cannot be extracted, by the reason.
BAD = {
    "bad_encoding": "not valid UTF-8",
    "bad_no_sidecar": "no metadata sidecar",
    "bad_yaml": "YAML syntax error",
    "bad_zone": "unknown time zone",
}


def add_bad_documents(seeds: Path) -> None:
    meta = (config.PROJECT_ROOT / "benchmarks" / "devset" / f"{DEV_IDS[0]}.meta.yaml").read_text(
        encoding="utf-8"
    )
    text = (seeds / f"{DEV_IDS[0]}.txt").read_bytes()
    (seeds / "bad_encoding.txt").write_bytes(b"Caf\xe9 owners said on Monday " + text)
    (seeds / "bad_encoding.meta.yaml").write_text(
        meta.replace(DEV_IDS[0], "bad_encoding"), encoding="utf-8"
    )
    (seeds / "bad_no_sidecar.txt").write_bytes(text)
    (seeds / "bad_yaml.txt").write_bytes(text)
    (seeds / "bad_yaml.meta.yaml").write_text("id: bad_yaml\ntitle: [unclosed\n", encoding="utf-8")
    (seeds / "bad_zone.txt").write_bytes(text)
    (seeds / "bad_zone.meta.yaml").write_text(
        meta.replace(DEV_IDS[0], "bad_zone").replace("Asia/Baghdad", "Mars/Olympus"),
        encoding="utf-8",
    )


def tables(store: Path | FactsStore) -> dict[str, pd.DataFrame]:
    """Every table without the batch numbers (which depend on the order chunks finish)."""
    store = store if isinstance(store, FactsStore) else FactsStore(store)
    return {t: store.table(t).drop(columns=["batch"], errors="ignore") for t in TABLES}


def assert_same_tables(a: dict[str, pd.DataFrame], b: dict[str, pd.DataFrame]) -> None:
    assert a.keys() == b.keys()
    for name in a:
        pd.testing.assert_frame_equal(a[name], b[name], obj=name)


def run(seeds: Path, store: Path, **options):
    options = {"workers": 1, "progress": False, **options}
    return extract_corpus(seeds, store, **options)


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return copy_docs(tmp_path / "seeds")


def test_round_trip_and_rerun_skips_everything(tmp_path: Path, seeds: Path) -> None:
    first = run(seeds, tmp_path / "store", batch_size=2)
    assert (first.done, first.skipped, first.failed) == (4, 0, [])
    assert (first.engine, first.workers) == ("local", 1)
    store = FactsStore(tmp_path / "store")
    nlp = build_nlp()
    expected = [extract_document(load_document(p), nlp) for p in sorted(seeds.glob("*.txt"))]
    assert store.facts_files() == expected
    corpus = store.corpus()
    assert list(corpus.documents) == sorted(p.stem for p in seeds.glob("*.txt"))
    assert corpus.documents[SEED_ID].path == seeds / f"{SEED_ID}.txt"
    assert set(corpus.facts.review_status.values()) == {"machine-extracted"}
    parts = sorted((tmp_path / "store" / "documents").iterdir())
    assert len(parts) == 2  # 4 documents in batches of 2

    again = run(seeds, tmp_path / "store")
    assert (again.done, again.skipped, again.failed) == (0, 4, [])
    assert sorted((tmp_path / "store" / "documents").iterdir()) == parts  # nothing written


def test_interrupted_run_resumes_without_redoing_finished_documents(
    tmp_path: Path, seeds: Path
) -> None:
    store_dir = tmp_path / "store"
    run(seeds, store_dir, batch_size=1)
    complete = tables(store_dir)
    # crash while writing the last batch: its other parts exist, its documents part does not
    last = sorted((store_dir / "documents").iterdir())[-1]
    lost = pd.read_parquet(last)["doc_id"].tolist()
    last.unlink()
    orphan = store_dir / "events" / "part-000009-0123456789ab.parquet"  # another crashed batch
    shutil.copyfile(next((store_dir / "events").iterdir()), orphan)
    assert set(FactsStore(store_dir).done()) == {p.stem for p in seeds.glob("*.txt")} - set(lost)

    resumed = run(seeds, store_dir)
    assert (resumed.done, resumed.skipped) == (len(lost), 4 - len(lost))
    assert not orphan.exists()  # repaired before the run
    assert_same_tables(tables(store_dir), complete)


def test_changed_text_or_sidecar_is_extracted_again(tmp_path: Path, seeds: Path) -> None:
    store_dir = tmp_path / "store"
    run(seeds, store_dir)
    changed = seeds / f"{DEV_IDS[1]}.txt"
    changed.write_text(
        changed.read_text(encoding="utf-8")
        + "\nOn 5 February 2024, a drone strike killed two fighters in Baghdad, officials said.\n",
        encoding="utf-8",
    )
    again = run(seeds, store_dir)
    assert (again.done, again.skipped) == (1, 3)
    store = FactsStore(store_dir)
    docs = store.table("documents").set_index("doc_id")
    assert docs.index.is_unique and len(docs) == 4
    assert docs.loc[DEV_IDS[1], "text"] == changed.read_text(encoding="utf-8")
    fresh = extract_document(load_document(changed), build_nlp())
    assert store.facts_files([DEV_IDS[1]]) == [fresh]
    events = store.table("events")
    assert list(events[events["doc_id"] == DEV_IDS[1]]["event_id"]) == sorted(
        e.id for e in fresh.events
    )
    store.corpus()  # superseded rows are gone: no duplicate ids

    sidecar = seeds / f"{DEV_IDS[2]}.meta.yaml"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8").replace("title:", "title: Updated -", 1),
        encoding="utf-8",
    )
    third = run(seeds, store_dir)
    assert (third.done, third.skipped) == (1, 3)
    title = store.table("documents").set_index("doc_id").loc[DEV_IDS[2], "title"]
    assert title.startswith("Updated -")


def test_bad_documents_are_recorded_and_the_rest_is_kept(tmp_path: Path, seeds: Path) -> None:
    add_bad_documents(seeds)
    store_dir = tmp_path / "store"
    result = run(seeds, store_dir, batch_size=3)
    assert result.done == 4
    assert [doc_id for doc_id, _ in result.failed] == sorted(BAD)
    for doc_id, message in result.failed:
        assert BAD[doc_id] in message, message
    store = FactsStore(store_dir)
    errors = store.table("errors")
    assert list(errors["doc_id"]) == sorted(BAD)
    assert list(errors["path"]) == [str(seeds / f"{d}.txt") for d in sorted(BAD)]
    assert set(store.done()) == {p.stem for p in seeds.glob("*.txt")} - set(BAD)
    store.corpus()

    # fix one: the next run retries the failures, stores the fixed one and drops its error
    shutil.copyfile(seeds / f"{DEV_IDS[0]}.meta.yaml", seeds / "bad_no_sidecar.meta.yaml")
    sidecar = seeds / "bad_no_sidecar.meta.yaml"
    sidecar.write_text(
        sidecar.read_text(encoding="utf-8").replace(DEV_IDS[0], "bad_no_sidecar"),
        encoding="utf-8",
    )
    again = run(seeds, store_dir)
    assert (again.done, again.skipped) == (1, 4)
    assert [doc_id for doc_id, _ in again.failed] == sorted(set(BAD) - {"bad_no_sidecar"})
    assert "bad_no_sidecar" in store.done()
    assert list(store.table("errors")["doc_id"]) == sorted(set(BAD) - {"bad_no_sidecar"})


def test_selection_and_arguments(tmp_path: Path, seeds: Path) -> None:
    only = run(seeds, tmp_path / "store", documents=[SEED_ID])
    assert (only.done, only.skipped) == (1, 0)
    rest = run(seeds, tmp_path / "store", exclude=[DEV_IDS[0]])
    assert (rest.done, rest.skipped) == (2, 1)
    assert set(FactsStore(tmp_path / "store").done()) == {SEED_ID, *DEV_IDS[1:]}
    with pytest.raises(InputError, match="unknown document"):
        run(seeds, tmp_path / "store", documents=["nope"])
    with pytest.raises(InputError, match="does not exist"):
        run(tmp_path / "missing", tmp_path / "store")
    with pytest.raises(ValueError, match="unknown engine"):
        run(seeds, tmp_path / "store", engine="spark")


def test_cli_extract_store(tmp_path: Path, seeds: Path, capsys) -> None:
    store_dir = tmp_path / "store"
    args = ["extract", str(seeds), "--store", str(store_dir), "--workers", "1", "--no-progress"]
    assert main(args) == 0
    out = capsys.readouterr().out
    assert out.startswith("4 extracted, 0 already done, 0 failed")
    assert not (tmp_path / "data").exists()
    # the default brief's fusion is kept in the store; --no-fuse leaves it (it is current)
    kept = list((store_dir / "fused").iterdir())
    assert len(kept) == 1 and f"fused for the brief -> {kept[0]}" in out
    assert main([*args, "--no-fuse"]) == 0
    assert "fused" not in capsys.readouterr().out
    add_bad_documents(seeds)
    assert main([*args, "--batch-size", "2"]) == EXIT_PARTIAL
    captured = capsys.readouterr()
    assert captured.out.startswith("0 extracted, 4 already done, 4 failed")
    assert "failed: bad_yaml: " in captured.err
    assert main(["extract", str(seeds), "--workers", "2"]) == EXIT_INPUT
    assert "only apply with --store" in capsys.readouterr().err


@pytest.mark.execution
def test_one_and_two_workers_give_the_same_tables(tmp_path: Path, seeds: Path) -> None:
    add_bad_documents(seeds)
    one = run(seeds, tmp_path / "one", workers=1, batch_size=64)
    two = run(seeds, tmp_path / "two", workers=2, batch_size=3, chunk_size=1)
    assert (one.done, one.failed) == (two.done, two.failed)
    assert two.workers == 2
    assert_same_tables(tables(tmp_path / "one"), tables(tmp_path / "two"))


@pytest.mark.execution
def test_dask_engine_on_a_real_cluster_matches_local(tmp_path: Path, seeds: Path) -> None:
    from distributed import LocalCluster

    add_bad_documents(seeds)
    local = run(seeds, tmp_path / "local", workers=1)
    with LocalCluster(
        n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
    ) as cluster:
        dask = run(
            seeds,
            tmp_path / "dask",
            engine="dask",
            scheduler=cluster.scheduler_address,
            batch_size=2,
            chunk_size=1,
        )
        sent = run(
            seeds,
            tmp_path / "sent",
            engine="dask",
            scheduler=cluster.scheduler_address,
            send_texts=True,
        )
    assert (dask.engine, dask.workers) == ("dask", 2)
    assert dask.failed == sent.failed == local.failed
    expected = tables(tmp_path / "local")
    assert_same_tables(tables(tmp_path / "dask"), expected)
    assert_same_tables(tables(tmp_path / "sent"), expected)  # paths are the original ones
