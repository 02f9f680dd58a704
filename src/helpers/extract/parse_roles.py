"""Who did what to whom, read from a dependency parse of the sentence.

The packaged parser (``model/en_ewt_parser``, trained on UD English EWT by
``scripts/train_parser.py``) parses the sentence of an event; the roles come from the trigger's
place in the tree, by the rules in :data:`AGENT_PATHS` and :data:`PATIENT_PATHS` (dependency
labels, kept as data):

- **initiator**: the active subject of the event's verb ("Russian forces struck"), the passive
  "by" agent ("was struck by Israeli jets"), the subject of a light verb whose object is the
  event noun ("Iran launched an attack"), or an actor that modifies the event noun ("a U.S.
  strike", "Israel's strike", "an attack by Hamas");
- **target**: the object of the verb ("killed two soldiers", "targeted X"), the passive subject
  ("X was killed"), or the object of on / against / at after the verb or the noun ("strikes on
  Houthi targets").

An argument is mapped to the actors the extractor found inside its subtree (conjuncts included:
"US and British forces"). Nothing is returned where the parse says nothing; the caller keeps its
word-order reading then. Without the packaged model the module answers None.
"""

from __future__ import annotations

import bisect
import contextlib
import functools
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from pathlib import Path

from ..facts.places import CALENDAR_WORDS

MODEL_DIR = Path(__file__).resolve().parent / "model" / "en_ewt_parser"

#: Light verbs whose object names the event: "launched an attack", "carried out strikes".
LIGHT_VERBS = frozenset(
    [
        "launch",
        "launched",
        "launches",
        "launching",
        "carry",
        "carried",
        "carries",
        "carrying",
        "conduct",
        "conducted",
        "conducts",
        "conducting",
        "stage",
        "staged",
        "stages",
        "staging",
        "mount",
        "mounted",
        "mounts",
        "mounting",
        "perform",
        "performed",
        "performs",
        "performing",
        "make",
        "made",
        "makes",
        "making",
        "execute",
        "executed",
        "executes",
        "executing",
        "unleash",
        "unleashed",
        "unleashes",
        "unleashing",
        "fire",
        "fired",
        "fires",
        "firing",
    ]
)
#: Nouns of quantity before the weapons an act is told by: "a barrage of rockets", "a series of
#: drones" (the quantity, not the weapon, is the light verb's object).
_QUANTITY_WORDS = """
barrage barrages series salvo salvos volley volleys wave waves swarm swarms dozens hundreds
scores number string
"""
QUANTITY_NOUNS = frozenset(_QUANTITY_WORDS.split())
#: Verbs of saying: "X said they killed ...": the pronoun subject is the speaker.
SPEECH_VERBS = frozenset(
    [
        "say",
        "said",
        "says",
        "saying",
        "claim",
        "claimed",
        "claims",
        "claiming",
        "announce",
        "announced",
        "announces",
        "admit",
        "admitted",
        "admits",
        "report",
        "reported",
        "reports",
        "state",
        "stated",
        "states",
    ]
)
PRONOUNS = frozenset({"they", "it", "we", "he", "she"})
#: Possessive pronouns before an act noun ("its attack"): the clause's subject is the owner.
POSSESSIVE_PRONOUNS = frozenset({"its", "their"})
#: Labels of a verb's subject, active or passive.
SUBJECT_LABELS = frozenset({"nsubj", "nsubj:pass", "nsubjpass"})
#: Verbs of harm whose passive subject is the victim of the act that obliques them ("X was killed
#: in a drone strike": X is the strike's target), or whose object is when the act is their
#: subject ("a drone strike killed X").
HARM_VERBS = frozenset(
    ["killed", "wounded", "injured", "hit", "struck", "targeted", "assassinated", "murdered"]
)
#: Verbs whose subject bore the act their object names ("the army suffered heavy losses").
SUFFER_VERBS = frozenset(
    {"suffered", "suffers", "suffer", "sustained", "sustains", "sustain", "incurred", "took"}
)
#: Verbs whose object is said to have done the act in their "of"/"for" clause.
ACCUSING = frozenset({"accused", "accuses", "accusing", "blamed", "blames", "blaming"})
#: Prepositions that make a phrase inside an argument a place ("a market in Mali").
LOCATIVE_CASES = frozenset({"in", "near", "inside", "outside", "across", "within", "around"})
#: Intransitive verbs of dying: their subject is the victim of the act that obliques them.
DEATH_VERBS = frozenset({"died", "perished", "drowned"})
#: The participle of a result clause whose object is the act's victims ("..., killing 40").
CASUALTY_PARTICIPLES = frozenset({"killing", "wounding", "injuring", "killed", "wounded"})
#: Capitalised words that are no names of actors: days, months (a time "on Tuesday" is no target).
NOT_NAMES = frozenset(w.lower() for w in CALENDAR_WORDS)
#: Dependency labels of a verb's agent, and of its patient (Universal Dependencies).
AGENT_PATHS = {"active": ("nsubj",), "passive": ("obl:agent", "agent")}
PATIENT_PATHS = {"object": ("obj", "dobj", "iobj"), "passive": ("nsubj:pass", "nsubjpass")}
#: Prepositions whose object is what an act was aimed at, and the one that names its agent.
TARGET_PREPOSITIONS = frozenset({"on", "against", "at", "targeting", "into", "toward", "towards"})
AGENT_PREPOSITION = "by"
#: Labels of a noun's modifiers that can name who acted: "U.S. strike", "Israel's strike".
NOUN_AGENT_LABELS = frozenset({"compound", "amod", "nmod:poss", "poss", "nmod"})


#: Longer "sentences" (characters) are not parsed: their roles come from the rules alone. No
#: sentence of news text is this long; a text without full stops is, and the parser's time grows
#: with its length (100,000 characters: 4 s of the extraction's 6).
PARSE_MAX = 2_000


@functools.lru_cache(maxsize=1)
def parser():
    """The packaged tagger + parser, or None where it was not trained into the package."""
    if not (MODEL_DIR / "meta.json").is_file():
        return None
    import spacy

    return spacy.load(MODEL_DIR)


#: Characters of distinct sentences the parser reads per document at most; the sentences after
#: that get their roles from the rules alone. The parser's time is linear in what it reads but
#: is most of the extraction's (about 50 ms per 1,000 characters: a 100,000-character text of
#: short sentences of speech verbs or quotes spent 2.5 s of 3.2 s in it); no news text here
#: comes near the bound (the 84 real-news texts, the seed and the development and held-out sets
#: parse at most 1,910 characters each), a long-read of 40,000 characters would get the rules'
#: roles in its last part.
PARSE_BUDGET = 20_000


class _Budget:
    """What the parser may still read of one document; a sentence read once is free again."""

    def __init__(self, chars: int):
        self.left, self.read = chars, set()

    def admits(self, sentence: str) -> bool:
        if sentence in self.read:
            return True
        if len(sentence) > self.left:
            return False
        self.left -= len(sentence)
        self.read.add(sentence)
        return True


_BUDGET: ContextVar[_Budget | None] = ContextVar("parse_budget", default=None)


@contextlib.contextmanager
def parse_budget(chars: int = PARSE_BUDGET) -> Iterator[None]:
    """Within this block (one document's extraction) the parser reads at most ``chars``
    characters of distinct sentences; outside any block it reads every sentence it is given."""
    token = _BUDGET.set(_Budget(chars))
    try:
        yield
    finally:
        _BUDGET.reset(token)


def _parsed(sentence: str):
    """The sentence's parse, or None: no parser, a sentence over :data:`PARSE_MAX` or past the
    document's :func:`parse_budget`."""
    if parser() is None or len(sentence) > PARSE_MAX:
        return None
    budget = _BUDGET.get()
    if budget is not None and not budget.admits(sentence):
        return None
    return _parse(sentence)


@functools.lru_cache(maxsize=4096)
def _parse(sentence: str):
    return parser()(sentence)


def _starts(doc) -> list[int]:
    """The parse's token offsets (kept with it: each trigger of the sentence looks them up)."""
    if "token_starts" not in doc.user_data:
        doc.user_data["token_starts"] = [t.idx for t in doc]
    return doc.user_data["token_starts"]


def _token_over(doc, t0: int, t1: int):
    """The first token that holds offset ``t0`` or starts in [t0, t1) (by bisection: looking
    at every token for each trigger took time growing with the square of the sentence)."""
    starts = _starts(doc)
    k = bisect.bisect_right(starts, t0) - 1  # the last token starting at or before t0
    if k >= 0 and t0 < starts[k] + len(doc[k]):
        return doc[k]
    k += 1  # tokens before it end before t0; the next starts after t0
    return doc[k] if k < len(doc) and starts[k] < t1 else None


#: Words of a proper name that make it a body, not a person ("Security Council", "Wagner Group").
BODY_WORDS = frozenset(
    [
        "army",
        "forces",
        "force",
        "ministry",
        "council",
        "committee",
        "group",
        "brigade",
        "brigades",
        "front",
        "movement",
        "party",
        "agency",
        "service",
        "services",
        "guard",
        "guards",
        "police",
        "command",
        "government",
        "office",
        "authority",
        "union",
        "corps",
        "battalion",
        "division",
        "regiment",
        "organisation",
        "organization",
        "coalition",
        "alliance",
    ]
)


def parse_roles(
    sentence: str,
    t0: int,
    t1: int,
    mentions: list[tuple[int, int, str]],
    name: Callable[[int, int, str], str] | None = None,
) -> tuple[list[str], list[str]] | None:
    """(initiators, targets) of the event whose trigger is ``sentence[t0:t1]``, from the parse;
    ``mentions`` are (start, end, actor) in the sentence. An argument that is a proper name no
    mention covers ("Saleh al-Arouri") is passed to ``name(start, end, kind)``, which returns
    the id of an unresolved actor for it. None without a parser or a trigger, for a sentence
    longer than :data:`PARSE_MAX` or past the document's parse budget."""
    doc = _parsed(sentence)
    if doc is None:
        return None
    trigger = _token_over(doc, t0, t1)
    if trigger is None:
        return None
    initiators, targets, aimed_at = [], [], []
    for agents, patients in _readings(trigger):
        initiators = initiators or _actors(agents, mentions, name)
        targets += _actors(patients, mentions, name)
        aimed_at += patients
    if not targets:  # no actor was hit: the site that was ("a strike on the Iranian consulate")
        targets = _actors(aimed_at, mentions, name, sites=True)
    targets = [a for a in dict.fromkeys(targets) if a not in initiators]
    return initiators, targets


def speakers_of_act(
    sentence: str, t0: int, t1: int, mentions: list[tuple[int, int, str]]
) -> list[str]:
    """The actors who tell the act: the subject of the verb of saying whose complement holds the
    trigger ("Ukrainian authorities say a rocket strike killed 30": the authorities tell of the
    strike; they are not its agent, whatever the word order suggests)."""
    doc = _parsed(sentence)
    token = _token_over(doc, t0, t1) if doc is not None else None
    while token is not None and token.head.i != token.i:  # up to the root
        if _said(token):
            return _actors(_subjects(token.head), mentions)
        token = token.head
    return []


def speaker_did_it(sentence: str, t0: int, t1: int) -> bool:
    """Whether the act's verb has a pronoun subject standing for the speaker of the verb of
    saying it hangs on ("Rebels said they killed ...", "the army said it had repelled")."""
    doc = _parsed(sentence)
    if doc is None:
        return False
    k = bisect.bisect_left(_starts(doc), t0)
    verb = doc[k] if k < len(doc) and doc[k].idx == t0 and len(doc[k]) == t1 - t0 else None
    if verb is None or not _is_verb(verb):
        return False  # a trigger of several words ("suffered ... deaths"): not an act verb
    return _said(verb) and any(s.lower_ in PRONOUNS for s in _subjects(verb))


def _readings(trigger) -> list[tuple[list, list]]:
    """The agent and patient tokens of the event the trigger names, nearest reading first: the
    verb itself; or the noun's own modifiers, then the light verb whose object it is."""
    if trigger.pos_ == "VERB" or trigger.tag_.startswith("VB"):
        agents, patients = _verb_arguments(trigger)
        if not agents and trigger.head.lower_ in ACCUSING and trigger.dep_ in ("advcl", "acl"):
            # "Mali accused the Front of attacking X": the accused did it, not the accuser
            agents = [c for c in trigger.head.children if c.dep_ in PATIENT_PATHS["object"]]
        return [(agents, patients)]
    readings = [_noun_arguments(trigger)]
    head = trigger.head
    if trigger.dep_ in ("nmod", "pobj") and head.lower_ in QUANTITY_NOUNS:
        # "launched a barrage of rockets at X": the quantity stands in the trigger's place
        trigger, head = head, head.head
    if trigger.dep_ in ("obj", "dobj") and head.lower_ in LIGHT_VERBS:
        readings.append(_verb_arguments(head))
    if trigger.dep_ in ("obl", "nmod") and head.lower_ in HARM_VERBS:
        victims = [c for c in head.children if c.dep_ in PATIENT_PATHS["passive"]]
        readings.append(([], victims))
    if trigger.dep_ in ("obl", "nmod") and head.lower_ in DEATH_VERBS:
        # "32 civilians died in the attack": who died are the act's victims
        readings.append(([], _subjects(head)))
    if trigger.dep_ in AGENT_PATHS["active"] and head.lower_ in HARM_VERBS:
        # "A drone strike killed X": the act is the subject, its victim the verb's object
        victims = [c for c in head.children if c.dep_ in PATIENT_PATHS["object"]]
        readings.append(([], victims))
    sufferer = _sufferer(trigger)
    if sufferer is not None:
        # "the army admitted it had suffered a large number of deaths": the army was hit
        readings.append(([], [sufferer]))
    if trigger.dep_ in SUBJECT_LABELS and _is_verb(head):
        # "the strikes were directed at positions held by X": what the act's verb was aimed at
        readings.append(([], _aimed_at(head)))
    if _told_by_verb(trigger, head):
        # "Iran fired missiles at Israel in its first attack": the verb that tells the act, and
        # the verbs of launching joined to it ("launched drones and fired missiles at X")
        joined = [c for c in head.children if c.dep_ == "conj" and c.lower_ in LIGHT_VERBS]
        readings += [_verb_arguments(v) for v in (head, *joined)]
    return readings


def _sufferer(noun):
    """The subject of a verb of suffering whose object holds the act noun ("suffered heavy
    losses", "sustained a large number of deaths"), a pronoun read as the speaker's; or None."""
    token = noun
    for _ in range(2):
        if token.dep_ in ("obj", "dobj") and token.head.lower_ in SUFFER_VERBS:
            subjects = _subjects(token.head)
            if not subjects:
                return None
            return _named_subject(subjects[0], token.head)
        token = token.head
    return None


def _is_verb(token) -> bool:
    return token.pos_ == "VERB" or token.tag_.startswith("VB")


def _aimed_at(verb) -> list:
    """The objects of the verb's obliques that say what it was aimed at ("at X", "on X")."""
    return [
        o
        for c in verb.children
        if c.dep_ in ("obl", "prep", "nmod") and _case(c) in TARGET_PREPOSITIONS
        for o in _object_of(c)
    ]


def _told_by_verb(noun, verb) -> bool:
    """The act noun names what a verb of launching tells: "fired missiles ... in its attack",
    "launched drones ..., a retaliatory strike" (a conjunct or an "in" oblique of the verb)."""
    if verb.lower_ not in LIGHT_VERBS or not _is_verb(verb):
        return False
    return noun.dep_ in ("conj", "appos") or (noun.dep_ == "obl" and _case(noun) == "in")


def _verb_arguments(verb) -> tuple[list, list]:
    agents, patients = [], []
    if verb.dep_ == "conj" and _is_verb(verb.head) and not _subjects(verb):
        # "Iran launched drones and fired missiles at X": the conjunct shares the subject
        agents += [_named_subject(s, verb.head) for s in _subjects(verb.head)]
    for child in verb.children:
        dep = child.dep_
        if dep in AGENT_PATHS["active"]:
            agents.append(_named_subject(child, verb))  # may be None
        elif dep in AGENT_PATHS["passive"]:
            agents += _object_of(child)
        elif dep in PATIENT_PATHS["object"] or dep in PATIENT_PATHS["passive"]:
            patients.append(child)
        elif dep in ("obl", "prep", "nmod"):
            case = _case(child)
            if case == AGENT_PREPOSITION:
                agents += _object_of(child)
            elif case in TARGET_PREPOSITIONS:
                patients += _object_of(child)
        elif dep == "xcomp" and child.lower_ in ("targeting", "hitting"):
            patients += [c for c in child.children if c.dep_ in PATIENT_PATHS["object"]]
        elif dep in ("advcl", "xcomp", "conj") and child.lower_ in CASUALTY_PARTICIPLES:
            # "attacked a village, killing 40 civilians": the dead are the act's victims
            patients += [c for c in child.children if c.dep_ in PATIENT_PATHS["object"]]
    return agents, patients


def _subjects(verb) -> list:
    return [c for c in verb.children if c.dep_ in AGENT_PATHS["active"]]


def _named_subject(subject, verb):
    """The verb's subject, a pronoun read as the speaker of the verb of saying it hangs on
    (:func:`_speaker_of`, None if nobody is named)."""
    return _speaker_of(verb) if subject.lower_ in PRONOUNS else subject


def _possessor(noun):
    """Whose "its"/"their" act is: the subject of the verb the noun's clause hangs on ("Iran
    fired missiles in its first attack")."""
    verb = noun.head
    # up to the root, compared by index: spaCy makes a new Token at each access, so `verb.head is
    # not verb` always held and a verbless clause looped for ever (fuzz extract #5036, #11027)
    while not _is_verb(verb) and verb.head.i != verb.i:
        verb = verb.head
    if not _is_verb(verb):
        return None
    subjects = _subjects(verb) or (_subjects(verb.head) if verb.dep_ == "conj" else [])
    subject = subjects[0] if subjects else None
    return None if subject is None or subject.lower_ in PRONOUNS else subject


def _said(token) -> bool:
    """Whether the token heads what a verb of saying says ("they said [they killed ...]")."""
    return token.dep_ in ("ccomp", "parataxis") and token.head.lower_ in SPEECH_VERBS


def _speaker_of(verb):
    """'Rebels said they killed ...': the subject of the verb of saying stands for the pronoun."""
    if _said(verb):
        subject = next(iter(_subjects(verb.head)), None)
        if subject is not None and subject.lower_ not in PRONOUNS:
            return subject
    return None  # nobody the sentence names


def _noun_arguments(noun) -> tuple[list, list]:
    agents, patients = [], []
    for child in noun.children:
        if child.i < noun.i and child.dep_ in NOUN_AGENT_LABELS:
            agents.append(_possessor(noun) if child.lower_ in POSSESSIVE_PRONOUNS else child)
        elif child.dep_ in ("nmod", "prep", "obl", "acl"):
            case = _case(child)
            if case == AGENT_PREPOSITION:
                agents += _object_of(child)
            elif case in TARGET_PREPOSITIONS:
                patients += _object_of(child)
    return agents, patients


def _case(token) -> str | None:
    """The preposition of a UD oblique/nominal modifier ("on" in "strikes on X"), or of a
    classic prepositional phrase."""
    if token.dep_ == "prep":
        return token.lower_
    return next((c.lower_ for c in token.children if c.dep_ == "case"), None)


def _object_of(token) -> list:
    if token.dep_ == "prep":
        return [c for c in token.children if c.dep_ == "pobj"]
    return [token]


def _actors(
    tokens: list, mentions: list[tuple[int, int, str]], name=None, sites: bool = False
) -> list[str]:
    """The actors mentioned inside the tokens' subtrees (conjuncts too), in text order; a proper
    name the mentions miss is named through ``name``; with ``sites``, an argument that names no
    actor but a place of people or a thing hit ("the Iranian consulate", "a railway station")
    is named through ``name`` as a site."""
    found = []
    for token in (t for t in tokens if t is not None):
        before = len(found)
        lo = min(t.idx for t in token.subtree)
        hi = max(t.idx + len(t) for t in token.subtree)
        places = _locative_spans(token)
        inside = [
            (a, actor)
            for a, b, actor in mentions
            if lo <= a and b <= hi and not any(x <= a and b <= y for x, y in places)
        ]
        if name is not None:  # the head's own name, where no mention covers it
            inside += [
                (a, name(a, b, kind))
                for a, b, kind in _proper_names(token)
                if not any(x < b and a < y for x, y, _ in mentions)
            ]
            inside += [
                (a, name(a, b, "demonym"))
                for a, b in _demonyms(token, places)
                if not any(x < b and a < y for x, y, _ in mentions)
            ]
        found += [(a, actor) for a, actor in inside if actor is not None]
        if sites and name is not None and len(found) == before:
            found += [(a, name(a, b, "site")) for a, b in _sites(token)]
    return list(dict.fromkeys(actor for _, actor in sorted(found) if actor is not None))


def _sites(head) -> list[tuple[int, int]]:
    """The site an argument names, and the sites conjoined with it: the head noun of
    :data:`SITE_NOUNS` with the words that name it before it ("the Iranian consulate",
    "Kyiv's main children's hospital", "a railway station"), without articles, numbers or
    adjectives of manner ("a packed music venue": "music venue")."""
    spans = []
    for token in [head, *(c for c in head.children if c.dep_ == "conj")]:
        if token.lower_ not in SITE_NOUNS or token.tag_ not in ("NN", "NNS"):
            continue
        naming = [
            c for c in token.subtree if c.i < token.i and c.head.i <= token.i and _names_site(c)
        ]
        first = min((c.i for c in naming), default=token.i)
        run = token.doc[first : token.i + 1]
        spans.append((run.start_char, run.end_char))
    return spans


def _names_site(token) -> bool:
    """A word before a site's noun that belongs to its name: a compound ("railway station"),
    an owner ("children's"), or a capitalised modifier ("Iranian", "Okhmatdyt")."""
    if token.dep_ == "case":
        return token.lower_ in POSSESSIVE_MARKS  # "children's", not "on" or "against"
    if token.dep_ in ("compound", "nmod:poss", "poss") and token.tag_ != "PRP$":
        return True
    return token.dep_ == "amod" and token.text[:1].isupper()


def _demonyms(head, places: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Inside an argument, the words that may be demonyms naming its party ("an Israeli drone",
    "Houthi targets"): modifiers of an act, force or means (:data:`PARTY_NOUNS`), outside the
    phrases that say where; whether the word is a demonym is the caller's ``name``'s to say."""
    return [
        (t.idx, t.idx + len(t))
        for t in head.subtree
        if t.dep_ in DEMONYM_LABELS
        and t.i < t.head.i
        and t.head.lower_ in PARTY_NOUNS
        and t.text[:1].isupper()
        and not any(x <= t.idx < y for x, y in places)
    ]


def _locative_spans(head) -> list[tuple[int, int]]:
    """Inside an argument, the phrases that say where ("a market in Mali", "positions near the
    border"): a state named there is a place, not a party to the act."""
    spans = []
    for t in head.subtree:
        if t is head:
            continue
        if any(c.dep_ == "case" and c.lower_ in LOCATIVE_CASES for c in t.children):
            sub = list(t.subtree)
            spans.append((min(x.idx for x in sub), max(x.idx + len(x) for x in sub)))
    return spans


def _proper_names(head) -> list[tuple[int, int, str]]:
    """The proper name a head token heads (with its compound and flat parts: "Saleh al-Arouri",
    "Mohamed Abdi"), and the names conjoined with it: (start, end, kind), kind person or
    organisation; days and months are no names."""
    names = []
    for token in [head, *(c for c in head.children if c.dep_ == "conj")]:
        if token.tag_ not in ("NNP", "NNPS") or token.lower_ in NOT_NAMES:
            continue
        parts = [token] + [
            c for c in token.children if c.dep_ in NAME_PARTS and c.tag_ in ("NNP", "NNPS")
        ]
        lo, hi = min(t.i for t in parts), max(t.i for t in parts)
        run = token.doc[lo : hi + 1]
        if any(t.tag_ not in ("NNP", "NNPS", "HYPH") for t in run):
            run = token.doc[token.i : token.i + 1]
        if len(run) == 1 and run[0].i == run[0].sent.start:
            continue  # one capitalised word opening the sentence ("Gunmen killed"): no name
        words = {t.lower_ for t in run}
        kind = "organisation" if words & BODY_WORDS or len(run) == 1 else "person"
        names.append((run.start_char, run.end_char, kind))
    return names


#: Nouns that a demonym before them makes a party's: the act itself and the forces and means that
#: carry it out or are hit ("an Israeli strike", "Israeli jets", "Houthi targets", "Malian
#: soldiers"); not people at large ("Iraqi civilians") nor places ("the Iranian consulate").
_PARTY_WORDS = """
    strike strikes airstrike airstrikes attack attacks bombing bombings raid raids assault
    offensive shelling bombardment operation operations incursion ambush
    drone drones jet jets aircraft warplane warplanes plane planes helicopter helicopters
    missile missiles rocket rockets artillery warship warships navy army military forces force
    troops soldiers soldier fighters fighter militants militant gunmen rebels commandos units
    unit police guards targets target positions position facilities facility sites site bases
    base installations outposts outpost convoy convoys vessels vessel territory soil
"""
PARTY_NOUNS = frozenset(_PARTY_WORDS.split())
#: Nouns of a site an act may hit, named as its target where no actor is ("an air strike on the
#: Iranian consulate", "a missile hit a railway station"): buildings and places of people,
#: infrastructure, gatherings and ships.
_SITE_WORDS = """
    consulate embassy hospital clinic school university kindergarten dam station plant market
    marketplace mosque church synagogue temple shrine camp bridge airport port harbour harbor
    refinery depot warehouse hotel theatre theater venue hall mall building residence home house
    apartment compound headquarters office ceremony funeral wedding concert gathering procession
    ship tanker freighter carrier bus train substation pipeline
"""
SITE_NOUNS = frozenset(_SITE_WORDS.split())
POSSESSIVE_MARKS = frozenset({"'s", "\u2019s", "'", "\u2019"})
#: Dependency labels by which a demonym modifies a noun ("Israeli" amod "jets").
DEMONYM_LABELS = frozenset({"amod", "compound", "nmod", "nmod:poss"})

#: Labels that join the parts of one name.
NAME_PARTS = frozenset({"compound", "flat", "flat:name", "fixed"})
