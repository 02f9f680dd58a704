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
from pathlib import Path

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


def test_a_sentence_over_the_bound_is_read_in_pieces_cut_after_a_comma():
    from helpers.extract.text import SENTENCE_MAX, _pieces

    clause = "militants fired rockets at the base on Tuesday, "
    text = "Officials said " + clause * 200 + "and nobody was hurt"
    pieces = list(_pieces(text, 0, len(text)))
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(b == c for (_, b), (c, _) in zip(pieces, pieces[1:], strict=False))
    assert all(b - a <= SENTENCE_MAX for a, b in pieces)
    assert all(text[b - 1] == "," for _, b in pieces[:-1])  # right after a comma
    short = "The ministry said two drones were shot down over the port, and one fell short."
    assert list(_pieces(short, 0, len(short))) == [(0, len(short))]
    unbroken = "x" * (2 * SENTENCE_MAX + 7)  # no comma, no space: cut at the length
    assert list(_pieces(unbroken, 0, len(unbroken))) == [
        (0, SENTENCE_MAX),
        (SENTENCE_MAX, 2 * SENTENCE_MAX),
        (2 * SENTENCE_MAX, len(unbroken)),
    ]


def test_the_parse_budget_leaves_later_sentences_to_the_rules():
    from helpers.extract.parse_roles import parse_budget, parse_roles, parser

    if parser() is None:
        pytest.skip("the packaged parser is not installed")
    first = "Gunmen attacked a checkpoint near the town on Monday, police said."
    second = "A drone strike hit a convoy of trucks outside the port late on Friday."
    mentions: list = []
    a, b = first.index("attacked"), first.index("attacked") + 8
    c, d = second.index("strike"), second.index("strike") + 6
    unbounded = parse_roles(first, a, b, mentions), parse_roles(second, c, d, mentions)
    assert None not in unbounded
    with parse_budget(len(first) + 5):
        assert parse_roles(first, a, b, mentions) == unbounded[0]
        assert parse_roles(second, c, d, mentions) is None  # past the budget
        assert parse_roles(first, a, b, mentions) == unbounded[0]  # read once: free again
    assert parse_roles(second, c, d, mentions) == unbounded[1]  # outside a block: no bound


def test_the_token_under_a_trigger_is_the_one_the_scan_finds():
    from helpers.extract.parse_roles import _parse, _token_over, parser

    if parser() is None:
        pytest.skip("the packaged parser is not installed")
    sentence = "U.S. jets struck  two sites (near al-Qaim) on Friday; \u201cno one\u201d was hurt."
    doc = _parse(sentence)
    for t0 in range(len(sentence)):
        for t1 in range(t0 + 1, min(len(sentence), t0 + 12) + 1):
            want = next((t for t in doc if t.idx <= t0 < t.idx + len(t) or t0 <= t.idx < t1), None)
            got = _token_over(doc, t0, t1)
            assert (got is None and want is None) or got.i == want.i, (t0, t1)


def _compatible_by_members(members, event) -> bool:
    """What ``mentions.compatible`` asked of every member of a group before its summaries."""
    from helpers.extract.mentions import _actors_conflict, _places_conflict, date_key, family

    if family(event.kind) != family(members[0].kind):
        return False
    if any(m.background != event.background for m in members):
        return False
    if any(m.when.ongoing != event.when.ongoing for m in members):
        return False
    key = date_key(event)
    date = next((k for k in map(date_key, members) if k), None)
    if key and date and key != date:
        return False
    for m in members:
        if _actors_conflict(m.initiators, event.initiators):
            return False
        if _places_conflict(m.location, event.location):
            return False
    if family(members[0].kind) == "speech":
        speakers = {a for m in members for a in m.initiators}
        return bool(event.initiators) and set(event.initiators) == speakers
    return True


def test_a_group_of_mentions_answers_as_its_members_did(nlp):
    from helpers.extract.mentions import _Group, compatible, group_mentions
    from helpers.extract.pipeline import extract_document
    from helpers.facts.loading import SourceDoc
    from helpers.facts.schema import Document

    text = (
        "BAGHDAD, March 3 - A drone strike killed two militia commanders in Baghdad on Sunday, "
        "officials said. The United States carried out the strike, the Pentagon said on "
        "Monday. Kataib Hezbollah denied any role in a rocket attack on Erbil on Saturday.\n\n"
        "Iran condemned the strike. Hamas said it fired rockets at Israel on Sunday. Police "
        "said gunmen attacked a checkpoint in Mosul on Friday, killing three soldiers. The "
        "attack in Mosul was the second this week; the Pentagon said the strike in Baghdad "
        "was in response to the attack on Erbil, which wounded four people on Saturday."
    )
    meta = Document(
        id="d", title="t", published="2024-03-04", timezone="Asia/Baghdad", language="en"
    )
    facts = extract_document(SourceDoc(meta, text, Path("d.txt")), nlp)
    events = facts.events
    assert len(events) >= 3
    for group in group_mentions(events):
        for event in events:
            assert compatible(group, event) == _compatible_by_members(group.members, event)
    rng = random.Random(11)
    for _ in range(200):  # groups of any members, not only those the grouping made
        members = rng.sample(events, rng.randint(1, len(events)))
        group = _Group(members[0])
        for m in members[1:]:
            group.add(m)
        for event in events:
            assert compatible(group, event) == _compatible_by_members(members, event)


def test_whose_act_in_a_clause_without_a_verb_ends():
    """Found by benchmarks/fuzz.py (extract #5036, #11027: a Timeout): 'their attack' in a
    clause without a verb climbed to the root and looped there (tokens compared with `is`)."""
    from helpers.extract.parse_roles import _parse, _possessor, parser

    if parser() is None:
        pytest.skip("the packaged parser is not installed")
    doc = _parse("Their drone attack on the base near the border.")
    noun = next(t for t in doc if t.text == "attack")
    assert _possessor(noun) is None
