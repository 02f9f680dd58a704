"""Reading the normalised text: captions and the dateline set aside, sentence ranges, and what a
sentence says on its own (casualty figures, the status its hedges give, the place it names)."""

from __future__ import annotations

import bisect
import functools
from collections.abc import Iterable

from ..facts.places import REGION_ZONES, place_mentions
from ..facts.schema import Location
from .lexicon import HEDGES, PLACES, VAGUE
from .temporal import number_value
from .text_rules import (
    CAPTION,
    DATELINE,
    ENDS_A_LINE,
    INJURED,
    KILLED,
    LINE_BREAK,
    PARAGRAPH_BREAK,
    PLACE_NAMED,
    ZONE_RESTATED_BEFORE,
)


def masked(text: str) -> tuple[str, list[tuple[int, int]]]:
    """Blank out captions and the dateline (same length, so offsets hold)."""
    skipped = []
    chars = list(text)
    for match in CAPTION.finditer(text):
        skipped.append((match.start(), match.end()))
    # the dateline: at the start of the story, which may follow a headline and a byline
    dateline = next(iter(DATELINE.finditer(text, 0, 600)), None)
    if dateline:
        skipped.append((dateline.start(), dateline.end()))
    for a, b in skipped:
        for i in range(a, b):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars), skipped


#: Characters a sentence holds at most: a longer one is read as pieces cut at the last comma,
#: semicolon or space before this length. No sentence of news text comes near it (the longest of
#: the real-news, seed, development and held-out texts: 602); a text without full stops does,
#: and the rules that look at the whole sentence for each trigger, mention or time expression
#: in it (the passive voice, "between X and Y", the objects after the trigger, the nearest
#: date) then took time growing with the square of its length (100,000 characters of "a strike
#: on Tuesday, ": 72 s).
SENTENCE_MAX = 2_000


def sentence_ranges(text: str, nlp_doc) -> Iterable[tuple[int, int]]:
    """Sentence (start, end) offsets, trimmed; a blank line always ends a sentence (a headline
    or a byline has no full stop for the sentencizer to split on); one longer than
    :data:`SENTENCE_MAX` is cut into pieces."""
    for sent in nlp_doc.sents:
        a, b = sent.start_char, sent.end_char
        cuts = sorted({a, *_breaks(text, a, b), b})
        for c0, c1 in zip(cuts, cuts[1:], strict=False):
            for s0, s1 in _pieces(text, c0, c1):
                while s1 > s0 and text[s1 - 1].isspace():
                    s1 -= 1
                while s0 < s1 and text[s0].isspace():
                    s0 += 1
                if s1 - s0 >= 12:
                    yield s0, s1


def _pieces(text: str, a: int, b: int) -> Iterable[tuple[int, int]]:
    """[a, b) in pieces of at most :data:`SENTENCE_MAX` characters, each cut after the last
    comma or semicolon in its second half, else after its last space, else at the length."""
    while b - a > SENTENCE_MAX:
        end = a + SENTENCE_MAX
        half = a + SENTENCE_MAX // 2
        cut = max(text.rfind(",", half, end), text.rfind(";", half, end))
        if cut < 0:
            cut = text.rfind(" ", half, end)
        cut = cut + 1 if cut >= 0 else end
        yield a, cut
        a = cut
    yield a, b


def _breaks(text: str, a: int, b: int) -> list[int]:
    """Where a paragraph or a title line ends inside [a, b)."""
    cuts = [m.start() for m in PARAGRAPH_BREAK.finditer(text, a, b)]
    for m in LINE_BREAK.finditer(text, a, b):
        line = text[text.rfind("\n", a, m.start()) + 1 : m.start()]
        if ENDS_A_LINE.search(line):
            cuts.append(m.start())
    return cuts


def within(items: list, starts: list[int], s0: int, s1: int) -> list:
    """Items (sorted by start) that lie inside [s0, s1)."""
    lo = bisect.bisect_left(starts, s0)
    hi = bisect.bisect_left(starts, s1)
    return [x for x in items[lo:hi] if x.end <= s1]


def number(word: str) -> int | None:
    value = number_value(word)
    return None if value is None else int(value)


def outcomes(sentence: str) -> list[tuple[str, list[int], tuple[int, int]]]:
    """(kind, numbers, (start, end) of the first wording) for deaths and injuries in a sentence.

    Read once per sentence (every event of a sentence asks: a sentence of thousands of events
    was read thousands of times)."""
    return [(kind, list(numbers), wording) for kind, numbers, wording in _outcomes(sentence)]


@functools.lru_cache(maxsize=256)
def _outcomes(sentence: str) -> tuple[tuple[str, tuple[int, ...], tuple[int, int]], ...]:
    found = []
    for kind, patterns in (("killed", KILLED), ("injured", INJURED)):
        numbers, wording = [], None
        for pattern in patterns:
            for m in pattern.finditer(sentence):
                word = m.group("n")
                value = number(word)
                if value is None and word.lower() in VAGUE:
                    value = VAGUE[word.lower()]
                if value is not None and m.groupdict().get("and_one") is not None:
                    value += 1  # "killed along with three others": four dead
                if value is not None:
                    numbers.append(value)
                wording = wording or (m.start(), m.end())
        if wording:
            found.append((kind, tuple(numbers), wording))
    return tuple(found)


def status(sentence: str) -> tuple[str, tuple[int, int] | None]:
    """Status from the first hedge in the sentence, and where the hedge is."""
    lowered = sentence.lower()
    for word, found in HEDGES:
        at = lowered.find(word)
        if at >= 0:
            return found, (at, at + len(word))
    return "reported", None


def places_in(sentence: str, quote, countries: frozenset[str] = frozenset()) -> list[Location]:
    """Every place the sentence names, in order (the seed table's reading first where both
    read the same words)."""
    return [
        Location(name=name, countries=within, precision=precision, expression=quote(a, b))
        for a, b, name, precision, within in sorted(_places(sentence, countries))
    ]


def location(
    sentence: str, quote, after: int = 0, countries: frozenset[str] = frozenset()
) -> Location | None:
    """The first place the sentence puts something 'in', 'at' or 'near', after ``after`` if any:
    from the seed region's table, else from the world's places (:mod:`helpers.facts.places`);
    a country gives way to a town, region or site inside it that the sentence names."""
    found = _places(sentence, countries)
    if not found:
        return None
    later = [f for f in found if f[0] >= after]
    first = min(later or found, key=lambda f: f[0])
    if first[3] == "country":
        inside = [f for f in found if f[4] == [first[2]] and f[3] != "country"]
        first = min(inside, key=lambda f: f[0]) if inside else first
    start, end, name, precision, countries = first
    return Location(
        name=name, countries=countries, precision=precision, expression=quote(start, end)
    )


@functools.lru_cache(maxsize=256)
def _places(sentence: str, countries: frozenset[str]) -> tuple[tuple, ...]:
    """The seed region's places in the sentence, then the world's where the seed table did not
    read the same words; once per sentence (each of its events asks)."""
    seed = _seed_places(sentence)
    world = [f for f in _world_places(sentence, countries) if not any(_overlap(f, s) for s in seed)]
    return tuple(f for f in seed + world if not _zone_of_a_clock(sentence, f[0]))


def _zone_of_a_clock(sentence: str, start: int) -> bool:
    """ "..., which was 2:50 a.m. on Monday in Damascus": the place the clock is read in."""
    return ZONE_RESTATED_BEFORE.search(sentence[max(0, start - 60) : start]) is not None


def _seed_places(sentence: str) -> list[tuple[int, int, str, str, list[str]]]:
    found = []
    for m in PLACE_NAMED.finditer(sentence):
        name = m.group(1)
        country = PLACES[name]
        if name in ("Gaza", "Gaza Strip", "West Bank", "Red Sea", *REGION_ZONES):
            precision, countries = "region", []
        else:
            precision, countries = ("country" if name == country else "town"), [country]
        found.append((m.start(), m.end(), name, precision, countries))
    return found


def _world_places(
    sentence: str, countries: frozenset[str] = frozenset()
) -> list[tuple[int, int, str, str, list[str]]]:
    return [
        (m.start, m.end, m.surface, m.place.precision, _countries_of(m))
        for m in place_mentions(sentence, countries)
    ]


def _countries_of(mention) -> list[str]:
    """The country a place mention lies in: the index's, else the seed table's (a town the
    index spells otherwise: "Hodeidah" is GeoNames' "Al Hudaydah")."""
    country = mention.place.country or PLACES.get(mention.surface)
    return [country] if country else []


def _overlap(a: tuple, b: tuple) -> bool:
    return a[0] < b[1] and b[0] < a[1]
