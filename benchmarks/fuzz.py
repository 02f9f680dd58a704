"""Fuzzing of everything that reads outside input: loader, temporal tagger, extractor, normaliser.

    python benchmarks/fuzz.py [--seed N] [--quick] [--scale X] [--targets a,b] [--timeout S]
                              [--no-shrink] [--save DIR]

Generates inputs from a seeded generator of its own (no coverage guidance; atheris is not
installed) built from mutations of real text: the seed (``seeds/*.txt``), the hand-labelled
texts under ``benchmarks/devset*/`` and ``benchmarks/heldout2/``, the seed's facts file and
sidecar. Mutations insert messy Unicode (no-break spaces, BOM, CRLF, RTL marks, Arabic-Indic
digits, emoji, combining marks, line separators, HTML entities), time expressions ("9:30 p.m.",
"last Tuesday", "February 30", long digit runs), actor names, trigger and attribution words;
delete, duplicate, swap and re-case stretches; splice texts together. Input ``i`` of a target is
generated from its own ``random.Random(f"{seed}:{target}:{i}")``, so every input can be
regenerated alone and the run is deterministic given ``--seed``.

Targets and what counts as a crash (any exception not listed, or a broken invariant):

* ``normalize`` -- ``helpers.extract.normalize.normalize`` on any string (lone surrogates included): no
  exception; the offset map is monotonic, ends at ``len(original)`` and is *local* (every run of
  normalised characters sharing one offset is the normalisation of the original characters up to
  the next offset); the output holds none of the characters it replaces; normalising twice
  changes nothing unless the output still holds an HTML entity (decoded one level by design).
* ``temporal`` -- ``helpers.extract.temporal.tag(text, dct, tz)`` with any text, a publication date from
  0001-01-01 to 9999-12-31 (sometimes with a time) and any IANA zone or none: no exception; spans
  sorted, non-overlapping, inside the text, ``text[start:end] == timex.text``; TIMEX3 types and
  values well formed (real dates, hours 00-24, ISO weeks, seasons, quarters, durations, sets).
* ``extract`` -- ``helpers.extract.pipeline.extract_document`` (what ``brief extract`` runs) on mutated
  news text with a random publication date and zone: no exception; every span satisfies
  ``0 <= start < end <= len(text)`` and ``text[start:end] == quote``; the dumped facts file loads
  back through ``helpers.facts.loading.load_facts`` (schema, every quote, wordings, references).
* ``extract-100k`` -- the extractor on 100,000-character texts of hostile shapes (real text
  mutated and repeated, one sentence without full stops, thousands of speech verbs, quotes,
  casualty figures, time expressions or acts with an actor and a time each, brackets nested up
  to 50,000 deep, a run without spaces, punctuation, whitespace, random characters, capitalised
  names): as ``extract``, and the extraction alone must take at most 5 s of CPU (issue 17; CPU
  time, as the wall-clock time on a shared machine measures the other jobs too); over it is a
  crash (``SlowInput``).
* ``loader`` -- ``helpers.load_corpus`` on a workspace whose facts file, sidecar or text is
  mutated (text- and line-level, field values, structure re-dumped as YAML, raw bytes), or on a
  small document with facts built from scratch: it loads or raises ``helpers.InputError`` whose
  message starts with the path of one of the workspace's files or directories. Anything else
  (``ValueError``, ``KeyError``, ``RecursionError``, ``yaml.ReaderError``, ...) is a crash, and
  so is an input that takes longer than ``--timeout`` seconds of CPU (every target).

Prints, per target, the inputs tried, the crashes and distinct crashes found, inputs per second,
then the total; the slowest ten inputs of each target (seconds, input number, the input's start);
then the first input of each distinct crash (shrunk by deleting lines and
characters while it still fails the same way, unless ``--no-shrink``). ``--save DIR`` also writes
each reproducer there. ``--quick`` runs 2,004 inputs (a smoke check); the full run is 100,040
(100,000 and 40 of 100 KB); ``--scale 10`` is the 1,000,000-input run of issue 17.
Exit status 1 if anything crashed.
"""

from __future__ import annotations

import argparse
import contextlib
import copy
import dataclasses
import difflib
import heapq
import html
import math
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
import unicodedata
import warnings
from collections.abc import Callable
from datetime import date as _date
from pathlib import Path
from zoneinfo import available_timezones

import numpy
import yaml

ROOT = Path(__file__).resolve().parents[1]
SEED_ID = "000_30fe353d1ee95435"
FULL = {
    "normalize": 40_000,
    "temporal": 48_000,
    "extract": 6_000,
    "loader": 6_000,
    "extract-100k": 40,
}
QUICK = {"normalize": 800, "temporal": 800, "extract": 200, "loader": 200, "extract-100k": 4}
#: Characters of an ``extract-100k`` input, and the seconds one may take (issue 17: no 100 KB
#: input over 5 s in the extractor).
BIG = 100_000
BIG_BUDGET = 5.0
SLOWEST = 10  # inputs listed per target, slowest first
DEFAULT_SEED = 20240208

# ---------------------------------------------------------------------------------------------
# Material


def corpus_texts() -> list[str]:
    """The real texts mutations start from (seed first), read as the loader reads them."""
    paths = sorted((ROOT / "seeds").glob("*.txt"))
    for sub in ("devset", "devset2", "heldout2"):
        paths += sorted((ROOT / "benchmarks" / sub).glob("*.txt"))
    return [p.read_bytes().decode("utf-8") for p in paths]


ZONES = sorted(available_timezones())

#: Characters and entities scraped text really carries, and some it should never carry.
MESSY = [
    "\u00a0", "\ufeff", "\r\n", "\r", "\n", "\n\n", "\t", "\u200f", "\u200e", "\u202e",
    "\u202c", "\u2066", "\u2069", "\u061c", "\u0663", "\u0660\u0661\u0662\u0663\u0664\u0665",
    "\u06f1\u06f4\u06f0\u06f2", "\u0967\u0968", "\uff11\uff12\uff1a\uff13\uff10", "\U0001f600",
    "\U0001f468\u200d\U0001f469\u200d\U0001f467", "\U0001f44d\U0001f3fd", "\U0001f1ee\U0001f1f6",
    "\u0301", "e\u0301", "\u2028", "\u2029", "\x0b", "\x0c", "\x1c", "\x1d", "\x1e", "\x85",
    "\u00ad", "\u200b", "\u200c", "\u200d", "\u2060", "\u2009", "\u202f", "\u2007", "\u2002",
    "\u2003", "\u3000", "\u2018", "\u2019", "\u201a", "\u201c", "\u201d", "\u201e", "\u02bc",
    "\u2014", "\u2013", "\u2212", "\u2026", "&amp;", "&amp;amp;", "&#8217;", "&#x2019;",
    "&nbsp;", "&#13;", "&#10;", "&#13;&#10;", "&#0;", "&#x110000;", "&#xD800;", "&#9999999;",
    "&shy;", "&NewLine;", "&Tab;", "&lt;script&gt;", "<script>alert(1)</script>", "&#65279;",
    "&#x200B;", "&#8212;", "&quot;", "&apos;", "&AMP;", "&amp", "& amp;", "\u0130", "\u00df",
    "\ufb01", "\u01c5", "\u03a3", "\u1e9e", "\ufffd", "\uffff", "\U0010ffff", "\U0001d7d8",
    "\u0627\u0644\u0639\u0631\u0627\u0642", "\u05e9\u05dc\u05d5\u05dd", "\u0915\u093f",
    "\x07", "\x7f", "\x1b[0m",
]  # fmt: skip

#: Time expressions, well and badly formed.
TIMEISH = [
    "February 7", "Feb. 7", "7 February 2024", "February 29", "February 30", "Feb 31, 2023",
    "9:30 p.m.", "9:30\u00a0p.m.", "9:30 p.m. Baghdad time", "4 p.m. EST on", "1400 GMT",
    "2400 GMT", "24:00", "24:30", "23:59:60", "0700 hours", "midnight", "noon", "last Tuesday",
    "next Monday", "this Friday", "Wednesday night", "early Sunday", "late Saturday",
    "yesterday afternoon", "tonight", "two years ago", "9999 years ago", "a year ago Friday",
    "99999999999999999999 days ago", "the 1990s", "the 20th century", "the 99th century",
    "the 0th century", "2024-02-07", "2024-02-30", "0000-00-00", "9999-12-31T23:59",
    "1500-01-01", "2024-02-07T21:30+03:00", "02/07/2024", "31/12/2024", "12/31/9999",
    "the first quarter of 2023", "Christmas Day", "New Year's Eve", "New Year\u2019s Day",
    "every Monday", "twice a week", "every 99999999999 days", "three-day", "forty-five minutes",
    "two and a half years", "the past decade", "the coming weeks", "mid-February", "late March",
    "in May", "may", "March", "summer", "last winter", "earlier this month", "later this year",
    "over the weekend", "1:30 a.m. local time", "at 9 p.m. (Sanaa time)", "10 a.m. ET",
    "9 a.m. PT", "11 p.m. Eastern time", "Jan 28", "Sept. 11", "2001", "in 2023", "since 1979",
    "from 1980 to 1988", "12:", ":30", "0:00", "12 a.m.", "13 p.m.", "00 a.m.", "at 9",
    "Wednesday, Feb. 7, at 9 p.m.", "10 a.m. yesterday", "three days ago", "last week",
    "the day before yesterday", "recently", "now", "soon", "the 7th of February",
    "\u0669:\u0663\u0660 p.m.", "\u0662\u0660\u0662\u0664-\u0660\u0662-\u0660\u0667",
    "9 p.m. GMT+3", "9 p.m. GMT-13", "9 p.m. GMT+14", "9 p.m. UTC-12", "21:00 GMT+15", "EST-5",
    "\u00b2 days", "\u00b3\u00b9 killed",
]  # fmt: skip

#: News vocabulary: actors, triggers, attribution, roles, numbers, captions, datelines.
NEWSY = [
    "Kata\u2019ib Hezbollah", "Kataib Hezbollah", "KH", "CENTCOM", "U.S. Central Command",
    "the United States", "U.S.", "Iran", "the IRGC", "Quds Force", "Hezbollah", "Hamas",
    "the Houthis", "Islamic State", "the PMF", "Iraq", "Syria", "Jordan", "Baghdad", "Erbil",
    "Tower 22", "Red Sea", "President Joe Biden", "Prime Minister Mohammed Shia al-Sudani",
    "a senior leader of", "three U.S. soldiers", "suspected Iran-backed militants",
    "Iran-backed", "-backed", "the group", "the militia", "a spokesman for", "according to",
    "said", "denied", "claimed responsibility", "vowed", "confirmed", "reportedly", "allegedly",
    "strike", "drone strike", "airstrikes", "attack", "killed", "killing", "wounded", "injured",
    "arrested", "designated", "talks between", "protesters", "deployed", "clashes", "dozens",
    "14 people were killed", "20 were killed", "numerous injuries", "the strike", "in", "at",
    "on", "by", ",", ".", ";", ":", "\u2014", "\"", "'", "(", ")", "FILE PHOTO: ",
    "BAGHDAD, Feb 4 (Reuters) - ", "REUTERS/File Photo", "Photo: ", "\n\n", ". ", "?", "!",
    "a coalition that has claimed", "whose real name is", "Abu Taqwa", "the attack on",
    "resulting in the deaths of", "in response to", "the ministry said", "officials said",
]  # fmt: skip

YAML_BITS = [
    ":", ": ", "-", "- ", "{", "}", "[", "]", "'", '"', "#", "&", "*", "!", "|", ">", "%", "@",
    "`", "\t", "\\", "?", ",", "\n", "  ", "---", "...", "&a ", "*a", "!!str ", "!!binary ",
    "!!set ", "!!python/object:os.system ", "<<: ", "\\u2019", "\\x00", "\\uD800", "\\N", "\\",
]  # fmt: skip

#: Replacement values for ``key: value`` lines of a YAML file.
YAML_VALUES = [
    "null", "~", "''", '""', "0", "-1", "1", "181", "2603", "2604", "99999999999999999999",
    "1e3", "0x1F", "0o17", "1_000", "1:30", ".inf", "-.nan", "3.5", "true", "yes", "no", "on",
    "[]", "{}", "[a, b]", "{a: 1}", "[[[]]]", "2024-02-30", "2024-02-07", '"2024-02-07T21:30"',
    '"2024-02-07T24:00"', "9999-12-31", '"9999-12"', "0001-01-01", '"0000-01-01"',
    "Asia/Baghdad", "Mars/Olympus", "America", "Etc/GMT+5", "../../etc/passwd", "day", "minute",
    "month", "year", "period", "unknown", "reported", "denied", "claimed", "kh", "us-gov",
    "KH", "-kh", "a" * 81, "!!str 5", "!!binary aGVsbG8=", "!!set {a, b}", "!!omap [a: 1]",
    "!!int 7", "!!int abc", "!!float 1.5", "!!float x", "!!bool maybe", "!!null ''",
    "!!timestamp 2024-02-07", "!!timestamp 2024-13-45", "!!python/tuple [1]", "!custom x",
    "&anc x", "*anc", "&r [*r]", "&m {a: *m}", "|\n  block\n", ">-\n  folded\n", '"\\u2019"', "'it''s'", '"\\x00"',
    '"\\uD800"', '"\\t\\n"', "1" * 5000, "\u00a0", "\ufeffx", "\x07", "\x85", "\u2028",
]  # fmt: skip


def _expo(rng: random.Random, rate: float, cap: int) -> int:
    """An exponentially distributed count, at most ``cap`` (also for hypothesis' randoms)."""
    return min(cap, int(-math.log(max(1e-12, 1.0 - rng.random())) / rate))


def _long_digits(rng: random.Random) -> str:
    digit = rng.choice("0123456789\u0660\u0663\u06f5\uff17")
    return digit * rng.choice((20, 100, 1000, 5000))


def _random_chars(rng: random.Random, n: int, surrogates: bool) -> str:
    out = []
    for _ in range(n):
        plane = rng.random()
        if plane < 0.5:
            cp = rng.randrange(0x20, 0x7F)
        elif plane < 0.75:
            cp = rng.randrange(0x80, 0x3000)
        elif plane < 0.9:
            cp = rng.randrange(0x3000, 0x10000)
        else:
            cp = rng.randrange(0x10000, 0x110000)
        if 0xD800 <= cp <= 0xDFFF and not surrogates:
            cp = 0xFFFD
        out.append(chr(cp))
    return "".join(out)


# ---------------------------------------------------------------------------------------------
# Text mutation


@dataclasses.dataclass
class TextGen:
    """Mutates real texts; ``surrogates``/``nul`` allow characters UTF-8 files cannot hold."""

    texts: list[str]
    surrogates: bool = False
    nul: bool = False
    max_len: int = 1500

    def token(self, rng: random.Random) -> str:
        r = rng.random()
        if r < 0.3:
            tok = rng.choice(MESSY)
        elif r < 0.6:
            tok = rng.choice(TIMEISH)
        elif r < 0.9:
            tok = rng.choice(NEWSY)
        elif r < 0.95:
            tok = _random_chars(rng, rng.randint(1, 8), self.surrogates)
        else:
            tok = _long_digits(rng)
        return self.clean(tok)

    def clean(self, text: str) -> str:
        if not self.nul:
            text = text.replace("\x00", " ")
        if not self.surrogates:
            text = "".join("\ufffd" if "\ud800" <= c <= "\udfff" else c for c in text)
        return text

    def window(self, rng: random.Random) -> str:
        text = rng.choice(self.texts)
        if rng.random() < 0.15:
            return text
        n = rng.randint(0, self.max_len)
        start = rng.randrange(0, max(1, len(text) - n + 1))
        if rng.random() < 0.5:  # start at a sentence or line start
            cut = max(text.rfind(". ", 0, start), text.rfind("\n", 0, start))
            start = cut + 2 if cut >= 0 else 0
        return text[start : start + n]

    def base(self, rng: random.Random) -> str:
        r = rng.random()
        if r < 0.7:
            return self.window(rng)
        if r < 0.85:
            return "".join(
                self.window(rng)[: rng.randint(0, 400)] for _ in range(rng.randint(2, 4))
            )
        sep = rng.choice((" ", "", "\n", ", "))
        return sep.join(self.token(rng) for _ in range(rng.randint(0, 60)))

    def mutate(self, rng: random.Random, text: str, n: int | None = None) -> str:
        n = n if n is not None else _expo(rng, 0.35, 11) + 1
        for _ in range(n):
            text = self.mutate_once(rng, text)
        return self.clean(text)

    def mutate_once(self, rng: random.Random, text: str) -> str:
        size = len(text)
        i = rng.randint(0, size)
        j = min(size, i + _expo(rng, 0.05, size) + 1)
        if rng.random() < 0.5 and size:  # snap to a word boundary
            k = text.find(" ", i)
            i = k + 1 if 0 <= k < size else i
            j = max(j, i)
        op = rng.randrange(11)
        if op <= 2:
            return text[:i] + self.token(rng) + text[i:]
        if op == 3:
            return text[:i] + text[j:]
        if op == 4:
            return text[:i] + self.token(rng) + text[j:]
        if op == 5:
            return text[:j] + text[i:j] + text[j:]
        if op == 6:
            case = rng.choice((str.upper, str.lower, str.title, str.swapcase))
            return text[:i] + case(text[i:j]) + text[j:]
        if op == 7:
            ws = rng.choice(("\u00a0", "\t", "\n", "\r\n", "  ", "\u2009", "", "\u3000"))
            return text[:i] + text[i:j].replace(" ", ws) + text[j:]
        if op == 8:
            other = self.window(rng)
            return text[:i] + other[: rng.randint(0, 300)] + text[j:]
        if op == 9:
            form = rng.choice(("NFC", "NFD", "NFKC", "NFKD"))
            return text[:i] + unicodedata.normalize(form, text[i:j]) + text[j:]
        return text[: rng.randint(0, size)]

    def __call__(self, rng: random.Random) -> str:
        text = self.base(rng)
        return self.mutate(rng, text) if rng.random() < 0.9 else self.clean(text)


def random_dct(rng: random.Random) -> str:
    r = rng.random()
    if r < 0.1:
        return rng.choice(
            ("0001-01-01", "9999-12-31", "0001-01-01T00:00", "9999-12-31T23:59", "1582-10-10")
        )
    lo, hi = (1900, 2100) if r < 0.8 else (1, 9999)
    day = (
        _date(rng.randint(lo, hi), 1, 1).toordinal() + rng.randrange(366)
        if r < 0.95
        else rng.randint(1, 3_652_059)
    )
    day = min(day, 3_652_059)
    value = _date.fromordinal(day).isoformat()
    if rng.random() < 0.2:
        value += f"T{rng.randrange(24):02d}:{rng.randrange(60):02d}"
    return value


# ---------------------------------------------------------------------------------------------
# Invariants (each raises Violation)


class Violation(AssertionError):
    """A broken invariant: ``kind`` identifies the bug, the message shows the instance."""

    def __init__(self, kind: str, message: str):
        self.kind = kind
        super().__init__(f"{kind}: {message}")


def _need(ok: bool, kind: str, message: str = "") -> None:
    if not ok:
        raise Violation(kind, message)


_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
_REPLACED = set("\ufeff\u200b\u200c\u200d\u2060\u00ad\u00a0\u2007\u2009\u202f\u2002\u2003")
_REPLACED |= set("\u2018\u2019\u02bc\u201a\u201c\u201d\u201e\u2013\u2014\u2212\r")


_NOT_NORMALISED = re.compile("[" + "".join(sorted(_REPLACED)) + "\ud800-\udfff]")


def _code_points(text: str):
    return numpy.frombuffer(text.encode("utf-32-le", "surrogatepass"), dtype="<u4")


def _runs_not_copied(text: str, out: str, o):
    """The runs ``(i, j)`` of output characters sharing one offset (``o``: the offset map as an
    array) but those of one character copied as it is: the runs the locality check normalises
    again (a character at a time in Python was most of the normaliser target's time)."""
    m = len(out)
    if m == 0:
        return []
    starts = numpy.flatnonzero(numpy.r_[True, o[1:m] != o[: m - 1]])
    ends = numpy.r_[starts[1:], m]
    a, b = o[starts], o[ends]
    copied = (ends - starts == 1) & (b - a == 1)
    if len(text):
        original = _code_points(text)[numpy.minimum(a, len(text) - 1)]
        copied &= original == _code_points(out)[starts]
    else:
        copied[:] = False
    return list(zip(starts[~copied].tolist(), ends[~copied].tolist(), strict=True))


def has_live_entity(text: str) -> bool:
    """Whether ``text`` still holds an HTML entity that normalisation would decode."""
    return any(html.unescape(m.group(0)) != m.group(0) for m in _ENTITY.finditer(text))


def check_normalize(text: str):
    from helpers.extract.normalize import normalize

    n = normalize(text)
    offsets = n.offsets
    _need(n.original == text, "original-changed")
    _need(len(offsets) == len(n.text) + 1, "offsets-length", f"{len(offsets)} vs {len(n.text)}")
    _need(offsets[-1] == len(text), "offsets-end", f"{offsets[-1]} != {len(text)}")
    o = numpy.asarray(offsets, dtype=numpy.int64)
    _need(bool(((o >= 0) & (o <= len(text))).all()), "offsets-range")
    _need(bool((o[1:] >= o[:-1]).all()), "offsets-order")
    if _NOT_NORMALISED.search(n.text):
        bad = sorted({c for c in n.text if c in _REPLACED or "\ud800" <= c <= "\udfff"})
        raise Violation("not-normalised", f"output still holds {bad!r}")
    # Locality: the original characters before the first offset normalise to nothing, and each
    # run of output characters sharing an offset is the normalisation of the original up to the
    # next offset. This is what makes every extracted span's quote the source's own characters.
    _need(normalize(text[: offsets[0]]).text == "", "offsets-prefix", repr(text[: offsets[0]]))
    for i, j in _runs_not_copied(text, n.text, o):
        chunk = text[offsets[i] : offsets[j]]
        got = normalize(chunk).text
        _need(got == n.text[i:j], "offsets-local", f"{chunk!r} -> {got!r} != {n.text[i:j]!r}")
    again = normalize(n.text).text
    if again != n.text and not has_live_entity(n.text):
        raise Violation("not-idempotent", f"{n.text!r} -> {again!r}")
    return n


_DAY = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"
_DATE_VALUE = re.compile(
    r"[0-9]{2,4}|[0-9]{4}-[0-9]{2}|" + _DAY + r"|[0-9]{4}-W[0-9]{2}(?:-WE)?"
    r"|[0-9]{4}-(?:SP|SU|FA|WI)|[0-9]{4}-Q[1-4]|PAST_REF|PRESENT_REF|FUTURE_REF"
)
_TIME_VALUE = re.compile(
    r"(?P<day>" + _DAY + r")T(?:(?P<h>[0-9]{2}):(?P<m>[0-9]{2})(?::(?P<s>[0-9]{2}))?|MO|AF|EV|NI)"
)
_AMOUNT = r"(?:[0-9]+(?:\.[0-9]+)?|X)"
_DURATION_VALUE = re.compile(rf"P{_AMOUNT}(?:Y|M|W|D|DE|CE)|PT{_AMOUNT}(?:H|M|S)")
_SET_VALUE = re.compile(
    _DURATION_VALUE.pattern + r"|XXXX-WXX-[1-7]|XXXX-XX-XXT(?:MO|AF|EV|NI)"
)  # fmt: skip


def _real_day(value: str, kind: str) -> None:
    try:
        day = _date.fromisoformat(value)
    except ValueError:
        raise Violation(kind, f"{value!r} is not a real day") from None
    _need(day.year >= 1, kind, value)


def check_timex_value(t) -> None:
    """TIMEX3 type and value well formed for their precision."""
    value = t.value
    if t.type == "DATE":
        _need(bool(_DATE_VALUE.fullmatch(value)), "bad-date-value", f"{t}")
        if re.fullmatch(_DAY, value):
            _real_day(value, "bad-date-value")
        elif re.fullmatch(r"[0-9]{4}-[0-9]{2}", value):
            _need(1 <= int(value[5:]) <= 12, "bad-date-value", f"{t}")
        elif re.fullmatch(r"[0-9]{4}-W[0-9]{2}(?:-WE)?", value):
            _need(1 <= int(value[6:8]) <= 53, "bad-date-value", f"{t}")
        if value[:1].isdigit():
            _need(value[:4] != "0000", "bad-date-value", f"{t}")
    elif t.type == "TIME":
        m = _TIME_VALUE.fullmatch(value)
        _need(m is not None, "bad-time-value", f"{t}")
        _real_day(m["day"], "bad-time-value")
        if m["h"] is not None:
            h, mi, s = int(m["h"]), int(m["m"]), int(m["s"] or 0)
            ok = (h < 24 and mi < 60 and s < 60) or (h == 24 and mi == 0 and s == 0)
            _need(ok, "bad-time-value", f"{t}")
    elif t.type == "DURATION":
        _need(bool(_DURATION_VALUE.fullmatch(value)), "bad-duration-value", f"{t}")
    elif t.type == "SET":
        _need(bool(_SET_VALUE.fullmatch(value)), "bad-set-value", f"{t}")
    else:
        raise Violation("bad-timex-type", f"{t}")
    _need(set(t.inferred) <= {"year", "date"}, "bad-inferred", f"{t}")
    if t.utc_value is not None:
        _need(t.tz is not None, "utc-without-zone", f"{t}")
        m = _TIME_VALUE.fullmatch(t.utc_value)
        _need(m is not None and m["h"] is not None, "bad-utc-value", f"{t}")
        _real_day(m["day"], "bad-utc-value")
        _need(int(m["h"]) < 24, "bad-utc-value", f"{t}")
    if t.tz is not None:
        _need(t.tz in ZONES or t.tz == "UTC", "unknown-zone", f"{t}")


def check_temporal(text: str, dct: str, tz: str | None):
    from helpers.extract.temporal import tag

    found = tag(text, dct, tz)
    last = 0
    for t in found:
        _need(0 <= t.start < t.end <= len(text), "span-out-of-range", f"{t}")
        _need(text[t.start : t.end] == t.text, "span-text-mismatch", f"{t}")
        _need(t.start >= last, "spans-overlap-or-unsorted", f"{t}")
        last = t.end
        check_timex_value(t)
    return found


def make_doc(text: str, doc_id: str = "fuzz", published: str = "2024-02-08", tz: str = "UTC"):
    """A SourceDoc as the loader builds it (sidecar validated by the schema)."""
    from helpers.facts.loading import SourceDoc
    from helpers.facts.schema import Document

    meta = Document(id=doc_id, title="t", published=published, timezone=tz, language="en")
    return SourceDoc(meta, text, Path(f"{doc_id}.txt"))


def check_extract(doc, workdir: Path, nlp=None, timings: list | None = None):
    """Extract, check every span against the text, and load the dumped file back; the seconds
    the extraction alone took, ``(cpu, wall)``, are appended to ``timings``."""
    from helpers.extract.pipeline import build_nlp, dump_facts, extract_document
    from helpers.facts.loading import InputError, _spans, load_facts

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "sentence ... left out of the extraction"
        nlp = nlp or build_nlp()
        began, cpu = time.perf_counter(), time.process_time()
        facts = extract_document(doc, nlp)
        if timings is not None:
            timings.append((time.process_time() - cpu, time.perf_counter() - began))
    text = doc.text
    for section in ("actors", "events", "relations", "claims", "judgments", "gaps"):
        for item in getattr(facts, section):
            for path, span in _spans(item, ()):
                where = f"{section} {item.id} {path}: {span.start}-{span.end}"
                _need(span.doc == doc.id, "span-wrong-doc", where)
                _need(0 <= span.start < span.end <= len(text), "span-out-of-range", where)
                _need(text[span.start : span.end] == span.quote, "span-quote-mismatch", where)
    out = workdir / "extracted"
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / f"{doc.id}.facts.yaml").write_text(dump_facts(facts), encoding="utf-8")
    try:
        load_facts([out], {doc.id: doc})
    except InputError as exc:
        raise Violation("extracted-file-rejected", str(exc)) from None
    return facts


def check_loader(root: Path, seeds: Path, facts: list[Path]):
    """``load_corpus`` loads or raises an InputError naming a workspace file or directory."""
    from helpers.facts.loading import InputError, load_corpus

    try:
        return load_corpus(seeds, facts)
    except InputError as exc:
        named = Path(exc.path)
        _need(named == root or root in named.parents, "error-names-no-input-file", str(exc))
        _need(str(exc).startswith(str(named)), "error-names-no-input-file", str(exc))
        return exc


# ---------------------------------------------------------------------------------------------
# Loader inputs: a workspace of files


@dataclasses.dataclass
class LoaderInput:
    """Files (relative path -> bytes) that replace or add to the seed workspace; ``fresh``: the
    workspace is only these files (a document built from scratch)."""

    files: dict[str, bytes]
    fresh: bool = False
    facts_dirs: tuple[str, ...] = ("facts",)

    def describe(self, base: dict[str, bytes]) -> str:
        lines = []
        for name, data in sorted(self.files.items()):
            old = None if self.fresh else base.get(name)
            text = data.decode("utf-8", "backslashreplace")
            if old is None or len(text) < 1500:
                lines.append(f"--- {name} ({len(data)} bytes):\n{text!r}")
            else:
                diff = difflib.unified_diff(
                    old.decode("utf-8", "backslashreplace").splitlines(),
                    text.splitlines(),
                    f"original {name}",
                    f"fuzzed {name}",
                    n=0,
                    lineterm="",
                )
                shown = [repr(d) if not d.startswith(("---", "+++", "@@")) else d for d in diff]
                lines.append("\n".join(shown[:60]))
        if self.facts_dirs != ("facts",):
            lines.append(f"facts dirs: {list(self.facts_dirs)}")
        return "\n".join(lines)


class LoaderGen:
    """Generates :class:`LoaderInput` from the real seed workspace and from scratch."""

    def __init__(self, text_gen: TextGen):
        self.text_gen = text_gen
        self.base = {
            f"seeds/{SEED_ID}.txt": (ROOT / "seeds" / f"{SEED_ID}.txt").read_bytes(),
            f"seeds/{SEED_ID}.meta.yaml": (ROOT / "seeds" / f"{SEED_ID}.meta.yaml").read_bytes(),
            f"facts/{SEED_ID}.facts.yaml": (ROOT / "facts" / f"{SEED_ID}.facts.yaml").read_bytes(),
        }
        self.facts_name = f"facts/{SEED_ID}.facts.yaml"
        self.meta_name = f"seeds/{SEED_ID}.meta.yaml"
        self.text_name = f"seeds/{SEED_ID}.txt"
        self.facts_data = yaml.load(self.base[self.facts_name], Loader=_yaml_loader())
        self.meta_data = yaml.load(self.base[self.meta_name], Loader=_yaml_loader())
        self.seed_text = self.base[self.text_name].decode("utf-8")

    def __call__(self, rng: random.Random) -> LoaderInput:
        r = rng.random()
        if r < 0.35:
            return LoaderInput({self.facts_name: self.yaml_text(rng, self.facts_name)})
        if r < 0.55:
            return LoaderInput({self.facts_name: self.facts_structure(rng)})
        if r < 0.67:
            return LoaderInput({self.meta_name: self.yaml_text(rng, self.meta_name)})
        if r < 0.72:
            return LoaderInput({self.meta_name: self.meta_structure(rng)})
        if r < 0.8:
            return self.raw(rng)
        return self.scratch(rng)

    # -- text-level YAML mutation -------------------------------------------------------------
    def yaml_text(self, rng: random.Random, name: str) -> bytes:
        text = self.base[name].decode("utf-8")
        for _ in range(_expo(rng, 0.5, 7) + 1):
            text = self.yaml_once(rng, text)
        return text.encode("utf-8", "surrogatepass")

    def yaml_once(self, rng: random.Random, text: str) -> str:
        lines = text.split("\n")
        k = rng.randrange(len(lines))
        op = rng.randrange(10)
        if op == 0:
            del lines[k]
        elif op == 1:
            lines.insert(k, lines[rng.randrange(len(lines))])
        elif op == 2 and k + 1 < len(lines):
            lines[k], lines[k + 1] = lines[k + 1], lines[k]
        elif op == 3:
            indent = rng.choice(("", " ", "  ", "    ", "\t"))
            lines[k] = indent + lines[k].lstrip(" ") if rng.random() < 0.5 else indent + lines[k]
        elif op in (4, 5, 6):
            lines[k] = self.new_value(rng, lines[k])
        elif op == 7:
            lines[k] = self.new_number(rng, lines[k])
        else:
            pos = rng.randint(0, len(lines[k]))
            bit = rng.choice(YAML_BITS) if rng.random() < 0.6 else self.text_gen.token(rng)
            cut = pos + rng.choice((0, 0, 1, 2, 5))
            lines[k] = lines[k][:pos] + bit + lines[k][cut:]
        return "\n".join(lines)

    @staticmethod
    def new_value(rng: random.Random, line: str) -> str:
        """Replace the value of a ``key: value`` line (block or inside a flow mapping)."""
        keys = list(re.finditer(r"([A-Za-z_]+):[ ]+", line))
        if not keys:
            return line + rng.choice(("", " ", ":", " #"))
        m = rng.choice(keys)
        rest = line[m.end() :]
        end = re.search(r",\s*[A-Za-z_]+:|}\s*$", rest)
        tail = rest[end.start() :] if end and rng.random() < 0.7 else ""
        return line[: m.end()] + rng.choice(YAML_VALUES) + tail

    @staticmethod
    def new_number(rng: random.Random, line: str) -> str:
        nums = list(re.finditer(r"\d+", line))
        if not nums:
            return line
        m = rng.choice(nums)
        n = int(m.group(0)[:18])
        new = rng.choice(
            (n + 1, n - 1, n + rng.randint(-50, 50), 0, -n, 2603, 2604, 10**19, n * 1000)
        )
        return line[: m.start()] + str(new) + line[m.end() :]

    # -- structural mutation, re-dumped -------------------------------------------------------
    def facts_structure(self, rng: random.Random) -> bytes:
        data = copy.deepcopy(self.facts_data)
        for _ in range(_expo(rng, 0.6, 5) + 1):
            self.mutate_tree(rng, data, self.seed_text)
        return _dump(data, rng)

    def meta_structure(self, rng: random.Random) -> bytes:
        data = copy.deepcopy(self.meta_data)
        for _ in range(rng.randint(1, 3)):
            self.mutate_tree(rng, data, self.seed_text)
        return _dump(data, rng)

    def random_value(self, rng: random.Random, text: str, depth: int = 0):
        r = rng.random()
        if r < 0.08:
            return None
        if r < 0.2:
            return rng.choice((0, -1, 1, 2**63, -(2**63), 10**30, rng.randint(0, len(text) + 5)))
        if r < 0.25:
            return rng.choice((True, False, 1.5, float("inf"), float("nan")))
        if r < 0.6:
            choices = ("", "x", "kh", "us-gov", "iran", "strike-tower22", "2024-02-30",
                       "2024-02-07", "2024-02-07T21:30", "9999-12-31", "9999-12", "0001-01-01",
                       "Asia/Baghdad", "Nowhere/City", "day", "minute", "period", "unknown",
                       "reported", "claimed", "backs", "state", "person", SEED_ID, "A" * 300)  # fmt: skip
            return rng.choice(choices) if rng.random() < 0.7 else self.text_gen.token(rng)
        if r < 0.75 and depth < 3:
            return [self.random_value(rng, text, depth + 1) for _ in range(rng.randint(0, 3))]
        if r < 0.85 and depth < 3:
            keys = ("id", "start", "end", "quote", "doc", "spans", "when", "precision", "x")
            return {rng.choice(keys): self.random_value(rng, text, depth + 1) for _ in range(2)}
        a = rng.randrange(len(text) + 1)
        b = min(len(text), a + rng.randint(1, 80))
        return {"doc": SEED_ID, "start": a, "end": b, "quote": text[a:b]}

    def mutate_tree(self, rng: random.Random, data, text: str) -> None:
        """Walk to a random container in ``data`` and break something there."""
        node = data
        for _ in range(rng.randint(0, 6)):
            children = list(node.values()) if isinstance(node, dict) else node
            children = [c for c in children if isinstance(c, dict | list) and c]
            if not children:
                break
            node = rng.choice(children)
        if isinstance(node, dict) and node:
            key = rng.choice(sorted(node, key=str))
            op = rng.randrange(7)
            if op == 0:
                del node[key]
            elif op == 1:
                node[rng.choice(("extra", "Start", "notes", key + "_"))] = node[key]
            elif op == 2 and isinstance(node[key], int) and not isinstance(node[key], bool):
                node[key] += rng.choice((-1, 1, -5, 5, 1000, -node[key] - 1))
            elif op == 3 and {"start", "end", "quote"} <= set(node):
                a = rng.randrange(len(text) + 1)
                b = min(len(text), a + rng.randint(0, 120))
                node.update(start=a, end=b, quote=text[a:b])  # valid span, maybe wrong place
            else:
                node[key] = self.random_value(rng, text)
        elif isinstance(node, list) and node:
            k = rng.randrange(len(node))
            op = rng.randrange(4)
            if op == 0:
                del node[k]
            elif op == 1:
                node.insert(rng.randrange(len(node) + 1), copy.deepcopy(node[k]))  # duplicate ids
            elif op == 2:
                node.append(self.random_value(rng, text))
            else:
                node[k] = self.random_value(rng, text)

    # -- raw bytes ----------------------------------------------------------------------------
    def raw(self, rng: random.Random) -> LoaderInput:
        name = rng.choice((self.facts_name, self.meta_name, self.text_name))
        data = bytearray(self.base[name])
        for _ in range(rng.randint(1, 4)):
            pos = rng.randrange(len(data) + 1)
            op = rng.randrange(5)
            if op == 0:
                data[pos:pos] = rng.choice(
                    (
                        b"\xff",
                        b"\xc3",
                        b"\xe2\x80",
                        b"\xed\xa0\x80",
                        b"\x00",
                        b"\xef\xbb\xbf",
                        b"\xf4\x90\x80\x80",
                        b"\xc0\xaf",
                        b"\r",
                        b"\x1a",
                    )  # fmt: skip
                )
            elif op == 1:
                del data[pos : pos + rng.randint(1, 10)]
            elif op == 2 and pos < len(data):
                data[pos] = rng.randrange(256)
            elif op == 3:
                data[:] = data[:pos]
            else:
                data[pos:pos] = self.text_gen.token(rng).encode("utf-8", "surrogatepass")
        out = {name: bytes(data)}
        if name == self.text_name and rng.random() < 0.7:  # keep the sidecar's sha256 honest
            meta = self.base[self.meta_name].decode("utf-8")
            meta = re.sub(r"(?m)^sha256:.*\n", "", meta)
            out[self.meta_name] = meta.encode("utf-8")
        return LoaderInput(out)

    # -- a small document and its facts, built from scratch --------------------------------
    def scratch(self, rng: random.Random) -> LoaderInput:
        gen = dataclasses.replace(self.text_gen, max_len=400)
        text = gen(rng)
        doc_id = rng.choice(("doc", "d-1", "a.b_c", "x" * 80, "Doc", "-bad", "0"))
        meta = {
            "id": doc_id,
            "title": rng.choice(("T", "", None, 5)),
            "published": rng.choice(("2024-02-08", "2024-02-08T10:15", "2024-02-30", "2024",
                                      "9999-12-31", "0001-01-01", random_dct(rng), 20240208)),
            "timezone": rng.choice(("UTC", "Asia/Baghdad", rng.choice(ZONES), "Nowhere/City",
                                    "America", "", "utc")),
            "language": rng.choice(("en", "", "ar")),
        }  # fmt: skip
        if rng.random() < 0.2:
            meta[rng.choice(("sha256", "grading", "assumptions", "url", "bogus"))] = (
                self.random_value(rng, text)
            )
        for key in list(meta):
            if rng.random() < 0.04:
                del meta[key]

        def span(a: int | None = None, n: int | None = None) -> dict:
            a = rng.randrange(len(text) + 1) if a is None else a
            b = min(len(text), a + (n if n is not None else rng.randint(1, 60)))
            s = {"doc": doc_id, "start": a, "end": b, "quote": text[a:b]}
            if rng.random() < 0.1:
                s[rng.choice(("start", "end", "quote", "doc"))] = self.random_value(rng, text)
            return s

        actor_ids = [f"a{i}" for i in range(rng.randint(0, 3))]
        actors = [
            {
                "id": a,
                "name": "N",
                "kind": rng.choice(("state", "person", "armed group", "alien")),
                "spans": [span() for _ in range(rng.randint(0, 2))],
            }
            for a in actor_ids
        ]
        events = []
        for i in range(rng.randint(0, 3)):
            s = span()
            quote = s["quote"] if isinstance(s.get("quote"), str) else ""
            expression = quote[: rng.randint(0, len(quote))] if rng.random() < 0.7 else "x"
            precision = rng.choice(("minute", "day", "month", "year", "period", "unknown"))
            start = rng.choice(
                (
                    None,
                    "2024-02-07",
                    "2024-02-07T21:30",
                    "2024-02",
                    "2024",
                    "9999-12-31",
                    "9999-12",
                    "9999-12-31T23:59",
                    "0001-01-01",
                    "2024-02-30",
                )  # fmt: skip
            )
            when = {"precision": precision, "start": start, "expression": expression or None}
            if rng.random() < 0.4:
                when["end"] = rng.choice((start, "9999-12-31", "2024-02-06", "2024-03"))
            if rng.random() < 0.4:
                when["tz"] = rng.choice(("UTC", "Asia/Baghdad", "Mars/Base", "America"))
            if rng.random() < 0.2:
                when["inferred"] = ["year"]
                when["basis"] = rng.choice(("dct", None))
            ev = {
                "id": f"e{i}",
                "kind": "strike",
                "summary": "s",
                "when": when,
                "status": rng.choice(("reported", "rumoured")),
                "initiators": rng.sample([*actor_ids, "ghost"], rng.randint(0, 1)),
                "spans": [s],
            }
            if rng.random() < 0.3:
                ev["outcomes"] = [
                    {
                        "kind": "killed",
                        "count": {"low": rng.randint(-1, 5), "best": rng.randint(0, 5)},
                        "wording": quote[:5] or "w",
                    }
                ]
            if rng.random() < 0.2:
                ev["links"] = [
                    {"event": rng.choice(("e0", "e9")), "link": "follows", "spans": [span()]}
                ]
            events.append(ev)
        facts = {
            "schema_version": rng.choice((1, 1, 1, 2, "1")),
            "reviewed_by": "fuzz",
            "review_status": rng.choice(("analyst-reviewed", "machine-extracted", "maybe")),
            "documents": rng.choice(([doc_id], [doc_id], [doc_id, doc_id], ["other"], [])),
            "actors": actors,
            "events": events,
        }
        if rng.random() < 0.3:
            facts["claims"] = [
                {
                    "id": "c0",
                    "speaker": rng.choice((None, *actor_ids, "ghost")),
                    "verb": "said",
                    "content": "x",
                    "when": {"precision": "unknown"},
                    "about": rng.sample(["e0", "e1", "zz"], rng.randint(0, 2)),
                    "spans": [span()],
                }
            ]
        if rng.random() < 0.2:
            facts["gaps"] = [
                {
                    "id": "g0",
                    "topic": "t",
                    "question": "q",
                    "why_it_matters": "w",
                    "about": ["e0", "nothing"][: rng.randint(0, 2)],
                }
            ]
        for _ in range(rng.randint(0, 2)):
            self.mutate_tree(rng, facts, text)
        stem = doc_id if rng.random() < 0.9 else "other"
        files = {
            f"seeds/{stem}.txt": text.encode("utf-8"),
            f"seeds/{stem}.meta.yaml": _dump(meta, rng),
            f"facts/{stem}.facts.yaml": _dump(facts, rng),
        }
        if rng.random() < 0.05:
            del files[f"seeds/{stem}.meta.yaml"]
        dirs = ("facts",)
        if rng.random() < 0.15:  # a second directory, or a second file for the same document
            other = rng.choice(("facts/second.facts.yaml", "extracted/x.facts.yaml"))
            files[other] = files[f"facts/{stem}.facts.yaml"]
            dirs = ("facts", "extracted") if other.startswith("extracted") else dirs
        return LoaderInput(files, fresh=True, facts_dirs=dirs)


def _yaml_loader():
    from helpers.facts.loading import _Loader

    return _Loader


def _dump(data, rng: random.Random) -> bytes:
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    flow = rng.choice((None, False, True))
    text = yaml.dump(
        data,
        Dumper=dumper,
        allow_unicode=rng.random() < 0.7,
        sort_keys=False,
        default_flow_style=flow,
        width=rng.choice((80, 10**6)),
    )
    return text.encode("utf-8", "surrogatepass")


class Workspace:
    """A private copy of the seed workspace that loader inputs are written into."""

    def __init__(self, base: dict[str, bytes]):
        self.root = Path(tempfile.mkdtemp(prefix="brief-fuzz-"))
        self.base = base

    def apply(self, item: LoaderInput) -> tuple[Path, Path, list[Path]]:
        for sub in ("seeds", "facts", "extracted"):
            shutil.rmtree(self.root / sub, ignore_errors=True)
        (self.root / "seeds").mkdir()
        (self.root / "facts").mkdir()
        files = dict(item.files) if item.fresh else {**self.base, **item.files}
        for name, data in files.items():
            path = self.root / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(data)
        facts = [self.root / d for d in item.facts_dirs]
        for d in facts:
            d.mkdir(exist_ok=True)
        return self.root, self.root / "seeds", facts

    def close(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)


# ---------------------------------------------------------------------------------------------
# Running


class Timeout(BaseException):  # noqa: N818  (BaseException: `except Exception` cannot swallow it)
    """The input ran past --timeout seconds of CPU."""


def _alarm(signum, frame):
    raise Timeout()


def signature(exc: BaseException) -> str:
    """A crash's identity: exception type and the innermost frame in our code or a library."""
    if isinstance(exc, Violation):
        return f"Violation {exc.kind}"
    if isinstance(exc, Timeout):
        return "Timeout"
    if isinstance(exc, SlowInput):
        return "SlowInput (over the time budget)"
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if Path(f.filename).resolve() != Path(__file__).resolve()]
    frame = (ours or frames)[-1]  # (a frame of this file: a bug in the fuzzer itself)
    return f"{type(exc).__name__} at {'/'.join(Path(frame.filename).parts[-2:])}:{frame.name}"


@dataclasses.dataclass
class Crash:
    signature: str
    index: int
    message: str
    payload: object
    count: int = 1


class Target:
    """One fuzz target: ``generate(rng) -> payload``, ``run(payload)`` raises on a crash."""

    name = ""

    def generate(self, rng: random.Random):
        raise NotImplementedError

    def run(self, payload) -> None:
        raise NotImplementedError

    def shrink_candidates(self, payload):
        """Smaller versions of ``payload`` to try, largest cuts first."""
        return []

    def show(self, payload) -> str:
        return repr(payload)

    #: The wall-clock seconds of the last input (where :meth:`measured` counts something else).
    wall: float | None = None

    def measured(self, seconds: float) -> float:
        """The seconds an input counts for (its budget, the slowest list): all of ``run``."""
        return seconds

    def close(self) -> None:
        pass


def _cuts(text: str):
    """Deletions to try: everything, each line, then halves, quarters ... single characters."""
    n = len(text)
    if n:
        yield ""
    lines = text.split("\n")
    for k in range(len(lines)):
        yield "\n".join(lines[:k] + lines[k + 1 :])
    size = n // 2
    while size >= 1:
        for start in range(0, n, size):
            yield text[:start] + text[start + size :]
        size //= 2


class NormalizeTarget(Target):
    name = "normalize"

    def __init__(self, texts):
        self.gen = TextGen(texts, surrogates=True, nul=True, max_len=600)

    def generate(self, rng):
        text = self.gen(rng)
        if rng.random() < 0.5:  # heavier on what normalisation replaces
            text += "".join(rng.choice(MESSY) for _ in range(rng.randint(1, 20)))
            text = "".join(rng.sample(text, len(text))) if rng.random() < 0.1 else text
        return text

    def run(self, payload):
        check_normalize(payload)

    def shrink_candidates(self, payload):
        return _cuts(payload)


class TemporalTarget(Target):
    name = "temporal"

    def __init__(self, texts):
        self.gen = TextGen(texts, surrogates=True, nul=True, max_len=800)

    def generate(self, rng):
        tz = None if rng.random() < 0.2 else rng.choice(ZONES)
        return self.gen(rng), random_dct(rng), tz

    def run(self, payload):
        check_temporal(*payload)

    def shrink_candidates(self, payload):
        text, dct, tz = payload
        return ((t, dct, tz) for t in _cuts(text))

    def show(self, payload):
        text, dct, tz = payload
        return f"tag({text!r}, {dct!r}, {tz!r})"


class ExtractTarget(Target):
    name = "extract"

    def __init__(self, texts):
        from helpers.extract.parse_roles import parser
        from helpers.extract.pipeline import build_nlp

        self.gen = TextGen(texts, max_len=1500)  # what read_text can return: no NUL, no surrogates
        self.nlp = build_nlp()
        parser()  # loaded now, not in the first input's time
        self.workdir = Path(tempfile.mkdtemp(prefix="brief-fuzz-extract-"))

    def generate(self, rng):
        doc_id = rng.choice(("fuzz", "d", "x" * 80, "a.b_c-9"))
        tz = rng.choice(ZONES) if rng.random() < 0.7 else "UTC"
        published = random_dct(rng)
        return self.gen(rng), doc_id, published, tz

    def run(self, payload):
        text, doc_id, published, tz = payload
        check_extract(make_doc(text, doc_id, published, tz), self.workdir, self.nlp)

    def shrink_candidates(self, payload):
        text, *rest = payload
        return ((t, *rest) for t in _cuts(text))

    def show(self, payload):
        text, doc_id, published, tz = payload
        return (
            f"extract_document(SourceDoc(Document(id={doc_id!r}, published={published!r}, "
            f"timezone={tz!r}, ...), text={text!r}))"
        )

    def close(self):
        shutil.rmtree(self.workdir, ignore_errors=True)


class SlowInput(AssertionError):
    """An input that took longer than its target's budget (``Target.budget`` seconds)."""


#: Shapes of 100 KB texts: each is filled to :data:`BIG` characters by repeating a unit built
#: from the real texts and the fuzzer's words. Runs without spaces, brackets and quotes nested
#: thousands deep, sentences of thousands of speech verbs or figures are what made spaCy's
#: tokenizer and the claim rules super-linear before; thousands of acts with a time and an
#: actor each (``events``) made the event rules and the merging of mentions quadratic.
SPEECH = ("said", "told", "denied", "claimed", "added", "condemned", "stated")
ACTS = ("strike on", "attack on", "killed", "struck", "said", "wounded", "drone strike by")

#: One repeated unit of each shape (but ``random`` and ``brackets``), from a target and a random.
BIG_UNITS = {
    "real": lambda t, rng: t.gen(rng) + "\n\n",
    "one-sentence": lambda t, rng: re.sub(r"[.!?]\s", ", ", t.gen.window(rng)) + " ",
    "speech-verbs": lambda t, rng: f"{rng.choice(NEWSY)} {rng.choice(SPEECH)}, ",
    "events": lambda t, rng: f"{rng.choice(NEWSY)} {rng.choice(ACTS)} {rng.choice(NEWSY)} {rng.choice(TIMEISH)}, ",
    "brackets": None,
    "quotes": lambda t, rng: rng.choice(("\"", "'", "\u201c", "\u2018")) + f"{rng.choice(NEWSY)} said ",
    "figures": lambda t, rng: f"killing {rng.randint(0, 10 ** rng.randint(1, 6))} {rng.choice(NEWSY)}, ",
    "times": lambda t, rng: rng.choice(TIMEISH) + rng.choice((" ", ", ", " and ")),
    "unbroken": lambda t, rng: rng.choice(NEWSY).replace(" ", rng.choice(("", "-", "_", "."))),
    "punctuation": lambda t, rng: rng.choice(".,;:!?-'\"()") * rng.randint(1, 5000),
    "whitespace": lambda t, rng: rng.choice(NEWSY) + rng.choice((" ", "\n", "\t", "\u00a0")) * rng.randint(1, 5000),
    "names": lambda t, rng: rng.choice(NEWSY).title() + rng.choice((" and ", ", ", " ")),
    "random": None,
}  # fmt: skip


class ExtractBigTarget(ExtractTarget):
    """The extractor on 100 KB texts of hostile shapes (:data:`BIG_UNITS`), each timed: one over
    :data:`BIG_BUDGET` seconds is a crash (``SlowInput``), like an exception."""

    name = "extract-100k"
    budget = BIG_BUDGET

    def __init__(self, texts):
        super().__init__(texts)
        self.timings: list[float] = []
        # what the first document loads once per process (the parser, the place tables) is
        # not the input's time: load it now
        for text in texts[:3]:
            with contextlib.suppress(Exception):
                self.run((text, "warm-up", "2024-02-08", "UTC", "real"))

    def generate(self, rng):
        shape = rng.choice(list(BIG_UNITS))
        text = self.gen.clean(self.fill(rng, shape))[:BIG]
        _, doc_id, published, tz = super().generate(rng)
        return text, doc_id, published, tz, shape

    def fill(self, rng: random.Random, shape: str) -> str:
        if shape == "random":
            return _random_chars(rng, BIG, False)
        unit = BIG_UNITS[shape]
        if shape == "brackets":  # one depth per text: 10, 1,000 or the whole text
            depth = rng.choice((10, 1000, BIG // 2))
            pair = rng.choice(("()", "[]", "{}", "\u201c\u201d", "<>", "\u00ab\u00bb"))
            return self.repeat(lambda: pair[0] * depth + rng.choice(NEWSY) + pair[1] * depth + " ")
        return self.repeat(lambda: unit(self, rng))

    @staticmethod
    def repeat(unit) -> str:
        parts, size = [], 0
        while size < BIG:
            part = unit()
            parts.append(part)
            size += len(part) or 1
        return "".join(parts)

    def run(self, payload):
        text, doc_id, published, tz, _ = payload
        self.timings.clear()
        check_extract(make_doc(text, doc_id, published, tz), self.workdir, self.nlp, self.timings)

    def measured(self, seconds: float) -> float:
        """The extraction's own CPU seconds (not the checks': dumping the facts, loading them).
        CPU, not wall-clock: on a machine shared with other jobs the wall-clock time of the same
        work varies two- to threefold with their load; :attr:`wall` keeps it for the report."""
        self.wall = self.timings[-1][1] if self.timings else seconds
        return self.timings[-1][0] if self.timings else seconds

    def shrink_candidates(self, payload):
        return []  # a slow input is reported whole (it is regenerated from its seed and index)

    def show(self, payload):
        text, doc_id, published, tz, shape = payload
        return f"shape {shape!r}, {len(text):,} characters, starting {text[:120]!r}"


class LoaderTarget(Target):
    name = "loader"

    def __init__(self, texts):
        self.gen = LoaderGen(TextGen(texts, max_len=400))
        self.ws = Workspace(self.gen.base)

    def generate(self, rng):
        return self.gen(rng)

    def run(self, payload):
        check_loader(*self.ws.apply(payload))

    def shrink_candidates(self, payload):
        for name, data in sorted(payload.files.items()):
            text = data.decode("utf-8", "surrogateescape")
            for cut in _cuts(text):
                files = {**payload.files, name: cut.encode("utf-8", "surrogateescape")}
                yield dataclasses.replace(payload, files=files)

    def show(self, payload):
        return payload.describe(self.gen.base)

    def close(self):
        self.ws.close()


TARGETS: dict[str, Callable[[list[str]], Target]] = {
    "normalize": NormalizeTarget,
    "temporal": TemporalTarget,
    "extract": ExtractTarget,
    "loader": LoaderTarget,
    "extract-100k": ExtractBigTarget,
}


def attempt(target: Target, payload, timeout: float) -> BaseException | None:
    # CPU time of the process (ITIMER_PROF), not wall-clock: on a machine shared with other
    # jobs, a run at low priority can wait longer than the timeout without doing anything
    signal.setitimer(signal.ITIMER_PROF, timeout)
    try:
        target.run(payload)
    except Timeout as exc:
        return exc
    except Exception as exc:  # anything else is a crash (the loader's InputError is handled)
        return exc
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
    return None


def shrink(target: Target, payload, sig: str, timeout: float, budget_s: float = 30.0):
    """Greedy delta debugging: keep any deletion that fails with the same signature."""
    deadline = time.monotonic() + budget_s
    improved = True
    while improved and time.monotonic() < deadline:
        improved = False
        for candidate in target.shrink_candidates(payload):
            if time.monotonic() > deadline:
                break
            exc = attempt(target, candidate, min(timeout, 5.0))
            if exc is not None and signature(exc) == sig:
                payload, improved = candidate, True
                break
    return payload


@dataclasses.dataclass
class Run:
    """How a target's inputs are run: ``shard`` (k, n) takes the inputs ``i`` with ``i % n == k``
    (the same inputs as in one process, split over n); ``stop``: a ``time.monotonic()`` after
    which no input is started (what was tried is reported); a progress line every
    ``progress`` seconds."""

    seed: int
    timeout: float
    shard: tuple[int, int] = (0, 1)
    stop: float = math.inf
    progress: float = 600.0


def fuzz_target(target: Target, count: int, run: Run, log) -> tuple:
    """Run ``count`` inputs (of them, the shard's); ``(tried, crashes, distinct crashes, seconds,
    slowest)``, ``slowest`` the :data:`SLOWEST` slowest inputs as ``(seconds, index, payload,
    wall-clock seconds)``, slowest first."""
    crashes: dict[str, Crash] = {}
    total = tried = 0
    slowest: list[tuple[float, int, object, float]] = []  # a min-heap of the slowest inputs
    budget = getattr(target, "budget", None)
    started = time.perf_counter()
    next_report = time.monotonic() + run.progress
    for i in range(run.shard[0], count, run.shard[1]):
        if time.monotonic() > run.stop:
            log(f"  [{target.name}] stopped at the deadline after {tried:,} inputs")
            break
        if time.monotonic() > next_report:
            next_report += run.progress
            rate = tried / (time.perf_counter() - started)
            log(f"  [{target.name}] {tried:,} inputs, {total:,} crashes, {rate:,.1f} inputs/s")
        tried += 1
        rng = random.Random(f"{run.seed}:{target.name}:{i}")
        payload = target.generate(rng)
        began = time.perf_counter()
        exc = attempt(target, payload, max(run.timeout, 12 * budget) if budget else run.timeout)
        wall = time.perf_counter() - began
        took = target.measured(wall)
        entry = (took, i, payload, target.wall if target.wall is not None else wall)
        if len(slowest) < SLOWEST:
            heapq.heappush(slowest, entry)
        elif took > slowest[0][0]:
            heapq.heapreplace(slowest, entry)
        if exc is None and budget is not None and took > budget:
            exc = SlowInput(f"took {took:.1f} s, over the budget of {budget:g} s")
        if exc is None:
            continue
        total += 1
        sig = signature(exc)
        if sig in crashes:
            crashes[sig].count += 1
        else:
            message = f"{type(exc).__name__}: {exc}"
            crashes[sig] = Crash(sig, i, message[:600], payload)
            log(f"  [{target.name}] new crash at input {i}: {sig}")
    slowest.sort(key=lambda e: (-e[0], e[1]))
    return tried, total, crashes, time.perf_counter() - started, slowest


def _short(shown: str, width: int = 150) -> str:
    line = " ".join(shown.split())
    return line if len(line) <= width else line[: width - 3] + "..."


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--quick", action="store_true", help="2,000 inputs: a smoke check")
    parser.add_argument("--scale", type=float, default=1.0, help="multiply every target's inputs")
    parser.add_argument("--targets", default=",".join(TARGETS), help="comma-separated subset")
    parser.add_argument("--timeout", type=float, default=10.0, help="CPU seconds per input")
    parser.add_argument("--no-shrink", action="store_true")
    parser.add_argument("--save", type=Path, help="write each reproducer to this directory")
    parser.add_argument(
        "--shard", default="0/1", help="K/N: run the inputs i with i %% N == K (split a run)"
    )
    parser.add_argument(
        "--stop-after", type=float, default=math.inf, help="start no input after this many seconds"
    )
    parser.add_argument("--progress", type=float, default=600.0, help="seconds between reports")
    args = parser.parse_args(argv)
    k, _, n = args.shard.partition("/")
    if not (k.isdigit() and n.isdigit() and int(k) < int(n)):
        parser.error(f"--shard {args.shard!r}: give K/N with 0 <= K < N")
    run = Run(
        args.seed,
        args.timeout,
        (int(k), int(n)),
        time.monotonic() + args.stop_after,
        args.progress,
    )

    plan = QUICK if args.quick else FULL
    names = [n.strip() for n in args.targets.split(",") if n.strip()]
    unknown = [n for n in names if n not in TARGETS]
    if unknown:
        parser.error(f"unknown target(s) {unknown}; choose from {', '.join(TARGETS)}")
    counts = {n: max(1, round(plan[n] * args.scale)) for n in names}
    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    signal.signal(signal.SIGPROF, _alarm)
    texts = corpus_texts()
    total_inputs = sum(counts.values())
    print(
        f"fuzz: seed {args.seed}, {total_inputs:,} inputs ("
        + ", ".join(f"{n} {c:,}" for n, c in counts.items())
        + f"), {len(texts)} real texts, timeout {args.timeout:g} s of CPU per input"
        + (f", shard {args.shard}" if run.shard != (0, 1) else ""),
        flush=True,
    )

    def log(line: str) -> None:
        print(line, flush=True)

    rows = []
    found: list[tuple[Target, Crash]] = []
    slow: dict[str, list[tuple[float, int, str, float]]] = {}
    for name in names:
        target = TARGETS[name](texts)
        tried, n_crash, crashes, seconds, slowest = fuzz_target(target, counts[name], run, log)
        slow[name] = [(t, i, _short(target.show(p)), w) for t, i, p, w in slowest]
        rows.append((name, tried, n_crash, len(crashes), seconds))
        log(
            f"{name:<10} {tried:>8,} inputs  {n_crash:>6,} crashes  "
            f"{len(crashes):>3} distinct  {tried / seconds:>10,.1f} inputs/s  "
            f"{seconds:>7.1f} s"
        )
        for crash in crashes.values():
            payload = crash.payload
            if not args.no_shrink:
                payload = shrink(target, payload, crash.signature, args.timeout)
            found.append((target, dataclasses.replace(crash, payload=payload)))
        target.close()
    print()
    print(f"{'target':<10} {'inputs':>9} {'crashes':>8} {'distinct':>9} {'inputs/s':>11} {'s':>8}")
    for name, count, n_crash, distinct, seconds in rows:
        print(
            f"{name:<10} {count:>9,} {n_crash:>8,} {distinct:>9} {count / seconds:>11,.1f} "
            f"{seconds:>8.1f}"
        )
    t_inputs = sum(r[1] for r in rows)
    t_crash = sum(r[2] for r in rows)
    t_distinct = sum(r[3] for r in rows)
    t_seconds = sum(r[4] for r in rows)
    print(
        f"{'total':<10} {t_inputs:>9,} {t_crash:>8,} {t_distinct:>9} "
        f"{t_inputs / t_seconds:>11,.1f} {t_seconds:>8.1f}"
    )
    for name, entries in slow.items():
        big = name == "extract-100k"
        what = "CPU seconds of extraction, wall-clock" if big else "seconds"
        print(f"\nslowest {len(entries)} of {name} ({what}, input number: the input)")
        for took, i, shown, wall in entries:
            print(f"  {took:8.3f}  " + (f"{wall:7.3f}  " if big else "") + f"#{i:<8} {shown}")
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    for k, (target, crash) in enumerate(found, 1):
        print(
            f"\n[{k}] {target.name}: {crash.signature} -- {crash.count} input(s), first #{crash.index}"
        )
        print(f"    {crash.message}")
        shown = target.show(crash.payload)
        print("    reproducer" + ("" if args.no_shrink else " (shrunk)") + ":")
        print("\n".join("      " + line for line in shown.splitlines()))
        if args.save:
            (args.save / f"{k:02d}-{target.name}.txt").write_text(
                f"{crash.signature}\n{crash.message}\n\n{shown}\n", encoding="utf-8"
            )
    return 1 if t_crash else 0


if __name__ == "__main__":
    sys.exit(main())
