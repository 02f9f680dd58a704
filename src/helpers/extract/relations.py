"""The relation layer: relations between the actors of a sentence, each from one rule (a pattern
of :mod:`.relation_rules` and the actors around it). :data:`RULES` lists them in the order they
are tried; a relation already found in the document is not added twice."""

from __future__ import annotations

from dataclasses import dataclass

from ..facts.schema import Claim, Relation
from .actor_rules import COLLECTIVE, GROUP_ROLE, NAME_TITLE, ROLE, TITLED
from .actors import as_government, government_of, register
from .context import DocState, Mention, Sentence
from .event_rules import BACKGROUND, CALLED
from .lexicon import DEMONYMS
from .relation_rules import (
    ADJECTIVE_GAP,
    AGAINST,
    AND_GAP,
    APPOSITION_ARTICLE,
    AS_PART_OF,
    BACKED_BY,
    BANNER_INCLUDING,
    BLAME_WORDS,
    BY_PHRASE,
    DEMONYM_AGENCY,
    DESIGNATED_BY,
    DESIGNATION_OF,
    FIRST_WORD,
    GROUPS_INCLUDING,
    HEAD_TITLE,
    HEADED,
    HEADS_APPOSITION,
    HELD,
    HELPED,
    IN_BEFORE,
    INTRODUCTORY_LEAD,
    JUNIOR,
    LIST_GAP,
    OPPOSES,
    POSSESSED_UNIT_GAP,
    RESPONSIBLE,
    RETALIATE_AGAINST,
    ROLE_IN_ATTACK,
    SAID_CARRIED_OUT,
    SUBJECT_LEAD,
    SUPPORTING,
    TALKS,
    TALKS_BETWEEN,
    TITLE_TAIL,
    UMBRELLA_INCLUDES,
    VERB_BEFORE_TITLE,
    WHICH_BLAMED,
    WHICH_DESIGNATED,
    WHOM_ACCUSED,
    X_BACKED,
)


@dataclass
class _Here:
    """A sentence being read for relations, with the claim it makes (if any)."""

    state: DocState
    sent: Sentence
    claim: Claim | None

    @property
    def text(self) -> str:
        return self.sent.text

    @property
    def s0(self) -> int:
        return self.sent.s0

    @property
    def mentions(self) -> list[Mention]:
        return self.sent.mentions

    def add(
        self,
        subject: str,
        predicate: str,
        obj: str,
        status: str = "reported",
        qualifier: str | None = None,
    ) -> None:
        state = self.state
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
                spans=[self.sent.span],
            )
        )

    def actor_at(self, a: int, b: int) -> str | None:
        """The actor of the mention that covers [a, b) of the sentence."""
        for m in self.mentions:
            if m.start <= self.s0 + a and self.s0 + b <= m.end:
                return m.actor
        return None

    def lookup(self, surface: str) -> str | None:
        """The gazetteer's actor for ``surface``, if it is an actor of the document already."""
        found = self.state.gaz.lookup(surface)
        return found if found in self.state.actors else None

    def after(self, end: int, within: int) -> list[Mention]:
        """Mentions that start within ``within`` characters after ``end``."""
        return [x for x in self.mentions if 0 <= x.start - self.s0 - end < within]

    def before(self, start: int, within: int) -> list[Mention]:
        """Mentions that end within ``within`` characters before ``start``."""
        return [x for x in self.mentions if 0 <= start - (x.end - self.s0) < within]

    @property
    def claimed(self) -> str:
        """The status of what a sentence with a claim says."""
        return "claimed" if self.claim else "reported"


def relations(state: DocState, sent: Sentence, claim: Claim | None) -> None:
    """Add the relations the sentence states (see :data:`RULES`)."""
    here = _Here(state, sent, claim)
    for rule in RULES:
        rule(here)


# --------------------------------------------------------------------------------------------
# Membership: part-of, member-of, commands


def _name_says_whose(h: _Here) -> None:
    """ "U.S. Central Command", "U.S. forces": the name itself says whose they are."""
    state, sentence, s0 = h.state, h.text, h.s0
    for x in h.mentions:
        first = FIRST_WORD.match(sentence[x.start - s0 : x.end - s0])
        if not first or first.end() == x.end - x.start:
            continue
        parent = state.gaz.lookup(first.group(0))
        if (
            parent
            and parent != x.actor
            and government_of(state, parent) != x.actor  # "Iran's foreign ministry"
            and parent in state.actors
            and state.gaz.actors[parent].kind in ("state", "government")
            and state.actors[x.actor].kind
            in ("military", "military command", "government", "organisation")
        ):
            h.add(x.actor, "part-of", parent)


def _role_of_group(h: _Here) -> None:
    """ "a senior leader of X", "the X commander": a member of X."""
    state, sentence, s0 = h.state, h.text, h.s0
    for m in list(ROLE.finditer(sentence)) + list(GROUP_ROLE.finditer(sentence)):
        person = h.actor_at(m.start(), m.end("role"))
        group = h.lookup(m.group("group").strip()) or h.actor_at(m.start("group"), m.end("group"))
        named = [
            x
            for x in h.mentions
            if 0 <= m.start() - (x.end - s0) <= 3
            and sentence[x.end - s0 : m.start()].startswith(",")
            and state.actors[x.actor].kind == "person"
        ]
        if named and group and named[-1].actor != group:
            # "Wissam Muhammad Sabir al-Saadi, the Kata'ib Hezbollah commander": the named
            # person is the member; the description is not another person
            h.add(named[-1].actor, "member-of", group)
            continue
        if person and group and person != group:
            h.add(person, "member-of", group)


def _banner_including(h: _Here) -> None:
    """ "... umbrella, including the X": X is a member of the umbrella."""
    m = BANNER_INCLUDING.search(h.text)
    if m:
        whole = h.before(m.start(), 3)
        part = h.after(m.end(), 3)
        if whole and part and whole[-1].actor != part[0].actor:
            h.add(part[0].actor, "member-of", whole[-1].actor, h.claimed)


def _groups_including(h: _Here) -> None:
    """ "groups, including X": X is a member of the groups."""
    s0 = h.s0
    m = GROUPS_INCLUDING.search(h.text)
    if m:
        groups = h.actor_at(max(0, m.start() - 1), m.start() + 5) or next(
            (
                x.actor
                for x in h.mentions
                if x.end - s0 <= m.start() + 8 and "unresolved-" in x.actor
            ),
            None,
        )
        members = [x.actor for x in h.mentions if x.start - s0 >= m.end()]
        if groups and members:
            h.add(members[0], "member-of", groups, h.claimed)


def _unit_of_owner(h: _Here) -> None:
    """ "its elite Radwan Force": the unit is part of the armed group named before."""
    state = h.state
    for x in h.mentions:
        if x.start in state.unit_of and state.unit_of[x.start] != x.actor:
            h.add(x.actor, "part-of", state.unit_of[x.start])


def _headed(h: _Here) -> None:
    """ "X headed the Aziz unit", "X commands the Radwan Force": who leads the unit."""
    state, sentence, s0 = h.state, h.text, h.s0
    for m in HEADED.finditer(sentence) if ("head" in sentence or "command" in sentence) else ():
        unit = h.after(m.end(), 3)
        people = [
            x
            for x in h.mentions
            if x.end - s0 <= m.start() and state.actors[x.actor].kind == "person"
        ]
        if unit and people and people[-1].actor != unit[0].actor:
            h.add(people[-1].actor, "commands", unit[0].actor)


def _demonym_agency(h: _Here) -> None:
    """ "The British maritime security agency UKMTO": a body of that state's government."""
    state, sentence, s0, claim = h.state, h.text, h.s0, h.claim
    for m in DEMONYM_AGENCY.finditer(sentence):
        body = [x.actor for x in h.after(m.end(), 2)]
        if (
            not body
            and claim is not None
            and claim.speaker
            and "unresolved-" in claim.speaker
            and sentence.startswith(state.actors[claim.speaker].name, m.end())
        ):
            body = [claim.speaker]  # "... agency UKMTO said": the speaker the claim named
        parent = DEMONYMS.get(m.group("d"))
        if body and parent in state.gaz.actors and "unresolved-" in body[0]:
            gov = government_of(state, parent) or parent
            if gov not in state.actors:
                d0 = s0 + m.start("d")
                register(
                    state, gov, state.quote(d0, s0 + m.end("d")), state.span(d0, s0 + m.end("d"))
                )
            h.add(body[0], "part-of", gov)


def _possessed_unit(h: _Here) -> None:
    """ "the Revolutionary Guards' elite Quds Force": a unit of the organisation that owns it."""
    state, sentence, s0 = h.state, h.text, h.s0
    for x, y in zip(h.mentions, h.mentions[1:], strict=False):
        gap = sentence[x.end - s0 : y.start - s0]
        if POSSESSED_UNIT_GAP.fullmatch(gap):
            kx = state.actors[x.actor].kind
            ky = state.actors[y.actor].kind
            if kx in ("military", "armed group", "organisation", "military command") and ky in (
                "military",
                "armed group",
                "military command",
            ):
                h.add(y.actor, "part-of", x.actor)


def _title_before_name(h: _Here) -> None:
    """Titles: "Houthi military spokesman Yahya Saree", "CENTCOM commander Gen. Kurilla"."""
    sentence, s0 = h.text, h.s0
    for m in TITLED.finditer(sentence):
        person = h.actor_at(m.start("name"), m.end("name"))
        near = [x for x in h.mentions if x.end - s0 <= m.start() and m.start() - (x.end - s0) <= 30]
        if person and near and near[-1].actor != person:
            gap = sentence[near[-1].end - s0 : m.start("name")]
            if VERB_BEFORE_TITLE.search(gap):
                continue  # "Blinken called Iraqi Prime Minister al-Sudani": not his title
            heads = HEAD_TITLE.search(gap)
            junior = JUNIOR.search(gap)
            h.add(person, "commands" if heads and not junior else "member-of", near[-1].actor)


def _title_after_name(h: _Here) -> None:
    """ "Wissam al-Tawil, a senior commander in the Radwan Force", "X, commander of Y"."""
    state, sentence, s0 = h.state, h.text, h.s0
    for m in NAME_TITLE.finditer(sentence):
        person = h.actor_at(m.start("name"), m.end("name"))
        inner = [
            x
            for x in h.mentions
            if m.end("name") < x.start - s0
            and x.end - s0 <= m.start("title") + 1
            and x.actor != person
            and state.actors[x.actor].kind not in ("state", "person")
        ]
        if person and inner:
            # "Mohammad Reza Zahedi, a senior Quds Force commander": the group inside the title
            h.add(person, "member-of", inner[-1].actor)
            continue
        tail = TITLE_TAIL.match(sentence[m.end() :])
        if person and tail:
            body = [x for x in h.mentions if x.start - s0 == m.end() + tail.end()]
            if body and body[0].actor != person and state.actors[body[0].actor].kind != "state":
                # "X, commander of Y" / "X, the leader of Y" heads Y; "X, a (senior) commander
                # in Y" is one of its members
                heads = HEADS_APPOSITION.match(sentence[m.end("name") :])
                h.add(person, "commands" if heads else "member-of", body[0].actor)


def _umbrella_includes(h: _Here) -> None:
    """ "X, an umbrella group that includes Y (and Z)": Y and Z are members of X."""
    sentence, s0 = h.text, h.s0
    m = UMBRELLA_INCLUDES.search(sentence)
    if m:
        whole = [x for x in h.mentions if x.end - s0 <= m.start()]
        part = [x for x in h.mentions if x.start - s0 >= m.end() and x.start - s0 - m.end() < 4]
        if whole and part:
            h.add(part[0].actor, "member-of", whole[-1].actor)
            nxt = [x for x in h.mentions if x.start > part[0].end]
            if nxt and LIST_GAP.fullmatch(sentence[part[0].end - s0 : nxt[0].start - s0]):
                h.add(nxt[0].actor, "member-of", whole[-1].actor)


def _as_part_of(h: _Here) -> None:
    """ "X ... as part of the Y": X is a member of Y."""
    s0 = h.s0
    m = AS_PART_OF.search(h.text)
    if m:
        whole = [x for x in h.mentions if x.start - s0 >= m.start() and x.start - s0 - m.end() < 30]
        subject = [x for x in h.mentions if x.end - s0 <= m.start()]
        if whole and subject:
            h.add(subject[0].actor, "member-of", whole[0].actor)


# --------------------------------------------------------------------------------------------
# Backing, designation, support


def _backed_collective(h: _Here) -> None:
    """ "(suspected) Iran-backed militants": the backer backs the collective."""
    for m in COLLECTIVE.finditer(h.text):
        backer = h.lookup(m.group("backer") or m.group("pro") or "")
        group = h.actor_at(m.start(), m.end())
        if backer and group:
            h.add(
                backer,
                "backs",
                group,
                "suspected" if "suspected" in m.group(0).lower() else "reported",
            )


def _x_designated(h: _Here) -> None:
    """ "the U.S.-designated terrorist group X" (or "X, a U.S.-designated ...")."""
    s0 = h.s0
    for m in DESIGNATED_BY.finditer(h.text):
        by = h.lookup(m.group("by"))
        after = [x for x in h.mentions if x.start - s0 >= m.end()]
        before = [x for x in h.mentions if x.end - s0 <= m.start()]
        obj = before[-1].actor if before else (after[0].actor if after else None)
        if by and obj:
            h.add(by, "designates", obj, qualifier=f'"{m.group(0)}"')


def _supporting(h: _Here) -> None:
    """ "X supporting Y"; "X ... says it is acting in support of Y"."""
    sentence, s0 = h.text, h.s0
    m = SUPPORTING.search(sentence)
    if m:
        after = [x for x in h.mentions if x.start - s0 >= m.end() and x.start - s0 - m.end() < 12]
        before = [x for x in h.mentions if x.end - s0 <= m.start()]
        if before and IN_BEFORE.search(sentence[max(0, m.start() - 4) : m.start()]):
            # "X ... says it is acting in support of Y": the clause's subject, not the nearest
            # name ("southern Israel")
            subject = _subject(sentence, s0, h.mentions)
            before = [subject] if subject is not None else []
        if after and before:
            h.add(before[-1].actor, "supports", after[0].actor, h.claimed)


def _helped(h: _Here) -> None:
    """ "American forces had helped Israel"."""
    sentence = h.text
    lowered = sentence.lower()
    for m in (
        HELPED.finditer(sentence)
        if ("help" in lowered or "aided" in lowered or "assist" in lowered)
        else ()
    ):
        after = h.after(m.end(), 3)
        before = h.before(m.start(), 30)
        if after and before:
            h.add(before[-1].actor, "supports", after[0].actor, h.claimed)


def _backed_by(h: _Here) -> None:
    """ "X backed by Iraqi and coalition aircraft": the helpers (not states) support X."""
    state, sentence = h.state, h.text
    for m in BACKED_BY.finditer(sentence) if " by " in sentence else ():
        supported = h.before(m.start(), 3)
        helpers_ = h.after(m.end(), 25)
        if supported and helpers_:
            for x in helpers_:
                if x.actor not in (supported[0].actor,) and state.actors[x.actor].kind != "state":
                    h.add(x.actor, "supports", supported[0].actor)


def _x_backed(h: _Here) -> None:
    """ "X-backed Y" where Y is a named actor ("Iran-backed Houthi militants"), or "Y, the
    Iran-backed Lebanese group"."""
    sentence, s0 = h.text, h.s0
    for m in X_BACKED.finditer(sentence) if "-backed" in sentence else ():
        by = h.lookup(m.group("by"))
        if not by:
            continue
        after = [x for x in h.after(m.end(), 3) if x.actor != by]
        appos = APPOSITION_ARTICLE.search(sentence[max(0, m.start() - 8) : m.start()])
        before = [x for x in h.mentions if 0 <= m.start() - (x.end - s0) <= 8]
        obj = after[0].actor if after else (before[-1].actor if appos and before else None)
        if obj and obj != by:
            h.add(by, "backs", obj)


def _designation_of(h: _Here) -> None:
    """ "the State Department announced the designation of Ansarallah"."""
    sentence, s0 = h.text, h.s0
    m = DESIGNATION_OF.search(sentence) if "designat" in sentence else None
    if m:
        obj = h.after(m.end(), 3)
        subject = [x for x in h.mentions if x.end - s0 <= m.start()]
        if obj and subject and obj[0].actor != subject[-1].actor:
            h.add(subject[-1].actor, "designates", obj[0].actor)


def _which_designated(h: _Here) -> None:
    """ "Nujaba, which Washington designated a terrorist organisation"."""
    sentence, s0 = h.text, h.s0
    m = WHICH_DESIGNATED.search(sentence) if "designated" in sentence else None
    if m:
        by = h.actor_at(m.start("by"), m.end("by"))
        obj = [x for x in h.mentions if x.end - s0 <= m.start()]
        if by and obj:
            h.add(by, "designates", obj[-1].actor)


# --------------------------------------------------------------------------------------------
# Blame: attributes-attack-to


def _role_in_attack(h: _Here) -> None:
    """ "Iran's role in the attack": the speaker attributes the attack to Iran."""
    m = ROLE_IN_ATTACK.search(h.text)
    if h.claim and m:
        who = h.lookup(m.group("who"))
        if who:
            h.add(h.claim.speaker, "attributes-attack-to", who, "claimed", qualifier=m.group(0))


def _blaming_verb(h: _Here) -> None:
    """A claim made with "attributed", "blamed", "accused": the last two others named."""
    claim = h.claim
    if claim and claim.verb.lower() in ("attributed", "blamed", "accused"):
        after_verb = list(dict.fromkeys(x.actor for x in h.mentions if x.actor != claim.speaker))
        for obj in after_verb[-2:]:
            h.add(claim.speaker, "attributes-attack-to", obj, "claimed")


def _blame_in_claim(h: _Here) -> None:
    """Blame: "held the international coalition responsible", "vowed to retaliate against
    Israel for", "whom it accused of directing attacks"."""
    if h.claim is not None and BLAME_WORDS.search(h.text):
        _held_responsible(h, h.claim)
        _retaliate_against(h, h.claim)
        _whom_accused(h, h.claim)


def _held_responsible(h: _Here, claim: Claim) -> None:
    sentence, s0 = h.text, h.s0
    for m in HELD.finditer(sentence):
        obj = [
            x
            for x in h.mentions
            if 0 <= x.start - s0 - m.end() < 20
            and ADJECTIVE_GAP.fullmatch(sentence[m.end() : x.start - s0])
        ]
        if obj and RESPONSIBLE.match(sentence[obj[0].end - s0 :]):
            h.add(claim.speaker, "attributes-attack-to", obj[0].actor, "claimed")


def _retaliate_against(h: _Here, claim: Claim) -> None:
    m = RETALIATE_AGAINST.search(h.text)
    if m:
        obj = h.after(m.end(), 3)
        if obj and obj[0].actor != claim.speaker:
            h.add(claim.speaker, "attributes-attack-to", obj[0].actor, "claimed")


def _whom_accused(h: _Here, claim: Claim) -> None:
    m = WHOM_ACCUSED.search(h.text)
    if m:
        obj = h.before(m.end("x"), 2)
        if obj and obj[0].actor != claim.speaker:
            h.add(claim.speaker, "attributes-attack-to", obj[0].actor, "claimed")


def _said_carried_out(h: _Here) -> None:
    """ "The strike, which Syria's defence ministry said was carried out by Israeli F-35 jets"."""
    state, sentence, s0 = h.state, h.text, h.s0
    m = SAID_CARRIED_OUT.search(sentence) if "carried out by" in sentence else None
    if m:
        by = [x for x in h.mentions if m.start("by") <= x.start - s0 < m.end("by")]
        actor = DEMONYMS.get(m.group("d") or "")
        target = h.after(m.end(), 3)
        obj = target[0].actor if target else (actor if actor in state.gaz.actors else None)
        if by and obj and by[0].actor != obj:
            if obj not in state.actors:
                d0 = s0 + m.start("d")
                register(
                    state, obj, state.quote(d0, s0 + m.end("d")), state.span(d0, s0 + m.end("d"))
                )
            h.add(by[0].actor, "attributes-attack-to", obj, "claimed")


def _which_blamed(h: _Here) -> None:
    """ "which Tehran blamed on Israel"."""
    sentence = h.text
    for m in WHICH_BLAMED.finditer(sentence) if "ed on" in sentence else ():
        by = h.actor_at(m.start("by"), m.end("by"))
        obj = h.after(m.end(), 3)
        if by and obj and by != obj[0].actor:
            h.add(by, "attributes-attack-to", obj[0].actor, "claimed")


# --------------------------------------------------------------------------------------------
# Opposition


def _opposes(h: _Here) -> None:
    """Opposition: "strikes on Houthi targets", "operations against U.S. forces", "the
    coalition fighting Islamic State", "declared victory over IS"."""
    state, sentence = h.state, h.text
    for m in OPPOSES.finditer(sentence):
        if BACKGROUND.search(sentence[max(0, m.start() - 80) : m.start()]):
            continue  # "in response to the attacks on U.S. service members": who is unsaid
        target = h.after(m.end(), 3)
        if (
            not target
            or state.actors[target[0].actor].kind == "collective"
            or "unresolved-" in target[0].actor
        ):
            continue
        for x in _opposition_holders(h, m, target[0]):
            if x.actor != target[0].actor and "unresolved-" not in x.actor:
                h.add(x.actor, "opposes", target[0].actor)


def _opposition_holders(h: _Here, m, target: Mention) -> list[Mention]:
    """Who opposes ``target``: "... by X" after it; the actor before "fighting"/"victory"; else
    the sentence's subject (and those coordinated with it)."""
    sentence, s0, mentions = h.text, h.s0, h.mentions
    by = BY_PHRASE.match(sentence[target.end - s0 :])
    holders = []
    if by:
        holders = [x for x in mentions if x.start - s0 == target.end - s0 + by.end()]
    if not holders and m.group(0).lower().startswith(("fighting", "victory")):
        holders = h.before(m.start(), 3)
        if not holders:
            subject = _subject(sentence, s0, mentions)
            holders = [subject] if subject is not None else []
    if not holders:
        subject = _subject(sentence, s0, mentions)
        if subject is not None:
            holders = [subject, *_coordinated(sentence, s0, mentions, subject)]
    return holders


def _against(h: _Here) -> None:
    """ "the coalition against the Islamic State group": the holder opposes the target."""
    state, s0 = h.state, h.s0
    for m in AGAINST.finditer(h.text):
        holder = [x for x in h.mentions if x.start - s0 <= m.start() < x.end - s0 + 1]
        target = [x for x in h.mentions if x.start - s0 >= m.end() and x.start - s0 - m.end() < 4]
        if not holder:
            holder = [x for x in h.mentions if x.end - s0 <= m.start()][:1]
        if holder and not target and holder[0].end - s0 > m.end():
            # "coalition against the Islamic State group" is itself a name of the coalition: the
            # opponent it names is an actor too.
            a, b = s0 + m.end(), holder[0].end
            known = state.gaz.lookup(state.quote(a, b))
            if known and known != holder[0].actor:
                register(state, known, state.quote(a, b), state.span(a, b))
                target = [Mention(a, b, known)]
        if holder and target:
            h.add(holder[0].actor, "opposes", target[0].actor)


# --------------------------------------------------------------------------------------------
# Talks


def _parties_before_talks(h: _Here) -> None:
    """ "Baghdad and Washington prepare for a new round of talks": their governments negotiate."""
    state, sentence, s0 = h.state, h.text, h.s0
    lowered = sentence.lower()
    if "talks" in lowered or "negotiations" in lowered or "discussions" in lowered:
        talks_at = TALKS.search(sentence).start()
        for x, y in zip(h.mentions, h.mentions[1:], strict=False):
            if (
                y.end - s0 <= talks_at
                and AND_GAP.fullmatch(sentence[x.end - s0 : y.start - s0])
                and state.actors[x.actor].kind in ("state", "government")
                and state.actors[y.actor].kind in ("state", "government")
            ):
                h.add(as_government(state, x), "negotiates-with", as_government(state, y))
                break


def _called(h: _Here) -> None:
    """ "X called Y to discuss": X negotiates with Y."""
    m = CALLED.search(h.text)
    if m:
        caller = h.before(m.start(), 3)
        callee = h.after(m.end(), 30)
        if caller and callee and caller[-1].actor != callee[0].actor:
            h.add(caller[-1].actor, "negotiates-with", callee[0].actor)


def _talks_between(h: _Here) -> None:
    """ "talks between the United States and Iraq": their governments negotiate."""
    s0 = h.s0
    m = TALKS_BETWEEN.search(h.text)
    if m:
        parties = [x for x in h.mentions if x.start - s0 >= m.end()][:2]
        if len(parties) == 2:
            a, b = (as_government(h.state, x) for x in parties)
            h.add(a, "negotiates-with", b)


# --------------------------------------------------------------------------------------------
# The subject of a sentence


def _subject(sentence: str, s0: int, mentions: list[Mention]) -> Mention | None:
    """The sentence's grammatical subject when it opens the sentence (after an optional
    introductory phrase up to a comma): 'Kata'ib Hizballah, the most powerful ..., said'."""
    if not mentions:
        return None
    first = mentions[0]
    lead = sentence[: first.start - s0]
    if SUBJECT_LEAD.fullmatch(lead) or INTRODUCTORY_LEAD.fullmatch(lead):
        return first
    return None


def _coordinated(sentence: str, s0: int, mentions: list[Mention], head: Mention) -> list[Mention]:
    """Actors coordinated with ``head``: 'The United States and Britain'."""
    out = []
    prev = head
    for x in mentions:
        if x.start < prev.end:
            continue
        if LIST_GAP.fullmatch(sentence[prev.end - s0 : x.start - s0]):
            out.append(x)
            prev = x
        else:
            break
    return out


#: The relation rules, in the order they are tried (the order fixes the relations' ids and
#: which of two readings of one pair is kept).
RULES = (
    _name_says_whose,
    _backed_collective,
    _x_designated,
    _role_of_group,
    _banner_including,
    _groups_including,
    _role_in_attack,
    _blaming_verb,
    _supporting,
    _helped,
    _backed_by,
    _x_backed,
    _designation_of,
    _which_designated,
    _blame_in_claim,
    _said_carried_out,
    _which_blamed,
    _opposes,
    _parties_before_talks,
    _called,
    _unit_of_owner,
    _headed,
    _demonym_agency,
    _possessed_unit,
    _title_before_name,
    _title_after_name,
    _umbrella_includes,
    _as_part_of,
    _against,
    _talks_between,
)
