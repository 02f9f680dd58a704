"""The event layer: the events a sentence reports (from its trigger words, :mod:`.triggers`) or
adds to (a back-reference, a casualty report, a clock time, a blamed agent, the speaker's own
act), the statement event of a dated speech act, and the document-level folding of an undated
telling into the dated event of the same actor."""

from __future__ import annotations

import functools
from dataclasses import dataclass, field

from ..facts.schema import Claim, Count, Event, Location, Outcome, When
from .actors import government_of, register, unresolved_id
from .context import RECENT, DocState, Sentence, has_span
from .dating import (
    bare_clock,
    claim_timex,
    in_other_clause,
    local_time,
    nearest,
    on_day,
    refined,
    timex_to_when,
    to_local,
    when_of,
)
from .dating_rules import CLOCK_VALUE
from .event_rules import (
    ACCUSING_VERBS,
    AGENT_BEFORE_REFERENCE,
    ANNOUNCES,
    BACKGROUND,
    BETWEEN_WORD,
    BLAMED_MEANS,
    BLAMED_ON,
    BY_DEMONYM,
    BY_WORD,
    CALLED,
    CAMPAIGN,
    DEMONYM_BEFORE,
    DENIED,
    DURING_WAR,
    INDEFINITE_BEFORE,
    KILLED_IN_AN,
    MODAL,
    MODAL_AFTER,
    MOTIVE_BEFORE,
    NEW_EVENT,
    NON_STATE,
    ONGOING,
    ONGOING_CONFLICT,
    OWN_ACT,
    PASSIVE_KILLED,
    PLANNED,
    POSSESSOR_BEFORE,
    REFERENCE_TARGET,
    RELEASED,
    SELF_CLAIM_VERBS,
    TOLL_UPDATE,
)
from .lexicon import DEMONYMS, REACTION_VERBS, REFERENCE_ONLY, THREAT_VERBS, THREAT_WORDS, VIOLENT
from .parse_roles import parse_roles, speaker_did_it
from .temporal import Timex
from .text import location, outcomes, places_in, status
from .triggers import Trigger, definite, roles, triggers


@dataclass
class _Reading:
    """A sentence being read for events, and what it has told so far."""

    state: DocState
    sent: Sentence
    claim: Claim | None
    actors_here: set[str]
    own_claim: Timex | None  # the time expression that dates the speech act itself
    timexes: list[Timex]  # the sentence's time expressions that may date an event
    made: bool = False  # a new event was made from this sentence
    referred: bool = False  # the sentence told more of an earlier event
    dated_here: bool = False  # an earlier undated event got its date from this sentence
    used: set[int] = field(default_factory=set)  # time expressions that date an event here


def events_of(state: DocState, sent: Sentence, claim: Claim | None) -> None:
    """Add the sentence's events to the document's, or what it tells of earlier ones."""
    own_claim = claim_timex(state.claim_verb, sent) if claim is not None else None
    r = _Reading(
        state=state,
        sent=sent,
        claim=claim,
        actors_here={m.actor for m in sent.mentions},
        own_claim=own_claim,
        timexes=[t for t in sent.timexes if t is not own_claim],
    )
    _credit_own_act(r)
    _casualty_report(r)
    if not r.referred and "blamed" in sent.text:
        _blamed_means(r)
    _read_triggers(r)
    if not r.made:
        _phone_call(r)
    _statement_event(r)
    if RELEASED.search(sent.text):
        _statement_time(state, sent.timexes)


# --------------------------------------------------------------------------------------------
# Before the triggers: what the sentence adds to earlier events


def _credit_own_act(r: _Reading) -> None:
    """ "CENTCOM said it had carried out the strike": the speaker did the strike told before."""
    state, claim = r.state, r.claim
    if claim is not None and OWN_ACT.match(claim.content or ""):
        i = antecedent(state, "strike", r.actors_here)
        if i is not None and claim.speaker not in state.events[i].initiators:
            earlier = state.events[i]
            state.events[i] = earlier.model_copy(
                update={"initiators": [*earlier.initiators, claim.speaker]}
            )


def _casualty_report(r: _Reading) -> None:
    """ "four soldiers were killed" with no agent: a casualty report about an event already
    told (on the day the sentence names, if it names one)."""
    sentence = r.sent.text
    passive = PASSIVE_KILLED.search(sentence)
    if (
        passive
        and not NEW_EVENT.search(sentence)
        and not KILLED_IN_AN.match(sentence[passive.end() :])
    ):
        explicit = [
            t.value[:10]
            for t in r.timexes
            if t.type in ("DATE", "TIME") and "date" not in t.inferred
        ]
        i = antecedent(r.state, "killing", r.actors_here, day=explicit[0] if explicit else None)
        if i is not None:
            _report_on(r, i)
            r.referred = r.made = True


def _blamed_means(r: _Reading) -> None:
    """ "Some militia officials blamed a U.S. drone": who the speaker says did the act told
    just before, not a new act."""
    state, sentence, s0, span = r.state, r.sent.text, r.sent.s0, r.sent.span
    blamed = BLAMED_MEANS.search(sentence)
    if blamed is None:
        return
    i = antecedent(state, "attack", r.actors_here)
    actor = DEMONYMS.get(blamed.group("d"))
    if i is not None and actor in state.gaz.actors:
        earlier = state.events[i]
        d0 = s0 + blamed.start("d")
        agent = register(
            state,
            actor,
            state.quote(d0, d0 + len(blamed.group("d"))),
            state.span(d0, d0 + len(blamed.group("d"))),
        )
        update = {
            "spans": earlier.spans if has_span(earlier.spans, span) else [*earlier.spans, span],
            "initiators": list(dict.fromkeys([*earlier.initiators, agent])),
        }
        if (
            state.gaz.actors[actor].kind in ("military", "state", "government")
            and earlier.kind == "attack"
        ):
            update["kind"] = "strike"  # a state's drone or aircraft: a strike
        if DENIED.search(sentence):
            update["status"] = "denied"
        state.events[i] = earlier.model_copy(update=update)
        r.referred = r.made = True


# --------------------------------------------------------------------------------------------
# The triggers


def _read_triggers(r: _Reading) -> None:
    """Each trigger of the sentence: back-references first ("The anti-ship missile struck ..."),
    background occurrences last."""
    sentence = r.sent.text
    found = [] if r.referred else triggers(sentence)
    marked = [bool(BACKGROUND.search(sentence[max(0, t0 - 80) : t0])) for _, t0, _ in found]
    first_bg = min((t[1] for t, b in zip(found, marked, strict=False) if b), default=None)
    # the killing an earlier occurrence caused ("for an air strike that destroyed ..., killing")
    marked = [
        b or (t[0] == "killing" and first_bg is not None and t[1] > first_bg)
        for t, b in zip(found, marked, strict=False)
    ]
    refers = [
        definite(sentence, t0) and antecedent(r.state, kind, r.actors_here) is not None
        for kind, t0, _ in found
    ]
    order = sorted(range(len(found)), key=lambda k: (marked[k], not refers[k]))
    for k in order:
        _read_trigger(r, found[k], marked[k])


def _read_trigger(r: _Reading, trigger: Trigger, background: bool) -> None:
    """One trigger: not an occurrence, more of an earlier event, or a new event."""
    kind, t0, t1 = trigger
    if not _occurs(r, trigger):
        return
    at = nearest(r.timexes, r.sent.s0 + t0)
    if definite(r.sent.text, t0) and _back_reference(r, trigger, at, background):
        return
    if r.sent.text[t0:t1].lower() in REFERENCE_ONLY:
        return  # "an incident", or "the incident" with nothing before it to refer to
    if kind == "killing" and not r.made and at is None and _pool_casualties(r):
        return
    if r.made and kind != "conflict" and _no_date_of_its_own(r, trigger, at):
        # A second occurrence in one sentence only with a date of its own ("launched drones
        # late Saturday in retaliation for an April 1 strike").
        _fill_roles(r, trigger)
        return
    if (
        r.referred
        and kind != "conflict"
        and not roles(r.sent.s0, r.sent.text, trigger, r.sent.mentions)[0]
    ):
        return
    if _same_undated_violence(r, trigger, at, background):
        return
    if background and not _own_time(r, trigger, at):
        return  # "after the attack": the reference point, told elsewhere or undated
    if _clock_of_dated_violence(r, trigger, at, background):
        return
    new_event(
        r.state,
        r.sent,
        [at] if r.made and at is not None else r.timexes,
        r.claim,
        trigger,
        background=background,
    )
    if at is not None:
        r.used.add(at.start)
    r.made = True


def _occurs(r: _Reading, trigger: Trigger) -> bool:
    """Whether the trigger may name an occurrence here: not an attribution a claim already
    tells, a conflict only if ongoing, no violence that could have been, no plan."""
    kind, t0, t1 = trigger
    sentence = r.sent.text
    if kind == "attribution" and r.claim is not None:
        return False
    if kind == "conflict" and not ONGOING_CONFLICT.search(sentence):
        return False
    if kind == "protest" and MOTIVE_BEFORE.search(sentence[max(0, t0 - 12) : t0]):
        return False  # "in protest over the war": why, not a protest held
    if kind in VIOLENT and (
        MODAL.search(sentence[max(0, t0 - 40) : t0]) or MODAL_AFTER.match(sentence, t1)
    ):
        return False  # "could have been fired": a possibility, not an occurrence
    # "prepare for a new round of talks": planned, not held
    return not PLANNED.search(sentence[max(0, t0 - 60) : t0])


def _when_here(r: _Reading, t0: int, at: Timex | None) -> When:
    """The time of the trigger at ``t0``: its nearest time expression; with none in the
    sentence, the same 'by publication' for every anchor."""
    if at is None:
        return when_of((), r.sent.pub, r.state.quote)
    return when_of(r.timexes, r.sent.pub, r.state.quote, r.sent.s0 + t0)


def _back_reference(
    r: _Reading, trigger: Trigger, at: Timex | None, background: bool = False
) -> bool:
    """'The strike', 'the attack on ...': more of the earlier event it points to (unless the
    reference names another day: "the Jan. 28 attack" in a story about 3 February); a
    reference in the background ("since the strike on ...") dates it only with a time of its
    own (see :func:`_tell_more`)."""
    state, s0 = r.state, r.sent.s0
    kind, t0, _ = trigger
    i = antecedent(state, kind, r.actors_here)
    own = _when_here(r, t0, at)
    dated_np = any(
        0 <= s0 + t0 - t.end <= 12 and t.type in ("DATE", "TIME") for t in r.timexes
    )  # "the Jan. 28 attack": the reference names its own date
    if (
        i is not None
        and (r.claim is None or dated_np)
        and at is not None
        and not (at.type == "TIME" and "date" in at.inferred)  # a bare clock has no day
        and _another_time(own, state.events[i].when)
    ):
        # "the Jan. 28 attack" in a story about 3 February, "In June 2021, 160 people were
        # killed in that attack" in a story about last Saturday's: another event
        i = None
    if i is not None and _another_target(r, trigger, state.events[i]):
        i = None
    if i is None:
        return False
    r.referred = True
    if not has_span(state.events[i].spans, r.sent.span):
        _tell_more(r, i, trigger, dated=not background or _own_time(r, trigger, at))
    return True


def _own_time(r: _Reading, trigger: Trigger, at: Timex | None) -> bool:
    """Whether the trigger's nearest time is its own: next to it, not told of another act later
    in the sentence ("since the strike on X, and the attack on Y on Tuesday")."""
    return at is not None and abs(at.start - r.sent.s0 - trigger[1]) <= OWN_TIME_REACH


#: How near (characters) a time must be to a background mention of an act to date it.
OWN_TIME_REACH = 40


def _another_target(r: _Reading, trigger: Trigger, earlier: Event) -> bool:
    """ "the attack on the U.S. Embassy" after a strike that killed a general: a reference that
    names what it hit right after its noun, which the earlier act did not hit, is another act."""
    if not earlier.targets:
        return False
    s0, sentence, t1 = r.sent.s0, r.sent.text, trigger[2]
    named = [
        m.actor
        for m in r.sent.mentions
        if m.start - s0 >= t1 and REFERENCE_TARGET.fullmatch(sentence[t1 : m.start - s0])
    ]
    hit = set(earlier.targets) | {v for o in earlier.outcomes for v in o.victims}
    return bool(named) and named[0] not in hit


def _another_time(own: When, earlier: When) -> bool:
    """Whether a reference's own time is not the earlier event's: another day, or a month or a
    year of another year ("In June 2021, ... that attack" after last Saturday's)."""
    days = ("minute", "day")
    if own.precision in days and earlier.precision in days:
        return own.start[:10] != earlier.start[:10]
    if own.precision in ("month", "year") and earlier.precision in (*days, "month", "year"):
        return own.start[:4] != earlier.start[:4]
    return False


def _claim_status(claim: Claim, initiators: list[str]) -> str:
    """The status an attributed act takes: claimed by the party that did it ("the group said it
    carried out", "claimed responsibility"); alleged by one that blames another ("accused X of");
    else reported, with its source (an official, a ministry, the media saying it happened)."""
    if claim.speaker in initiators or claim.verb in SELF_CLAIM_VERBS:
        return "claimed"
    if claim.verb in ACCUSING_VERBS:
        return "alleged"
    return "reported"


def _tell_more(r: _Reading, i: int, trigger: Trigger, dated: bool = True) -> None:
    """A back-reference adds its sentence, an agent it names, casualty figures and (if
    ``dated``) a time the earlier event lacked."""
    state, sentence, s0 = r.state, r.sent.text, r.sent.s0
    _, t0, t1 = trigger
    earlier = state.events[i]
    initiators, _ = roles(s0, sentence, trigger, r.sent.mentions)
    agent = [
        a
        for a in initiators
        if BY_WORD.search(sentence[t1:]) or AGENT_BEFORE_REFERENCE.search(sentence[:t0])
    ]
    if r.claim is not None and r.claim.verb in ("blamed", "accused"):
        agent += _blamed(r)
    update = {
        "spans": [*earlier.spans, r.sent.span],
        "initiators": list(dict.fromkeys([*earlier.initiators, *agent])),
        "outcomes": pool(earlier.outcomes, outcome_list(state, sentence, s0)),
    }
    when = _time_told_later(r, earlier, t1) if dated else None
    if when is not None:
        update["when"] = when
        r.dated_here = True
    state.events[i] = earlier.model_copy(update=update)


def _time_told_later(r: _Reading, earlier: Event, t1: int) -> When | None:
    """ "The strikes began at 4:30 p.m. ET on Friday": the time an undated event lacked; "on
    Wednesday ... The missile struck at about 1130 GMT": the day told before, the time now."""
    s0 = r.sent.s0
    later = [
        t
        for t in r.timexes
        if t.start - s0 >= t1
        and t.type in ("DATE", "TIME")
        and not in_other_clause(r.state.quote, s0 + t1, t)
    ]
    found = None
    if earlier.when.precision == "period" and later:
        when = when_of(later, r.sent.pub, r.state.quote)
        if when.precision != "period":
            found = to_local(when, earlier.location)
    clock = [
        t
        for t in later
        if t.type == "TIME" and "date" in t.inferred and CLOCK_VALUE.search(t.value)
    ]
    if earlier.when.precision == "day" and clock:
        found = _clock_for(r.state, clock[0], earlier, r.sent.pub)
    return found


def _clock_for(state: DocState, t: Timex, earlier: Event, pub: str) -> When:
    """A clock time told after the day of an act: on the day it names itself ("at 2350 GMT on
    Sunday", the Sunday before the act's local Monday) where that is the act's day in its
    place; else on the act's day ("at 9:30 p.m.")."""
    place = earlier.location

    def placed(when: When) -> When:
        return to_local(local_time(when, place, t.text, state.dateline_zone), place)

    own = timex_to_when(t, pub, state.quote(t.start, t.end)) if not bare_clock(t.text) else None
    if own is not None and (placed(own).start or "")[:10] == earlier.when.start:
        return placed(own)
    return placed(on_day(t, earlier.when, state.quote))


def _pool_casualties(r: _Reading) -> bool:
    """A killing with no date: a casualty report about an event already told (its figures
    pooled), if there is one."""
    state, span = r.state, r.sent.span
    i = antecedent(state, "killing", r.actors_here)
    if i is None:
        return False
    earlier = state.events[i]
    state.events[i] = earlier.model_copy(
        update={
            "spans": earlier.spans if has_span(earlier.spans, span) else [*earlier.spans, span],
            "outcomes": pool(earlier.outcomes, outcome_list(state, r.sent.text, r.sent.s0)),
        }
    )
    r.referred = True
    return True


def _fill_roles(r: _Reading, trigger: Trigger) -> None:
    """ "In a devastating attack, three crew were killed after a militia missile struck the
    ship": the act the sentence made lacks who did it or to whom; the same act's other word
    names them."""
    state = r.state
    if trigger[0] not in VIOLENT or not state.events:
        return
    made = state.events[-1]
    if made.kind not in VIOLENT or not has_span(made.spans, r.sent.span):
        return
    if made.initiators and made.targets:
        return
    initiators, targets = _roles_here(state, r.sent, r.claim, trigger)
    update = {}
    if not made.initiators and initiators:
        update["initiators"] = initiators
    if not made.targets and targets:
        update["targets"] = [t for t in targets if t not in (made.initiators or initiators)]
    if update:
        update["summary"] = _summary(
            state,
            made.kind,
            update.get("initiators", made.initiators),
            update.get("targets", made.targets),
            made.location,
        )
        state.events[-1] = made.model_copy(update=update)


def _no_date_of_its_own(r: _Reading, trigger: Trigger, at: Timex | None) -> bool:
    """After a first event, whether this trigger lacks a date of its own near it."""
    kind, t0, _ = trigger
    return (
        at is None
        or at.start in r.used
        or abs(at.start - r.sent.s0 - t0) > 60
        or kind in ("attribution", "announcement")
    )


def _same_undated_violence(
    r: _Reading, trigger: Trigger, at: Timex | None, background: bool
) -> bool:
    """An undated mention of violence in a story already telling one: the same event."""
    kind, t0, _ = trigger
    sentence = r.sent.text
    if (
        kind in VIOLENT
        and not background
        and not INDEFINITE_BEFORE.search(sentence[max(0, t0 - 40) : t0])
        and (at is None or _when_here(r, t0, at).precision == "period")
        and not CAMPAIGN.search(sentence)
    ):
        i = antecedent(r.state, kind, r.actors_here)
        if i is not None:
            r.referred = True
            return True
    return False


def _clock_of_dated_violence(
    r: _Reading, trigger: Trigger, at: Timex | None, background: bool
) -> bool:
    """ "Jets fired missiles at about 3:40 p.m.": a clock time with no day of its own tells the
    time of the violent event the story has already dated."""
    kind = trigger[0]
    if (
        kind in VIOLENT
        and not background
        and at is not None
        # (a year, "in 2020", is all digits too, but a DATE: the day of another act)
        and all(
            t.type == "TIME" and bare_clock(t.text) for t in r.timexes if t.type in ("DATE", "TIME")
        )
    ):
        i = antecedent(r.state, kind, r.actors_here)
        if i is not None and r.state.events[i].when.precision == "day":
            _report_on(r, i)
            r.referred = r.made = True
            return True
    return False


# --------------------------------------------------------------------------------------------
# After the triggers: calls and statements


def _phone_call(r: _Reading) -> None:
    """ "Blinken called Iraqi Prime Minister al-Sudani on Thursday to discuss the plan"."""
    state, sent = r.state, r.sent
    called = CALLED.search(sent.text)
    if called is None:
        return
    c0, c1 = called.start(), called.end()
    caller = [m for m in sent.mentions if 0 <= c0 - (m.end - sent.s0) < 3]
    callee = [m for m in sent.mentions if 0 <= m.start - sent.s0 - c1 < 30]
    kinds = ("person", "government", "state")
    if (
        caller
        and callee
        and state.actors[caller[-1].actor].kind in kinds
        and state.actors[callee[0].actor].kind in kinds
    ):
        new_event(state, sent, r.timexes, r.claim, ("talks", c0, c1))
        r.made = True


def _statement_event(r: _Reading) -> None:
    """A speech act dated next to its verb is a statement (announcement, attribution) event of
    its own; so is a dated claim in a sentence that told no event."""
    state, sent, claim, own_claim = r.state, r.sent, r.claim, r.own_claim
    if claim is not None and own_claim is not None and own_claim.start not in r.used:
        kind = (
            "attribution"
            if claim.verb in ("blamed", "accused", "attributed")
            else "announcement"
            if ANNOUNCES.search(claim.content or "")
            else "statement"
        )
        when = timex_to_when(own_claim, sent.pub, state.quote(own_claim.start, own_claim.end))
        if when is not None and when.precision in ("minute", "day"):
            claim_dated = claim.model_copy(update={"when": when})
            new_event(state, sent, [own_claim], claim_dated, (kind, 0, 0))
    elif (
        not r.made
        and not r.dated_here
        and claim is not None
        and claim.when.precision in ("minute", "day")
    ):
        new_event(state, sent, sent.timexes, claim, ("statement", 0, 0))
    elif claim is not None and claim.speaker and _reaction(claim):
        # a reaction is a statement even when the text gives no day for it (by publication)
        new_event(state, sent, [], claim, ("statement", 0, 0))


def _reaction(claim: Claim) -> bool:
    """A speech act that reacts to an act: a condemnation, praise, a threat of revenge."""
    if claim.verb in REACTION_VERBS:
        return True
    content = (claim.content or "").lower()
    return claim.verb in THREAT_VERBS and any(w in content for w in THREAT_WORDS)


def _statement_time(state: DocState, timexes: list[Timex]) -> None:
    """ "It was posted ... at about 9 p.m. local time": the clock time of the statement event
    told just before, on its day, in the zone the time is given in (the publication's for
    "local time": the act took place where it was issued)."""
    clocks = [
        t
        for t in timexes
        if t.type == "TIME" and "date" in t.inferred and CLOCK_VALUE.search(t.value)
    ]
    if not clocks:
        return
    for i in range(len(state.events) - 1, max(-1, len(state.events) - 4), -1):
        e = state.events[i]
        if e.kind in ("statement", "announcement") and e.when.precision == "day":
            state.events[i] = e.model_copy(update={"when": on_day(clocks[0], e.when, state.quote)})
            return
        if e.kind in ("statement", "announcement"):
            return


# --------------------------------------------------------------------------------------------
# Earlier events


def antecedent(state: DocState, kind: str, actors: set[str], day: str | None = None) -> int | None:
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


def _blamed(r: _Reading) -> list[str]:
    """Who a blaming speaker blames: the first other actor named after the verb."""
    if r.state.claim_verb is None:
        return []
    v1 = r.state.claim_verb[1]
    for m in r.sent.mentions:
        if m.start - r.sent.s0 >= v1 and m.actor != r.claim.speaker:
            return [m.actor]
    return []


def _report_on(r: _Reading, i: int) -> None:
    """A casualty report ("X was killed when a missile hit his car at 9:30 p.m. on Wednesday")
    about the event ``i``: its figures pooled, a clock time it lacked added."""
    state, span = r.state, r.sent.span
    earlier = state.events[i]
    update = {
        "spans": earlier.spans if has_span(earlier.spans, span) else [*earlier.spans, span],
        "outcomes": pool(earlier.outcomes, outcome_list(state, r.sent.text, r.sent.s0)),
    }
    clocks = [t for t in r.timexes if t.type == "TIME" and CLOCK_VALUE.search(t.value)]
    if clocks and earlier.when.precision in ("day", "period"):
        t = clocks[0]
        if "date" in t.inferred and earlier.when.precision == "day":
            update["when"] = _clock_for(state, t, earlier, r.sent.pub)
        elif "date" not in t.inferred:
            when = timex_to_when(t, r.sent.pub, state.quote(t.start, t.end))
            if when is not None and (
                earlier.when.precision == "period" or when.start[:10] == earlier.when.start
            ):
                update["when"] = to_local(
                    local_time(when, earlier.location, t.text, state.dateline_zone),
                    earlier.location,
                )
    state.events[i] = earlier.model_copy(update=update)


def pool(old: list[Outcome], new: list[Outcome]) -> list[Outcome]:
    """Figures for the same outcome from several sentences: low = smallest, high = largest, best =
    the first figure reported (the most conservative reading stays the lowest), unless a later
    sentence updates the toll ("has risen to 60"): then its figure is the best."""
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
            wording = o.wording
            if TOLL_UPDATE.search(outcome.wording) and outcome.count.best is not None:
                best, wording = outcome.count.best, outcome.wording
            pooled[same] = o.model_copy(
                update={
                    "count": Count(low=min(values), best=best, high=max(values)),
                    "wording": wording,
                }
            )
    return pooled


def outcome_list(state: DocState, sentence: str, s0: int) -> list[Outcome]:
    found = []
    for kind, numbers, (w0, w1) in outcomes(sentence):
        count = (
            Count(low=min(numbers), best=min(numbers), high=max(numbers)) if numbers else Count()
        )
        found.append(Outcome(kind=kind, count=count, wording=state.quote(s0 + w0, s0 + w1)))
    return found


# --------------------------------------------------------------------------------------------
# A new event


def new_event(
    state: DocState,
    sent: Sentence,
    timexes: list[Timex],
    claim: Claim | None,
    trigger: Trigger,
    background: bool = False,
) -> None:
    """Add the event a trigger (or, with an empty trigger, a claim) names: its kind, time,
    initiators and targets, status and hedge, casualties and place."""
    sentence, s0 = sent.text, sent.s0
    kind = trigger[0]
    when, initiators, targets = _time_and_roles(state, sent, timexes, claim, trigger)
    if background:
        initiators = _background_agent(sent, trigger)
    if kind in VIOLENT and (not initiators or _demonym_on_act(sent, trigger)):
        # "a Turkish drone strike": the demonym on the act names who did it, over a word-order
        # guess ("X was among five people killed in a Turkish drone strike"), never over the
        # parse's own agent ("a strike by Y")
        agent = _demonym_agent(state, sent, trigger)
        initiators = [agent] if agent is not None else initiators
    kind, initiators, targets = _by_kind(state, sent, claim, trigger, initiators, targets)
    when = _named_period(state, sent, when)
    found, hedge_at = status(sentence)
    hedge = state.quote(s0 + hedge_at[0], s0 + hedge_at[1]) if hedge_at else None
    asserted_by = []
    if claim is not None and kind not in ("announcement", "statement"):
        if found == "reported":
            found = _claim_status(claim, initiators)
        asserted_by = [claim.speaker]
    casualties = outcome_list(state, sentence, s0) if kind in VIOLENT else []
    place = location(
        sentence, lambda a, b: state.quote(s0 + a, s0 + b), trigger[1], state.countries
    )
    when = to_local(local_time(when, place, None, state.dateline_zone), place)
    state.events.append(
        Event(
            id=state.new_id(f"{state.doc.id}.e-{kind}-{when.start or when.end or 'undated'}"),
            kind=kind,
            summary=_summary(state, kind, initiators, targets, place),
            when=when,
            location=place,
            initiators=initiators,
            targets=targets,
            outcomes=casualties,
            status=found,
            asserted_by=asserted_by,
            hedge=hedge,
            spans=[sent.span],
        )
    )


def _time_and_roles(
    state: DocState, sent: Sentence, timexes: list[Timex], claim: Claim | None, trigger: Trigger
) -> tuple[When, list[str], list[str]]:
    """A statement's time and speaker are its claim's; a trigger's come from the sentence."""
    kind = trigger[0]
    if kind in ("statement", "announcement", "attribution") and trigger[1] == trigger[2]:
        return claim.when, [claim.speaker], []
    when = when_of(timexes, sent.pub, state.quote, sent.s0 + trigger[1])
    when = refined(when, timexes, sent.pub, state.quote)
    return (when, *_roles_here(state, sent, claim, trigger))


def _roles_here(
    state: DocState, sent: Sentence, claim: Claim | None, trigger: Trigger
) -> tuple[list[str], list[str]]:
    """Who did the act the trigger names and to whom, as its sentence tells: its roles
    (:func:`~helpers.extract.triggers.roles`), the speaker where "X said they ..." did it."""
    initiators, targets = roles(
        sent.s0,
        sent.text,
        trigger,
        sent.mentions,
        lambda a, b, kind: _named(state, sent, a, b, kind),
    )
    if (
        claim is not None
        and claim.speaker is not None
        and speaker_did_it(sent.text, trigger[1], trigger[2])
    ):
        # "Separatist rebels in northern Mali said they killed ...": they are the speaker
        initiators = [claim.speaker]
        targets = [t for t in targets if t != claim.speaker]
    return initiators, targets


def _named(state: DocState, sent: Sentence, a: int, b: int, kind: str) -> str | None:
    """An unresolved actor for a proper name the parse found in an argument of an act; for a
    demonym ("an Israeli drone"), its state's actor from the gazetteer, or None."""
    surface = state.quote(sent.s0 + a, sent.s0 + b)
    # a demonym is its state's ("an Israeli drone"); a name the mentions left to the place
    # reading ("rockets toward Israel") is the gazetteer's actor when it knows it
    known = (
        DEMONYMS.get(surface)
        if kind == "demonym"
        else None
        if kind == "site"
        else state.gaz.lookup(surface)
    )
    if known is not None and known in state.gaz.actors:
        return register(state, known, surface, state.span(sent.s0 + a, sent.s0 + b))
    if kind == "demonym":
        return None
    actor = unresolved_id(state.doc.id, surface)
    return register(state, actor, surface, state.span(sent.s0 + a, sent.s0 + b), kind=kind)


def _background_agent(sent: Sentence, trigger: Trigger) -> list[str]:
    """ "in retaliation for an April 1 strike": the sentence's subject did not do it; only
    "Hamas's attack", "an Israeli strike" or "which Tehran blamed on Israel" name who did."""
    sentence = sent.text
    rel = sent.relative()
    initiators = [
        actor for a, b, actor in rel if POSSESSOR_BEFORE.fullmatch(sentence[b : trigger[1]])
    ][-1:]
    blamed = [
        actor
        for a, b, actor in rel
        if a >= trigger[2] and BLAMED_ON.match(sentence[trigger[2] : a])
    ]
    if blamed:
        initiators = blamed[:1]
    return initiators


def _demonym_on_act(sent: Sentence, trigger: Trigger) -> bool:
    """A demonym right before the act's noun ("a Turkish drone strike") where the parse names
    no agent of its own."""
    if not DEMONYM_BEFORE.search(sent.text[max(0, trigger[1] - 40) : trigger[1]]):
        return False
    rel = [(m.start - sent.s0, m.end - sent.s0, m.actor) for m in sent.mentions]
    parsed = parse_roles(sent.text, trigger[1], trigger[2], rel)
    return parsed is not None and not parsed[0]


def _demonym_agent(state: DocState, sent: Sentence, trigger: Trigger) -> str | None:
    """Who "an Israeli strike" (a demonym before the trigger) or "strikes by U.S. jets" (after
    it) names, if the gazetteer has it."""
    sentence = sent.text
    demonym_at = max(0, trigger[1] - 40)
    demonym = DEMONYM_BEFORE.search(sentence[demonym_at : trigger[1]])
    if demonym is None:
        demonym_at = trigger[2]
        demonym = BY_DEMONYM.match(sentence[trigger[2] : trigger[2] + 80])
    if demonym is None or DEMONYMS[demonym["d"]] not in state.gaz.actors:
        return None
    actor = DEMONYMS[demonym["d"]]
    d0 = sent.s0 + demonym_at + demonym.start("d")
    d1 = d0 + len(demonym["d"])
    return register(state, actor, state.quote(d0, d1), state.span(d0, d1))


def _by_kind(
    state: DocState,
    sent: Sentence,
    claim: Claim | None,
    trigger: Trigger,
    initiators: list[str],
    targets: list[str],
) -> tuple[str, list[str], list[str]]:
    """What the kind of event says of its parties: the crowd protests, a conflict's parties are
    named only with "between", an announcement is its speaker's, and a strike by a non-state
    armed group is an attack."""
    kind = trigger[0]
    if kind == "protest" and not initiators:
        crowd = [
            m.actor for m in sent.mentions if m.start - sent.s0 <= trigger[1] < m.end - sent.s0
        ]
        initiators = crowd[:1]  # "some protesters tried to ...": the crowd is who protests
    if kind == "conflict" and not BETWEEN_WORD.search(sent.text[trigger[2] :]):
        initiators, targets = [], []  # "the ongoing conflict": parties not named here
    if kind == "announcement" and claim is not None:
        initiators = [claim.speaker]
    if kind == "strike" and any(
        getattr(state.gaz.actors.get(a), "kind", None) == "armed group"
        or (a not in state.gaz.actors and NON_STATE.search(state.actors[a].name))
        for a in initiators
    ):
        kind = "attack"  # missiles or drones launched by a non-state armed group
    return kind, initiators, targets


@functools.lru_cache(maxsize=64)
def _period_words(sentence: str):
    """A named war the sentence holds, and whether it says something continues (read once per
    sentence, not once per event in it)."""
    return DURING_WAR.search(sentence), ONGOING.search(sentence) is not None


def _named_period(state: DocState, sent: Sentence, when: When) -> When:
    """An undated event "during the U.S.-led war in Iraq": a time the source names but does not
    date; one that "continues": ongoing at publication."""
    sentence = sent.text
    during, ongoing = _period_words(sentence)
    if during and when.precision == "period":
        return When(
            precision="unknown",
            expression=state.quote(sent.s0 + during.start(), sent.s0 + during.end()),
        )
    if ongoing and when.precision == "period":
        return When(
            precision="period",
            end=sent.pub,
            ongoing=True,
            inferred=["end"],
            basis="ongoing at publication; start not given",
        )
    return when


def _summary(
    state: DocState,
    kind: str,
    initiators: list[str],
    targets: list[str],
    place: Location | None,
) -> str:
    """The one-line summary of an event: "Strike by X on Y in Z."."""
    names = [state.actors[a].name for a in initiators]
    summary = kind.capitalize() + (f" by {', '.join(names)}" if names else "")
    if targets:
        summary += f" on {', '.join(state.actors[a].name for a in targets)}"
    if place is not None:
        summary += f" in {place.name}"
    return summary + "."


# --------------------------------------------------------------------------------------------
# The document's events


def fold_undated(state: DocState) -> None:
    """An act told once without a date and once with one ("as Iran carried out its attack";
    "the Guards said they launched drones late Saturday") is one event: the undated telling
    folds into the dated event of the same or an affiliated actor (a state, its government,
    a force that is part of it)."""

    def related(actors: list[str]) -> set[str]:
        out = set(actors)
        for a in actors:
            gov = government_of(state, a)
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
        spans = target.spans + [x for x in e.spans if not has_span(target.spans, x)]
        state.events[j] = target.model_copy(update={"spans": spans})
        renamed[e.id] = target.id
    if renamed:
        state.events = [e for e in state.events if e.id not in renamed]
        state.claims = [
            c.model_copy(update={"about": list(dict.fromkeys(renamed.get(a, a) for a in c.about))})
            for c in state.claims
        ]


# --------------------------------------------------------------------------------------------
# After the document: what all of an event's sentences say of it


def refine_places(state: DocState) -> None:
    """An act placed only in a country ("in Burkina Faso") takes the one town inside that
    country its own sentences name ("in Kramatorsk, a city in the Donetsk region"), else the one
    region or site ("the Barsalogho commune"); several towns, or none, leave it as it was."""
    state.events = [_refined_place(state, e) for e in state.events]


def _refined_place(state: DocState, event: Event) -> Event:
    place = event.location
    if event.kind not in VIOLENT or place is None or place.precision != "country":
        return event
    inside = {}
    for span in event.spans:
        s0, sentence = state.sentences.get((span.start, span.end), (None, ""))
        if s0 is None:
            continue
        quote = functools.partial(_quote_in, state, s0)
        for found in places_in(sentence, quote, state.countries):
            if found.precision != "country" and place.name in found.countries:
                inside.setdefault(found.name, found)
    towns = [p for p in inside.values() if p.precision == "town"]
    if len(towns) == 1:
        finer = towns[0]  # "in Kramatorsk, a city in the Donetsk region": the town
    elif len(inside) == 1:
        (finer,) = inside.values()
    else:
        return event
    summary = _summary(state, event.kind, event.initiators, event.targets, finer)
    return event.model_copy(update={"location": finer, "summary": summary})


def _quote_in(state: DocState, s0: int, a: int, b: int) -> str:
    return state.quote(s0 + a, s0 + b)
