"""Rules of the relation layer, as data: the wordings of backing, designation, membership and
command, support, blame, opposition and talks, each a pattern the relation layer matches in a
sentence and reads its actors around."""

from __future__ import annotations

import re

from .lexicon import DEMONYMS

# --------------------------------------------------------------------------------------------
# Who belongs to whom

#: "U.S. Central Command": the first capitalised word of a name may name whose it is.
FIRST_WORD = re.compile(r"[A-Z][\w.]*")
#: "fighters under the ... banner, including the X", "an umbrella, including X".
BANNER_INCLUDING = re.compile(r"\b(?:banner|umbrella)\b,?\s+including\s+(?:the\s+)?")
#: "groups, including X".
GROUPS_INCLUDING = re.compile(r"\b(?:groups|militias|factions),?\s+including\s+")
#: "an umbrella group that includes X (and Y)".
UMBRELLA_INCLUDES = re.compile(
    r"\b(?:umbrella|coalition|alliance)\s+(?:group|of groups|of\s+(?:[\w-]+\s+){0,2}?(?:factions|groups|militias))?\s*(?:that|which)\s+includes\s+(?:the\s+)?"
)
#: "X and the Y", "X, Y": actors listed together.
LIST_GAP = re.compile(r"\s*(?:,|and|, and)\s+(?:the\s+)?")
#: "X ... as part of the Y".
AS_PART_OF = re.compile(r"\bas (?:a )?part of\s+(?:an?\s+|the\s+)?")
#: "the Revolutionary Guards' elite Quds Force": a unit of the organisation that owns it.
POSSESSED_UNIT_GAP = re.compile(r"(?:'s|\u2019s|'|\u2019)\s+(?:elite\s+|special\s+)?")
#: "X headed the Aziz unit", "X commands the Radwan Force": who leads the unit.
HEADED = re.compile(r"\b(?:headed|heads|led|leads|commanded|commands)\s+(?:the\s+)?")
#: "The British maritime security agency UKMTO": a body of that state's government.
DEMONYM_AGENCY = re.compile(
    r"\b(?:[Tt]he\s+)?(?P<d>British|American|Israeli|Iranian|Iraqi|Jordanian|Syrian|Turkish)\s+"
    r"(?:[a-z]+\s+){0,3}(?:agency|authority|service|office|command|ministry)\s+"
)

# --------------------------------------------------------------------------------------------
# Titles

#: Between an actor and a title: a verb or a conjunction ("Blinken called Iraqi Prime Minister
#: al-Sudani"), so the title is not the actor's.
VERB_BEFORE_TITLE = re.compile(r"\b(?:\w+ed|said|says|told|and|with|to|met)\s")
#: A title that heads a body, and the words that make it a junior one.
HEAD_TITLE = re.compile(r"\b(?:commander|leader|chief|secretary-general)\b")
JUNIOR = re.compile(r"\b(?:senior|deputy|field|local|a|an)\b")
#: "X, commander of Y", "X, a commander in the elite Y".
TITLE_TAIL = re.compile(
    r"\s+(?:of|in|for|with|at)\s+(?:the\s+|its\s+|their\s+)?(?:elite\s+|special\s+)?"
)
#: "X, commander of Y" / "X, the leader of Y" heads Y.
HEADS_APPOSITION = re.compile(r",\s+(?:the\s+)?(?:commander|leader|chief)\b")

# --------------------------------------------------------------------------------------------
# Backing, designation and support

#: "Iran-backed Houthi militants", "Y, the Iran-backed Lebanese group".
X_BACKED = re.compile(r"\b(?P<by>[A-Z][\w.]*)-backed\s+")
#: "Y, the Iran-backed ...": an apposition before "X-backed".
APPOSITION_ARTICLE = re.compile(r"(?:^|[^,]),\s+(?:the|an?)\s+$")
#: "the U.S.-designated terrorist group".
DESIGNATED_BY = re.compile(r"\b(?P<by>[A-Z][\w.]*)-designated\b")
#: "the State Department announced the designation of Ansarallah".
DESIGNATION_OF = re.compile(r"\bdesignation\s+of\s+(?:the\s+)?")
#: "Nujaba, which Washington designated a terrorist organisation".
WHICH_DESIGNATED = re.compile(
    r",\s+(?:which|whom)\s+(?P<by>[A-Z][\w.\u2019']*(?:\s+[A-Z][\w.]*)?)\s+(?:has\s+|had\s+)?"
    r"designated\b"
)
#: "X supporting Y", "in support of Y" (then the subject supports Y).
SUPPORTING = re.compile(r"\bsupport(?:ing|s|ed)?\s+")
IN_BEFORE = re.compile(r"\bin\s+$")
#: "American forces had helped Israel", "X backed by Iraqi and coalition aircraft".
HELPED = re.compile(r"\b(?:helped|assisted|aided)\s+(?:the\s+)?")
BACKED_BY = re.compile(r"\b(?:backed|supported|assisted)\s+by\s+(?:the\s+)?")

# --------------------------------------------------------------------------------------------
# Blame

#: "Iran's role in the attack": the speaker attributes the attack.
ROLE_IN_ATTACK = re.compile(
    r"\b(?P<who>[A-Z][\w.-]*)(?:'s|\u2019s)\s+(?:role|hand|involvement)\s+in\s+the\s+(?:\w+\s+)?(?:attack|strike|bombing)"
)
#: The words of blame a claim may hold (only then are the three rules below tried).
BLAME_WORDS = re.compile(r"held|retaliat|revenge|respond|whom")
#: "held the international coalition (directly) responsible".
HELD = re.compile(r"\bheld\s+(?:the\s+)?")
ADJECTIVE_GAP = re.compile(r"(?:[a-z]+\s+)?")
RESPONSIBLE = re.compile(r"\s+(?:directly\s+|fully\s+)?responsible")
#: "vowed to retaliate against Israel".
RETALIATE_AGAINST = re.compile(r"\b(?:retaliate|revenge|respond)\s+against\s+(?:the\s+)?")
#: "X, whom it accused of directing attacks".
WHOM_ACCUSED = re.compile(r"(?P<x>\S)\s*,\s+whom\s+(?:it|he|she|they)\s+accused\s+of\b")
#: "which Tehran blamed on Israel".
WHICH_BLAMED = re.compile(
    r",?\s*(?:which|that)\s+(?P<by>[A-Z][\w.\u2019']*)\s+(?:has\s+|had\s+)?(?:blamed|pinned)\s+on\s+"
    r"(?:the\s+)?"
)
# "The strike, which Syria's defence ministry said was carried out by Israeli F-35 jets"
SAID_CARRIED_OUT = re.compile(
    r"\b(?:which|that)\s+(?P<by>[A-Z][^,;]{0,60}?)\s+(?:said|says|claimed|alleged)\s+(?:it\s+)?"
    r"(?:was|were|had been)\s+(?:carried out|conducted|launched)\s+by\s+(?:the\s+)?"
    r"(?:(?P<d>" + "|".join(re.escape(d) for d in DEMONYMS) + r")\b)?"
)

# --------------------------------------------------------------------------------------------
# Opposition and talks

#: "strikes on Houthi targets", "operations against U.S. forces", "declared victory over IS".
OPPOSES = re.compile(
    r"\b(?:strikes|airstrikes|attacks|raids|operations|fighting|victory\s+over|war\s+(?:on|against))"
    r"[\"\u201d']?\s+(?:(?:on|against)\s+)?(?:the\s+)?",
    re.I,
)
#: "... by X" after an opposed actor: who holds the opposition.
BY_PHRASE = re.compile(r"\s+by\s+(?:the\s+)?")
#: "the coalition against the Islamic State group".
AGAINST = re.compile(
    r"\b(?:coalition|alliance|campaign|operations|attacks|fight)\s+against\s+(?:the\s+)?"
)
#: Talks named in a sentence, and "X and Y" before them.
TALKS = re.compile(r"(?i:talks|negotiations|discussions)")
AND_GAP = re.compile(r"\s+and\s+(?:the\s+)?")
#: "talks between X and Y".
TALKS_BETWEEN = re.compile(r"\b(?i:talks|discussions|negotiations)\s+(?:\w+\s+){0,2}between\s+")

# --------------------------------------------------------------------------------------------
# The subject of a sentence

#: What may come before a subject that opens the sentence: an article, or an introductory
#: phrase up to a comma.
SUBJECT_LEAD = re.compile(r"\s*(?:(?:The|the)\s+)?")
INTRODUCTORY_LEAD = re.compile(r"[^,]{0,40},\s*(?:the\s+)?")
