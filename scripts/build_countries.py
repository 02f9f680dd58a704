"""Generate src/helpers/facts/data/countries.yaml: every country's government and armed forces as
gazetteer entries, from the `countryinfo` package's data (MIT licence; names, alternative
spellings, demonyms, ISO codes, capitals, zones).

    .venv/bin/pip install countryinfo==1.0.1 && .venv/bin/python scripts/build_countries.py

The hand-written gazetteer (data/gazetteer.yaml) wins: at load time a generated entry is left out
where a hand-written one already stands for that country's government or forces, and a generated
name is left out where a hand-written actor already goes by it. Corrections belong in the
tables below (COMMON_NAMES, EXTRA_NAMES, SKIP_DEMONYMS), never in the generated file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

import countryinfo
import yaml

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "helpers" / "facts" / "data" / "countries.yaml"
DATA = Path(countryinfo.__file__).parent / "data"

#: The name English news uses, where the data's name is the formal one.
COMMON_NAMES = {
    "Russian Federation": "Russia",
    "Syrian Arab Republic": "Syria",
    "Iran (Islamic Republic of)": "Iran",
    "Korea (Republic of)": "South Korea",
    "Korea (Democratic People's Republic of)": "North Korea",
    "Viet Nam": "Vietnam",
    "Lao People's Democratic Republic": "Laos",
    "Bolivia (Plurinational State of)": "Bolivia",
    "Venezuela (Bolivarian Republic of)": "Venezuela",
    "Tanzania, United Republic of": "Tanzania",
    "Moldova (Republic of)": "Moldova",
    "Macedonia (the former Yugoslav Republic of)": "North Macedonia",
    "Republic of Kosovo": "Kosovo",
    "Czech Republic": "Czechia",
    "Myanmar": "Myanmar",
    "Palestine, State of": "Palestine",
    "Congo (Democratic Republic of the)": "Democratic Republic of the Congo",
    "Côte d'Ivoire": "Ivory Coast",
    "Republic of Macedonia": "North Macedonia",
    "Swaziland": "Eswatini",
    "Vatican City State": "Vatican City",
}
#: Entries of the data that are no country today.
SKIP_NAMES = {"Serbia and Montenegro"}
#: More names news gives a country (the data's alternative spellings are mostly codes).
EXTRA_NAMES = {
    "Russia": ["Russian Federation"],
    "United States": ["United States of America"],
    "United Kingdom": ["Britain", "Great Britain", "UK"],
    "Democratic Republic of the Congo": ["DR Congo", "DRC"],
    "Myanmar": ["Burma"],
    "Ivory Coast": ["Cote d'Ivoire", "Côte d'Ivoire"],
    "Czechia": ["Czech Republic"],
    "North Korea": ["DPRK"],
    "Turkey": ["Türkiye", "Turkiye"],
    "Eswatini": ["Swaziland"],
}
#: Demonyms two countries share (or that are ordinary words): they name neither.
SKIP_DEMONYMS = {
    "Congolese",
    "Dominican",
    "Guinean",
    "Samoan",
    "Virgin Islander",
    "Korean",
    "American",
}
#: Armed-forces words: "<Demonym> <word>" and "<Country>'s <word>" name the forces.
FORCES_WORDS = (
    "forces",
    "troops",
    "army",
    "military",
    "soldiers",
    "armed forces",
    "security forces",
)


def slug(name: str) -> str:
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def countries() -> list[dict]:
    found = []
    for path in sorted(DATA.glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        iso = (data.get("ISO") or {}).get("alpha3")
        if not iso or not data.get("demonym") or data.get("name") in SKIP_NAMES:
            continue
        name = COMMON_NAMES.get(data["name"], data["name"])
        found.append({**data, "common": name, "iso3": iso})
    return sorted(found, key=lambda c: c["common"])


def names_of(country: dict) -> list[str]:
    common = country["common"]
    names = [common, *EXTRA_NAMES.get(common, [])]
    if country["name"] != common:
        names.append(country["name"])
    return list(dict.fromkeys(n for n in names if len(n) > 3))


def entries(country: dict) -> list[dict]:
    common, iso = country["common"], country["iso3"]
    demonym = country["demonym"]
    key = slug(common)
    gov_aliases = [*names_of(country)[1:], f"{common} government", f"Government of {common}"]
    forces_aliases = [f"{common}'s {w}" for w in FORCES_WORDS] + [f"{common} armed forces"]
    if demonym not in SKIP_DEMONYMS:
        gov_aliases += [f"{demonym} government", f"{demonym} authorities"]
        forces_aliases += [f"{demonym} {w}" for w in FORCES_WORDS]
    gov = {
        "id": f"{key}-gov",
        "name": common,
        "kind": "government",
        "country": common,
        "aliases": list(dict.fromkeys(gov_aliases)),
        "acled_inter": None,
        "cameo": f"{iso}GOV",
        "demonym": None if demonym in SKIP_DEMONYMS else demonym,
        "zone": (country.get("timezoneNames") or [None])[0],
    }
    forces = {
        "id": f"{key}-forces",
        "name": f"Armed forces of {common}",
        "kind": "military",
        "country": common,
        "aliases": list(dict.fromkeys(forces_aliases)),
        "affiliations": [{"id": f"{key}-gov", "relation": "part-of"}],
        "acled_inter": 1,
        "cameo": f"{iso}MIL",
        "demonym": None if demonym in SKIP_DEMONYMS else demonym,
    }
    return [gov, forces]


HEADER = """\
# GENERATED by scripts/build_countries.py from the countryinfo package's data (MIT licence):
# every country's government and armed forces, named as English news names them. Do not edit:
# change the script's tables and run it again. The hand-written gazetteer.yaml wins where both
# know an actor (see helpers.facts.gazetteer.load_gazetteer).
"""


def main() -> None:
    actors = [e for c in countries() for e in entries(c)]
    body = yaml.safe_dump(
        {"schema_version": 1, "actors": actors}, allow_unicode=True, sort_keys=False, width=100
    )
    OUT.write_text(HEADER + body, encoding="utf-8")
    print(f"wrote {OUT.relative_to(ROOT)}: {len(actors)} entries")


if __name__ == "__main__":
    main()
