"""How long the explorer (``explorer.html``) takes to build and to open with many events.

Writes a synthetic corpus (made-up towns, groups and figures; not reporting) of ``--docs``
documents holding ``--events`` events in all, each event one sentence of its document with an
analyst-reviewed facts file, builds the brief (``build_brief``: loading, checking every quote,
fusion), renders the explorer, and opens it in headless Chromium (``benchmarks/csp_check.py``'s
DevTools driver): the time from navigation until the tables are ready, then a search typed into
the events table and a click on a facet value. Prints the figures; asserts nothing.

    .venv/bin/python benchmarks/explorer_load.py [--events 10000] [--docs 100] [--keep DIR]
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

KINDS = ("shelling", "drone strike", "raid", "ambush", "protest", "arrest", "talks", "statement")
STATUSES = ("reported", "reported", "reported", "claimed", "suspected", "alleged", "denied")
VERBS = {"shelling": "shelled", "drone strike": "struck", "raid": "raided", "ambush": "ambushed",
         "protest": "protested against", "arrest": "arrested members of", "talks": "met",
         "statement": "condemned"}  # fmt: skip
SYLLABLES = ("ka", "lo", "mer", "vin", "dra", "sel", "tor", "bau", "ni", "quel", "zan", "ro")


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).capitalize()


def _q(text: str) -> str:
    return json.dumps(text)


def write_corpus(root: Path, n_events: int, n_docs: int, seed: int = 7) -> tuple[Path, Path]:
    """``root/seeds`` and ``root/facts``: ``n_docs`` documents, ``n_events`` events in all."""
    rng = random.Random(seed)
    seeds, facts = root / "seeds", root / "facts"
    seeds.mkdir(parents=True)
    facts.mkdir()
    groups = sorted({f"{_name(rng, 2)} {rng.choice(('Brigade', 'Front', 'Police', 'Council'))}"
                     for _ in range(160)})  # fmt: skip
    towns = sorted({_name(rng, 3) for _ in range(400)})
    per_doc = -(-n_events // n_docs)
    made = 0
    for d in range(n_docs):
        doc = f"doc{d:05d}"
        day0 = 1 + d % 28
        sentences, events, actors = [], [], {}
        offset = 0
        for i in range(min(per_doc, n_events - made)):
            kind = rng.choice(KINDS)
            a, b = rng.sample(groups, 2)
            town = rng.choice(towns)
            killed = rng.choice((0, 0, 1, 2, 3, 5, 8, 12))
            month = 1 + (d * per_doc + i) % 12
            toll = f"killing {killed} people" if killed else "with no casualties reported"
            sentence = (
                f"On {2024}-{month:02d}-{day0:02d}, the {a} {VERBS[kind]} the {b} near {town}, "
                f"{toll}, local officials said."
            )
            start, end = offset, offset + len(sentence)
            span = f"{{doc: {doc}, start: {start}, end: {end}, quote: {_q(sentence)}}}"
            for name in (a, b):
                at = offset + sentence.index(name)
                actors.setdefault(name, f"{{doc: {doc}, start: {at}, end: {at + len(name)}, "
                                        f"quote: {_q(name)}}}")  # fmt: skip
            outcome = (
                f"    outcomes: [{{kind: killed, count: {{best: {killed}}}, "
                f"wording: {_q(f'killing {killed} people')}}}]\n"
                if killed
                else ""
            )
            events.append(
                f"  - id: e-{doc}-{i:03d}\n"
                f"    kind: {kind}\n"
                f"    summary: {_q(f'The {a} {VERBS[kind]} the {b} near {town}.')}\n"
                f"    when: {{precision: day, start: '2024-{month:02d}-{day0:02d}'}}\n"
                f"    location: {{name: {town}, countries: [Nowhere], precision: town, "
                f"expression: {_q(f'near {town}')}}}\n"
                f"    initiators: [{_id(a)}]\n    targets: [{_id(b)}]\n{outcome}"
                f"    status: {rng.choice(STATUSES)}\n"
                f"    spans: [{span}]\n"
            )
            sentences.append(sentence)
            offset = end + 1
            made += 1
        (seeds / f"{doc}.txt").write_text(" ".join(sentences) + "\n", encoding="utf-8")
        (seeds / f"{doc}.meta.yaml").write_text(
            f"id: {doc}\ntitle: Round-up {d}\npublisher: Outlet {d % 17}\n"
            f"published: '2024-12-{day0:02d}'\ntimezone: UTC\nlanguage: en\n",
            encoding="utf-8",
        )
        actor_lines = [
            f"  - {{id: {_id(name)}, name: {_q(name)}, kind: armed group, spans: [{span}]}}"
            for name, span in sorted(actors.items())
        ]
        (facts / f"{doc}.facts.yaml").write_text(
            "schema_version: 1\nreviewed_by: benchmark\nreview_status: analyst-reviewed\n"
            f"documents: [{doc}]\nactors:\n"
            + "\n".join(actor_lines)
            + "\nevents:\n"
            + "".join(events),
            encoding="utf-8",
        )
    return seeds, facts


def _id(name: str) -> str:
    return name.lower().replace(" ", "-")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--events", type=int, default=10_000)
    parser.add_argument("--docs", type=int, default=100)
    parser.add_argument("--keep", type=Path, help="write the corpus and explorer.html here")
    args = parser.parse_args(argv)

    from csp_check import Chromium, find_chromium

    from helpers.brief.build import build_brief
    from helpers.brief.explorer import render_explorer

    binary = find_chromium(None)
    if binary is None:
        print("chromium not found (scripts/install-test-deps.sh installs it)", file=sys.stderr)
        return 2
    root = Path(tempfile.mkdtemp(prefix="explorer-load-")) if args.keep is None else args.keep
    try:
        seeds, facts = write_corpus(root, args.events, args.docs)
        started = time.perf_counter()
        brief = build_brief(seeds_dir=str(seeds), facts_dir=str(facts), title="Load test")
        built = time.perf_counter() - started
        started = time.perf_counter()
        page = render_explorer(brief)
        rendered = time.perf_counter() - started
        path = root / "explorer.html"
        path.write_bytes(page)
        print(f"corpus: {len(brief.corpus.documents)} documents, {len(brief.facts.events)} events, "
              f"{len(brief.facts.actors)} actors")  # fmt: skip
        print(f"build_brief: {built:.1f} s; render_explorer: {rendered:.2f} s; "
              f"explorer.html: {len(page) / 1e6:.1f} MB")  # fmt: skip
        sys.path.insert(0, str(HERE.parent / "tests"))
        from test_explorer import Tab, pane

        chrome = Chromium(binary)
        try:
            tab = Tab(chrome, path)
            print(f"Chromium ({binary}): navigation to tables ready: {tab.seconds:.2f} s")
            t = time.perf_counter()
            tab.type("#events_wrapper input[type=search]", "Brigade")
            print(f"search typed ('Brigade'): {tab.rows()} rows, "
                  f"{time.perf_counter() - t - 0.3:.2f} s after the 0.3 s settle")  # fmt: skip
            t = time.perf_counter()
            tab.click(pane(tab, "Status"), 0)
            print(f"facet clicked (first status): {tab.rows()} rows, "
                  f"{time.perf_counter() - t - 0.3:.2f} s after the 0.3 s settle")  # fmt: skip
            t = time.perf_counter()
            tab.click("#events tbody tr", 0)
            shows = tab.eval("document.getElementById('detail').dataset.shows")
            print(f"row clicked: detail shows {shows}, "
                  f"{time.perf_counter() - t - 0.3:.2f} s after the 0.3 s settle")  # fmt: skip
            problems = tab.problems()
            print(f"console errors and CSP violations: {len(problems)}")
            for p in problems[:5]:
                print("  ", p[:200])
            tab.close()
        finally:
            chrome.close()
    finally:
        if args.keep is None:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
