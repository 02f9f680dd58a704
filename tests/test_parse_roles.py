"""Roles from the packaged dependency parser (helpers.extract.parse_roles), on sentences written
for these tests; actors are given as the extractor would find them."""

import json

import pytest

from helpers.extract import parse_roles as pr


def roles(sentence, trigger, actors):
    t0 = sentence.index(trigger)
    mentions = [(sentence.index(s), sentence.index(s) + len(s), a) for s, a in actors]
    return pr.parse_roles(sentence, t0, t0 + len(trigger), mentions)


def test_the_parser_ships_with_its_licence_attribution_and_scores():
    assert pr.parser() is not None
    assert (pr.MODEL_DIR / "LICENSE.txt").is_file()
    assert "UD_English-EWT" in (pr.MODEL_DIR / "ATTRIBUTION.txt").read_text()
    scores = json.loads((pr.MODEL_DIR / "scores.json").read_text())
    assert {"dep_uas", "dep_las", "tag_acc"} <= set(scores)


@pytest.mark.parametrize(
    "sentence, trigger, actors, expected",
    [
        (
            "The Navy and the Air Force carried out strikes on rebel positions near the port.",
            "strikes",
            [("Navy", "navy"), ("Air Force", "air"), ("rebel", "rebels")],
            (["navy", "air"], ["rebels"]),
        ),
        (
            "Government troops attacked the militia's base at dawn.",
            "attacked",
            [("Government troops", "army"), ("militia", "militia")],
            (["army"], ["militia"]),
        ),
        (
            "Militants fired rockets at a base in Mali on Monday.",
            "fired",
            [("Militants", "militants"), ("Mali", "mali-gov")],
            (["militants"], []),
        ),
        (
            "Twenty civilians died in the attack on the market.",
            "attack",
            [("civilians", "civilians")],
            ([], ["civilians"]),
        ),
        (
            "An overnight drone strike killed the militia commander near the river crossing.",
            "strike",
            [("militia commander", "commander")],
            ([], ["commander"]),
        ),
        (
            "The commander was killed by a drone fired by the insurgents.",
            "killed",
            [("commander", "commander"), ("insurgents", "insurgents")],
            (["insurgents"], ["commander"]),
        ),
        (
            "The rebels said on Thursday they had killed dozens of soldiers.",
            "killed",
            [("rebels", "rebels"), ("soldiers", "army")],
            (["rebels"], ["army"]),
        ),
    ],
)
def test_agents_and_patients(sentence, trigger, actors, expected):
    assert roles(sentence, trigger, actors) == expected


def test_a_sentence_without_the_trigger_gives_nothing():
    assert roles("Talks resumed on Monday.", "Monday", []) == ([], [])


def test_a_proper_name_no_gazetteer_knows_becomes_an_actor_and_days_do_not():
    named = []

    def name(a, b, kind):
        named.append((sentence[a:b], kind))
        return f"x-{sentence[a:b]}"

    sentence = "Gunmen killed Mohamed Abdi and two guards in Kismayo on Saturday."
    t0 = sentence.index("killed")
    assert pr.parse_roles(sentence, t0, t0 + 6, [], name) == ([], ["x-Mohamed Abdi"])
    assert named == [("Mohamed Abdi", "person")]


def test_the_victim_of_a_strike_a_passive_verb_of_harm_tells():
    sentence = "The commander, a leader of the militia, was killed in a drone strike on Tuesday."
    t0 = sentence.index("strike")
    mentions = [(sentence.index("militia"), sentence.index("militia") + 7, "militia")]
    assert pr.parse_roles(sentence, t0, t0 + 6, mentions) == ([], ["militia"])


def named_roles(sentence, trigger, actors):
    """Roles with proper names and sites named as the extractor names them: 'kind:surface'."""
    t0 = sentence.index(trigger)
    mentions = [(sentence.index(s), sentence.index(s) + len(s), a) for s, a in actors]
    return pr.parse_roles(
        sentence, t0, t0 + len(trigger), mentions, lambda a, b, kind: f"{kind}:{sentence[a:b]}"
    )


@pytest.mark.parametrize(
    "sentence, trigger, actors, expected",
    [
        # a strike on a building that names no actor: the building is the target
        (
            "Warplanes from the coalition launched an air strike on the Ruritanian consulate "
            "in Zenda late on Monday.",
            "strike",
            [("coalition", "coalition")],
            ["site:Ruritanian consulate"],
        ),
        (
            "Two rockets hit a crowded railway station in the east of the country.",
            "hit",
            [],
            ["site:railway station"],
        ),
        # an actor hit comes first: the site is then where, not whom
        (
            "Five guards of the Northern Front died in the raid on the depot.",
            "raid",
            [("Northern Front", "front")],
            ["front"],
        ),
    ],
)
def test_a_site_is_the_target_where_no_actor_was_hit(sentence, trigger, actors, expected):
    assert named_roles(sentence, trigger, actors)[1] == expected


def test_a_verb_joined_to_another_shares_its_subject_and_its_act():
    sentence = (
        "Borduria launched drones and fired missiles at Syldavia overnight in its first "
        "direct attack on Syldavian territory."
    )
    actors = [("Borduria", "borduria"), ("Syldavia", "syldavia")]
    assert roles(sentence, "fired", actors) == (["borduria"], ["syldavia"])
    assert roles(sentence, "attack", actors)[0] == ["borduria"]


def test_an_act_aimed_at_something_by_a_passive_verb():
    sentence = "The strikes were directed at positions held by the Red Hand rebels."
    assert roles(sentence, "strikes", [("Red Hand rebels", "red-hand")]) == ([], ["red-hand"])


def test_a_pronoun_subject_under_a_verb_of_saying_is_the_speaker():
    sentence = "Rebel commanders said on Friday they ambushed a convoy near the river."
    t0 = sentence.index("ambushed")
    assert pr.speaker_did_it(sentence, t0, t0 + len("ambushed"))
    other = "Rebel commanders said on Friday a convoy was ambushed near the river."
    t0 = other.index("ambushed")
    assert not pr.speaker_did_it(other, t0, t0 + len("ambushed"))


def test_who_suffered_the_deaths_was_hit():
    sentence = "The national army said it had suffered a large number of deaths in the north."
    actors = [("national army", "army")]
    assert roles(sentence, "deaths", actors) == ([], ["army"])
