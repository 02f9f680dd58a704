"""Automatic fact extraction with provenance: article text -> a facts file in the curated schema.

Pipeline, per document (every span it emits is an exact stretch of the ORIGINAL text):

1. :mod:`helpers.normalize` makes a normalised copy (quotes, spaces, CRLF, BOM, entities) with an
   offset map back to the original.
2. spaCy: the tokenizer and a sentencizer (or a trained pipeline's parser and NER, when one is
   installed: ``en_core_web_sm`` is used if present, never downloaded), an ``EntityRuler`` built
   from the packaged actor gazetteer (:mod:`helpers.gazetteer`), and a ``Matcher`` for role
   phrases ("a senior leader of X", "three U.S. soldiers", "Iran-backed militants") that become
   *unresolved* actors instead of being dropped.
3. :func:`helpers.temporal.tag` finds and normalises time expressions against the publication
   date and zone. Photo captions, file-photo credits and datelines are set aside first, so their
   dates never become events.
4. Events come from a trigger lexicon (strike, attack, killing, announcement, attribution,
   designation, talks, arrest, protest, deployment), with initiators and targets from the
   sentence's actors and voice, outcomes with numbers, the time of the sentence, and a status
   from hedges and attribution ("suspected", "reportedly", "X claimed", "denied").
5. Claims come from attribution verbs (said, stated, confirmed, announced, vowed, claimed,
   denied, ...) with the speaker, the content span and the date.
6. Relations come from patterns (X-backed Y, X-designated Y, "attributed ... to Y", "a leader of
   Y", "groups, including Y", "supporting Y", "talks between X and Y").

The result is a :class:`~helpers.schema.FactsFile` with ``review_status: machine-extracted``,
validated like a curated file.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import os
import re
import warnings
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

from . import config
from .gazetteer import Gazetteer, load_gazetteer
from .loading import SourceDoc
from .normalize import Normalized, normalize
from .schema import (
    Actor,
    Claim,
    Count,
    Event,
    FactsFile,
    Location,
    Outcome,
    Relation,
    Span,
    When,
)
from .temporal import Timex, number_value, tag
from .times import aware_start

REVIEWER = "helpers.extraction (rule-based, spaCy)"

# Trigger words -> event kind, in order of precedence within a sentence (the means of violence
# before its result: "a drone strike ... killed" is a strike with a killed outcome).
TRIGGERS: dict[str, tuple[str, ...]] = {
    "strike": (
        "strike",
        "strikes",
        "airstrike",
        "airstrikes",
        "struck",
        "bombed",
        "bombing",
        "bombardment",
        "raid",
        "raids",
        "shelled",
        "shelling",
    ),
    "attack": (
        "attack",
        "attacks",
        "attacked",
        "ambush",
        "ambushed",
        "assault",
        "bombs",
        "rockets",
        "rocket",
        "missiles",
        "drones",
        "missile",
        "drone",
        "fired",
    ),
    "killing": (
        "killed",
        "killing",
        "assassinated",
        "assassination",
        "executed",
        "death",
        "deaths",
    ),
    "arrest": ("arrested", "detained", "arrests", "captured"),
    "designation": ("designated", "designation", "sanctioned", "sanctions"),
    "attribution": ("attributed", "blamed"),
    "announcement": ("announced", "announcement", "declared"),
    "talks": ("talks", "discussions", "negotiations", "negotiating"),
    "protest": ("protest", "protests", "protested", "protesters", "demonstrators"),
    "deployment": ("deployed", "deployment", "presence"),
    "conflict": ("conflict", "war", "fighting", "clashes"),
}
_TRIGGER_KIND = {w: kind for kind, words in TRIGGERS.items() for w in words}
_KIND_ORDER = {kind: i for i, kind in enumerate(TRIGGERS)}

CLAIM_VERBS = (
    "said",
    "says",
    "stated",
    "states",
    "confirmed",
    "announced",
    "vowed",
    "claimed",
    "denied",
    "reaffirmed",
    "attributed",
    "warned",
    "told",
    "added",
    "accused",
    "blamed",
    "insisted",
    "acknowledged",
    "pledged",
    "threatened",
    "reported",
)
HEDGES = (
    ("suspected", "suspected"),
    ("allegedly", "alleged"),
    ("alleged", "alleged"),
    ("reportedly", "reported"),
    ("denied", "denied"),
    ("claimed responsibility", "claimed"),
    ("claimed", "claimed"),
    ("according to", "claimed"),
)
# ACLED's reading of vague quantities; anything vaguer keeps its wording and no number.
VAGUE = {"dozens": 12, "tens": 10, "scores": 20}
PLACES = {
    "Iraq": "Iraq",
    "Syria": "Syria",
    "Jordan": "Jordan",
    "Lebanon": "Lebanon",
    "Israel": "Israel",
    "Yemen": "Yemen",
    "Iran": "Iran",
    "Gaza": "Gaza Strip",
    "Gaza Strip": "Gaza Strip",
    "West Bank": "West Bank",
    "Red Sea": "Red Sea",
    "Baghdad": "Iraq",
    "Erbil": "Iraq",
    "Anbar": "Iraq",
    "Kirkuk": "Iraq",
    "Mosul": "Iraq",
    "Basra": "Iraq",
    "Jurf al-Sakhar": "Iraq",
    "Ain al-Asad": "Iraq",
    "Al-Qaim": "Iraq",
    "Deir ez-Zor": "Syria",
    "Damascus": "Syria",
    "Aleppo": "Syria",
    "Al-Tanf": "Syria",
    "Tower 22": "Jordan",
    "Amman": "Jordan",
    "Beirut": "Lebanon",
    "Sanaa": "Yemen",
    "Hodeidah": "Yemen",
    "Tehran": "Iran",
}
#: Who "an Israeli strike" or "a U.S. drone strike" names: the adjective before a violent trigger.
DEMONYMS = {
    "U.S.": "us-forces",
    "US": "us-forces",
    "American": "us-forces",
    "Israeli": "israel",
    "Iranian": "iran",
    "Iraqi": "iraq-security-forces",
    "Syrian": "syria",
    "Jordanian": "jordan",
    "British": "uk-gov",
    "Turkish": "turkey",
    "Houthi": "houthis",
    "Russian": None,
}
_DEMONYM = re.compile(
    r"\b(?P<d>" + "|".join(re.escape(d) for d in DEMONYMS) + r")(?:-led)?\s+(?:[a-z]+\s+){0,2}$"
)

#: The zone of each place's country, to give a time in the event's local zone as analysts do.
COUNTRY_ZONES = {
    "Iraq": "Asia/Baghdad",
    "Syria": "Asia/Damascus",
    "Jordan": "Asia/Amman",
    "Lebanon": "Asia/Beirut",
    "Israel": "Asia/Jerusalem",
    "Yemen": "Asia/Aden",
    "Iran": "Asia/Tehran",
    "Gaza Strip": "Asia/Gaza",
    "West Bank": "Asia/Hebron",
}
_CAPTION = re.compile(
    r"^[ \t]*(?:\(?(?:file )?photo\s*[:)]|(?:photograph|picture|image|caption|credit)\s*:|"
    r"[^\n]{0,200}\b(?:file photo|/ ?file|via getty|getty images|/ ?ap photo|/ ?reuters|"
    r"/ ?afp)\b)[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
_DATELINE = re.compile(
    r"\A\s*[A-Z][A-Z .'-]{1,40},(?:\s+[A-Z][a-z]{2,9}\.?\s+\d{1,2})?(?:,\s*\d{4})?\s*"
    r"(?:\([A-Za-z .]{1,30}\))?\s*[-\u2013\u2014]+\s*"
)


@dataclass
class _Mention:
    start: int  # normalised offsets
    end: int
    actor: str  # actor id (resolved or "unresolved-...")


@dataclass
class _State:
    doc: SourceDoc
    norm: Normalized
    gaz: Gazetteer
    actors: dict[str, Actor] = field(default_factory=dict)
    actor_surfaces: dict[str, set[str]] = field(default_factory=dict)
    actor_spans: dict[str, list[Span]] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)
    triples: set[tuple[str, str, str]] = field(default_factory=set)

    def span(self, start: int, end: int) -> Span:
        a, b = self.norm.span(start, end)
        return Span(doc=self.doc.id, start=a, end=b, quote=self.doc.text[a:b])

    def quote(self, start: int, end: int) -> str:
        return self.norm.quote(start, end)

    def new_id(self, base: str) -> str:
        base = re.sub(r"[^a-z0-9._]+", "-", base.lower()).strip("-")[:68] or "item"
        n = self.counters.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in self.ids:
            n += 1
            candidate = f"{base}-{n}"
        self.counters[base] = n + 1
        self.ids.add(candidate)
        return candidate


# --------------------------------------------------------------------------------------------
# spaCy


@functools.lru_cache(maxsize=2)
def build_nlp(model: str | None = "en_core_web_sm"):
    """A spaCy pipeline: the trained ``model`` if it is installed, else a blank English one with a
    rule-based sentencizer. Nothing is downloaded. The gazetteer is added as an EntityRuler."""
    import spacy

    nlp = None
    if model:
        try:
            nlp = spacy.load(model, exclude=["lemmatizer"])
        except OSError:
            nlp = None
    if nlp is None:
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    nlp.max_length = 50_000_000  # rule-based components only: long texts are fine
    gaz = load_gazetteer()
    # Two phrase rulers (PhraseMatcher, ~10x faster than token patterns): names longer than three
    # characters match case-insensitively, abbreviations ("KH", "IS", "US") only as written.
    forms = sorted(gaz.surface_forms().items())
    before = "ner" if "ner" in nlp.pipe_names else None
    for name, attr, keep in (("actor_ruler", "LOWER", True), ("abbreviation_ruler", "ORTH", False)):
        ruler = nlp.add_pipe(
            "entity_ruler",
            name=name,
            before=before,
            config={"overwrite_ents": keep, "phrase_matcher_attr": attr},
        )
        ruler.add_patterns(
            [
                {"label": "ACTOR", "id": actor_id, "pattern": surface}
                for surface, actor_id in forms
                if (len(surface) > 3) == (attr == "LOWER")
            ]
        )
    return nlp


def has_trained_model() -> bool:
    return "ner" in build_nlp().pipe_names


# --------------------------------------------------------------------------------------------
# Helpers on the normalised text


def _masked(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Blank out captions and the dateline (same length, so offsets hold)."""
    skipped = []
    chars = list(text)
    for match in _CAPTION.finditer(text):
        skipped.append((match.start(), match.end()))
    dateline = _DATELINE.match(text)
    if dateline:
        skipped.append((dateline.start(), dateline.end()))
    for a, b in skipped:
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars), skipped


def _number(word: str) -> int | None:
    value = number_value(word)
    return None if value is None else int(value)


_NUM = r"(?P<n>\d[\d,]*|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|dozens|tens|scores|numerous|several|many|some)"
_WHO = r"(?:[\w.'-]+\s){0,3}?"
_COUNT = _NUM.replace("|a|an|", "|")  # a bare "a" counts only after "death of", "killing"
_KILLED = [
    re.compile(
        rf"\b(?:killing|killed|deaths? of|death toll (?:rose |climbed )?to|left)\s+(?:at least\s+)?{_NUM}\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:at least\s+)?{_COUNT}\s+{_WHO}(?:people|persons|soldiers|troops|service members|civilians|fighters|militants|members|men|others)\s+(?:were|was|have been|had been)?\s*(?:killed|dead|died)\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:at least\s+)?{_COUNT}\s+(?:were|have been|had been)\s+(?:killed|dead)\b", re.I
    ),
]
_INJURED = [
    re.compile(
        rf"\b(?:injuring|wounding|injuries to|wounded|injured)\s+(?:at least\s+)?{_NUM}\b", re.I
    ),
    re.compile(
        rf"\b(?:at least\s+)?{_NUM}\s+{_WHO}(?:people|persons|soldiers|troops|service members|civilians|others)?\s*(?:were|was)?\s*(?:injured|wounded|hurt)\b",
        re.I,
    ),
    re.compile(rf"\b{_NUM}\s+(?:injuries|injured|wounded)\b", re.I),
]


def _outcomes(sentence: str) -> list[tuple[str, list[int], tuple[int, int]]]:
    """(kind, numbers, (start, end) of the first wording) for deaths and injuries in a sentence."""
    found = []
    for kind, patterns in (("killed", _KILLED), ("injured", _INJURED)):
        numbers, wording = [], None
        for pattern in patterns:
            for m in pattern.finditer(sentence):
                word = m.group("n")
                value = _number(word)
                if value is None and word.lower() in VAGUE:
                    value = VAGUE[word.lower()]
                if value is not None:
                    numbers.append(value)
                wording = wording or (m.start(), m.end())
        if wording:
            found.append((kind, numbers, wording))
    return found


def _status(sentence: str) -> tuple[str, tuple[int, int] | None]:
    """Status from the first hedge in the sentence, and where the hedge is."""
    lowered = sentence.lower()
    for word, status in HEDGES:
        at = lowered.find(word)
        if at >= 0:
            return status, (at, at + len(word))
    return "reported", None


def _location(sentence: str, quote, after: int = 0) -> Location | None:
    """The first place the sentence puts something 'in', 'at' or 'near', after ``after`` if any."""
    names = "|".join(re.escape(n) for n in sorted(PLACES, key=len, reverse=True))
    pattern = re.compile(rf"\b(?:in|at|near|on|across|over)\s+(?:the\s+)?(?:both\s+)?({names})\b")
    m = pattern.search(sentence, after) or pattern.search(sentence)
    if m is None:
        return None
    name = m.group(1)
    country = PLACES[name]
    if name in ("Gaza", "Gaza Strip", "West Bank", "Red Sea"):
        precision, countries = "region", []
    else:
        precision, countries = ("country" if name == country else "town"), [country]
    return Location(
        name=name, countries=countries, precision=precision, expression=quote(m.start(), m.end())
    )


def _when_of(timexes: list[Timex], pub: str, quote, anchor: int | None = None) -> When:
    """The time of the predicate at ``anchor`` (a trigger or a speech verb): the sentence's time
    expression nearest to it, a time of day before a bare date; else 'by publication'."""
    points = [t for t in timexes if t.type in ("DATE", "TIME")]

    def key(t: Timex) -> tuple[int, int]:
        return (abs(t.start - anchor) if anchor is not None else 0, 0 if t.type == "TIME" else 1)

    for t in sorted(points, key=key):
        when = _timex_to_when(t, pub, quote(t.start, t.end))
        if when is not None:
            return when
    return When(
        precision="period",
        end=pub,
        inferred=["end"],
        basis="no date in the sentence; bounded by the publication date",
    )


def _timex_to_when(t: Timex, pub: str, expression: str) -> When | None:
    inferred = [p for p in t.inferred if p in ("year", "month", "day", "time", "zone")]
    if "date" in t.inferred:
        inferred += ["year", "month", "day"]
    basis = f"{', '.join(inferred)} from the publication date {pub}" if inferred else None
    value = t.value
    if value in ("PRESENT_REF",):
        return When(
            precision="period",
            end=pub,
            ongoing=True,
            expression=expression,
            inferred=["end"],
            basis=f"ongoing at publication ({pub})",
        )
    if value in ("PAST_REF",):
        return When(
            precision="period",
            end=pub,
            expression=expression,
            inferred=["end"],
            basis=f"before publication ({pub})",
        )
    m = re.fullmatch(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?", value)
    if m and t.type == "TIME":
        day, clock = m.group(1), m.group(2)
        if clock == "24:00":  # TIMEX3 midnight at the end of the day: 00:00 of the next one
            day, clock = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat(), "00:00"
        return When(
            precision="minute",
            start=f"{day}T{clock}",
            tz=t.tz or "UTC",
            expression=expression,
            inferred=inferred + ([] if t.tz else ["zone"]),
            basis=basis or ("zone not given; UTC assumed" if not t.tz else None),
        )
    m = re.match(r"(\d{4}-\d{2}-\d{2})", value)
    if m:
        return When(
            precision="day", start=m.group(1), expression=expression, inferred=inferred, basis=basis
        )
    if re.fullmatch(r"\d{4}-\d{2}", value):
        return When(
            precision="month", start=value, expression=expression, inferred=inferred, basis=basis
        )
    if re.fullmatch(r"\d{4}", value):
        return When(
            precision="year", start=value, expression=expression, inferred=inferred, basis=basis
        )
    return None


# --------------------------------------------------------------------------------------------
# Actors


def _actor_for(
    state: _State, actor_id: str, surface: str, span: Span, kind: str | None = None
) -> str:
    """Register a mention. Outside the gazetteer, ``kind`` says the surface is a name (a titled
    person, a named body); without it the kind is guessed from the words and the actor is unnamed."""
    if actor_id not in state.actors:
        entry = state.gaz.actors.get(actor_id)
        if entry is not None:
            state.actors[actor_id] = Actor(
                id=actor_id,
                name=entry.name,
                aliases=[],
                kind=entry.kind,
                country=entry.country,
                spans=[span],
            )
        else:
            guessed = (
                "person"
                if re.search(
                    r"\b(leader|commander|spokes\w*|official|minister|president|chief)\b",
                    surface,
                    re.I,
                )
                else "collective"
            )
            state.actors[actor_id] = Actor(
                id=actor_id,
                name=surface,
                aliases=[],
                kind=kind or guessed,
                named=kind is not None,
                description="unresolved: not in the gazetteer",
                spans=[span],
            )
        state.ids.add(actor_id)
        state.actor_surfaces[actor_id] = set()
        state.actor_spans[actor_id] = []
    state.actor_surfaces[actor_id].add(surface)
    if len(state.actor_spans[actor_id]) < 5 and span not in state.actor_spans[actor_id]:
        state.actor_spans[actor_id].append(span)
    return actor_id


_ROLE = re.compile(
    r"\b(?:an?|the)\s+(?:(?:senior|top|prominent|key|high-ranking|local|former)\s+)?"
    r"(?P<role>leader|commander|official|member|spokesman|spokeswoman|spokesperson|fighter|operative)"
    r"\s+(?:of|in|from|with)\s+(?:the\s+)?(?P<group>[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|al-\w+|of|the))*)"
)
# People without a trained NER model: a name after a title ("spokesman Yahya Saree",
# "Gen. Michael Erik Kurilla", "President Joe Biden") or before one ("Wissam al-Tawil, a senior
# commander"). The name alone becomes the (unresolved) actor.
_NAME = r"[A-Z][a-z\u2019'-]+(?:\s+(?:al-|el-|bin\s+|abu\s+|Abu\s+)?[A-Z][a-z\u2019'-]+){1,3}"
_TITLES = (
    r"spokes(?:man|woman|person)|commander|leader|chief|secretary-general|minister|official|"
    r"President|Prime Minister|Defense Secretary|Secretary of State|Secretary|Gen\.|General|"
    r"Maj\. Gen\.|Lt\. Gen\.|Col\.|Sheikh|Ayatollah"
)
_TITLED = re.compile(rf"\b(?:{_TITLES})\s*,?\s+(?P<name>{_NAME})")
_NAME_TITLE = re.compile(
    rf"(?P<name>{_NAME}),\s+(?:the|a|an)\s+(?:[\w-]+\s+){{0,3}}?(?P<title>commander|spokes(?:man|woman|person)|leader|official|founder|chief)\b"
)
_GROUP_ROLE = re.compile(
    r"\b(?:an?|the)\s+(?P<group>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+(?P<role>commander|leader|official|spokesman|fighter)\b"
)
_COLLECTIVE = re.compile(
    r"\b(?:(?:suspected|radical|armed|unidentified|unknown)\s+)?(?:(?P<backer>[A-Z][\w.]*)-(?:backed|aligned|allied|linked)|pro-(?P<pro>[A-Z][\w.]*))\s+"
    r"(?P<what>militants|militias|militia|groups|group|fighters|factions|gunmen|forces|proxies|militant groups|armed groups)\b"
)
_ALLIES = re.compile(r"\b(?:its|their|his)\s+(?:allies|partners|proxies)(?:\s+in\s+[A-Z][\w-]*)?")
_COUNTED = re.compile(
    r"\b(?P<n>\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|several|numerous)\s+"
    r"(?P<who>(?:U\.S\.|US|American|Iraqi|Syrian|Israeli|Jordanian|Iranian|Lebanese|Palestinian|British)\s+)?"
    r"(?P<what>soldiers|troops|service members|servicemembers|civilians|people|fighters|militants|personnel|sailors|contractors)\b"
)


_LOCATIVE = re.compile(
    r"\b(?i:in|at|near|across|from|to|over|into|inside|outside|of|both)\s+(?:the\s+)?"
    r"(?:(?:northern|southern|eastern|western|central|north|south|east|west)\s+)?"
    r"(?:[A-Z][\w.-]*(?:\s+and|,)\s+)?$"
)
_ANAPHOR = re.compile(r"\b(?:the|this)\s+(?:group|militia|organi[sz]ation|faction)\b", re.I)


def _unresolved_id(doc_id: str, surface: str) -> str:
    """``<doc>.unresolved-<slug>``, kept within the schema's 80 characters: a long document id
    is shortened to a stable hash, a long slug is cut."""
    slug = re.sub(r"[^a-z0-9]+", "-", surface.lower()).strip("-")[:40] or "actor"
    prefix = (
        doc_id
        if len(doc_id) <= 26
        else f"{doc_id[:17]}-{hashlib.sha1(doc_id.encode()).hexdigest()[:8]}"
    )
    return f"{prefix}.unresolved-{slug}"


def _find_actors(state: _State, text: str, nlp_doc) -> list[_Mention]:
    """Actor mentions, longest first: gazetteer entities, role phrases and counted or backed
    collectives (unresolved actors), named entities of a trained model, and 'the group'
    anaphora. A state named after 'in'/'at'/'near' is a place, not an actor."""
    candidates: list[
        tuple[int, int, str | None, int]
    ] = []  # start, end, actor id or None, priority
    for ent in nlp_doc.ents:
        if ent.label_ == "ACTOR" and ent.ent_id_:
            candidates.append((ent.start_char, ent.end_char, ent.ent_id_, 0))
        elif ent.label_ in ("PERSON", "ORG", "NORP"):
            candidates.append((ent.start_char, ent.end_char, None, 2))
    for pattern in (_COLLECTIVE, _ALLIES, _COUNTED, _ROLE, _GROUP_ROLE):
        for m in pattern.finditer(text):
            end = m.end("role") if pattern in (_ROLE, _GROUP_ROLE) else m.end()
            candidates.append((m.start(), end, None, 1))
    names: set[tuple[int, int]] = set()
    for pattern in (_TITLED, _NAME_TITLE):
        for m in pattern.finditer(text):
            known = state.gaz.lookup(m.group("name"))
            candidates.append((m.start("name"), m.end("name"), known, 0 if known else 1))
            names.add((m.start("name"), m.end("name")))
    chosen: list[tuple[int, int, str | None]] = []
    taken = bytearray(len(text) + 1)  # characters already inside a chosen mention
    for a, b, actor_id, _ in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[3], c[0])):
        if any(taken[a:b]):
            continue
        if (
            actor_id
            and state.gaz.actors[actor_id].kind == "state"
            and _LOCATIVE.search(text[max(0, a - 20) : a])
        ):
            continue  # "in Iraq": a place
        chosen.append((a, b, actor_id))
        taken[a:b] = b"\x01" * (b - a)
    mentions: list[_Mention] = []
    for a, b, actor_id in sorted(chosen):
        surface = state.quote(a, b)
        backed = _COLLECTIVE.fullmatch(text[a:b])
        if actor_id is None and backed:
            # "suspected Iran-backed militants", "Iran-backed militias", "pro-Iran groups": one
            # collective per backer within a document (the hedge stays on the event).
            backer = (backed.group("backer") or backed.group("pro")).lower()
            actor_id = _unresolved_id(state.doc.id, f"{backer}-backed-militants")
        elif actor_id is None:
            actor_id = _unresolved_id(
                state.doc.id, re.sub(r"^(?:an?|the)\s+", "", text[a:b], flags=re.I)
            )
        _actor_for(
            state, actor_id, surface, state.span(a, b), kind="person" if (a, b) in names else None
        )
        mentions.append(_Mention(a, b, actor_id))
    # "The group" refers to the armed group last named before it (within 400 characters).
    groups = [x for x in mentions if state.actors[x.actor].kind == "armed group"]
    group_ends = [x.end for x in groups]  # mentions are in text order, so these are sorted
    resolved = []
    for m in _ANAPHOR.finditer(text):
        if taken[m.start()]:
            continue
        i = bisect.bisect_right(group_ends, m.start())
        if i and m.start() - group_ends[i - 1] < 400:
            resolved.append(_Mention(m.start(), m.end(), groups[i - 1].actor))
    mentions += resolved
    return sorted(mentions, key=lambda x: x.start)


# --------------------------------------------------------------------------------------------
# Sentences -> events, claims, relations

_PASSIVE = re.compile(r"\b(?:was|were|been|being|is|are)\s+(?:\w+ly\s+)?$", re.I)
_AGENT = re.compile(r"^\s*(?:conducted |carried out |launched |claimed )?by\s+", re.I)
_TARGET_PREP = re.compile(
    r"\b(?:on|against|targeting|at|hitting|killing|kill)\s+(?:the\s+|a\s+|an\s+)?$", re.I
)


VIOLENT = ("strike", "attack", "killing")
_PLURALS = {
    "attacks",
    "strikes",
    "airstrikes",
    "raids",
    "bombs",
    "rockets",
    "missiles",
    "drones",
    "arrests",
    "protests",
    "sanctions",
}
_CAMPAIGN_VERBS = {
    "conducting",
    "conducted",
    "conduct",
    "launched",
    "launching",
    "launch",
    "carried",
    "carrying",
    "use",
    "using",
    "used",
    "continued",
    "continuing",
    "resumed",
    "intensified",
    "stepped",
    "began",
    "fired",
    "firing",
    "wave",
    "series",
    "new",
}


def _triggers(sentence: str) -> list[tuple[str, int, int]]:
    """Every trigger word in the sentence as (kind, start, end), in order of precedence.

    A word inside a hyphenated compound ("U.S.-designated", "pro-war") is not a trigger."""
    found = []
    for m in re.finditer(r"[A-Za-z]+", sentence):
        kind = _TRIGGER_KIND.get(m.group(0).lower())
        if kind is None or not m.group(0)[0].islower() and m.start() > 0:
            continue
        if (
            sentence[max(0, m.start() - 1) : m.start()] == "-"
            or sentence[m.end() : m.end() + 1] == "-"
        ):
            continue
        if m.group(0).lower() in _PLURALS:
            window = re.findall(r"[A-Za-z]+", sentence[max(0, m.start() - 40) : m.start()])[-4:]
            if not {w.lower() for w in window} & _CAMPAIGN_VERBS and not _definite(
                sentence, m.start()
            ):
                continue  # "recent attacks", "in attacks against": a generic mention, not an event
        found.append((kind, m.start(), m.end()))
    return sorted(found, key=lambda t: (_KIND_ORDER[t[0]], t[1]))


def _definite(sentence: str, start: int) -> bool:
    """Whether the trigger at ``start`` is a back-reference: 'the strike', 'the attack on ...'."""
    return bool(
        re.search(
            r"\b(?:the|this|that|its)\s+(?:(?:recent|latest|same|deadly|drone|rocket|U\.S\.|Jan\.?\s+\d+|\w+-\w+)\s+){0,2}$",
            sentence[max(0, start - 80) : start],
            re.I,
        )
    )


def _roles(
    s0: int, sentence: str, trigger: tuple[str, int, int], mentions: list[_Mention]
) -> tuple[list[str], list[str]]:
    """Initiators and targets of the event a trigger names, from word order and voice."""
    _, t0, t1 = trigger
    rel = [(m.start - s0, m.end - s0, m.actor) for m in mentions]
    initiators: list[str] = []
    targets: list[str] = []
    # Agent phrase after the trigger: "(conducted|carried out|launched) by X".
    for k, (a, b, actor) in enumerate(rel):
        if a >= t1 and re.fullmatch(r"[^.;]{0,40}?\bby\s+(?:the\s+)?", sentence[t1:a]):
            # "by Yemen's Houthis": the possessor names where, the head names who
            if k + 1 < len(rel) and re.fullmatch(r"(?:'s|\u2019s)\s+", sentence[b : rel[k + 1][0]]):
                actor = rel[k + 1][2]
            initiators.append(actor)
            break
    # "between X and Y" after the trigger: both are parties.
    m = re.search(r"\bbetween\s+", sentence[t1:])
    if m:
        parties = [actor for a, _b, actor in rel if a >= t1 + m.end()][:2]
        initiators += parties
    # Objects: "on/against/targeting X" after the trigger.
    for a, _b, actor in rel:
        if a >= t1 and re.fullmatch(
            r"[^.;]{0,30}?\b(?:on|against|targeting|at|hitting|killing|kill)\s+(?:the\s+|a\s+|an\s+)?",
            sentence[t1:a],
        ):
            targets.append(actor)
    # Passive voice: "X was killed" -> X is a target; prefer a role phrase ("a senior leader").
    passive = re.search(
        r"\b(?:was|were|had been|have been|been)\s+(?:\w+ly\s+)?(?:killed|struck|targeted|hit|wounded|injured|attacked)\b",
        sentence,
    )
    if passive:
        before = [(a, actor) for a, b, actor in rel if b <= passive.start()]
        roles = [(a, actor) for a, actor in before if "unresolved-" in actor]
        if before:
            targets.append((roles or before)[0 if roles else -1][1])
    # Active subject: the nearest actor before the trigger, in the same clause, not an object.
    # (In a passive sentence the agent is only ever the "by X" phrase or a demonym.)
    if not initiators and not (passive and passive.start() < t0):
        # Skip an apposition between the subject and the trigger ("X, an umbrella group that
        # includes Y, for the attack").
        apposition = re.search(r",[^,;]{1,120},\s*(?:[\w.]+\s+){0,4}$", sentence[:t0])
        skip = (apposition.start(), apposition.end()) if apposition else (t0, t0)
        for a, b, actor in reversed(
            [x for x in rel if x[1] <= t0 and not skip[0] <= x[0] < skip[1]]
        ):
            gap = sentence[b:t0]
            if len(gap) > 120 or re.search(r"[;]", gap):
                break
            if _LOCATIVE.search(sentence[max(0, a - 30) : a]) or re.search(
                r"\b(?:of|on|against|to|during|for|by|amid|after|before|from)\s+(?:the\s+)?$",
                sentence[max(0, a - 15) : a],
            ):
                continue
            if passive and actor in targets:
                continue
            initiators.append(actor)
            break
    initiators = list(dict.fromkeys(initiators))
    return initiators, [t for t in dict.fromkeys(targets) if t not in initiators]


_SURROGATE = re.compile("[\ud800-\udfff]")
RECENT = 40  # how many earlier events a back-reference or a claim may point to


def _within(items: list, starts: list[int], s0: int, s1: int) -> list:
    """Items (sorted by start) that lie inside [s0, s1)."""
    lo = bisect.bisect_left(starts, s0)
    hi = bisect.bisect_left(starts, s1)
    return [x for x in items[lo:hi] if x.end <= s1]


def extract_document(doc: SourceDoc, nlp=None, gazetteer: Gazetteer | None = None) -> FactsFile:
    """Extract a validated facts file from one document."""
    if _SURROGATE.search(doc.text):
        raise ValueError(
            f"{doc.id}: text holds lone surrogate code points (not Unicode text); decode files as "
            "UTF-8 (helpers.loading.read_text does)"
        )
    nlp = nlp or build_nlp()
    gaz = gazetteer or load_gazetteer()
    norm = normalize(doc.text)
    state = _State(doc=doc, norm=norm, gaz=gaz)
    text, _skipped = _masked(norm.text)
    pub = doc.meta.published[:10]
    timexes = tag(text, doc.meta.published, doc.meta.timezone)
    nlp_doc = nlp(text)
    mentions = _find_actors(state, text, nlp_doc)

    mention_starts = [m.start for m in mentions]
    timex_starts = [t.start for t in timexes]
    for sent in nlp_doc.sents:
        s0, s1 = sent.start_char, sent.end_char
        while s1 > s0 and text[s1 - 1].isspace():
            s1 -= 1
        while s0 < s1 and text[s0].isspace():
            s0 += 1
        if s1 - s0 < 12:
            continue
        sentence = text[s0:s1]
        sent_mentions = _within(mentions, mention_starts, s0, s1)
        sent_timex = _within(timexes, timex_starts, s0, s1)
        span = state.span(s0, s1)
        try:
            claim = _claim(state, sentence, s0, span, sent_mentions, sent_timex, pub)
            _relations(state, sentence, s0, span, sent_mentions, claim)
            _event(state, sentence, s0, span, sent_mentions, sent_timex, pub, claim)
            if claim is None:
                claim = _unattributed(state, sentence, s0, span, sent_timex, pub)
        except ValueError as exc:  # a rule that cannot build a valid item: say so, keep going
            warnings.warn(
                f"{doc.id}: sentence at {span.start}-{span.end} left out of the extraction: {exc}",
                stacklevel=2,
            )
            continue
        if claim is not None:  # the claim is about the events its sentence reports or refers to
            about = [e.id for e in state.events[-RECENT:] if span in e.spans]
            state.claims[-1] = claim.model_copy(update={"about": about})  # _claim appends last

    _merge_descriptions(state)
    actors = [
        a.model_copy(
            update={"aliases": sorted(state.actor_surfaces[a.id]), "spans": state.actor_spans[a.id]}
        )
        for a in sorted(state.actors.values(), key=lambda a: a.id)
    ]
    return FactsFile(
        schema_version=1,
        reviewed_by=REVIEWER,
        review_status="machine-extracted",
        documents=[doc.id],
        actors=actors,
        events=state.events,
        relations=state.relations,
        claims=state.claims,
    )


_DIED_BEFORE = re.compile(
    r"\b(?:killed|killing|death of|deaths of|assassinated|assassination of)\s+$", re.I
)
_DIED_AFTER = re.compile(
    r"^\s*(?:\([^)]{0,40}\)\s*)?(?:was|were|had been)\s+(?:\w+ly\s+)?(?:killed|assassinated)\b"
)


def _merge_descriptions(state: _State) -> None:
    """One unnamed person described twice: "a senior leader of Kata'ib Hezbollah (KH) was killed
    ... The strike resulted in the death of a Kata'ib Hezbollah commander". Unresolved, unnamed
    person descriptions merge when each is the target of one event or is said to have died in a
    sentence reporting it, and both are members of the same group(s). Anything less (another
    event, another group, a named person) stays apart."""
    text = state.doc.text

    def unnamed_person(a: str) -> bool:
        actor = state.actors.get(a)
        return (
            actor is not None and actor.kind == "person" and not actor.named and "unresolved-" in a
        )

    def groups(a: str) -> frozenset[str]:
        return frozenset(
            r.object for r in state.relations if r.subject == a and r.predicate == "member-of"
        )

    def died_in(a: str, event: Event) -> int | None:
        for x in state.actor_spans[a]:
            inside = any(s.start <= x.start and x.end <= s.end for s in event.spans)
            before, after = text[max(0, x.start - 25) : x.start], text[x.end : x.end + 60]
            if inside and (_DIED_BEFORE.search(before) or _DIED_AFTER.match(after)):
                return x.start
        return None

    merged: dict[str, str] = {}
    people = [a for a in state.actors if unnamed_person(a)]
    for event in state.events:
        found = {a: -1 for a in event.targets if a in people}
        for a in people:
            at = died_in(a, event)
            if at is not None and a not in found:
                found[a] = at
        victims = [a for a in sorted(found, key=found.get) if a not in merged and groups(a)]
        for i, first in enumerate(victims):
            if first in merged:
                continue
            for other in victims[i + 1 :]:
                if other not in merged and groups(other) == groups(first):
                    merged[other] = first
    if merged:
        _rename_actors(state, merged)


def _rename_actors(state: _State, renamed: dict[str, str]) -> None:
    """Fold actors into others (``renamed[old] = new``) everywhere they are referred to."""

    def r(a: str | None) -> str | None:
        return renamed.get(a, a) if a is not None else None

    def rs(ids: list[str]) -> list[str]:
        return list(dict.fromkeys(renamed.get(a, a) for a in ids))

    for old, new in renamed.items():
        state.actor_surfaces[new] |= state.actor_surfaces.pop(old)
        for span in state.actor_spans.pop(old):
            if len(state.actor_spans[new]) < 5 and span not in state.actor_spans[new]:
                state.actor_spans[new].append(span)
        del state.actors[old]
    state.events = [
        e.model_copy(
            update={
                "initiators": rs(e.initiators),
                "targets": rs(e.targets),
                "outcomes": [o.model_copy(update={"victims": rs(o.victims)}) for o in e.outcomes],
                "asserted_by": rs(e.asserted_by),
            }
        )
        for e in state.events
    ]
    relations: dict[tuple[str, str, str], Relation] = {}
    for rel in state.relations:
        key = (r(rel.subject), rel.predicate, r(rel.object))
        if key[0] == key[2]:
            continue
        if key in relations:  # the same relation told twice: one relation, both sentences
            kept = relations[key]
            spans = kept.spans + [s for s in rel.spans if s not in kept.spans]
            relations[key] = kept.model_copy(update={"spans": spans})
        else:
            relations[key] = rel.model_copy(update={"subject": key[0], "object": key[2]})
    state.relations = list(relations.values())
    state.triples = set(relations)
    state.claims = [c.model_copy(update={"speaker": r(c.speaker)}) for c in state.claims]


def _body_of(state: _State, sentence: str, s0: int, speaker: str, rel: list) -> str:
    """A spokesman or official speaks for a body: 'A U.S. official' -> the United States,
    'a spokesman for the Hezbollah Brigades' -> Kata'ib Hezbollah."""
    if "unresolved-" not in speaker:
        return speaker
    where = next((x for x in rel if x[2] == speaker), None)
    if where is None:
        return speaker
    phrase = sentence[where[0] : where[1]]
    role = _GROUP_ROLE.fullmatch(phrase)
    if role:
        body = state.gaz.lookup(role.group("group").strip())
        if body:
            a = s0 + where[0] + role.start("group")
            b = s0 + where[0] + role.end("group")
            return _actor_for(state, body, state.quote(a, b), state.span(a, b))
    # "Houthi military spokesman Yahya Saree": the body named just before the title
    titled = re.search(
        rf"(?:'s|\u2019s)?\s+(?:[a-z]+\s+){{0,2}}(?:{_TITLES})\s*,?\s+$",
        sentence[max(0, where[0] - 60) : where[0]],
    )
    if titled:
        start = max(0, where[0] - 60) + titled.start()
        body = [x for x in rel if x[1] == start and "unresolved-" not in x[2]]
        if body:
            return body[0][2]
    tail = sentence[where[1] : where[1] + 60]
    of = re.match(r"\s+(?:for|of)\s+(?:the\s+)?", tail)
    if of:
        following = [x for x in rel if x[0] == where[1] + of.end()]
        if following and "unresolved-" not in following[0][2]:
            return following[0][2]
    return speaker


_CONNECTORS = {"for", "of", "the", "and", "on"}
_NOT_NAMES = {
    "The",
    "It",
    "He",
    "She",
    "They",
    "We",
    "This",
    "That",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "However",
    "Officials",
    "Police",
    "Witnesses",
    "Residents",
    "Sources",
}


def _named_subject(sentence: str, end: int) -> tuple[int, int] | None:
    """The capitalised name that ends just before ``end`` ("the Syrian Observatory for Human
    Rights", "UKMTO"), as (start, end), or None."""
    words = list(re.finditer(r"[\w\u2019'.&-]+", sentence[:end]))
    if not words or sentence[words[-1].end() : end].strip():
        return None
    run: list[re.Match] = []
    for w in reversed(words):
        text = w.group(0)
        if text[:1].isupper() or (text in _CONNECTORS and run):
            run.append(w)
            continue
        break
    while run and run[-1].group(0) in _CONNECTORS:
        run.pop()
    run.reverse()
    while run and (run[0].group(0) in _CONNECTORS or run[0].group(0) in _NOT_NAMES):
        run.pop(0)
    if not run or not run[-1].group(0)[:1].isupper():
        return None
    return run[0].start(), run[-1].end()


# Motive, justification and responsibility asserted by the text itself (no speech verb found).
_UNATTRIBUTED = re.compile(
    r"\b(?:in (?:response|retaliation|reprisal) (?:to|for)|(?:directly |partly )?responsible for"
    r"|in an effort to|(?:aimed|intended|designed) (?:at|to)|as a warning to)\b",
    re.I,
)


def _claim(state, sentence, s0, span, mentions, timexes, pub) -> Claim | None:
    """The attributed statement in a sentence: speaker, attribution verb, content, date."""
    rel = [(m.start - s0, m.end - s0, m.actor) for m in mentions]
    inside = lambda i: any(a <= i < b for a, b, _ in rel)  # noqa: E731
    speaker = verb = content = None
    verb_at = 0
    for m in re.finditer(r"[a-z]+", sentence):
        if m.group(0) not in CLAIM_VERBS or inside(m.start()):
            continue
        if m.start() > 0 and sentence[m.start() - 1].isalpha():
            continue
        v0, v1 = m.start(), m.end()
        after = [x for x in rel if x[0] >= v1 and x[0] - v1 < 4]
        # '"...," said X.' only when X closes the clause ("said 19 people had died" is not it)
        inverted = (
            after
            and re.search(r"[,\"\u201d']\s*$", sentence[:v0])
            and re.match(r"\s*(?:[,.;]|$)", sentence[after[0][1] :])
        )
        # The subject: the nearest actor before the verb, skipping an apposition
        # ("Kata'ib Hizballah, the most powerful of Iraq's Iran-aligned factions, said").
        head = sentence[:v0]
        apposition = re.search(r",[^,;]{1,120},\s*(?:\w+\s+){0,2}$", head)
        limit = apposition.start() if apposition else v0
        before = [x for x in rel if x[1] <= limit and not re.search(r"[;]", sentence[x[1] : v0])]
        named = _named_subject(sentence, limit)
        if named and (not before or before[-1][1] <= named[0]) and not inside(named[0]):
            # "the Syrian Observatory for Human Rights ... said": a named body the gazetteer
            # does not know becomes an unresolved actor rather than a lost speaker.
            a, b = s0 + named[0], s0 + named[1]
            actor = _unresolved_id(state.doc.id, sentence[named[0] : named[1]])
            _actor_for(state, actor, state.quote(a, b), state.span(a, b), kind="organisation")
            rel.append((named[0], named[1], actor))
            before = [*before, (named[0], named[1], actor)]
        if inverted:
            speaker, verb, verb_at = after[0][2], m.group(0), v0
            content = sentence[:v0].strip(" ,\"'\u201c\u201d")
        elif before and v0 - before[-1][1] <= 140:
            speaker, verb, verb_at = before[-1][2], m.group(0), v0
            content = sentence[v1:].strip(" ,.;:")
        if speaker:
            speaker = _body_of(state, sentence, s0, speaker, rel)
            break
    if speaker is None and state.claims:
        # "It said ...", "He also claimed ...": the speaker of the previous claim
        pronoun = re.match(
            r"\s*(?:It|He|She|They)\s+(?:also\s+|later\s+|further\s+)?(?P<v>[a-z]+)\b", sentence
        )
        if pronoun and pronoun.group("v") in CLAIM_VERBS:
            speaker, verb, verb_at = (
                state.claims[-1].speaker,
                pronoun.group("v"),
                pronoun.start("v"),
            )
            content = sentence[pronoun.end() :].strip(" ,.;:")
    if speaker is None:
        # A stated position without a speech verb: "the United States remains committed to ...".
        m = re.search(
            r"\b(?:remains?|is|are)\s+(?:committed|determined|ready|prepared)\b", sentence
        )
        before = [x for x in rel if m and x[1] <= m.start() and m.start() - x[1] <= 3]
        if m and before:
            speaker, verb, verb_at = before[-1][2], m.group(0), m.start()
            content = sentence[m.end() :].strip(" ,.;:")
    if speaker is None:
        according = re.search(r"\baccording to\s+", sentence, re.I)
        if according:
            after = [x for x in rel if x[0] >= according.end() and x[0] - according.end() < 6]
            if after:
                speaker, verb, verb_at = after[0][2], "said (according to)", according.start()
                content = sentence[: according.start()].strip(" ,.;:")
    if not speaker or not content:
        return None
    when = _when_of(timexes, pub, state.quote, s0 + verb_at)
    if when.precision == "period":
        when = When(
            precision="period", end=pub, inferred=["end"], basis="no date given; by publication"
        )
    claim = Claim(
        id=state.new_id(f"{state.doc.id}.c-{speaker}-{verb}"),
        speaker=speaker,
        verb=verb,
        content=content,
        when=when,
        spans=[span],
    )
    state.claims.append(claim)
    return claim


def _unattributed(state, sentence, s0, span, timexes, pub) -> Claim | None:
    """Motive or responsibility the text asserts without naming who says so ("The strike was a
    unilateral action ... in response to recent attacks", "a commander directly responsible for
    planning attacks"): the source's own assertion, kept apart as a claim with no speaker. It does
    not change how the sentence's events are read (they stay as reported)."""
    m = _UNATTRIBUTED.search(sentence)
    if not m:
        return None
    when = _when_of(timexes, pub, state.quote, s0 + m.start())
    if when.precision == "period":
        when = When(
            precision="period", end=pub, inferred=["end"], basis="no date given; by publication"
        )
    claim = Claim(
        id=state.new_id(f"{state.doc.id}.c-unattributed"),
        speaker=None,
        verb="states",
        content=sentence.strip(" ,.;:"),
        when=when,
        spans=[span],
    )
    state.claims.append(claim)
    return claim


def _relations(state, sentence, s0, span, mentions, claim) -> None:
    def add(
        subject: str,
        predicate: str,
        obj: str,
        status: str = "reported",
        qualifier: str | None = None,
    ):
        if subject == obj or (subject, predicate, obj) in state.triples:
            return
        state.triples.add((subject, predicate, obj))
        state.relations.append(
            Relation(
                id=state.new_id(f"{state.doc.id}.r-{subject}-{predicate}-{obj}"),
                subject=subject,
                predicate=predicate,
                object=obj,
                status=status,
                qualifier=qualifier,
                spans=[span],
            )
        )

    def actor_at(a: int, b: int) -> str | None:
        for m in mentions:
            if m.start <= s0 + a and s0 + b <= m.end:
                return m.actor
        return None

    def lookup(surface: str) -> str | None:
        found = state.gaz.lookup(surface)
        return found if found in state.actors else None

    # "U.S. Central Command", "U.S. forces": the name itself says whose they are.
    for x in mentions:
        first = re.match(r"[A-Z][\w.]*", sentence[x.start - s0 : x.end - s0])
        if not first or first.end() == x.end - x.start:
            continue
        parent = state.gaz.lookup(first.group(0))
        if (
            parent
            and parent != x.actor
            and parent in state.actors
            and state.gaz.actors[parent].kind in ("state", "government")
            and state.actors[x.actor].kind
            in ("military", "military command", "government", "organisation")
        ):
            add(x.actor, "part-of", parent)

    for m in _COLLECTIVE.finditer(sentence):
        backer = lookup(m.group("backer") or m.group("pro") or "")
        group = actor_at(m.start(), m.end())
        if backer and group:
            add(
                backer,
                "backs",
                group,
                "suspected" if "suspected" in m.group(0).lower() else "reported",
            )
    for m in re.finditer(r"\b(?P<by>[A-Z][\w.]*)-designated\b", sentence):
        by = lookup(m.group("by"))
        after = [x for x in mentions if x.start - s0 >= m.end()]
        before = [x for x in mentions if x.end - s0 <= m.start()]
        obj = before[-1].actor if before else (after[0].actor if after else None)
        if by and obj:
            add(by, "designates", obj, qualifier=f'"{m.group(0)}"')
    for m in list(_ROLE.finditer(sentence)) + list(_GROUP_ROLE.finditer(sentence)):
        person = actor_at(m.start(), m.end("role"))
        group = lookup(m.group("group").strip()) or actor_at(m.start("group"), m.end("group"))
        if person and group and person != group:
            add(person, "member-of", group)
    m = re.search(r"\b(?:groups|militias|factions),?\s+including\s+", sentence)
    if m:
        groups = actor_at(max(0, m.start() - 1), m.start() + 5) or next(
            (x.actor for x in mentions if x.end - s0 <= m.start() + 8 and "unresolved-" in x.actor),
            None,
        )
        members = [x.actor for x in mentions if x.start - s0 >= m.end()]
        if groups and members:
            add(members[0], "member-of", groups, "claimed" if claim else "reported")
    m = re.search(
        r"\b(?P<who>[A-Z][\w.-]*)(?:'s|\u2019s)\s+(?:role|hand|involvement)\s+in\s+the\s+(?:\w+\s+)?(?:attack|strike|bombing)",
        sentence,
    )
    if claim and m:
        who = lookup(m.group("who"))
        if who:
            add(claim.speaker, "attributes-attack-to", who, "claimed", qualifier=m.group(0))
    if claim and claim.verb.lower() in ("attributed", "blamed", "accused"):
        after_verb = [x.actor for x in mentions if x.actor != claim.speaker]
        for obj in after_verb[-2:]:
            add(claim.speaker, "attributes-attack-to", obj, "claimed")
    m = re.search(r"\bsupport(?:ing|s|ed)?\s+", sentence)
    if m:
        after = [x for x in mentions if x.start - s0 >= m.end() and x.start - s0 - m.end() < 12]
        before = [x for x in mentions if x.end - s0 <= m.start()]
        if after and before:
            add(before[-1].actor, "supports", after[0].actor, "claimed" if claim else "reported")
    # Titles: "Houthi military spokesman Yahya Saree", "CENTCOM commander Gen. Kurilla",
    # "Wissam al-Tawil, a senior commander in the Radwan Force".
    for m in _TITLED.finditer(sentence):
        person = actor_at(m.start("name"), m.end("name"))
        near = [x for x in mentions if x.end - s0 <= m.start() and m.start() - (x.end - s0) <= 30]
        if person and near and near[-1].actor != person:
            gap = sentence[near[-1].end - s0 : m.start("name")]
            heads = re.search(r"\b(?:commander|leader|chief|secretary-general)\b", gap)
            junior = re.search(r"\b(?:senior|deputy|field|local|a|an)\b", gap)
            add(person, "commands" if heads and not junior else "member-of", near[-1].actor)
    for m in _NAME_TITLE.finditer(sentence):
        person = actor_at(m.start("name"), m.end("name"))
        tail = re.match(r"\s+(?:of|in|for|with|at)\s+(?:the\s+)?", sentence[m.end() :])
        if person and tail:
            body = [x for x in mentions if x.start - s0 == m.end() + tail.end()]
            if body and body[0].actor != person:
                add(person, "member-of", body[0].actor)
    m = re.search(
        r"\b(?:umbrella|coalition|alliance)\s+(?:group|of groups)?\s*(?:that|which)\s+includes\s+",
        sentence,
    )
    if m:
        whole = [x for x in mentions if x.end - s0 <= m.start()]
        part = [x for x in mentions if x.start - s0 >= m.end() and x.start - s0 - m.end() < 4]
        if whole and part:
            add(part[0].actor, "member-of", whole[-1].actor)
    m = re.search(r"\bas (?:a )?part of\s+(?:an?\s+|the\s+)?", sentence)
    if m:
        whole = [x for x in mentions if x.start - s0 >= m.start() and x.start - s0 - m.end() < 30]
        subject = [x for x in mentions if x.end - s0 <= m.start()]
        if whole and subject:
            add(subject[0].actor, "member-of", whole[0].actor)
    for m in re.finditer(
        r"\b(?:coalition|alliance|campaign|operations|attacks|fight)\s+against\s+(?:the\s+)?",
        sentence,
    ):
        holder = [x for x in mentions if x.start - s0 <= m.start() < x.end - s0 + 1]
        target = [x for x in mentions if x.start - s0 >= m.end() and x.start - s0 - m.end() < 4]
        if not holder:
            holder = [x for x in mentions if x.end - s0 <= m.start()][:1]
        if holder and not target and holder[0].end - s0 > m.end():
            # "coalition against the Islamic State group" is itself a name of the coalition: the
            # opponent it names is an actor too.
            a, b = s0 + m.end(), holder[0].end
            known = state.gaz.lookup(state.quote(a, b))
            if known and known != holder[0].actor:
                _actor_for(state, known, state.quote(a, b), state.span(a, b))
                target = [_Mention(a, b, known)]
        if holder and target:
            add(holder[0].actor, "opposes", target[0].actor)
    m = re.search(r"\b(?i:talks|discussions|negotiations)\s+(?:\w+\s+){0,2}between\s+", sentence)
    if m:
        parties = [x for x in mentions if x.start - s0 >= m.end()][:2]
        if len(parties) == 2:
            a, b = (_as_government(state, x) for x in parties)
            add(a, "negotiates-with", b)


def _as_government(state: _State, mention: _Mention) -> str:
    """A state that is a party to talks acts through its government ("talks between the United
    States and Iraq": the Government of Iraq), when the gazetteer has exactly one for it. The
    mention moves to the government; the state stays an actor only if named elsewhere."""
    entry = state.gaz.actors.get(mention.actor)
    if entry is None or entry.kind != "state":
        return mention.actor
    govs = [  # CAMEO codes a state's government as the country code + GOV (IRQ -> IRQGOV)
        g.id
        for g in state.gaz.actors.values()
        if g.kind == "government" and entry.cameo and g.cameo == f"{entry.cameo}GOV"
    ]
    if len(govs) != 1:
        return mention.actor
    surface, span = state.quote(mention.start, mention.end), state.span(mention.start, mention.end)
    gov = _actor_for(state, govs[0], surface, span)
    spans = state.actor_spans[mention.actor]
    if span in spans:
        spans.remove(span)
    if not spans:
        _rename_actors(state, {mention.actor: gov})
    mention.actor = gov  # the sentence's events see the government too
    return gov


def _antecedent(state: _State, kind: str, actors: set[str]) -> int | None:
    """The earlier event a definite reference points to: same kind (any violent kind for a
    violent one), most shared actors, then most recent."""
    family = VIOLENT if kind in VIOLENT else (kind,)
    best, best_score = None, -1
    first = max(0, len(state.events) - RECENT)  # a back-reference points to a recent event
    for i, e in enumerate(state.events[first:], start=first):
        if e.kind not in family:
            continue
        involved = {*e.initiators, *e.targets, *(v for o in e.outcomes for v in o.victims)}
        score = len(involved & actors)
        if score >= best_score:
            best, best_score = i, score
    return best


def _event(state, sentence, s0, span, mentions, timexes, pub, claim) -> None:
    actors_here = {m.actor for m in mentions}
    made = referred = dated_here = False
    for kind, t0, t1 in _triggers(sentence):
        if kind == "attribution" and claim is not None:
            continue
        if kind == "conflict" and not re.search(
            r"\b(?:ongoing|continuing)\s+(?:\w+\s+)?(?:conflict|war|fighting)\b", sentence, re.I
        ):
            continue
        if _definite(sentence, t0):
            i = _antecedent(state, kind, actors_here)
            own = _when_of(timexes, pub, state.quote, s0 + t0)
            if (
                i is not None
                and claim is None
                and own.precision in ("minute", "day")
                and state.events[i].when.precision in ("minute", "day")
                and own.start[:10] != state.events[i].when.start[:10]
            ):
                i = None  # "the Jan. 28 attack" in a story about 3 February: another event
            if i is not None:
                referred = True
                earlier = state.events[i]
                if span not in earlier.spans:
                    initiators, _ = _roles(s0, sentence, (kind, t0, t1), mentions)
                    agent = [a for a in initiators if re.search(r"\bby\b", sentence[t1:])]
                    update = {
                        "spans": [*earlier.spans, span],
                        "initiators": list(dict.fromkeys([*earlier.initiators, *agent])),
                        "outcomes": earlier.outcomes or _outcome_list(state, sentence, s0),
                    }
                    # "The strikes began at 4:30 p.m. ET on Friday": the time an undated event lacked.
                    later = [
                        t for t in timexes if t.start - s0 >= t1 and t.type in ("DATE", "TIME")
                    ]
                    if earlier.when.precision == "period" and later:
                        when = _when_of(later, pub, state.quote)
                        if when.precision != "period":
                            update["when"] = _to_local(when, earlier.location)
                            dated_here = True
                    clock = [
                        t
                        for t in later
                        if t.type == "TIME"
                        and "date" in t.inferred
                        and re.search(r"T\d{2}:\d{2}$", t.value)
                    ]
                    if earlier.when.precision == "day" and clock:
                        # "on Wednesday ... The missile struck at about 1130 GMT": the day told
                        # before, the time told now.
                        update["when"] = _to_local(
                            _on_day(clock[0], earlier.when, state), earlier.location
                        )
                        dated_here = True
                    state.events[i] = earlier.model_copy(update=update)
                continue
        if (
            kind == "killing"
            and not made
            and _when_of(timexes, pub, state.quote).precision == "period"
        ):
            i = _antecedent(state, kind, actors_here)
            if i is not None:  # a casualty report about an event already told: pool its figures
                earlier = state.events[i]
                state.events[i] = earlier.model_copy(
                    update={
                        "spans": [*earlier.spans, span]
                        if span not in earlier.spans
                        else earlier.spans,
                        "outcomes": _pool(earlier.outcomes, _outcome_list(state, sentence, s0)),
                    }
                )
                referred = True
                continue
        if made and kind != "conflict":
            continue
        if (
            referred
            and kind != "conflict"
            and not _roles(s0, sentence, (kind, t0, t1), mentions)[0]
        ):
            continue
        _new_event(state, sentence, s0, span, mentions, timexes, pub, claim, (kind, t0, t1))
        made = True
    if (
        not made
        and not dated_here
        and claim is not None
        and claim.when.precision in ("minute", "day")
    ):
        _new_event(state, sentence, s0, span, mentions, timexes, pub, claim, ("statement", 0, 0))


def _on_day(t: Timex, day: When, state: _State) -> When:
    """A clock time whose date the tagger took from the publication date, put on the day an
    earlier sentence gave."""
    clock = t.value.split("T", 1)[1][:5]
    inferred = sorted({*day.inferred} - {"start", "end"})
    return When(
        precision="minute",
        start=f"{day.start}T{clock}",
        tz=t.tz or "UTC",
        expression=day.expression,
        inferred=[*inferred, *([] if t.tz else ["zone"])],
        basis=f"day from an earlier sentence ({day.expression or day.start}), time from "
        f"{state.quote(t.start, t.end)!r}" + ("" if t.tz else "; zone not given, UTC assumed"),
    )


def _pool(old: list[Outcome], new: list[Outcome]) -> list[Outcome]:
    """Figures for the same outcome from several sentences: low = smallest, high = largest, best =
    the first figure reported (the most conservative reading stays the lowest)."""
    pooled = list(old)
    for outcome in new:
        same = next((i for i, o in enumerate(pooled) if o.kind == outcome.kind), None)
        if same is None:
            pooled.append(outcome)
            continue
        o = pooled[same]
        values = [
            v
            for v in (
                o.count.low,
                o.count.best,
                o.count.high,
                outcome.count.low,
                outcome.count.high,
            )
            if v is not None
        ]
        if values:
            best = o.count.best if o.count.best is not None else min(values)
            pooled[same] = o.model_copy(
                update={"count": Count(low=min(values), best=best, high=max(values))}
            )
    return pooled


def _local_time(when: When, location: Location | None) -> When:
    """'9:30 p.m. local time' is a wall-clock time in the zone of the place, not the outlet's."""
    if when.precision != "minute" or "local time" not in (when.expression or "").lower():
        return when
    zone = COUNTRY_ZONES.get(location.countries[0] if location and location.countries else "")
    if zone is None:
        return when.model_copy(
            update={
                "inferred": sorted({*when.inferred, "zone"}),
                "basis": "'local time' but the place's zone is not known: the publication zone is assumed",
            }
        )
    return when.model_copy(
        update={
            "tz": zone,
            "inferred": sorted({*when.inferred, "zone"}),
            "basis": f"'local time' read as the zone of {location.name}",
        }
    )


def _to_local(when: When, location: Location | None) -> When:
    """A time given in another zone ("4:30 p.m. ET") restated in the zone of the place it
    happened (00:30 the next day in Baghdad); the expression is kept and the basis says so."""
    zone = COUNTRY_ZONES.get(location.countries[0] if location and location.countries else "")
    if when.precision != "minute" or zone is None or when.tz in (None, zone):
        return when
    moment = aware_start(when).astimezone(ZoneInfo(zone))
    basis = f"given as {when.start} {when.tz}; restated in the local zone of {location.name}"
    if when.basis:
        basis = f"{when.basis}; {basis}"
    return when.model_copy(update={"start": f"{moment:%Y-%m-%dT%H:%M}", "tz": zone, "basis": basis})


def _outcome_list(state: _State, sentence: str, s0: int) -> list[Outcome]:
    outcomes = []
    for kind, numbers, (w0, w1) in _outcomes(sentence):
        count = (
            Count(low=min(numbers), best=min(numbers), high=max(numbers)) if numbers else Count()
        )
        outcomes.append(Outcome(kind=kind, count=count, wording=state.quote(s0 + w0, s0 + w1)))
    return outcomes


def _new_event(state, sentence, s0, span, mentions, timexes, pub, claim, trigger) -> None:
    kind = trigger[0]
    if kind == "statement":
        when = claim.when
    else:
        when = _when_of(timexes, pub, state.quote, s0 + trigger[1])
    if kind == "statement":
        initiators, targets = [claim.speaker], []
    else:
        initiators, targets = _roles(s0, sentence, trigger, mentions)
    demonym = _DEMONYM.search(sentence[max(0, trigger[1] - 40) : trigger[1]])
    if (
        not initiators
        and kind in VIOLENT
        and demonym
        and DEMONYMS[demonym["d"]] in state.gaz.actors
    ):
        actor = DEMONYMS[demonym["d"]]
        d0 = s0 + max(0, trigger[1] - 40) + demonym.start("d")
        d1 = d0 + len(demonym["d"])
        initiators = [_actor_for(state, actor, state.quote(d0, d1), state.span(d0, d1))]
    if kind == "conflict" and not re.search(r"\bbetween\b", sentence[trigger[2] :]):
        initiators, targets = [], []  # "the ongoing conflict": parties not named here
    if kind == "announcement" and claim is not None:
        initiators = [claim.speaker]
    during = re.search(
        r"\bduring the [\w.' -]{0,40}?(?:war|conflict|occupation|insurgency)\b", sentence
    )
    if during and when.precision == "period":
        # "during the U.S.-led war in Iraq": a time the source names but does not date
        when = When(
            precision="unknown", expression=state.quote(s0 + during.start(), s0 + during.end())
        )
    elif (
        re.search(r"\b(?:ongoing|continu\w+|remains?|maintains?|conducting)\b", sentence)
        and when.precision == "period"
    ):
        when = When(
            precision="period",
            end=pub,
            ongoing=True,
            inferred=["end"],
            basis="ongoing at publication; start not given",
        )
    status, hedge_at = _status(sentence)
    hedge = state.quote(s0 + hedge_at[0], s0 + hedge_at[1]) if hedge_at else None
    asserted_by = []
    if claim is not None and kind not in ("announcement", "statement"):
        status = "claimed" if status == "reported" else status
        asserted_by = [claim.speaker]
    outcomes = _outcome_list(state, sentence, s0) if kind in VIOLENT else []
    names = [state.actors[a].name for a in initiators]
    summary = kind.capitalize() + (f" by {', '.join(names)}" if names else "")
    if targets:
        summary += f" on {', '.join(state.actors[a].name for a in targets)}"
    location = _location(sentence, lambda a, b: state.quote(s0 + a, s0 + b), trigger[1])
    when = _to_local(_local_time(when, location), location)
    if location is not None:
        summary += f" in {location.name}"
    state.events.append(
        Event(
            id=state.new_id(f"{state.doc.id}.e-{kind}-{when.start or when.end or 'undated'}"),
            kind=kind,
            summary=summary + ".",
            when=when,
            location=location,
            initiators=initiators,
            targets=targets,
            outcomes=outcomes,
            status=status,
            asserted_by=asserted_by,
            hedge=hedge,
            spans=[span],
        )
    )


# --------------------------------------------------------------------------------------------
# Files

HEADER = (
    "# Machine-extracted by helpers.extraction: NOT reviewed by an analyst.\n"
    "# Every span quotes the source; statuses and roles are the extractor's reading.\n"
    "# To curate: copy this file into facts/, correct it, set review_status: analyst-reviewed.\n"
)


def dump_facts(facts: FactsFile) -> str:
    import yaml

    data = facts.model_dump(mode="json", exclude_defaults=True)
    data = {"schema_version": 1, **data}
    return HEADER + yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)


def covered(facts_dirs: Iterable[Path]) -> set[str]:
    """Document ids that some facts file in ``facts_dirs`` already covers."""
    from .loading import read_yaml

    ids: set[str] = set()
    for directory in facts_dirs:
        for path in sorted(Path(directory).glob(f"*{config.FACTS_SUFFIX}")):
            documents = read_yaml(path).data.get("documents") or []
            ids.update(d for d in documents if isinstance(d, str))
    return ids


def known_actor_ids(facts_dirs: Iterable[Path]) -> set[str]:
    """Gazetteer ids and the actor ids of the facts files in ``facts_dirs``."""
    from .loading import read_yaml

    ids = set(load_gazetteer().actors)
    for directory in facts_dirs:
        for path in sorted(Path(directory).glob(f"*{config.FACTS_SUFFIX}")):
            actors = read_yaml(path).data.get("actors") or []
            ids.update(
                a["id"] for a in actors if isinstance(a, dict) and isinstance(a.get("id"), str)
            )
    return ids


def extract_to(
    seeds_dir: Path | str | None,
    out_dir: Path | str,
    documents: Iterable[str] = (),
    skip: Iterable[str] = (),
) -> list[Path]:
    """Extract every selected document not in ``skip`` into ``out_dir/<id>.facts.yaml``.

    Each file is written atomically and then loaded back through the same validation as a
    curated file (every quote checked against the text), so a bug in the extractor cannot
    produce a facts file the brief would accept silently.
    """
    from .loading import load_documents, load_facts

    docs = load_documents(Path(seeds_dir or config.SEEDS_DIR), documents)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    skip = set(skip)
    nlp = build_nlp()
    written = []
    for doc in docs.values():
        if doc.id in skip:
            continue
        target = out / f"{doc.id}{config.FACTS_SUFFIX}"
        tmp = target.with_name(f".{target.name}.tmp")
        tmp.write_text(dump_facts(extract_document(doc, nlp)), encoding="utf-8")
        os.replace(tmp, target)
        written.append(target)
    if written:
        load_facts([out], {d: docs[d] for d in docs if d not in skip})
    return written


def summary_html(written: list[Path], skipped: Iterable[str]) -> str:
    """A short, escaped summary of what the extraction step wrote (for the notebook)."""
    from .sections import esc, table

    rows = []
    for path in written:
        import yaml

        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows.append(
            [
                esc(", ".join(data["documents"])),
                esc(len(data.get("actors", []))),
                esc(len(data.get("events", []))),
                esc(len(data.get("relations", []))),
                esc(len(data.get("claims", []))),
                esc(path.name),
            ]
        )
    skipped = sorted(skipped)
    note = (
        f"<p>{len(written)} document(s) extracted; {len(skipped)} covered by analyst-reviewed "
        f"facts and not extracted{': ' + esc(', '.join(skipped)) if skipped else ''}.</p>"
    )
    return note + table(rows, ["Document", "Actors", "Events", "Relations", "Claims", "File"])
