"""Rules of the event layer, as data: which trigger words are not an occurrence (a weapon naming
an attack, an aggregate, a generic plural, a state of affairs), back-references, who did it (an
agent phrase, a weapon's launcher, a demonym, the clause's subject), what makes a trigger a
possibility, a plan, a background occurrence or a casualty report about an event already told,
and the wording of statements and their release."""

from __future__ import annotations

import re

from .lexicon import DEMONYMS

# --------------------------------------------------------------------------------------------
# Trigger words

#: The words of a sentence (triggers are looked up among them).
LETTERS = re.compile(r"[A-Za-z]+")
#: "anti-tank missile attacks": the weapon names the kind of attack.
WEAPON_NAMES_ATTACK = re.compile(r"\s+(?:[\w-]+\s+){0,2}?(?:attacks?|strikes?)\b")
#: "repeated strikes ... this year": an aggregate, not one occurrence.
AGGREGATE_BEFORE = re.compile(
    r"\b(?:these|those|such|repeated|continued|frequent|sporadic|regular)\s+"
    r"(?:[\w-]+\s+){0,2}$",
    re.I,
)
#: "troops are deployed in Iraq": a state of affairs.
STATE_OF_AFFAIRS_BEFORE = re.compile(r"\b(?:are|is|remain|remains)\s+(?:\w+\s+)?$")
#: "fire" is a trigger only in "opened fire".
OPEN_BEFORE = re.compile(r"\bopen(?:ed|s)?\s+$")
#: A plural trigger followed, in its clause, by "since <when>": a tally, not one occurrence.
SINCE = re.compile(r"[^;:,]{0,60}?\bsince\b")
#: "two precise air strikes", "three drone attacks": a few occurrences counted one by one.
FEW = re.compile(r"\b(?:two|three|four|five|[2-5])\s+(?:[a-z]+\s+){0,2}$", re.I)
#: "the strike", "this attack", "the Jan. 28 attack": a back-reference to an event already told.
DEFINITE = re.compile(
    r"\b(?:the|this|that|its)\s+(?:(?:recent|latest|same|deadly|drone|rocket|U\.S\.|"
    r"Jan\.?\s+\d+|\w+-\w+|(?-i:[a-z]+)(?<!ing))\s+){0,2}(?-i:[A-Z][a-z]+\s+)?$",
    re.I,
)
#: A count word ("that dozens of rockets"): a complementiser, not a reference.
COUNT_WORD = re.compile(
    r"\b(?:dozens|hundreds|thousands|scores|several|many|some|numerous|two|three|four|five|"
    r"six|seven|eight|nine|ten)\b|\d",
    re.I,
)

# --------------------------------------------------------------------------------------------
# Who did it, and to whom

#: "(conducted|carried out|launched) by X" after the trigger (a possessor before X names where).
AGENT_AFTER = re.compile(r"[^.;]{0,40}?\bby\s+(?:the\s+)?(?:[A-Z][\w.-]*(?:'s|\u2019s)\s+)?")
#: "Yemen's Houthis": between a possessor and what it possesses.
POSSESSIVE_GAP = re.compile(r"(?:'s|\u2019s)\s+")
#: Between a weapon's launcher and the trigger: "Drones launched by X struck".
WEAPON_BY = re.compile(
    r"\b(?:drones?|missiles?|rockets?|shells|bombs|projectiles|mortars?)\s+"
    r"(?:launched|fired|flown|sent)\s+by\s+(?:the\s+)?$",
    re.I,
)
WEAPON_GAP = re.compile(r"\s*(?:\w+\s+)?")
#: "talks between X and Y": both are parties.
BETWEEN = re.compile(r"\bbetween\s+")
#: The object of a trigger: "on/against/targeting X".
OBJECT_GAP = re.compile(
    r"[^.;]{0,30}?\b(?:on|against|targeting|at|hitting|killing|kill)\s+(?:the\s+|a\s+|an\s+)?"
)
#: "X was killed": X is a target.
PASSIVE_HARM = re.compile(
    r"\b(?:was|were|had been|have been|been)\s+(?:\w+ly\s+)?(?:killed|struck|targeted|hit|wounded|injured|attacked)\b"
)
#: "rockets were fired": a passive just before the trigger.
PASSIVE_BEFORE = re.compile(r"\b(?:was|were|had been|have been|been)\s+(?:\w+ly\s+)?$")
#: "... were fired": a passive launch after the trigger.
PASSIVE_LAUNCH = re.compile(
    r"\b(?:was|were|had been|have been|been)\s+(?:\w+ly\s+)?(?:fired|launched)\b"
)
#: "... by X" right after a passive launch.
BY_AFTER = re.compile(r"\s+by\b")
#: "X, an umbrella group that includes Y, for the attack": an apposition between the subject
#: and the trigger.
SUBJECT_APPOSITION = re.compile(r",[^,;]{1,120},\s*(?:[\w.]+\s+){0,4}$")
#: Reported speech whose clause has a subject of its own: "said ... that two F-15 jets had".
REPORTED_SUBJECT = re.compile(
    r"\b(?:said|says|stated|announced|added|confirmed|told\s+\w+)\b[^;]*?\bthat\s+"
    r"(?!(?:it|they|we|he|she|its|their|his|her|our)\b)[^;]*$"
)
#: Weapons, aircraft or men "of" a force: the force is who acts.
MEANS_OF = re.compile(
    r"\b(?:aircraft|jets|warplanes|planes|helicopters|drones|troops|soldiers|units|fighters|"
    r"forces|gunmen)\s+of\s+(?:the\s+)?$"
)
#: A preposition before an actor: an object, not the subject.
PREPOSITION_BEFORE = re.compile(
    r"\b(?:of|on|against|to|during|for|by|amid|after|before|from)\s+(?:the\s+)?$"
)
#: "by X and the Y": the second of two agents.
BY_COORDINATED = re.compile(r"\bby\s+(?:[\w.-]+\s+){0,2}(?:and|or)\s+(?:the\s+)?$")
#: An unnamed non-state armed collective ("Iran-aligned militants", "gunmen").
NON_STATE = re.compile(
    r"\b(?:militants|militias?|fighters|gunmen|insurgents|rebels|factions|jihadists)\b", re.I
)
#: Who "strikes by U.S. jets" names: a demonym after the trigger.
BY_DEMONYM = re.compile(
    r"[^.;]{0,60}?\bby\s+(?:the\s+)?(?P<d>"
    + "|".join(re.escape(d) for d in DEMONYMS)
    + r")\s+(?:[\w-]+\s+){0,2}?(?:jets|aircraft|warplanes|drones?|forces|troops|military|army|navy)\b"
)
#: Who "an Israeli strike" or "a U.S. drone strike" names: a demonym before the trigger.
DEMONYM_BEFORE = re.compile(
    r"\b(?P<d>" + "|".join(re.escape(d) for d in DEMONYMS) + r")(?:-led)?\s+"
    r"(?:(?:[a-z]+|[A-Z]{1,3}-?\d[\w-]*)\s+){0,2}$"  # "U.S. F-15E jets", "an Israeli air"
)
#: "Hamas's attack": the possessor of a background trigger did it.
POSSESSOR_BEFORE = re.compile(r"(?:'s|\u2019s)\s+(?:[\w-]+\s+){0,2}")
# "which Tehran blamed on Israel": the party blamed for the act just named.
BLAMED_ON = re.compile(
    r"^[^.;]{0,80}?,?\s*(?:which|that)\s+(?:[\w.'\u2019-]+\s+){1,4}?"
    r"(?:has\s+|have\s+|had\s+)?(?:blamed|pinned)\s+on\s+(?:the\s+)?$"
)
#: "Some militia officials blamed a U.S. drone": who did the act told just before.
BLAMED_MEANS = re.compile(
    r"\b(?:blamed|accused)\s+(?:an?|the)\s+(?P<d>"
    + "|".join(re.escape(d) for d in DEMONYMS)
    + r")\s+(?:[\w-]+\s+)?(?:drone|drones|strike|strikes|airstrike|aircraft|missile|jets?)\b"
)
#: "The strike, which X claimed responsibility for": the speaker credited with the act.
AGENT_BEFORE_REFERENCE = re.compile(
    r"\b(?:carried out|conducted|launched|claimed responsibility for)\s+"
    r"(?:the|this|that|its)\s+(?:[\w-]+\s+){0,2}$"
)
#: "by" anywhere after a back-reference: it names its agent.
BY_WORD = re.compile(r"\bby\b")

# --------------------------------------------------------------------------------------------
# Not an occurrence of its own

# A trigger that names an earlier occurrence as the motive or the reference point of the
# sentence's own event ("in retaliation for an April 1 strike", "a day after an Israeli strike",
# "two days after a drone attack killed"): its own date, if any, and no subject-based initiator.
#: Before "protest" that gives a motive, not a gathering: "firing missiles at ships in protest
#: over the war", "resigned as a protest against the decision".
MOTIVE_BEFORE = re.compile(r"\b(?:in|as\s+an?)\s+$", re.I)
#: Between an act's noun and what it hit: "the attack on the U.S. Embassy", "the strike against
#: a militia base" (not "the strike in self-defense against a leader": the act's own phrase only).
REFERENCE_TARGET = re.compile(r"\s+(?:on|against)\s+(?:the\s+|an?\s+)?(?:[a-z][\w-]*\s+){0,2}")
BACKGROUND = re.compile(
    r"(?:\b(?:retaliat\w*|response|revenge|reprisal|avenge)\b[^.;:]{0,40}?\b(?:for|to)"
    r"|\b(?:after|following|since|before))\s+(?:(?:an?|the|its|their)\s+)?"
    r"(?:[\w.'\u2019-]+\s+){0,3}$",
    re.I,
)
MODAL_AFTER = re.compile(
    r"\s+(?:[\w-]+\s+){0,3}?(?:could|might|may|would|should|can)\s+(?:not\s+)?(?:have\s+)?(?:been\s+)?"
    r"(?:fired|launched|used|struck|hit)\b"
)
PLANNED = re.compile(
    r"\b(?:prepar\w*|plan|plans|planned|planning|scheduled|due|expected|set|agreed)\s+"
    r"(?:for|to)\s+(?:[\w-]+\s+){0,4}$",
    re.I,
)
MODAL = re.compile(
    r"\b(?:could|would|might|may|should|will|can|to)\s+(?:not\s+)?(?:have\s+)?(?:been\s+)?"
    r"(?:\w+\s+)?$",
    re.I,
)
# "four soldiers were killed" with no agent: a casualty report about an event already told.
PASSIVE_KILLED = re.compile(
    r"\b(?:was|were|had been|have been|has been)\s+(?:\w+ly\s+)?killed\b(?!\s+by\b)", re.I
)
#: "... was killed in an ambush": the casualty's own event is named, not an earlier one.
KILLED_IN_AN = re.compile(r"\s+(?:in|during|after)\s+an?\s")
NEW_EVENT = re.compile(r"\b(?:another|separate|second|new|earlier|previous)\b", re.I)
#: "the ongoing conflict": a conflict is an event only when it is ongoing.
ONGOING_CONFLICT = re.compile(
    r"\b(?:ongoing|continuing)\s+(?:\w+\s+)?(?:conflict|war|fighting)\b", re.I
)
#: "an attack": an indefinite trigger is a new event, not a back-reference.
INDEFINITE_BEFORE = re.compile(r"\b(?i:an?)\s+(?:[\w.'\u2019-]+\s+){0,2}$")
#: A campaign rather than one act.
CAMPAIGN = re.compile(r"\b(?:ongoing|continu\w+|conducting|during)\b")
#: "denied" or "denies" in a sentence blaming someone: the status is denied.
DENIED = re.compile(r"\bden(?:ied|ies)\b")
#: "the ongoing conflict between X and Y": a conflict's parties are named after "between".
BETWEEN_WORD = re.compile(r"\bbetween\b")

# --------------------------------------------------------------------------------------------
# Time of an event

#: "during the U.S.-led war in Iraq": a time the source names but does not date.
DURING_WAR = re.compile(r"\bduring the [\w.' -]{0,40}?(?:war|conflict|occupation|insurgency)\b")
#: A state of affairs: the event is ongoing at publication.
ONGOING = re.compile(r"\b(?:ongoing|continu\w+|remains?|maintains?|conducting)\b")

# --------------------------------------------------------------------------------------------
# Statements and calls

# The speaker says it did it: "CENTCOM said it had carried out the strike", "the Israeli
# military said its aircraft had 'eliminated' Nasser".
OWN_ACT = re.compile(
    r"^\s*(?:that\s+)?(?:it|they|we|its\s+(?:[\w-]+\s+){0,2}?(?:aircraft|forces|jets|troops|"
    r"drones?|fighters|warplanes|units))\s+(?:had\s+|has\s+|have\s+)?(?:\w+ly\s+)?"
    r"[\"'\u201c\u2018]?(?:carried out|conducted|launched|struck|killed|eliminated|targeted|hit)\b",
    re.I,
)
# A statement that announces the speaker's own course of action ("said it was suspending
# operations", "said ... would end its mission").
ANNOUNCES = re.compile(
    r"\b(?:was|were|is|are|would|will)\s+(?:\w+ly\s+)?(?:suspend|end|halt|stop|withdraw|resume|"
    r"start|begin|launch|close|reopen|lift|impose|cease|pull)(?:ing)?\b",
    re.I,
)
# "The statement was posted ... at about 9 p.m.": the time of a statement told just before.
RELEASED = re.compile(
    r"\b(?:statement|announcement|it|which)\s+(?:\w+\s+){0,2}?(?:was|were)\s+(?:\w+ly\s+)?"
    r"(?:released|issued|posted|published|broadcast|read out|made public)\b",
    re.I,
)
#: "Blinken called Iraqi Prime Minister al-Sudani": a call is talks (and the parties negotiate).
CALLED = re.compile(
    r"\b(?:called|phoned|telephoned|spoke\s+(?:by\s+phone\s+)?(?:with|to)|met(?:\s+with)?)\s+"
)

#: "the attack demonstrated that ...", "demonstrated the group's reach": a verb of showing, not a
#: protest; a protest verb is intransitive ("demonstrated outside", "marched on Sunday").
NOT_A_PROTEST_AFTER = re.compile(
    r"\s+(?:that|the|a|an|its|their|his|her|how|what|this|these|those|once|again)\b", re.I
)
#: "a crowd gathered" is a crowd; it is a protest when the text says so.
GATHERED_TO_PROTEST = re.compile(
    r"^[^.;]{0,80}?\b(?:protest|against|demand|chant|rally|denounce|condemn)", re.I
)

#: A toll as the story updates it ("has risen to 60", "climbed to", "now stands at"): the latest
#: figure is the one the text gives as current.
TOLL_UPDATE = re.compile(
    r"\b(?:risen|rose|rises|climbed|climbs|jumped|increased|reached|hit|hits|now stands)\b", re.I
)

#: A trigger that is a verb ("struck", "attacked", "blew"): never a back-reference, whatever
#: article stands before its subject.
VERB_FORM = re.compile(r"[a-z]+ed|struck|blew|shot|fired|blowing|destroying")

#: Verbs by which a party claims an act as its own, and by which one blames another for it.
SELF_CLAIM_VERBS = frozenset({"claimed", "claims", "claim"})
ACCUSING_VERBS = frozenset({"accused", "accuses", "blamed", "blames"})
