"""Rules on the text as a whole, as data: what is set aside before reading (captions, file-photo
credits, the dateline), where sentences break, which sentences are headings, what is not Unicode
text, how casualty figures are worded, and where a sentence names a place of the seed region."""

from __future__ import annotations

import re

from .lexicon import PLACES

# --------------------------------------------------------------------------------------------
# Set aside before reading

#: Photo captions and credits: their dates never become events.
CAPTION = re.compile(
    r"^[ \t]*(?:\(?(?:file )?photo\s*[:)]|(?:attached\s+|photo\s+)?(?:photograph|picture|image|caption|credit)\s*:|"
    r"\[?(?:on-screen\s+)?graphic\s*:|"
    r"[^\n]{0,200}\b(?:file photo|/ ?file|via getty|getty images|/ ?ap photo|/ ?reuters|"
    r"/ ?afp|photo by|photograph by|/ ?epa|/ ?xinhua|/ ?sputnik|/ ?anadolu|/ ?tass)\b"
    # a credit line's copyright sign ("... March 23, 2024. © Name / Agency")
    r"|[^\n]{0,300}©"
    # a caption of any length that ends with its credit in brackets ("... (AP Photo/Name)")
    r"|[^\n]*\((?:[^()\n]{0,40}\b)?(?:photo|photograph|picture|image)s?\b[^()\n]{0,60}\)\s*$"
    r")[^\n]*$",
    re.IGNORECASE | re.MULTILINE,
)
#: A dateline ("BAGHDAD, Feb 8 (Reuters) -").
DATELINE = re.compile(
    # "KYIV, Ukraine, May 3 (Wire) -", and two cities: "DAMASCUS/BEIRUT, March 12 (Wire) -"
    r"^[ \t]*[A-Z][A-Za-z .'/-]{1,40},(?:[ \t]+[A-Z][A-Za-z .'-]{1,30}?,?)??"
    r"(?:[ \t]+[A-Z][a-z]{2,9}\.?[ \t]+\d{1,2})?(?:,[ \t]*\d{4})?[ \t]*"
    r"(?:\([A-Za-z .]{1,30}\))?[ \t]*[-\u2013\u2014]+[ \t]*"
    # "BEIRUT (AP) —", and "Mogadishu: " as some outlets write it
    r"|^[ \t]*[A-Z][A-Z .'-]{1,40}[ \t]+\([A-Za-z .]{1,30}\)[ \t]*[-\u2013\u2014]+[ \t]*"
    r"|^[ \t]*[A-Z][a-z]+(?:[ \t][A-Z][a-z]+)?:[ \t]+(?=[A-Z])",
    re.MULTILINE,
)
#: The first city of a dateline ("BEIRUT" in "BEIRUT/DAMASCUS, Nov 30 (Wire) -").
DATELINE_CITY = re.compile(r"[ \t]*[A-Z][A-Za-z .'-]*?(?=\s*[/,(:]|\s+[-\u2013\u2014])")
#: A run of more characters than this without a space is tokenised simply (words, and every
#: other character on its own), not by spaCy's affix rules: see
#: :class:`helpers.extract.pipeline.BoundedTokenizer`.
LONG_RUN = 1000
LONG_RUN_TEXT = re.compile(rf"\S{{{LONG_RUN + 1},}}")
#: How such a run is cut: words, and every other character on its own.
SIMPLE_TOKEN = re.compile(r"\w+|[^\w\s]")
#: Lone surrogate code points: not Unicode text.
SURROGATE = re.compile("[\ud800-\udfff]")

# --------------------------------------------------------------------------------------------
# Sentences

#: A blank line always ends a sentence.
#: A blank line always ends a sentence.
PARAGRAPH_BREAK = re.compile(r"\n[ \t]*\n")
#: A single line break ends one where its line ends a sentence or a title (closing punctuation,
#: a capitalised word, a figure) and the next begins like a sentence: a headline, a dateline or
#: a caption has no full stop for the sentencizer, while a sentence wrapped in the middle ends
#: its line with a small word ("near a busy market intersection in").
LINE_BREAK = re.compile(r"\n(?=[ \t]*[A-Z0-9\"“‘(])")
ENDS_A_LINE = re.compile(r"(?:[.!?:)\"”’]|\b[A-Z0-9][\w'’-]*)[ \t]*$")
#: A paragraph that is not prose: a headline, a byline, a letterhead line (no closing
#: punctuation, short). Wire copy repeats a headline's facts in its lead.
HEADING = re.compile(r"[^\n]{0,200}(?:\n[^\n]{0,200}){0,5}(?<![.!?\"\u201d'\u2019:;,)\]])")

# --------------------------------------------------------------------------------------------
# Casualty figures

#: A number or a vague quantity in words.
#: A bare "a" or "an" is one ("killing a commander"), not "a hundred" nor "over a year".
BARE_A = r"a(?!\s+(?:hundred|thousand|year|month|week|day|decade|while|time)s?\b)|an|"
NUMBER = (
    r"(?P<n>\d{1,3}(?:,\d{3})+(?!\d)|\d+|a dozen|a hundred|a thousand|"
    + BARE_A
    + r"one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|dozens|tens|scores|numerous|several|many|some)"
)
#: Up to three words describing who ("U.S. service members").
#: Not across another outcome: "30 people and wounded 2,500", "left 12 dead and 40 wounded".
WHO = r"(?:(?!and\s+(?:killed|wounded|injured|hurt)\b|(?:dead|killed|died)\b)[\w.'-]+\s){0,3}?"
COUNT = NUMBER.replace(BARE_A, "")  # a bare "a" counts only after "death of", "killing"
#: Nouns for the dead beyond people and fighters: "two of his guards were killed".
VICTIMS = (
    "guards|bodyguards|aides|companions|relatives|children|women|villagers|workers|"
    "journalists|sailors|crew members|policemen|police officers|officers|passengers|adults|"
    "boys|girls|students|pupils|patients|staff|employees|residents|farmers|fishermen|pilgrims|"
    "worshippers|miners|herders|doctors|nurses|medics|paramedics|rescuers|volunteers|refugees|"
    "migrants|displaced people"
)
#: Words that bound a figure ("more than 100", "around 2,800"): the figure is still the one read.
APPROX = (
    r"(?:(?:at least|more than|over|around|about|nearly|almost|some|up to|as many as|roughly|"
    r"approximately|an estimated)\s++)?"
)
#: Deaths and injuries, each with its number ("killing at least 16", "three soldiers were killed").
#: Whitespace is matched possessively (``\s++``, ``\s*+``): what follows it is never whitespace,
#: and three optional stretches of it in a row tried every split of a long run of spaces (a
#: 100 KB text with tabs in runs of thousands ran for minutes).
KILLED = [
    re.compile(
        rf"\b(?:killing|killed|deaths? of)\s++{APPROX}{NUMBER}\b",
        re.I,
    ),
    # "left 40 people dead" (not "left 40 people wounded")
    re.compile(
        rf"\bleft\s++{APPROX}{NUMBER}\s++{WHO}(?:people|persons|others|{VICTIMS})?\s*+dead\b", re.I
    ),
    # a toll as it is updated: "the death toll has risen to 21", "death toll hits 37", "the
    # number of the dead we confirmed is 37", "the death toll from the attack outside Moscow has
    # climbed to 60" (the verb is needed: "the death toll in a ..." holds no figure)
    re.compile(
        rf"\b(?:death toll|number of (?:the\s++)?(?:dead|deaths|fatalities)(?:\s++people)?)\s++"
        rf"(?:[\w'’-]+,?\s++){{0,14}}?(?:(?:has|had)\s++)?(?:risen|rose|rises|climbed|climbs|jumped|"
        rf"increased|reached|hit|hits|stands at|stood at|is|was|exceeds?|exceeded|surpassed|"
        rf"topped)\s++(?:to\s++)?"
        rf"(?:at least\s++|more than\s++|over\s++)?{COUNT}\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:at least\s++)?{COUNT}\s++{WHO}(?:people|persons|soldiers|troops|service members|civilians|fighters|militants|members|men|others|{VICTIMS})\s++(?:were|was|have been|had been)?\s*+(?:killed|dead|died|shot dead|gunned down|massacred)\b",
        re.I,
    ),
    re.compile(
        rf"\b(?:at least\s++)?{COUNT}\s++(?:were|have been|had been)\s++(?:killed|dead)\b", re.I
    ),
    # "X was killed along with at least three other people": the one named and the others
    # (the empty group ``and_one`` says to count the one named too)
    re.compile(
        rf"\bkilled\s++along\s++with\s++(?:at least\s++)?{COUNT}\s++"
        rf"(?:other\s++|of\s++(?:his|her|their|its)\s++)?(?:people|persons|others|members|{VICTIMS})\b"
        r"(?P<and_one>)",
        re.I,
    ),
    # "the attacks claimed seven lives", "claimed the lives of 12 people"
    re.compile(rf"\bclaim(?:ed|s)?\s++(?:at least\s++)?{COUNT}\s++lives\b", re.I),
    re.compile(rf"\bclaim(?:ed|s)?\s++the\s++lives\s++of\s++(?:at least\s++)?{COUNT}\b", re.I),
]
INJURED = [
    re.compile(rf"\b(?:injuring|wounding|injuries to|wounded|injured)\s++{APPROX}{NUMBER}\b", re.I),
    re.compile(
        rf"\b{APPROX}{NUMBER}\s++{WHO}(?:people|persons|soldiers|troops|service members|civilians|others)?\s*+(?:were|was)?\s*+(?:injured|wounded|hurt)\b",
        re.I,
    ),
    re.compile(rf"\b{NUMBER}\s++(?:injuries|injured|wounded)\b", re.I),
]

# --------------------------------------------------------------------------------------------
# Places

#: A clock time restated in another zone just before a place: "at 2350 GMT on Sunday, which was
#: 2:50 a.m. on Monday in Damascus", "(1:15 a.m. Wednesday in Baghdad)": the town names the
#: zone of the clock, not where the act took place.
ZONE_RESTATED_BEFORE = re.compile(
    r"(?:which\s+was|or|\()\s*(?:about\s+|around\s+|just\s+after\s+)?\d{1,2}(?:[:.]\d{2})?\s*"
    r"[ap]\.?m\.?(?:\s+(?:on\s+)?\w+day)?(?:\s+(?:in|at))?\s*$",
    re.I,
)

#: A place of the seed region after a preposition ("in Iraq", "near the Red Sea", "around
#: Hodeidah", "in western Yemen"); the longest name first.
PLACE_NAMED = re.compile(
    r"\b(?:in|at|near|on|across|over|around|outside|off)\s+(?:the\s+)?(?:both\s+)?"
    r"(?:(?:northern|southern|eastern|western|central|north-?eastern|north-?western|"
    r"south-?eastern|south-?western)\s+)?("
    + "|".join(re.escape(n) for n in sorted(PLACES, key=len, reverse=True))
    + r")\b"
)
