"""Automatic fact extraction with provenance: article text -> a facts file in the curated schema.

Pipeline, per document (every span it emits is an exact stretch of the ORIGINAL text):

1. :mod:`helpers.extract.normalize` makes a normalised copy (quotes, spaces, CRLF, BOM, entities) with an
   offset map back to the original.
2. spaCy: the tokenizer and a sentencizer (or a trained pipeline's parser and NER, when one is
   installed: ``en_core_web_sm`` is used if present, never downloaded), an ``EntityRuler`` built
   from the packaged actor gazetteer (:mod:`helpers.facts.gazetteer`), and a ``Matcher`` for role
   phrases ("a senior leader of X", "three U.S. soldiers", "Iran-backed militants") that become
   *unresolved* actors instead of being dropped.
3. :func:`helpers.extract.temporal.tag` finds and normalises time expressions against the publication
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

The result is a :class:`~helpers.facts.schema.FactsFile` with ``review_status: machine-extracted``,
validated like a curated file.
"""

from __future__ import annotations

import functools
import os
import re
import warnings
from collections.abc import Iterable
from pathlib import Path

from .. import config
from ..facts.gazetteer import Gazetteer, load_gazetteer
from ..facts.loading import SourceDoc
from ..facts.schema import (
    Count,
    Event,
    FactsFile,
    Outcome,
    When,
)
from .actor_rules import (
    LOCATIVE,
)
from .actors import find_actors as _find_actors
from .actors import government_of as _government_of
from .actors import merge_descriptions as _merge_descriptions
from .actors import register as _actor_for
from .claims import claim_of, unattributed
from .context import RECENT, Sentence
from .context import DocState as _State
from .context import Mention as _Mention
from .dating import bare_clock as _bare_clock
from .dating import future as _future
from .dating import local_time as _local_time
from .dating import nearest as _nearest
from .dating import on_day as _on_day
from .dating import refined as _refined
from .dating import relative_timexes as _relative_timexes
from .dating import timex_to_when as _timex_to_when
from .dating import to_local as _to_local
from .dating import when_of as _when_of
from .event_rules import (
    ANNOUNCES,
    BACKGROUND,
    BLAMED_MEANS,
    BLAMED_ON,
    BY_DEMONYM,
    CALLED,
    COUNT_WORD,
    DEFINITE,
    DEMONYM_BEFORE,
    FEW,
    MEANS_OF,
    MODAL,
    MODAL_AFTER,
    NEW_EVENT,
    NON_STATE,
    OWN_ACT,
    PASSIVE_KILLED,
    PLANNED,
    RELEASED,
    REPORTED_SUBJECT,
    SINCE,
    WEAPON_BY,
)
from .lexicon import (
    CAMPAIGN_VERBS,
    DEMONYMS,
    KIND_ORDER,
    PLURALS,
    TRIGGER_KIND,
    VIOLENT,
    WEAPONS,
)
from .mentions import merge_mentions
from .normalize import normalize
from .relations import relations
from .temporal import Timex, tag
from .text import location as _location
from .text import masked as _masked
from .text import outcomes as _outcomes
from .text import sentence_ranges as _sentence_ranges
from .text import status as _status
from .text import within as _within
from .text_rules import (
    HEADING,
    SURROGATE,
)

REVIEWER = "helpers.extraction (rule-based, spaCy)"


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


# --------------------------------------------------------------------------------------------
# Actors


# --------------------------------------------------------------------------------------------
# Sentences -> events, claims, relations


def _triggers(sentence: str) -> list[tuple[str, int, int]]:
    """Every trigger word in the sentence as (kind, start, end), in order of precedence.

    A word inside a hyphenated compound ("U.S.-designated", "pro-war") is not a trigger."""
    found = []
    for m in re.finditer(r"[A-Za-z]+", sentence):
        kind = TRIGGER_KIND.get(m.group(0).lower())
        if kind is None or not m.group(0)[0].islower() and m.start() > 0:
            continue
        if (
            sentence[max(0, m.start() - 1) : m.start()] == "-"
            or sentence[m.end() : m.end() + 1] == "-"
        ):
            continue
        if m.group(0).lower() in WEAPONS and re.match(
            r"\s+(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?)\b", sentence[m.end() : m.end() + 40]
        ):
            continue  # "anti-tank missile attacks": the weapon names the kind of attack
        if m.group(0).lower() in PLURALS and re.search(
            r"\b(?:these|those|such|repeated|continued|frequent|sporadic|regular)\s+"
            r"(?:[\w-]+\s+){0,2}$",
            sentence[max(0, m.start() - 40) : m.start()],
            re.I,
        ):
            continue  # "repeated strikes ... this year": an aggregate, not one occurrence
        if m.group(0).lower() == "deployed" and re.search(
            r"\b(?:are|is|remain|remains)\s+(?:\w+\s+)?$", sentence[: m.start()]
        ):
            continue  # "troops are deployed in Iraq": a state of affairs
        if m.group(0).lower() == "fire" and not re.search(
            r"\bopen(?:ed|s)?\s+$", sentence[: m.start()]
        ):
            continue
        if m.group(0).lower() in PLURALS:
            if SINCE.match(sentence, m.end()):
                continue  # "more than 50 attacks on shipping since November": an aggregate
            window = re.findall(r"[A-Za-z]+", sentence[max(0, m.start() - 40) : m.start()])[-4:]
            if (
                not {w.lower() for w in window} & CAMPAIGN_VERBS
                and not _definite(sentence, m.start())
                and not (
                    m.group(0).lower() not in WEAPONS
                    and FEW.search(sentence, max(0, m.start() - 30), m.start())
                )
            ):
                continue  # "recent attacks", "in attacks against": a generic mention, not an event
        found.append((kind, m.start(), m.end()))
    return sorted(found, key=lambda t: (KIND_ORDER[t[0]], t[1]))


def _definite(sentence: str, start: int) -> bool:
    """Whether the trigger at ``start`` is a back-reference: 'the strike', 'the attack on ...'."""
    m = DEFINITE.search(sentence, max(0, start - 80), start)
    # "that dozens of rockets were fired": a complementiser before a count, not a reference
    return m is not None and not COUNT_WORD.search(m.group(0))


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
        if a >= t1 and re.fullmatch(
            r"[^.;]{0,40}?\bby\s+(?:the\s+)?(?:[A-Z][\w.-]*(?:'s|\u2019s)\s+)?", sentence[t1:a]
        ):
            # "by Yemen's Houthis": the possessor names where, the head names who
            if k + 1 < len(rel) and re.fullmatch(r"(?:'s|\u2019s)\s+", sentence[b : rel[k + 1][0]]):
                actor = rel[k + 1][2]
            initiators.append(actor)
            break
    # Agent of the weapon before the trigger: "Drones launched by X struck", "rockets fired by X
    # hit".
    if not initiators:
        for a, b, actor in rel:
            if (
                b <= t0
                and re.fullmatch(r"\s*(?:\w+\s+)?", sentence[b:t0])
                and WEAPON_BY.search(sentence, max(0, a - 40), a)
            ):
                initiators.append(actor)
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
    if sentence[t0:t1].lower() in ("explosion", "explosions", "blast") or (
        sentence[t0:t1].lower() in ("fired", "launched")
        and re.search(r"\b(?:was|were|had been|have been|been)\s+(?:\w+ly\s+)?$", sentence[:t0])
    ):
        # an explosion has no agent; "rockets were fired": nobody named unless "by X"
        return initiators, [t for t in dict.fromkeys(targets) if t not in initiators]
    fired = re.search(
        r"\b(?:was|were|had been|have been|been)\s+(?:\w+ly\s+)?(?:fired|launched)\b", sentence[t1:]
    )
    if fired and fired.start() < 40 and not re.match(r"\s+by\b", sentence[t1 + fired.end() :]):
        return list(dict.fromkeys(initiators)), [
            t for t in dict.fromkeys(targets) if t not in initiators
        ]
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
            if REPORTED_SUBJECT.search(gap):
                break  # "X said that two jets had struck": the jets' owner, not the speaker
            if MEANS_OF.search(sentence, max(0, a - 40), a):
                pass  # "F-16 aircraft of the Iraqi Air Force carried out": whose the means are
            elif (
                LOCATIVE.search(sentence[max(0, a - 30) : a])
                or re.search(
                    r"\b(?:of|on|against|to|during|for|by|amid|after|before|from)\s+(?:the\s+)?$",
                    sentence[max(0, a - 15) : a],
                )
                or re.search(
                    r"\bby\s+(?:[\w.-]+\s+){0,2}(?:and|or)\s+(?:the\s+)?$",
                    sentence[max(0, a - 40) : a],
                )
            ):
                continue
            if passive and actor in targets:
                continue
            initiators.append(actor)
            break
    initiators = list(dict.fromkeys(initiators))
    return initiators, [t for t in dict.fromkeys(targets) if t not in initiators]


def extract_document(doc: SourceDoc, nlp=None, gazetteer: Gazetteer | None = None) -> FactsFile:
    """Extract a validated facts file from one document."""
    if SURROGATE.search(doc.text):
        raise ValueError(
            f"{doc.id}: text holds lone surrogate code points (not Unicode text); decode files as "
            "UTF-8 (helpers.facts.loading.read_text does)"
        )
    nlp = nlp or build_nlp()
    gaz = gazetteer or load_gazetteer()
    norm = normalize(doc.text)
    state = _State(doc=doc, norm=norm, gaz=gaz)
    text, _skipped = _masked(norm.text)
    pub = doc.meta.published[:10]
    timexes = _relative_timexes(text, tag(text, doc.meta.published, doc.meta.timezone))
    nlp_doc = nlp(text)
    mentions = _find_actors(state, text, nlp_doc)

    mention_starts = [m.start for m in mentions]
    timex_starts = [t.start for t in timexes]
    for s0, s1 in _sentence_ranges(text, nlp_doc):
        sentence = text[s0:s1]
        if HEADING.fullmatch(sentence):
            continue  # a headline, byline or letterhead: its facts are told in the body
        sent_mentions = _within(mentions, mention_starts, s0, s1)
        sent_timex = _within(timexes, timex_starts, s0, s1)
        span = state.span(s0, s1)
        sent = Sentence(sentence, s0, span, sent_mentions, sent_timex, pub)
        state.claim_verb = None
        try:
            claim = claim_of(state, sent)
            relations(state, sent, claim)
            _event(state, sentence, s0, span, sent_mentions, sent_timex, pub, claim)
            if claim is None:
                claim = unattributed(state, sent)
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
    _fold_undated(state)
    kept_ids = {e.id for e in state.events if not _future(e.when, pub)}
    state.events = [e for e in state.events if e.id in kept_ids]
    state.claims = [
        c.model_copy(update={"about": [a for a in c.about if a in kept_ids]})
        if any(a not in kept_ids for a in c.about)
        else c
        for c in state.claims
    ]
    actors = [
        a.model_copy(
            update={"aliases": sorted(state.actor_surfaces[a.id]), "spans": state.actor_spans[a.id]}
        )
        for a in sorted(state.actors.values(), key=lambda a: a.id)
    ]
    return merge_mentions(
        FactsFile(
            schema_version=1,
            reviewed_by=REVIEWER,
            review_status="machine-extracted",
            documents=[doc.id],
            actors=actors,
            events=state.events,
            relations=state.relations,
            claims=state.claims,
        )
    )


def _fold_undated(state: _State) -> None:
    """An act told once without a date and once with one ("as Iran carried out its attack";
    "the Guards said they launched drones late Saturday") is one event: the undated telling
    folds into the dated event of the same or an affiliated actor (a state, its government,
    a force that is part of it)."""

    def related(actors: list[str]) -> set[str]:
        out = set(actors)
        for a in actors:
            gov = _government_of(state, a)
            if gov:
                out.add(gov)
            entry = state.gaz.actors.get(a)
            if entry is not None:
                out.update(
                    f.id for f in entry.affiliations if f.relation in ("part-of", "member-of")
                )
        return out

    first_dated: dict[str, int] = {}  # actor (or affiliate) -> first dated violent event
    for i, e in enumerate(state.events):
        if e.kind in VIOLENT and e.when.precision in ("minute", "day") and e.initiators:
            for a in related(e.initiators):
                first_dated.setdefault(a, i)
    renamed: dict[str, str] = {}
    for e in state.events:
        if (
            e.kind not in VIOLENT
            or e.when.precision != "period"
            or e.when.ongoing
            or e.when.start
            or not e.initiators
        ):
            continue
        found = [first_dated[a] for a in related(e.initiators) if a in first_dated]
        if not found:
            continue
        j = min(found)
        target = state.events[j]
        spans = target.spans + [x for x in e.spans if x not in target.spans]
        state.events[j] = target.model_copy(update={"spans": spans})
        renamed[e.id] = target.id
    if renamed:
        state.events = [e for e in state.events if e.id not in renamed]
        state.claims = [
            c.model_copy(update={"about": list(dict.fromkeys(renamed.get(a, a) for a in c.about))})
            for c in state.claims
        ]


def _antecedent(state: _State, kind: str, actors: set[str], day: str | None = None) -> int | None:
    """The earlier event a definite reference points to: same kind (any violent kind for a
    violent one), on ``day`` if the reference names one, most shared actors, the same kind,
    then most recent."""
    family = VIOLENT if kind in VIOLENT else (kind,)
    best, best_score = None, (-1, -1)
    first = max(0, len(state.events) - RECENT)  # a back-reference points to a recent event
    for i, e in enumerate(state.events[first:], start=first):
        if e.kind not in family:
            continue
        if (
            day
            and e.when.start
            and e.when.precision in ("minute", "day")
            and e.when.start[:10] != day
        ):
            continue
        involved = {*e.initiators, *e.targets, *(v for o in e.outcomes for v in o.victims)}
        score = (len(involved & actors), int(e.kind == kind))
        if score >= best_score:
            best, best_score = i, score
    return best


def _claim_timex(state: _State, sentence: str, s0: int, timexes: list[Timex]) -> Timex | None:
    """The time expression that dates the speech act itself: next to its verb ("said on
    Sunday", "said in a statement late Wednesday", "on Monday denied", "On Thursday it said")."""
    if state.claim_verb is None:
        return None
    v0, v1 = state.claim_verb
    for t in timexes:
        if t.type not in ("DATE", "TIME"):
            continue
        a, b = t.start - s0, t.end - s0
        if a >= v1 and re.fullmatch(
            r"\s*(?:(?:[\w-]+\s+){0,3}?in an?\s+(?:[\w-]+\s+){0,2}?"
            r"(?:statement|address|briefing|interview|post)\s*"
            r"(?:(?:issued|released|posted|published|sent|broadcast)\s+)?)?"
            r"(?:,\s*)?(?:on|late|early)?\s*",
            sentence[v1:a],
            re.I,
        ):
            return t
        between = sentence[b:v0]
        if b <= v0 and (
            re.fullmatch(r"\s*(?:and\s+)?(?:it|he|she|they|we)?\s*(?:also\s+)?", between, re.I)
            or (
                a < 4
                and re.fullmatch(r"\s*,?\s*(?:it|he|she|they|we)\s+(?:also\s+)?", between, re.I)
            )
        ):
            return t
    return None


def _event(state, sentence, s0, span, mentions, timexes, pub, claim) -> None:
    actors_here = {m.actor for m in mentions}
    made = referred = dated_here = False
    own_claim = _claim_timex(state, sentence, s0, timexes) if claim is not None else None
    used: set[int] = set()  # time expressions that date an event of this sentence
    own_act = claim is not None and OWN_ACT.match(claim.content or "")
    if own_act:
        i = _antecedent(state, "strike", actors_here)
        if i is not None and claim.speaker not in state.events[i].initiators:
            earlier = state.events[i]
            state.events[i] = earlier.model_copy(
                update={"initiators": [*earlier.initiators, claim.speaker]}
            )
    event_timexes = [t for t in timexes if t is not own_claim]
    passive = PASSIVE_KILLED.search(sentence)
    if (
        passive
        and not NEW_EVENT.search(sentence)
        and not re.match(r"\s+(?:in|during|after)\s+an?\s", sentence[passive.end() :])
    ):
        explicit = [
            t.value[:10]
            for t in event_timexes
            if t.type in ("DATE", "TIME") and "date" not in t.inferred
        ]
        i = _antecedent(state, "killing", actors_here, day=explicit[0] if explicit else None)
        if i is not None:
            _report_on(state, i, sentence, s0, span, event_timexes, pub)
            referred = made = True
    blamed = BLAMED_MEANS.search(sentence) if not referred and "blamed" in sentence else None
    if blamed is not None:
        # "Some militia officials blamed a U.S. drone": who the speaker says did the act told
        # just before, not a new act
        i = _antecedent(state, "attack", actors_here)
        actor = DEMONYMS.get(blamed.group("d"))
        if i is not None and actor in state.gaz.actors:
            earlier = state.events[i]
            d0 = s0 + blamed.start("d")
            agent = _actor_for(
                state,
                actor,
                state.quote(d0, d0 + len(blamed.group("d"))),
                state.span(d0, d0 + len(blamed.group("d"))),
            )
            update = {
                "spans": [*earlier.spans, span] if span not in earlier.spans else earlier.spans,
                "initiators": list(dict.fromkeys([*earlier.initiators, agent])),
            }
            if (
                state.gaz.actors[actor].kind in ("military", "state", "government")
                and earlier.kind == "attack"
            ):
                update["kind"] = "strike"  # a state's drone or aircraft: a strike
            if re.search(r"\bden(?:ied|ies)\b", sentence):
                update["status"] = "denied"
            state.events[i] = earlier.model_copy(update=update)
            referred = made = True
    triggers = [] if referred else _triggers(sentence)
    marked = [bool(BACKGROUND.search(sentence[max(0, t0 - 80) : t0])) for _, t0, _ in triggers]
    first_bg = min((t[1] for t, b in zip(triggers, marked, strict=False) if b), default=None)
    # the killing an earlier occurrence caused ("for an air strike that destroyed ..., killing")
    marked = [
        b or (t[0] == "killing" and first_bg is not None and t[1] > first_bg)
        for t, b in zip(triggers, marked, strict=False)
    ]
    definite = [
        _definite(sentence, t0) and _antecedent(state, kind, actors_here) is not None
        for kind, t0, _ in triggers
    ]
    # back-references first ("The anti-ship missile struck ..."), background occurrences last
    order = sorted(range(len(triggers)), key=lambda k: (marked[k], not definite[k]))
    for k in order:
        kind, t0, t1 = triggers[k]
        if kind == "attribution" and claim is not None:
            continue
        if kind == "conflict" and not re.search(
            r"\b(?:ongoing|continuing)\s+(?:\w+\s+)?(?:conflict|war|fighting)\b", sentence, re.I
        ):
            continue
        if kind in VIOLENT and (
            MODAL.search(sentence[max(0, t0 - 40) : t0]) or MODAL_AFTER.match(sentence, t1)
        ):
            continue  # "could have been fired": a possibility, not an occurrence
        if PLANNED.search(sentence[max(0, t0 - 60) : t0]):
            continue  # "prepare for a new round of talks": planned, not held
        nearest = _nearest(event_timexes, s0 + t0)
        here = functools.partial(_when_of, event_timexes, pub, state.quote, s0 + t0)
        if nearest is None:  # no date in the sentence: the same 'by publication' for every anchor
            here = functools.partial(_when_of, (), pub, state.quote)
        if _definite(sentence, t0):
            i = _antecedent(state, kind, actors_here)
            own = here()
            dated_np = any(
                0 <= s0 + t0 - t.end <= 12 and t.type in ("DATE", "TIME") for t in event_timexes
            )  # "the Jan. 28 attack": the reference names its own date
            if (
                i is not None
                and (claim is None or dated_np)
                and nearest is not None
                and "date" not in nearest.inferred  # a bare clock time has no day of its own
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
                    agent = [
                        a
                        for a in initiators
                        if re.search(r"\bby\b", sentence[t1:])
                        or re.search(
                            r"\b(?:carried out|conducted|launched|claimed responsibility for)\s+"
                            r"(?:the|this|that|its)\s+(?:[\w-]+\s+){0,2}$",
                            sentence[:t0],
                        )
                    ]
                    if claim is not None and claim.verb in ("blamed", "accused"):
                        agent += _blamed(state, claim, sentence, s0, mentions)
                    update = {
                        "spans": [*earlier.spans, span],
                        "initiators": list(dict.fromkeys([*earlier.initiators, *agent])),
                        "outcomes": earlier.outcomes or _outcome_list(state, sentence, s0),
                    }
                    # "The strikes began at 4:30 p.m. ET on Friday": the time an undated event lacked.
                    later = [
                        t
                        for t in event_timexes
                        if t.start - s0 >= t1 and t.type in ("DATE", "TIME")
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
                            _local_time(
                                _on_day(clock[0], earlier.when, state.quote),
                                earlier.location,
                                clock[0].text,
                            ),
                            earlier.location,
                        )
                        dated_here = True
                    state.events[i] = earlier.model_copy(update=update)
                continue
        if kind == "killing" and not made and nearest is None:
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
        if (
            made
            and kind != "conflict"
            and (
                nearest is None
                or nearest.start in used
                or abs(nearest.start - s0 - t0) > 60
                or kind in ("attribution", "announcement")
            )
        ):
            # A second occurrence in one sentence only with a date of its own ("launched drones
            # late Saturday in retaliation for an April 1 strike").
            continue
        if (
            referred
            and kind != "conflict"
            and not _roles(s0, sentence, (kind, t0, t1), mentions)[0]
        ):
            continue
        background = marked[k]
        if (
            kind in VIOLENT
            and not background
            and not re.search(
                r"\b(?i:an?)\s+(?:[\w.'\u2019-]+\s+){0,2}$", sentence[max(0, t0 - 40) : t0]
            )
            and (nearest is None or here().precision == "period")
            and not re.search(r"\b(?:ongoing|continu\w+|conducting|during)\b", sentence)
        ):
            # An undated mention of violence in a story already telling one: the same event.
            i = _antecedent(state, kind, actors_here)
            if i is not None:
                referred = True
                continue
        if background and (nearest is None or abs(nearest.start - s0 - t0) > 40):
            continue  # "after the attack": the reference point, told elsewhere or undated
        if (
            kind in VIOLENT
            and not background
            and nearest is not None
            and all(_bare_clock(t.text) for t in event_timexes if t.type in ("DATE", "TIME"))
        ):
            # "Jets fired missiles at about 3:40 p.m.": a clock time with no day of its own
            # tells the time of the violent event the story has already dated.
            i = _antecedent(state, kind, actors_here)
            if i is not None and state.events[i].when.precision == "day":
                _report_on(state, i, sentence, s0, span, event_timexes, pub)
                referred = made = True
                continue
        _new_event(
            state,
            sentence,
            s0,
            span,
            mentions,
            [nearest] if made and nearest is not None else event_timexes,
            pub,
            claim,
            (kind, t0, t1),
            background=background,
        )
        if nearest is not None:
            used.add(nearest.start)
        made = True
    called = CALLED.search(sentence) if not made else None
    if called is not None:
        # "Blinken called Iraqi Prime Minister al-Sudani on Thursday to discuss the plan"
        c0, c1 = called.start(), called.end()
        caller = [m for m in mentions if 0 <= c0 - (m.end - s0) < 3]
        callee = [m for m in mentions if 0 <= m.start - s0 - c1 < 30]
        kinds = ("person", "government", "state")
        if (
            caller
            and callee
            and state.actors[caller[-1].actor].kind in kinds
            and state.actors[callee[0].actor].kind in kinds
        ):
            _new_event(
                state, sentence, s0, span, mentions, event_timexes, pub, claim, ("talks", c0, c1)
            )
            made = True
    if claim is not None and own_claim is not None and own_claim.start not in used:
        kind = (
            "attribution"
            if claim.verb in ("blamed", "accused", "attributed")
            else "announcement"
            if ANNOUNCES.search(claim.content or "")
            else "statement"
        )
        when = _timex_to_when(own_claim, pub, state.quote(own_claim.start, own_claim.end))
        if when is not None and when.precision in ("minute", "day"):
            claim_dated = claim.model_copy(update={"when": when})
            _new_event(
                state, sentence, s0, span, mentions, [own_claim], pub, claim_dated, (kind, 0, 0)
            )
    elif (
        not made
        and not dated_here
        and claim is not None
        and claim.when.precision in ("minute", "day")
    ):
        _new_event(state, sentence, s0, span, mentions, timexes, pub, claim, ("statement", 0, 0))
    if RELEASED.search(sentence):
        _statement_time(state, sentence, s0, timexes)


def _blamed(state, claim, sentence, s0, mentions) -> list[str]:
    """Who a blaming speaker blames: the first other actor named after the verb."""
    if state.claim_verb is None:
        return []
    v1 = state.claim_verb[1]
    for m in mentions:
        if m.start - s0 >= v1 and m.actor != claim.speaker:
            return [m.actor]
    return []


def _report_on(state, i, sentence, s0, span, timexes, pub) -> None:
    """A casualty report ("X was killed when a missile hit his car at 9:30 p.m. on Wednesday")
    about the event ``i``: its figures pooled, a clock time it lacked added."""
    earlier = state.events[i]
    update = {
        "spans": [*earlier.spans, span] if span not in earlier.spans else earlier.spans,
        "outcomes": _pool(earlier.outcomes, _outcome_list(state, sentence, s0)),
    }
    clocks = [t for t in timexes if t.type == "TIME" and re.search(r"T\d{2}:\d{2}$", t.value)]
    if clocks and earlier.when.precision in ("day", "period"):
        t = clocks[0]
        if "date" in t.inferred and earlier.when.precision == "day":
            update["when"] = _to_local(
                _local_time(_on_day(t, earlier.when, state.quote), earlier.location, t.text),
                earlier.location,
            )
        elif "date" not in t.inferred:
            when = _timex_to_when(t, pub, state.quote(t.start, t.end))
            if when is not None and (
                earlier.when.precision == "period" or when.start[:10] == earlier.when.start
            ):
                update["when"] = _to_local(
                    _local_time(when, earlier.location, t.text), earlier.location
                )
    state.events[i] = earlier.model_copy(update=update)


def _statement_time(state, sentence, s0, timexes) -> None:
    """ "It was posted ... at about 9 p.m. local time": the clock time of the statement event
    told just before, on its day, in the zone the time is given in (the publication's for
    "local time": the act took place where it was issued)."""
    clocks = [
        t
        for t in timexes
        if t.type == "TIME" and "date" in t.inferred and re.search(r"T\d{2}:\d{2}$", t.value)
    ]
    if not clocks:
        return
    for i in range(len(state.events) - 1, max(-1, len(state.events) - 4), -1):
        e = state.events[i]
        if e.kind in ("statement", "announcement") and e.when.precision == "day":
            state.events[i] = e.model_copy(update={"when": _on_day(clocks[0], e.when, state.quote)})
            return
        if e.kind in ("statement", "announcement"):
            return


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


def _outcome_list(state: _State, sentence: str, s0: int) -> list[Outcome]:
    outcomes = []
    for kind, numbers, (w0, w1) in _outcomes(sentence):
        count = (
            Count(low=min(numbers), best=min(numbers), high=max(numbers)) if numbers else Count()
        )
        outcomes.append(Outcome(kind=kind, count=count, wording=state.quote(s0 + w0, s0 + w1)))
    return outcomes


def _new_event(
    state, sentence, s0, span, mentions, timexes, pub, claim, trigger, background=False
) -> None:
    kind = trigger[0]
    if kind in ("statement", "announcement", "attribution") and trigger[1] == trigger[2]:
        when = claim.when
        initiators, targets = [claim.speaker], []
    else:
        when = _when_of(timexes, pub, state.quote, s0 + trigger[1])
        when = _refined(when, timexes, pub, state.quote)
        initiators, targets = _roles(s0, sentence, trigger, mentions)
    if background:
        # "in retaliation for an April 1 strike": the sentence's subject did not do it; only
        # "Hamas's attack", "an Israeli strike" or "which Tehran blamed on Israel" name who did.
        rel = [(m.start - s0, m.end - s0, m.actor) for m in mentions]
        initiators = [
            actor
            for a, b, actor in rel
            if re.fullmatch(r"(?:'s|\u2019s)\s+(?:[\w-]+\s+){0,2}", sentence[b : trigger[1]])
        ][-1:]
        blamed = [
            actor
            for a, b, actor in rel
            if a >= trigger[2] and BLAMED_ON.match(sentence[trigger[2] : a])
        ]
        if blamed:
            initiators = blamed[:1]
    demonym = DEMONYM_BEFORE.search(sentence[max(0, trigger[1] - 40) : trigger[1]])
    if demonym is None and not initiators:
        demonym = BY_DEMONYM.match(sentence[trigger[2] : trigger[2] + 80])
        if demonym is not None:
            demonym_at = trigger[2]
    else:
        demonym_at = max(0, trigger[1] - 40)
    if (
        not initiators
        and kind in VIOLENT
        and demonym
        and DEMONYMS[demonym["d"]] in state.gaz.actors
    ):
        actor = DEMONYMS[demonym["d"]]
        d0 = s0 + demonym_at + demonym.start("d")
        d1 = d0 + len(demonym["d"])
        initiators = [_actor_for(state, actor, state.quote(d0, d1), state.span(d0, d1))]
    if kind == "protest" and not initiators:
        crowd = [m.actor for m in mentions if m.start - s0 <= trigger[1] < m.end - s0]
        initiators = crowd[:1]  # "some protesters tried to ...": the crowd is who protests
    if kind == "conflict" and not re.search(r"\bbetween\b", sentence[trigger[2] :]):
        initiators, targets = [], []  # "the ongoing conflict": parties not named here
    if kind == "announcement" and claim is not None:
        initiators = [claim.speaker]
    if kind == "strike" and any(
        getattr(state.gaz.actors.get(a), "kind", None) == "armed group"
        or (a not in state.gaz.actors and NON_STATE.search(state.actors[a].name))
        for a in initiators
    ):
        kind = "attack"  # missiles or drones launched by a non-state armed group
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


@functools.cache
def _facts_dumper():
    """A SafeDumper whose output loads back to the same strings. PyYAML writes a NEL (U+0085)
    as it is in plain and single-quoted scalars, and reads it back as a line break, so a quote
    holding one would no longer match its text: such strings are double-quoted (escaped)."""
    import yaml

    class FactsDumper(yaml.SafeDumper):
        pass

    def represent_str(dumper, value: str):
        style = '"' if "\x85" in value else None
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)

    FactsDumper.add_representer(str, represent_str)
    return FactsDumper


def dump_facts(facts: FactsFile) -> str:
    import yaml

    data = facts.model_dump(mode="json", exclude_defaults=True)
    data = {"schema_version": 1, **data}
    text = yaml.dump(data, Dumper=_facts_dumper(), sort_keys=False, allow_unicode=True, width=100)
    return HEADER + text


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
    from ..facts.loading import load_documents, load_facts

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


def summary_table(written: list[Path], skipped: Iterable[str]):
    """What the extraction step wrote, one row per facts file, and the documents it skipped
    because an analyst-reviewed file covers them (a DataFrame, for the notebook)."""
    import pandas as pd
    import yaml

    rows = []
    for path in written:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        rows.append(
            {
                "document": ", ".join(data["documents"]),
                **{layer: len(data.get(layer, [])) for layer in LAYERS},
                "file": path.name,
            }
        )
    rows += [{"document": doc, "file": "(covered by reviewed facts)"} for doc in sorted(skipped)]
    return pd.DataFrame(rows, columns=["document", *LAYERS, "file"])


LAYERS = ("actors", "events", "relations", "claims")
