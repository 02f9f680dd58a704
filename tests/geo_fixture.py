"""A small corpus written for the map and geocoding tests: one wire-style text of our own about
places of several conflicts (the names are real places, the events are invented), with its
analyst-style facts file built from the text's own offsets."""

from __future__ import annotations

from pathlib import Path

import yaml

DOC = "geo-wire"
TEXT = (
    "KYIV/SANAA (Wire) -- Missiles struck a rail depot in Kramatorsk on March 3, killing 12 "
    "people, Ukrainian regional officials said.\n\n"
    "Houthi fighters said they fired drones at a fuel terminal near Hodeidah, Yemen, on "
    "March 4.\n\n"
    "Shelling was reported in the Kherson region on March 5, with no casualty figures yet.\n\n"
    "Gunmen attacked Tinzaouaten, a town near the border, on March 6, residents said.\n\n"
    "A car bomb hit the Mashtal neighbourhood in eastern Baghdad on March 7, killing four people.\n\n"
    "Envoys met in Europe and Asia on March 8 to discuss a truce.\n\n"
    "In 2019, a similar depot in Kramatorsk burned down.\n"
)


def _span(sentence: str) -> dict:
    start = TEXT.index(sentence)
    return {"doc": DOC, "start": start, "end": start + len(sentence), "quote": sentence}


def _sentence(word: str) -> str:
    start = TEXT.index(word)
    a = TEXT.rfind("\n", 0, start) + 1
    return TEXT[a : TEXT.index("\n", start)]


def _event(eid, word, day, place, status="reported", killed=None, background=False):
    sentence = _sentence(word)
    event = {
        "id": eid,
        "kind": "attack",
        "summary": sentence,
        "when": {"precision": "day", "start": f"2024-03-{day:02d}", "tz": "UTC"}
        if day
        else {"precision": "year", "start": "2019", "tz": "UTC"},
        "location": place,
        "status": status,
        "background": background,
        "spans": [_span(sentence)],
    }
    if killed is not None:
        wording = "killing 12" if killed == 12 else "killing four"
        event["outcomes"] = [{"kind": "killed", "count": {"best": killed}, "wording": wording}]
    return event


def _place(name, precision, countries=(), expression=None):
    return {
        "name": name,
        "countries": list(countries),
        "precision": precision,
        "expression": expression or name,
    }


EVENTS = [
    _event("e-kramatorsk", "Missiles", 3, _place("Kramatorsk", "town", ["Ukraine"]), killed=12),
    {
        **_event("e-hodeidah", "Houthi", 4, _place("Hodeidah", "town", ["Yemen"]), "claimed"),
        "when": {
            "precision": "day",
            "start": "2024-03-04",
            "tz": "UTC",
            "expression": "March 4",
            "inferred": ["year"],
            "basis": "year from the publication date",
        },
    },
    _event("e-kherson", "Shelling", 5, _place("Kherson region", "region", ["Ukraine"])),
    _event("e-tinzaouaten", "Gunmen", 6, _place("Tinzaouaten", "town")),
    _event(
        "e-mashtal",
        "car bomb",
        7,
        _place("Mashtal neighbourhood", "site", ["Iraq"]),
        killed=4,
    ),
    _event("e-envoys", "Envoys", 8, _place("Europe and Asia", "multi-country")),
    _event(
        "e-old",
        "In 2019",
        None,
        _place("Kramatorsk", "town", ["Ukraine"]),
        background=True,
    ),
]
#: What the map shows of EVENTS: placed events and the places listed as not on the map.
PLACED = {"e-kramatorsk", "e-hodeidah", "e-kherson", "e-mashtal"}
UNRESOLVED = {"Tinzaouaten", "Europe and Asia"}


def write(root: Path) -> tuple[Path, Path]:
    """seeds/ and facts/ under ``root`` holding the fixture; returns (seeds, facts)."""
    seeds, facts = root / "seeds", root / "facts"
    seeds.mkdir(parents=True)
    facts.mkdir()
    (seeds / f"{DOC}.txt").write_text(TEXT, encoding="utf-8")
    meta = {
        "id": DOC,
        "title": "Strikes and attacks in several countries",
        "published": "2024-03-09",
        "timezone": "UTC",
        "language": "en",
    }
    (seeds / f"{DOC}.meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    doc = {
        "schema_version": 1,
        "reviewed_by": "test fixture",
        "review_status": "analyst-reviewed",
        "documents": [DOC],
        "actors": [],
        "events": EVENTS,
        "relations": [],
        "claims": [],
    }
    (facts / f"{DOC}.facts.yaml").write_text(
        yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8"
    )
    return seeds, facts
