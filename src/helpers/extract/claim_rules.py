"""Rules of the claim layer, as data: what makes a word a speech act, where the speaker stands
(before the verb, after it in an inverted quote, a role, a pronoun, "according to"), which body a
spokesperson speaks for, and what links a second speech act to its speaker."""

from __future__ import annotations

import re

from .actor_rules import TITLES

# --------------------------------------------------------------------------------------------
# Speech verbs

#: Lower-case words: the candidates for a speech verb.
WORD = re.compile(r"[a-z]+")
#: Verbs that are speech acts only in one construction ("put the toll at", "issued a
#: statement", "directed that"); "say" not after "to"/"not" ("declined to say").
VERB_NEEDS = {
    "put": re.compile(r"\s+the\s+(?:[\w-]+\s+){0,2}(?:toll|number|figure|count)\b"),
    "issued": re.compile(r"\s+an?\s+(?:[\w-]+\s+){0,2}(?:statement|communique|warning)\b"),
    "directed": re.compile(r"\s+that\b"),
    # "dismissed the move as", "dismissed the report": a rejection, not a sacking
    "dismissed": re.compile(r"\s+(?:the|it|this|these|those|such|reports?|claims?)\b"),
}
#: "declined to say", "did not deny": not a speech act.
NOT_BEFORE_SAY = re.compile(r"\b(?:to|not|n't)\s+$")
# A verb in a relative clause ("X, a coalition that has claimed dozens of attacks, said"): not
# the sentence's speech act.
RELATIVE_VERB = re.compile(r"\b(?:that|which|who)\s+(?:has|have|had)\s+(?:also\s+)?$")

# --------------------------------------------------------------------------------------------
# The speaker

#: Between the verb and a speaker after it: a title ("said spokesman X").
TITLE_AFTER_VERB = re.compile(rf"\s+(?:{TITLES})\s+")
#: '"...," said X': a quote closes just before the verb ...
QUOTE_BEFORE_VERB = re.compile(r"[,\"\u201d']\s*$")
#: ... and X closes the clause ("said 19 people had died" is not it).
CLAUSE_END = re.compile(r"\s*(?:[,.;]|$)")
#: "Kata'ib Hizballah, the most powerful of Iraq's Iran-aligned factions, said": an apposition
#: between the subject and the verb.
APPOSITION_BEFORE_VERB = re.compile(
    r",[^,;]{1,120},\s*(?:(?:also|has|have|had|later|then|further|earlier|again|previously|"
    r"reportedly|separately|on|(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day)\s+){0,2}$"
)  # only adverbs, auxiliaries and a day between: ", officials said" has its own subject
#: "..., killing 40 civilians, officials said": a clause ends and a subject of common nouns
#: stands right before the verb; the actor before the comma is not the speaker.
_ROLE_TAIL = (
    r"\s*(?:the\s+|local\s+|some\s+|two\s+|three\s+)?(?:[a-z][\w-]*\s+){0,2}"
    r"(?:officials?|police|sources?|witnesses|residents|medics|doctors|authorities|officers|"
    r"spokes(?:man|woman|person)|ministry|army|military|media|agency|observers|activists)"
    r"(?:\s+(?:also|later|had|has|have))?\s+$"
)
ROLE_SUBJECT_GAP = re.compile(r"[^,;]*," + _ROLE_TAIL)
#: What follows the comma of :data:`ROLE_SUBJECT_GAP` (matched from the comma on).
ROLE_SUBJECT_TAIL = re.compile(_ROLE_TAIL)
#: "The United States and Iraq said": two speakers.
AND_BETWEEN_SPEAKERS = re.compile(r"\s+(?:and|&)\s+(?:the\s+)?")
#: "It said ...", "He also claimed ...", "On Monday they said": the speaker of the previous claim.
PRONOUN_SPEAKS = re.compile(
    r"\s*(?:(?:On|Late|Early|Later|Earlier)\s+(?:[\w.]+\s+){0,2}?[\w.]+,?\s+)?"
    r"(?:It|He|She|They|it|he|she|they)\s+(?:also\s+|later\s+|further\s+)?"
    r"(?P<v>[a-z]+)\b"
)
#: A stated position without a speech verb: "the United States remains committed to ...".
STATED_POSITION = re.compile(r"\b(?:remains?|is|are)\s+(?:committed|determined|ready|prepared)\b")
ACCORDING_TO = re.compile(r"\baccording to\s+", re.I)
#: "..., as announced by the Ministry of Defence", "As reported by local media, ...": the speaker
#: is the "by" phrase, not a name before the verb.
AS_VERBED_BY = re.compile(
    r"\b[Aa]s\s+(?P<verb>announced|reported|stated|confirmed|said|claimed|noted|revealed)\s+by\s+"
    r"(?:the\s+)?"
)
# An unnamed speaker described by its role: "The vessel's Greek-based manager said", "Syrian
# state media said", "an Iraqi security official put the number at".
ROLE_SPEAKER = re.compile(
    r"(?:^|[,;]\s+|\b(?:while|but|and|whereas)\s+)(?!(?:but|and|while|whereas|or)\b)"
    r"(?P<np>(?:(?:[Tt]he|[Aa]n?)\s+)?"
    r"(?:[\w\u2019'-]+\s+){0,3}?(?:manager|owner|operator|captain|director|official|officials|"
    r"source|sources|officer|officers|media|monitor|doctor|doctors|agency|spokesman|spokeswoman|"
    r"rebels|separatists|insurgents|militants|fighters|residents|witnesses|activists))"
    # where they are, which names no speaker: "Separatist rebels in northern Mali said"
    r"(?P<where>\s+(?:in|from|near)\s+(?:the\s+)?(?:[\w\u2019'-]+\s+){0,2}?[A-Z][\w\u2019'-]+)?"
    r"\s+(?:also\s+)?$"
)
#: "Al-Sudani ordered an inquiry, his office said": the person named before.
HIS_OFFICE = re.compile(r"\b(?:his|her)\s+office\s+$")

# --------------------------------------------------------------------------------------------
# Whom a speaker speaks for

# Only a spokesperson (or an official, a press secretary) speaks for the body named before the
# title; a named chairman, commander or minister speaks as himself.
TITLE_GAP = re.compile(
    r"(?:'s|\u2019s)?\s+(?:[a-z]+\s+){0,2}(?:spokes(?:man|woman|person)|official|"
    r"press secretary|deputy press secretary)\s*,?\s+"
)
#: "a spokesman for the Hezbollah Brigades": the body after the title.
FOR_OR_OF = re.compile(r"\s+(?:for|of)\s+(?:the\s+)?")
#: The words of a capitalised name, and a possessive that is not part of it.
NAME_WORD = re.compile(r"[\w\u2019'.&-]+")
POSSESSIVE_END = re.compile(r"(?:'s|\u2019s)$")

# --------------------------------------------------------------------------------------------
# A second speech act in the sentence

#: "condemned ... and denied": the same speaker.
AND_BEFORE_VERB = re.compile(r"(?:^|\s)and\s+(?:also\s+)?$")
#: "..., whom it accused of ...": the same speaker.
WHOM_PRONOUN = re.compile(r"\b(?:whom|which|who)\s+(?:it|he|she|they)\s+(?:also\s+)?$")
#: Where a new clause with a subject of its own begins.
CLAUSE_BREAK = re.compile(
    r"(?:;|,\s*(?:while|but|whereas|and|which|that|who|whom)\b|\bwhile\b|\bbut\b)"
)
#: "A U.S. official said Washington had told Tehran ...": reported speech.
AUXILIARY_GAP = re.compile(r"\s+(?:had\s+|has\s+|have\s+|also\s+)?")
#: An auxiliary between a subject and its speech verb ("X has condemned", "X had also said").
AUXILIARY_BEFORE = re.compile(r"\s+(?:has|have|had)(?:\s+also)?\s*$")

# --------------------------------------------------------------------------------------------
# Unattributed assertions

# Motive, justification and responsibility asserted by the text itself (no speech verb found).
UNATTRIBUTED = re.compile(
    r"\b(?:in (?:response|retaliation|reprisal) (?:to|for)|(?:directly |partly )?responsible for"
    r"|in an effort to|(?:aimed|intended|designed) (?:at|to)|as a warning to)\b",
    re.I,
)

#: Before an actor's name: a preposition that makes it where the speaker is, not the speaker
#: ("Separatist rebels in northern Mali said", "officials in Kyiv said").
LOCATIVE_BEFORE_SPEAKER = re.compile(
    r"\b(?:in|near|from|across|outside|inside|at)\s+(?:the\s+)?(?:[a-z]+\s+){0,2}$"
)
