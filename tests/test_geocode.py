"""Geocoding (helpers.facts.geocode): places get a point and a precision (1 town or a site in
it, 2 region, 3 country) or are listed as unresolved, never guessed. The place names are real
places named in the realnews texts (names only); the sentences are written for these tests."""

import pytest

from helpers.facts.geocode import Geocode, Unresolved, country_point, geocode
from helpers.facts.schema import Location


def loc(name, precision, countries=(), expression=None):
    return Location(
        name=name, countries=list(countries), precision=precision, expression=expression or name
    )


@pytest.mark.parametrize(
    "location, precision, country, lat, lon",
    [
        (loc("Kramatorsk", "town", ["Ukraine"]), 1, "Ukraine", 48.7, 37.6),
        # "Hodeidah" is GeoNames' "Hodeida" (Al Hudaydah): a transliteration's ending
        (loc("Hodeidah", "town"), 1, "Yemen", 14.8, 43.0),
        (loc("Hodeidah governorate", "region", ["Yemen"]), 2, "Yemen", 14.8, 43.0),
        (loc("Kherson region", "region", ["Ukraine"]), 2, "Ukraine", 46.6, 32.6),
        (loc("Iraq", "country", ["Iraq"]), 3, "Iraq", 33.0, 43.8),
        # a town the gazetteer lacks, in a country the facts name: only the country is known
        (loc("Tinzaouaten", "town", ["Mali"]), 3, "Mali", 17.3, -3.5),
        # a site with no town named after it: its country
        (loc("Tower 22 (U.S. outpost)", "site", ["Jordan"]), 3, "Jordan", 31.2, 36.8),
    ],
)
def test_places_resolve_with_their_precision(location, precision, country, lat, lon):
    found = geocode(location)
    assert isinstance(found, Geocode), found
    assert found.precision == precision
    assert country in found.basis
    assert found.lat == pytest.approx(lat, abs=0.2)
    assert found.lon == pytest.approx(lon, abs=0.2)


def test_a_site_takes_the_town_the_sentence_names_after_it():
    sentence = "Rockets slammed into houses in the Mashtal neighbourhood in eastern Baghdad late on Monday."
    found = geocode(loc("Mashtal neighbourhood", "site", ["Iraq"]), [sentence])
    assert isinstance(found, Geocode)
    assert (found.precision, found.basis) == (1, "Baghdad, Iraq (GeoNames)")
    # without the sentence, only the country is known
    assert geocode(loc("Mashtal neighbourhood", "site", ["Iraq"])).precision == 3


@pytest.mark.parametrize(
    "location",
    [
        loc("Tinzaouaten", "town"),  # not in the gazetteer, no country: not placed at all
        loc("Iraq and Syria", "multi-country", ["Iraq", "Syria"]),
        loc("Gulf of Aden", "area"),
        loc("Qwertyville", "town"),
    ],
)
def test_places_that_cannot_be_placed_are_unresolved(location):
    found = geocode(location)
    assert isinstance(found, Unresolved)
    assert found.name == location.name and found.reason


def test_a_namesake_abroad_is_not_taken_for_the_town():
    """Tripoli in Lebanon, not the larger Tripoli in Libya, when the facts say Lebanon."""
    found = geocode(loc("Tripoli", "town", ["Lebanon"]))
    assert found.precision == 1 and "Lebanon" in found.basis
    assert found.lat == pytest.approx(34.4, abs=0.2)


@pytest.mark.parametrize(
    "location",
    [
        loc("Hodeidah", "town", ["Iran"]),  # the Yemeni port, with the wrong country
        loc("Hodeidah", "town", ["Barbados"]),
        loc("Kramatorsk region", "region", ["Poland"]),
    ],
)
def test_a_known_town_given_another_country_is_listed_not_put_in_that_country(location):
    """A town the gazetteer has only in another country than the facts give is a conflict to
    list, never a point in the middle of the facts' country."""
    found = geocode(location)
    assert isinstance(found, Unresolved), found
    assert "another country" in found.reason


def test_country_points_lie_inside_the_country_or_at_its_capital():
    assert "Natural Earth" in country_point("Ukraine")[2]
    lat, lon, basis = country_point("Bahrain")  # too small for the 1:110m outlines
    assert "Manama" in basis and lat == pytest.approx(26.2, abs=0.1)
    assert country_point("Atlantis") is None


def test_a_small_namesake_in_a_country_the_text_never_names_is_not_placed():
    """The extractor's "Marshall" (a Texas town of the gazetteer) in a report on Syria: neither
    the town nor its country is placed; a town in a country the text names is, and so is a city
    of a million people whatever the text names."""
    syria = "Gunmen fired on a patrol near Marshall, Syrian state media said on Tuesday."
    found = geocode(loc("Marshall", "town", ["United States"]), [syria], [syria])
    assert isinstance(found, Unresolved) and "never names" in found.reason
    ukraine = "Ukrainian officials said a missile hit Kramatorsk overnight."
    assert geocode(loc("Kramatorsk", "town", ["Ukraine"]), [ukraine], [ukraine]).precision == 1
    other = "Shells fell on Kramatorsk overnight, officials said."
    assert isinstance(geocode(loc("Kramatorsk", "town", ["Ukraine"]), [other], [other]), Unresolved)
    bare = "A blast shook Baghdad at dawn."
    assert geocode(loc("Baghdad", "town", ["Iraq"]), [bare], [bare]).precision == 1


@pytest.mark.parametrize(
    "sentence, name",
    [
        ("Supporters of the group protested near the Green Zone in central Baghdad.", "Green"),
        ("Drones hit the Marshall Islands-flagged tanker Sea Lark in the Red Sea.", "Marshall"),
    ],
)
def test_a_town_name_inside_a_longer_name_is_not_placed(sentence, name):
    found = geocode(loc(name, "town", ["United States"]), [sentence], [sentence])
    assert isinstance(found, Unresolved) and "part of a longer name" in found.reason


def test_a_day_or_city_after_the_name_is_no_longer_name():
    sentence = "Ukrainian officials said two missiles hit Kramatorsk Monday."
    assert geocode(loc("Kramatorsk", "town", ["Ukraine"]), [sentence], [sentence]).precision == 1
    gaza = "Shelling hit Gaza City overnight, the Palestinian health ministry said."
    assert geocode(loc("Gaza", "town"), [gaza], [gaza]).precision == 1
