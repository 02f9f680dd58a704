"""A rule-based TimeML/TIMEX3 temporal tagger for English news text.

:func:`tag` finds time expressions in a text and normalises each to a TIMEX3 ``type`` and
``value`` (the strings TempEval-3 scores), anchored on the document creation time (DCT).

Approach
--------
1. **Candidates.** A fixed list of regular expressions, each with a small handler, proposes
   candidates: absolute dates (``February 7, 2024``, ``7 February``, ``2024-02-07``,
   ``02/07/2024``), partial dates (``in March``, ``mid-February``, ``in 2023``, ``the 1990s``,
   ``last summer``), weekdays (``Wednesday night``, ``next Monday``), relative expressions
   (``yesterday``, ``last week``, ``earlier this month``, ``three days ago``), clock times with
   zones (``9:30 p.m. Baghdad time``, ``1400 GMT``, ``10 a.m. ET``), durations (``three days``,
   ``the past 48 hours``, ``several years``), sets (``every day``, ``weekly``) and the TIMEX3
   references ``PRESENT_REF`` / ``PAST_REF`` / ``FUTURE_REF``.
   Month and weekday names are matched case-sensitively (``may``/``march`` are verbs), and a
   bare month name needs a cue (``in May``, ``last March``) or a day or year beside it. Bare
   numbers never fire: a number needs a unit (``three days``), a ``/`` or ``-`` date shape, a
   clock shape, or (for a year) a preposition such as ``in``/``since``.
2. **Overlaps.** Longest candidate wins (ties: earlier start, then pattern order); the result is
   sorted and non-overlapping. Prepositions (``on``, ``in``, ``at``) are never in an extent;
   determiners and modifiers that TimeML includes are (``last week``, ``the past three days``,
   ``mid-February``, ``the 1990s``).
3. **Date + time.** A day-precision date and a clock time joined by ``at`` / ``,`` / ``on`` (in
   either order) become one ``TIME`` (``February 7 at 9:30 p.m. Baghdad time`` ->
   ``2024-02-07T21:30``). A clock time left alone takes its date from a day-precision date earlier
   (or later) in the same sentence, else from the DCT (and ``inferred`` gets ``"date"``).
4. **Zones.** A zone named in the expression (``Baghdad time``, ``GMT``, ``EST``) gives ``tz``
   (an IANA name; US abbreviations map to the DST-following city zone, so ``EST`` in July is
   read as EDT). Bare times and ``local time`` take the caller's ``tz`` (``None`` if none was
   given). Minute-precision times with a zone also get ``utc_value``, converted with
   :mod:`zoneinfo`.

Anchoring conventions (what a news reader expects)
---------------------------------------------------
* A date without a year takes the year that puts it nearest the DCT (ties go to the past), unless
  the clause has a future cue (``will``, ``is expected to`` ...) before it, which picks the next
  occurrence, or a past-tense cue (``was``, ``-ed`` verbs) with the nearest occurrence in the
  future, which picks the previous one. A weekday given with it (``Wednesday, Feb. 7``) wins.
* A bare weekday is its most recent occurrence *on or before* the DCT (in wire copy a Thursday
  article's ``Thursday`` is that same day) unless a future cue precedes it. ``last``/``next`` + weekday are the previous/next occurrence, ``this`` + weekday is the one
  in the DCT's ISO week.
* ``last week`` is an ISO week (``2024-W05``), ``last month`` a month, ``last year`` a year,
  ``two years ago`` a year, ``three days ago`` a day (the granularity of the unit). ``the past
  week`` is a ``DURATION`` (P1W), ``last week`` a ``DATE``.
* Seasons are ``YYYY-SP/SU/FA/WI``; a winter is named by the year in which it starts (December).
* ``early Sunday`` is ``...TMO`` and ``late Sunday`` ``...TNI`` (wire-service usage).
* ``midnight`` is ``T24:00`` of its day (TIMEX3 convention; converted as 00:00 the next day).
* ``inferred`` lists what came from the DCT: ``("year",)`` for a date with no year,
  ``("date",)`` for anything computed wholly from the DCT (weekdays, ``yesterday``, ``last
  week``, a clock time with no date).
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

__all__ = ["ZONE_NAMES", "Timex", "tag"]


@dataclass(frozen=True)
class Timex:
    """One normalised time expression; ``text == source[start:end]``."""

    start: int
    end: int
    text: str
    type: str
    value: str
    tz: str | None = None
    utc_value: str | None = None
    inferred: tuple[str, ...] = ()


# --------------------------------------------------------------------------------------------
# Vocabulary
# --------------------------------------------------------------------------------------------

_MONTH_NUM = {
    "jan": 1,
    "feb": 2,
    "mar": 3,
    "apr": 4,
    "may": 5,
    "jun": 6,
    "jul": 7,
    "aug": 8,
    "sep": 9,
    "oct": 10,
    "nov": 11,
    "dec": 12,
}
_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_POD = {"morning": "MO", "afternoon": "AF", "evening": "EV", "night": "NI", "overnight": "NI"}
_SEASONS = {"spring": "SP", "summer": "SU", "autumn": "FA", "fall": "FA", "winter": "WI"}
_SEASON_ORDER = {"SP": 0, "SU": 1, "FA": 2, "WI": 3}

_SMALL = {
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
}
_TENS = {
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_ORDINALS = {
    "first": 1,
    "second": 2,
    "third": 3,
    "fourth": 4,
    "fifth": 5,
    "sixteenth": 16,
    "seventeenth": 17,
    "eighteenth": 18,
    "nineteenth": 19,
    "twentieth": 20,
    "twenty-first": 21,
    "twenty first": 21,
}

#: Zone abbreviations written after a clock time. US ones map to the city zone (follows DST).
_ABBR_ZONES = {
    "GMT": "UTC",
    "UTC": "UTC",
    "Z": "UTC",
    "ET": "America/New_York",
    "EST": "America/New_York",
    "EDT": "America/New_York",
    "CT": "America/Chicago",
    "CST": "America/Chicago",
    "CDT": "America/Chicago",
    "MT": "America/Denver",
    "MST": "America/Denver",
    "MDT": "America/Denver",
    "PT": "America/Los_Angeles",
    "PST": "America/Los_Angeles",
    "PDT": "America/Los_Angeles",
    "BST": "Europe/London",
    "CET": "Europe/Paris",
    "CEST": "Europe/Paris",
    "EET": "Europe/Athens",
    "EEST": "Europe/Athens",
    "MSK": "Europe/Moscow",
    "JST": "Asia/Tokyo",
    "KST": "Asia/Seoul",
    "HKT": "Asia/Hong_Kong",
    "SGT": "Asia/Singapore",
    "AEST": "Australia/Sydney",
    "AEDT": "Australia/Sydney",
}
#: "<name> time" -> zone.
_NAMED_ZONES = {
    "Baghdad": "Asia/Baghdad",
    "Iraqi": "Asia/Baghdad",
    "Tehran": "Asia/Tehran",
    "Iranian": "Asia/Tehran",
    "Damascus": "Asia/Damascus",
    "Syrian": "Asia/Damascus",
    "Beirut": "Asia/Beirut",
    "Lebanese": "Asia/Beirut",
    "Jerusalem": "Asia/Jerusalem",
    "Tel Aviv": "Asia/Jerusalem",
    "Israel": "Asia/Jerusalem",
    "Israeli": "Asia/Jerusalem",
    "Gaza": "Asia/Gaza",
    "Amman": "Asia/Amman",
    "Jordanian": "Asia/Amman",
    "Riyadh": "Asia/Riyadh",
    "Saudi": "Asia/Riyadh",
    "Sanaa": "Asia/Aden",
    "Yemeni": "Asia/Aden",
    "Aden": "Asia/Aden",
    "Doha": "Asia/Qatar",
    "Dubai": "Asia/Dubai",
    "Abu Dhabi": "Asia/Dubai",
    "Kuwait": "Asia/Kuwait",
    "Cairo": "Africa/Cairo",
    "Egyptian": "Africa/Cairo",
    "Istanbul": "Europe/Istanbul",
    "Ankara": "Europe/Istanbul",
    "Turkish": "Europe/Istanbul",
    "Moscow": "Europe/Moscow",
    "Kyiv": "Europe/Kyiv",
    "Kiev": "Europe/Kyiv",
    "Ukrainian": "Europe/Kyiv",
    "London": "Europe/London",
    "British": "Europe/London",
    "Paris": "Europe/Paris",
    "Berlin": "Europe/Berlin",
    "Brussels": "Europe/Brussels",
    "Kabul": "Asia/Kabul",
    "Islamabad": "Asia/Karachi",
    "Pakistan": "Asia/Karachi",
    "New Delhi": "Asia/Kolkata",
    "India": "Asia/Kolkata",
    "Indian": "Asia/Kolkata",
    "Beijing": "Asia/Shanghai",
    "China": "Asia/Shanghai",
    "Hong Kong": "Asia/Hong_Kong",
    "Taipei": "Asia/Taipei",
    "Tokyo": "Asia/Tokyo",
    "Japan": "Asia/Tokyo",
    "Seoul": "Asia/Seoul",
    "Pyongyang": "Asia/Pyongyang",
    "Manila": "Asia/Manila",
    "Bangkok": "Asia/Bangkok",
    "Jakarta": "Asia/Jakarta",
    "Sydney": "Australia/Sydney",
    "Washington": "America/New_York",
    "New York": "America/New_York",
    "Eastern": "America/New_York",
    "Central": "America/Chicago",
    "Mountain": "America/Denver",
    "Pacific": "America/Los_Angeles",
}
ZONE_NAMES = frozenset(_ABBR_ZONES.values()) | frozenset(_NAMED_ZONES.values())


def _alt(words: object) -> str:
    """A regex alternation of literal words, longest first (so no prefix shadows a word)."""
    return "|".join(
        re.escape(w).replace(r"\ ", r"\s+") for w in sorted(words, key=len, reverse=True)
    )


# --------------------------------------------------------------------------------------------
# Regex building blocks (no nested unbounded quantifiers anywhere)
# --------------------------------------------------------------------------------------------

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November|December"
    r"|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept\.?|Sep\.?|Oct\.?|Nov\.?|Dec\.?)"
    r"(?![A-Za-z])"
)
_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_DAY = r"(?:3[01]|[12][0-9]|0?[1-9])(?:st|nd|rd|th)?(?![0-9])"
_YEAR = r"(?:1[5-9]|20)[0-9]{2}(?![0-9])"
_MOD = r"(?:[Ee]arly|[Ll]ate|[Mm]id)(?:\s*-\s*|\s+)|[Mm]id-?"
_NUMWORD = (
    r"(?:a\s+dozen|a\s+hundred|one\s+hundred|a\s+thousand|"
    r"(?:"
    + _alt(_TENS)
    + r")(?:[- ](?:one|two|three|four|five|six|seven|eight|nine)(?![a-z]))?|"
    + _alt(_SMALL)
    + ")"
)
_NUM = (
    r"(?:[0-9]{1,3}(?:,[0-9]{3}){1,2}(?![0-9])|[0-9]{1,6}(?:\.[0-9]{1,2})?(?![0-9])|"
    + _NUMWORD
    + r"|an?)"
)
_VAGUE = r"(?:a\s+few|few|several|some|many|a\s+couple\s+of|couple\s+of|a\s+number\s+of)"
_UNIT = r"(?:second|minute|hour|day|week|month|year|decade|centur(?:y|ies))"
_AMPM = r"(?:[ap]\.\s?m\.|[ap]\.m(?![a-z])|[ap]m(?![a-z])|[AP]\.M\.|[AP]M(?![A-Za-z]))"
_ZONE = (
    r"(?:(?P<zcity>" + _alt(_NAMED_ZONES) + r")\s+(?:(?:[Ss]tandard|[Dd]aylight|[Ss]ummer)\s+)?"
    r"[Tt]ime(?![a-z])|(?P<zlocal>[Ll]ocal\s+[Tt]ime)(?![a-z])"
    # offsets that have an Etc/GMT zone: UTC-12 to UTC+14 ("GMT-13" would be Etc/GMT+13: none)
    r"|(?P<zabbr>" + _alt(_ABBR_ZONES) + r")"
    r"(?P<zoff>(?:\+(?:1[0-4]|0?[0-9])|-(?:1[0-2]|0?[0-9]))(?![0-9:]))?"
    r"(?![A-Za-z0-9]))"
)
_ZONE_PLAIN = re.sub(r"\(\?P<\w+>", "(?:", _ZONE)  # the same, without named groups
_TIME_CORE = (
    r"(?:(?P<h1>1[0-2]|0?[1-9])(?::(?P<m1>[0-5][0-9]))?\s?(?P<ap>" + _AMPM + r")"
    r"|(?P<h2>2[0-4]|[01]?[0-9]):(?P<m2>[0-5][0-9])(?::(?P<s2>[0-5][0-9]))?(?![0-9:])"
    r"(?:\s?(?:hours|hrs)(?![a-z]))?"
    r"|(?P<h3>2[0-3]|[01][0-9])(?P<m3>[0-5][0-9])(?=\s{0,2}(?:hours|hrs|" + _ZONE_PLAIN + "))"
    r"(?:\s?(?:hours|hrs)(?![a-z]))?"
    r"|(?P<h4>1[0-2]|0?[1-9])\s+o['’]clock"
    r"|(?:12\s+)?(?P<word>[Nn]oon|[Mm]idday|[Mm]idnight)(?![a-z]))"
)
_SENT_BREAK = re.compile(r"[.!?][\"”’')\]]?\s+[A-Z\"“]|\n")
_FUTURE_CUE = re.compile(
    r"(?:\b(?:will|won['’]t|shall|upcoming|going\s+to|plans?\s+to|planned\s+for|scheduled\s+for"
    r"|(?:postponed|delayed|deferred|put\s+off|pushed\s+back|rescheduled|adjourned|moved)\s+"
    r"(?:until|till|to)|due\s+(?:on|by)|set\s+for|slated\s+for|deadline"
    r"|(?:is|are|be)\s+(?:expected|scheduled|set|due|slated|poised|planning)\s+to)\b|['’]ll\b)",
    re.IGNORECASE,
)
_PAST_CUE = re.compile(
    r"\b(?:was|were|had|did|ago|(?!(?:expected|scheduled|planned|slated|proposed|intended|needed"
    r"|called|based|concerned|related|led|united|armed|allied)\b)[a-z]{2,}ed)\b"
)


# --------------------------------------------------------------------------------------------
# Small helpers
# --------------------------------------------------------------------------------------------


def _month(name: str) -> int:
    return _MONTH_NUM[name[:3].lower()]


def number_value(text: str) -> float | None:
    """The value of a number phrase ("three", "twenty-one", "1,200", "a dozen"), or None when it
    is vague (``several``). Shared with :mod:`helpers.extract.text` for casualty figures."""
    s = re.sub(r"[\s-]+", " ", text.strip().lower())
    if s in ("a", "an", "one"):
        return 1
    fixed = {"a dozen": 12, "a hundred": 100, "one hundred": 100, "a thousand": 1000}
    if s in fixed:
        return fixed[s]
    if s[:1].isdigit():
        try:
            value = float(s.replace(",", ""))
        except ValueError:  # "²" is a digit to str.isdigit, not to float
            return None
        return value if math.isfinite(value) else None  # 400 digits: inf, no count
    total = 0
    for part in s.split(" "):
        if part in _SMALL:
            total += _SMALL[part]
        elif part in _TENS:
            total += _TENS[part]
        else:
            return None
    return total


def _fmt(n: float | None) -> str:
    if n is None:
        return "X"
    return str(int(n)) if float(n).is_integer() else f"{n:g}"


def _unit(text: str) -> str:
    u = text.lower()
    if u.startswith("centur"):
        return "century"
    return u[:-1] if u.endswith("s") else u


def _duration(n: float | None, unit: str) -> str:
    codes = {
        "second": "TS",
        "minute": "TM",
        "hour": "TH",
        "day": "D",
        "week": "W",
        "month": "M",
        "year": "Y",
        "decade": "DE",
        "century": "CE",
    }
    code = codes[unit]
    prefix = "PT" if code.startswith("T") else "P"
    return f"{prefix}{_fmt(n)}{code.lstrip('T')}"


def _year_str(y: int) -> str:
    if not 1 <= y <= 9999:
        raise ValueError(y)
    return f"{y:04d}"


def _week(d: dt.date) -> str:
    y, w, _ = d.isocalendar()
    return f"{_year_str(y)}-W{w:02d}"


def _shift_months(y: int, m: int, k: int) -> tuple[int, int]:
    t = y * 12 + (m - 1) + k
    return t // 12, t % 12 + 1


def _unit_value(d: dt.date, unit: str, k: int) -> str:
    """The TIMEX3 value of the unit containing ``d`` shifted by ``k`` units."""
    if unit == "day":
        return (d + dt.timedelta(days=k)).isoformat()
    if unit in ("week", "weekend"):
        value = _week(d + dt.timedelta(weeks=k))
        return value + "-WE" if unit == "weekend" else value
    if unit == "month":
        y, m = _shift_months(d.year, d.month, k)
        return f"{_year_str(y)}-{m:02d}"
    if unit == "quarter":
        q = d.year * 4 + (d.month - 1) // 3 + k
        return f"{_year_str(q // 4)}-Q{q % 4 + 1}"
    if unit == "year":
        return _year_str(d.year + k)
    if unit == "decade":
        return _year_str(d.year + 10 * k)[:3]
    if unit == "century":
        return _year_str(d.year + 100 * k)[:2]
    raise ValueError(unit)


def _season_of(d: dt.date) -> tuple[int, str]:
    """(season year, code); a winter is named by the year of its December."""
    if d.month in (1, 2):
        return d.year - 1, "WI"
    code = {3: "SP", 4: "SP", 5: "SP", 6: "SU", 7: "SU", 8: "SU", 12: "WI"}.get(d.month, "FA")
    return d.year, code


def _pick(candidates: list[dt.date], anchor: dt.date, cue: str | None) -> dt.date | None:
    """Nearest candidate to the anchor (ties to the past), bent by a tense cue."""
    if not candidates:
        return None
    past = [c for c in candidates if c <= anchor]
    future = [c for c in candidates if c > anchor]
    if cue == "future" and future:
        return min(future)
    nearest = min(candidates, key=lambda c: (abs((c - anchor).days), c > anchor))
    if cue == "past" and nearest > anchor and past:
        return max(past)
    return nearest


def _weekday_date(wd: int, anchor: dt.date, mode: str) -> dt.date:
    if mode == "recent":  # a bare weekday: the DCT itself or the latest one before it
        return anchor - dt.timedelta(days=(anchor.weekday() - wd) % 7)
    if mode == "past":
        return anchor - dt.timedelta(days=(anchor.weekday() - wd) % 7 or 7)
    if mode == "future":
        return anchor + dt.timedelta(days=(wd - anchor.weekday()) % 7 or 7)
    return anchor + dt.timedelta(days=wd - anchor.weekday())  # "this": same ISO week


def _time_str(h: int, m: int, s: int | None) -> str:
    return f"T{h:02d}:{m:02d}" + (f":{s:02d}" if s is not None else "")


# --------------------------------------------------------------------------------------------
# Candidates
# --------------------------------------------------------------------------------------------


@dataclass
class _Cand:
    start: int
    end: int
    type: str
    value: str
    inferred: tuple[str, ...] = ()
    zone: str | None = None  # IANA zone named in the expression
    local: bool = False  # "local time": the caller's zone, if any
    needs_date: bool = False  # value is a bare "THH:MM" waiting for a date
    prio: int = 0

    @property
    def is_day(self) -> bool:
        return self.type == "DATE" and bool(_DAY_VALUE.fullmatch(self.value))


_DAY_VALUE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")

Handler = Callable[["_Tagger", re.Match[str]], "_Cand | None"]
_RULES: list[tuple[re.Pattern[str], Handler, frozenset[str]]] = []


def _rule(pattern: str, flags: int = 0, *, on: str) -> Callable[[Handler], Handler]:
    """Register a rule; ``on`` names the trigger groups (_TRIGGER_TABLE) near which it can match."""
    compiled = re.compile(pattern, flags)
    wanted = frozenset(on.split())

    def register(fn: Handler) -> Handler:
        _RULES.append((compiled, fn, wanted))
        return fn

    return register


class _Tagger:
    def __init__(self, text: str, dct: dt.datetime, tz: str | None) -> None:
        self.text = text
        self.dct = dct
        self.day = dct.date()
        self.tz = tz

    # ---- context cues -------------------------------------------------------------------
    def _before(self, start: int, width: int = 100) -> str:
        window = self.text[max(0, start - width) : start]
        cut = max(window.rfind(". "), window.rfind("\n"), window.rfind(";"), window.rfind("? "))
        return window[cut + 1 :]

    def _after(self, end: int, width: int = 50) -> str:
        window = self.text[end : end + width]
        cuts = [i for i in (window.find(". "), window.find("\n"), window.find(";")) if i >= 0]
        return window[: min(cuts)] if cuts else window

    def cue(self, start: int, end: int) -> str | None:
        """'future' / 'past' / None from the words around an expression (clause only)."""
        before = self._before(start)
        if _FUTURE_CUE.search(before):
            return "future"
        if _PAST_CUE.search(before) or _PAST_CUE.search(self._after(end)):
            return "past"
        return None

    # ---- resolution helpers ---------------------------------------------------------------
    def month_day(
        self, month: int, day: int, start: int, end: int, weekday: int | None = None
    ) -> dt.date | None:
        cands = []
        for y in (self.day.year - 1, self.day.year, self.day.year + 1):
            try:
                cands.append(dt.date(y, month, day))
            except ValueError:
                continue
        if weekday is not None:
            matching = [c for c in cands if c.weekday() == weekday]
            cands = matching or cands
        return _pick(cands, self.day, self.cue(start, end))

    def month_only(self, month: int, start: int, end: int) -> int:
        cands = [
            dt.date(y, month, 15) for y in (self.day.year - 1, self.day.year, self.day.year + 1)
        ]
        anchor = self.day.replace(day=15)
        chosen = _pick(cands, anchor, self.cue(start, end))
        assert chosen is not None
        return chosen.year

    def weekday(self, wd: int, start: int, end: int, det: str | None) -> dt.date:
        det = (det or "").lower()
        if det == "next":
            return _weekday_date(wd, self.day, "future")
        if det == "last":
            return _weekday_date(wd, self.day, "past")
        if det == "this":
            return _weekday_date(wd, self.day, "this")
        mode = "future" if self.cue(start, end) == "future" else "recent"
        return _weekday_date(wd, self.day, mode)

    @staticmethod
    def zone_of(m: re.Match[str]) -> tuple[str | None, bool]:
        """(IANA zone, is "local time") from the _ZONE groups of a match."""
        if m.group("zcity"):
            return _NAMED_ZONES[re.sub(r"\s+", " ", m.group("zcity"))], False
        if m.group("zlocal"):
            return None, True
        if m.group("zabbr"):
            hours = int(m.group("zoff") or 0)
            if hours:
                return f"Etc/GMT{-hours:+d}", False  # POSIX sign: Etc/GMT-3 is UTC+3
            return _ABBR_ZONES[m.group("zabbr")], False
        return None, False

    # ---- the pass ---------------------------------------------------------------------------
    def run(self) -> list[Timex]:
        windows = _trigger_windows(self.text)
        cands: list[_Cand] = []
        for prio, (pattern, handler, groups) in enumerate(_RULES):
            for lo, hi in _regions(windows, groups, len(self.text), self.text):
                for m in pattern.finditer(self.text, lo, hi):
                    try:
                        cand = handler(self, m)
                    except (ValueError, OverflowError, KeyError, IndexError):
                        cand = None
                    if cand is not None and cand.end > cand.start:
                        cand.prio = prio
                        cands.append(cand)
        chosen = _resolve_overlaps(cands)
        chosen = self.merge_date_time(chosen)
        self.date_from_context(chosen)
        return [self.finish(c) for c in chosen]

    def merge_date_time(self, cands: list[_Cand]) -> list[_Cand]:
        out: list[_Cand] = []
        i = 0
        while i < len(cands):
            a = cands[i]
            b = cands[i + 1] if i + 1 < len(cands) else None
            if b is not None:
                gap = self.text[a.end : b.start]
                if a.is_day and b.needs_date and _DATE_THEN_TIME.fullmatch(gap):
                    out.append(_combine(a, b, a.start, b.end))
                    i += 2
                    continue
                if a.needs_date and b.is_day and _TIME_THEN_DATE.fullmatch(gap):
                    out.append(_combine(b, a, a.start, b.end))
                    i += 2
                    continue
            out.append(a)
            i += 1
        return out

    def date_from_context(self, cands: list[_Cand]) -> None:
        """Give each lone clock time a date: same sentence first, else the DCT."""
        for i, c in enumerate(cands):
            if not c.needs_date:
                continue
            source = None
            for j in (i - 1, i - 2, i + 1, i + 2):
                if not 0 <= j < len(cands) or not cands[j].is_day:
                    continue
                lo, hi = (cands[j].end, c.start) if j < i else (c.end, cands[j].start)
                if hi - lo <= 200 and not _SENT_BREAK.search(self.text, lo, hi):
                    source = cands[j]
                    break
            if source is not None:
                c.value = source.value + c.value
                c.inferred = source.inferred
            else:
                c.value = self.day.isoformat() + c.value
                c.inferred = ("date",)
            c.needs_date = False

    def finish(self, c: _Cand) -> Timex:
        tz = c.zone
        if tz is None and self.tz is not None and _CLOCK_VALUE.fullmatch(c.value):
            tz = self.tz  # a bare time or "local time": the document's zone
        utc = _to_utc(c.value, tz) if tz else None
        return Timex(
            start=c.start,
            end=c.end,
            text=self.text[c.start : c.end],
            type=c.type,
            value=c.value,
            tz=tz,
            utc_value=utc,
            inferred=c.inferred,
        )


_DATE_THEN_TIME = re.compile(
    r",?\s{1,3}(?:(?:at|by|around|about)\s{1,3}(?:about\s{1,3}|around\s{1,3}|approximately\s{1,3})?)?"
)
_TIME_THEN_DATE = re.compile(r",?\s{0,3}(?:on\s{1,3})?")
_CLOCK_VALUE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}T[0-9]{2}:[0-9]{2}(?::[0-9]{2})?")


def _combine(date: _Cand, time: _Cand, start: int, end: int) -> _Cand:
    return _Cand(
        start=start,
        end=end,
        type="TIME",
        value=date.value + time.value,
        inferred=date.inferred,
        zone=time.zone,
        local=time.local,
    )


def _to_utc(value: str, tz: str) -> str | None:
    if not _CLOCK_VALUE.fullmatch(value):
        return None
    day = dt.date.fromisoformat(value[:10])
    h, m = int(value[11:13]), int(value[14:16])
    s = int(value[17:19]) if len(value) > 16 else 0
    try:
        if h == 24:
            day, h = day + dt.timedelta(days=1), 0
        local = dt.datetime(day.year, day.month, day.day, h, m, s, tzinfo=ZoneInfo(tz))
        utc = local.astimezone(dt.UTC)
    except (OverflowError, ValueError):
        return None  # at the ends of the calendar (year 1 or 9999)
    # isoformat, not strftime: "%Y" gives "1", not "0001", for the first years of the calendar
    return utc.replace(tzinfo=None).isoformat(timespec="seconds" if len(value) > 16 else "minutes")


#: Every rule's match contains a digit or one of these words (as a word start; ``exact``: as a
#: whole word), so a rule only runs on windows around its groups' triggers: most of a news text
#: is never scanned by most rules. (word, group, exact)
_TRIGGER_TABLE: tuple[tuple[str, str, bool], ...] = (
    *((m, "month", False) for m in ("january", "february", "march", "april", "june", "july",
                                     "august", "september", "october", "november", "december")),
    *((m, "month", True) for m in ("may", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
                                    "sept", "oct", "nov", "dec")),
    *((w.lower(), "weekday", False) for w in _WEEKDAYS),
    *((u, "unit", False) for u in ("second", "minute", "hour", "day", "week", "month", "year",
                                    "decade", "centur", "quarter")),
    ("century", "century", False), ("centuries", "century", False),
    *((w, "relday", False) for w in ("today", "yesterday", "tomorrow", "tonight")),
    *((w, "pod", False) for w in ("morning", "afternoon", "evening", "night")),
    *((w, "season", False) for w in ("spring", "summer", "autumn", "winter")),
    ("fall", "season", True),
    *((w, "ref", False) for w in ("nowadays", "current", "present", "moment", "these days",
                                  "recent", "lately", "future", "ahead", "coming")),
    *((w, "ref", True) for w in ("now", "past", "soon")),
    *((w, "setadv", False) for w in ("daily", "weekly", "biweekly", "monthly", "yearly",
                                     "annual", "hourly", "nightly")),
    *((w, "clockword", False) for w in ("noon", "midday", "midnight")),
    ("quarter", "quarter", False),
    ("christmas", "holiday", False), ("new year", "holiday", False),
)  # fmt: skip
_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")
_DIGITS = re.compile(r"[0-9]+")
_SPACE = re.compile(r"\s")
_BEFORE, _AFTER = 60, 80  # window around a trigger: more than any match reaches either side


def _trigger_windows(text: str) -> dict[str, list[tuple[int, int]]]:
    """Per trigger group, windows (lo, hi) around its trigger words; hi is cut at whitespace."""
    n = len(text)
    lower = text.translate(_ASCII_LOWER)  # same length as text, unlike str.lower()
    hits: dict[str, list[tuple[int, int]]] = {}
    for word, group, exact in _TRIGGER_TABLE:
        at = lower.find(word)
        while at >= 0:
            end = at + len(word)
            if not (at and lower[at - 1].isalnum()) and not (
                exact and end < n and lower[end].isalpha()
            ):
                hits.setdefault(group, []).append((at, end))
            at = lower.find(word, end)
    hits["digit"] = [m.span() for m in _DIGITS.finditer(text)]
    windows: dict[str, list[tuple[int, int]]] = {}
    for group, spans in hits.items():
        out: list[tuple[int, int]] = []
        for start, end in sorted(spans):
            lo, hi = max(0, start - _BEFORE), min(n, end + _AFTER)
            if out and lo <= out[-1][1]:
                out[-1] = (out[-1][0], max(out[-1][1], hi))
            else:
                out.append((lo, hi))
        windows[group] = out
    return windows


def _regions(
    windows: dict[str, list[tuple[int, int]]], groups: frozenset[str], n: int, text: str
) -> list[tuple[int, int]]:
    """The union of the groups' windows, each extended to the next whitespace."""
    spans = sorted(w for g in groups for w in windows.get(g, ()))
    out: list[tuple[int, int]] = []
    for lo, hi in spans:
        if out and lo <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], hi))
        else:
            out.append((lo, hi))
    regions = []
    for lo, hi in out:
        space = _SPACE.search(text, hi, min(n, hi + 40))
        regions.append((lo, space.start() if space else min(n, hi + 40)))
    return regions


def _resolve_overlaps(cands: list[_Cand]) -> list[_Cand]:
    """Within each cluster of overlapping candidates: longest first (ties: earlier start, then
    rule order), keeping those that overlap nothing kept so far. Returns them sorted by start."""
    cands.sort(key=lambda c: (c.start, c.start - c.end, c.prio))
    chosen: list[_Cand] = []
    cluster: list[_Cand] = []
    cluster_end = -1
    for c in [*cands, None]:
        if c is not None and c.start < cluster_end:
            cluster.append(c)
            cluster_end = max(cluster_end, c.end)
            continue
        if len(cluster) == 1:
            chosen.extend(cluster)
        elif cluster:
            kept: list[_Cand] = []
            for x in sorted(cluster, key=lambda c: (c.start - c.end, c.start, c.prio)):
                if all(x.end <= k.start or k.end <= x.start for k in kept):
                    kept.append(x)
            chosen.extend(sorted(kept, key=lambda c: c.start))
        if c is not None:
            cluster, cluster_end = [c], c.end
    return chosen


# --------------------------------------------------------------------------------------------
# Rules. Each handler returns a _Cand or None (None = the match is not a time expression).
# --------------------------------------------------------------------------------------------

_CTX_MONTH = (
    r"(?P<ctx>(?i:in|since|by|until|till|through|throughout|during|from|to|before|after|of"
    r"|between|and|or|around|until|last|next|this|early|late))"
)
#: Nouns that make a preceding four-digit number a count ("of 1500 people"), not a year.
_COUNT_NOUN = (
    r"(?:people|persons|troops|soldiers|civilians|fighters|militants|men|women|children|members"
    r"|residents|workers|refugees|cases|deaths|dead|casualties|miles|km|kilometers|kilometres"
    r"|meters|metres|feet|tons|tonnes|dollars|euros|pounds|barrels|rockets|missiles|drones"
    r"|homes|houses|buildings|vehicles|votes)\b"
)
_MONTH_SAFE_CTX = {"in", "since", "until", "till", "through", "throughout", "during"}
_DET_CTX = {"last", "next", "this"}


@_rule(
    r"(?<![0-9-])(?P<y>(?:1[5-9]|20)[0-9]{2})-(?P<m>0[1-9]|1[0-2])-(?P<d>0[1-9]|[12][0-9]|3[01])"
    r"(?:T(?P<H>[01][0-9]|2[0-3]):(?P<M>[0-5][0-9])(?::(?P<S>[0-5][0-9]))?"
    r"(?P<Z>Z|[+-][01][0-9]:?00)?)?(?![0-9])",
    on="digit",
)
def _iso(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    if not m["H"]:
        return _Cand(m.start(), m.end(), "DATE", day.isoformat())
    s = int(m["S"]) if m["S"] else None
    value = day.isoformat() + _time_str(int(m["H"]), int(m["M"]), s)
    zone = None
    if m["Z"]:
        hours = 0 if m["Z"] == "Z" else int(m["Z"][:3])
        zone = "UTC" if hours == 0 else f"Etc/GMT{-hours:+d}"
    return _Cand(m.start(), m.end(), "TIME", value, zone=zone)


@_rule(
    r"(?<![0-9/.])(?P<m>1[0-2]|0?[1-9])/(?P<d>3[01]|[12][0-9]|0?[1-9])/(?P<y>(?:1[5-9]|20)[0-9]{2})"
    r"(?![0-9/])",
    on="digit",
)
def _us_numeric(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    day = dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    return _Cand(m.start(), m.end(), "DATE", day.isoformat())


def _dated(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    """Shared by month-day and day-month: optional weekday and year."""
    month, day = _month(m["mon"]), int(m["day"][:2].rstrip("stndrh"))
    wd = _WEEKDAYS.index(m["wd"]) if m["wd"] else None
    if m["year"]:
        date = dt.date(int(m["year"]), month, day)
        return _Cand(m.start(), m.end(), "DATE", date.isoformat())
    found = t.month_day(month, day, m.start(), m.end(), wd)
    if found is None:
        return None
    return _Cand(m.start(), m.end(), "DATE", found.isoformat(), inferred=("year",))


_rule(
    r"\b(?:(?P<wd>" + _WD + r"),?\s+)?(?P<mon>" + _MONTH + r")\s{0,3}(?P<day>" + _DAY + r")"
    r"(?:,?\s+(?P<year>" + _YEAR + r"))?",
    on="month",
)(_dated)
_rule(
    r"\b(?:(?P<wd>" + _WD + r"),?\s+)?(?:the\s+)?(?P<day>" + _DAY + r")(?:\s+of)?\s+"
    r"(?P<mon>" + _MONTH + r")(?:,?\s+(?P<year>" + _YEAR + r"))?",
    on="month",
)(_dated)


@_rule(
    r"\b(?:" + _CTX_MONTH + r"\s+)?(?P<mod>" + _MOD + r")?(?P<mon>" + _MONTH + r")"
    r"(?:,?\s+(?:of\s+)?(?P<year>" + _YEAR + r"))?",
    on="month",
)
def _month_rule(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    month = _month(m["mon"])
    ctx = (m["ctx"] or "").lower()
    if len(m["mon"].rstrip(".")) <= 4 and month not in (5, 6, 7) and not m["year"]:
        return None  # an abbreviation alone ("in Mar-a-Lago", "by Dec.") is not a month
    if not (m["year"] or m["mod"] or ctx):
        return None
    if month == 5 and not (m["year"] or m["mod"]) and ctx not in _MONTH_SAFE_CTX | _DET_CTX:
        return None  # "May" after "to"/"and"/"by"... is too often a name or the modal
    start = m.start("mod") if m["mod"] else m.start("mon")
    if ctx in _DET_CTX and not m["mod"]:
        start = m.start("ctx")
    if m["year"]:
        return _Cand(start, m.end(), "DATE", f"{int(m['year']):04d}-{month:02d}")
    if ctx in _DET_CTX and not m["mod"]:
        base = t.day.year
        if ctx == "last":
            year = base if month < t.day.month else base - 1
        elif ctx == "next":
            year = base if month > t.day.month else base + 1
        else:
            year = base
        return _Cand(start, m.end(), "DATE", f"{_year_str(year)}-{month:02d}", inferred=("year",))
    year = t.month_only(month, start, m.end())
    return _Cand(start, m.end(), "DATE", f"{_year_str(year)}-{month:02d}", inferred=("year",))


@_rule(
    r"\b(?:(?P<ctx>(?i:in|since|by|until|till|through|throughout|from|to|during|before|after|of"
    r"|between|and|around|circa|year|fiscal))\s+)?(?P<mod>" + _MOD + r")?"
    r"(?P<year>(?:1[5-9]|20)[0-9]{2})(?![0-9]|['’]?s\b|,[0-9]|\.[0-9]|%|\s+" + _COUNT_NOUN + ")",
    on="digit",
)
def _year_rule(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    if not (
        m["ctx"]
        or m["mod"]
        or _YEAR_BEFORE_NOUN.search(
            t.text, _determiner_from(t.text, m.start("year")), m.start("year")
        )
        and _NOUN_AFTER.match(t.text, m.end())
        or _RANGE_NEXT.match(t.text, m.end())
    ):
        return None
    start = m.start("mod") if m["mod"] else m.start("year")
    return _Cand(start, m.end(), "DATE", m["year"])


#: "a 2010 raid", "the 2024 election": a year between a determiner and a lower-case noun.
_YEAR_BEFORE_NOUN = re.compile(
    r"\b(?:[Aa]n?|[Tt]he|[Hh]is|[Hh]er|[Ii]ts|[Tt]heir|[Oo]ur|[Tt]hat|[Tt]his)\s+$"
)
#: The longest determiner _YEAR_BEFORE_NOUN knows ("their"), plus one character for its \b.
_DETERMINER_REACH = 6
_SPACE = re.compile(r"\s")


def _determiner_from(text: str, end: int) -> int:
    """Where a search for _YEAR_BEFORE_NOUN ending at ``end`` can start: a determiner right
    before the run of whitespace that ends there. Searching from the text's start gave the same
    answer at a cost that grew with the position (quadratic over a long text)."""
    at = end
    while at > 0 and _SPACE.match(text, at - 1):
        at -= 1
    return max(0, at - _DETERMINER_REACH)


_NOUN_AFTER = re.compile(r"\s+(?:[a-z][a-z-]+)\b")
#: "2009-2010", "1957-58", "2009 to 2010": a year whose range goes on
_RANGE_NEXT = re.compile(r"\s?[-–/]\s?(?:(?:1[5-9]|20)[0-9]{2}|[0-9]{2})(?![0-9])")


@_rule(
    r"(?P<y1>(?:1[5-9]|20)[0-9]{2})\s?[-–/]\s?(?P<y2>(?:1[5-9]|20)[0-9]{2}|[0-9]{2})(?![0-9%])",
    on="digit",
)
def _year_range_end(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    """The second year of a range, "2009-2010" or "1957-58" (the first is the year rule's)."""
    first, second = m["y1"], m["y2"]
    if len(second) == 2:
        second = first[:2] + second
    if not 0 < int(second) - int(first) <= 10:
        return None  # "1957-49" or a score, not a range of years
    return _Cand(m.start("y2"), m.end("y2"), "DATE", second)


_QUARTER_ORD = {
    "first": 1,
    "1st": 1,
    "second": 2,
    "2nd": 2,
    "third": 3,
    "3rd": 3,
    "fourth": 4,
    "4th": 4,
}


@_rule(
    r"\b(?:(?P<the>[Tt]he)\s+)?(?P<ord>first|second|third|fourth|1st|2nd|3rd|4th)[-\s]quarter\b"
    r"(?:\s+(?:of\s+)?(?P<year>" + _YEAR + r"))?"
    r"|\bQ(?P<q>[1-4])(?:\s+(?P<qyear>" + _YEAR + r"))?\b",
    re.IGNORECASE,
    on="digit quarter",
)
def _quarter(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    """A financial quarter, "the third quarter", "third-quarter profit", "Q3 2024": its year is
    the one given, else the latest such quarter up to the publication date."""
    n = _QUARTER_ORD[m["ord"].lower()] if m["ord"] else int(m["q"])
    year = m["year"] or m["qyear"]
    if year:
        return _Cand(m.start(), m.end(), "DATE", f"{year}-Q{n}")
    current = (t.day.month - 1) // 3 + 1
    y = t.day.year if n <= current else t.day.year - 1
    return _Cand(m.start(), m.end(), "DATE", f"{_year_str(y)}-Q{n}", inferred=("year",))


@_rule(
    # "this/last quarter" without "fiscal" is _relative_unit's
    r"\b(?P<det>[Tt]he\s+(?:latest|last|most\s+recent|past|previous|current|same)|[Tt]he"
    r"|(?:[Tt]his|[Ll]ast)(?=\s+(?:fiscal|financial)\s))"
    r"\s+(?:fiscal\s+|financial\s+)?quarter\b(?!-|\s+of\b|\s+century)",
    on="quarter",
)
def _the_quarter(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    """ "The quarter" of a company report: the quarter just ended if the publication date is in
    a quarter's first two months (when results come out), else the current one; "last"/"latest"/
    "previous" the one before the current, "this"/"current" the current."""
    det = " ".join(m["det"].lower().split())
    current = (t.day.month - 1) // 3 + 1
    if det in ("this", "the current", "the same"):
        k = 0
    elif det == "the":
        k = -1 if t.day.month % 3 in (1, 2) else 0
    else:
        k = -1
    q = current + k
    y = t.day.year + (q - 1) // 4
    q = (q - 1) % 4 + 1
    return _Cand(m.start(), m.end(), "DATE", f"{_year_str(y)}-Q{q}", inferred=("date",))


@_rule(r"\b(?P<det>[Tt]his|[Ll]ast|[Nn]ext)\s+(?:fiscal|financial)\s+year\b", on="unit")
def _fiscal_year(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    """ "This fiscal year": the fiscal year that holds the publication date, named (as TimeML
    does) by its calendar year; "last"/"next" the ones around it."""
    k = {"this": 0, "last": -1, "next": 1}[m["det"].lower()]
    return _Cand(m.start(), m.end(), "DATE", _year_str(t.day.year + k), inferred=("date",))


@_rule(
    r"(?:\b(?P<the>[Tt]he)\s+)?(?P<mod>" + _MOD + r")?"
    r"(?P<dec>\b(?:1[5-9]|20)[0-9]0|['’][0-9]0|\b[0-9]0)['’]?s\b",
    on="digit",
)
def _decade(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    dec = m["dec"].lstrip("'’")
    if len(dec) == 2:
        if not m["the"]:
            return None  # "in his 90s" is an age
        dec = ("20" if dec == "00" or dec == "10" else "19") + dec
    start = m.start("the") if m["the"] else (m.start("mod") if m["mod"] else m.start("dec"))
    return _Cand(start, m.end(), "DATE", dec[:3])


@_rule(
    r"\b(?P<the>[Tt]he)\s+(?P<mod>"
    + _MOD
    + r")?(?P<n>[0-9]{1,2}(?:st|nd|rd|th)|"
    + _alt(_ORDINALS)
    + r")\s+[Cc]entury\b",
    on="digit century",
)
def _century(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    raw = m["n"].lower()
    n = int(raw[:-2]) if raw[0].isdigit() else _ORDINALS[re.sub(r"\s+", " ", raw)]
    if not 1 <= n <= 100:
        return None
    return _Cand(m.start(), m.end(), "DATE", f"{n - 1:02d}")


@_rule(
    r"\b(?:(?P<det>[Ll]ast|[Tt]his|[Nn]ext|[Tt]he|[Ii]n)\s+)?(?P<mod>" + _MOD + r")?"
    r"(?P<season>[Ss]pring|[Ss]ummer|[Aa]utumn|[Ff]all|[Ww]inter)\b"
    r"(?:\s+(?:of\s+)?(?P<year>" + _YEAR + r"))?",
    on="season",
)
def _season(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    code = _SEASONS[m["season"].lower()]
    det = (m["det"] or "").lower()
    start = m.start("det") if det in ("last", "this", "next", "the") else m.start()
    if det == "in":
        start = m.start("mod") if m["mod"] else m.start("season")
    if m["year"]:
        return _Cand(start, m.end(), "DATE", f"{m['year']}-{code}")
    if not det:
        return None  # "prices fall", "Arab Spring"
    if m["season"].lower() == "fall" and det in ("the", "in") and t.text.startswith(" of", m.end()):
        return None  # "the fall of Kabul"
    cur_year, cur_code = _season_of(t.day)
    cur = cur_year * 4 + _SEASON_ORDER[cur_code]
    options = [y * 4 + _SEASON_ORDER[code] for y in range(cur_year - 1, cur_year + 3)]
    if det == "last":
        idx = max(o for o in options if o < cur)
    elif det == "next":
        idx = min(o for o in options if o > cur)
    elif det == "this":
        idx = (
            cur
            if code == cur_code
            else (t.day.year if code != "WI" else cur_year) * 4 + _SEASON_ORDER[code]
        )
    else:
        idx = min(options, key=lambda o: (abs(o - cur), o > cur))
    return _Cand(start, m.end(), "DATE", f"{_year_str(idx // 4)}-{code}", inferred=("year",))


@_rule(
    r"\b(?:(?P<det>[Ll]ast|[Nn]ext|[Tt]his|[Ee]arly|[Ll]ate)\s+)?(?P<wd>" + _WD + r")(?P<pl>s)?\b"
    r"(?:\s+(?P<pod>morning|afternoon|evening|night|overnight)\b)?",
    on="weekday",
)
def _weekday_rule(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    wd = _WEEKDAYS.index(m["wd"])
    det = (m["det"] or "").lower()
    if m["pl"]:
        start = m.start("wd")
        return _Cand(start, m.end("pl"), "SET", f"XXXX-WXX-{wd + 1}")
    date = t.weekday(wd, m.start(), m.end(), det if det in _DET_CTX else None)
    pod = _POD.get(m["pod"] or "")
    if pod is None and det in ("early", "late"):
        pod = "MO" if det == "early" else "NI"
    if pod:
        return _Cand(m.start(), m.end(), "TIME", f"{date.isoformat()}T{pod}", inferred=("date",))
    end = m.end("wd")
    return _Cand(m.start(), end, "DATE", date.isoformat(), inferred=("date",))


@_rule(
    r"\b(?:(?P<dbl>(?i:the\s+day\s+(?:before|after)))\s+)?(?P<w>(?i:today|yesterday|tomorrow|tonight))\b"
    r"(?:\s+(?P<pod>morning|afternoon|evening|night)\b)?",
    on="relday",
)
def _relative_day(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    word = m["w"].lower()
    k = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1}[word]
    if m["dbl"]:
        if word not in ("yesterday", "tomorrow"):
            return None
        k += -1 if "before" in m["dbl"].lower() else 1
    date = t.day + dt.timedelta(days=k)
    pod = _POD.get(m["pod"] or "") or ("NI" if word == "tonight" else None)
    if pod:
        return _Cand(m.start(), m.end(), "TIME", f"{date.isoformat()}T{pod}", inferred=("date",))
    return _Cand(m.start(), m.end(), "DATE", date.isoformat(), inferred=("date",))


@_rule(r"\b(?P<det>[Tt]his|[Ll]ast)\s+(?P<pod>morning|afternoon|evening|night)\b", on="pod")
def _this_pod(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    det = m["det"].lower()
    if det == "last" and m["pod"] not in ("night", "evening"):
        return None
    date = t.day - dt.timedelta(days=1 if det == "last" else 0)
    return _Cand(
        m.start(), m.end(), "TIME", f"{date.isoformat()}T{_POD[m['pod']]}", inferred=("date",)
    )


@_rule(
    r"\b(?:(?P<adv>[Ee]arlier|[Ll]ater)\s+(?:(?P<in>in)\s+)?)?"
    r"(?P<det>[Tt]his\s+past|[Tt]his|[Ll]ast|[Nn]ext|the)\s+"
    r"(?P<unit>week(?:end)?|month|year|quarter|decade|century)\b(?!-)",
    on="unit",
)
def _relative_unit(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    det = re.sub(r"\s+", " ", m["det"].lower())
    unit = m["unit"]
    if det == "the":
        if m["adv"] and m["in"]:
            k = 0  # "earlier in the week"
        elif unit == "weekend" and not m["adv"]:
            # "over the weekend": the latest weekend (the coming one after a future cue)
            upcoming = t.cue(m.start(), m.end()) == "future"
            k = (
                (0 if t.day.weekday() < 5 else 1)
                if upcoming
                else (-1 if t.day.weekday() < 5 else 0)
            )
        else:
            return None
    elif m["in"]:
        return None
    else:
        k = {"this": 0, "last": -1, "this past": -1, "next": 1}[det]
        if m["adv"] and det != "this":
            return None
    return _Cand(m.start(), m.end(), "DATE", _unit_value(t.day, unit, k), inferred=("date",))


@_rule(
    r"\b(?P<n>" + _NUM + r"|" + _VAGUE + r")\s+(?P<unit>" + _UNIT + r")s?\s+"
    r"(?P<dir>ago|from\s+now|hence)\b(?:\s+(?P<wd>" + _WD + r")\b)?",
    re.IGNORECASE,
    on="unit",
)
def _ago(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    n = number_value(m["n"])
    unit = _unit(m["unit"])
    sign = -1 if m["dir"].lower() == "ago" else 1
    if n is None:
        return _Cand(m.start(), m.end(), "DATE", "PAST_REF" if sign < 0 else "FUTURE_REF")
    if not float(n).is_integer():
        return None
    k = sign * int(n)
    if m["wd"]:
        wd = _WEEKDAYS.index(m["wd"].capitalize())
        base = t.weekday(wd, m.start("wd"), m.end(), None)
        if unit == "year":
            date = base.replace(year=base.year + k)
        elif unit in ("day", "week"):
            date = base + dt.timedelta(days=k * (7 if unit == "week" else 1))
        else:
            y, mo = _shift_months(base.year, base.month, k)
            date = base.replace(year=y, month=mo)
        return _Cand(m.start(), m.end(), "DATE", date.isoformat(), inferred=("date",))
    if unit in ("second", "minute", "hour"):
        if not (t.dct.hour or t.dct.minute):
            return _Cand(m.start(), m.end(), "DATE", t.day.isoformat(), inferred=("date",))
        step = {"second": 1, "minute": 60, "hour": 3600}[unit]
        moment = t.dct + dt.timedelta(seconds=k * step)
        value = moment.isoformat(timespec="minutes")
        return _Cand(m.start(), m.end(), "TIME", value, inferred=("date",))
    return _Cand(m.start(), m.end(), "DATE", _unit_value(t.day, unit, k), inferred=("date",))


@_rule(
    r"\b(?P<n>" + _NUM + r"|" + _VAGUE + r")(?P<half>\s+and\s+a\s+half)?(?P<sep>\s+|-)"
    r"(?P<unit>" + _UNIT + r")(?P<pl>s)?\b(?P<half2>\s+and\s+a\s+half\b)?"
    r"(?!\s*-?\s*old\b)",
    re.IGNORECASE,
    on="unit",
)
def _duration_rule(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    unit = _unit(m["unit"])
    raw = m["n"].lower()
    if unit == "second" and raw in ("a", "an"):
        return None  # "a second attack"
    if m["sep"] == "-" and m["pl"]:
        return None  # "three-days" is not a form
    if (
        unit == "hour"
        and _MILITARY.fullmatch(raw)
        and (raw[0] == "0" or _AT_WORD.search(t._before(m.start(), 12)))
    ):
        return None  # "at 0700 hours" is a clock time
    n = number_value(m["n"])
    if n is not None and (m["half"] or m["half2"]):
        n += 0.5
    return _Cand(m.start(), m.end(), "DURATION", _duration(n, unit))


_MILITARY = re.compile(r"(?:[01][0-9]|2[0-3])[0-5][0-9]")
_AT_WORD = re.compile(r"\b(?:at|by|until|till|from|around|about|before|after|since)\s+$", re.I)


@_rule(
    r"\bthe\s+(?P<dir>past|last|next|coming)\s+(?:(?P<n>" + _NUM + r"|few|several|couple\s+of)\s+)?"
    r"(?P<unit>" + _UNIT + r")(?P<pl>s)?\b",
    re.IGNORECASE,
    on="unit",
)
def _the_past(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    unit = _unit(m["unit"])
    n_text = (m["n"] or "").lower()
    if not n_text:
        if m["pl"]:
            if m["dir"].lower() in ("coming", "next"):
                return _Cand(m.start(), m.end(), "DATE", "FUTURE_REF")
            return _Cand(m.start(), m.end(), "DURATION", _duration(None, unit))
        if unit == "day" and m["dir"].lower() in ("last", "next"):
            return None  # "the last day of the talks" is a date we cannot anchor
        return _Cand(m.start(), m.end(), "DURATION", _duration(1, unit))
    n = (
        None
        if n_text in ("few", "several") or n_text.startswith("couple")
        else number_value(n_text)
    )
    if n_text.startswith("couple"):
        n = 2
    return _Cand(m.start(), m.end(), "DURATION", _duration(n, unit))


@_rule(
    r"\b(?:(?P<ctx>(?i:for|within|over|in))\s+(?P<unit>hours|days|weeks|months|years|decades)"
    r"|(?P<recent>[Rr]ecent\s+(?P<unit2>hours|days|weeks|months|years|decades)))\b"
    r"(?!\s+(?:of|ago|to|before|after|earlier|later)\b)",
    on="unit",
)
def _vague_duration(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    if m["recent"]:
        return _Cand(m.start(), m.end(), "DURATION", _duration(None, _unit(m["unit2"])))
    if m["ctx"].lower() == "in":
        return None
    return _Cand(m.start("unit"), m.end(), "DURATION", _duration(None, _unit(m["unit"])))


@_rule(r"\b(?:half\s+an\s+hour|a\s+half[- ]hour)\b", re.IGNORECASE, on="unit")
def _half_hour(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    return _Cand(m.start(), m.end(), "DURATION", "PT30M")


@_rule(
    r"\b(?:(?P<present>now|currently|nowadays|presently|at\s+present|at\s+the\s+moment"
    r"|these\s+days)"
    r"|(?P<past>recently|recent|lately|the\s+past)"
    r"|(?P<future>(?<!as\s)soon(?!\s+as\b|\s+after\b|\s+before\b)|the\s+future(?!\s+of\b)"
    r"|the\s+days\s+ahead|the\s+coming\s+(?:days|weeks|months|years)))\b",
    re.IGNORECASE,
    on="ref",
)
def _refs(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    value = "PRESENT_REF" if m["present"] else "PAST_REF" if m["past"] else "FUTURE_REF"
    return _Cand(m.start(), m.end(), "DATE", value)


@_rule(
    r"\b(?:(?P<freq>once|twice|thrice|(?:[0-9]{1,3}|" + _NUMWORD + r")\s+times)\s+)?"
    r"(?P<det>every|each|a|an|per)\s+(?:(?P<n>other|" + _NUM + r")\s+)?"
    r"(?P<unit>" + _UNIT + r"s?|(?-i:" + _WD + r")|morning|afternoon|evening|night)\b",
    re.IGNORECASE,
    on="unit weekday pod",
)
def _set_rule(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    det = m["det"].lower()
    if det in ("a", "an") and not m["freq"]:
        return None  # "a day" is a duration
    if m["n"] and det in ("a", "an", "per"):
        return None
    unit_text = m["unit"]
    if unit_text in _WEEKDAYS:
        return _Cand(m.start(), m.end(), "SET", f"XXXX-WXX-{_WEEKDAYS.index(unit_text) + 1}")
    if unit_text.lower() in _POD:
        return _Cand(m.start(), m.end(), "SET", f"XXXX-XX-XXT{_POD[unit_text.lower()]}")
    n_text = (m["n"] or "").lower()
    n = 2 if n_text == "other" else (number_value(n_text) if n_text else 1)
    if n is None:
        return None
    return _Cand(m.start(), m.end(), "SET", _duration(n, _unit(unit_text)))


@_rule(
    r"\b(?P<adv>daily|weekly|biweekly|monthly|yearly|annually|annual|hourly|nightly)\b", on="setadv"
)
def _set_adverb(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    value = {
        "daily": "P1D",
        "weekly": "P1W",
        "biweekly": "P2W",
        "monthly": "P1M",
        "yearly": "P1Y",
        "annually": "P1Y",
        "annual": "P1Y",
        "hourly": "PT1H",
        "nightly": "XXXX-XX-XXTNI",
    }[m["adv"]]
    return _Cand(m.start(), m.end(), "SET", value)


@_rule(
    r"(?<![0-9:.,/])\b"
    + _TIME_CORE
    + r"(?:\s{0,2}(?P<zp>\()?(?P<zone>"  # "9 p.m. (Sanaa time)": a zone in brackets too
    + _ZONE
    + r")(?(zp)\)))?",
    on="digit clockword",
)
def _clock(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    s: int | None = None
    if m["h1"]:
        h, mi = int(m["h1"]), int(m["m1"] or 0)
        pm = m["ap"][0].lower() == "p"
        h = (h % 12) + (12 if pm else 0)
    elif m["h2"]:
        h, mi = int(m["h2"]), int(m["m2"])
        s = int(m["s2"]) if m["s2"] else None
        if h == 24 and (mi or s):
            return None
    elif m["h3"]:
        h, mi = int(m["h3"]), int(m["m3"])
    elif m["h4"]:
        h, mi = int(m["h4"]), 0
    else:
        word = m["word"].lower()
        h, mi = (24, 0) if word == "midnight" else (12, 0)
    zone, local = t.zone_of(m) if m["zone"] else (None, False)
    return _Cand(
        m.start(), m.end(), "TIME", _time_str(h, mi, s), zone=zone, local=local, needs_date=True
    )


@_rule(
    r"\b(?P<name>Christmas\s+Eve|Christmas\s+Day|Christmas|New\s+Year['’]s\s+(?:Day|Eve))\b",
    on="holiday",
)
def _holiday(t: _Tagger, m: re.Match[str]) -> _Cand | None:
    name = re.sub(r"\s+", " ", m["name"]).replace("’", "'")
    month, day = {
        "Christmas Eve": (12, 24),
        "Christmas Day": (12, 25),
        "Christmas": (12, 25),
        "New Year's Day": (1, 1),
        "New Year's Eve": (12, 31),
    }[name]
    found = t.month_day(month, day, m.start(), m.end())
    if found is None:
        return None
    return _Cand(m.start(), m.end(), "DATE", found.isoformat(), inferred=("year",))


# --------------------------------------------------------------------------------------------
# Entry point
# --------------------------------------------------------------------------------------------


def _parse_dct(dct: str) -> dt.datetime:
    match = re.fullmatch(
        r"([0-9]{4}-[0-9]{2}-[0-9]{2})(?:[T ]([0-9]{2}):([0-9]{2})(?::[0-9]{2})?)?", dct.strip()
    )
    if not match:
        raise ValueError(f"dct must be YYYY-MM-DD or YYYY-MM-DDTHH:MM, not {dct!r}")
    day = dt.date.fromisoformat(match.group(1))
    hour, minute = int(match.group(2) or 0), int(match.group(3) or 0)
    return dt.datetime(day.year, day.month, day.day, hour, minute)


def tag(text: str, dct: str, tz: str | None = None) -> list[Timex]:
    """Find and normalise time expressions. dct = document creation time "YYYY-MM-DD" or
    "YYYY-MM-DDTHH:MM"; tz = the document's zone (IANA) used for bare times. Sorted by start,
    non-overlapping.

    Raises ValueError for a malformed ``dct`` and ``ZoneInfoNotFoundError`` for an unknown ``tz``;
    never for anything in ``text``.
    """
    anchor = _parse_dct(dct)
    if tz is not None:
        ZoneInfo(tz)  # fail early on an unknown zone
    if not text:
        return []
    return _Tagger(text, anchor, tz).run()
