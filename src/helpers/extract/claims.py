"""The claim layer: the attributed statement of a sentence (speaker, attribution verb, content,
date), a second speech act in the same sentence, and the source's own unattributed assertions of
motive or responsibility."""

from __future__ import annotations

import bisect
from dataclasses import dataclass

from ..facts.places import CALENDAR_WORDS
from ..facts.schema import Claim, When
from .actor_rules import GROUP_ROLE, LEADING_ARTICLE
from .actors import register, unresolved_id
from .claim_rules import (
    ACCORDING_TO,
    AND_BEFORE_VERB,
    AND_BETWEEN_SPEAKERS,
    APPOSITION_BEFORE_VERB,
    AS_VERBED_BY,
    AUXILIARY_BEFORE,
    AUXILIARY_GAP,
    CLAUSE_BREAK,
    CLAUSE_END,
    FOR_OR_OF,
    HIS_OFFICE,
    LOCATIVE_BEFORE_SPEAKER,
    NAME_WORD,
    NOT_BEFORE_SAY,
    POSSESSIVE_END,
    PRONOUN_SPEAKS,
    QUOTE_BEFORE_VERB,
    RELATIVE_VERB,
    ROLE_SPEAKER,
    ROLE_SUBJECT_TAIL,
    STATED_POSITION,
    TITLE_AFTER_VERB,
    TITLE_GAP,
    UNATTRIBUTED,
    VERB_NEEDS,
    WHOM_PRONOUN,
    WORD,
)
from .context import DocState, Sentence
from .dating import when_of
from .lexicon import CLAIM_VERBS, CONNECTORS, NOT_NAMES

CALENDAR = frozenset(CALENDAR_WORDS)

#: A mention relative to its sentence: (start, end, actor).
Rel = tuple[int, int, str]


@dataclass
class _Attribution:
    """Who says it, with which verb (where it is in the sentence), and what is said."""

    speaker: str
    verb: str
    verb_at: int
    content: str
    co_speaker: str | None = None


# --------------------------------------------------------------------------------------------
# The sentence's claim


def claim_of(state: DocState, sent: Sentence) -> Claim | None:
    """The attributed statement in a sentence: speaker, attribution verb, content, date."""
    rel = sent.relative()
    found = _attribution(state, sent, rel)
    if found is None:
        return None
    content = found.content
    if not content and found.verb_at > 0:
        # "Al-Sudani ordered an inquiry, his office said.": what is said comes first
        content = sent.text[: found.verb_at].strip(" ,.;:\"'\u201c\u201d")
    if not content:
        return None
    return _record(state, sent, rel, found, content)


def _attribution(state: DocState, sent: Sentence, rel: list[Rel]) -> _Attribution | None:
    """The speaker, tried in order: next to a speech verb, named by a role, a pronoun for the
    previous claim's speaker, a stated position, 'according to'."""
    as_by = AS_VERBED_BY.search(sent.text)
    if as_by:  # "..., as announced by X": X or, if no actor stands for X, nobody
        return _as_verbed_by(sent.text, rel, as_by)
    return (
        _speaker_of_verb(state, sent, rel)
        or _role_speaker(state, sent, rel)
        or _pronoun_speaker(state, sent.text)
        or _stated_position(sent.text, rel)
        or _according_to(sent.text, rel)
    )


def _record(
    state: DocState, sent: Sentence, rel: list[Rel], found: _Attribution, content: str
) -> Claim:
    """The claim (and the co-speaker's, and a second speech act's) added to the document's."""
    speaker, verb, verb_at = found.speaker, found.verb, found.verb_at
    state.claim_verb = (verb_at, verb_at + len(verb.split()[0]))
    when = _said_when(state, sent, verb_at)
    claim = Claim(
        id=state.new_id(f"{state.doc.id}.c-{speaker}-{verb}"),
        speaker=speaker,
        verb=verb,
        content=content,
        when=when,
        spans=[sent.span],
    )
    at = len(state.claims)
    state.claims.append(claim)
    co_speaker = found.co_speaker
    if co_speaker is not None and co_speaker != speaker:
        state.claims.append(
            claim.model_copy(
                update={
                    "id": state.new_id(f"{state.doc.id}.c-{co_speaker}-{verb}"),
                    "speaker": co_speaker,
                }
            )
        )
    more_claims(state, sent, rel, claim, verb_at + len(verb.split()[0]))
    state.claims.append(state.claims.pop(at))  # the sentence's claim last
    return claim


# --------------------------------------------------------------------------------------------
# Finding the speaker


def speech_verb(sentence: str, v0: int, v1: int) -> bool:
    word = sentence[v0:v1]
    need = VERB_NEEDS.get(word)
    if need is not None and not need.match(sentence, v1):
        return False
    if RELATIVE_VERB.search(sentence, max(0, v0 - 25), v0):
        return False
    return not (word in ("say", "deny") and NOT_BEFORE_SAY.search(sentence[max(0, v0 - 5) : v0]))


#: How far back from a verb the patterns that end at it look (characters): each matches far fewer
#: (an apposition at most 120 and a few words). Searching the whole sentence before each verb
#: made a sentence of thousands of speech verbs take time growing with its length squared.
LOOK_BACK = 320


def _ends_at(pattern, sentence: str, end: int, window: int = LOOK_BACK):
    """``pattern.search(sentence[:end])`` for a pattern ending in ``$``, looking at the last
    ``window`` characters before ``end`` only (``pos``/``endpos``: nothing is copied; ``^`` does
    not match at the window's start, look-behinds see before it)."""
    return pattern.search(sentence, max(0, end - window), end)


def _inside(rel: list[Rel], i: int) -> bool:
    return any(a <= i < b for a, b, _ in rel)


def _speaker_of_verb(state: DocState, sent: Sentence, rel: list[Rel]) -> _Attribution | None:
    """The first speech verb with a speaker next to it (a body a spokesperson speaks for)."""
    sentence = sent.text
    for m in WORD.finditer(sentence):
        if m.group(0) not in CLAIM_VERBS or _inside(rel, m.start()):
            continue
        if not speech_verb(sentence, m.start(), m.end()):
            continue
        if m.start() > 0 and sentence[m.start() - 1].isalpha():
            continue
        found = _speaker_at(state, sent, rel, m)
        if found is not None:
            found.speaker = body_of(state, sentence, sent.s0, found.speaker, rel)
            return found
    return None


def _speaker_at(state: DocState, sent: Sentence, rel: list[Rel], m) -> _Attribution | None:
    """The speaker of the verb ``m``: after it in an inverted quote ('"...," said X.'), else the
    nearest actor before it (skipping an apposition); two joined by 'and' both speak."""
    sentence = sent.text
    v0, v1 = m.start(), m.end()
    after = [
        x
        for x in rel
        if x[0] >= v1 and (x[0] - v1 < 4 or TITLE_AFTER_VERB.fullmatch(sentence[v1 : x[0]]))
    ]
    # '"...," said X.' only when X closes the clause ("said 19 people had died" is not it)
    inverted = (
        after
        and _ends_at(QUOTE_BEFORE_VERB, sentence, v0)
        and CLAUSE_END.match(sentence[after[0][1] :])
    )
    # The subject: the nearest actor before the verb, skipping an apposition
    # ("Kata'ib Hizballah, the most powerful of Iraq's Iran-aligned factions, said").
    apposition = _ends_at(APPOSITION_BEFORE_VERB, sentence, v0)
    limit = apposition.start() if apposition else v0
    semicolon = sentence.rfind(";", 0, v0)
    before = [
        x
        for x in rel
        if x[1] <= limit
        and x[1] > semicolon
        and not LOCATIVE_BEFORE_SPEAKER.search(sentence, max(0, x[0] - 40), x[0])
    ]
    if before and _role_subject_gap(sentence, before[-1][1], v0):
        return None  # "..., killing 40 civilians, officials said": the role speaks, not them
    before = _with_named_subject(state, sent, rel, before, limit)
    if not before and apposition:
        # "The Irish prime minister, Simon Harris, condemned": the name in the apposition
        before = [x for x in rel if apposition.start() <= x[0] and x[1] <= v0]
    if inverted:
        return _Attribution(after[0][2], m.group(0), v0, sentence[:v0].strip(" ,\"'\u201c\u201d"))
    if before and v0 - before[-1][1] <= 140:
        found = _Attribution(before[-1][2], m.group(0), v0, sentence[v1:].strip(" ,.;:"))
        if len(before) > 1 and AND_BETWEEN_SPEAKERS.fullmatch(
            sentence[before[-2][1] : before[-1][0]]
        ):
            # "The United States and Iraq said": the first named leads; both speak
            found.speaker, found.co_speaker = before[-2][2], before[-1][2]
        return found
    return None


def _role_subject_gap(sentence: str, start: int, end: int) -> bool:
    """``ROLE_SUBJECT_GAP.fullmatch(sentence[start:end])`` without scanning the gap with the
    pattern: the gap holds no semicolon and one comma, after which the role and the auxiliary
    (:data:`ROLE_SUBJECT_TAIL`, a few words) run to ``end``."""
    comma = sentence.rfind(",", start, end)
    if comma < 0 or end - comma > LOOK_BACK:
        return False
    if sentence.find(";", start, end) >= 0 or sentence.find(",", start, comma) >= 0:
        return False
    return ROLE_SUBJECT_TAIL.fullmatch(sentence, comma + 1, end) is not None


def _with_named_subject(
    state: DocState, sent: Sentence, rel: list[Rel], before: list[Rel], limit: int
) -> list[Rel]:
    """ "the Syrian Observatory for Human Rights ... said": a named body the gazetteer does not
    know becomes an unresolved actor (added to ``rel``) rather than a lost speaker."""
    sentence = sent.text
    aux = _ends_at(AUXILIARY_BEFORE, sentence, limit)  # "Taoiseach Simon Harris has condemned"
    named = named_subject(sentence, aux.start() if aux else limit)
    if named and (not before or before[-1][1] <= named[0]) and not _inside(rel, named[0]):
        a, b = sent.s0 + named[0], sent.s0 + named[1]
        actor = unresolved_id(state.doc.id, sentence[named[0] : named[1]])
        register(state, actor, state.quote(a, b), state.span(a, b), kind="organisation")
        rel.append((named[0], named[1], actor))
        return [*before, (named[0], named[1], actor)]
    return before


def _role_speaker(state: DocState, sent: Sentence, rel: list[Rel]) -> _Attribution | None:
    """ "The vessel's Greek-based manager said", "his office said"."""
    sentence = sent.text
    for m in WORD.finditer(sentence):
        if m.group(0) not in CLAIM_VERBS or not speech_verb(sentence, m.start(), m.end()):
            continue
        found = np_speaker(state, sentence, sent.s0, m.start(), rel)
        if found is not None:
            return _Attribution(found, m.group(0), m.start(), sentence[m.end() :].strip(" ,.;:"))
    return None


def _pronoun_speaker(state: DocState, sentence: str) -> _Attribution | None:
    """ "It said ...", "He also claimed ...": the speaker of the previous claim (if it has one)."""
    if not state.claims:
        return None
    pronoun = PRONOUN_SPEAKS.match(sentence)
    if pronoun and pronoun.group("v") in CLAIM_VERBS and state.claims[-1].speaker is not None:
        return _Attribution(
            state.claims[-1].speaker,
            pronoun.group("v"),
            pronoun.start("v"),
            sentence[pronoun.end() :].strip(" ,.;:"),
        )
    return None


def _stated_position(sentence: str, rel: list[Rel]) -> _Attribution | None:
    """A stated position without a speech verb: "the United States remains committed to ..."."""
    m = STATED_POSITION.search(sentence)
    before = [x for x in rel if m and x[1] <= m.start() and m.start() - x[1] <= 3]
    if m and before:
        return _Attribution(
            before[-1][2], m.group(0), m.start(), sentence[m.end() :].strip(" ,.;:")
        )
    return None


def _as_verbed_by(sentence: str, rel: list[Rel], m) -> _Attribution | None:
    """ "X did Y, as announced by Z": Z announced that X did Y; the words before "as" (or,
    when the phrase opens the sentence, after its comma) are the content."""
    after = [x for x in rel if x[0] >= m.end() and x[0] - m.end() < 6]
    if not after:
        return None
    if sentence[: m.start()].strip(" ,.;:"):
        content = sentence[: m.start()].strip(" ,.;:")
    else:
        content = sentence[after[0][1] :].strip(" ,.;:")
    return _Attribution(after[0][2], m.group("verb"), m.start("verb"), content)


def _according_to(sentence: str, rel: list[Rel]) -> _Attribution | None:
    """ "..., according to X"."""
    according = ACCORDING_TO.search(sentence)
    if according:
        after = [x for x in rel if x[0] >= according.end() and x[0] - according.end() < 6]
        if after:
            return _Attribution(
                after[0][2],
                "according to",
                according.start(),
                sentence[: according.start()].strip(" ,.;:"),
            )
    return None


def body_of(state: DocState, sentence: str, s0: int, speaker: str, rel: list[Rel]) -> str:
    """A spokesman or official speaks for a body: 'A U.S. official' -> the United States,
    'a spokesman for the Hezbollah Brigades' -> Kata'ib Hezbollah."""
    if "unresolved-" not in speaker:
        return speaker
    where = next((x for x in rel if x[2] == speaker), None)
    if where is None:
        return speaker
    phrase = sentence[where[0] : where[1]]
    role = GROUP_ROLE.fullmatch(phrase)
    if role:
        body = state.gaz.lookup(role.group("group").strip())
        if body:
            a = s0 + where[0] + role.start("group")
            b = s0 + where[0] + role.end("group")
            return register(state, body, state.quote(a, b), state.span(a, b))
    # "Houthi military spokesman Yahya Saree": the body named just before the title
    for x in rel:
        if (
            0 < where[0] - x[1] <= 60
            and "unresolved-" not in x[2]
            and TITLE_GAP.fullmatch(sentence[x[1] : where[0]])
        ):
            return x[2]
    tail = sentence[where[1] : where[1] + 60]
    of = FOR_OR_OF.match(tail)
    if of:
        following = [x for x in rel if x[0] == where[1] + of.end()]
        if following and "unresolved-" not in following[0][2]:
            return following[0][2]
    return speaker


def named_subject(sentence: str, end: int) -> tuple[int, int] | None:
    """The capitalised name that ends just before ``end`` ("the Syrian Observatory for Human
    Rights", "UKMTO"), as (start, end), or None."""
    start = max(0, end - LOOK_BACK)
    words = list(NAME_WORD.finditer(sentence, start, end))
    if start and words and words[0].start() == start and NAME_WORD.match(sentence, start - 1):
        words.pop(0)  # cut by the window: a name is never that long
    if not words or sentence[words[-1].end() : end].strip():
        return None
    run: list = []
    for w in reversed(words):
        text = w.group(0)
        if text[:1].isupper() or (text in CONNECTORS and run):
            run.append(w)
            continue
        break
    while run and run[-1].group(0) in CONNECTORS:
        run.pop()
    run.reverse()
    while run and (run[0].group(0) in CONNECTORS or run[0].group(0) in NOT_NAMES):
        run.pop(0)
    # "The Sahel Front on Thursday said": the day after the name is no part of it
    while run and (run[-1].group(0) in CALENDAR or run[-1].group(0) in CONNECTORS):
        run.pop()
    if len(run) > 1 and POSSESSIVE_END.search(run[0].group(0)):
        run.pop(0)  # "Iraq's Security Media Cell": the possessor is not part of the name
    if not run or not run[-1].group(0)[:1].isupper():
        return None
    return run[0].start(), run[-1].end()


def np_speaker(state: DocState, sentence: str, s0: int, v0: int, rel: list[Rel]) -> str | None:
    """A speaker named by a role rather than a name, just before the verb at ``v0``."""
    head = sentence[max(0, v0 - 80) : v0]
    off = max(0, v0 - 80)
    if HIS_OFFICE.search(head):
        people = [
            x[2]
            for x in rel
            if x[1] <= v0 and state.actors.get(x[2]) and state.actors[x[2]].kind == "person"
        ]
        return people[-1] if people else None
    m = ROLE_SPEAKER.search(head)
    if m is None or any(off + m.start("np") < x[1] and x[0] < off + m.end("np") for x in rel):
        return None
    a, b = s0 + off + m.start("np"), s0 + off + m.end("np")
    actor = unresolved_id(state.doc.id, LEADING_ARTICLE.sub("", m.group("np")))
    register(state, actor, state.quote(a, b), state.span(a, b))
    return actor


# --------------------------------------------------------------------------------------------
# More claims


def more_claims(state: DocState, sent: Sentence, rel: list[Rel], first: Claim, after: int) -> None:
    """A second speech act in the sentence: "X condemned the strikes ... and denied that ...",
    "X said ...; Y denied ...", "X welcomed it, but Y said ...", "X said ..., while Y told ...".
    Each is a claim with the same evidence."""
    sentence = sent.text
    breaks = [b.end() for b in CLAUSE_BREAK.finditer(sentence, after)]  # new clauses begin
    for m in WORD.finditer(sentence[after:]):
        word = m.group(0)
        if word not in CLAIM_VERBS:
            continue
        v0 = after + m.start()
        if not speech_verb(sentence, v0, v0 + len(word)):
            continue
        if v0 > 0 and sentence[v0 - 1].isalpha():
            continue
        if any(a <= v0 < b for a, b, _ in rel):
            continue
        speaker = _second_speaker(state, sent, rel, first, after, v0, breaks)
        if speaker is None or (speaker == first.speaker and word == first.verb):
            continue
        content = sentence[v0 + len(word) :].strip(" ,.;:")
        if not content:
            continue
        state.claims.append(
            Claim(
                id=state.new_id(f"{state.doc.id}.c-{speaker}-{word}"),
                speaker=speaker,
                verb=word,
                content=content,
                when=first.when,
                spans=[sent.span],
            )
        )
        return


def _second_speaker(
    state: DocState,
    sent: Sentence,
    rel: list[Rel],
    first: Claim,
    after: int,
    v0: int,
    breaks: list[int],
) -> str | None:
    """Who speaks with the verb at ``v0``, after the first claim's verb ended at ``after``: the
    same speaker ("... and denied"), a new clause's subject, or the subject of reported speech.
    ``breaks``: where the new clauses after ``after`` begin (:data:`CLAUSE_BREAK` ends)."""
    sentence, s0 = sent.text, sent.s0
    head = sentence[after:v0] if v0 - after <= LOOK_BACK else None  # else: look at its end
    and_before = AND_BEFORE_VERB.search(head) if head is not None else None
    if and_before is None and head is None:
        and_before = _ends_at(AND_BEFORE_VERB, sentence, v0)
    if and_before and sentence.find(";", after, v0) < 0:
        return first.speaker  # "condemned ... and denied": the same speaker
    whom = WHOM_PRONOUN.search(head) if head is not None else _ends_at(WHOM_PRONOUN, sentence, v0)
    if whom:
        return first.speaker  # "..., whom it accused of ..."
    last_break = bisect.bisect_right(breaks, v0)
    near = [x for x in rel if after <= x[0] and x[1] <= v0 and v0 - x[1] <= 12]
    if last_break:
        c0 = breaks[last_break - 1]
        subject = [x for x in rel if c0 <= x[0] and x[1] <= v0 and v0 - x[1] <= 140]
        if subject:
            return body_of(state, sentence, s0, subject[0][2], rel)
        return np_speaker(state, sentence, s0, v0, rel)
    if near and AUXILIARY_GAP.fullmatch(sentence[near[-1][1] : v0]):
        # "A U.S. official said Washington had told Tehran ...": reported speech
        return body_of(state, sentence, s0, near[-1][2], rel)
    return None


# --------------------------------------------------------------------------------------------
# Unattributed assertions


def unattributed(state: DocState, sent: Sentence) -> Claim | None:
    """Motive or responsibility the text asserts without naming who says so ("The strike was a
    unilateral action ... in response to recent attacks", "a commander directly responsible for
    planning attacks"): the source's own assertion, kept apart as a claim with no speaker. It does
    not change how the sentence's events are read (they stay as reported)."""
    sentence = sent.text
    m = UNATTRIBUTED.search(sentence)
    if not m:
        return None
    when = _said_when(state, sent, m.start())
    claim = Claim(
        id=state.new_id(f"{state.doc.id}.c-unattributed"),
        speaker=None,
        verb="states",
        content=sentence.strip(" ,.;:"),
        when=when,
        spans=[sent.span],
    )
    state.claims.append(claim)
    return claim


def _said_when(state: DocState, sent: Sentence, at: int) -> When:
    """When something was said: the sentence's time nearest the speech verb at ``at``, else
    "by publication"."""
    when = when_of(sent.timexes, sent.pub, state.quote, sent.s0 + at)
    if when.precision != "period":
        return when
    return When(
        precision="period", end=sent.pub, inferred=["end"], basis="no date given; by publication"
    )
