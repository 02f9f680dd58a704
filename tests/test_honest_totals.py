"""Honest totals and the review threshold (helpers.brief.build): counts are over fused events of the
window dated to the day, never background; tolls carry the range of the sources' figures; rows
that may repeat another are counted and said; machine facts below ``review_below`` leave the
bottom line and key facts for a "Needs review" section. Texts written for these tests."""

from __future__ import annotations

import pytest
from conftest import write_seeds

from helpers.brief import build_brief, sections
from helpers.brief.build import Toll, killed_toll, possible_doubles
from helpers.brief.params import ParameterError, check_params
from helpers.cli import main
from helpers.extract.pipeline import extract_to
from helpers.facts.schema import Count, Event, Outcome, Span, When

TEXTS = {
    "a1": (
        "GAO, Mali (Sahel Desk) - Gunmen on motorbikes attacked an army checkpoint near Gao on "
        "Monday, killing seven soldiers, the army said in a statement.\n\n"
        "The army said reinforcements had been sent to the area.\n\n"
        "In 2019, a similar raid near Menaka killed dozens of troops."
    ),
    "a2": (
        "BAMAKO - Militants killed nine soldiers at a checkpoint near Gao on Monday, a local "
        "official told reporters.\n\n"
        "The official said the attackers fled toward the border."
    ),
    "a3": (
        "NIAMEY - A drone strike hit a convoy near Tillaberi on Tuesday, killing four people, "
        "residents said."
    ),
}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    root = tmp_path_factory.mktemp("totals")
    seeds = write_seeds(root / "seeds", TEXTS, "2025-03-05", "Africa/Bamako")
    extract_to(seeds, root / "extracted")
    (root / "no-facts").mkdir()
    return root


def brief_of(corpus, **params):
    return build_brief(
        seeds_dir=str(corpus / "seeds"),
        facts_dir=str(corpus / "no-facts"),
        extracted_dir=str(corpus / "extracted"),
        **params,
    )


# ---------------------------------------------------------------------------- tolls and doubles


def span(doc: str = "d", quote: str = "x") -> Span:
    return Span(doc=doc, start=0, end=len(quote), quote=quote)


def event(eid, day, killed=None, low=None, high=None, initiators=("g",), kind="attack", **kw):
    outcomes = []
    if killed is not None:
        count = Count(low=low, best=killed, high=high)
        outcomes = [Outcome(kind="killed", count=count, wording="killed")]
    return Event(
        id=eid,
        kind=kind,
        summary=f"Event {eid}.",
        when=When(precision="day", start=day),
        initiators=list(initiators),
        outcomes=outcomes,
        status="reported",
        spans=[span()],
        **kw,
    )


def test_a_toll_keeps_the_sources_range_and_adds_up():
    assert killed_toll(event("e", "2025-03-03", 7, low=7, high=9)) == Toll(7, 7, 9)
    assert killed_toll(event("e", "2025-03-03", 4)) == Toll(4, 4, 4)
    assert killed_toll(event("e", "2025-03-03")) is None
    assert Toll(1, 2, 3) + Toll(4, 4, 4) == Toll(5, 6, 7)


def test_rows_of_one_day_kind_figure_and_actor_are_possible_doubles():
    same = [event("a", "2025-03-03", 7), event("b", "2025-03-03", 7, kind="killing")]
    other_figure = event("c", "2025-03-03", 9)
    other_actor = event("d", "2025-03-03", 7, initiators=("h",))
    other_day = event("e", "2025-03-04", 7)
    events = [*same, other_figure, other_actor, other_day]
    tolls = {e.id: killed_toll(e) for e in events}
    assert [e.id for e in possible_doubles(events, tolls)] == ["b"]


# ---------------------------------------------------------------------------- the review threshold


def test_review_below_is_checked_and_parsed_from_the_command_line(capsys):
    with pytest.raises(ParameterError, match="review_below"):
        check_params(review_below=1.5)
    with pytest.raises(ParameterError, match="review_below"):
        check_params(review_below="0.5")
    assert check_params(review_below=0).review_below == 0
    assert main(["render", "-p", "review_below", "most"]) != 0
    assert "review_below" in capsys.readouterr().err


def test_below_the_threshold_a_machine_fact_leaves_the_bottom_line_for_needs_review(corpus):
    brief = brief_of(corpus, review_below=1.0)
    events, claims = brief.under_review()
    assert events and len(events) == len(brief.events_in_window())
    assert [e.confidence for e in events] == sorted(e.confidence for e in events)
    assert brief.lead_event() is None
    assert "less likely right than 100%" in " ".join(brief.bluf())
    assert not any(brief.claims_about(e.id) for e in events)  # nor claimed in the bottom line
    html = sections.review_section(brief)
    assert 'id="sec-needs-review"' in html and "Needs review" in html
    for e in events:
        assert e.confidence_basis.split(":")[0] in html.replace("&#39;", "'")
    facts = sections.key_facts(brief)
    assert "Reported by the source" not in facts and "Needs review" in facts


def test_with_no_threshold_nothing_needs_review(corpus):
    brief = brief_of(corpus, review_below=0.0)
    assert sections.review_section(brief) == ""
    assert brief.lead_event() is not None


# ---------------------------------------------------------------------------- a large brief


def test_a_large_brief_opens_with_the_picture_and_counts_no_background(corpus):
    brief = brief_of(corpus, max_rows=1, review_below=0.0)
    assert brief.large
    counted = brief.counted()
    assert counted and not any(e.background for e in counted)
    assert all(e.when.precision in ("minute", "day") for e in counted)
    totals = brief.totals()
    assert totals.events == len(counted)
    bluf = " ".join(brief.bluf())
    assert f"{totals.events} events dated to the day" in bluf
    assert "by the brief's figures" in bluf and "precision" in bluf and "recall" in bluf
    summary = sections.timeline_summary(brief)
    assert "Range of the sources" in summary and "lean high" in summary
    for words in ("parameter max_rows", "tables_dir"):
        assert words not in summary and words not in sections.key_facts(brief)


def test_a_large_brief_names_no_deadliest_event_that_needs_review(corpus):
    brief = brief_of(corpus, max_rows=1, review_below=1.0)
    assert brief.deadliest(3) == []
    assert "The deadliest" not in " ".join(brief.bluf())
    brief = brief_of(corpus, max_rows=1, review_below=0.0)
    assert brief.deadliest(3) and "The deadliest" in " ".join(brief.bluf())


def test_plurals_of_free_text_kinds():
    from helpers.brief.build import _count, _tally

    assert _count(2, "clash") == "2 clashes" and _count(3, "talks") == "3 talks"
    assert _count(1, "strike") == "1 strike"
    assert _tally(["a", "a", "b", "c", "d", "e"], top=4).endswith("1 more kind")
