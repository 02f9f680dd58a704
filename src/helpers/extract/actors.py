"""The actor layer: mentions of actors in a document (gazetteer entities, role phrases, counted
and backed collectives, crowds, units, capitals and ministries that speak for governments, titled
names, 'the group' anaphora), their registration as facts-file actors, and the folding of one
actor into another (a state into its government, two descriptions of one unnamed person)."""

from __future__ import annotations

import bisect
import hashlib

from ..facts.schema import Actor, Event, Relation, Span
from .actor_rules import (
    ANAPHOR,
    CAPITAL,
    COLLECTIVE,
    COUNTED,
    CROWD,
    CROWD_QUALIFIER,
    DIED_AFTER,
    DIED_BEFORE,
    GROUP_ROLE,
    HARMED_BEFORE,
    LEADING_ARTICLE,
    LOCATIVE,
    MINISTRY,
    NAME_TITLE,
    NOT_AN_ACTOR_AFTER,
    OPENER,
    PERSON_WORDS,
    ROLE,
    SLUG_BREAK,
    THE_GOVERNMENT,
    TITLED,
    UNIT,
    UNNAMED,
    VICTIMS,
)
from .context import DocState, Mention, has_span
from .lexicon import CAPITAL_GOVERNMENTS, DEMONYMS

#: A candidate mention: start, end, actor id (None: unresolved), priority (lower wins a tie).
Candidate = tuple[int, int, str | None, int]

# --------------------------------------------------------------------------------------------
# Registering actors


def _generic_site(kind: str, surface: str) -> bool:
    """A site no capitalised word names ("house", "railway station"): a thing hit, not one
    place another report's "house" is the same as."""
    return kind == "site" and not any(w[:1].isupper() for w in surface.split())


def register(
    state: DocState, actor_id: str, surface: str, span: Span, kind: str | None = None
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
            guessed = "person" if PERSON_WORDS.search(surface) else "collective"
            state.actors[actor_id] = Actor(
                id=actor_id,
                name=surface,
                aliases=[],
                kind=kind or guessed,
                named=kind is not None and not _generic_site(kind, surface),
                description="unresolved: not in the gazetteer",
                spans=[span],
            )
        state.ids.add(actor_id)
        state.actor_surfaces[actor_id] = set()
        state.actor_spans[actor_id] = []
    state.actor_surfaces[actor_id].add(surface)
    if len(state.actor_spans[actor_id]) < 5 and not has_span(state.actor_spans[actor_id], span):
        state.actor_spans[actor_id].append(span)
    return actor_id


def unresolved_id(doc_id: str, surface: str) -> str:
    """``<doc>.unresolved-<slug>``, kept within the schema's 80 characters: a long document id
    is shortened to a stable hash, a long slug is cut."""
    slug = SLUG_BREAK.sub("-", surface.lower()).strip("-")[:40] or "actor"
    prefix = (
        doc_id
        if len(doc_id) <= 26
        else f"{doc_id[:17]}-{hashlib.sha1(doc_id.encode()).hexdigest()[:8]}"
    )
    return f"{prefix}.unresolved-{slug}"


def government_of(state: DocState, actor_id: str) -> str | None:
    """A government as itself; a state's government by CAMEO code (IRQ -> IRQGOV)."""
    entry = state.gaz.actors.get(actor_id)
    if entry is None or not entry.cameo:
        return None
    if entry.kind == "government":
        return entry.id
    govs = [
        g.id
        for g in state.gaz.actors.values()
        if g.kind == "government" and g.cameo == f"{entry.cameo}GOV"
    ]
    return govs[0] if len(govs) == 1 else None


# --------------------------------------------------------------------------------------------
# Finding mentions


def find_actors(state: DocState, text: str, nlp_doc) -> list[Mention]:
    """Actor mentions, longest first: gazetteer entities, role phrases and counted or backed
    collectives (unresolved actors), named entities of a trained model, and 'the group'
    anaphora. A state named after 'in'/'at'/'near' is a place, not an actor."""
    candidates = _entity_candidates(nlp_doc)
    candidates += _unnamed_candidates(text)
    unit_candidates, units = _unit_candidates(text)
    candidates += unit_candidates
    candidates += _capital_candidates(state, text)
    states = _named_states(state, nlp_doc)
    candidates += _government_candidates(state, text, states)
    candidates += _ministry_candidates(state, text, states)
    name_candidates, names = _name_candidates(state, text)
    candidates += name_candidates
    chosen, taken = _choose(state, text, candidates)
    chosen = _drop_places_named_before(state, text, chosen)
    mentions = _register_mentions(state, text, chosen, names)
    # "The group" refers to the armed group last named before it (within 400 characters).
    groups = [x for x in mentions if state.actors[x.actor].kind == "armed group"]
    group_ends = [x.end for x in groups]  # mentions are in text order, so these are sorted
    _assign_units(state, units, groups, group_ends)
    mentions += _group_anaphora(text, taken, groups, group_ends)
    return sorted(mentions, key=lambda x: x.start)


def _entity_candidates(nlp_doc) -> list[Candidate]:
    """Gazetteer entities (the phrase rulers) and a trained model's named entities."""
    candidates: list[Candidate] = []
    for ent in nlp_doc.ents:
        if ent.label_ == "ACTOR" and ent.ent_id_:
            candidates.append((ent.start_char, ent.end_char, ent.ent_id_, 0))
        elif ent.label_ in ("PERSON", "ORG", "NORP"):
            candidates.append((ent.start_char, ent.end_char, None, 2))
    return candidates


def _unnamed_candidates(text: str) -> list[Candidate]:
    """Role phrases, collectives, allies, counted people and crowds (victims left out)."""
    candidates: list[Candidate] = []
    for pattern in UNNAMED:
        for m in pattern.finditer(text):
            end = m.end("role") if pattern in (ROLE, GROUP_ROLE) else m.end()
            if pattern is CROWD and text[m.start()].islower():
                left = CROWD_QUALIFIER.search(text, max(0, m.start() - 20), m.start())
                if left is not None:  # "Israeli medics"
                    candidates.append((left.start(), end, None, 1))
                    continue
            if pattern in (COUNTED, CROWD) and (
                VICTIMS.match(text, end)
                or HARMED_BEFORE.search(text[max(0, m.start() - 30) : m.start()])
            ):
                continue  # "16 people ... were killed": victims, who neither act nor speak
            candidates.append((m.start(), end, None, 1))
    return candidates


def _unit_candidates(text: str) -> tuple[list[Candidate], list[tuple[int, int, bool]]]:
    """ "its elite Radwan Force", "the Aziz unit": a named unit of an armed group, and whether
    its owner is a pronoun ("its", "their") to resolve."""
    candidates: list[Candidate] = []
    units: list[tuple[int, int, bool]] = []
    for m in UNIT.finditer(text):
        candidates.append((m.start("unit"), m.end("unit"), None, 1))
        units.append((m.start("unit"), m.end("unit"), m.group("its") is not None))
    return candidates, units


def _capital_candidates(state: DocState, text: str) -> list[Candidate]:
    """ "Washington has blamed", "which Tehran blamed on Israel": a capital that acts or speaks
    is its government (after "in", "near", "of" ... it is the place)."""
    candidates: list[Candidate] = []
    for m in CAPITAL.finditer(text):
        gov = CAPITAL_GOVERNMENTS[m.group("city")]
        if gov in state.gaz.actors and not LOCATIVE.search(
            text[max(0, m.start() - 30) : m.start()]
        ):
            candidates.append((m.start("city"), m.end("city"), gov, 0))
    return candidates


def _named_states(state: DocState, nlp_doc) -> list[tuple[int, str]]:
    """(end, id) of every state or government the gazetteer's rulers found, in text order."""
    return [
        (ent.end_char, ent.ent_id_)
        for ent in nlp_doc.ents
        if ent.label_ == "ACTOR"
        and ent.ent_id_ in state.gaz.actors
        and state.gaz.actors[ent.ent_id_].kind in ("state", "government")
    ]


def _last_state_before(states: list[tuple[int, str]], ends: list[int], at: int) -> str | None:
    """The state or government named last before ``at`` (``ends``: where each of ``states`` ends)."""
    i = bisect.bisect_right(ends, at)
    return states[i - 1][1] if i else None


def _government_candidates(
    state: DocState, text: str, states: list[tuple[int, str]]
) -> list[Candidate]:
    """ "the government said", "Government spokesman X": the government of the state last named."""
    candidates: list[Candidate] = []
    ends = [e for e, _ in states]
    for m in THE_GOVERNMENT.finditer(text):
        if not (m.group("det") or m.group("sp")):
            continue
        last = _last_state_before(states, ends, m.start())
        gov = government_of(state, last) if last is not None else None
        if gov is not None:
            candidates.append((m.start("g"), m.end("g"), gov, 1))
    return candidates


def _ministry_candidates(
    state: DocState, text: str, states: list[tuple[int, str]]
) -> list[Candidate]:
    """ "Iran's foreign ministry", "the Iraqi interior ministry": the government of the state
    named before it, or of the last one named."""
    candidates: list[Candidate] = []
    ends = [e for e, _ in states]
    for m in MINISTRY.finditer(text):
        owner = m.group("owner")
        if owner:
            state_id = state.gaz.lookup(owner) or DEMONYMS.get(owner)
            if state_id is None:
                continue  # "the Ibn Sina hospital ministry": not a state's
        elif m.group("det"):
            state_id = _last_state_before(states, ends, m.start())
        else:
            continue
        gov = government_of(state, state_id) if state_id in state.gaz.actors else None
        if gov is not None:
            a = m.start("owner") if owner else m.start("m")
            candidates.append((a, m.end("m"), gov, 0))
    return candidates


def _name_candidates(state: DocState, text: str) -> tuple[list[Candidate], set[tuple[int, int]]]:
    """Names after or before a title ("spokesman Yahya Saree", "Wissam al-Tawil, a senior
    commander"), and where they are (a name's actor is a named person)."""
    candidates: list[Candidate] = []
    names: set[tuple[int, int]] = set()
    for pattern in (TITLED, NAME_TITLE):
        for m in pattern.finditer(text):
            a, b = m.start("name"), m.end("name")
            opener = OPENER.match(text, a)
            if opener and len(text[opener.end() : b].split()) >= 2:
                a = opener.end()  # "Later Pavlo Kyrylenko": the name begins after the opener
            known = state.gaz.lookup(text[a:b])
            candidates.append((a, b, known, 0 if known else 1))
            names.add((a, b))
    return candidates, names


def _choose(
    state: DocState, text: str, candidates: list[Candidate]
) -> tuple[list[tuple[int, int, str | None]], bytearray]:
    """The longest candidates that do not overlap (then by priority, then first), a state after
    'in' left out as a place; and which characters the chosen ones cover."""
    chosen: list[tuple[int, int, str | None]] = []
    taken = bytearray(len(text) + 1)  # characters already inside a chosen mention
    for a, b, actor_id, _ in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[3], c[0])):
        if any(taken[a:b]):
            continue
        if (
            actor_id
            and state.gaz.actors[actor_id].kind == "state"
            and LOCATIVE.search(text[max(0, a - 20) : a])
        ):
            continue  # "in Iraq": a place
        chosen.append((a, b, actor_id))
        taken[a:b] = b"\x01" * (b - a)
    chosen.sort()
    return chosen, taken


def _drop_places_named_before(
    state: DocState, text: str, chosen: list[tuple[int, int, str | None]]
) -> list[tuple[int, int, str | None]]:
    """ "Yemen's Houthis": the group is the actor; "Britain-based": a place."""
    starts = {a for a, _, _ in chosen}
    kept = []
    for a, b, actor_id in chosen:
        after = NOT_AN_ACTOR_AFTER.match(text, b)
        if (
            actor_id
            and after is not None
            and (
                (
                    after.group(0) == "-based"
                    and state.gaz.actors[actor_id].kind in ("state", "government")
                )
                or (state.gaz.actors[actor_id].kind == "state" and after.end() in starts)
            )
        ):
            continue
        kept.append((a, b, actor_id))
    return kept


def _register_mentions(
    state: DocState,
    text: str,
    chosen: list[tuple[int, int, str | None]],
    names: set[tuple[int, int]],
) -> list[Mention]:
    """Each chosen mention registered as an actor; an unresolved one gets an id from its words."""
    mentions: list[Mention] = []
    for a, b, actor_id in sorted(chosen):
        surface = state.quote(a, b)
        backed = COLLECTIVE.fullmatch(text[a:b])
        if actor_id is None and backed:
            # "suspected Iran-backed militants", "Iran-backed militias", "pro-Iran groups": one
            # collective per backer within a document (the hedge stays on the event).
            backer = (backed.group("backer") or backed.group("pro")).lower()
            actor_id = unresolved_id(state.doc.id, f"{backer}-backed-militants")
        elif actor_id is None:
            actor_id = unresolved_id(state.doc.id, LEADING_ARTICLE.sub("", text[a:b]))
        register(
            state, actor_id, surface, state.span(a, b), kind="person" if (a, b) in names else None
        )
        mentions.append(Mention(a, b, actor_id))
    return mentions


def _assign_units(
    state: DocState,
    units: list[tuple[int, int, bool]],
    groups: list[Mention],
    group_ends: list[int],
) -> None:
    """ "its elite Radwan Force": the unit belongs to the armed group last named before it."""
    for a, _b, its in units:
        i = bisect.bisect_right(group_ends, a)
        if its and i and a - group_ends[i - 1] < 400:
            state.unit_of[a] = groups[i - 1].actor


def _group_anaphora(
    text: str, taken: bytearray, groups: list[Mention], group_ends: list[int]
) -> list[Mention]:
    """ "the group", "this militia": the armed group last named before it."""
    resolved = []
    for m in ANAPHOR.finditer(text):
        if taken[m.start()]:
            continue
        i = bisect.bisect_right(group_ends, m.start())
        if i and m.start() - group_ends[i - 1] < 400:
            resolved.append(Mention(m.start(), m.end(), groups[i - 1].actor))
    return resolved


# --------------------------------------------------------------------------------------------
# Folding actors into others


def as_government(state: DocState, mention: Mention) -> str:
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
    gov = register(state, govs[0], surface, span)
    spans = state.actor_spans[mention.actor]
    if span in spans:
        spans.remove(span)
    if not spans:
        rename_actors(state, {mention.actor: gov})
    mention.actor = gov  # the sentence's events see the government too
    return gov


def merge_descriptions(state: DocState) -> None:
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
            if inside and (DIED_BEFORE.search(before) or DIED_AFTER.match(after)):
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
        rename_actors(state, merged)


#: Relations that make a person's group a party hit with them: a member or a commander of it.
VICTIM_GROUP_PREDICATES = frozenset({"member-of", "commands"})


def add_victims_groups(state: DocState) -> None:
    """A person hit is hit with the group they belong to or command, as the document says
    anywhere ("Senior Hamas official X was killed": the strike's targets are X and Hamas), the
    way conflict data codes the victim's side. A person named by their surname alone ("Arouri")
    is the one named in full ("Saleh al-Arouri") in the same document."""
    groups: dict[str, list[str]] = {}
    for rel in state.relations:
        if rel.predicate in VICTIM_GROUP_PREDICATES:
            groups.setdefault(_surname(state, rel.subject), []).append(rel.object)
    if not groups:
        return
    state.events = [_with_victims_groups(state, e, groups) for e in state.events]


def _with_victims_groups(state: DocState, event: Event, groups: dict[str, list[str]]) -> Event:
    added = [
        g
        for t in event.targets
        if getattr(state.actors.get(t), "kind", None) == "person"
        and not any(o.kind == "none reported" for o in event.outcomes)
        for g in groups.get(_surname(state, t), [])
        if g not in event.targets and g not in event.initiators
    ]
    if not added:
        return event
    return event.model_copy(update={"targets": [*event.targets, *dict.fromkeys(added)]})


def _surname(state: DocState, actor_id: str) -> str:
    """A person's last name, folded ("al-arouri"); another actor's id."""
    actor = state.actors.get(actor_id)
    if actor is None or actor.kind != "person" or not actor.named or not actor.name.split():
        return actor_id  # an unnamed "senior commander" is nobody else
    return "person:" + actor.name.split()[-1].casefold()


def rename_actors(state: DocState, renamed: dict[str, str]) -> None:
    """Fold actors into others (``renamed[old] = new``) everywhere they are referred to."""

    def r(a: str | None) -> str | None:
        return renamed.get(a, a) if a is not None else None

    def rs(ids: list[str]) -> list[str]:
        return list(dict.fromkeys(renamed.get(a, a) for a in ids))

    for old, new in renamed.items():
        state.actor_surfaces[new] |= state.actor_surfaces.pop(old)
        for span in state.actor_spans.pop(old):
            if len(state.actor_spans[new]) < 5 and not has_span(state.actor_spans[new], span):
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
            spans = kept.spans + [s for s in rel.spans if not has_span(kept.spans, s)]
            relations[key] = kept.model_copy(update={"spans": spans})
        else:
            relations[key] = rel.model_copy(update={"subject": key[0], "object": key[2]})
    state.relations = list(relations.values())
    state.triples = set(relations)
    state.claims = [c.model_copy(update={"speaker": r(c.speaker)}) for c in state.claims]
