"""Rules for dating, as data: the shapes of TIMEX3 values, dates told relative to another ("the
day before", "earlier the same day"), the words around a clock time and a zone, and where a time
expression dates a speech act rather than the act it reports."""

from __future__ import annotations

import re

# --------------------------------------------------------------------------------------------
# TIMEX3 values

#: A time of day: the date and the clock (seconds dropped).
MINUTE_VALUE = re.compile(r"(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})(?::\d{2})?")
#: A value that starts with a day (the day is group 1).
DAY_VALUE = re.compile(r"(\d{4}-\d{2}-\d{2})")
#: A value that starts with a day (no group).
DATED_VALUE = re.compile(r"\d{4}-\d{2}-\d{2}")
MONTH_VALUE = re.compile(r"\d{4}-\d{2}")
YEAR_VALUE = re.compile(r"\d{4}")
#: An ISO week ("2020-W01": "last week", "earlier in the week").
WEEK_VALUE = re.compile(r"(\d{4})-W(\d{2})")
#: A week told as the part of it before the day of writing: "earlier in the week", "earlier this
#: week".
EARLIER_PART = re.compile(r"\s*earlier\b", re.I)
#: The clock part of a value ("T21:30"), anywhere in it.
CLOCK_PART = re.compile(r"T\d{2}:\d{2}")
#: A value that ends with a clock time.
CLOCK_VALUE = re.compile(r"T\d{2}:\d{2}$")

# --------------------------------------------------------------------------------------------
# Relative dates

#: "two days after", "the night before", "the previous day", "a day earlier", "later that day".
RELATIVE_DAY = re.compile(
    r"\b(?=[AaOoTtFfSsEeLl])(?:(?P<n>a|one|two|three|four|five|six|seven|the)\s+days?\s+(?P<dir>after|before)"
    r"|the\s+(?:night|day|evening)\s+(?P<dir2>before)|the\s+previous\s+(?:day|night|evening)"
    r"|a\s+day\s+earlier|(?P<same>(?:(?:earlier|later)\s+)?(?:the\s+same|that)\s+day))\b",
    re.I,
)
#: Between a date and a relative one: a new line or a sentence end (then it is not the anchor).
SENTENCE_BREAK = re.compile(r"\n|[a-z][.!?]\s")
#: "the day before the attack": a noun phrase follows, so the date told is the day after it.
BEFORE_A_NOUN = re.compile(r"\s+(?:an?|the|his|her|its|their|[A-Z])")

# --------------------------------------------------------------------------------------------
# Clock times and zones

#: Words around a clock time; a time expression with nothing else is a bare clock time.
CLOCK_WORDS = re.compile(
    r"\b(?:a\.m\.|p\.m\.|am|pm|hours|hrs|local|time|(?-i:[A-Z]{2,4})|about|around|"
    r"in\s+the\s+(?:morning|afternoon|evening))(?!\w)",
    re.I,
)
DIGIT = re.compile(r"\d")
LETTER = re.compile(r"[A-Za-z]")
#: A zone named in a time expression ("local time", "Baghdad time", "GMT", "ET").
ZONE_WORDS = re.compile(
    r"\b(?:local\s+time|[A-Z][a-z]+\s+time|GMT|UTC|Z|[ECMP][SD]?T|ET|BST|CET|CEST|EET|EEST|AST|IST)\b"
)

# --------------------------------------------------------------------------------------------
# The time of a speech act

#: Between a speech verb and a time after it: "said in a statement issued late", "said on".
VERB_THEN_TIME = re.compile(
    r"\s*(?:(?:[\w-]+\s+){0,3}?in an?\s+(?:[\w-]+\s+){0,2}?"
    r"(?:statement|address|briefing|interview|post)\s*"
    r"(?:(?:issued|released|posted|published|sent|broadcast)\s+)?)?"
    r"(?:,\s*)?(?:on|late|early)?\s*",
    re.I,
)
#: Between a time and the speech verb after it: "on Monday denied", "on Monday it also said".
TIME_THEN_VERB = re.compile(r"\s*(?:and\s+)?(?:it|he|she|they|we)?\s*(?:also\s+)?", re.I)
#: ... and after an opening time: "On Thursday, it said".
OPENING_TIME_THEN_VERB = re.compile(r"\s*,?\s*(?:it|he|she|they|we)\s+(?:also\s+)?", re.I)

#: A relative clause ("that originated", "which began", "who fled") between a predicate and a
#: later time expression; and how far after the predicate's start a relative clause is still
#: the predicate's own ("the strike that killed him on Monday").
OTHER_RELATIVE = re.compile(
    r"\b(?:that|which|who|whose)\s+(?:[a-z]+\s+){0,2}?(?:[a-z]+(?:ed|s)|began|begun|broke|came|"
    r"fled|fought|grew|held|led|left|made|rose|saw|took|went|won)\b"
)
OWN_CLAUSE_REACH = 25
