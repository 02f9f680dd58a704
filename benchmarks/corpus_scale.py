"""Corpus scale: extraction throughput with 1 and 2 workers, peak memory, fusion time, and the
full render at ten thousand documents, against the single-seed brief.

    python benchmarks/corpus_scale.py                  # 10,000 synthetic documents
    python benchmarks/corpus_scale.py --docs 2000      # a quicker run
    python benchmarks/corpus_scale.py --workdir /tmp/scale --keep

Steps, each timed on this machine:
1. generate the synthetic corpus (benchmarks/synth_corpus.py, fixed seed: the same corpus every run);
2. ``extract_corpus`` into a Parquet facts store with 1 worker, then (into a fresh store) with 2
   workers: documents per second and the scaling ratio. Each run is a separate process, so its
   peak resident memory (parent and worker processes) is measured on its own;
3. peak memory again on a quarter of the corpus: if extraction streams, the peak does not grow
   with the number of documents;
4. load the store and fuse it (``helpers.fuse.fusion.fuse``): seconds, events before and after;
5. render the single-seed brief, then the brief from the store (HTML + PDF, papermill +
   nbconvert + WeasyPrint) fusing live, then keep the fusion in the store as ``brief extract
   --store`` does at its end (timed) and render again with it: seconds, ratios to the seed
   brief (target: within 3x), whether both store briefs are the same HTML, and its size.

    python benchmarks/corpus_scale.py --render-only STORE   # step 5 alone, on a kept store

Peak memory of each process at a given corpus size (``--memory``; no timing, one run each):

    python benchmarks/corpus_scale.py --memory --docs 1000 --workdir /tmp/scale-1k
    python benchmarks/corpus_scale.py --memory --seeds SEEDS_DIR --workdir /tmp/scale-10k

prints the peak resident memory of (a) the extraction loop of ``brief extract --store`` (its
parent process, its largest worker, all of them), (b) the fusion ``brief extract --store`` keeps
at its end (``keep_fusion``, run in the same kind of parent process), and (c) ``brief render -p
store``: the renderer process and its largest child (the notebook's kernel), with the seed brief
rendered just before for the ratio of times. ``--store`` reuses an extracted store (skips (a)).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _synth():
    spec = importlib.util.spec_from_file_location(
        "synth_corpus", ROOT / "benchmarks" / "synth_corpus.py"
    )
    module = importlib.util.module_from_spec(spec)
    sys.modules["synth_corpus"] = module  # dataclasses look their module up while it loads
    spec.loader.exec_module(module)
    return module


_CHILD = """
import json, os, resource, sys, threading, time
from helpers.corpus import extract_corpus

def descendants(root):
    children = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as f:
                    ppid = int(f.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        for child in children.get(pid, []):
            out.append(child)
            todo.append(child)
    return out

def rss_kb(pid):
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0

peak = {"worker": 0, "total": 0}
stop = threading.Event()

def sample():  # the worker processes are the forkserver's children: walk the process tree
    while not stop.wait(0.2):
        pids = descendants(os.getpid())
        sizes = [rss_kb(p) for p in pids]
        peak["worker"] = max(peak["worker"], max(sizes, default=0))
        peak["total"] = max(peak["total"], sum(sizes) + rss_kb(os.getpid()))

threading.Thread(target=sample, daemon=True).start()
seeds, store, workers = sys.argv[1], sys.argv[2], int(sys.argv[3])
start = time.perf_counter()
run = extract_corpus(seeds, store, workers=workers, progress=False)
seconds = time.perf_counter() - start
stop.set()
parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"done": run.done, "failed": len(run.failed), "seconds": seconds,
                  "parent_kb": parent, "worker_kb": peak["worker"], "total_kb": peak["total"]}))
"""


_STEP = (
    """
import json, os, resource, sys, threading, time
step, store, out, formats = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4].split(",")
"""
    + _CHILD.split("threading.Thread(target=sample, daemon=True).start()")[0].split(
        "from helpers.corpus import extract_corpus", 1
    )[1]
    + """
threading.Thread(target=sample, daemon=True).start()
start = time.perf_counter()
if step == "keep":
    from helpers.corpus import keep_fusion
    keep_fusion(store)
elif step == "render":
    from helpers.rendering.run import render
    render({"store": store, "title": "Synthetic corpus"}, out_dir=out, formats=formats)
else:
    from helpers.rendering.run import render
    render({}, out_dir=out, formats=formats)
seconds = time.perf_counter() - start
stop.set()
parent = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
print(json.dumps({"seconds": seconds, "parent_kb": parent, "worker_kb": peak["worker"],
                  "total_kb": peak["total"]}))
"""
)


def step(name: str, store: Path, out: Path, formats: str = "html,pdf,explorer") -> dict:
    """One step (keep the fusion, render the store's brief, or the seed brief) in its own
    process, its peak memory and its largest child's (the kernel) sampled every 0.2 s."""
    done = subprocess.run(
        [sys.executable, "-c", _STEP, name, str(store), str(out), formats],
        capture_output=True,
        text=True,
    )
    if done.returncode:
        sys.exit(f"{name} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def memory(args: argparse.Namespace, work: Path) -> None:
    """Peak memory of extraction, the kept fusion and the store render (module docstring)."""
    seeds = args.seeds or work / "seeds"
    if args.seeds is None and not (seeds / "world.jsonl").exists():
        _synth().generate(seeds, n_docs=args.docs, seed=args.seed)
    store = args.store or work / "store"
    mb = 1024
    if args.store is None:
        run = extract(seeds, store, 2)
        print(
            f"extract ({run['done']:,} documents, 2 workers, {run['seconds']:.0f} s): parent "
            f"{run['parent_kb'] / mb:.0f} MB, largest worker {run['worker_kb'] / mb:.0f} MB, "
            f"all processes {run['total_kb'] / mb:.0f} MB"
        )
    shutil.rmtree(store / "fused", ignore_errors=True)
    kept = step("keep", store, work / "unused")
    print(f"keep the fusion: parent {kept['parent_kb'] / mb:.0f} MB ({kept['seconds']:.0f} s)")
    seed = step("seed", store, work / "report-seed", args.formats)
    big = step("render", store, work / "report", args.formats)
    print(
        f"render ({args.formats}) from the store: renderer {big['parent_kb'] / mb:.0f} MB, "
        f"kernel (largest "
        f"child) {big['worker_kb'] / mb:.0f} MB; seed brief: kernel {seed['worker_kb'] / mb:.0f}"
        f" MB; time {big['seconds']:.1f} s = {big['seconds'] / seed['seconds']:.2f}x the seed "
        f"brief's {seed['seconds']:.1f} s (target <= 2x)"
    )


def extract(seeds: Path, store: Path, workers: int) -> dict:
    """One extraction run in its own process (so its peak memory is its own)."""
    shutil.rmtree(store, ignore_errors=True)
    out = subprocess.run(
        [sys.executable, "-c", _CHILD, str(seeds), str(store), str(workers)],
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def _subset(seeds: Path, target: Path, n: int) -> Path:
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    for text in sorted(seeds.glob("*.txt"))[:n]:
        for path in (text, text.with_name(text.stem + ".meta.yaml")):
            os.link(path, target / path.name)
    return target


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--docs", type=int, default=10_000)
    parser.add_argument("--seed", type=int, default=20240208)
    parser.add_argument("--workdir", type=Path)
    parser.add_argument("--keep", action="store_true", help="keep the work directory")
    parser.add_argument(
        "--render-only",
        type=Path,
        metavar="STORE",
        help="only step 5, on an existing facts store (e.g. WORKDIR/store-2 of a --keep run)",
    )
    parser.add_argument("--memory", action="store_true", help="peak memory per process only")
    parser.add_argument("--seeds", type=Path, help="with --memory: an existing seeds directory")
    parser.add_argument("--store", type=Path, help="with --memory: an extracted store")
    parser.add_argument(
        "--formats",
        default="html,pdf,explorer",
        help="with --memory: what the renders write (default: brief render's default)",
    )
    args = parser.parse_args()
    work = args.workdir or Path(tempfile.mkdtemp(prefix="corpus-scale-"))
    work.mkdir(parents=True, exist_ok=True)
    if args.memory:
        try:
            memory(args, work)
        finally:
            if not args.keep and args.workdir is None:
                shutil.rmtree(work, ignore_errors=True)
        return 0
    if args.render_only:
        try:
            render_both(args.render_only, work)
        finally:
            if not args.keep and args.workdir is None:
                shutil.rmtree(work, ignore_errors=True)
        return 0
    cores = os.cpu_count() or 1
    print(f"machine: {cores} cores; python {sys.version.split()[0]}")
    try:
        seeds = work / "seeds"
        start = time.perf_counter()
        if not (seeds / "world.jsonl").exists():
            shutil.rmtree(seeds, ignore_errors=True)
            _synth().generate(seeds, n_docs=args.docs, seed=args.seed)
        texts = sorted(seeds.glob("*.txt"))
        size = sum(p.stat().st_size for p in texts)
        words = sum(len(p.read_text(encoding="utf-8").split()) for p in texts)
        print(
            f"corpus: {len(texts):,} documents, {words:,} words, {size / 1e6:.1f} MB "
            f"(generated in {time.perf_counter() - start:.1f} s)"
        )

        one = extract(seeds, work / "store-1", 1)
        two = extract(seeds, work / "store-2", 2)
        for label, run in (("1 worker ", one), ("2 workers", two)):
            print(
                f"extract {label}: {run['done']:,} documents in {run['seconds']:.1f} s = "
                f"{run['done'] / run['seconds']:,.0f} documents/s ({words / run['seconds']:,.0f} "
                f"words/s); peak RSS: parent {run['parent_kb'] / 1024:.0f} MB, largest worker "
                f"{run['worker_kb'] / 1024:.0f} MB, all processes {run['total_kb'] / 1024:.0f} MB; "
                f"failed {run['failed']}"
            )
        print(
            f"scaling 1 -> 2 workers: {one['seconds'] / two['seconds']:.2f}x "
            f"(linear would be 2.00x; {cores} cores)"
        )
        quarter = _subset(seeds, work / "seeds-quarter", max(1, len(texts) // 4))
        small = extract(quarter, work / "store-quarter", 2)
        print(
            f"peak memory vs corpus size (2 workers): {len(texts) // 4:,} documents -> parent "
            f"{small['parent_kb'] / 1024:.0f} MB, worker {small['worker_kb'] / 1024:.0f} MB; "
            f"{len(texts):,} documents -> parent {two['parent_kb'] / 1024:.0f} MB, worker "
            f"{two['worker_kb'] / 1024:.0f} MB"
        )

        from helpers.facts.store import FactsStore
        from helpers.fuse.fusion import fuse

        start = time.perf_counter()
        corpus = FactsStore(work / "store-2").corpus()
        loaded = time.perf_counter() - start
        start = time.perf_counter()
        fusion = fuse(corpus)
        fused = time.perf_counter() - start
        n_events = len(fusion.corpus.facts.events)
        print(
            f"fusion: store loaded in {loaded:.1f} s ({len(corpus.documents):,} documents, "
            f"{len(corpus.facts.events):,} events); fused in {fused:.1f} s -> {n_events:,} events, "
            f"{len(fusion.disagreements):,} disagreements, {len(fusion.actor_merges):,} actor merges, "
            f"{len(set(fusion.wire.values())):,} independent texts"
        )

        render_both(work / "store-2", work, n_events)
    finally:
        if not args.keep and args.workdir is None:
            shutil.rmtree(work, ignore_errors=True)
    return 0


def render_both(store: Path, work: Path, n_events: int | None = None) -> None:
    """The single-seed brief, then the store's brief twice: fusing live (no kept fusion), and
    with the fusion ``brief extract --store`` keeps (helpers.corpus.keep_fusion, timed too)."""
    from helpers.corpus import keep_fusion
    from helpers.rendering.run import render

    fused_dir = store / "fused"
    shutil.rmtree(fused_dir, ignore_errors=True)
    start = time.perf_counter()
    render({}, out_dir=work / "report-seed")
    seed_seconds = time.perf_counter() - start
    params = {"store": str(store), "title": "Synthetic corpus"}
    start = time.perf_counter()
    render(params, out_dir=work / "report-live")
    live_seconds = time.perf_counter() - start
    start = time.perf_counter()
    kept = keep_fusion(store)
    keep_seconds = time.perf_counter() - start
    start = time.perf_counter()
    render(params, out_dir=work / "report")
    big_seconds = time.perf_counter() - start
    html = (work / "report" / "brief.html").stat().st_size
    pdf = (work / "report" / "brief.pdf").stat().st_size
    same = (work / "report" / "brief.html").read_bytes() == (
        work / "report-live" / "brief.html"
    ).read_bytes()
    events = f"{n_events:,} fused events" if n_events else "the brief"
    print(
        f"keep the fusion (the end of `brief extract --store`): {keep_seconds:.1f} s, "
        f"{kept.stat().st_size / 1e6:.1f} MB"
    )
    print(
        f"render: single seed {seed_seconds:.1f} s; {events} from the store: fusing live "
        f"{live_seconds:.1f} s = {live_seconds / seed_seconds:.2f}x, with the kept fusion "
        f"{big_seconds:.1f} s = {big_seconds / seed_seconds:.2f}x (target <= 3x); same HTML: "
        f"{same}; HTML {html / 1024:.0f} KiB, PDF {pdf / 1024:.0f} KiB"
    )


if __name__ == "__main__":
    sys.exit(main())
