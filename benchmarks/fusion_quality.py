"""How well cross-document fusion groups reports of the same event, against the synthetic
corpus's truth (``world.jsonl`` written by benchmarks/synth_corpus.py).

    python benchmarks/fusion_quality.py SEEDS_DIR STORE_DIR

Each extracted event is matched to the true event its document reports with the same kind
family and a date within a day of the date that document gives (unmatched events, such as
statements or background, are left out of the pairwise scores and counted). Then, over pairs of
matched events from different documents: precision = pairs fused together that are the same
true event / pairs fused together; recall = pairs of the same true event fused together / pairs
of the same true event. Also printed: fused rows per true event reported by 2+ documents.
"""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import Counter, defaultdict
from itertools import combinations
from pathlib import Path


def main(seeds: Path, store_dir: Path) -> int:
    from helpers.facts.store import FactsStore
    from helpers.fuse.fusion import family, fuse

    world = [json.loads(line) for line in (seeds / "world.jsonl").read_text().splitlines()]
    reported: dict[str, list[tuple[str, str, str]]] = defaultdict(list)  # doc -> (id, kind, date)
    for event in world:
        for report in event["reports"]:
            reported[report["doc"]].append(
                (event["id"], family(event["kind"]), report["date_reported"])
            )
    corpus = FactsStore(store_dir).corpus()
    fusion = fuse(corpus)
    truth: dict[str, str] = {}  # extracted event id -> true event id
    unmatched = Counter()
    for event in corpus.facts.events:
        doc = event.spans[0].doc
        day = (event.when.start or "")[:10]
        if len(day) != 10:
            unmatched["no day"] += 1
            continue
        candidates = [
            (abs((dt.date.fromisoformat(day) - dt.date.fromisoformat(d)).days), wid)
            for wid, kind_family, d in reported.get(doc, [])
            if kind_family == family(event.kind)
        ]
        near = sorted(c for c in candidates if c[0] <= 1)
        if near:
            truth[event.id] = near[0][1]
        else:
            unmatched["no true event of that kind and day in its document"] += 1
    cluster = {m: fid for fid, members in fusion.members.items() for m in members}
    docs = {e.id: e.spans[0].doc for e in corpus.facts.events}
    tp = fp = fn = 0
    ids = sorted(truth)
    for a, b in combinations(ids, 2):
        if docs[a] == docs[b]:
            continue
        together, same = cluster[a] == cluster[b], truth[a] == truth[b]
        tp += together and same
        fp += together and not same
        fn += same and not together
    rows: dict[str, set[str]] = defaultdict(set)
    for e, w in truth.items():
        rows[w].add(cluster[e])
    multi = [w for w in rows if len({docs[e] for e in truth if truth[e] == w}) > 1]
    print(
        f"{len(corpus.documents):,} documents, {len(world):,} true events; "
        f"{len(corpus.facts.events):,} extracted events, {len(truth):,} matched to a true event, "
        f"{sum(unmatched.values()):,} not ({dict(unmatched)})"
    )
    p = tp / (tp + fp) if tp + fp else 1.0
    r = tp / (tp + fn) if tp + fn else 1.0
    print(
        f"pairwise fusion: precision {p:.3f}, recall {r:.3f} (pairs: {tp} right, {fp} wrong, {fn} missed)"
    )
    print(total_killed_line(world, fusion))
    if multi:
        per = sorted(len(rows[w]) for w in multi)
        print(
            f"true events reported by 2+ documents: {len(multi)}; fused rows per event: "
            f"median {per[len(per) // 2]}, one row for {sum(1 for n in per if n == 1)} of them"
        )
    return 0


def total_killed_line(world: list[dict], fusion) -> str:
    """The deaths the brief would add up (best figure of every fused event with a day, not
    background) against the generator's truth (``killed_true`` of every true event)."""
    truth = sum(int(e.get("killed_true") or 0) for e in world)
    best = low = high = 0
    for event in fusion.corpus.facts.events:
        if event.background or event.when.precision not in ("minute", "day"):
            continue
        counts = [o.count for o in event.outcomes if o.kind == "killed"]
        if counts:
            c = counts[0]
            best += c.best or 0
            low += c.low if c.low is not None else (c.best or 0)
            high += c.high if c.high is not None else (c.best or 0)
    off = (best - truth) / truth if truth else 0.0
    # what the reports themselves allow: per true event, the lowest figure any report cites
    cited = sum(
        min((n for r in e["reports"] for n in (r.get("killed_cited") or {}).values()), default=0)
        for e in world
    )
    off_cited = (best - cited) / cited if cited else 0.0
    return (
        f"total killed: brief {best:,} (low {low:,}, high {high:,}) against the generator's "
        f"truth {truth:,} ({off:+.0%}) and the lowest figures the reports cite {cited:,} "
        f"({off_cited:+.0%})"
    )


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]), Path(sys.argv[2])))
