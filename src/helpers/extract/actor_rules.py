"""Rules of the actor layer, as data: the patterns that find actor mentions the gazetteer's
phrase rulers do not (role phrases, counted and backed collectives, crowds, units, capitals and
ministries that speak for governments, titled names) and the contexts that make a name a place."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------------------------
# Unnamed actors: role phrases, collectives, crowds

ROLE = re.compile(
    r"\b(?:an?|the)\s+(?:(?:senior|top|prominent|key|high-ranking|local|former)\s+)?"
    r"(?P<role>leader|commander|official|member|spokesman|spokeswoman|spokesperson|fighter|operative)"
    r"\s+(?:of|in|from|with)\s+(?:the\s+)?(?P<group>[A-Z][\w’'.-]*(?:\s+(?:[A-Z][\w’'.-]*|al-\w+|of|the))*)"
)

GROUP_ROLE = re.compile(
    r"\b(?:an?|the)\s+(?P<group>[A-Z][\w’'.-]*(?:\s+[A-Z][\w’'.-]*){0,3})\s+(?P<role>commander|leader|official|spokesman|fighter)\b"
)
COLLECTIVE = re.compile(
    r"\b(?:(?:suspected|radical|armed|unidentified|unknown)\s+)?(?:(?P<backer>[A-Z][\w.]*)-(?:backed|aligned|allied|linked)|pro-(?P<pro>[A-Z][\w.]*))\s+"
    r"(?P<what>militants|militias|militia|groups|group|fighters|factions|gunmen|forces|proxies|militant groups|armed groups)\b"
)
ALLIES = re.compile(r"\b(?:its|their|his)\s+(?:allies|partners|proxies)(?:\s+in\s+[A-Z][\w-]*)?")
COUNTED = re.compile(
    r"\b(?P<n>\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|dozens|several|numerous)\s+"
    r"(?P<who>(?:U\.S\.|US|American|Iraqi|Syrian|Israeli|Jordanian|Iranian|Lebanese|Palestinian|British)\s+)?"
    r"(?P<what>soldiers|troops|service members|servicemembers|civilians|people|fighters|militants|personnel|sailors|contractors)\b"
)


# People who act or speak without a name: "hundreds of people", "Thousands of mourners",
# "some protesters", "Israeli medics", "witnesses", "Some militia officials".
CROWD = re.compile(
    r"\b(?:(?:[Hh]undreds|[Tt]housands|[Dd]ozens|[Ss]cores|[Tt]ens of thousands)\s+of\s+"
    r"(?:[A-Z][\w.]*\s+)?(?:people|mourners|supporters|protesters|demonstrators|residents|"
    r"worshippers|students)"
    r"|(?:[Ss]ome|[Ss]everal|[Mm]any)\s+(?:[a-z]+\s+)?(?:protesters|demonstrators|officials|"
    r"residents|witnesses)"
    r"|(?:witnesses|medics|eyewitnesses|paramedics))\b"
)
CROWD_QUALIFIER = re.compile(r"(?:^|(?<=\s))[A-Z][a-z]+\s+$")
#: What follows counted people or a crowd who are victims ("16 people ... were killed",
#: "hundreds of people were wounded"), not actors.
VICTIMS = re.compile(
    r"(?:,[^,;]{0,60},)?\s*(?:were|was|had been|have been|had|have)?\s*(?:\w+ly\s+)?"
    r"(?:killed|dead|died|wounded|injured|missing|hurt|slain|shot dead|gunned down|massacred)\b"
)
#: ... or what comes before them ("killing three soldiers").
HARMED_BEFORE = re.compile(
    r"\b(?:killing|killed|kill|wounding|wounded|injuring|injured)\s+"
    r"(?:at least\s+|more than\s+|some\s+)?$"
)
#: The patterns of unnamed actors, in the order their candidates are collected.
UNNAMED = (COLLECTIVE, ALLIES, COUNTED, ROLE, GROUP_ROLE, CROWD)
#: A leading article, dropped from an unresolved actor's id ("a senior leader" -> "senior-leader").
LEADING_ARTICLE = re.compile(r"^(?:an?|the)\s+", re.I)
#: What an unresolved actor's id slug keeps: runs of anything else become one hyphen.
SLUG_BREAK = re.compile(r"[^a-z0-9]+")
#: Words that make an unnamed actor outside the gazetteer a person rather than a collective.
PERSON_WORDS = re.compile(
    r"\b(leader|commander|spokes\w*|official|minister|president|chief)\b", re.I
)

# --------------------------------------------------------------------------------------------
# Named units, people and bodies that speak for a state

UNIT = re.compile(
    r"\b(?:(?P<its>its|their)|the)\s+(?:elite\s+|special\s+)?"
    r"(?P<unit>[A-Z][a-z]+(?:\s+[A-Z][a-z]+)?\s+(?:Force|[Uu]nit|Brigade|Battalion|Corps))\b"
)
CAPITAL = re.compile(
    r"\b(?P<city>Washington|Baghdad|Tehran|Damascus|Amman|Jerusalem)(?=\s+(?:has\s+|have\s+|had\s+|"
    r"also\s+|later\s+|and\s+(?:Washington|Baghdad|Tehran|Damascus|Amman|Jerusalem)\s+|"
    r"would\s+|will\s+)*(?:said|says|blamed|denied|designated|accused|told|confirmed|announced|"
    r"warned|condemned|rejected|insisted|vowed|agreed|prepare|prepares|wants|sent|ordered|"
    r"responded|imposed|sanctioned|struck|launched|and\s+(?:Washington|Baghdad|Tehran|Damascus|"
    r"Amman|Jerusalem))\b)"
)
# "the government said", "Government spokesman X": the government of the state last named.
THE_GOVERNMENT = re.compile(
    r"\b(?P<det>(?:the|its|The)\s+)?(?P<g>[Gg]overnment)\b(?!\s+of\b)(?P<sp>\s+spokes)?"
)
# "Iran's foreign ministry", "the Iraqi interior ministry", "The defence ministry": a ministry
# speaks and acts for its state's government (the state named before it, or the last one named).
MINISTRY = re.compile(
    r"\b(?:(?P<det>[Tt]he|[Aa]n?|[Ii]ts)\s+)?(?:(?P<owner>[A-Z][\w.]*)(?:'s|\u2019s)?\s+)?"
    r"(?P<m>(?i:foreign|interior|defen[cs]e|health|finance|oil|justice|information)\s+"
    r"(?i:ministry)|(?i:ministry)\s+of\s+(?i:foreign\s+affairs|the\s+interior|interior|"
    r"defen[cs]e|health))\b"
)

# People without a trained NER model: a name after a title ("spokesman Yahya Saree",
# "Gen. Michael Erik Kurilla", "President Joe Biden") or before one ("Wissam al-Tawil, a senior
# commander"). The name alone becomes the (unresolved) actor.
NAME = r"[A-Z][a-z\u2019'-]+(?:\s+(?:al-|el-|bin\s+|abu\s+|Abu\s+)?[A-Z][a-z\u2019'-]+){1,3}"
TITLES = (
    r"spokes(?:man|woman|person)|commander|leader|chief|secretary-general|minister|official|"
    r"President|Prime Minister|Defense Secretary|Secretary of State|Secretary|Gen\.|General|"
    r"Maj\. Gen\.|Lt\. Gen\.|Col\.|Sheikh|Ayatollah|chairman|chairwoman|Chairman|Speaker|"
    r"press secretary|director|Director|ambassador|Ambassador|envoy|governor|Governor"
)
TITLED = re.compile(rf"\b(?:{TITLES})\s*,?\s+(?P<name>{NAME})")
#: Capitalised words that open a sentence before a name and are no part of it ("Later Pavlo
#: Kyrylenko, head of ..., said").
OPENER = re.compile(
    r"(?:Later|Earlier|Meanwhile|However|Separately|Also|Then|Now|Today|Yesterday|Overnight|"
    r"Still|Instead|Afterwards|Finally|Previously|Subsequently)\s+"
)
NAME_TITLE = re.compile(
    rf"(?P<name>{NAME}),\s+(?:(?:the|a|an)\s+(?:[\w-]+\s+){{0,3}}?)?(?P<title>commander|spokes(?:man|woman|person)|leader|official|founder|chief|researcher|analyst|expert|director|chairman|professor|fellow|head)\b"
)

# --------------------------------------------------------------------------------------------
# A name that is a place or a pointer, not an actor

# "Yemen's Houthis", "a Britain-based monitor": the state names where, not who.
NOT_AN_ACTOR_AFTER = re.compile(r"-based\b|(?:'s|\u2019s)\s+")
#: What comes before a place ("in", "near the", "across northern"): a state named after it
#: is where, not who.
LOCATIVE = re.compile(
    r"\b(?i:in|at|near|across|from|to|over|into|inside|outside|of|both|through|toward|towards|"
    r"around|across)\s+(?:the\s+)?"
    r"(?:(?:(?:north|south)(?:-?(?:east|west))?(?:ern)?|(?:east|west)(?:ern)?|central)\s+)?"
    r"(?:[A-Z][\w.-]*(?:\s+and|,)\s+)?$"
)
#: "the group", "this militia": the armed group last named.
ANAPHOR = re.compile(r"\b(?:the|this)\s+(?:group|militia|organi[sz]ation|faction)\b", re.I)

#: Where a description says the person died: before it ("killing") or after it ("was killed").
DIED_BEFORE = re.compile(
    r"\b(?:killed|killing|death of|deaths of|assassinated|assassination of)\s+$", re.I
)
DIED_AFTER = re.compile(
    r"^\s*(?:\([^)]{0,40}\)\s*)?(?:was|were|had been)\s+(?:\w+ly\s+)?(?:killed|assassinated)\b"
)

# --------------------------------------------------------------------------------------------
# The gazetteer's phrase rulers

#: spaCy EntityRuler components built from the gazetteer's surface forms, as (name,
#: phrase_matcher_attr, overwrite_ents): names longer than three characters match
#: case-insensitively, abbreviations ("KH", "IS", "US") only as written.
PHRASE_RULERS = (("actor_ruler", "LOWER", True), ("abbreviation_ruler", "ORTH", False))
