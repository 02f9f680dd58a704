"""Many documents, one picture: cross-document fusion of events and actors.

:func:`fuse` takes a :class:`~helpers.facts.loading.Corpus` whose facts come from several documents
(one facts file each) and returns a :class:`Fusion`: a corpus whose facts have

- **one event per real-world event**: reports of the same event in different documents merge
  into one (same kind family, compatible time once zones are applied, compatible place and
  actors), keeping every source's spans. Events from one document never merge with each other
  (the extractor and the analyst already did that), and two events on the same day stay apart
  unless place or actors tie them together;
- **one actor per person or group**: gazetteer ids are already shared across documents; actors
  outside the gazetteer merge when their names are the same after normalising transliteration
  ("Kata'ib" = "Kataib"), or when a source says one name is the other ("Abu Taqwa, whose real
  name is Mushtaq Taleb al-Saeedi"), with that sentence kept as evidence. Names that are merely
  close are listed for review (:attr:`Fusion.review`), never merged silently;
- **every disagreement kept**: a fused figure carries low / best / high over the sources and each
  source's own figure; dates that differ, and attributions to different actors, are listed in
  :attr:`Fusion.disagreements`;
- **corroboration counted by independent sources**: near-identical texts (wire copy republished
  by several outlets) form one group (:attr:`Fusion.wire`) and count once.

Everything is deterministic: the same corpus gives the same fusion, whatever the order of
documents on disk. With one document, :func:`fuse` returns its facts unchanged.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import math
import re
import sys
import unicodedata
import zlib
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace

import numpy as np

from ..facts.gazetteer import load_gazetteer
from ..facts.loading import Corpus, Facts, SourceDoc
from ..facts.places import (
    CALENDAR_WORDS,
    REGION_WORDS,
    SITE_WORDS,
    distance_km,
    lookup,
    zone_of,
)
from ..facts.schema import (
    Actor,
    Claim,
    Count,
    Event,
    EventLink,
    Location,
    Outcome,
    Relation,
    Span,
)
from ..facts.times import utc_bounds

VIOLENT = frozenset({"strike", "attack", "killing", "bombing", "airstrike", "raid"})
#: Kinds one report calls a statement and another an announcement or a claim: one act of speech.
SPEECH = frozenset({"statement", "announcement", "claim"})
_PRECISION_RANK = {"minute": 0, "day": 1, "month": 2, "year": 3, "period": 4, "unknown": 5}
WIRE_THRESHOLD = 0.7  # Jaccard similarity of word 5-gram shingles that makes two texts one wire
WIRE_PROBES = 4  # texts of a MinHash bucket every other text is compared with
NEAR_MATCH = 85  # rapidfuzz score (0-100) above which different names are listed for review


# --------------------------------------------------------------------------------------------
# Result types


@dataclass(frozen=True)
class Figure:
    """One source's figure for one outcome of a fused event."""

    doc: str
    kind: str
    count: Count
    wording: str


@dataclass(frozen=True)
class Disagreement:
    """Where the sources of one fused event disagree: ``field`` is the outcome kind ("killed",
    "injured"), "date" or "attribution"; ``values`` are (document id, the source's value)."""

    event: str
    field: str
    values: tuple[tuple[str, str], ...]

    def describe(self) -> str:
        return "; ".join(f"{value} ({doc})" for doc, value in self.values)


@dataclass(frozen=True)
class ActorMerge:
    kept: str
    merged: str
    evidence: str  # why: "same name after normalising" or the source's sentence
    span: Span | None = None
    name: str = ""  # the merged actor's name, as its document wrote it (what a reader is shown)
    doc: str = ""  # the document the merged actor was read from ("" if it has no span)


@dataclass(frozen=True)
class NearMatch:
    a: str
    b: str
    a_name: str
    b_name: str
    score: float


@dataclass
class Fusion:
    corpus: Corpus  # the fused facts (events and actors merged, references remapped)
    sources: dict[str, list[str]]  # fused event id -> document ids reporting it
    independent: dict[str, int]  # fused event id -> sources counted once per wire group
    members: dict[str, list[str]]  # fused event id -> the original event ids
    figures: dict[str, list[Figure]]  # fused event id -> every source's figure
    disagreements: list[Disagreement] = field(default_factory=list)
    actor_merges: list[ActorMerge] = field(default_factory=list)
    review: list[NearMatch] = field(default_factory=list)
    wire: dict[str, str] = field(default_factory=dict)  # document id -> wire group id
    rename: dict[str, str] = field(default_factory=dict)  # merged actor id -> the kept actor id

    def actor_of(self, actor_id: str) -> str:
        """The fused actor an original actor id ended up in."""
        return self.rename.get(actor_id, actor_id)

    def disagree(self, event_id: str) -> list[Disagreement]:
        return [d for d in self.disagreements if d.event == event_id]


# --------------------------------------------------------------------------------------------
# Wire copy: near-identical texts


def _shingles(text: str, k: int = 5) -> np.ndarray:
    """Word k-grams of a text as 32-bit CRCs (deterministic, unlike ``hash``), each once, in
    order: an array of 4 bytes per shingle, where a set of Python ints took about 70 (every text
    of the corpus is held at once: 140 MB of sets at 10,000 documents)."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    if not words:  # nothing to compare: never one wire story with another empty text
        return np.empty(0, dtype=np.uint32)
    crcs = [
        zlib.crc32(" ".join(words[i : i + k]).encode()) for i in range(max(1, len(words) - k + 1))
    ]
    return np.unique(np.array(crcs, dtype=np.uint32))


def _jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """|a & b| / |a | b| of two arrays of distinct shingles."""
    shared = len(np.intersect1d(a, b, assume_unique=True))
    return shared / (len(a) + len(b) - shared)


_SEEDS = np.random.default_rng(20240208).integers(1, 2**63, size=(2, 32), dtype=np.uint64)


def _minhash(shingles: np.ndarray) -> tuple[int, ...]:
    """32 MinHash values: min over shingles of (a*x + b) mod 2^64 (multiply-shift hashing)."""
    if not len(shingles):
        return (0,) * 32
    x = shingles.astype(np.uint64)[:, None]
    with np.errstate(over="ignore"):
        hashed = (x * (_SEEDS[0] | np.uint64(1)) + _SEEDS[1]) >> np.uint64(32)
    return tuple(int(v) for v in hashed.min(axis=0))


def wire_groups(documents: dict[str, SourceDoc], threshold: float = WIRE_THRESHOLD) -> dict:
    """Document id -> group id (the smallest document id of its group). Texts whose word 5-gram
    shingles overlap by ``threshold`` (Jaccard) or more are one wire story republished; candidate
    pairs come from MinHash bands (8 bands of 4), so the cost grows with the corpus, not its
    square."""
    ids = sorted(documents)
    shingles = {d: _shingles(documents[d].text) for d in ids}
    parent = {d: d for d in ids}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    buckets: dict[tuple, list[str]] = defaultdict(list)
    for d in ids:
        sig = _minhash(shingles[d])
        for band in range(8):
            buckets[(band, sig[band * 4 : band * 4 + 4])].append(d)
    checked: set[tuple[str, str]] = set()
    for members in buckets.values():
        # each text against the first few of its bucket: copies of one story are all near the
        # first, and a bucket of boilerplate-alike texts cannot make the check quadratic
        for i, a in enumerate(members[:WIRE_PROBES]):
            for b in members[i + 1 :]:
                if (a, b) in checked or find(a) == find(b):
                    continue
                checked.add((a, b))
                sa, sb = shingles[a], shingles[b]
                if len(sa) and len(sb) and _jaccard(sa, sb) >= threshold:
                    ra, rb = find(a), find(b)
                    parent[max(ra, rb)] = min(ra, rb)
    return {d: find(d) for d in ids}


# --------------------------------------------------------------------------------------------
# Actors


def name_key(name: str) -> str:
    """A name with transliteration noise removed: accents, apostrophes and hyphens, articles
    ("the", "al-"), doubled letters and a few letter spellings (ou/o/u, ee/i, q/k). Only
    spellings of one sound are folded: "Hassan" and "Hussein" stay different names."""
    text = unicodedata.normalize("NFKD", name)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[\u2018\u2019'`ʼʿʾ]", "", text)
    text = re.sub(r"^(?:an?|the)\s+", "", text)
    text = re.sub(r"\b(?:al|el|ad|ar|as|ash|at|az)-", "", text)
    text = re.sub(r"[^a-z0-9]+", " ", text)
    # English renderings of Arabic and Persian letters: ou/o/u, ee/i, q/k, ph/f, dh/d
    for a, b in (
        ("ou", "u"), ("ee", "i"), ("ae", "ai"), ("ph", "f"), ("q", "k"), ("dh", "d"), ("o", "u"),
    ):  # fmt: skip
        text = text.replace(a, b)
    text = re.sub(r"([a-z])\1+", r"\1", text)  # Mohammed / Mohamed
    return " ".join(text.split())


#: Ranks, offices and honorifics before a person's name ("Maj Gen Pat Ryder", "Defense Secretary
#: Lloyd Austin"): not part of the name, so variants with and without them are one person.
_TITLE_WORDS = """
mr mrs ms dr sir dame sheikh sheik sayyed sayyid mullah imam rev general gen lt lieutenant col
colonel maj major brig brigadier adm admiral capt captain cmdr commander sgt sergeant cpl pvt
president vice prime minister secretary defense defence foreign interior spokesman spokeswoman
spokesperson chief senator rep representative governor mayor king queen prince emir ayatollah
deputy acting former top senior
"""
TITLES = frozenset(_TITLE_WORDS.split())
#: Short forms of given names used in news copy, to their full form.
NICKNAMES = {
    "pat": "patrick", "mike": "michael", "bill": "william", "bob": "robert", "jim": "james",
    "joe": "joseph", "tom": "thomas", "dick": "richard", "rick": "richard", "dan": "daniel",
    "dave": "david", "steve": "stephen", "tony": "anthony", "chris": "christopher",
    "alex": "alexander", "nick": "nicholas", "ben": "benjamin", "sam": "samuel", "ed": "edward",
    "ted": "edward", "jack": "john", "chuck": "charles", "charlie": "charles", "liz": "elizabeth",
    "kate": "katherine", "jen": "jennifer", "andy": "andrew", "matt": "matthew", "greg": "gregory",
    "jeff": "jeffrey", "ken": "kenneth", "larry": "lawrence", "ron": "ronald", "tim": "timothy",
}  # fmt: skip


def person_key(name: str) -> str:
    """A person's name without ranks and honorifics, given names in full, spelling folded:
    "Maj Gen Pat Ryder" and "Patrick Ryder" have one key."""
    words = [w.strip(".,") for w in name.split()]
    while len(words) > 1 and words[0].lower() in TITLES:
        words = words[1:]
    # middle initials ("Patrick S. Ryder") are left out
    words = [w for i, w in enumerate(words) if len(w) > 1 or i in (0, len(words) - 1)]
    if len(words) > 1:
        words[0] = NICKNAMES.get(words[0].lower(), words[0])
    return name_key(" ".join(words))


_ALSO_KNOWN = re.compile(
    r"(?P<a>[A-Z][\w'\u2019-]+(?:\s+(?:al-|el-|bin\s+|abu\s+|Abu\s+)?[A-Z][\w'\u2019-]+){0,4})"
    r"\s*,?\s*(?:\(|,)?\s*(?:also\s+|better\s+)?(?:known\s+as|whose\s+real\s+name\s+is|"
    r"real\s+name|nom\s+de\s+guerre|alias|a\.k\.a\.?)\s+"
    r"(?P<b>[A-Z][\w'\u2019-]+(?:\s+(?:al-|el-|bin\s+|abu\s+|Abu\s+)?[A-Z][\w'\u2019-]+){0,4})"
)


def _mergeable(actor: Actor) -> bool:
    """Actors outside the gazetteer that carry a name (not a description like 'a commander' or a
    count like 'two people', which differ from report to report), and the backed collectives the
    extractor keeps one per backer ("Iran-backed militants")."""
    if "unresolved-" not in actor.id:
        return False
    return actor.named or actor.id.endswith("-backed-militants")


def _named(actor: Actor) -> tuple[str, str]:
    """A merged actor's name and the document it was read from, for the brief's reader."""
    return actor.name, actor.spans[0].doc if actor.spans else ""


def _cluster_actors(corpus: Corpus) -> tuple[dict[str, str], list[ActorMerge]]:
    actors = corpus.facts.actors
    rename: dict[str, str] = {}
    merges: list[ActorMerge] = []
    by_key: dict[tuple[str, str], list[str]] = defaultdict(list)
    for actor in sorted(actors.values(), key=lambda a: a.id):
        if _mergeable(actor):
            # collectives are one actor per doc and label ("iran-backed militants")
            key = actor.id.split("unresolved-", 1)[1] if actor.kind == "collective" else None
            if actor.kind == "person":
                key = person_key(actor.name)
            by_key[(actor.kind, key or name_key(actor.name))].append(actor.id)
    for (kind, key), ids in sorted(by_key.items()):
        for other in ids[1:]:
            rename[other] = ids[0]
            evidence = (
                f"the same backed collective ({key}): {actors[ids[0]].name!r}, "
                f"{actors[other].name!r}"
                if kind == "collective"
                else f"same name after normalising spelling, ranks and short given names: "
                f"{actors[ids[0]].name!r} = {actors[other].name!r}"
            )
            merges.append(ActorMerge(ids[0], other, evidence, None, *_named(actors[other])))

    # "X, also known as Y": a source says two names are one person or group.
    surfaces: dict[str, str] = {}
    for actor in sorted(actors.values(), key=lambda a: a.id):
        for surface in [actor.name, *actor.aliases]:
            surfaces.setdefault(name_key(surface), actor.id)

    def root(a: str) -> str:
        while a in rename:
            a = rename[a]
        return a

    for doc in sorted(corpus.documents.values(), key=lambda d: d.id):
        for m in _ALSO_KNOWN.finditer(doc.text):
            a = surfaces.get(name_key(m.group("a")))
            b = surfaces.get(name_key(m.group("b")))
            if not a or not b or root(a) == root(b):
                continue
            ra, rb = root(a), root(b)
            if "unresolved-" not in ra and "unresolved-" not in rb:
                continue  # two gazetteer actors: the gazetteer decides, not one sentence
            if actors[ra].kind != actors[rb].kind:
                continue  # "X, known as Y" naming a person and a group is not one actor
            kept, merged = (rb, ra) if "unresolved-" in ra else (ra, rb)
            if "unresolved-" in kept and "unresolved-" in merged:
                kept, merged = min(ra, rb), max(ra, rb)
            rename[merged] = kept
            span = Span(
                doc=doc.id, start=m.start(), end=m.end(), quote=doc.text[m.start() : m.end()]
            )
            evidence = f"the source says so: {span.quote!r}"
            merges.append(ActorMerge(kept, merged, evidence, span, *_named(actors[merged])))
    return {a: root(a) for a in rename}, merges


def _near_matches(actors: dict[str, Actor], limit: int = 4000) -> list[NearMatch]:
    """Pairs of distinct named actors whose names are close but not the same after normalising:
    for an analyst to decide. Blocked by kind and first letter so the cost stays bounded."""
    from rapidfuzz import fuzz

    named = sorted(
        (a for a in actors.values() if a.named and a.kind != "collective"), key=lambda a: a.id
    )
    blocks: dict[tuple[str, str], list[Actor]] = defaultdict(list)
    for actor in named:
        key = name_key(actor.name)
        blocks[(actor.kind, key[:1])].append(actor)
    out = []
    for members in blocks.values():
        members = members[:limit]
        keys = [name_key(a.name) for a in members]
        for i, a in enumerate(members):
            for j in range(i + 1, len(members)):
                b = members[j]
                if keys[i] == keys[j]:
                    continue
                score = fuzz.token_sort_ratio(keys[i], keys[j])
                if score >= NEAR_MATCH:
                    out.append(NearMatch(a.id, b.id, a.name, b.name, round(score, 1)))
    return sorted(out, key=lambda n: (-n.score, n.a, n.b))


# --------------------------------------------------------------------------------------------
# Events


def family(kind: str) -> str:
    """Kinds that one report calls a strike and another an attack or a killing are one family."""
    words = re.findall(r"[a-z]+", kind.lower())
    if any(w in VIOLENT for w in words):
        return "violent"
    return "speech" if any(w in SPEECH for w in words) else kind.lower()


def _place(event: Event) -> str | None:
    return event.location.name.lower() if event.location else None


def _countries(event: Event) -> set[str]:
    """The countries the event's place lies in ("Baghdad" -> {"iraq"})."""
    if not event.location:
        return set()
    return {c.lower() for c in event.location.countries}


@dataclass
class _Item:
    event: Event
    doc: str
    lo: dt.datetime
    hi: dt.datetime
    initiators: frozenset[str]
    targets: frozenset[str]
    words: frozenset[str] = frozenset()  # names and figures in the event's sentences
    terms: frozenset[str] = frozenset()  # content words and figures of the event's sentences
    weights: dict[str, float] = field(default_factory=dict)  # the corpus's weight of each term
    names: frozenset[str] = frozenset()  # the terms written as names or figures (_names)
    rare: float = 0.0  # the weight a shared name needs to count as rare (_rare_floor)


_COMMON_WORDS = (
    "The This That These They Their There Then When Where While After Before During Since "
    "Monday Tuesday Wednesday Thursday Friday Saturday Sunday January February March April May "
    "June July August September October November December Iraq Iraqi Syria Syrian Iran Iranian "
    "Israel Israeli Lebanon Lebanese Jordan Yemen United States American Forces Force Army "
    "Ministry Government President Minister Islamic State Hezbollah News Reuters Photo File"
)
_COMMON = frozenset(_COMMON_WORDS.split())


def _words(event: Event) -> frozenset[str]:
    """Place-like names (after "in", "near", ...) and figures in an event's sentences
    ("Mutaibija", "27"): shared ones tie reports of one event together when the extractor found
    no place."""
    text = " ".join(s.quote for s in event.spans)
    names = {w for w in _PLACE_WORDS.findall(text) if w not in _COMMON and w not in _actor_words()}
    figures = {n for n in re.findall(r"\b\d{2,4}\b", text) if not 1900 < int(n) < 2100}
    return frozenset(map(sys.intern, names | figures))


# a capitalised word after a locative preposition: "in Mutaibija", "near Albu Kamal"
_PLACE_WORDS = re.compile(
    r"\b(?:in|near|at|outside|of|from|around|towards|toward)\s+(?:the\s+)?([A-Z][a-z'\u2019-]{3,})"
)


#: Words of any news report, too common to tie two reports to one event: function words and the
#: vocabulary of reporting. Every other word is weighed by how few documents use it (:func:`_idf`).
_STOP_TEXT = """
about above across after again against all almost along already also although always among
another any anyone anything around because been before being below between both but came can
cannot could did does doing done down during each either else even ever every few first for
from further had has have having her here hers herself him himself his how however into its
itself just last later least less made make many may more most much must near neither never
next none nor not now off often once one only onto other others otherwise our ours ourselves
out over own part per perhaps rather said same says see seen several she should since some
still such than that the their theirs them themselves then there these they this those though
three through thus together too toward towards two under until upon very was were what whatever
when where whether which while who whom whose why will with within without would yet you your
told according reported report reports saying statement added news agency also another later
earlier today yesterday tomorrow tonight morning afternoon evening night week weeks month months
year years day days time local people official officials including least more than
"""
_STOP = frozenset(_STOP_TEXT.split()) | {w.lower() for w in CALENDAR_WORDS}
_TERM = re.compile(r"[^\W\d_][\w'\u2019-]+|\d{2,}")


def _terms(event: Event) -> frozenset[str]:
    """The content words and figures of an event's sentences, lowercased, plural and
    possessive endings cut ("pagers" = "pager", "Kerman's" = "kerman"), years left out."""
    text = " ".join(s.quote for s in event.spans)
    return frozenset(t for t in map(_term, _TERM.findall(text)) if t)


def _names(event: Event) -> frozenset[str]:
    """The terms of an event's sentences written as names or figures: capitalised inside a
    sentence ("Barsalogho", "Arouri"), or digits. Shared rare words must include one of these
    to tie reports together: common words alone ("rocket", "barrage") describe many acts."""
    out = set()
    for quote in dict.fromkeys(s.quote for s in event.spans):
        for m in _TERM.finditer(quote):
            word = m.group()
            start = quote[: m.start()].rstrip()
            opening = not start or start[-1] in '.!?"\u201c:'
            if word.isdigit() or (word[0].isupper() and not opening):
                term = _term(word)
                if term:
                    out.add(term)
    return frozenset(out)


_SHORT_NAME = re.compile(r"[A-Z][a-z]{2}")


def _term(word: str) -> str | None:
    """A word's term, interned: every report's term sets hold the corpus's one copy of it."""
    t = word.lower().replace("\u2019", "'").removesuffix("'s").strip("'-")
    if t.isdigit():
        return None if 1900 < int(t) < 2100 else sys.intern(t)
    if (len(t) < 4 and not _SHORT_NAME.fullmatch(word)) or t in _STOP:
        return None  # short words only as parts of names ("Ras Isa", "Kut", "Abu Ghraib")
    return sys.intern(t[:-1] if len(t) > 4 and t.endswith("s") and not t.endswith("ss") else t)


def _idf(items: list[_Item]) -> dict[str, float]:
    """Each term's weight, 0 (in every document) to 1 (in one): log(N / df) / log(N), smoothed
    so that two documents of one story still share weight."""
    by_doc: dict[str, set[str]] = defaultdict(set)
    for item in items:
        by_doc[item.doc] |= item.terms
    df = Counter(t for terms in by_doc.values() for t in terms)
    n = len(by_doc) + 1
    return {t: math.log(n / c) / math.log(n) for t, c in df.items()} if n > 1 else {}


def _rare_floor(n_docs: int) -> float:
    """The weight of a name in max(3, sqrt(N)) of N documents: a name at least this rare ties
    reports together (in a small corpus, the three reports of one story may be all of it)."""
    n = n_docs + 1
    return max(0.0, math.log(n / max(3.0, math.sqrt(n))) / math.log(n)) if n > 1 else 0.0


#: Summed weights of the terms a report shares with a cluster: at or above STRONG it is evidence
#: of the same event (two or three rare words, such as a town, a victim and the weapon), at or
#: above WEAK a sign. Calibrated on ``../shared/realnews`` with ``benchmarks/realnews.py``.
TERMS_STRONG = 1.25
TERMS_WEAK = 0.75


def _shared_weight(cluster: _Cluster, item: _Item) -> float:
    """The weight of the terms a report shares with the closest report of the cluster (not
    with all of them together: a growing cluster would come to share words with everything);
    0 unless they share a rare name or figure (see _rare_floor)."""
    weights = item.weights
    best = 0.0
    for m in cluster.items:
        shared = item.terms & m.terms
        if any(weights.get(t, 0.0) >= item.rare for t in shared & (item.names | m.names)):
            best = max(best, sum(weights.get(t, 0.0) for t in shared))
    return best


@functools.lru_cache(maxsize=1)
def _actor_words() -> frozenset[str]:
    """Words of the gazetteer's names: shared actor names are not evidence of a shared place."""
    words = set()
    for actor in load_gazetteer().actors.values():
        for name in actor.names:
            words.update(re.findall(r"[A-Za-z'\u2019-]+", name))
    return frozenset(words)


@dataclass
class _Cluster:
    items: list[_Item]
    docs: set[str]
    lo: dt.datetime
    hi: dt.datetime
    places: set[str]
    initiators: set[str]
    targets: set[str]
    family: str
    countries: set[str] = field(default_factory=set)
    words: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    locations: list[Location] = field(default_factory=list)

    def add(self, item: _Item, keep_time: bool = False) -> None:
        self.items.append(item)
        self.docs.add(item.doc)
        self.words |= item.words
        self.terms |= item.terms
        if not keep_time:
            self.lo, self.hi = min(self.lo, item.lo), max(self.hi, item.hi)
        if _place(item.event):
            self.places.add(_place(item.event))
            self.countries |= _countries(item.event)
            self.locations.append(item.event.location)
        self.initiators |= item.initiators
        self.targets |= item.targets


def _score(cluster: _Cluster, item: _Item) -> int | None:
    """How strongly an event belongs to a cluster; None if it cannot (another document's report
    of a different event)."""
    if item.doc in cluster.docs or family(item.event.kind) != cluster.family:
        return None
    # compared with every report already in the cluster, so that chains of reports a day apart
    # cannot stretch one event over a week
    day = dt.timedelta(days=1)
    overlap = all(item.lo < m.hi and m.lo < item.hi for m in cluster.items)
    near = not overlap and all(item.lo < m.hi + day and m.lo - day < item.hi for m in cluster.items)
    if not (overlap or near):
        return None
    place = _place_match(cluster, item)
    if place is None:
        return None  # different places (two towns of one country too): different events
    # the same town, or a report without a place of its own naming the cluster's town: 2; only
    # the country the other's town is in: 1 (many acts share a country)
    score = {"same": 2, "named": 2, "country": 1}.get(place, 0)
    # evidence of the same place or moment, not actors; where one report gives only the
    # country, the other's town in it is one place at two levels: an anchor, as the same
    # country named twice is, though a weaker sign than the same town
    anchored = place in ("same", "named") or (
        place == "country" and _one_is_a_country(cluster, item)
    )
    # (the places of the document's other events are no evidence: a story often tells two events)
    shared = _shared_weight(cluster, item)
    if shared >= TERMS_STRONG and overlap:
        score += 2  # the same rare words (a town, a victim, a weapon) in the sentences
        anchored = True
    elif _shared_names(cluster, item):
        score += 1  # the same names (not actors') or figures in the sentences
        anchored = True
    elif shared >= TERMS_WEAK:
        score += 1
    if item.targets & cluster.targets:
        score += 1
    if item.initiators & cluster.initiators:
        score += 1
    if item.event.when.precision == "minute" and all(
        m.event.when.precision == "minute" and m.lo == item.lo for m in cluster.items
    ):
        score += 2  # the same minute in every report
        anchored = True
    elif (
        near
        and _same_clock_a_day_apart(cluster, item)
        and (place in ("same", "named") or (place == "" and item.initiators & cluster.initiators))
    ):
        # "at 9:45 p.m. on Monday" against "at 9:45 p.m. on Tuesday": one report's day slipped
        # (at the same place, or by the same side where neither report gives a place)
        score += 2
        anchored = True
    if cluster.family == "speech" and overlap and item.initiators & cluster.initiators:
        # one speaker's statement on one day, wherever it is reported from
        score += 1
        anchored = True
    # Shared actors alone do not make one event: the same group attacks the same side in
    # several places on one day. Some evidence of place or moment is needed too.
    need = 2 if overlap else 3
    return score if score >= need and anchored else None


def _same_clock_a_day_apart(cluster: _Cluster, item: _Item) -> bool:
    """Every report gives the same minute of the day as the report, a day before or after; a
    round hour ("at 2 a.m.", a nightly raid's) is too common a time to tell."""
    if item.event.when.precision != "minute" or item.lo.minute == 0:
        return False
    day = dt.timedelta(days=1)
    return all(
        m.event.when.precision == "minute" and abs(m.lo - item.lo) in (dt.timedelta(0), day)
        for m in cluster.items
    )


#: A cluster stays open (later reports may join it) until a report starts this long after the
#: cluster's latest end: the largest gap between two reports of one event that fusion bridges.
HORIZON = dt.timedelta(days=2)

#: Dated reports per block of the windowed sweep (:func:`_speculate`): a Dask task each.
TASK_ITEMS = 2000


def _sweep_key(item: _Item) -> tuple:
    return (item.lo, item.hi, item.doc, item.event.id)


class _Sweep:
    """The dated reports in time order, each joined to the open cluster it scores best with or
    starting a new one; a cluster closes once a report starts more than :data:`HORIZON` after
    its end. Reports are pushed in :func:`_sweep_key` order, window by window: only the open
    clusters carry from one window to the next."""

    def __init__(self) -> None:
        self.open: list[_Cluster] = []
        self.closed: list[_Cluster] = []

    def push(self, item: _Item) -> None:
        horizon = item.lo - HORIZON
        still = []
        for c in self.open:
            (still if c.hi >= horizon else self.closed).append(c)
        self.open = still
        best, best_score = None, -1
        for c in self.open:
            s = _score(c, item)
            if s is not None and s > best_score:
                best, best_score = c, s
        if best is None:
            self.open.append(_new_cluster(item))
        else:
            best.add(item)

    def clusters(self) -> list[_Cluster]:
        return [*self.closed, *self.open]


def _runs(items: list[_Item]) -> list[list[_Item]]:
    """Sorted dated reports cut where nothing is open: before a report that starts more than
    :data:`HORIZON` after every earlier report has ended. A cut is exact (no cluster of the
    sweep reaches across it), so each run can be swept on its own, on another machine too, and
    the clusters are the same as one sweep's, in the same order."""
    runs: list[list[_Item]] = []
    latest = None
    for item in items:
        if latest is None or latest < item.lo - HORIZON:
            runs.append([])
        runs[-1].append(item)
        latest = item.hi if latest is None else max(latest, item.hi)
    return runs


#: How much earlier than its block a speculative sweep starts (:func:`sweep_block`): the
#: reports of this margin before the block are swept first, so that the block starts, as a rule,
#: with the open clusters one sweep has there (checked at every seam: :func:`_speculate`).
MARGIN = HORIZON + dt.timedelta(days=1)

Positions = list[tuple[int, ...]]  # clusters as the positions of their reports, in add order


def sweep_block(
    items: list[_Item], first: int, carried: Positions | None = None
) -> tuple[Positions, Positions, Positions]:
    """Sweep ``items[first:]`` (a block of sorted dated reports), starting from the open
    clusters ``carried`` (positions in ``items``, all before ``first``), or, without, from the
    clusters a sweep of the margin ``items[:first]`` leaves open. Returns, as positions in
    ``items``: the open clusters at the seam (before ``items[first]``), the clusters closed
    while the block was swept (in order), and the clusters open after it. What a Dask task runs."""
    sweep = _Sweep()
    position = {id(item): i for i, item in enumerate(items)}

    def positions(clusters: list[_Cluster]) -> Positions:
        return [tuple(position[id(i)] for i in c.items) for c in clusters]

    if carried is None:
        for item in items[:first]:
            sweep.push(item)
    else:
        sweep.open = _rebuild(items, carried)
    seam, done = positions(sweep.open), len(sweep.closed)
    for item in items[first:]:
        sweep.push(item)
    return seam, positions(sweep.closed[done:]), positions(sweep.open)


def _rebuild(items: list[_Item], clusters: Positions) -> list[_Cluster]:
    """The sweep's clusters from positions (the same adds, in the same order)."""
    out = []
    for positions in clusters:
        cluster = _new_cluster(items[positions[0]])
        for i in positions[1:]:
            cluster.add(items[i])
        out.append(cluster)
    return out


def _blocks(items: list[_Item]) -> list[tuple[int, int, int]]:
    """(margin start, block start, block end) of blocks of :data:`TASK_ITEMS` sorted reports."""
    size = TASK_ITEMS
    out = []
    for start in range(0, len(items), size):
        margin = start
        while margin > 0 and items[margin - 1].lo >= items[start].lo - MARGIN:
            margin -= 1
        out.append((margin, start, min(start + size, len(items))))
    return out


def _shift(clusters: Positions, by: int) -> Positions:
    return [tuple(i + by for i in c) for c in clusters]


def _speculate(items: list[_Item], client) -> list[_Cluster]:
    """One sweep's clusters, block by block: every block is swept from a margin before it, all
    at once (on a Dask ``client``'s workers, else here); then, in order, each block's open
    clusters at its seam are compared with those the block before left open. The same: the
    block is what one sweep gives (a sweep is determined by its open clusters). Not the same:
    the block is swept again from the clusters carried over."""
    blocks = _blocks(items)
    args = [(items[m:end], start - m) for m, start, end in blocks]
    if client is None:
        results = [sweep_block(*a) for a in args]
    else:
        results = client.gather(client.map(sweep_block, *zip(*args, strict=True), pure=False))
    clusters: Positions = []
    carried: Positions | None = None
    for (m, start, end), result in zip(blocks, results, strict=True):
        seam, closed, still = (_shift(part, m) for part in result)
        if carried is not None and seam != carried:
            lo = min((i for c in carried for i in c), default=start)
            again = sweep_block(items[lo:end], start - lo, _shift(carried, -lo))
            seam, closed, still = (_shift(part, lo) for part in again)
        clusters += closed
        carried = still
    return _rebuild(items, clusters + (carried or []))


def _sweep_all(items: list[_Item], client, windowed: bool | None) -> list[_Cluster]:
    """Every dated cluster, in one sweep's order: block by block (:func:`_speculate`; with a
    Dask ``client``, the blocks are swept on its workers), or in one sweep (``windowed`` false,
    or ``None`` without a client: here the blocks' margins and checks would only cost time)."""
    if windowed or (windowed is None and client is not None):
        return _speculate(items, client)
    sweep = _Sweep()
    for item in items:
        sweep.push(item)
    return sweep.clusters()


def _cluster_events(
    corpus: Corpus, rename: dict[str, str], client=None, windowed: bool | None = None
) -> list[list[_Item]]:
    docs = corpus.documents
    undated: list[_Item] = []
    every = [_item(event, docs, rename) for event in corpus.facts.events]
    weights = _idf(every)
    floor = _rare_floor(len({item.doc for item in every}))
    items: list[_Item] = []
    for item in every:
        item.weights, item.rare = weights, floor
        if _PRECISION_RANK[item.event.when.precision] > 1 or item.lo == dt.datetime.min:
            # a month or a year "overlaps" everything in it: too weak to tie reports together
            undated.append(item)
        else:
            items.append(item)
    items.sort(key=_sweep_key)
    clusters = _rejoin_lone(_sweep_all(items, client, windowed))
    undated = [u for u in undated if not _attach_undated(u, clusters, docs)]
    return [c.items for c in clusters] + _group_undated(undated, docs)


def _rejoin_lone(clusters: list[_Cluster]) -> list[_Cluster]:
    """A report left alone by the sweep joins the cluster it scores best with among those
    formed after it: the sweep compares a report only with the clusters open when it comes,
    so a report of the whole day ("on Tuesday") that comes before the reports giving the minute
    ("at 9:20 a.m.") found nothing to join, and they, scoring better with each other, passed it
    by. The clusters keep their order; a report that joins leaves its own."""
    by_start = sorted(range(len(clusters)), key=lambda i: (clusters[i].lo, i))
    starts = [clusters[i].lo for i in by_start]
    longest = max((c.hi - c.lo for c in clusters), default=dt.timedelta(0))
    reach = longest + dt.timedelta(days=1)
    gone: set[int] = set()
    for i, lone in enumerate(clusters):
        if len(lone.items) != 1:
            continue
        item = lone.items[0]
        first = bisect.bisect_left(starts, item.lo - reach)
        last = bisect.bisect_right(starts, item.hi + dt.timedelta(days=1))
        best, best_score = None, -1
        for j in sorted(by_start[first:last]):
            if j == i or j in gone:
                continue
            score = _score(clusters[j], item)
            if score is not None and score > best_score:
                best, best_score = j, score
        if best is not None:
            clusters[best].add(item)
            gone.add(i)
    return [c for i, c in enumerate(clusters) if i not in gone]


def _new_cluster(item: _Item) -> _Cluster:
    place = _place(item.event)
    return _Cluster(
        [item],
        {item.doc},
        item.lo,
        item.hi,
        {place} if place else set(),
        set(item.initiators),
        set(item.targets),
        family(item.event.kind),
        _countries(item.event),
        set(item.words),
        set(item.terms),
        [item.event.location] if place else [],
    )


def _item(event: Event, docs: dict[str, SourceDoc], rename: dict[str, str]) -> _Item:
    """An event with its interval in UTC (``datetime.min`` for a period: no interval), its
    initiators up their chain of command, its targets and victims, and its words."""
    doc = event.spans[0].doc
    # a day is the calendar day where the event happened ("on Monday" in a story from Baghdad),
    # so its bounds are in the place's zone; the outlet's zone only where the place has none
    tz = zone_of(event.location) or (docs[doc].meta.timezone if doc in docs else "UTC")
    lo, hi = utc_bounds(event.when, tz)
    if event.when.precision == "period" or not (lo and hi):
        lo = hi = dt.datetime.min  # no interval of its own (see _window)
    ini = frozenset(u for a in event.initiators for u in _chain(rename.get(a, a)))
    tgt = frozenset(rename.get(a, a) for a in [*event.targets, *_victims(event)])
    terms = _terms(event)
    return _Item(event, doc, lo, hi, ini, tgt, _words(event), terms, names=_names(event) & terms)


#: How long before its publication an act told without a date may have happened and still be
#: the dated act other reports tell ("the attack" in a report of the next days).
UNDATED_REACH = dt.timedelta(days=14)


def _attach_undated(item: _Item, clusters: list[_Cluster], docs) -> bool:
    """A report that gives no day of its own joins the one cluster of dated reports it matches
    on place or rare words, not only on actors, inside its window: a month or a year it names
    ("killed in 2020"), or, for an act told without a date, the fortnight before the report
    was published. Several such clusters: none (it stays a row of its own)."""
    window = _window(item, docs)
    if window is None:
        return False
    probe = replace(item, lo=window[0], hi=window[1])
    scores = [
        (s, c)
        for c in clusters
        if c.lo < probe.hi and c.hi > probe.lo
        for s in [_score_undated(c, probe)]
        if s is not None
    ]
    best = max((s for s, _ in scores), default=None)
    winners = [c for s, c in scores if s == best]
    if len(winners) != 1:
        return False
    winners[0].add(item, keep_time=True)  # the cluster's time stays its dated reports'
    return True


def _window(item: _Item, docs) -> tuple[dt.datetime, dt.datetime] | None:
    """Where in time a report without a day may lie: its month or year, or the fortnight
    before its publication; None for an explicit period (a campaign, not one act)."""
    when = item.event.when
    if when.precision in ("month", "year") and item.lo != dt.datetime.min:
        return item.lo, item.hi
    if when.precision != "period" or when.start is not None or not when.end:
        return None
    tz = docs[item.doc].meta.timezone if item.doc in docs else "UTC"
    _, published = utc_bounds(when, tz)
    return (published - UNDATED_REACH, published) if published else None


def _group_undated(items: list[_Item], docs) -> list[list[_Item]]:
    """Acts told without a date that no dated report ties down: those published within a
    fortnight of each other that share a place or rare words (two reports of the same news,
    neither dated) are one. A month or a year alone is too wide a window to group by."""
    groups: list[_Cluster] = []
    alone: list[list[_Item]] = []
    original = {id(item.event): item for item in items}
    for item in items:
        window = _window(item, docs) if item.event.when.precision == "period" else None
        if window is None:
            alone.append([item])
            continue
        probe = replace(item, lo=window[0], hi=window[1])
        scored = [(s, g) for g in groups if g.lo < probe.hi and g.hi > probe.lo
                  for s in [_score_undated(g, probe)] if s is not None]  # fmt: skip
        best = max((s for s, _ in scored), default=None)
        winners = [g for s, g in scored if s == best]
        if len(winners) == 1:
            winners[0].add(probe)
        else:
            groups.append(_new_cluster(probe))
    return [[original[id(i.event)] for i in g.items] for g in groups] + alone


def _named_place(item: _Item, cluster: _Cluster) -> bool:
    """The report's sentences name the cluster's place ("Damascus", "the Hawija district"), or
    the report's place is named in the cluster's sentences, though the extractor placed it
    elsewhere or nowhere."""
    words = _bare_words(item.words)
    if any(_named_in(place, words) for place in cluster.places):
        return True
    place = _place(item.event)
    return bool(place) and _named_in(place, _bare_words(cluster.words))


#: Words of a place's name that say what kind of place it is ("Hawija district").
_PLACE_KIND_WORDS = frozenset({*SITE_WORDS, *REGION_WORDS, "city", "town", "village"})


def _named_in(place: str, words: set[str]) -> bool:
    """Whether the words hold the place's name, its kind word aside ("hawija" for "hawija
    district")."""
    name = {w for w in place.split() if w not in _PLACE_KIND_WORDS}
    return bool(name) and name <= words


def _score_undated(cluster: _Cluster, item: _Item) -> int | None:
    """Evidence that a report with no date tells a dated cluster's event: a compatible place
    named by both, or shared names or figures, and at least one more sign."""
    if item.doc in cluster.docs or family(item.event.kind) != cluster.family:
        return None
    place = _place_match(cluster, item)
    if place is None:
        return None
    score, anchored = (2, True) if place == "same" else (0, False)
    shared = _shared_weight(cluster, item)
    if shared >= TERMS_STRONG:
        score, anchored = score + 2, True
    elif _shared_names(cluster, item):
        score, anchored = score + 1, True
    score += bool(item.targets & cluster.targets) + bool(item.initiators & cluster.initiators)
    return score if anchored and score >= 3 else None


def _one_is_a_country(cluster: _Cluster, item: _Item) -> bool:
    """Whether the report, or every report of the cluster, is placed only in a country (a town
    beside a cluster of reports that name another town is no such case)."""
    here = item.event.location
    if here is not None and here.precision == "country":
        return True
    return bool(cluster.locations) and all(p.precision == "country" for p in cluster.locations)


def _place_match(cluster: _Cluster, item: _Item) -> str | None:
    """How a report's place stands to a cluster's: "same" (one names the other's town),
    "country" (one names only the country the other's town is in), "named" (the report has no
    place of its own but names the cluster's town), "" (no evidence), None (different places)."""
    place = _place(item.event)
    if place and cluster.places:
        if place in cluster.places or any(place in p or p in place for p in cluster.places):
            return "same"
        if _site_in_named_town(item, cluster):
            return "same"
        if place in cluster.countries or cluster.places <= _countries(item.event):
            return "country"
        return _nearby(item.event.location, cluster)
    return "named" if _named_place(item, cluster) else ""


def _site_in_named_town(item: _Item, cluster: _Cluster) -> bool:
    """ "A building in the Dahiyeh district of Beirut" beside "in Beirut": a site (a district,
    a neighbourhood, a camp) whose report names the other report's town lies in that town."""
    here = item.event.location
    if here.precision == "site":
        words = _bare_words(item.words)
        towns = [p.name.lower() for p in cluster.locations if p.precision == "town"]
        return any(_named_in(town, words) for town in towns)
    return (
        here.precision == "town"
        and any(p.precision == "site" for p in cluster.locations)
        and _named_in(here.name.lower(), _bare_words(cluster.words))
    )


def _bare_words(words: Iterable[str]) -> set[str]:
    """Words lowercased without a possessive ending ("Beirut's" -> "beirut")."""
    return {w.lower().replace("\u2019", "'").removesuffix("'s") for w in words}


#: Towns this close (km) are one place for fusion: a venue "outside Moscow" in Krasnogorsk.
NEARBY_KM = 25.0


def _nearby(location: Location, cluster: _Cluster) -> str | None:
    """Two different place names: "same" if both are towns the place index knows within
    NEARBY_KM of each other; "" (no evidence) if the report's place, or every place of the
    cluster, is in no known country (a village the index cannot place, a sea); None if the
    report's town is far from every known town of the cluster; "country" (compatible, no
    evidence) if they share a country and one of them is no known town (a neighbourhood, a
    site, a region or a village the index lacks may lie inside the other); None otherwise."""
    here = _town(location.name, frozenset(location.countries))
    theirs = [_town(p.name, frozenset(p.countries)) for p in cluster.locations]
    if here and theirs and all(theirs):
        if any(distance_km(here, t) <= NEARBY_KM for t in theirs):
            return "same"
        return None
    placed = [p for p in cluster.locations if p.countries]
    if not location.countries or not placed:
        # a neighbourhood, a building or a village the index cannot place, a sea ("the Red
        # Sea"): no evidence either way
        return ""
    known = [t for t in (_town(p.name, frozenset(p.countries)) for p in placed) if t]
    if here and known and all(distance_km(here, t) > NEARBY_KM for t in known):
        return None  # a known town far from every known town of the cluster
    shared = {c.lower() for c in location.countries} & cluster.countries
    return "country" if shared else None


@functools.lru_cache(maxsize=8192)
def _town(name: str, countries: frozenset[str]):
    place = lookup(name, countries)
    if place is None or place.precision != "town" or place.lat is None or place.lon is None:
        return None
    if countries and place.country not in countries:
        return None
    return place


def _shared_names(cluster: _Cluster, item: _Item) -> bool:
    """Two or more of the same names or figures in the sentences, not only figures."""
    shared = item.words & cluster.words
    return len(shared) >= 2 and any(not w.isdigit() for w in shared)


@functools.lru_cache(maxsize=4096)
def _chain(actor_id: str) -> tuple[str, ...]:
    """An actor and the bodies it is part of, by the gazetteer ("U.S. forces" -> the Department
    of Defense -> the U.S. government): a report naming CENTCOM and one naming the U.S. agree."""
    gaz = load_gazetteer()
    out, seen = [actor_id], {actor_id}
    while True:
        entry = gaz.actors.get(out[-1])
        parent = next(
            (a.id for a in (entry.affiliations if entry else []) if a.relation == "part-of"), None
        )
        if parent is None or parent in seen:
            return tuple(out)
        out.append(parent)
        seen.add(parent)


def _victims(event: Event) -> list[str]:
    return [v for o in event.outcomes for v in o.victims]


def _fuse_cluster(
    items: list[_Item], docs: dict[str, SourceDoc], rename: dict[str, str]
) -> tuple[Event, list[Figure], list[Disagreement]]:
    def published(doc: str) -> str:
        return docs[doc].meta.published if doc in docs else ""

    rep = min(
        items,
        key=lambda i: (
            _PRECISION_RANK[i.event.when.precision],
            published(i.doc),
            i.doc,
            i.event.id,
        ),
    )
    events = [i.event for i in items]
    r = lambda ids: [rename.get(a, a) for a in ids]  # noqa: E731
    kinds = Counter(e.kind for e in events)
    kind = max(kinds, key=lambda k: (kinds[k], k == rep.event.kind, k))
    initiators = Counter(a for e in events for a in dict.fromkeys(r(e.initiators)))
    targets = Counter(a for e in events for a in dict.fromkeys(r(e.targets)))
    statuses = [e.status for e in events]
    status = "reported" if "reported" in statuses else rep.event.status
    hedge = None if status == "reported" else rep.event.hedge
    spans = [s for i in sorted(items, key=lambda i: i.doc) for s in i.event.spans]
    figures, outcomes, disagreements = [], [], []
    by_kind: dict[str, list[tuple[str, Outcome]]] = defaultdict(list)
    for i in sorted(items, key=lambda i: i.doc):
        own: dict[str, list[Outcome]] = defaultdict(list)
        for o in i.event.outcomes:
            own[o.kind].append(o)
        for okind, groups in own.items():
            count = _per_document(groups)
            wording = "; ".join(dict.fromkeys(o.wording for o in groups))
            victims = [v for o in groups for v in o.victims]
            merged = Outcome(kind=okind, count=count, victims=victims, wording=wording)
            by_kind[okind].append((i.doc, merged))
            figures.append(Figure(i.doc, okind, count, wording))
    for okind, reports in by_kind.items():
        numbers = [o.count for _, o in reports]
        bests = sorted(c.best for c in numbers if c.best is not None)
        lows = [v for c in numbers for v in (c.low, c.best) if v is not None]
        highs = [v for c in numbers for v in (c.high, c.best) if v is not None]
        count = Count(
            low=min(lows) if lows else None,
            best=bests[0] if bests else None,  # the most conservative figure, as ACLED does
            high=max(highs) if highs else None,
        )
        victims = list(dict.fromkeys(v for _, o in reports for v in r(o.victims)))
        outcomes.append(
            Outcome(kind=okind, count=count, victims=victims, wording=reports[0][1].wording)
        )  # (a joined wording of several groups stays in each source's figure)
        distinct = {_figure_text(o.count) for _, o in reports if o.count != Count()}
        if len(distinct) > 1:
            values = tuple((doc, f"{_figure_text(o.count)} {okind}") for doc, o in reports)
            disagreements.append(Disagreement(rep.event.id, okind, values))
    # status: one source reports it, another hedges, or a party denies it
    told = {i.doc: i.event.status for i in sorted(items, key=lambda i: i.doc)}
    if len(set(told.values())) > 1:
        disagreements.append(Disagreement(rep.event.id, "status", tuple(told.items())))
    # dates: every report whose time does not overlap the representative's
    days = {}
    for i in items:
        dated = i.lo != dt.datetime.min and rep.lo != dt.datetime.min
        if dated and i.doc != rep.doc and not (i.lo < rep.hi and rep.lo < i.hi):
            days[i.doc] = i.event.when.start or ""
    if days:
        values = ((rep.doc, rep.event.when.start or ""), *sorted(days.items()))
        disagreements.append(Disagreement(rep.event.id, "date", tuple(values)))
    # attribution: two sources naming initiators with nobody in common
    named = [(i.doc, frozenset(r(i.event.initiators))) for i in items if i.event.initiators]
    chains = [frozenset(u for a in ids for u in _chain(a)) for _, ids in named]
    if any(not (a & b) for a in chains for b in chains):
        values = tuple((doc, ", ".join(sorted(ids))) for doc, ids in sorted(named))
        disagreements.append(Disagreement(rep.event.id, "attribution", values))
    location = _most_specific_place(rep.event, events)
    fused = rep.event.model_copy(
        update={
            "kind": kind,
            "initiators": [a for a, _ in initiators.most_common()],
            "targets": [a for a, _ in targets.most_common()],
            "asserted_by": list(dict.fromkeys(a for e in events for a in r(e.asserted_by))),
            "outcomes": outcomes,
            "status": status,
            "hedge": hedge,
            "location": location,
            "lead": any(e.lead for e in events),
            "background": all(e.background for e in events),
            "spans": list(dict.fromkeys(spans)),
            **_fused_confidence(events),
        }
    )
    return fused, figures, disagreements


def _fused_confidence(events: list[Event]) -> dict:
    """A fused event is as sure as its surest report; curated if any report is (no number)."""
    if any(e.confidence is None for e in events):
        return {"confidence": None, "confidence_basis": None}
    best = max(events, key=lambda e: (e.confidence, e.id))
    basis = f"the surest of {len(events)} reports: {best.confidence_basis}"
    return {"confidence": best.confidence, "confidence_basis": basis}


#: Location precisions, most specific first: a fused event takes the most specific place its
#: reports give ("the Mashtal neighbourhood" over "Baghdad" over "Iraq").
_PLACE_RANK = {"site": 0, "town": 1, "area": 2, "region": 3, "country": 4, "multi-country": 5}


def _most_specific_place(rep: Event, events: list[Event]):
    """The most specific place among the reports; among equally specific ones, the one most
    reports give, then the representative report's."""
    places = [e.location for e in events if e.location]
    if not places:
        return None
    named = Counter(p.name.lower() for p in places)
    return min(
        places,
        key=lambda p: (
            _PLACE_RANK.get(p.precision, 9),
            -named[p.name.lower()],
            p is not rep.location,
        ),
    )


def _figure_text(count: Count) -> str:
    if count.low is not None and count.high is not None and count.low != count.high:
        return f"{count.low}-{count.high}"
    value = count.best if count.best is not None else (count.low or count.high)
    return "unknown" if value is None else str(value)


# --------------------------------------------------------------------------------------------
# The whole corpus


def fuse(
    corpus: Corpus, *, near_matches: bool = True, client=None, windowed: bool | None = None
) -> Fusion:
    """Fuse a multi-document corpus (see the module docstring). Pure: the input is unchanged.

    The dated reports are swept in time order. With a ``distributed.Client`` (the Dask engine)
    the sweep runs block by block on its workers, each block from a margin before it, and every
    seam is checked (:func:`_speculate`): the result is the same as one sweep's. ``windowed``
    forces the blocks (``True``, here without a client) or one sweep (``False``)."""
    from ..facts.cache import gc_paused

    with gc_paused():  # hundreds of thousands of long-lived objects: collections would rescan them
        return _fuse(corpus, near_matches, client, windowed)


def _fuse(corpus: Corpus, near_matches: bool, client=None, windowed: bool | None = None) -> Fusion:
    facts = corpus.facts
    rename, merges = _cluster_actors(corpus)
    clusters = _cluster_events(corpus, rename, client, windowed)
    event_map: dict[str, str] = {}
    events: list[Event] = []
    sources: dict[str, list[str]] = {}
    members: dict[str, list[str]] = {}
    figures: dict[str, list[Figure]] = {}
    disagreements: list[Disagreement] = []
    wire = wire_groups(corpus.documents) if len(corpus.documents) > 1 else {
        d: d for d in corpus.documents
    }  # fmt: skip
    for items in clusters:
        if len(items) == 1:  # one report: its own outcomes and figures, actor ids remapped
            fused, figs, dis = _remap_event(items[0].event, rename), _own_figures(items[0]), []
        else:
            fused, figs, dis = _fuse_cluster(items, corpus.documents, rename)
        for i in items:
            event_map[i.event.id] = fused.id
        events.append(fused)
        docs = sorted({i.doc for i in items})
        sources[fused.id] = docs
        members[fused.id] = [i.event.id for i in items]
        figures[fused.id] = figs
        disagreements += dis
    events = [
        e.model_copy(update={"links": _links(e.links, event_map, e.id)}) if e.links else e
        for e in events
    ]
    order = {e.id: i for i, e in enumerate(facts.events)}  # keep the facts' own order
    events.sort(key=lambda e: min(order[m] for m in members[e.id]))
    independent = {eid: len({wire.get(d, d) for d in docs}) for eid, docs in sources.items()}

    # Each fused actor is built once from all the actors folded into it (no re-copy per merge).
    folded: dict[str, list[Actor]] = defaultdict(list)
    for actor in facts.actors.values():
        folded[rename.get(actor.id, actor.id)].append(actor)
    actors: dict[str, Actor] = {}
    for target, group in folded.items():
        keep = facts.actors.get(target, group[0])
        if len(group) == 1 and group[0] is keep:
            actors[target] = keep
            continue
        others = [a for a in group if a is not keep]
        aliases = dict.fromkeys([*keep.aliases, *(n for a in others for n in (a.name, *a.aliases))])
        aliases.pop(keep.name, None)
        spans = dict.fromkeys([*keep.spans, *(sp for a in others for sp in a.spans)])
        actors[target] = keep.model_copy(update={"aliases": list(aliases), "spans": list(spans)})
    fused_relations, relation_ids = _relations(facts.relations, rename, event_map)
    fused_facts = Facts(
        actors=dict(sorted(actors.items())),
        events=events,
        relations=fused_relations,
        claims=[_claim(c, rename, event_map) for c in facts.claims],
        judgments=[
            j.model_copy(update={"holder": rename.get(j.holder, j.holder)}) if j.holder else j
            for j in facts.judgments
        ],
        gaps=[
            g.model_copy(
                update={
                    "about": list(
                        dict.fromkeys(
                            event_map.get(a, relation_ids.get(a, rename.get(a, a))) for a in g.about
                        )
                    )
                }
            )
            for g in facts.gaps
        ],
        key_judgments=[
            k.model_copy(
                update={"basis": list(dict.fromkeys(event_map.get(i, i) for i in k.basis))}
            )
            for k in facts.key_judgments
        ],
        files=list(facts.files),
        review_status=dict(facts.review_status),
        written_at=dict(facts.written_at),
    )
    return Fusion(
        corpus=Corpus(corpus.documents, fused_facts),
        sources=sources,
        independent=independent,
        members=members,
        figures=figures,
        disagreements=disagreements,
        actor_merges=merges,
        review=_near_matches(actors) if near_matches else [],
        wire=wire,
        rename=dict(rename),
    )


@functools.lru_cache(maxsize=1)
def _adapter():
    from pydantic import TypeAdapter

    return TypeAdapter(Fusion)


def dump_fusion(fusion: Fusion) -> bytes:
    """The whole fusion (the fused corpus with its texts; sources, figures, disagreements, merges,
    wire groups) as gzip-compressed JSON, byte-identical for the same fusion: what a facts store
    keeps so that a brief need not fuse again (:func:`load_fusion` reads it back).

    Written piece by piece into the compressor (:func:`_pieces`): the JSON text of the whole
    fusion, several times its compressed size, is never in memory at once."""
    import gzip
    import struct

    # the bytes gzip.compress(json, compresslevel=1, mtime=0) gives: its header, the raw deflate
    # stream (the same whatever the pieces), the CRC-32 and length of the JSON
    out = [gzip.compress(b"", compresslevel=1, mtime=0)[:10]]
    deflate = zlib.compressobj(1, zlib.DEFLATED, -zlib.MAX_WBITS)
    crc = size = 0
    for piece in _pieces(fusion, Fusion):
        crc, size = zlib.crc32(piece, crc), size + len(piece)
        out.append(deflate.compress(piece))
    out += [deflate.flush(), struct.pack("<II", crc, size & 0xFFFFFFFF)]
    return b"".join(out)


#: The containers :func:`_pieces` writes field by field; their lists and dicts are written
#: :data:`_CHUNK` items at a time; everything else is one piece, serialised by pydantic as the
#: whole fusion's adapter would.
_STREAMED = (Fusion, Corpus, Facts)
_CHUNK = 512


@functools.cache
def _piece_adapter(tp):
    from pydantic import TypeAdapter

    return TypeAdapter(tp)


@functools.cache
def _hints(tp) -> dict:
    import typing

    return typing.get_type_hints(tp)


def _pieces(value, tp):
    """The JSON of ``value`` (of type ``tp``) in pieces: the same bytes as
    ``TypeAdapter(tp).dump_json(value)``, the fusion's dataclasses field by field, their long
    lists and dicts :data:`_CHUNK` items at a time."""
    import dataclasses
    import typing

    key = _piece_adapter(str).dump_json
    if tp in _STREAMED:
        hints = _hints(tp)
        for i, f in enumerate(dataclasses.fields(tp)):
            yield (b"{" if i == 0 else b",") + key(f.name) + b":"
            yield from _pieces(getattr(value, f.name), hints[f.name])
        yield b"}"
        return
    origin = typing.get_origin(tp)
    if origin not in (list, dict) or len(value) <= _CHUNK:
        yield _piece_adapter(tp).dump_json(value)
        return
    items = list(value.items()) if origin is dict else value
    dump = _piece_adapter(tp).dump_json
    for start in range(0, len(items), _CHUNK):
        chunk = items[start : start + _CHUNK]
        text = dump(dict(chunk) if origin is dict else chunk)  # "[...]" or "{...}"
        first, last = start == 0, start + _CHUNK >= len(items)
        # the chunks' brackets go, but the first's opening one and the last's closing one
        yield (b"" if first else b",") + text[(0 if first else 1) : (None if last else -1)]


def load_fusion(data: bytes) -> Fusion:
    """A :class:`Fusion` from :func:`dump_fusion`'s bytes, every model validated again (pydantic:
    field types, span offsets against their quotes' length). Raises ``ValueError`` (pydantic's
    ``ValidationError``), ``gzip.BadGzipFile``, ``zlib.error`` (a damaged body) or ``EOFError``
    (a truncated file) on bad bytes."""
    import gzip

    from ..facts.cache import gc_paused

    with gc_paused():
        return _adapter().validate_json(gzip.decompress(data))


def _remap_event(event: Event, rename: dict[str, str]) -> Event:
    if not rename:
        return event

    def r(ids: list[str]) -> list[str]:
        return list(dict.fromkeys(rename.get(a, a) for a in ids))

    def outcome(o: Outcome) -> Outcome:
        victims = r(o.victims)
        return o if victims == o.victims else o.model_copy(update={"victims": victims})

    update = {
        "initiators": r(event.initiators),
        "targets": r(event.targets),
        "asserted_by": r(event.asserted_by),
        "outcomes": [outcome(o) for o in event.outcomes],
    }
    return _changed(event, update)


def _changed(model, update: dict):
    """``model`` with ``update``, or ``model`` itself where nothing changes: the models are frozen,
    so the fused corpus shares the reports' unchanged models instead of holding copies (at corpus
    scale most claims, relations and one-report events)."""
    if all(getattr(model, k) == v for k, v in update.items()):
        return model
    return model.model_copy(update=update)


def _per_document(outcomes: list[Outcome]) -> Count:
    """One document's figure for one outcome kind: separate groups ("3 soldiers", "2
    civilians") add up; a group without a number leaves the best figure unknown."""
    if len(outcomes) == 1:
        return outcomes[0].count

    def total(values: list[int | None]) -> int | None:
        return sum(values) if values and all(v is not None for v in values) else None

    lows = [o.count.low if o.count.low is not None else o.count.best for o in outcomes]
    highs = [o.count.high if o.count.high is not None else o.count.best for o in outcomes]
    best, low, high = total([o.count.best for o in outcomes]), total(lows), total(highs)
    if best is None:
        known = [v for v in lows if v is not None]
        low = sum(known) if known else None  # at least the groups that are counted
    return Count(low=low, best=best, high=high if best is not None else None)


def _own_figures(item: _Item) -> list[Figure]:
    return [Figure(item.doc, o.kind, o.count, o.wording) for o in item.event.outcomes]


def _links(links: Iterable[EventLink], event_map: dict[str, str], own: str) -> list[EventLink]:
    out, seen = [], set()
    for link in links:
        target = event_map.get(link.event, link.event)
        if target != own and (target, link.link) not in seen:
            seen.add((target, link.link))
            out.append(link.model_copy(update={"event": target}))
    return out


def _relations(
    relations: list[Relation],
    rename: dict[str, str],
    event_map: dict[str, str],
) -> tuple[list[Relation], dict[str, str]]:
    """Relations with actors and events remapped; the same relation about the same event told
    by several documents becomes one with every span. Also returns old id -> kept id."""
    first: dict[tuple, Relation] = {}
    spans: dict[tuple, dict[Span, None]] = {}  # every report's spans, pooled once at the end
    kept_as: dict[str, str] = {}
    for rel in relations:
        subject, obj = rename.get(rel.subject, rel.subject), rename.get(rel.object, rel.object)
        if subject == obj:
            continue
        event = event_map.get(rel.event, rel.event) if rel.event else None
        key = (subject, rel.predicate, obj, rel.status, event)
        if key not in first:
            first[key] = rel
            spans[key] = {}
        spans[key].update(dict.fromkeys(rel.spans))
        kept_as[rel.id] = first[key].id
    fused = [
        _changed(
            rel,
            {"subject": key[0], "object": key[2], "event": key[4], "spans": list(spans[key])},
        )
        for key, rel in first.items()
    ]
    return fused, kept_as


def _claim(claim: Claim, rename: dict[str, str], event_map: dict[str, str]) -> Claim:
    return _changed(
        claim,
        {
            "speaker": rename.get(claim.speaker, claim.speaker) if claim.speaker else None,
            "about": list(dict.fromkeys(event_map.get(a, a) for a in claim.about)),
        },
    )


# --------------------------------------------------------------------------------------------
# What changed


@dataclass(frozen=True)
class Changes:
    since: str
    new_events: list[str]  # fused event ids with no report published by ``since``
    revised: list[tuple[str, str, str, str]]  # (event id, outcome kind, before, now)
    more_sources: list[tuple[str, int, int]]  # (event id, sources before, now)
    new_actors: list[str]


def changes_since(before: Fusion, now: Fusion, since: str) -> Changes:
    """What the newer picture adds to the older one: events none of whose reports was in the
    older set, revised figures, events with more sources, and new actors. Events are matched by
    the original events they fuse (extraction and curated ids are stable)."""
    old_of: dict[str, str] = {}
    for fid, originals in before.members.items():
        for o in originals:
            old_of[o] = fid
    old_events = {e.id: e for e in before.corpus.facts.events}
    new_events, revised, more = [], [], []
    for event in now.corpus.facts.events:
        olds = {old_of[o] for o in now.members.get(event.id, [event.id]) if o in old_of}
        if not olds:
            new_events.append(event.id)
            continue
        old = old_events[sorted(olds)[0]]
        was = {o.kind: _figure_text(o.count) for o in old.outcomes}
        for o in event.outcomes:
            text = _figure_text(o.count)
            if o.kind in was and was[o.kind] != text:
                revised.append((event.id, o.kind, was[o.kind], text))
            elif o.kind not in was and text != "unknown":
                revised.append((event.id, o.kind, "not reported", text))
        n_before = sum(len(before.sources.get(f, [])) for f in olds)
        n_now = len(now.sources.get(event.id, []))
        if n_now > n_before:
            more.append((event.id, n_before, n_now))
    # an actor is new if none of the original actors folded into it was known before (the kept
    # id of a merge depends on which documents are in the corpus)
    known = set(before.corpus.facts.actors) | set(before.rename)
    originals: dict[str, set[str]] = defaultdict(set)
    for old, kept in now.rename.items():
        originals[kept].add(old)
    new_actors = sorted(a for a in now.corpus.facts.actors if not ({a} | originals[a]) & known)
    return Changes(since, new_events, revised, more, new_actors)


def subset(corpus: Corpus, doc_ids: Iterable[str]) -> Corpus:
    """The corpus restricted to some documents: their texts and the facts they source."""
    keep = set(doc_ids)
    facts = corpus.facts

    def own(item) -> bool:
        return item.spans[0].doc in keep if item.spans else False

    actors = {}
    for actor in facts.actors.values():
        spans = [s for s in actor.spans if s.doc in keep]
        if spans:
            actors[actor.id] = actor.model_copy(update={"spans": spans})
    events = [e for e in facts.events if own(e)]
    kept_events = {e.id for e in events}
    return Corpus(
        {d: doc for d, doc in corpus.documents.items() if d in keep},
        Facts(
            actors=actors,
            events=[
                e.model_copy(update={"links": [k for k in e.links if k.event in kept_events]})
                for e in events
            ],
            relations=[r for r in facts.relations if own(r)],
            claims=[
                c.model_copy(update={"about": [a for a in c.about if a in kept_events]})
                for c in facts.claims
                if own(c)
            ],
            judgments=[j for j in facts.judgments if own(j)],
            gaps=[g for g in facts.gaps if not g.spans or own(g)],
            files=list(facts.files),
            review_status={d: s for d, s in facts.review_status.items() if d in keep},
        ),
    )
