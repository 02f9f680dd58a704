"""Event triggers and roles: the trigger words of a sentence that name an occurrence (not an
aggregate, a generic plural, a weapon naming an attack, a state of affairs), whether one is a
back-reference ("the strike"), and who did it to whom, from word order and voice."""

from __future__ import annotations

import functools

from .actor_rules import LOCATIVE
from .context import Mention
from .event_rules import (
    AGENT_AFTER,
    AGGREGATE_BEFORE,
    BETWEEN,
    BY_AFTER,
    BY_COORDINATED,
    COUNT_WORD,
    DEFINITE,
    FEW,
    GATHERED_TO_PROTEST,
    LETTERS,
    MEANS_OF,
    NOT_A_PROTEST_AFTER,
    OBJECT_GAP,
    OPEN_BEFORE,
    PASSIVE_BEFORE,
    PASSIVE_HARM,
    PASSIVE_LAUNCH,
    POSSESSIVE_GAP,
    PREPOSITION_BEFORE,
    REPORTED_SUBJECT,
    SINCE,
    STATE_OF_AFFAIRS_BEFORE,
    SUBJECT_APPOSITION,
    VERB_FORM,
    WEAPON_BY,
    WEAPON_GAP,
    WEAPON_NAMES_ATTACK,
)
from .lexicon import CAMPAIGN_VERBS, KIND_ORDER, PLURALS, TRIGGER_KIND, WEAPONS
from .parse_roles import parse_roles, speakers_of_act

#: A trigger: (kind, start, end) in its sentence.
Trigger = tuple[str, int, int]
#: A mention relative to its sentence: (start, end, actor).
Rel = tuple[int, int, str]

# --------------------------------------------------------------------------------------------
# Trigger words


def triggers(sentence: str) -> list[Trigger]:
    """Every trigger word in the sentence as (kind, start, end), in order of precedence.

    A word inside a hyphenated compound ("U.S.-designated", "pro-war") is not a trigger."""
    found = []
    for m in LETTERS.finditer(sentence):
        kind = TRIGGER_KIND.get(m.group(0).lower())
        if kind is None or not m.group(0)[0].islower() and m.start() > 0:
            continue
        if _names_an_occurrence(sentence, m):
            found.append((kind, m.start(), m.end()))
    return sorted(found, key=lambda t: (KIND_ORDER[t[0]], t[1]))


def _names_an_occurrence(sentence: str, m) -> bool:
    """Whether the trigger word ``m`` names an occurrence (see :func:`triggers`)."""
    word = m.group(0).lower()
    if sentence[max(0, m.start() - 1) : m.start()] == "-" or sentence[m.end() : m.end() + 1] == "-":
        return False
    if word in WEAPONS and WEAPON_NAMES_ATTACK.match(sentence[m.end() : m.end() + 40]):
        return False  # "anti-tank missile attacks": the weapon names the kind of attack
    if word in PLURALS and AGGREGATE_BEFORE.search(sentence[max(0, m.start() - 40) : m.start()]):
        return False  # "repeated strikes ... this year": an aggregate, not one occurrence
    if word == "deployed" and STATE_OF_AFFAIRS_BEFORE.search(sentence[: m.start()]):
        return False  # "troops are deployed in Iraq": a state of affairs
    if word == "fire" and not OPEN_BEFORE.search(sentence[: m.start()]):
        return False
    if word in ("demonstrated", "marched", "rallied") and NOT_A_PROTEST_AFTER.match(
        sentence, m.end()
    ):
        return False  # "the attack demonstrated that ...": showing, not protesting
    if word == "gathered" and not GATHERED_TO_PROTEST.match(sentence[m.end() :]):
        return False  # "a crowd gathered": not a protest unless the text says so
    if word in PLURALS:
        return not _generic_plural(sentence, m, word)
    return True


def _generic_plural(sentence: str, m, word: str) -> bool:
    """ "recent attacks", "in attacks against", "more than 50 attacks on shipping since
    November": a generic mention or a tally, unless a campaign verb, a back-reference or a
    small count ("two precise air strikes") makes it occurrences."""
    if SINCE.match(sentence, m.end()):
        return True  # "more than 50 attacks on shipping since November": an aggregate
    window = LETTERS.findall(sentence[max(0, m.start() - 40) : m.start()])[-4:]
    return bool(
        not {w.lower() for w in window} & CAMPAIGN_VERBS
        and not definite(sentence, m.start())
        and not (word not in WEAPONS and FEW.search(sentence, max(0, m.start() - 30), m.start()))
    )


def definite(sentence: str, start: int) -> bool:
    """Whether the trigger at ``start`` is a back-reference: 'the strike', 'the attack on ...'."""
    word = LETTERS.match(sentence, start)
    if word and VERB_FORM.fullmatch(word.group(0).lower()):
        return False  # "the army struck": the article is the subject's, the act a new one
    m = DEFINITE.search(sentence, max(0, start - 80), start)
    # "that dozens of rockets were fired": a complementiser before a count, not a reference
    return m is not None and not COUNT_WORD.search(m.group(0))


# --------------------------------------------------------------------------------------------
# Roles


@functools.lru_cache(maxsize=64)
def _passive_harm(sentence: str):
    """The sentence's passive of harm ("X was killed"), read once per sentence."""
    return PASSIVE_HARM.search(sentence)


def word_order_roles(
    s0: int, sentence: str, trigger: Trigger, mentions: list[Mention]
) -> tuple[list[str], list[str]]:
    """Initiators and targets of the event a trigger names, from word order and voice."""
    _, t0, t1 = trigger
    rel = [(m.start - s0, m.end - s0, m.actor) for m in mentions]
    initiators = _agent_after(sentence, t1, rel) or _weapon_launchers(sentence, t0, rel)
    initiators += _parties_between(sentence, t1, rel)
    targets = _objects(sentence, t1, rel)
    # Passive voice: "X was killed" -> X is a target; prefer a role phrase ("a senior leader").
    passive = _passive_harm(sentence)
    if passive:
        before = [(a, actor) for a, b, actor in rel if b <= passive.start()]
        role_phrases = [(a, actor) for a, actor in before if "unresolved-" in actor]
        if before:
            targets.append((role_phrases or before)[0 if role_phrases else -1][1])
    # Active subject: the nearest actor before the trigger, in the same clause, not an object.
    # (In a passive sentence the agent is only ever the "by X" phrase or a demonym.)
    if _without_agent(sentence, t0, t1):
        # an explosion has no agent; "rockets were fired": nobody named unless "by X"
        return initiators, [t for t in dict.fromkeys(targets) if t not in initiators]
    fired = PASSIVE_LAUNCH.search(sentence[t1:])
    if fired and fired.start() < 40 and not BY_AFTER.match(sentence[t1 + fired.end() :]):
        return list(dict.fromkeys(initiators)), [
            t for t in dict.fromkeys(targets) if t not in initiators
        ]
    if not initiators and not (passive and passive.start() < t0):
        subject = _active_subject(sentence, t0, rel, passive is not None, targets)
        if subject is not None:
            initiators.append(subject)
    initiators = list(dict.fromkeys(initiators))
    return initiators, [t for t in dict.fromkeys(targets) if t not in initiators]


def roles(
    s0: int, sentence: str, trigger: Trigger, mentions: list[Mention], name=None
) -> tuple[list[str], list[str]]:
    """Initiators and targets of the event a trigger names: from the dependency parse where it
    names them (:mod:`helpers.extract.parse_roles`; ``name(start, end, kind)`` makes an
    unresolved actor of a proper name the gazetteer does not know), else from word order and
    voice."""
    initiators, targets = word_order_roles(s0, sentence, trigger, mentions)
    rel = [(m.start - s0, m.end - s0, m.actor) for m in mentions]
    parsed = parse_roles(sentence, trigger[1], trigger[2], rel, name)
    if parsed is None:
        return initiators, targets
    # the parse's victims are never the word order's initiators ("civilians died in the
    # attack"), nor is who tells the act ("officials say a strike killed 30")
    if not parsed[0] and initiators:
        told_by = speakers_of_act(sentence, trigger[1], trigger[2], rel)
        initiators = [a for a in initiators if a not in parsed[1] and a not in told_by]
    initiators = parsed[0] or initiators
    targets = [t for t in dict.fromkeys(parsed[1] or targets) if t not in initiators]
    return initiators, targets


def _agent_after(sentence: str, t1: int, rel: list[Rel]) -> list[str]:
    """An agent phrase after the trigger: "(conducted|carried out|launched) by X"; "by Yemen's
    Houthis": the possessor names where, the head names who."""
    for k, (a, b, actor) in enumerate(rel):
        if a >= t1 and AGENT_AFTER.fullmatch(sentence[t1:a]):
            if k + 1 < len(rel) and POSSESSIVE_GAP.fullmatch(sentence[b : rel[k + 1][0]]):
                actor = rel[k + 1][2]
            return [actor]
    return []


def _weapon_launchers(sentence: str, t0: int, rel: list[Rel]) -> list[str]:
    """The agent of the weapon before the trigger: "Drones launched by X struck", "rockets fired
    by X hit"."""
    return [
        actor
        for a, b, actor in rel
        if b <= t0
        and WEAPON_GAP.fullmatch(sentence[b:t0])
        and WEAPON_BY.search(sentence, max(0, a - 40), a)
    ]


def _parties_between(sentence: str, t1: int, rel: list[Rel]) -> list[str]:
    """ "between X and Y" after the trigger: both are parties."""
    m = BETWEEN.search(sentence[t1:])
    if m:
        return [actor for a, _b, actor in rel if a >= t1 + m.end()][:2]
    return []


def _objects(sentence: str, t1: int, rel: list[Rel]) -> list[str]:
    """Objects: "on/against/targeting X" after the trigger."""
    return [actor for a, _b, actor in rel if a >= t1 and OBJECT_GAP.fullmatch(sentence[t1:a])]


def _without_agent(sentence: str, t0: int, t1: int) -> bool:
    """An explosion, or "rockets were fired": nobody is the agent unless "by X" names one."""
    word = sentence[t0:t1].lower()
    return word in ("explosion", "explosions", "blast") or bool(
        word in ("fired", "launched") and PASSIVE_BEFORE.search(sentence[:t0])
    )


def _active_subject(
    sentence: str, t0: int, rel: list[Rel], passive: bool, targets: list[str]
) -> str | None:
    """The nearest actor before the trigger in the same clause that is not an object, skipping
    an apposition between the subject and the trigger ("X, an umbrella group that includes Y,
    for the attack")."""
    apposition = SUBJECT_APPOSITION.search(sentence[:t0])
    skip = (apposition.start(), apposition.end()) if apposition else (t0, t0)
    for a, b, actor in reversed([x for x in rel if x[1] <= t0 and not skip[0] <= x[0] < skip[1]]):
        gap = sentence[b:t0]
        if len(gap) > 120 or ";" in gap:
            return None
        if REPORTED_SUBJECT.search(gap):
            return None  # "X said that two jets had struck": the jets' owner, not the speaker
        if MEANS_OF.search(sentence, max(0, a - 40), a):
            pass  # "F-16 aircraft of the Iraqi Air Force carried out": whose the means are
        elif (
            LOCATIVE.search(sentence[max(0, a - 30) : a])
            or PREPOSITION_BEFORE.search(sentence[max(0, a - 15) : a])
            or BY_COORDINATED.search(sentence[max(0, a - 40) : a])
        ):
            continue
        if passive and actor in targets:
            continue
        return actor
    return None
