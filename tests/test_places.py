"""Places anywhere (helpers.facts.places), on sentences written for these tests in the style of
wire copy; the names are real places of the development corpus's regions and others."""

import pytest

from helpers.facts.places import lookup, place_mentions


def names(sentence):
    return [(m.surface, m.place.country, m.place.precision) for m in place_mentions(sentence)]


@pytest.mark.parametrize(
    "sentence, expected",
    [
        (
            "Two missiles hit an apartment block in Kramatorsk overnight, officials said.",
            [("Kramatorsk", "Ukraine", "town")],
        ),
        (
            "Strikes were reported in Kyiv, Dnipro and Kryvyi Rih on Monday.",
            [
                ("Kyiv", "Ukraine", "town"),
                ("Dnipro", "Ukraine", "town"),
                ("Kryvyi Rih", "Ukraine", "town"),
            ],
        ),
        (
            "Authorities declared an emergency in the Belgorod region late Sunday.",
            [("Belgorod region", "Russia", "region")],
        ),
        (
            "A car bomb went off in the Hamdaniya neighbourhood in western Mosul.",
            [("Hamdaniya neighbourhood", "Iraq", "site"), ("Mosul", "Iraq", "town")],
        ),
        ("Fighting near Kidal forced families to flee.", [("Kidal", "Mali", "town")]),
        # a site inside the place its "of" names, or the town it is named after
        (
            "Gunmen raided a checkpoint in the Gao district of the Gao region at dusk.",
            [("Gao district", "Mali", "site")],
        ),
        ("In Mogadishu, police sealed off the road.", [("Mogadishu", "Somalia", "town")]),
    ],
)
def test_places_a_sentence_puts_something_in(sentence, expected):
    assert names(sentence) == expected


def test_words_that_are_not_places_after_a_preposition():
    assert names("He spoke in January at the Ministry, on Tuesday.") == []


def test_a_shared_name_goes_to_the_country_the_text_names():
    assert lookup("Damascus").country == "Syria"  # the most populous
    assert lookup("Moscow", frozenset({"United States"})).country == "United States"


def test_an_unknown_village_takes_no_country_the_text_does_not_settle():
    one = place_mentions(
        "Gunmen killed six people in the village of Dorakala on Sunday.", frozenset({"Mali"})
    )
    two = place_mentions(
        "Gunmen killed six people in the village of Dorakala on Sunday.",
        frozenset({"Mali", "Burkina Faso"}),
    )
    assert [(m.surface, m.place.country) for m in one] == [("Dorakala", "Mali")]
    assert [(m.surface, m.place.country) for m in two] == [("Dorakala", "")]


def test_three_letter_towns_are_places_only_as_a_large_towns_own_name():
    from helpers.facts.places import lookup, place_mentions

    assert lookup("Gao").country == "Mali"
    assert [m.surface for m in place_mentions("Two car bombs went off in Gao on Friday.")] == [
        "Gao"
    ]
    assert place_mentions("He spoke to a man in Man on Friday.") == []


def test_settlements_the_text_names_as_such_without_a_locative():
    from helpers.facts.places import place_mentions

    def found(sentence):
        return [(m.surface, m.place.country) for m in place_mentions(sentence)]

    assert found("Jets hit the northern port city of Kel Ardan on Monday.") == [("Kel Ardan", "")]
    assert ("Tessit", "") in found("Rebels fought near Tessit, a town on the border, on Monday.")
    assert found("Soldiers died in Dori-Sud commune in northern Burkina Faso.")[0] == (
        "Dori-Sud",
        "Burkina Faso",
    )
    # a capitalised word after a locative is no town because a country follows it
    assert found("Fighters from Russian mercenary units in Mali left.") == [("Mali", "Mali")]


def test_a_district_named_after_a_town_lies_in_it_only_in_a_country_the_text_names():
    sentence = "Shelling hit homes in the Avdiivka district overnight."
    inside = place_mentions(sentence, frozenset({"Ukraine"}))
    assert [(m.surface, m.place.country) for m in inside] == [("Avdiivka district", "Ukraine")]
    anywhere = place_mentions(sentence)  # no country named: not guessed
    assert [(m.surface, m.place.country) for m in anywhere] == [("Avdiivka district", "")]


def test_a_settlement_named_as_the_town_of_x_lies_in_the_country_said_after_it():
    from helpers.facts.places import place_mentions

    found = place_mentions("Fighters clashed near the village of Oumassa in northern Niger.")
    assert [(m.surface, m.place.country) for m in found] == [
        ("Oumassa", "Niger"),
        ("Niger", "Niger"),
    ]
