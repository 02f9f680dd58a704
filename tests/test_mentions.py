"""One event per real event in a document (helpers.extract.mentions), on texts written for these
tests in the style of wire copy: a headline, a lede with the toll, a later sentence with the day."""

from pathlib import Path

from helpers.extract import extract_document
from helpers.facts.loading import SourceDoc
from helpers.facts.schema import Document

TEXT = (
    "Gunmen storm hotel in coastal town, dozens dead\n"
    "Militants attacked a hotel in Kismayo, killing at least 12 people, officials said on Sunday.\n"
    "The assault began on Saturday evening when a car bomb exploded at the gate.\n"
    "The death toll has risen to 21, the regional health ministry said Monday.\n"
)


def doc(text=TEXT, published="2024-03-11"):
    meta = Document(
        id="t1", title="t", published=published, timezone="Africa/Mogadishu", language="en"
    )
    return SourceDoc(meta=meta, text=text, path=Path("t1.txt"))


def test_mentions_of_one_attack_are_one_event_with_the_day_of_the_act():
    facts = extract_document(doc())
    violent = [e for e in facts.events if e.kind in {"attack", "strike", "killing", "bombing"}]
    assert len(violent) == 1, [(e.kind, e.when.start) for e in violent]
    event = violent[0]
    assert event.when.start == "2024-03-09"  # Saturday, not the day the toll was reported
    # the toll as the story updates it: "has risen to 21"
    assert [o.count.best for o in event.outcomes if o.kind == "killed"] == [21]
    assert event.location is not None and event.location.name == "Kismayo"


def test_two_attacks_on_different_days_stay_apart():
    text = (
        "Militants attacked a hotel in Kismayo on Saturday, killing five people.\n"
        "On Tuesday, a roadside bomb killed three soldiers near Baidoa.\n"
    )
    facts = extract_document(doc(text))
    days = sorted(e.when.start for e in facts.events if e.when.start)
    assert "2024-03-09" in days and "2024-03-05" in days


def test_a_toll_in_an_officials_statement_counts_the_act_it_reports():
    text = (
        "Militants attacked a hotel in Kismayo on Saturday, killing five people.\n"
        '"The number of the dead we have confirmed is 21," Health Minister Ali Hassan said in a '
        "statement on Monday.\n"
    )
    facts = extract_document(doc(text))
    violent = [e for e in facts.events if e.kind in {"attack", "strike", "killing"}]
    assert len(violent) == 1
    assert violent[0].when.start == "2024-03-09"
    assert [o.count.best for o in violent[0].outcomes if o.kind == "killed"] == [21]
    assert any("is 21" in s.quote for s in violent[0].spans)
    # the statement itself stays an event of its own
    assert [e.when.start for e in facts.events if e.kind == "statement"] == ["2024-03-11"]


def test_hedged_acts_are_alleged_not_reported():
    for text in (
        "A purported drone strike hit a car in Kismayo on Saturday.",
        "Gunmen reportedly attacked a hotel in Kismayo on Saturday.",
    ):
        facts = extract_document(doc(text))
        assert [e.status for e in facts.events] == ["alleged"], text


def test_a_reaction_is_a_statement_even_without_a_day():
    text = (
        "Militants attacked a hotel in Kismayo on Saturday, killing five people.\n"
        "The African Union condemned the attack.\n"
        "The group vowed to continue its campaign.\n"
    )
    facts = extract_document(doc(text))
    statements = [e for e in facts.events if e.kind == "statement"]
    assert [s.spans[0].quote for s in statements] == [
        "The African Union condemned the attack."
    ]  # a pledge to go on is not a reaction to an act


def test_a_stated_utc_time_beats_local_time_and_far_places_keep_their_clock():
    text = "Drones struck a fuel depot at 1220 local time (0920 UTC) on Tuesday, killing two.\n"
    (event,) = extract_document(doc(text, published="2024-03-10")).events
    assert (event.when.start, event.when.tz) == ("2024-03-05T09:20", "UTC")
    text = (
        "Gunmen stormed a concert hall in Krasnogorsk at 8 p.m. local time on Friday, killing 40.\n"
    )
    (event,) = extract_document(doc(text, published="2024-03-10")).events
    assert (event.when.start, event.when.tz) == ("2024-03-08T20:00", "Europe/Moscow")


def test_showing_and_gathering_are_not_protests():
    for text in (
        "Police said the attack on Saturday demonstrated that the group could strike anywhere.\n",
        "A crowd gathered outside the hospital in Kismayo on Saturday.\n",
    ):
        facts = extract_document(doc(text))
        assert "protest" not in [e.kind for e in facts.events], text
    facts = extract_document(
        doc("Hundreds gathered in Kismayo on Saturday to protest the killings.\n")
    )
    assert "protest" in [e.kind for e in facts.events]


def test_one_scene_named_by_a_town_and_the_city_beside_it():
    text = (
        "Gunmen stormed a concert hall in Krasnogorsk on Friday night, killing 40.\n"
        "The death toll from the attack outside Moscow has climbed to 60, investigators "
        "confirmed in the early hours of Saturday.\n"
    )
    violent = [
        e for e in extract_document(doc(text)).events if e.kind in {"attack", "strike", "killing"}
    ]
    assert len(violent) == 1 and violent[0].when.start == "2024-03-08"
    assert [o.count.best for o in violent[0].outcomes if o.kind == "killed"] == [60]


def test_blasts_and_storming_are_acts():
    for text in (
        "Two devices exploded near a market in Kismayo on Saturday, killing four people.\n",
        "Gunmen stormed a hotel in Kismayo on Saturday.\n",
    ):
        facts = extract_document(doc(text))
        assert [e.kind for e in facts.events] == ["attack"], text


def test_speakers_in_an_apposition_and_descriptions_are_claims():
    text = (
        "Militants attacked a hotel in Kismayo on Saturday.\n"
        "The regional governor, Ali Hassan, condemned the attack.\n"
        "Al-Shabaab described the attack as a warning.\n"
    )
    claims = extract_document(doc(text)).claims
    assert [(c.speaker.split(".")[-1], c.verb) for c in claims] == [
        ("unresolved-ali-hassan", "condemned"),
        ("al-shabaab", "described"),
    ]


def test_a_named_speaker_before_has_and_a_verb_speaks():
    text = "Militants attacked a hotel in Kismayo on Saturday.\nGovernor Ali Hassan has condemned the attack.\n"
    claims = extract_document(doc(text)).claims
    assert [(c.speaker.split(".")[-1], c.verb) for c in claims] == [
        ("unresolved-ali-hassan", "condemned")
    ]


def test_blowing_up_a_bridge_is_an_act_the_accuser_alleges():
    text = "Officials on Saturday accused militants of blowing up a bridge near Kismayo.\n"
    events = [e for e in extract_document(doc(text)).events if e.kind == "attack"]
    assert len(events) == 1 and events[0].status == "alleged"


def test_a_year_is_not_a_clock_time_of_the_days_act():
    text = (
        "Two bombs exploded at a memorial in Kismayo on Wednesday, killing 8 people.\n"
        "It honoured a general who was killed in 2020 by a drone strike.\n"
    )
    events = extract_document(doc(text, published="2024-01-05")).events
    assert sorted(e.when.start for e in events if e.kind in ("attack", "strike", "killing")) == [
        "2020",
        "2024-01-03",
    ]


def test_the_armys_strike_on_another_day_is_a_new_act():
    text = (
        "Militants attacked a hotel in Kismayo on Saturday.\n"
        "In response the army struck militant positions near Baidoa on Sunday.\n"
    )
    events = extract_document(doc(text)).events
    assert sorted(e.when.start for e in events) == ["2024-03-09", "2024-03-10"]
