"""The bounds that keep extraction near-linear on hostile text give the answers of the unbounded
code they replace (issue 17, item 3; the time itself is measured by benchmarks/fuzz.py's
``extract-100k`` target, never asserted here).

* spaCy's suffix search on the end of a string only (``TailSearch``) finds the suffix the whole
  search finds;
* the tokenizer that cuts runs of more than 1,000 characters without a space keeps the text
  (every offset) and tokenises everything else exactly as spaCy does;
* a predicate's time expressions tried nearest first come in the order the sort gave.
"""

from __future__ import annotations

import random

import pytest

from helpers.extract.dating import _nearest_first, _points, when_of
from helpers.extract.pipeline import BoundedTokenizer, TailSearch, build_nlp
from helpers.extract.temporal import Timex
from helpers.extract.text_rules import LONG_RUN

PIECES = [
    "(", ")", "[", "]", "\u201c", "\u201d", '"', "'", "'s", ".", "..", "...", ",", ";", "!",
    "?", "km", "km/h", "5", "12", "%", "mph", "a", "Gao", "said", "-", "\u2026", "\u00b0F",
]  # fmt: skip


@pytest.fixture(scope="module")
def nlp():
    return build_nlp()


def _strings(n: int, seed: int = 17):
    rng = random.Random(seed)
    for _ in range(n):
        yield "".join(rng.choice(PIECES) for _ in range(rng.randint(1, 40)))


def test_the_suffix_found_at_the_end_is_the_one_the_whole_search_finds(nlp):
    bounded = nlp.tokenizer.tokenizer.suffix_search
    assert isinstance(bounded, TailSearch)
    whole = bounded.search
    for string in [*_strings(3000), "." * 500, "x" + ")" * 300, "5" + "km" * 40]:
        got, want = bounded(string), whole(string)
        assert (got and (got.start(), got.end())) == (want and (want.start(), want.end())), string


def test_long_runs_keep_the_text_and_the_rest_is_tokenised_as_spacy_does(nlp):
    tokenizer = nlp.tokenizer
    assert isinstance(tokenizer, BoundedTokenizer)
    for text in _strings(300, seed=3):
        text = text.replace(";", " ")
        assert [t.text for t in tokenizer(text)] == [t.text for t in tokenizer.tokenizer(text)]
    run = "(" * (LONG_RUN + 5) + "Gao" + ")" * 700
    text = f"Militants said {run} on Monday.\n{'x' * 3000}  then"
    doc = tokenizer(text)
    assert doc.text == text
    assert all(text[t.idx : t.idx + len(t)] == t.text for t in doc)
    assert [t.text for t in doc][:3] == ["Militants", "said", "("]
    assert "Gao" in [t.text for t in doc] and "Monday" in [t.text for t in doc]


def _timexes(rng: random.Random) -> list[Timex]:
    out, at = [], 0
    for _ in range(rng.randint(0, 25)):
        at += rng.randint(1, 30)
        kind = rng.choice(("DATE", "TIME", "DURATION"))
        out.append(Timex(at, at + 5, "xxxxx", kind, "2024-02-08"))
        at += 5
    return out


def test_time_expressions_are_tried_in_the_order_the_sort_gave():
    rng = random.Random(5)
    for _ in range(2000):
        timexes = _timexes(rng)
        anchor = rng.choice([None, 0, rng.randint(0, 800)])
        points = [t for t in timexes if t.type in ("DATE", "TIME")]

        def key(t, anchor=anchor):
            return (abs(t.start - anchor) if anchor is not None else 0, t.type != "TIME")

        got = list(_nearest_first(*_points(timexes), anchor))
        assert got == sorted(points, key=key), (anchor, [(t.start, t.type) for t in points])


def test_when_of_still_dates_by_the_nearest_expression():
    text = "On Monday militants attacked, and on Tuesday at 9:30 p.m. the army struck."

    def timex(words: str, kind: str, value: str) -> Timex:
        at = text.index(words)
        return Timex(at, at + len(words), words, kind, value)

    monday = timex("Monday", "DATE", "2024-02-05")
    tuesday = timex("Tuesday", "DATE", "2024-02-06")
    clock = timex("9:30 p.m.", "TIME", "2024-02-06T21:30")

    def quote(a, b):
        return text[a:b]

    timexes = [monday, tuesday, clock]
    assert when_of(timexes, "2024-02-08", quote, text.index("attacked")).start == "2024-02-05"
    assert when_of(timexes, "2024-02-08", quote, text.index("struck")).start.startswith(
        "2024-02-06"
    )


def test_casualty_wordings_read_across_long_runs_of_whitespace():
    """The whitespace of the casualty patterns is possessive: a run of thousands of tabs between
    the words is read as one gap (three optional gaps in a row tried every split of it)."""
    from helpers.extract.text import outcomes

    gap = "\t" * 3000
    text = f"Five people{gap}were{gap}injured and 12 soldiers{gap}were killed{gap}on Monday."
    assert [(kind, numbers) for kind, numbers, _ in outcomes(text)] == [
        ("killed", [12]),
        ("injured", [5]),
    ]
    assert outcomes("a spokesman for" + gap * 30) == []
