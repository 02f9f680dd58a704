"""Fusion window by window: the dated sweep in blocks, each from a margin before it and checked
at its seam (and on a Dask cluster), gives the same fusion, byte for byte, as one sweep over the
whole corpus; so do its exact runs (cuts where nothing is open)."""

from __future__ import annotations

import datetime as dt
import importlib.util
import sys
from pathlib import Path

import pytest

import helpers.fuse.fusion as fusion_module
from helpers.corpus import extract_corpus, keep_fusion
from helpers.facts.store import FactsStore
from helpers.fuse.fusion import HORIZON, _runs, _sweep_key, dump_fusion, fuse

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def store_dir(tmp_path_factory):
    """A small store of the synthetic generator's messy reports (several of one event, in
    several zones, dates a day off), extracted as ``brief extract --store`` does."""
    spec = importlib.util.spec_from_file_location(
        "synth_corpus", ROOT / "benchmarks" / "synth_corpus.py"
    )
    synth = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = synth  # dataclasses look their module up while being built
    try:
        spec.loader.exec_module(synth)
        seeds = tmp_path_factory.mktemp("seeds")
        synth.generate(seeds, n_docs=80, seed=11)
    finally:
        sys.modules.pop(spec.name, None)
    store = tmp_path_factory.mktemp("store")
    run = extract_corpus(seeds, store, workers=1, progress=False)
    assert run.done == 80
    return store


@pytest.fixture(scope="module")
def corpus(store_dir):
    return FactsStore(store_dir).corpus()


def _dated_clusters(corpus):
    """The sweep's input and its clusters (original event ids) for the checks below."""
    seen = {}
    original = fusion_module._sweep_all

    def spy(items, client, windowed):
        seen["items"] = items
        seen["clusters"] = original(items, client, windowed)
        return seen["clusters"]

    fusion_module._sweep_all = spy
    try:
        fuse(corpus)
    finally:
        fusion_module._sweep_all = original
    return seen["items"], seen["clusters"]


def test_runs_give_the_one_sweep_fusion_even_across_week_edges(corpus, monkeypatch) -> None:
    one = dump_fusion(fuse(corpus, windowed=False))
    assert dump_fusion(fuse(corpus)) == one  # one sweep: no client
    assert dump_fusion(fuse(corpus, windowed=True)) == one
    monkeypatch.setattr(fusion_module, "TASK_ITEMS", 3)  # blocks of 3 reports: many seams
    assert dump_fusion(fuse(corpus, windowed=True)) == one
    # no margin: blocks start without the clusters open at their seam, which the check finds
    # and sweeps again from the clusters carried over
    again = []
    block = fusion_module.sweep_block

    def counted(items, first, carried=None):
        again.append(carried is not None)
        return block(items, first, carried)

    monkeypatch.setattr(fusion_module, "sweep_block", counted)
    monkeypatch.setattr(fusion_module, "MARGIN", dt.timedelta(0))
    assert dump_fusion(fuse(corpus, windowed=True)) == one
    assert any(again) and not all(again)

    items, clusters = _dated_clusters(corpus)
    assert items == sorted(items, key=_sweep_key)
    runs = _runs(items)
    assert len(runs) > 1  # the corpus does split: the test is not one run against itself
    for before, after in zip(runs, runs[1:], strict=False):  # every cut is quiet
        assert max(i.hi for i in before) < after[0].lo - HORIZON

    # fixed time blocks (ISO weeks) would cut clusters in two: events straddle their edges,
    # and the runs never do
    def week(item):
        return item.lo.isocalendar()[:2]

    straddling = [c for c in clusters if len({week(i) for i in c.items}) > 1]
    assert straddling, "no fused event straddles a week's edge in this corpus"
    where = {id(i): n for n, run in enumerate(runs) for i in run}
    assert all(len({where[id(i)] for i in c.items}) == 1 for c in clusters)


def test_dask_engine_on_a_real_cluster_gives_the_same_fusion(
    store_dir, corpus, monkeypatch
) -> None:
    from distributed import Client, LocalCluster

    one = dump_fusion(fuse(corpus, windowed=False))
    monkeypatch.setattr(fusion_module, "TASK_ITEMS", 10)
    with (
        LocalCluster(
            n_workers=2, processes=True, threads_per_worker=1, dashboard_address=None
        ) as cluster,
        Client(cluster) as client,
    ):
        fused = fuse(corpus, client=client)
        assert len(client.nthreads()) == 2
        # brief extract --store --engine dask keeps the same fusion as the local engine
        kept = keep_fusion(store_dir, engine="dask", scheduler=cluster.scheduler_address)
    assert dump_fusion(fused) == one
    dask_kept = kept.read_bytes()
    kept.unlink()
    assert keep_fusion(store_dir) == kept
    assert kept.read_bytes() == dask_kept


def test_the_kept_fusion_is_written_piece_by_piece_as_one_json(corpus, monkeypatch) -> None:
    """dump_fusion compresses the JSON piece by piece (lists and dicts a few items at a time):
    the same bytes as compressing the whole fusion's JSON at once, and it loads back."""
    import gzip

    from pydantic import TypeAdapter

    from helpers.fuse.fusion import Fusion, load_fusion

    fused = fuse(corpus)
    whole = gzip.compress(TypeAdapter(Fusion).dump_json(fused), compresslevel=1, mtime=0)
    monkeypatch.setattr(fusion_module, "_CHUNK", 3)  # chunk edges everywhere
    assert dump_fusion(fused) == whole
    monkeypatch.setattr(fusion_module, "_CHUNK", 1)
    assert dump_fusion(fused) == whole
    assert dump_fusion(load_fusion(whole)) == whole
