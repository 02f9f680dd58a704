"""The extractor on real news: `../shared/realnews` (or any directory of sets in its format).

Each set is a directory of `<id>.txt` + `<id>.meta.yaml` with a `gold.yaml` of hand-written
annotations (format: `../shared/realnews/FORMAT.md`). The texts are read from there by path and
never copied into the project.

Scoring rules (the project's issue on real-news extraction):
- a system event matches a gold event when one of its spans overlaps the sentence that holds the
  gold `quote_hint`, the kinds are of one family (strike/attack/killing/bombing/raid/clash =
  violence; statement/announcement/claim = speech; others equal) and the dates overlap;
  one-to-one, best first (most shared characters, then the closest date);
- unmatched system events are false positives; those that would have matched an already matched
  gold event are reported apart as duplicates; unmatched gold events are misses;
- unmatched system events that overlap a `not_events` sentence are trap hits;
- on matched events, the accuracy of date, UTC instant (where the gold has one), initiator,
  target, place, killed, injured, status and claimant; a gold field that is left out is not scored.
  The claimant is who the document says asserts the event: the parties it is claimed by
  (`asserted_by`), else the speaker of a claim about it (the source of a report, "... the
  minister said").

Names are compared through the gold's own `actors` list (canonical name + the surface forms the
text uses): a system actor stands for a gold name when its name, one of its aliases or one of its
quoted surfaces is that name or one of its surface forms, compared without case, punctuation,
articles or a plural 's'.

    python benchmarks/realnews.py [DIR] [--set A] [--details]
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

import yaml

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIR = ROOT.parent / "shared" / "realnews"

FAMILIES = {
    **dict.fromkeys(["strike", "attack", "killing", "bombing", "raid", "clash"], "violence"),
    **dict.fromkeys(["statement", "announcement", "claim"], "speech"),
}
#: System kinds are free words ("air strike", "drone attack"): their family from the words in them.
KIND_WORDS = {
    "violence": (
        "strike",
        "attack",
        "kill",
        "bomb",
        "raid",
        "clash",
        "assault",
        "shell",
        "explos",
        "fire",
        "ambush",
        "assassin",
        "massacre",
        "offensive",
    ),
    "speech": ("statement", "announce", "claim", "said", "speech", "vow", "warn"),
}
ATTRIBUTES = (
    "date",
    "utc",
    "initiator",
    "target",
    "place",
    "killed",
    "injured",
    "status",
    "claimant",
)
GENERIC = {"the", "a", "an", "of", "forces", "force", "military", "army", "government", "group"}


# ---------------------------------------------------------------- text and names


def sentences(text: str) -> list[tuple[int, int]]:
    """Sentence bounds: a line break, or . ! ? (with closing quotes) before a space and a capital,
    digit or opening quote. Deterministic and the same for gold and system."""
    bounds, start = [], 0
    for m in re.finditer(r"\n+|(?<=[.!?])[\"'”’)\]]*\s+(?=[A-Z0-9\"“‘(])", text):
        if m.start() > start:
            bounds.append((start, m.start()))
        start = m.end()
    if start < len(text):
        bounds.append((start, len(text)))
    return bounds


def find_hint(text: str, hint: str) -> tuple[int, int] | None:
    """Where ``hint`` is in ``text``: exactly, else with whitespace and quote marks folded."""
    at = text.find(hint)
    if at >= 0:
        return at, at + len(hint)
    pattern = r"\s+".join(re.escape(w) for w in hint.split())
    pattern = re.sub(r"\\?['’‘]", "['’‘]", pattern)
    pattern = re.sub(r'\\?["“”]', '["“”]', pattern)
    m = re.search(pattern, text, flags=re.I)
    return (m.start(), m.end()) if m else None


def sentence_of(text: str, hint: str) -> tuple[int, int] | None:
    where = find_hint(text, hint)
    if where is None:
        return None
    for lo, hi in sentences(text):
        if lo <= where[0] < hi:
            return lo, max(hi, where[1])
    return where


def fold(name: str) -> str:
    words = re.findall(r"[a-z0-9]+", name.lower().replace("’", "'").replace("'", ""))
    words = [w[:-1] if len(w) > 3 and w.endswith("s") else w for w in words if w != "the"]
    return " ".join(words)


@dataclass
class GoldNames:
    """A gold document's canonical names and their surface forms, folded."""

    forms: dict[str, set[str]] = field(default_factory=dict)

    @classmethod
    def of(cls, actors: list[dict]) -> GoldNames:
        out = cls()
        for a in actors or []:
            out.forms[a["name"]] = {fold(a["name"])} | {
                fold(s) for s in a.get("aliases_in_text", [])
            }
        return out

    def surfaces(self, name: str) -> set[str]:
        return self.forms.get(name, {fold(name)})


def system_surfaces(actor: dict) -> set[str]:
    forms = {actor["name"], *actor.get("aliases", [])}
    forms |= {s["quote"] for s in actor.get("spans", []) if len(s["quote"]) < 80}
    return {fold(f) for f in forms if fold(f)}


def stands_for(system: set[str], gold: set[str]) -> bool:
    """Equal forms, or one form's distinctive words all inside the other's ('Houthi rebels' for
    'Houthis')."""
    if system & gold:
        return True
    for s in system:
        for g in gold:
            sw, gw = set(s.split()) - GENERIC, set(g.split()) - GENERIC
            if sw and gw and (sw <= set(g.split()) or gw <= set(s.split())):
                return True
    return False


def names_match(system_actors: list[dict], gold_names: list[str], names: GoldNames) -> bool:
    """Every gold name stood for by a system actor, and every system actor standing for one."""
    sys_forms = [system_surfaces(a) for a in system_actors]
    gold_forms = [names.surfaces(n) for n in gold_names]
    every_gold = all(any(stands_for(s, g) for s in sys_forms) for g in gold_forms)
    every_sys = all(any(stands_for(s, g) for g in gold_forms) for s in sys_forms)
    return every_gold and every_sys


# ---------------------------------------------------------------- dates


def day(value: str) -> dt.date:
    return dt.date.fromisoformat(value[:10])


def interval(value: str) -> tuple[dt.date, dt.date]:
    """Days a partial ISO value covers: 2024 -> the year, 2024-01 -> the month, a..b -> a range."""
    if ".." in value:
        a, b = value.split("..")
        return interval(a)[0], interval(b)[1]
    if len(value) == 4:
        return dt.date(int(value), 1, 1), dt.date(int(value), 12, 31)
    if len(value) == 7:
        y, m = int(value[:4]), int(value[5:7])
        nxt = dt.date(y + (m == 12), m % 12 + 1, 1)
        return dt.date(y, m, 1), nxt - dt.timedelta(days=1)
    return day(value), day(value)


def system_interval(when: dict) -> tuple[dt.date, dt.date] | None:
    """The days a system time covers; "on or before D" (a period with only an end, as for an
    act told without a date in a report of D) is every day up to D."""
    start, end = when.get("start"), when.get("end")
    if not start:
        return (dt.date.min, interval(end[:10])[1]) if end else None
    lo = interval(start[:10] if len(start) >= 10 else start)[0]
    hi = interval((end or start)[:10] if len(end or start) >= 10 else (end or start))[1]
    return lo, hi


def overlaps(a: tuple[dt.date, dt.date], b: tuple[dt.date, dt.date]) -> bool:
    return a[0] <= b[1] and b[0] <= a[1]


def date_right(when: dict, gold: str) -> bool:
    """The system's days lie inside the gold's and are no coarser than them."""
    got = system_interval(when)
    want = interval(str(gold))
    return got is not None and want[0] <= got[0] and got[1] <= want[1]


def utc_of(when: dict) -> str | None:
    start, tz = when.get("start") or "", when.get("tz")
    if when.get("precision") not in {"minute", "second", "hour"} or not tz or "T" not in start:
        return None
    local = dt.datetime.fromisoformat(start[:16]).replace(tzinfo=ZoneInfo(tz))
    return local.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%MZ")


# ---------------------------------------------------------------- events


def family(kind: str) -> str:
    k = kind.lower()
    if k in FAMILIES:
        return FAMILIES[k]
    for fam, words in KIND_WORDS.items():
        if any(w in k for w in words):
            return fam
    return k


def count_of(event: dict, kind: str) -> int | None:
    for o in event.get("outcomes", []):
        if o["kind"] == kind:
            c = o.get("count") or {}
            return c.get("best") if c.get("best") is not None else c.get("low")
    return None


def toll_right(event: dict, kind: str, gold) -> bool:
    got = count_of(event, kind)
    if got is None:
        return False
    if isinstance(gold, str) and ".." in gold:
        lo, hi = (int(x) for x in gold.split(".."))
        return lo <= got <= hi
    return got == int(gold)


@dataclass
class Scores:
    tp: int = 0
    fp: int = 0
    dup: int = 0
    fn: int = 0
    traps: int = 0
    right: Counter = field(default_factory=Counter)
    scored: Counter = field(default_factory=Counter)
    errors: list[str] = field(default_factory=list)
    #: system event id -> the gold label of the event it matched (its cluster, else its own)
    labels: dict[str, str] = field(default_factory=dict)
    #: (predicted confidence, matched a gold event) for every system event that has one
    judged: list[tuple[float, bool]] = field(default_factory=list)

    def add(self, other: Scores) -> None:
        for f in ("tp", "fp", "dup", "fn", "traps"):
            setattr(self, f, getattr(self, f) + getattr(other, f))
        self.right.update(other.right)
        self.scored.update(other.scored)
        self.errors += other.errors
        self.labels.update(other.labels)
        self.judged += other.judged


def span_overlap(event: dict, bounds: tuple[int, int]) -> int:
    lo, hi = bounds
    return sum(max(0, min(hi, s["end"]) - max(lo, s["start"])) for s in event["spans"])


def candidates(events: list[dict], gold: list[dict], text: str) -> list[tuple]:
    """(score, system index, gold index) for every pair the matching rule allows."""
    pairs = []
    for gi, g in enumerate(gold):
        sent = sentence_of(text, g.get("quote_hint", ""))
        if sent is None:
            continue
        want = interval(str(g["date"])) if g.get("date") else None
        for si, e in enumerate(events):
            shared = span_overlap(e, sent)
            if not shared or family(e["kind"]) != family(g["kind"]):
                continue
            got = system_interval(e["when"])
            if want and (got is None or not overlaps(got, want)):
                continue
            distance = abs((got[0] - want[0]).days) if want and got else 0
            pairs.append((-shared, distance, si, gi))
    return sorted(pairs)


def score_attributes(e: dict, g: dict, actors: dict, names: GoldNames, out: Scores, where: str):
    checks = {
        "date": lambda: date_right(e["when"], str(g["date"])),  # "before D" is coarser: wrong
        "utc": lambda: utc_of(e["when"]) == str(g["utc"]),
        "initiator": lambda: names_match(
            [actors[i] for i in e.get("initiators", []) if i in actors], g["initiator"], names
        ),
        "target": lambda: names_match(
            [actors[i] for i in e.get("targets", []) if i in actors], g["target"], names
        ),
        "place": lambda: place_right(e.get("location"), g["place"]),
        "killed": lambda: toll_right(e, "killed", g["killed"]),
        "injured": lambda: toll_right(e, "injured", g["injured"]),
        "status": lambda: e["status"] == g["status"],
        "claimant": lambda: names_match(
            [actors[i] for i in claimants(e) if i in actors][:1], [g["claimant"]], names
        ),
    }
    gold_key = {"initiator": "initiator", "target": "target", "place": "place"}
    for attr in ATTRIBUTES:
        if g.get(gold_key.get(attr, attr)) is None:
            continue
        out.scored[attr] += 1
        if checks[attr]():
            out.right[attr] += 1
        else:
            out.errors.append(
                f"{where}: {attr}: gold {g.get(attr)!r}, system {show(e, attr, actors)}"
            )


def place_right(location: dict | None, gold: list[str]) -> bool:
    if not gold:
        return location is None
    if location is None:
        return False
    got = {fold(location["name"]), fold(location.get("expression", ""))}
    return any(stands_for(got, {fold(p)}) for p in gold)


def show(e: dict, attr: str, actors: dict) -> str:
    names = lambda ids: [actors[i]["name"] if i in actors else i for i in ids]  # noqa: E731
    return {
        "date": lambda: f"{e['when'].get('start')}..{e['when'].get('end')}",
        "utc": lambda: str(utc_of(e["when"])),
        "initiator": lambda: str(names(e.get("initiators", []))),
        "target": lambda: str(names(e.get("targets", []))),
        "place": lambda: str((e.get("location") or {}).get("name")),
        "killed": lambda: str(count_of(e, "killed")),
        "injured": lambda: str(count_of(e, "injured")),
        "status": lambda: e["status"],
        "claimant": lambda: str(names(claimants(e))),
    }[attr]()


def claimants(event: dict) -> list[str]:
    """Who the document says asserts the event: the parties it is claimed by, else the speakers
    of the claims about it ("..., the minister said": the report's source)."""
    return event.get("asserted_by") or event.get("_sources", [])


def with_sources(facts: dict) -> list[dict]:
    sources: dict[str, list[str]] = {}
    for claim in facts.get("claims", []):
        for event_id in claim.get("about", []):
            if claim.get("speaker"):
                sources.setdefault(event_id, []).append(claim["speaker"])
    return [{**e, "_sources": sources.get(e["id"], [])} for e in facts.get("events", [])]


def score_document(facts: dict, gold: dict, text: str, doc_id: str) -> Scores:
    out = Scores()
    events = with_sources(facts)
    actors = {a["id"]: a for a in facts.get("actors", [])}
    names = GoldNames.of(gold.get("actors", []))
    gold_events = gold.get("events", [])
    used_s, used_g = set(), set()
    pairs = candidates(events, gold_events, text)
    for _, _, si, gi in pairs:
        if si in used_s or gi in used_g:
            continue
        used_s.add(si)
        used_g.add(gi)
        out.tp += 1
        g = gold_events[gi]
        out.labels[events[si]["id"]] = g.get("cluster") or f"{doc_id}#{gi}"
        score_attributes(events[si], g, actors, names, out, f"{doc_id} [{g.get('quote_hint')}]")
    duplicates = {si for _, _, si, gi in pairs if si not in used_s}
    out.judged += [
        (e["confidence"], si in used_s) for si, e in enumerate(events) if "confidence" in e
    ]
    traps = [sentence_of(text, t.get("text_hint", "")) for t in gold.get("not_events", [])]
    for si, e in enumerate(events):
        if si in used_s:
            continue
        if si in duplicates:
            out.dup += 1
        else:
            out.fp += 1
        if any(t and span_overlap(e, t) for t in traps):
            out.traps += 1
        out.errors.append(
            f"{doc_id}: {'duplicate' if si in duplicates else 'false positive'}: "
            f"{e['kind']} {e['when'].get('start')} «{e['spans'][0]['quote'][:90]}»"
        )
    for gi, g in enumerate(gold_events):
        if gi not in used_g:
            out.fn += 1
            out.errors.append(
                f"{doc_id}: missed: {g['kind']} {g.get('date')} [{g.get('quote_hint')}]"
            )
    return out


# ---------------------------------------------------------------- running


def extract_set(directory: Path, nlp) -> tuple[dict[str, dict], dict[str, str], float, int]:
    from helpers.extract import dump_facts, extract_document
    from helpers.facts import load_documents

    docs = load_documents(directory)
    facts, texts, words, took = {}, {}, 0, 0.0
    for doc_id, doc in docs.items():
        t0 = time.perf_counter()
        extracted = extract_document(doc, nlp)
        took += time.perf_counter() - t0
        facts[doc_id] = yaml.safe_load(dump_facts(extracted))
        texts[doc_id] = doc.text
        words += len(doc.text.split())
    return facts, texts, took, words


# ---------------------------------------------------------------- fusion (one real event, one row)


def fuse_set(directory: Path, facts: dict[str, dict]):
    """The set's documents with their extracted facts, fused as the brief fuses them."""
    import tempfile

    from helpers.facts import load_corpus
    from helpers.fuse import fuse

    with tempfile.TemporaryDirectory(prefix="realnews-facts-") as tmp:
        for doc_id, data in facts.items():
            (Path(tmp) / f"{doc_id}.facts.yaml").write_text(
                yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8"
            )
        return fuse(load_corpus(directory, tmp))


def b_cubed(system: dict[str, str], gold: dict[str, str]) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 of a clustering ``system`` (item -> row) against
    ``gold`` (item -> real event), over the items both know."""
    items = sorted(set(system) & set(gold))
    if not items:
        return 0.0, 0.0, 0.0
    by_row, by_event = defaultdict(set), defaultdict(set)
    for i in items:
        by_row[system[i]].add(i)
        by_event[gold[i]].add(i)
    p = sum(len(by_row[system[i]] & by_event[gold[i]]) / len(by_row[system[i]]) for i in items)
    r = sum(len(by_row[system[i]] & by_event[gold[i]]) / len(by_event[gold[i]]) for i in items)
    p, r = p / len(items), r / len(items)
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def fusion_lines(fusion, labels: dict[str, str], gold_tolls: dict[str, set]) -> list[str]:
    """B-cubed over the events that matched gold; per real event reported by several documents,
    the rows it spans and whether differing tolls are shown as a disagreement."""
    row = {orig: fused for fused, originals in fusion.members.items() for orig in originals}
    p, r, f = b_cubed({i: row.get(i, i) for i in labels}, labels)
    lines = [f"  fusion: B-cubed P {p:.2f} R {r:.2f} F1 {f:.2f} over {len(labels)} matched reports"]
    clusters = defaultdict(set)
    for item, label in labels.items():
        if "#" not in label:
            clusters[label].add(row.get(item, item))
    disagreeing = {(d.event, d.field) for d in fusion.disagreements}
    one_row = sum(len(rows) == 1 for rows in clusters.values())
    shown = [
        all((r_, "killed") in disagreeing for r_ in rows)
        for c, rows in clusters.items()
        if len(gold_tolls.get(c, ())) > 1
    ]
    lines.append(
        f"  multi-report events in one row: {one_row}/{len(clusters)}; "
        f"rows per event: {dict(sorted((c, len(r_)) for c, r_ in clusters.items()))}; "
        f"differing death tolls shown as a disagreement: {sum(shown)}/{len(shown)}"
    )
    return lines


BANDS = (0.0, 0.2, 0.4, 0.6, 0.8, 1.01)


def reliability_lines(judged: list[tuple[float, bool]]) -> list[str]:
    """Predicted against observed precision per confidence band (a reliability table)."""
    if not judged:
        return ["confidence: no event carries one"]
    lines = ["confidence reliability (band: events, mean predicted, observed precision):"]
    for lo, hi in zip(BANDS, BANDS[1:], strict=False):
        inside = [(c, ok) for c, ok in judged if lo <= c < hi]
        if inside:
            mean = sum(c for c, _ in inside) / len(inside)
            seen = sum(ok for _, ok in inside) / len(inside)
            flag = "" if abs(mean - seen) <= 0.1 else "  (off by more than 0.1)"
            lines.append(
                f"  {lo:.1f}-{min(hi, 1.0):.1f}: {len(inside):3d} events, predicted {mean:.2f}, "
                f"observed {seen:.2f}{flag}"
            )
    return lines


def gold_tolls(gold: dict) -> dict[str, set]:
    tolls = defaultdict(set)
    for doc in gold["documents"].values():
        for e in doc.get("events", []):
            if e.get("cluster") and e.get("killed") is not None:
                tolls[e["cluster"]].add(str(e["killed"]))
    return tolls


def warm_up(directory: Path, nlp) -> None:
    from helpers.extract import extract_document
    from helpers.facts import load_documents

    first = next(iter(load_documents(directory).values()))
    extract_document(first, nlp)


def tokenizer_floor(texts: list[str]) -> float:
    import spacy

    tok = spacy.blank("en").tokenizer
    t0 = time.perf_counter()
    words = 0
    for _ in range(5):
        for t in texts:
            tok(t)
            words += len(t.split())
    return words / (time.perf_counter() - t0)


def fmt(s: Scores, label: str) -> list[str]:
    p = s.tp / (s.tp + s.fp + s.dup) if s.tp + s.fp + s.dup else 0.0
    r = s.tp / (s.tp + s.fn) if s.tp + s.fn else 0.0
    f1 = 2 * p * r / (p + r) if p + r else 0.0
    lines = [
        f"{label}: events P {p:.2f} R {r:.2f} F1 {f1:.2f} (matched {s.tp}, false positives "
        f"{s.fp}, duplicates {s.dup}, missed {s.fn}); trap hits {s.traps}"
    ]
    attrs = [
        f"{a} {s.right[a] / s.scored[a]:.2f} ({s.right[a]}/{s.scored[a]})"
        for a in ATTRIBUTES
        if s.scored[a]
    ]
    lines.append("  on matched events: " + ", ".join(attrs))
    return lines


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("dir", nargs="?", default=str(DEFAULT_DIR), help="directory of sets")
    ap.add_argument("--set", action="append", help="only these sets (e.g. A)")
    ap.add_argument("--details", action="store_true", help="print every error")
    ap.add_argument("--no-fusion", action="store_true", help="score the extraction only")
    args = ap.parse_args()
    from helpers.extract import build_nlp

    base = Path(args.dir)
    sets = sorted(p for p in base.iterdir() if (p / "gold.yaml").is_file())
    sets = [p for p in sets if not args.set or p.name in args.set]
    if not sets:
        print(f"{base}: no set (a directory with gold.yaml)", file=sys.stderr)
        return 2
    nlp = build_nlp()
    warm_up(sets[0], nlp)  # load the parser, the gazetteer and the places once, untimed
    total, took, words, all_texts = Scores(), 0.0, 0, []
    per_set = defaultdict(Scores)
    for directory in sets:
        gold = yaml.safe_load((directory / "gold.yaml").read_text(encoding="utf-8"))
        facts, texts, t, w = extract_set(directory, nlp)
        took, words = took + t, words + w
        all_texts += texts.values()
        for doc_id, g in sorted(gold["documents"].items()):
            s = score_document(facts[doc_id], g, texts[doc_id], doc_id)
            per_set[directory.name].add(s)
        for line in fmt(per_set[directory.name], f"set {directory.name}"):
            print(line)
        if not args.no_fusion:
            fusion = fuse_set(directory, facts)
            for line in fusion_lines(fusion, per_set[directory.name].labels, gold_tolls(gold)):
                print(line)
        total.add(per_set[directory.name])
    for line in fmt(total, "all sets"):
        print(line)
    floor = tokenizer_floor(all_texts)
    print(
        f"throughput {words / took:,.0f} words/s on one core (warm); tokenizer floor {floor:,.0f} "
        f"words/s ({floor / (words / took):.1f}x)"
    )
    for line in reliability_lines(total.judged):
        print(line)
    if args.details:
        for line in total.errors:
            print("  " + line)
    return 0


if __name__ == "__main__":
    sys.exit(main())
