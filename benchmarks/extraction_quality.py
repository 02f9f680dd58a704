"""Quality and throughput of the automatic extractor.

1. On the seed: the extracted facts against the analyst's curated facts file.
2. On the development sets (benchmarks/devset, benchmarks/devset2: rules were written against
   them) and the held-out set (benchmarks/heldout2, written without looking at the extractor and
   never used to write rules): against hand labels.
3. Throughput: words per second per core for the whole extraction, next to spaCy's bare
   tokenizer on the same texts, and the ratio.

Scores are precision / recall / F1 per layer:
- events: kind class + date value + initiator (a match needs all three); a time of day with
  its zone is compared as the UTC instant (10:40 a.m. ET = 18:40 in Damascus);
- actors: the same actor (gazetteer id, or an unresolved surface that overlaps an alias);
- relations: subject + predicate + object;
- claims: speaker + verb.
Plus whether each of the seed's dated events was recovered exactly.

    python benchmarks/extraction_quality.py
"""

from __future__ import annotations

import datetime as dt
import re
import sys
import time
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEVSET = ROOT / "benchmarks" / "devset"
HELDOUT = ROOT / "benchmarks" / "heldout2"
DEVSET2 = ROOT / "benchmarks" / "devset2"

KIND_CLASSES = (
    "strike",
    "attack",
    "killing",
    "arrest",
    "designation",
    "attribution",
    "announcement",
    "statement",
    "talks",
    "protest",
    "deployment",
    "conflict",
)
SYNONYMS = {"bomb": "attack", "war": "conflict", "discussions": "talks", "negotiations": "talks"}


def kind_class(kind: str) -> str:
    lowered = kind.lower()
    for word in re.findall(r"[a-z]+", lowered):
        for cls in KIND_CLASSES:
            if word.startswith(cls[:5]):
                return cls
        if word in SYNONYMS:
            return SYNONYMS[word]
    return lowered


def instant(value: str, tz: str | None) -> str:
    """A minute value with its zone as the UTC instant ('2023-11-08T15:40Z'), so that 10:40 ET
    and 18:40 Damascus time match; other values unchanged."""
    if tz and len(value) == 16 and "T" in value:
        local = dt.datetime.fromisoformat(value).replace(tzinfo=ZoneInfo(tz))
        return local.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")
    return value


def date_key(when: dict | None) -> str:
    """A comparable date value: minute values as UTC instants, day/month/year values as given;
    periods by their end."""
    if not when:
        return "undated"
    if when.get("precision") == "minute":
        return instant(str(when.get("start")), when.get("tz"))
    if when.get("precision") in ("day", "month", "year"):
        return str(when.get("start"))
    if when.get("precision") == "period":
        return f"period..{when.get('end') or ''}"
    return "undated"


class Names:
    """Decides whether two actor references denote the same actor."""

    def __init__(self, *actor_lists: list[dict]):
        self.forms: dict[str, set[str]] = {}
        for actors in actor_lists:
            for a in actors:
                forms = self.forms.setdefault(a["id"], set())
                forms.update(x.lower() for x in [a.get("name", ""), *a.get("aliases", [])] if x)

    def same(self, a: str | None, b: str | None) -> bool:
        if a is None or b is None:
            return a == b
        if a == b:
            return True
        fa = self.forms.get(a, set()) | {_surface(a)}
        fb = self.forms.get(b, set()) | {_surface(b)}
        fa.discard("")
        fb.discard("")
        return any(x in y or y in x for x in fa for y in fb if len(x) > 3 and len(y) > 3)


def _surface(ref: str) -> str:
    if ref.startswith("unresolved:"):
        return ref.split(":", 1)[1].lower()
    if "unresolved-" in ref:
        return ref.split("unresolved-", 1)[1].replace("-", " ")
    return ""


def prf(gold: list, system: list, same) -> dict:
    used: set[int] = set()
    hits = 0
    for g in gold:
        for i, s in enumerate(system):
            if i not in used and same(g, s):
                used.add(i)
                hits += 1
                break
    p = hits / len(system) if system else 1.0
    r = hits / len(gold) if gold else 1.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return {"gold": len(gold), "system": len(system), "hits": hits, "p": p, "r": r, "f1": f}


def facts_tuples(facts: dict) -> dict:
    """Canonical tuples from a facts file (curated or extracted) as plain data."""
    return {
        "events": [
            (kind_class(e["kind"]), date_key(e["when"]), tuple(e.get("initiators", [])))
            for e in facts.get("events", [])
        ],
        "actors": [a["id"] for a in facts.get("actors", [])],
        "relations": [
            (r["subject"], r["predicate"], r["object"]) for r in facts.get("relations", [])
        ],
        "claims": [
            (c.get("speaker"), c["verb"].split()[0].lower()) for c in facts.get("claims", [])
        ],
    }


def expected_tuples(expected: dict) -> dict:
    def when(e):
        date = str(e.get("date")) if e.get("date") is not None else None
        return instant(date, e.get("tz")) if date else "undated"

    return {
        "events": [
            (kind_class(e["kind"]), when(e), (e["initiator"],) if e.get("initiator") else ())
            for e in expected.get("events", [])
        ],
        "actors": list(expected.get("actors", [])),
        "relations": [
            (r["subject"], r["predicate"], r["object"]) for r in expected.get("relations", [])
        ],
        "claims": [
            (c["speaker"], c["verb"].split()[0].lower()) for c in expected.get("claims", [])
        ],
    }


def compare(gold: dict, system: dict, names: Names) -> dict:
    def same_event(g, s):
        if g[0] != s[0]:
            return False
        gd, sd = g[1], s[1]
        if not (gd == sd or (gd.startswith("period") and sd.startswith("period"))):
            return False
        if not g[2]:
            return True
        return any(names.same(x, y) for x in g[2] for y in s[2])

    return {
        "events": prf(gold["events"], system["events"], same_event),
        "actors": prf(gold["actors"], system["actors"], names.same),
        "relations": prf(
            gold["relations"],
            system["relations"],
            lambda g, s: g[1] == s[1] and names.same(g[0], s[0]) and names.same(g[2], s[2]),
        ),
        "claims": prf(
            gold["claims"], system["claims"], lambda g, s: g[1] == s[1] and names.same(g[0], s[0])
        ),
    }


def show(title: str, scores: dict) -> None:
    print(title)
    for layer, s in scores.items():
        print(
            f"  {layer:<10} gold {s['gold']:>3}  system {s['system']:>3}  hits {s['hits']:>3}  "
            f"P {s['p']:.2f}  R {s['r']:.2f}  F1 {s['f1']:.2f}"
        )


def total(all_scores: list[dict]) -> dict:
    out = {}
    for layer in ("events", "actors", "relations", "claims"):
        gold = sum(s[layer]["gold"] for s in all_scores)
        system = sum(s[layer]["system"] for s in all_scores)
        hits = sum(s[layer]["hits"] for s in all_scores)
        p = hits / system if system else 1.0
        r = hits / gold if gold else 1.0
        out[layer] = {
            "gold": gold,
            "system": system,
            "hits": hits,
            "p": p,
            "r": r,
            "f1": 2 * p * r / (p + r) if p + r else 0.0,
        }
    return out


def main() -> int:
    from helpers import config, load_corpus
    from helpers.extract.pipeline import build_nlp, extract_document, has_trained_model

    gaz_actors = gazetteer_actors()
    nlp = build_nlp()
    print(f"spaCy pipeline: {', '.join(nlp.pipe_names)} (trained model: {has_trained_model()})")

    # 1. Seed vs curated facts
    corpus = load_corpus()
    curated = yaml.safe_load(
        (config.FACTS_DIR / f"{next(iter(corpus.documents))}.facts.yaml").read_text(
            encoding="utf-8"
        )
    )
    docs = list(corpus.documents.values())
    extracted = extract_document(docs[0], nlp).model_dump(mode="json")
    names = Names(curated["actors"], extracted["actors"], gaz_actors)
    show(
        "seed: extracted vs analyst-reviewed facts",
        compare(facts_tuples(curated), facts_tuples(extracted), names),
    )
    dated = {
        "2024-02-07T21:30 Asia/Baghdad": any(
            e["when"].get("start") == "2024-02-07T21:30" and e["when"].get("tz") == "Asia/Baghdad"
            for e in extracted["events"]
        ),
        "2024-01-28": any(e["when"].get("start") == "2024-01-28" for e in extracted["events"]),
        "2024-01-31": any(e["when"].get("start") == "2024-01-31" for e in extracted["events"]),
    }
    print(
        "  dated events recovered: "
        + ", ".join(f"{k} {'yes' if v else 'NO'}" for k, v in dated.items())
    )

    # 2. Development set (rules were written against it) and held-out set (never used for rules)
    for label, directory in (
        ("development set", DEVSET),
        ("second development set", DEVSET2),
        ("held-out set", HELDOUT),
    ):
        if not (directory / "expected").is_dir():
            continue
        scores, n = score_set(directory, nlp, gaz_actors)
        show(f"{label} ({n} documents), micro-averaged", scores)

    # 3. Throughput
    texts = [d.text for d in docs] + [
        d.text for d in (load_documents_lenient(DEVSET) if DEVSET.is_dir() else [])
    ]
    words = sum(len(t.split()) for t in texts)
    all_docs = docs + (load_documents_lenient(DEVSET) if DEVSET.is_dir() else [])
    reps = max(1, 20000 // max(words, 1))
    start = time.perf_counter()
    for _ in range(reps):
        for doc in all_docs:
            extract_document(doc, nlp)
    full = time.perf_counter() - start
    tokenizer = nlp.tokenizer
    start = time.perf_counter()
    for _ in range(reps):
        for t in texts:
            tokenizer(t)
    floor = time.perf_counter() - start
    n = words * reps
    print(
        f"throughput (1 core, {n} words): extraction {n / full:,.0f} words/s; "
        f"spaCy tokenizer alone {n / floor:,.0f} words/s; ratio {full / floor:.1f}x the tokenizer's time"
    )
    return 0


def score_set(directory: Path, nlp, gaz_actors: list[dict]) -> tuple[dict, int]:
    """The extractor against a set's expected facts, micro-averaged, and how many documents."""
    from helpers.extract.pipeline import extract_document

    per_doc = []
    for doc in load_documents_lenient(directory):
        path = directory / "expected" / f"{doc.id}.expected.yaml"
        if not path.exists():
            continue
        expected = yaml.safe_load(path.read_text(encoding="utf-8"))
        got = extract_document(doc, nlp).model_dump(mode="json")
        per_doc.append(
            compare(expected_tuples(expected), facts_tuples(got), Names(got["actors"], gaz_actors))
        )
    return total(per_doc), len(per_doc)


def gazetteer_actors() -> list[dict]:
    from helpers.facts.gazetteer import load_gazetteer

    return [
        {"id": a.id, "name": a.name, "aliases": list(a.aliases)}
        for a in load_gazetteer().actors.values()
    ]


def load_documents_lenient(directory: Path):
    from helpers.facts.loading import load_document

    return [load_document(p) for p in sorted(directory.glob("*.txt"))]


if __name__ == "__main__":
    sys.exit(main())
