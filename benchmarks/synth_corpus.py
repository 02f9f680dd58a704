"""A deterministic synthetic news corpus for scale benchmarks of cross-document fusion.

A made-up "world" of events (strikes, attacks, killings, arrests, protests, talks, announcements,
statements) in Iraq, Syria, Jordan, Lebanon and Yemen between 2023-10-01 and 2025-06-30 is drawn
from one seeded random generator; each event is then reported by 1-6 documents from different
made-up outlets (wire copy, regional papers, official statements, TV transcripts), with the
variation real coverage has: name spellings, weekday-only dates, conflicting casualty figures, a
date one day off, hedges, attributions, file-photo captions with other dates, and wire copy
republished near-verbatim by other outlets. Sentences of background are re-used from
``benchmarks/devset`` texts (sentence boundaries kept) next to the generator's own.

**Synthetic test material, not reporting.** Events, outlets, people, ships and figures are made up.

Output (``OUT_DIR``)::

    NNNNNN_<slug>.txt          raw text (UTF-8; official Iraqi statements have CRLF line endings)
    NNNNNN_<slug>.meta.yaml    sidecar: id, title, publisher, [author], published, timezone, language
    world.jsonl                one JSON object per underlying event: the truth to score fusion with

The same seed and document count give byte-identical files (one ``random.Random(seed)``, no set
order, no clock). Existing files in ``OUT_DIR`` are overwritten, never deleted.

    python benchmarks/synth_corpus.py OUT_DIR --docs 10000 --seed 20240208
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import re
import time
from dataclasses import dataclass, field
from pathlib import Path
from zoneinfo import ZoneInfo

DEVSET = Path(__file__).resolve().parent / "devset"
START, END = dt.date(2023, 10, 1), dt.date(2025, 6, 30)
DOCS_PER_EVENT = 3.6  # documents per event on average (before second-event mentions)
REPORT_WEIGHTS = (14, 20, 22, 20, 14, 10)  # how many documents report an event: 1..6
MAX_REPORTS = 6
REPRINT_SHARE = 0.05  # share of documents that are wire copy republished by 2-3 outlets
SECOND_EVENT_SHARE = 0.15  # share of documents that also report a second event
DATE_ERROR_SHARE = 0.04  # share of reports that put the event one day off
MIN_WORDS, MAX_WORDS = 150, 400
UTC = ZoneInfo("UTC")
NEW_YORK = ZoneInfo("America/New_York")

ZONE_OF = {
    "Iraq": "Asia/Baghdad",
    "Syria": "Asia/Damascus",
    "Jordan": "Asia/Amman",
    "Lebanon": "Asia/Beirut",
    "Yemen": "Asia/Aden",
}
CITY_TIME = {
    "Iraq": "Baghdad time",
    "Syria": "Damascus time",
    "Jordan": "Amman time",
    "Lebanon": "Beirut time",
    "Yemen": "Sanaa time",
}
DESK = {
    "Iraq": ("BAGHDAD", "BAGHDAD", "ERBIL", "BASRA"),
    "Syria": ("DAMASCUS", "BEIRUT", "AMMAN", "DAMASCUS/BEIRUT"),
    "Jordan": ("AMMAN",),
    "Lebanon": ("BEIRUT", "BEIRUT", "TYRE"),
    "Yemen": ("ADEN", "DUBAI", "SANAA"),
}
WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONTHS = [
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
MONTHS_AP = [
    "Jan.",
    "Feb.",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
]
MONTHS_DATELINE = [
    "Jan",
    "Feb",
    "March",
    "April",
    "May",
    "June",
    "July",
    "Aug",
    "Sept",
    "Oct",
    "Nov",
    "Dec",
]
NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


# ------------------------------------------------------------------------------------------------
# The cast: actors (gazetteer ids, src/helpers/data/gazetteer.yaml) and how outlets spell them.

NAMES: dict[str, tuple[str, ...]] = {
    "kh": (
        "Kata'ib Hezbollah",
        "Kataib Hezbollah",
        "Kata'ib Hizballah",
        "the Hezbollah Brigades",
        "Kataib Hizbollah",
    ),
    "nujaba": (
        "Harakat al-Nujaba",
        "Harakat Hezbollah al-Nujaba",
        "the Nujaba movement",
        "al-Nujaba",
    ),
    "kataib-sayyid-al-shuhada": ("Kata'ib Sayyid al-Shuhada", "Kataib Sayyid al-Shuhada"),
    "asaib-ahl-al-haq": ("Asa'ib Ahl al-Haq", "Asaib Ahl al-Haq"),
    "badr": ("the Badr Organization",),
    "islamic-resistance-in-iraq": ("the Islamic Resistance in Iraq",),
    "pmf": ("the Popular Mobilization Forces", "the PMF", "the Hashd al-Shaabi"),
    "houthis": (
        "the Houthis",
        "Yemen's Houthis",
        "Ansarallah",
        "the Houthi movement",
        "Houthi rebels",
        "Ansar Allah",
    ),
    "hezbollah": ("Hezbollah", "Lebanon's Hezbollah", "Hizbollah", "Lebanese Hezbollah"),
    "irgc": (
        "Iran's Revolutionary Guards",
        "the Islamic Revolutionary Guard Corps",
        "the IRGC",
        "the Revolutionary Guards",
    ),
    "us-forces": ("U.S. forces", "U.S. troops", "American forces", "the U.S. military"),
    "centcom": ("U.S. Central Command", "CENTCOM", "U.S. Central Command (CENTCOM)"),
    "idf": ("Israel's military", "the Israeli military", "the Israeli army", "the IDF"),
    "israel": ("Israel",),
    "islamic-state": ("Islamic State", "ISIS", "the Islamic State group", "Daesh", "IS"),
    "iraq-security-forces": ("Iraqi security forces", "the Iraqi army", "Iraqi forces"),
    "iraq-gov": ("the Iraqi government", "Iraq's government", "Iraqi authorities"),
    "iraq-pm-sudani": ("Prime Minister Mohammed Shia al-Sudani", "Iraqi Prime Minister al-Sudani"),
    "krg": ("the Kurdistan Regional Government", "the KRG"),
    "syria-sdf": ("the Syrian Democratic Forces", "the U.S.-backed Syrian Democratic Forces"),
    "syria-gov": ("the Syrian government", "the Assad government"),
    "jordan-gov": ("the Jordanian government", "Jordan's government"),
    "iran-gov": ("the Iranian government", "Iran's government"),
    "us-gov": ("the United States", "the U.S. government", "the Biden administration"),
    "us-dod": ("the Pentagon", "the Defense Department"),
    "blinken": ("Secretary of State Antony Blinken",),
    "uk-gov": ("the British government", "Britain"),
}
#: The short noun a headline uses.
SHORT = {
    "kh": ("Kataib Hezbollah", "Kata'ib Hezbollah", "KH"),
    "nujaba": ("Nujaba", "Harakat al-Nujaba"),
    "kataib-sayyid-al-shuhada": ("Kataib Sayyid al-Shuhada",),
    "islamic-resistance-in-iraq": ("Islamic Resistance in Iraq",),
    "houthis": ("Houthis", "Houthi"),
    "hezbollah": ("Hezbollah",),
    "irgc": ("IRGC", "Revolutionary Guards"),
    "islamic-state": ("ISIS", "Islamic State", "IS"),
    "iraq-security-forces": ("Iraqi army", "Iraqi forces"),
    "pmf": ("PMF", "Hashd"),
    "syria-sdf": ("SDF",),
    "syria-gov": ("Syrian army",),
}
#: A sentence on a group's other spellings (the names differ on purpose).
NAME_NOTES = {
    "kh": (
        "{a}, also spelled {b}, is one of the most powerful of Iraq's Iran-aligned armed factions.",
        "{a} is also known as {b}, a common English rendering of the group's name.",
    ),
    "nujaba": ("{a}, also called {b}, is a member of the Islamic Resistance in Iraq umbrella.",),
    "houthis": (
        "{a}, formally known as {b}, control Yemen's capital Sanaa and much of the north.",
    ),
    "islamic-state": (
        "{a}, also known by its Arabic acronym Daesh, lost its last territory in 2019.",
    ),
    "hezbollah": ("{a} is a separate organisation from Iraq's Kataib Hezbollah.",),
}
UNNAMED_KILLERS = (
    "unidentified gunmen",
    "gunmen on a motorcycle",
    "unknown assailants",
    "gunmen in a pickup truck",
)
FIRST = [
    "Hussein",
    "Ali",
    "Abbas",
    "Haidar",
    "Mohammed",
    "Kadhim",
    "Jaafar",
    "Mustafa",
    "Qassem",
    "Ahmed",
    "Hassan",
    "Karrar",
]
LAST = [
    "al-Saeedi",
    "al-Lami",
    "al-Fartousi",
    "al-Maliki",
    "al-Shammari",
    "al-Jubouri",
    "al-Asadi",
    "al-Zaidi",
    "al-Mousawi",
    "al-Husseini",
    "al-Tamimi",
    "al-Khafaji",
]
LB_FIRST = [
    "Ali",
    "Hassan",
    "Mohammed",
    "Hussein",
    "Abbas",
    "Mahmoud",
    "Khalil",
    "Wissam",
    "Samir",
    "Taleb",
]
LB_LAST = [
    "Nasser",
    "Haddad",
    "Abdullah",
    "Fadlallah",
    "Jaber",
    "Harb",
    "Qassir",
    "Bazzi",
    "Srour",
    "Ayoub",
]
VESSEL_A = [
    "Coral",
    "Blue",
    "Golden",
    "Sea",
    "Northern",
    "Silver",
    "Ocean",
    "Star",
    "Eastern",
    "Morning",
]
VESSEL_B = [
    "Meridian",
    "Pelican",
    "Harmony",
    "Voyager",
    "Trader",
    "Breeze",
    "Spirit",
    "Falcon",
    "Horizon",
    "Glory",
]
FLAGS = ("Liberian", "Marshall Islands", "Panama", "Barbados", "Malta", "Greek-owned, Liberian")
SHIP_TYPES = ("bulk carrier", "oil tanker", "container ship", "cargo ship", "chemical tanker")
PEOPLE = [
    "Sara",
    "Malik",
    "Omar",
    "Haddad",
    "Lina",
    "Saleh",
    "Karim",
    "Nasser",
    "Dana",
    "Reyes",
    "Yusuf",
    "Rahim",
    "Maya",
    "Hartley",
    "Tom",
    "Brennan",
    "Rania",
    "Aziz",
    "Samir",
    "Kassem",
    "Nadia",
    "Hamdan",
    "Daniel",
    "Price",
    "Leila",
    "Farouk",
    "Jonas",
    "Weber",
    "Huda",
    "Jaber",
    "Ali",
    "Rubaie",
    "Grace",
    "Okafor",
    "Ziad",
    "Mansour",
    "Helen",
    "Ward",
]
PEOPLE = [f"{PEOPLE[i]} {PEOPLE[i + 1]}" for i in range(0, len(PEOPLE), 2)]


@dataclass(frozen=True)
class Place:
    name: str
    country: str
    phrases: tuple[str, ...]  # "near the border town of al-Qaim, in Iraq's Anbar province"
    short: str  # for headlines


def _places(country: str, rows: list[tuple[str, str, str]]) -> list[Place]:
    return [Place(n, country, tuple(p.split(" | ")), s) for n, p, s in rows]


US_BASES = (
    _places(
        "Iraq",
        [
            (
                "Ain al-Asad",
                "at Ain al-Asad air base in Iraq's Anbar province | at Ain al-Asad Air Base, in western Iraq's Anbar province",
                "Ain al-Asad",
            ),
            (
                "Harir",
                "at the Harir air base north of Erbil | at Harir base in Iraq's Kurdistan region",
                "Harir base",
            ),
            (
                "Erbil",
                "at the coalition base at Erbil airport | near Erbil airport in northern Iraq",
                "Erbil",
            ),
            (
                "Victory Base",
                "at Victory Base near Baghdad airport | at a base near Baghdad airport",
                "Baghdad airport",
            ),
        ],
    )
    + _places(
        "Syria",
        [
            (
                "al-Tanf",
                "at the al-Tanf garrison near the Syrian-Jordanian border | at the al-Tanf base in southeastern Syria",
                "al-Tanf",
            ),
            (
                "Conoco field",
                "at the Conoco gas field base in Syria's Deir ez-Zor province | at a base at the Conoco gas field in eastern Syria",
                "Conoco field",
            ),
            (
                "al-Shaddadi",
                "at the al-Shaddadi base in Syria's Hasakah province | at the al-Shaddadi base in northeastern Syria",
                "Shaddadi",
            ),
            (
                "Rumalan",
                "at the Rumalan landing zone in northeastern Syria | at Rumalan in Syria's Hasakah province",
                "Rumalan",
            ),
        ],
    )
    + _places(
        "Jordan",
        [
            (
                "Tower 22",
                "at the Tower 22 outpost in northeastern Jordan | at Tower 22, a logistics outpost in Jordan near the Syrian border",
                "Tower 22",
            ),
            (
                "Muwaffaq Salti",
                "at the Muwaffaq Salti air base in Jordan | at an air base in eastern Jordan",
                "Jordan air base",
            ),
        ],
    )
)
MILITIA_SITES = _places(
    "Iraq",
    [
        (
            "al-Qaim",
            "near the border town of al-Qaim, in Iraq's Anbar province | in al-Qaim, on Iraq's border with Syria",
            "al-Qaim",
        ),
        (
            "Jurf al-Sakhar",
            "at Jurf al-Sakhar, south of Baghdad | near Jurf al-Sakhar in Iraq's Babylon province",
            "Jurf al-Sakhar",
        ),
        (
            "Baghdad",
            "in the Mashtal neighbourhood of east Baghdad | in eastern Baghdad | on Palestine Street in eastern Baghdad",
            "Baghdad",
        ),
        (
            "Akashat",
            "near Akashat in Iraq's western desert | near Akashat, in Iraq's Anbar province",
            "Akashat",
        ),
        (
            "Hillah",
            "near Hillah, in Iraq's Babylon province | outside Hillah, south of Baghdad",
            "Hillah",
        ),
    ],
) + _places(
    "Syria",
    [
        (
            "Albu Kamal",
            "in Albu Kamal, on Syria's border with Iraq | near Albu Kamal in eastern Syria",
            "Albu Kamal",
        ),
        (
            "Mayadin",
            "near Mayadin in Syria's Deir ez-Zor province | in Mayadin, in eastern Syria",
            "Mayadin",
        ),
        (
            "Deir ez-Zor",
            "around Deir ez-Zor in eastern Syria | near Deir ez-Zor, in eastern Syria",
            "Deir ez-Zor",
        ),
    ],
)
LEBANON = _places(
    "Lebanon",
    [
        (
            "Tyre",
            "near the southern city of Tyre | on the outskirts of Tyre, in south Lebanon",
            "Tyre",
        ),
        (
            "Nabatieh",
            "in Nabatieh, in south Lebanon | near Nabatieh in southern Lebanon",
            "Nabatieh",
        ),
        (
            "Bint Jbeil",
            "in the border town of Bint Jbeil | in Bint Jbeil, in south Lebanon",
            "Bint Jbeil",
        ),
        ("Khiam", "in the town of Khiam near the border | in Khiam, in south Lebanon", "Khiam"),
        (
            "Majdal Selm",
            "in the village of Majdal Selm | in Majdal Selm, in south Lebanon",
            "Majdal Selm",
        ),
        (
            "Baalbek",
            "near Baalbek in Lebanon's Bekaa valley | outside Baalbek, in eastern Lebanon",
            "Baalbek",
        ),
        (
            "Sidon",
            "near the coastal city of Sidon | on the road south of Sidon, in Lebanon",
            "Sidon",
        ),
        (
            "Dahiyeh",
            "in Beirut's southern suburbs | in the Dahiyeh district of Beirut",
            "Beirut suburbs",
        ),
    ],
)
LEBANON_BORDER = _places(
    "Lebanon",
    [
        (
            "Naqoura",
            "across the border from Naqoura | near Naqoura, on the Lebanese border",
            "Naqoura",
        ),
        (
            "Aitaroun",
            "across the border from Aitaroun | near the border village of Aitaroun",
            "Aitaroun",
        ),
        (
            "Kfar Kila",
            "across the border from Kfar Kila | near Kfar Kila, on the Lebanese border",
            "Kfar Kila",
        ),
        ("Shebaa Farms", "in the Shebaa Farms area | in the disputed Shebaa Farms", "Shebaa Farms"),
    ],
)
SYRIA_ISRAEL = _places(
    "Syria",
    [
        ("Damascus", "in the Mezzeh district of Damascus | in western Damascus", "Damascus"),
        (
            "Sayyida Zeinab",
            "near the Sayyida Zeinab shrine south of Damascus | in Sayyida Zeinab, south of Damascus",
            "Sayyida Zeinab",
        ),
        (
            "Qusayr",
            "near Qusayr on Syria's border with Lebanon | outside Qusayr, in western Syria",
            "Qusayr",
        ),
    ],
)
YEMEN_SEA = _places(
    "Yemen",
    [
        (
            "Hodeidah",
            "off the Yemeni port of Hodeidah | about 50 nautical miles west of Hodeidah",
            "Hodeidah",
        ),
        (
            "Mokha",
            "off Mokha, near the Bab al-Mandab strait | southwest of the Yemeni port of Mokha",
            "Mokha",
        ),
        (
            "Aden",
            "in the Gulf of Aden, southeast of Aden | about 60 nautical miles southwest of Aden",
            "Gulf of Aden",
        ),
        ("Nishtun", "in the Gulf of Aden off Nishtun | off Yemen's Nishtun port", "Gulf of Aden"),
    ],
)
YEMEN_LAND = _places(
    "Yemen",
    [
        ("Sanaa", "in the capital Sanaa | on the outskirts of Sanaa, Yemen's capital", "Sanaa"),
        (
            "Hodeidah",
            "in the Red Sea port city of Hodeidah | around Hodeidah, in western Yemen",
            "Hodeidah",
        ),
        (
            "Saada",
            "in Saada province, the Houthis' northern stronghold | near Saada, in northern Yemen",
            "Saada",
        ),
        ("Dhamar", "near Dhamar, south of Sanaa | in Dhamar province, in central Yemen", "Dhamar"),
        (
            "Ras Isa",
            "at the Ras Isa fuel port | at the Ras Isa oil terminal north of Hodeidah",
            "Ras Isa",
        ),
        ("Kamaran", "on Kamaran island in the Red Sea | on Yemen's Kamaran island", "Kamaran"),
    ],
)
IS_PLACES = _places(
    "Iraq",
    [
        (
            "Mutaibija",
            "in the Mutaibija area, between Salahuddin and Diyala provinces | near Mutaibija in Iraq's Salahuddin province",
            "Mutaibija",
        ),
        (
            "Tarmiyah",
            "in Tarmiyah, north of Baghdad | near Tarmiyah, about 50 km north of Baghdad",
            "Tarmiyah",
        ),
        (
            "Hawija",
            "near Hawija, west of Kirkuk | in the Hawija district of Kirkuk province",
            "Hawija",
        ),
        (
            "Tuz Khurmatu",
            "near Tuz Khurmatu in Iraq's Salahuddin province | outside Tuz Khurmatu",
            "Tuz Khurmatu",
        ),
        (
            "Khanaqin",
            "near Khanaqin in Iraq's Diyala province | in the orchards outside Khanaqin",
            "Khanaqin",
        ),
        (
            "Rutba",
            "near Rutba in Iraq's Anbar desert | on the highway west of Rutba, in Anbar",
            "Rutba",
        ),
    ],
) + _places(
    "Syria",
    [
        (
            "Sukhnah",
            "in the desert near Sukhnah in central Syria | near Sukhnah, in Syria's Homs province",
            "Sukhnah",
        ),
        (
            "Busayrah",
            "near Busayrah in Syria's Deir ez-Zor province | in the Deir ez-Zor countryside near Busayrah",
            "Deir ez-Zor",
        ),
    ],
)
KILLING_PLACES = {
    "Iraq": _places(
        "Iraq",
        [
            ("Basra", "in the southern city of Basra | in central Basra", "Basra"),
            ("Baghdad", "in eastern Baghdad | in Baghdad's Palestine Street area", "Baghdad"),
            ("Diwaniyah", "in Diwaniyah, south of Baghdad | in the city of Diwaniyah", "Diwaniyah"),
            (
                "Amarah",
                "in Amarah, in Iraq's Maysan province | in the southern city of Amarah",
                "Amarah",
            ),
        ],
    ),
    "Syria": SYRIA_ISRAEL[1:2] + MILITIA_SITES[-3:-1],
    "Lebanon": LEBANON[-1:] + LEBANON[:2],
}
ARREST_PLACES = _places(
    "Iraq",
    [
        ("Baghdad", "in Baghdad | in Baghdad's Dora district", "Baghdad"),
        ("Ramadi", "in Ramadi, in Anbar province | near Ramadi in western Iraq", "Ramadi"),
        ("Kirkuk", "in Kirkuk province | in the city of Kirkuk", "Kirkuk"),
        ("Mosul", "in Mosul | in western Mosul", "Mosul"),
        ("al-Baghdadi", "in al-Baghdadi district | near al-Baghdadi, in Anbar province", "Anbar"),
    ],
) + _places(
    "Jordan",
    [
        ("Amman", "in Amman | in east Amman", "Amman"),
        ("Zarqa", "in Zarqa, northeast of Amman | in the city of Zarqa", "Zarqa"),
        ("Mafraq", "near Mafraq, close to the Syrian border | in Mafraq province", "Mafraq"),
        ("Ramtha", "in Ramtha on the Syrian border | near the border town of Ramtha", "Ramtha"),
    ],
)
PROTEST_PLACES = (
    _places(
        "Iraq",
        [
            (
                "Baghdad",
                "in Baghdad's Tahrir Square | near the Green Zone in central Baghdad",
                "Baghdad",
            ),
            (
                "Basra",
                "in central Basra | outside the provincial council building in Basra",
                "Basra",
            ),
            ("Najaf", "in the holy city of Najaf | in Najaf", "Najaf"),
        ],
    )
    + _places(
        "Jordan",
        [
            (
                "Amman",
                "near the Israeli embassy in Amman's Rabieh district | in downtown Amman",
                "Amman",
            )
        ],
    )
    + _places(
        "Yemen",
        [("Sanaa", "in Sanaa's Sabeen Square | in the Yemeni capital Sanaa", "Sanaa")],
    )
    + _places(
        "Lebanon",
        [("Beirut", "in Beirut's southern suburbs | in central Beirut", "Beirut")],
    )
)
CAPITALS = {
    "Iraq": _places("Iraq", [("Baghdad", "in Baghdad", "Baghdad")])[0],
    "Jordan": _places("Jordan", [("Amman", "in Amman", "Amman")])[0],
    "Lebanon": _places("Lebanon", [("Beirut", "in Beirut", "Beirut")])[0],
    "Yemen": _places("Yemen", [("Sanaa", "in Sanaa", "Sanaa")])[0],
    "Syria": _places("Syria", [("Damascus", "in Damascus", "Damascus")])[0],
    "Erbil": _places("Iraq", [("Erbil", "in Erbil", "Erbil")])[0],
}


# ------------------------------------------------------------------------------------------------
# Sources of casualty figures: key -> (official?, how texts name them).

SOURCES: dict[str, tuple[bool, tuple[str, ...]]] = {
    "iraq-gov": (
        True,
        (
            "government spokesman Basim al-Awadi",
            "an Iraqi government spokesman",
            "the Iraqi government",
        ),
    ),
    "iraq-interior": (True, ("an interior ministry official", "Iraq's interior ministry")),
    "iraq-police": (
        True,
        ("Iraqi police sources", "local police", "a police officer at the scene"),
    ),
    "iraq-smc": (True, ("Iraq's Security Media Cell", "the Security Media Cell")),
    "pmf": (True, ("the Popular Mobilization Forces", "the PMF")),
    "medics": (False, ("medical sources", "a hospital official", "medics")),
    "officers": (False, ("two officers, speaking on condition of anonymity", "security sources")),
    "sohr": (
        False,
        (
            "the Syrian Observatory for Human Rights, a Britain-based war monitor,",
            "the Syrian Observatory for Human Rights",
            "a Britain-based war monitor",
        ),
    ),
    "sana": (True, ("Syrian state media", "Syria's state news agency SANA")),
    "lb-health": (True, ("Lebanon's Health Ministry", "the Lebanese Health Ministry")),
    "lb-nna": (True, ("Lebanon's state-run National News Agency", "the National News Agency")),
    "ye-health": (True, ("the Houthi-run health ministry", "health officials in Sanaa")),
    "ye-media": (False, ("the Houthi-run Al-Masirah TV", "Houthi media")),
    "us-military": (True, ("U.S. Central Command", "the U.S. military", "a U.S. defense official")),
    "idf": (True, ("the Israeli military", "Israel's military")),
    "ship-manager": (False, ("the vessel's manager", "the ship's Greek-based manager")),
    "jordan-gov": (True, ("Jordan's government spokesman", "the Jordanian army")),
}
GROUP_SOURCE = ("{n}", "a spokesman for {n}", "a statement from {n}")


# ------------------------------------------------------------------------------------------------
# Outlets (all made up). style: wire | regional | tv | statement


@dataclass(frozen=True)
class Outlet:
    name: str
    style: str
    zone: str
    home: str
    country: str | None = None
    curly: bool = False
    staff: str = ""


WIRES = (
    Outlet("Regional Wire", "wire", "Asia/Baghdad", "Baghdad"),
    Outlet("Capital Newswire", "wire", "America/New_York", "Washington"),
    Outlet("AOP (Agence Orient-Presse)", "wire", "Asia/Beirut", "Beirut"),
    Outlet("Gulf Wire Service", "wire", "UTC", "Dubai"),
    Outlet("Levant Press Agency", "wire", "Asia/Amman", "Amman"),
)
WIRE_SHORT = {
    "Regional Wire": "Regional Wire",
    "Capital Newswire": "Capital Newswire",
    "AOP (Agence Orient-Presse)": "AOP",
    "Gulf Wire Service": "GWS",
    "Levant Press Agency": "LPA",
}
REGIONALS = (
    Outlet(
        "The Mesopotamia Observer",
        "regional",
        "Asia/Baghdad",
        "Baghdad",
        "Iraq",
        True,
        "Observer staff",
    ),
    Outlet(
        "Kurdistan Frontline", "regional", "Asia/Baghdad", "Erbil", "Iraq", False, "Frontline staff"
    ),
    Outlet("Al-Rafidain Post", "regional", "Asia/Baghdad", "Baghdad", "Iraq", True, "Post staff"),
    Outlet(
        "Euphrates Daily",
        "regional",
        "Asia/Baghdad",
        "Ramadi",
        "Iraq",
        False,
        "Euphrates Daily staff",
    ),
    Outlet(
        "The Basra Tribune", "regional", "Asia/Baghdad", "Basra", "Iraq", False, "Tribune staff"
    ),
    Outlet("Amman Daily Ledger", "regional", "Asia/Amman", "Amman", "Jordan", True, "Ledger staff"),
    Outlet(
        "The Jordan Sentinel", "regional", "Asia/Amman", "Amman", "Jordan", False, "Sentinel staff"
    ),
    Outlet(
        "The Cedar Post", "regional", "Asia/Beirut", "Beirut", "Lebanon", True, "Cedar Post staff"
    ),
    Outlet(
        "Tyre Coast Herald", "regional", "Asia/Beirut", "Tyre", "Lebanon", False, "Herald staff"
    ),
    Outlet(
        "Aden Evening Courier", "regional", "Asia/Aden", "Aden", "Yemen", False, "Courier staff"
    ),
    Outlet(
        "The Yemen Chronicle", "regional", "Asia/Aden", "Aden", "Yemen", True, "Chronicle staff"
    ),
    Outlet("Crescent Review", "regional", "UTC", "London", None, False, "Review staff"),
    Outlet(
        "The Washington Dispatch",
        "regional",
        "America/New_York",
        "Washington",
        None,
        False,
        "Dispatch staff",
    ),
    Outlet(
        "Levant Weekly Digest", "regional", "Asia/Beirut", "Beirut", "Syria", False, "Digest staff"
    ),
)
TV = (
    Outlet("World at Six (evening news programme)", "tv", "America/New_York", "New York"),
    Outlet("Levant Tonight (Beirut evening news)", "tv", "Asia/Beirut", "Beirut"),
    Outlet("Gulf Evening Report", "tv", "UTC", "London"),
    Outlet("Baghdad Nightly (news bulletin)", "tv", "Asia/Baghdad", "Baghdad"),
)
TV_SHOW = {
    "World at Six (evening news programme)": ("WORLD AT SIX", "18:00 ET", "en-us"),
    "Levant Tonight (Beirut evening news)": ("LEVANT TONIGHT", "20:30 Beirut time", "day-first"),
    "Gulf Evening Report": ("GULF EVENING REPORT", "19:00 GMT", "day-first"),
    "Baghdad Nightly (news bulletin)": ("BAGHDAD NIGHTLY", "21:00 Baghdad time", "day-first"),
}
STATEMENTS = {
    "centcom": Outlet("U.S. Central Command", "statement", "America/New_York", "Tampa"),
    "joc": Outlet(
        "Joint Operations Command - Security Media Cell (Iraq)",
        "statement",
        "Asia/Baghdad",
        "Baghdad",
    ),
    "jaf": Outlet("Jordan Armed Forces - General Command", "statement", "Asia/Amman", "Amman"),
    "lebarmy": Outlet(
        "Lebanese Army Command - Directorate of Orientation", "statement", "Asia/Beirut", "Beirut"
    ),
    "yaf": Outlet(
        "Ansar Allah - Yemeni Armed Forces Media Office", "statement", "Asia/Aden", "Sanaa"
    ),
}


# ------------------------------------------------------------------------------------------------
# The world


@dataclass
class Event:
    id: str
    kind: str
    scenario: str
    date: dt.date  # local date at the place
    time: dt.time | None  # local wall-clock time at the place
    place: Place
    initiator: str | None  # gazetteer id, "unresolved:<surface>" or None
    target: str | None
    status: str
    killed: int | None  # the world's own count (None: no deaths in question)
    injured: int | None
    sources: dict[str, int]  # killed per source key
    detail: dict = field(default_factory=dict)
    docs: list[str] = field(default_factory=list)
    reports: list[dict] = field(default_factory=list)

    @property
    def tz(self) -> str:
        return ZONE_OF[self.place.country]

    @property
    def topic(self) -> str:
        return SCENARIO_TOPIC.get(self.scenario) or COUNTRY_TOPIC[self.place.country]

    def local(self, shift: int = 0) -> dt.datetime:
        t = self.time or dt.time(12, 0)
        day = self.date + dt.timedelta(days=shift)
        return dt.datetime.combine(day, t, tzinfo=ZoneInfo(self.tz))

    def world(self) -> dict:
        time_utc = None
        if self.time is not None:
            time_utc = self.local().astimezone(UTC).strftime("%Y-%m-%dT%H:%MZ")
        return {
            "id": self.id,
            "kind": self.kind,
            "scenario": self.scenario,
            "date": self.date.isoformat(),
            "time_local": self.time.strftime("%H:%M") if self.time else None,
            "tz": self.tz,
            "time_utc": time_utc,
            "place": self.place.name,
            "country": self.place.country,
            "initiator": self.initiator,
            "target": self.target,
            "status": self.status,
            "killed_true": self.killed,
            "killed": self.sources,
            "official_sources": [k for k in self.sources if _is_official(k)],
            "injured": self.injured,
            "detail": self.detail,
            "docs": self.docs,
            "reports": self.reports,
        }


def _is_official(key: str) -> bool:
    return SOURCES[key][0] if key in SOURCES else False


SCENARIO_KIND = {
    "militia-attack": "attack",
    "us-strike": "strike",
    "israel-strike": "strike",
    "hezbollah-attack": "attack",
    "houthi-attack": "attack",
    "us-strike-yemen": "strike",
    "is-attack": "attack",
    "killing": "killing",
    "arrest": "arrest",
    "protest": "protest",
    "talks": "talks",
    "announcement": "announcement",
    "statement": "statement",
}
SCENARIO_TOPIC = {  # the rest by country
    "hezbollah-attack": "lebanon",
    "houthi-attack": "yemen",
    "us-strike-yemen": "yemen",
    "is-attack": "is",
}
COUNTRY_TOPIC = {
    "Iraq": "iraq",
    "Syria": "syria",
    "Jordan": "jordan",
    "Lebanon": "lebanon",
    "Yemen": "yemen",
}


def _between(day: dt.date, a: str, b: str) -> bool:
    return dt.date.fromisoformat(a) <= day <= dt.date.fromisoformat(b)


def _scenario_weights(day: dt.date) -> list[tuple[str, float]]:
    """How likely each kind of event is on ``day`` (a rough shape of 2023-2025)."""
    militia = 9.0 if _between(day, "2023-10-17", "2024-02-04") else 1.2
    us_strike = 4.0 if _between(day, "2023-10-26", "2024-02-10") else 0.8
    lebanon = 1.5 if day < dt.date(2023, 10, 8) else 5.0
    if _between(day, "2024-09-17", "2024-11-26"):
        lebanon = 10.0
    elif day > dt.date(2024, 11, 26):
        lebanon = 1.5
    houthi = 0.0 if day < dt.date(2023, 11, 19) else 5.0
    if _between(day, "2025-01-19", "2025-03-14"):
        houthi = 0.8
    yemen = 0.0 if day < dt.date(2024, 1, 12) else 2.5
    if _between(day, "2025-03-15", "2025-05-06"):
        yemen = 9.0
    return [
        ("militia-attack", militia),
        ("us-strike", us_strike),
        ("israel-strike", lebanon),
        ("hezbollah-attack", lebanon * 0.7),
        ("houthi-attack", houthi),
        ("us-strike-yemen", yemen),
        ("is-attack", 3.5),
        ("killing", 2.0),
        ("arrest", 2.0),
        ("protest", 2.0),
        ("talks", 1.4),
        ("announcement", 1.6),
        ("statement", 1.8),
    ]


def _pick(rng: random.Random, weighted: list[tuple]) -> object:
    return rng.choices([w[0] for w in weighted], weights=[w[1] for w in weighted])[0]


def _time(rng: random.Random, p: float, night: bool = False) -> dt.time | None:
    if rng.random() >= p:
        return None
    hours = list(range(24))
    weights = [3 if (night and (h >= 19 or h <= 3)) else 1 for h in hours]
    hour = rng.choices(hours, weights=weights)[0]
    minute = rng.choice((0, 0, 5, 10, 15, 20, 30, 30, 40, 45, 50))
    if hour in (0, 12) and minute == 0:
        minute = 15
    return dt.time(hour, minute)


def _toll(rng: random.Random, shape: str) -> int:
    r = rng.random()
    if shape == "heavy":
        if r < 0.15:
            return 0
        if r < 0.6:
            return rng.randint(1, 5)
        if r < 0.93:
            return rng.randint(6, 20)
        return rng.randint(21, 40)
    if shape == "light":
        return 0 if r < 0.9 else rng.randint(1, 3)
    if shape == "few":
        return rng.randint(1, 3) if r < 0.85 else rng.randint(4, 9)
    return rng.randint(1, 10)  # "some"


def _figures(rng: random.Random, k: int, official: list[str], other: list[str]) -> dict[str, int]:
    """Killed per source: officials near the count, groups and monitors further off."""
    out: dict[str, int] = {}
    for key in official:
        out[key] = k if not out or rng.random() < 0.6 else max(0, k + rng.choice((-1, 1, 2)))
    for key in other:
        if key == "sohr":
            out[key] = k + rng.randint(0, 8)
        else:
            out[key] = max(1 if k else 0, k + rng.randint(-2, 4))
    return out


def _person(rng: random.Random, lebanese: bool = False) -> dict:
    first, last = (LB_FIRST, LB_LAST) if lebanese else (FIRST, LAST)
    name = f"{rng.choice(first)} {rng.choice(first)} {rng.choice(last)}"
    alias = f"{'Hajj' if lebanese else 'Abu'} {rng.choice(first)} {rng.choice(last)}"
    if lebanese:
        alias = f"Hajj Abu {rng.choice(first)}"
    return {"victim": name, "nom_de_guerre": alias if rng.random() < 0.5 else None}


def _make_event(rng: random.Random, day: dt.date) -> Event:
    scenario = _pick(rng, _scenario_weights(day))
    kind = SCENARIO_KIND[scenario]
    detail: dict = {}
    injured = None
    sources: dict[str, int] = {}
    killed: int | None = None
    if scenario == "militia-attack":
        place = rng.choice(US_BASES)
        initiator = _pick(
            rng,
            [
                ("islamic-resistance-in-iraq", 40),
                ("kh", 15),
                ("nujaba", 10),
                ("kataib-sayyid-al-shuhada", 5),
                (None, 30),
            ],
        )
        target = "us-forces"
        status = "reported" if initiator is None else rng.choice(("claimed", "reported", "alleged"))
        detail["weapon"] = rng.choice(
            ("rockets", "drones", "a one-way attack drone", "two drones", "Katyusha rockets")
        )
        killed = 0 if rng.random() < 0.95 else rng.randint(1, 3)
        injured = rng.choice((0, 0, 0, rng.randint(1, 8), rng.randint(10, 40)))
        sources = {"us-military": killed}
        if place.country == "Jordan":
            sources["jordan-gov"] = killed
        time_ = _time(rng, 0.65, night=True)
    elif scenario == "us-strike":
        place = rng.choice(MILITIA_SITES)
        initiator = rng.choice(("us-forces", "us-forces", "centcom"))
        target = _pick(
            rng,
            [
                ("kh", 40),
                ("nujaba", 20),
                ("irgc", 15),
                ("kataib-sayyid-al-shuhada", 10),
                ("islamic-resistance-in-iraq", 15),
            ],
        )
        status = "denied" if rng.random() < 0.08 else "reported"
        killed = _toll(rng, "heavy")
        if place.country == "Iraq":
            official = rng.sample(["iraq-gov", "iraq-interior", "iraq-police", "pmf"], 2)
            other = [target] + (["medics"] if rng.random() < 0.3 else [])
        else:
            official = ["sana"] if rng.random() < 0.5 else []
            other = ["sohr", target]
        sources = _figures(rng, killed, official[: rng.randint(1, len(official) or 1)], other)
        detail["weapon"] = rng.choice(("air strikes", "a drone strike", "precision strikes"))
        if killed and rng.random() < 0.35:
            detail.update(_person(rng))
        time_ = _time(rng, 0.65, night=True)
    elif scenario == "israel-strike":
        place = rng.choice(LEBANON if rng.random() < 0.85 else SYRIA_ISRAEL)
        initiator = rng.choice(("idf", "israel"))
        target = "hezbollah" if place.country == "Lebanon" else rng.choice(("irgc", "hezbollah"))
        status = "reported" if initiator == "idf" else rng.choice(("reported", "alleged"))
        killed = _toll(rng, "few" if rng.random() < 0.7 else "heavy")
        if place.country == "Lebanon":
            sources = _figures(
                rng, killed, ["lb-health"], ["hezbollah"] if rng.random() < 0.5 else []
            )
            if rng.random() < 0.3:
                sources["lb-nna"] = killed
        else:
            sources = _figures(rng, killed, ["sana"], ["sohr", target])
        detail["weapon"] = rng.choice(("drone strike", "air strike"))
        if killed and rng.random() < 0.4:
            detail.update(_person(rng, lebanese=True))
        time_ = _time(rng, 0.7)
    elif scenario == "hezbollah-attack":
        place = rng.choice(LEBANON_BORDER)
        initiator, target = "hezbollah", "idf"
        status = rng.choice(("claimed", "reported"))
        detail["weapon"] = rng.choice(
            ("rockets", "anti-tank missiles", "an attack drone", "a barrage of rockets")
        )
        detail["count"] = rng.choice((None, 10, 20, 30, 40, 60, 100))
        killed = 0 if rng.random() < 0.85 else rng.randint(1, 2)
        sources = {"idf": killed}
        time_ = _time(rng, 0.6)
    elif scenario == "houthi-attack":
        place = rng.choice(YEMEN_SEA)
        initiator = "houthis"
        if rng.random() < 0.3:
            target = "us-forces"
            detail["vessel"] = "a U.S. destroyer"
        else:
            target = "unresolved:merchant vessel"
            ship = f"{rng.choice(VESSEL_A)} {rng.choice(VESSEL_B)}"
            detail["vessel"] = ship
            detail["flag"] = rng.choice(FLAGS)
            detail["ship_type"] = rng.choice(SHIP_TYPES)
        detail["weapon"] = rng.choice(
            ("an anti-ship ballistic missile", "a one-way attack drone", "two missiles", "drones")
        )
        status = rng.choice(("claimed", "reported", "reported"))
        killed = 0 if rng.random() < 0.88 else rng.randint(1, 3)
        sources = {"us-military": killed}
        if killed and target != "us-forces":
            sources["ship-manager"] = max(0, killed - rng.choice((0, 1)))
        time_ = _time(rng, 0.7)
    elif scenario == "us-strike-yemen":
        place = rng.choice(YEMEN_LAND)
        initiator = rng.choice(("us-forces", "centcom"))
        target, status = "houthis", "reported"
        killed = _toll(rng, "heavy")
        sources = _figures(rng, killed, ["ye-health"], ["ye-media"] if rng.random() < 0.4 else [])
        detail["weapon"] = rng.choice(("air strikes", "strikes", "a wave of strikes"))
        detail["count"] = rng.choice((None, 3, 5, 8, 12, 17))
        time_ = _time(rng, 0.6, night=True)
    elif scenario == "is-attack":
        place = rng.choice(IS_PLACES)
        initiator = "islamic-state"
        if place.country == "Iraq":
            target = rng.choice(("iraq-security-forces", "iraq-security-forces", "pmf"))
        else:
            target = rng.choice(("syria-sdf", "syria-gov"))
        status = _pick(rng, [("suspected", 6), ("claimed", 2), ("reported", 2)])
        killed = _toll(rng, "some")
        injured = rng.choice((None, rng.randint(1, 9)))
        if place.country == "Iraq":
            sources = _figures(
                rng, killed, ["iraq-smc"], ["officers"] if rng.random() < 0.5 else []
            )
        else:
            sources = _figures(rng, killed, [], ["sohr"])
        time_ = _time(rng, 0.6, night=True)
    elif scenario == "killing":
        country = _pick(rng, [("Iraq", 6), ("Syria", 2), ("Lebanon", 2)])
        place = rng.choice(KILLING_PLACES[country])
        if country == "Iraq":
            initiator = _pick(
                rng, [("unresolved:" + rng.choice(UNNAMED_KILLERS), 7), ("us-forces", 3)]
            )
            group = rng.choice(("kh", "pmf", "nujaba", "asaib-ahl-al-haq", "badr"))
        elif country == "Syria":
            initiator = rng.choice(("israel", "us-forces", "unresolved:unknown assailants"))
            group = rng.choice(("irgc", "hezbollah", "kh"))
        else:
            initiator, group = rng.choice(("idf", "israel")), "hezbollah"
        target = "unresolved:a local commander"
        detail.update(_person(rng, lebanese=country == "Lebanon"))
        detail["group"] = group
        status = "alleged" if initiator == "israel" else "reported"
        killed = rng.choice((1, 1, 1, 2, 3))
        if country == "Iraq":
            sources = _figures(rng, killed, ["iraq-police"], [group] if rng.random() < 0.5 else [])
        elif country == "Syria":
            sources = _figures(rng, killed, [], ["sohr"])
        else:
            sources = _figures(rng, killed, ["lb-nna"], [])
        time_ = _time(rng, 0.6)
    elif scenario == "arrest":
        place = rng.choice(ARREST_PLACES)
        if place.country == "Iraq":
            initiator = rng.choice(("iraq-security-forces", "iraq-security-forces", "iraq-gov"))
            target = rng.choice(("islamic-state", "unresolved:suspects"))
        else:
            initiator = "unresolved:Jordan's General Intelligence Department"
            target = rng.choice(("unresolved:suspects", "islamic-state", "unresolved:smugglers"))
        detail["count"] = rng.choice((2, 3, 4, 5, 6, 8, 11, 14, 20))
        status = "reported"
        time_ = _time(rng, 0.3)
    elif scenario == "protest":
        place = rng.choice(PROTEST_PLACES)
        initiator = _pick(
            rng,
            [
                ("unresolved:protesters", 4),
                ("pmf", 1 if place.country == "Iraq" else 0),
                ("kh", 1 if place.country == "Iraq" else 0),
                ("houthis", 2 if place.country == "Yemen" else 0),
                ("hezbollah", 2 if place.country == "Lebanon" else 0),
            ],
        )
        target = rng.choice(("us-gov", "israel"))
        detail["crowd"] = rng.choice(("hundreds", "thousands", "dozens", "tens of thousands"))
        status = "reported"
        injured = rng.choice((None, None, rng.randint(2, 25)))
        time_ = _time(rng, 0.5)
    elif scenario == "talks":
        pairs = [
            ("iraq-gov", "us-gov", "Iraq", "the future of the U.S.-led coalition"),
            ("jordan-gov", "us-gov", "Jordan", "border security and air defence"),
            ("iraq-gov", "iran-gov", "Iraq", "border security and militia attacks"),
            ("krg", "iraq-gov", "Erbil", "oil exports and salaries"),
            ("unresolved:Lebanese officials", "us-gov", "Lebanon", "a ceasefire along the border"),
        ]
        if day < dt.date(2025, 1, 20):
            pairs.append(("iraq-pm-sudani", "blinken", "Iraq", "attacks on U.S. forces"))
        initiator, target, where, topic = rng.choice(pairs)
        place = CAPITALS[where]
        detail["topic"] = topic
        status = "reported"
        time_ = _time(rng, 0.4)
    elif scenario == "announcement":
        options = [
            ("kh", "us-forces", "Iraq", "a suspension of its operations against U.S. forces"),
            (
                "islamic-resistance-in-iraq",
                "israel",
                "Iraq",
                "a new phase of operations against Israel",
            ),
            ("houthis", "israel", "Yemen", "a ban on Israeli-linked ships in the Red Sea"),
            ("iraq-gov", "us-forces", "Iraq", "a committee to investigate the latest attack"),
            ("hezbollah", "idf", "Lebanon", "the deaths of several of its fighters"),
            ("jordan-gov", None, "Jordan", "new measures to secure its northern border"),
        ]
        initiator, target, where, topic = rng.choice(options)
        place = CAPITALS[where]
        detail["topic"] = topic
        status = "reported"
        time_ = _time(rng, 0.4)
    else:  # statement
        options = [
            (
                "iraq-gov",
                "us-forces",
                "Iraq",
                "condemned the latest strikes as a violation of Iraqi sovereignty",
            ),
            ("iran-gov", "us-gov", "Iraq", "denied any role in attacks on U.S. forces"),
            (
                "jordan-gov",
                "israel",
                "Jordan",
                "said Jordan will not be a battleground for any party",
            ),
            ("hezbollah", "israel", "Lebanon", "vowed to keep up its attacks in support of Gaza"),
            ("syria-gov", "israel", "Syria", "condemned Israeli strikes on Syrian territory"),
            ("houthis", "us-gov", "Yemen", "warned U.S. warships to leave the Red Sea"),
        ]
        initiator, target, where, topic = rng.choice(options)
        place = CAPITALS[where]
        detail["topic"] = topic
        status = "reported"
        time_ = _time(rng, 0.4)
    return Event(
        id="",
        kind=kind,
        scenario=scenario,
        date=day,
        time=time_,
        place=place,
        initiator=initiator,
        target=target,
        status=status,
        killed=killed,
        injured=injured,
        sources=sources,
        detail=detail,
    )


def build_world(rng: random.Random, n_events: int) -> list[Event]:
    days = (END - START).days + 1
    events = [
        _make_event(rng, START + dt.timedelta(days=rng.randrange(days))) for _ in range(n_events)
    ]
    events.sort(key=lambda e: (e.date, e.time or dt.time(23, 59, 59)))
    for i, ev in enumerate(events, 1):
        ev.id = f"ev{i:05d}"
    return events


# ------------------------------------------------------------------------------------------------
# Background sentences: the devset's, filtered to undated general ones, and the generator's own.

OWN_BACKGROUND = {
    "iraq": (
        "About 2,500 U.S. troops are deployed in Iraq as part of the coalition fighting Islamic State.",
        "The Islamic Resistance in Iraq is an umbrella of Iran-aligned factions that includes Kata'ib Hezbollah and Harakat al-Nujaba.",
        "Iraq's government, which relies on the support of Iran-aligned parties, has struggled to rein in the armed factions.",
        "The factions say their attacks are a response to U.S. support for Israel in the Gaza war.",
        "Many of the factions are also part of the Popular Mobilization Forces, a state-sanctioned umbrella of mostly Shi'ite armed groups.",
        "U.S. officials have repeatedly urged Baghdad to protect American personnel present in Iraq at its invitation.",
    ),
    "syria": (
        "About 900 U.S. troops are stationed in eastern Syria, mostly alongside the Syrian Democratic Forces.",
        "Iran-aligned militias control much of the Syrian side of the border crossing near Albu Kamal.",
        "The area along the Euphrates has long been a corridor for fighters and weapons moving between Iraq and Syria.",
    ),
    "lebanon": (
        "Hezbollah and Israel have exchanged fire across the border almost daily since the Gaza war began.",
        "Tens of thousands of people have been displaced on both sides of the border by the fighting.",
        "The Iran-backed group says it is acting in support of its ally Hamas in Gaza.",
        "The Lebanese army has deployed additional troops south of the Litani river under international pressure.",
    ),
    "yemen": (
        "The Houthis say their attacks on shipping are in solidarity with Palestinians in Gaza.",
        "The campaign has forced many shipping companies to reroute vessels around the southern tip of Africa.",
        "Houthi military spokesman Yahya Saree usually announces the group's operations in televised addresses.",
        "Traffic through the Bab al-Mandab strait, one of the world's busiest shipping lanes, has fallen sharply.",
    ),
    "is": (
        "Islamic State cells remain active in the rugged terrain between Kirkuk, Salahuddin and Diyala.",
        "Iraqi commanders say the group has been reduced to small cells that mount hit-and-run attacks at night.",
        "The U.S.-led coalition still carries out raids with Iraqi and Kurdish forces against the group's remnants.",
    ),
    "jordan": (
        "Jordan hosts U.S. troops at several sites, including the Tower 22 logistics outpost near the Syrian border.",
        "Jordan's army has stepped up patrols along the Syrian border to stop drug and weapons smuggling.",
    ),
    "general": (
        "Tensions across the region have been high since the Gaza war began, with Iran-aligned groups attacking U.S. and Israeli targets.",
        "Analysts say each side has so far tried to avoid a direct, all-out confrontation.",
        "Diplomats from several countries have been pressing for calm along the region's many front lines.",
        "Officials in the region say the risk of miscalculation remains high.",
    ),
}
_ABBREV = re.compile(
    r"(?:\b(?:U\.S|U\.K|Gen|Lt|Col|Brig|Dr|Mr|Mrs|St|No|Fla|Jan|Feb|Aug|Sept|Oct|Nov|Dec|[A-Z])\.)$"
)

#: Sentences re-used verbatim from the devset texts: key -> (file prefix, how the sentence starts).
DEVSET_REUSE = {
    "houthi-solidarity": ("05_", "The Houthis, who control Yemen's capital"),
    "us-uk-campaign": ("05_", "The United States and Britain have carried out repeated strikes"),
    "saree-ship": ("05_", "Houthi military spokesman Yahya Saree said in a televised address"),
    "uk-tragic": ("05_", "Britain's government said in a statement that the deaths"),
    "kurilla-houthi": ("03_", '"These continued attacks by the Iran-backed Houthi'),
    "centcom-mariners": ("03_", '"CENTCOM will continue to take actions'),
    "centcom-updates": ("03_", "CENTCOM will continue to provide updates"),
    "is-victory": ("06_", "Iraq declared victory over IS"),
    "is-hallmarks": ("06_", "No group immediately claimed the assault"),
    "troops-iraq": ("07_", "About 2,500 U.S. troops are deployed in Iraq."),
    "nujaba-designated": ("09_", "The Nujaba movement, which Washington designated"),
    "jurf-denied": ("09_", "Some militia officials blamed a U.S. drone"),
    "sudani-blatant": ("09_", "The office of Prime Minister Mohammed Shia al-Sudani condemned"),
    "joc-bismillah": ("10_", "In the name of God"),
    "joc-affirms": ("10_", "The Joint Operations Command affirms"),
    "joc-reaffirms": ("10_", "It reaffirms the Government"),
    "joc-confessed": ("10_", "The suspects have confessed"),
    "hezbollah-oct8": ("11_", "Hezbollah opened fire on Israeli positions on Oct. 8"),
    "hezbollah-quds": ("13_", "Lebanon's Hezbollah, which works closely with the Quds Force"),
    "israel-declined": ("13_", "Israel's military declined to comment, in line with"),
    "us-no-involvement": ("13_", "A U.S. official said Washington had told Tehran"),
    "us-notified": ("01_", "A U.S. official, speaking on condition of anonymity, said Iraq"),
    "iraq-condemned": ("01_", "The Iraqi government condemned the strikes"),
    "biden-response": ("01_", "President Joe Biden said in a statement that the U.S. response"),
    "rasool-assassination": ("12_", "Iraqi military spokesman Yehia Rasool said"),
    "centcom-response": ("12_", "U.S. Central Command said it had carried out the strike"),
}


def _split_sentences(paragraph: str) -> list[str]:
    out, start = [], 0
    for m in re.finditer(r"[.!?][\"”’)]?\s+(?=[A-Z\"“])", paragraph):
        head = paragraph[start : m.start() + 1]
        if _ABBREV.search(head):
            continue
        out.append(paragraph[start : m.end()].strip())
        start = m.end()
    out.append(paragraph[start:].strip())
    return [s for s in out if s]


def devset_sentences(devset: Path = DEVSET) -> dict[str, str]:
    """The sentences of :data:`DEVSET_REUSE` as the devset texts have them (missing ones left out)."""
    sentences: dict[str, list[str]] = {}
    for path in sorted(devset.glob("*.txt")):
        text = path.read_text(encoding="utf-8").replace("\r\n", "\n")
        sentences[path.name] = [
            s for para in text.split("\n\n") for s in _split_sentences(" ".join(para.split()))
        ]
    found = {}
    for key, (prefix, start) in DEVSET_REUSE.items():
        for name, items in sentences.items():
            if not name.startswith(prefix):
                continue
            for sentence in items:
                if sentence.replace("\u2019", "'").startswith(start):
                    found[key] = sentence
                    break
    return found


#: Devset sentences used as background: key -> (topic, first publication date they fit).
DEVSET_BACKGROUND = {
    "houthi-solidarity": ("yemen", START),
    "us-uk-campaign": ("yemen", dt.date(2024, 1, 15)),
    "is-victory": ("is", START),
    "troops-iraq": ("iraq", START),
    "hezbollah-oct8": ("lebanon", dt.date(2023, 10, 9)),
}
#: Event-specific colour (undated), by kind of scene.
DETAILS = {
    "strike": (
        "Witnesses said they heard several loud explosions followed by the sound of aircraft.",
        "Footage shared on social media showed a burning vehicle and a column of black smoke.",
        "Ambulances rushed to the site and security forces sealed off the area.",
        "The bodies were taken to a nearby hospital, a medical source said.",
        "Residents said the building was reduced to rubble.",
    ),
    "warship": (
        "The missile was shot down by the destroyer, U.S. officials said.",
        "No U.S. ships were damaged, the official said.",
        "The destroyer was escorting commercial traffic through the area at the time.",
    ),
    "base": (
        "Air defences intercepted at least one of the projectiles, the official said.",
        "Sirens sounded across the base and personnel took cover.",
        "The official said the attack caused minor damage to a hangar.",
        "Security forces later found a launch platform in a nearby field.",
    ),
    "ship": (
        "The crew reported an explosion in the water close to the ship.",
        "A coalition warship was sent to assist the vessel.",
        "The vessel sustained minor damage but continued its voyage.",
        "Maritime security firm Ambrey said the ship had been heading north toward the Suez Canal.",
    ),
    "yemen-strike": (
        "Residents reported loud explosions across the city.",
        "Houthi media showed footage of damaged buildings and burning vehicles.",
        "U.S. officials said the targets included radar installations, weapons depots and launch sites.",
    ),
    "border": (
        "Israeli air defences intercepted several of the projectiles.",
        "Sirens sounded in communities across the Upper Galilee.",
        "Lebanese media said Israeli artillery shelled the outskirts of several villages in response.",
    ),
    "is": (
        "The attackers fled into nearby orchards under cover of darkness.",
        "Reinforcements were sent to the area and roads into nearby villages were closed.",
        "The wounded were taken to a military hospital, a medical source said.",
    ),
    "killing": (
        "The gunmen fled the scene, police said.",
        "Photos circulated on social media showed a car riddled with bullets.",
        "Security forces set up checkpoints across the city afterwards.",
    ),
    "arrest": (
        "The suspects were transferred for questioning.",
        "Weapons and explosives were seized during the operation, officials said.",
        "Security forces had been monitoring the suspects for weeks, officials said.",
    ),
    "protest": (
        "Protesters burned U.S. and Israeli flags.",
        "Some carried portraits of slain commanders.",
        "Security forces deployed heavily around the embassy district.",
    ),
    "talks": (
        "The meeting lasted several hours, officials said.",
        "A joint statement is expected after the next round.",
    ),
    "statement": (
        "The statement was read out by a spokesman on television.",
        "It was also posted on social media.",
    ),
}
SCENARIO_DETAILS = {
    "militia-attack": "base",
    "us-strike": "strike",
    "israel-strike": "strike",
    "hezbollah-attack": "border",
    "houthi-attack": "ship",
    "us-strike-yemen": "yemen-strike",
    "is-attack": "is",
    "killing": "killing",
    "arrest": "arrest",
    "protest": "protest",
    "talks": "talks",
    "announcement": "statement",
    "statement": "statement",
}

CAPTIONS = {
    "iraq": (
        "Members of Iraq's Popular Mobilization Forces parade in Baghdad",
        "Iraqi security forces stand guard at a checkpoint in Baghdad",
        "Supporters of Kata'ib Hezbollah chant slogans outside the U.S. embassy in Baghdad",
        "U.S. soldiers stand guard at Ain al-Asad air base in Anbar province, Iraq",
        "Smoke rises from a militia compound near al-Qaim after an air strike",
    ),
    "syria": (
        "A view of the Euphrates valley near Deir ez-Zor in eastern Syria",
        "Syrian Democratic Forces fighters patrol near al-Shaddadi",
    ),
    "lebanon": (
        "Smoke rises over hills in south Lebanon after Israeli shelling, seen from Marjayoun",
        "Hezbollah supporters wave flags during a rally in Beirut's southern suburbs",
        "Lebanese army soldiers stand at a checkpoint near Tyre",
    ),
    "yemen": (
        "Houthi supporters rally in Sanaa",
        "A container ship transits the Red Sea",
        "The guided-missile destroyer USS Carney transits the Red Sea",
        "Houthi fighters stand on the deck of the Galaxy Leader cargo ship off Hodeidah",
    ),
    "is": (
        "Iraqi soldiers patrol near Mutaibija during an operation against Islamic State cells",
        "An Iraqi army unit searches orchards in Diyala province",
    ),
    "jordan": (
        "Jordanian soldiers stand guard at a checkpoint in Amman",
        "A Jordanian army vehicle patrols the border with Syria near Ruwaished",
    ),
    "general": (
        "A U.S. Air Force F-15E Strike Eagle prepares for take-off at an undisclosed base",
        "Flags fly outside the foreign ministry in Baghdad",
        "A general view of Amman",
    ),
}


# ------------------------------------------------------------------------------------------------
# Writing one document


def _cap(s: str) -> str:
    return s[:1].upper() + s[1:] if s else s


def _num(n: int, start: bool = False) -> str:
    s = NUMBER_WORDS[n] if 0 < n < 10 else str(n)
    return _cap(s) if start else s


def _t12(t: dt.time | dt.datetime) -> str:
    h = t.hour % 12 or 12
    suffix = "a.m." if t.hour < 12 else "p.m."
    return f"{h} {suffix}" if t.minute == 0 else f"{h}:{t.minute:02d} {suffix}"


def _ap(d: dt.date) -> str:
    return f"{MONTHS_AP[d.month - 1]} {d.day}"


def _full(d: dt.date, day_first: bool = False) -> str:
    if day_first:
        return f"{d.day} {MONTHS[d.month - 1]} {d.year}"
    return f"{MONTHS[d.month - 1]} {d.day}, {d.year}"


def _part_of_day(hour: int) -> str:
    if hour < 5:
        return "early"
    if hour < 12:
        return "morning"
    if hour < 17:
        return "afternoon"
    if hour < 21:
        return "evening"
    return "late"


@dataclass
class Story:
    headlines: list[str]
    lead: str
    noun: str  # "strike", "attack" ...
    victims: str  # "people", "fighters" ...
    claims: list[str]
    timed: bool = False  # the lead already gives the time


class Ctx:
    """One document's choices: spellings, date wording, cited figures."""

    def __init__(self, rng: random.Random, outlet: Outlet, pub: dt.date, dev: dict[str, str]):
        self.rng = rng
        self.outlet = outlet
        self.pub = pub
        self.dev = dev  # devset sentences by DEVSET_REUSE key
        self.names: dict[str, str] = {}
        self.cited: dict[str, int] = {}

    def n(self, actor: str | None) -> str:
        if actor is None:
            return "unidentified attackers"
        if actor.startswith("unresolved:"):
            return actor.split(":", 1)[1]
        if actor not in self.names:
            self.names[actor] = self.rng.choice(NAMES.get(actor, (actor,)))
        return self.names[actor]

    def N(self, actor: str | None) -> str:
        return _cap(self.n(actor))

    def short(self, actor: str) -> str:
        return self.rng.choice(SHORT.get(actor, (self.n(actor).removeprefix("the "),)))

    def src(self, key: str) -> str:
        if key in SOURCES:
            return self.rng.choice(SOURCES[key][1])
        return self.rng.choice(GROUP_SOURCE).format(n=self.n(key))

    # dates and times ------------------------------------------------------------------------

    def day_phrase(self, ev: Event, shift: int, allow_part: bool = True) -> str:
        day = ev.date + dt.timedelta(days=shift)
        gap = (self.pub - day).days
        style, r = self.outlet.style, self.rng.random()
        hour = ev.time.hour if ev.time else None
        if style == "tv" and gap == 0 and r < 0.7:
            if hour is not None and allow_part and r < 0.35:
                return {
                    "early": "early this morning",
                    "morning": "this morning",
                    "afternoon": "this afternoon",
                    "evening": "this evening",
                    "late": "earlier tonight",
                }[_part_of_day(hour)]
            return "today"
        if style in ("regional", "tv") and gap == 1 and r < 0.12:
            return "last night" if hour is not None and hour >= 19 else "yesterday"
        if style == "statement" or r > 0.75:
            return f"on {_ap(day)}"
        wd = WEEKDAYS[day.weekday()]
        if allow_part and self.rng.random() < 0.35:
            part = (
                _part_of_day(hour)
                if hour is not None
                else self.rng.choice(("late", "early", "morning", "night"))
            )
            return {
                "early": self.rng.choice((f"early {wd}", f"before dawn on {wd}")),
                "morning": f"{wd} morning",
                "afternoon": f"{wd} afternoon",
                "evening": f"{wd} evening",
                "late": f"late {wd}",
                "night": f"{wd} night",
            }[part]
        return f"on {wd}"

    def time_phrase(self, ev: Event, shift: int) -> str:
        """'at about 9:30 p.m. local time', '1830 GMT on Tuesday', '2:30 p.m. ET on Tuesday ...'."""
        local = ev.local(shift)
        zone = self.outlet.zone
        modes = [("local", 6), ("city", 2), ("gmt", 2), ("both", 1)]
        if zone == "America/New_York":
            modes.append(("et", 5))
        elif zone == "UTC":
            modes[2] = ("gmt", 6)
        mode = _pick(self.rng, modes)
        about = self.rng.choice(("at about ", "at ", "at around ", "shortly after "))
        if mode in ("local", "city", "both"):
            where = "local time" if mode != "city" else CITY_TIME[ev.place.country]
            phrase = f"{about}{_t12(local)} {where}"
            if mode == "both":
                phrase += f" ({local.astimezone(UTC):%H%M} GMT)"
            if self.rng.random() < 0.5:
                phrase += f" on {WEEKDAYS[local.weekday()]}"
            return phrase
        other = local.astimezone(UTC if mode == "gmt" else NEW_YORK)
        clock = f"{other:%H%M} GMT" if mode == "gmt" else f"{_t12(other)} ET"
        phrase = f"{about}{clock} on {WEEKDAYS[other.weekday()]}"
        if other.date() != local.date() and self.rng.random() < 0.7:
            city = CITY_TIME[ev.place.country].removesuffix(" time")
            phrase += f", which was {_t12(local)} on {WEEKDAYS[local.weekday()]} in {city}"
        return phrase

    # casualty figures -----------------------------------------------------------------------

    def choose_cited(self, ev: Event) -> list[str]:
        keys = list(ev.sources)
        if not keys:
            return []
        k = min(len(keys), _pick(self.rng, [(0, 1), (1, 5), (2, 4), (3, 2)]))
        return self.rng.sample(keys, k) if k else []

    def toll_sentences(self, ev: Event, keys: list[str], victims: str, noun: str) -> list[str]:
        if not keys:
            return []
        for key in keys:
            self.cited[key] = ev.sources[key]
        figs = [(k, ev.sources[k]) for k in keys]
        if all(f == 0 for _, f in figs):
            return [
                self.rng.choice(
                    (
                        f"No deaths were reported, {self.src(figs[0][0])} said.",
                        f"{_cap(self.src(figs[0][0]))} said no one was killed in the {noun}.",
                    )
                )
            ]
        out = []
        (k1, f1), rest = figs[0], figs[1:]
        first = self.rng.choice(
            (
                f"{_cap(self.src(k1))} said {_num(f1)} {victims} were killed.",
                f"At least {_num(f1)} {victims} were killed, according to {self.src(k1)}.",
                f"{_num(f1, True)} {victims} were killed in the {noun}, {self.src(k1)} said.",
            )
        )
        if f1 == 0:
            first = f"{_cap(self.src(k1))} said no one was killed."
        if rest:
            k2, f2 = rest[0]
            second = self.rng.choice(
                (
                    f", while {self.src(k2)} said {_num(f2)} had been killed.",
                    f"; {self.src(k2)} said {_num(f2)} {victims} had been killed.",
                )
            )
            first = first[:-1] + second
            rest = rest[1:]
        out.append(first)
        for k3, f3 in rest:
            out.append(f"{_cap(self.src(k3))} put the death toll at {_num(f3)}.")
        return out


# Stories, one function per scenario -----------------------------------------------------------


def _story_militia(ev: Event, c: Ctx, D: str) -> Story:
    r, d, P = c.rng, ev.detail, c.rng.choice(ev.place.phrases)
    weapon = d["weapon"]
    who = c.N(ev.initiator) if ev.initiator else None
    if ev.status == "claimed" and who:
        lead = f"{who} said it attacked {c.n('us-forces')} {P} with {weapon} {D}."
    elif who and ev.status == "alleged":
        lead = r.choice(
            (
                f"{_cap(weapon)} targeted {c.n('us-forces')} {P} {D} in an attack that U.S. officials blamed on {c.n(ev.initiator)}.",
                f"An attack with {weapon} hit {c.n('us-forces')} {P} {D}, and U.S. officials blamed {c.n(ev.initiator)}.",
            )
        )
    elif who:
        lead = f"{who} claimed responsibility for an attack with {weapon} on {c.n('us-forces')} {P} {D}, U.S. officials confirmed."
    else:
        lead = r.choice(
            (
                f"{_cap(weapon)} {'was' if weapon.startswith('a ') else 'were'} fired at {c.n('us-forces')} {P} {D}, a U.S. defense official said.",
                f"{c.N('us-forces')} {P} came under attack with {weapon} {D}, a U.S. official said.",
            )
        )
    claims = []
    if ev.injured:
        claims.append(
            f"{_num(ev.injured, True)} service members were wounded, most of them lightly, the Pentagon said."
        )
    elif ev.injured == 0:
        claims.append("There were no injuries and no damage to infrastructure, the official said.")
    if who:
        claims.append(
            r.choice(
                (
                    f"In a statement on Telegram, {c.n(ev.initiator)} said the attack was a response to U.S. support for Israel.",
                    f'{who} said the attack was part of its campaign against "the occupation forces."',
                )
            )
        )
    else:
        claims.append("No group immediately claimed responsibility.")
    if ev.place.country == "Iraq":
        claims.append(
            f"{c.N('iraq-gov')} condemned the attack and said security forces were searching for the launch site."
        )
    short = ev.place.short
    heads = [
        f"{_cap(weapon)} target U.S. forces at {short}"
        if weapon.endswith("s")
        else f"Attack targets U.S. forces at {short}",
        f"U.S. base at {short} attacked, officials say",
        f"{c.short(ev.initiator)} claims attack on U.S. forces at {short}"
        if who
        else f"Rocket attack on {short} base",
    ]
    return Story(heads, lead, "attack", "people", claims)


def _story_us_strike(ev: Event, c: Ctx, D: str, kc: str) -> Story:
    r, d, P = c.rng, ev.detail, c.rng.choice(ev.place.phrases)
    T, weapon = c.n(ev.target), d["weapon"]
    victim = d.get("victim")
    if ev.status == "denied":
        lead = (
            f"An explosion hit a {T} position {P} {D}{kc}. Some militia officials blamed a U.S. "
            f"drone strike, but a U.S. defense official denied any American involvement."
        )
        heads = [f"Blast hits {c.short(ev.target)} site near {ev.place.short}; U.S. denies role"]
        return Story(heads, lead, "explosion", "people", [])
    if victim and r.random() < 0.6:
        alias = d.get("nom_de_guerre")
        known = f", known as {alias}," if alias else ","
        lead = f"A U.S. drone strike {P} {D} killed {victim}{known} a senior commander of {T}."
        if kc:
            lead += f" The strike{kc.replace(', killing', ' killed', 1)}."
    else:
        hedge = r.random() < 0.15
        lead = r.choice(
            (
                f"{c.N(ev.initiator)} {'reportedly ' if hedge else ''}carried out {weapon} on {T} positions {P} {D}{kc}.",
                f"{c.N(ev.initiator)} struck a {T} {r.choice(('headquarters', 'weapons depot', 'command post', 'convoy'))} {P} {D}{kc}.",
                f"A U.S. {weapon.removeprefix('a ').removesuffix('s')} hit {T} targets {P} {D}{kc}.",
            )
        )
    claims = [
        r.choice(
            (
                f"{c.N('centcom')} said in a statement that the strike targeted facilities used by {T} to plan attacks on U.S. forces.",
                'A U.S. official, speaking on condition of anonymity, said the target had been "actively involved" in attacks on American personnel.',
                "The Pentagon said the strike was carried out in self-defense.",
            )
        )
    ]
    if ev.place.country == "Iraq" and "iraq-condemned" not in c.dev:
        claims.append(
            f'{c.N("iraq-gov")} condemned the strike as "a violation of Iraqi sovereignty."'
        )
    elif ev.place.country == "Syria":
        claims.append(
            'Syria\'s foreign ministry condemned what it called "a flagrant violation of Syrian sovereignty."'
        )
    if ev.target != "nujaba" or "nujaba-designated" not in c.dev:
        claims.append(
            f'{c.N(ev.target)} vowed revenge, saying the attack "will not go unanswered."'
        )
    s = c.short(ev.target)
    heads = [
        f"U.S. strikes {s} targets near {ev.place.short}",
        f"U.S. drone strike hits {s} in {ev.place.short}",
        f"{s} vows revenge after U.S. strike in {ev.place.short}",
    ]
    heads.append(f"U.S. strike kills #N# in {ev.place.short}, officials say")
    return Story(heads, lead, "strike", "people", claims)


def _story_israel_strike(ev: Event, c: Ctx, D: str, kc: str) -> Story:
    r, d, P = c.rng, ev.detail, c.rng.choice(ev.place.phrases)
    T = c.n(ev.target)
    victim = d.get("victim")
    what = r.choice(("a car", "a house", "a motorcycle", "a building", "a group of men"))
    if ev.initiator == "idf":
        lead = r.choice(
            (
                f"{c.N('idf')} said its aircraft struck {what} {P} {D}{kc}.",
                f"An Israeli {d['weapon']} hit {what} {P} {D}{kc}. {c.N('idf')} said it had targeted {T}.",
            )
        )
    else:
        hedge = "suspected Israeli" if ev.status == "alleged" else "Israeli"
        lead = f"{'A' if ev.status == 'alleged' else 'An'} {hedge} strike hit {what} {P} {D}{kc}."
    claims = []
    if victim:
        alias = d.get("nom_de_guerre")
        claims.append(
            f"{_cap(T)} confirmed the death of {victim}{f', known as {alias},' if alias else ''} a commander in the group."
        )
    if ev.initiator == "israel":
        claims.append(
            r.choice(
                (f"{c.N('idf')} declined to comment.", "The Israeli military has not commented.")
            )
        )
    else:
        claims.append(
            f"{c.N('idf')} said the target had directed rocket and anti-tank missile attacks on northern Israel."
        )
    if ev.place.country == "Syria":
        claims.append(
            f"{c.N('syria-gov')} condemned the strike as an attack on Syrian sovereignty."
        )
    s = c.short(ev.target)
    heads = [
        f"Israeli strike hits {s} target in {ev.place.short}",
        f"Israeli strike in {ev.place.short} kills #N#, officials say",
        f"Israeli {d['weapon']} hits {ev.place.short}",
        f"{s} commander killed in {ev.place.short}"
        if victim
        else f"Strike near {ev.place.short} as border fighting goes on",
    ]
    return Story(heads, lead, "strike", "people", claims)


def _story_hezbollah(ev: Event, c: Ctx, D: str) -> Story:
    r, d, P = c.rng, ev.detail, c.rng.choice(ev.place.phrases)
    count = f"{d['count']} " if d["count"] and d["weapon"] == "rockets" else ""
    H = c.N("hezbollah")
    lead = f"{H} said it fired {count}{d['weapon']} at Israeli army positions {P} {D}."
    claims = []
    if ev.status == "claimed":
        claims.append(
            r.choice(
                (
                    "There was no word from the Israeli military on the claim.",
                    f"{c.N('idf')} did not comment on the claim.",
                )
            )
        )
    else:
        claims.append(
            f"{c.N('idf')} said projectiles had crossed from Lebanon and that several were intercepted."
        )
        claims.append(f"{c.N('idf')} said it struck the launch sites in response.")
    claims.append(f'{H} said the attack was "in support of our steadfast people in Gaza."')
    heads = [
        f"Hezbollah fires {d['weapon']} at Israeli positions near {ev.place.short}",
        "Hezbollah says it targeted Israeli army posts",
    ]
    return Story(heads, lead, "attack", "soldiers", claims)


def _story_houthi(ev: Event, c: Ctx, D: str) -> Story:
    r, d, P = c.rng, ev.detail, c.rng.choice(ev.place.phrases)
    Hn = c.n("houthis")
    if ev.target == "us-forces":
        vessel = "a U.S. destroyer"
    else:
        vessel = f"the {d['flag']}-flagged {d['ship_type']} {d['vessel']}"
        if r.random() < 0.5:
            vessel = f"the {d['vessel']}, a {d['flag']}-flagged {d['ship_type']},"
    if ev.status == "claimed":
        lead = f"{_cap(Hn)} claimed responsibility for an attack with {d['weapon']} on {vessel} {P} {D}."
    else:
        lead = r.choice(
            (
                f"{_cap(d['weapon'])} fired by {Hn} hit {vessel} {P} {D}, the U.S. military said.",
                f"{_cap(Hn)} attacked {vessel} {P} with {d['weapon']} {D}, {c.n('centcom')} said.",
            )
        )
    claims = []
    if ev.status == "claimed":
        claims.append(
            f"{c.N('centcom')} did not immediately respond to a request for comment on that claim."
        )
    if not ev.killed and ev.target != "us-forces":
        claims.append(
            r.choice(
                (
                    "There were no injuries, and the ship continued on its way.",
                    "The crew was reported safe.",
                )
            )
        )
    claims.append(
        "The British maritime security agency UKMTO said it had received a report of an incident and advised vessels to exercise caution."
    )
    heads = [
        f"Houthis say they attacked ship off {ev.place.short}",
        f"Vessel hit by Houthi {d['weapon'].split()[-1].rstrip('s')} off {ev.place.short}",
        "Houthi attack on shipping reported in the Red Sea"
        if ev.place.name in ("Hodeidah", "Mokha")
        else "Ship attacked in Gulf of Aden",
    ]
    return Story(heads, lead, "attack", "crew members", claims)


def _story_us_yemen(ev: Event, c: Ctx, D: str, kc: str) -> Story:
    r, d, P = c.rng, ev.detail, c.rng.choice(ev.place.phrases)
    count = f" {d['count']}" if d["count"] else ""
    lead = r.choice(
        (
            f"{c.N(ev.initiator)} carried out {d['weapon']} on Houthi targets {P} {D}{kc}.",
            f"U.S. warplanes struck{count} Houthi sites {P} {D}{kc or ', Houthi media said'}.",
        )
    )
    claims = [
        f"{c.N('centcom')} said the strikes targeted missile launchers and storage sites used to attack shipping.",
        f"{_cap(c.n('houthis'))} vowed to respond and said the attacks on ships would continue.",
    ]
    heads = [
        f"U.S. strikes Houthi targets in {ev.place.short}",
        f"U.S. air strikes hit Yemen's {ev.place.short}",
    ]
    return Story(heads, lead, "strikes", "people", claims)


def _story_is(ev: Event, c: Ctx, D: str, kc: str) -> Story:
    r, P = c.rng, c.rng.choice(ev.place.phrases)
    IS = c.n("islamic-state")
    hedge = "Suspected " if ev.status == "suspected" else ""
    militants = "Islamic State militants" if IS.startswith("the ") else f"{IS} militants"
    target = {
        "iraq-security-forces": "an Iraqi army position",
        "pmf": "a post of the Popular Mobilization Forces",
        "syria-sdf": "a checkpoint of the Syrian Democratic Forces",
        "syria-gov": "a Syrian army bus",
    }[ev.target]
    lead = f"{hedge}{militants} attacked {target} {P} {D}{kc}."
    lead = lead[0].upper() + lead[1:]
    claims = []
    if ev.injured:
        claims.append(f"{_num(ev.injured, True)} others were wounded, a security official said.")
    if ev.status == "suspected":
        claims.append(
            r.choice(
                (
                    "No group claimed responsibility for the attack.",
                    "No group has claimed responsibility so far, security officials said.",
                )
            )
        )
    elif ev.status == "claimed":
        claims.append(
            f"{_cap(IS)} claimed responsibility for the attack through its Amaq news agency."
        )
    if ev.place.country == "Iraq":
        claims.append(
            "Security forces launched a sweep of the surrounding area, the Joint Operations Command said."
        )
    heads = [
        f"{'Suspected ' if hedge else ''}ISIS attack kills #N# near {ev.place.short}",
        f"Militants attack troops near {ev.place.short}",
    ]
    return Story(
        heads,
        lead,
        "attack",
        "soldiers" if "army" in target or "bus" in target else "fighters",
        claims,
    )


def _story_killing(ev: Event, c: Ctx, D: str) -> Story:
    d, P = ev.detail, c.rng.choice(ev.place.phrases)
    G = c.n(d["group"])
    victim = d["victim"]
    alias = d.get("nom_de_guerre")
    who = f"{victim}{f', known as {alias},' if alias else ','} a local commander of {G}"
    killer = ev.initiator
    if killer and killer.startswith("unresolved:"):
        lead = f"{_cap(c.n(killer))} shot and killed {who}, {P} {D}, police said."
    elif killer == "us-forces":
        lead = f"A U.S. drone strike killed {who}, {P} {D}, security officials said."
    elif killer == "idf":
        lead = f"{c.N('idf')} said it killed {who}, {P} {D}."
    else:
        lead = f"{who[0].upper() + who[1:]}, was killed {P} {D} in what {G} said was an Israeli attack."
    lead = lead.replace(",, ", ", ")
    claims = [f'{_cap(G)} mourned {victim} in a statement and called him a "martyr."']
    if ev.killed and ev.killed > 1:
        claims.append(
            f"{_num(ev.killed - 1, True)} of his companions were also killed, a relative said."
        )
    if ev.place.country == "Iraq":
        claims.append("Police said an investigation had been opened.")
    heads = [
        f"{c.short(d['group']) if d['group'] in SHORT else _cap(G)} commander killed in {ev.place.short}",
        f"Local commander shot dead in {ev.place.short}",
    ]
    return Story(heads, lead, "killing", "people", claims)


def _story_arrest(ev: Event, c: Ctx, D: str) -> Story:
    r, d, P = c.rng, ev.detail, c.rng.choice(ev.place.phrases)
    n = d["count"]
    T = ev.target
    what = {
        "islamic-state": f"suspected members of {c.n('islamic-state')}",
        "unresolved:suspects": "suspects",
        "unresolved:smugglers": "suspected drug and weapons smugglers",
    }[T]
    if ev.initiator and ev.initiator.startswith("unresolved:"):
        lead = (
            f"{ev.initiator.split(':', 1)[1]} arrested {_num(n)} {what} {P} {D}, state media said."
        )
    else:
        lead = f"{c.N(ev.initiator)} arrested {_num(n)} {what} {P} {D}, the interior ministry said."
    lead = _cap(lead)
    claims = [
        r.choice(
            (
                "The suspects were referred to the judiciary, the statement said.",
                "Weapons, explosives and a launch platform were seized, officials said.",
                "Officials said the suspects had confessed to planning attacks.",
            )
        )
    ]
    heads = [
        f"{_num(n, True)} arrested in {ev.place.short} security sweep",
        f"Security forces detain suspects in {ev.place.short}",
    ]
    return Story(heads, lead, "arrests", "people", claims)


def _story_protest(ev: Event, c: Ctx, D: str) -> Story:
    r, d, P = c.rng, ev.detail, c.rng.choice(ev.place.phrases)
    crowd = d["crowd"]
    against = "the United States" if ev.target == "us-gov" else "Israel"
    if ev.initiator and not ev.initiator.startswith("unresolved:"):
        lead = f"{_cap(crowd)} of supporters of {c.n(ev.initiator)} staged a protest {P} {D}, chanting slogans against {against}."
    else:
        lead = r.choice(
            (
                f"{_cap(crowd)} of protesters gathered {P} {D}, chanting slogans against {against} and in support of Gaza.",
                f"{_cap(crowd)} of demonstrators protested {P} {D} against {against}.",
            )
        )
    claims = [
        r.choice(
            (
                "Riot police kept the demonstrators back from the area, witnesses said.",
                "The protest ended peacefully in the evening, witnesses said.",
            )
        )
    ]
    if ev.injured:
        claims.append(
            f"{_num(ev.injured, True)} people were injured when police dispersed the crowd, medics said."
        )
    heads = [
        f"{_cap(crowd)} protest in {ev.place.short} against {against}",
        f"Protesters rally in {ev.place.short}",
    ]
    return Story(heads, lead, "protest", "people", claims)


def _story_talks(ev: Event, c: Ctx, D: str) -> Story:
    r, d = c.rng, ev.detail
    a, b = c.N(ev.initiator), c.n(ev.target)
    if ev.initiator == "iraq-pm-sudani":
        lead = f"{c.N('blinken')} spoke by phone with {c.n(ev.initiator)} {D} to discuss {d['topic']}, the State Department said."
    else:
        lead = r.choice(
            (
                f"{a} held talks with {b} {ev.place.phrases[0]} {D} on {d['topic']}, a government spokesman said.",
                f"{a} and {b} held a new round of talks {ev.place.phrases[0]} {D} on {d['topic']}.",
            )
        )
    claims = [
        r.choice(
            (
                "Both sides described the discussions as constructive.",
                "A further round of negotiations is expected, officials said.",
            )
        )
    ]
    heads = [
        f"Talks in {ev.place.short} on {d['topic']}",
        "Officials hold talks amid regional tensions",
    ]
    return Story(heads, lead, "talks", "people", claims)


def _story_announcement(ev: Event, c: Ctx, D: str) -> Story:
    d = ev.detail
    lead = f"{c.N(ev.initiator)} announced {d['topic']} {D}, in a statement carried by local media."
    group = ev.initiator in ("kh", "islamic-resistance-in-iraq", "houthis", "hezbollah")
    claims = [
        "The announcement was posted on the group's Telegram channel."
        if group
        else "The announcement followed an emergency meeting of senior officials.",
        "No further details were given.",
    ]
    who = c.short(ev.initiator) if ev.initiator in SHORT else c.n(ev.initiator).removeprefix("the ")
    heads = [f"{_cap(who)} announces {d['topic']}"]
    return Story(heads, lead, "announcement", "people", claims)


def _story_statement(ev: Event, c: Ctx, D: str) -> Story:
    d = ev.detail
    lead = f"{c.N(ev.initiator)} {d['topic']} in a statement {D}."
    if ev.initiator == "iran-gov":
        lead = f"Iran's foreign ministry {d['topic']} in a statement {D}."
    claims = ["The statement did not elaborate."]
    who = "Iran" if ev.initiator == "iran-gov" else c.n(ev.initiator).removeprefix("the ")
    heads = [f"{_cap(who)} {d['topic']}"]
    return Story(heads, lead, "statement", "people", claims)


def _story(ev: Event, c: Ctx, shift: int) -> tuple[Story, list[str]]:
    """The story of ``ev`` for this document, and its figure sentences (cites sources on ``c``)."""
    D = c.day_phrase(ev, shift)
    keys = c.choose_cited(ev)
    kc = ""
    violent = ev.scenario in ("us-strike", "israel-strike", "us-strike-yemen", "is-attack")
    if violent and keys and ev.sources[keys[0]] > 0 and c.rng.random() < 0.6:
        key = keys.pop(0)
        fig = ev.sources[key]
        c.cited[key] = fig
        victims = "soldiers" if ev.target == "iraq-security-forces" else "people"
        least = c.rng.choice(("", "at least "))
        kc = f", killing {least}{_num(fig)} {victims if fig > 1 else 'person'}, {c.src(key)} said"
    s = ev.scenario
    if s == "militia-attack":
        st = _story_militia(ev, c, D)
    elif s == "us-strike":
        st = _story_us_strike(ev, c, D, kc)
    elif s == "israel-strike":
        st = _story_israel_strike(ev, c, D, kc)
    elif s == "hezbollah-attack":
        st = _story_hezbollah(ev, c, D)
    elif s == "houthi-attack":
        st = _story_houthi(ev, c, D)
    elif s == "us-strike-yemen":
        st = _story_us_yemen(ev, c, D, kc)
    elif s == "is-attack":
        st = _story_is(ev, c, D, kc)
    elif s == "killing":
        st = _story_killing(ev, c, D)
    elif s == "arrest":
        st = _story_arrest(ev, c, D)
    elif s == "protest":
        st = _story_protest(ev, c, D)
    elif s == "talks":
        st = _story_talks(ev, c, D)
    elif s == "announcement":
        st = _story_announcement(ev, c, D)
    else:
        st = _story_statement(ev, c, D)
    tolls = c.toll_sentences(ev, keys, st.victims, st.noun)
    kind = SCENARIO_DETAILS[s]
    if s == "houthi-attack" and ev.target == "us-forces":
        kind = "warship"
    elif s == "killing" and not str(ev.initiator).startswith("unresolved:"):
        kind = "strike"
    details = list(DETAILS[kind])
    c.rng.shuffle(details)
    st.claims = details[:1] + st.claims + _devset_claims(ev, c) + details[1:3]
    figures = [v for v in c.cited.values() if v]
    n = _num(figures[0]) if figures else ""
    heads = [h.replace("#N#", n) for h in st.headlines if n or "#N#" not in h]
    st.headlines = heads or [f"{_cap(st.noun)} reported in {ev.place.short}"]
    return st, tolls


def _devset_claims(ev: Event, c: Ctx) -> list[str]:
    """Attributed sentences of the devset that fit this event (verbatim)."""
    s, keys = ev.scenario, []
    if s == "us-strike" and ev.status == "denied":
        keys = ["jurf-denied"]
    elif s == "us-strike":
        if ev.place.country == "Iraq":
            keys += ["us-notified", "iraq-condemned", "sudani-blatant"]
            if ev.detail.get("victim"):
                keys.append("rasool-assassination")
        if ev.target == "nujaba":
            keys.append("nujaba-designated")
        if ev.initiator == "centcom":
            keys.append("centcom-response")
        if ev.date < dt.date(2025, 1, 20):
            keys.append("biden-response")
    elif s == "israel-strike":
        if ev.initiator == "israel":
            keys.append("israel-declined")
        if ev.place.country == "Syria":
            keys += ["hezbollah-quds", "us-no-involvement"]
    elif s == "houthi-attack":
        keys.append("kurilla-houthi")
        if ev.target != "us-forces":
            keys.append("saree-ship")
        if ev.killed:
            keys.append("uk-tragic")
    elif s == "is-attack" and ev.status == "suspected" and "officers" in ev.sources:
        keys.append("is-hallmarks")
    elif s == "arrest" and ev.place.country == "Iraq":
        keys.append("joc-confessed")
    out = [c.dev[k] for k in keys if k in c.dev]
    if "kurilla-houthi" in keys and "centcom-mariners" in c.dev and out:
        out[0] += " " + c.dev["centcom-mariners"]
    c.rng.shuffle(out)
    return out[:2]


# Document layouts -----------------------------------------------------------------------------


def _caption(c: Ctx, topic: str, style: str) -> str:
    r = c.rng
    subject = r.choice(CAPTIONS[topic] + CAPTIONS["general"][:1])
    latest = c.pub - dt.timedelta(days=40)
    first = dt.date(2019, 6, 1)
    day = first + dt.timedelta(days=r.randrange((latest - first).days))
    name = c.outlet.name
    if style == "wire":
        return f"FILE PHOTO: {subject}, on {_ap(day)}, {day.year}. {WIRE_SHORT.get(name, name)}/File Photo"
    if style == "tv":
        return f"[ON-SCREEN GRAPHIC: FILE - {subject}, {_ap(day)}, {day.year}]"
    if style == "statement":
        return f"Attached image: {subject}, {_full(day, True)}."
    return r.choice(
        (
            f"Photo: {subject}, {_ap(day)}, {day.year}. ({name.removeprefix('The ')} archive)",
            f"FILE PHOTO: {subject} on {_full(day)}. ({name.removeprefix('The ')} file photo)",
        )
    )


def _words(parts: list[str]) -> int:
    return sum(len(p.split()) for p in parts)


def _fill(
    c: Ctx, fixed_words: int, core: list[str], optional: list[str], background: list[str]
) -> list[str]:
    """Paragraphs: ``core`` always, then optional ones and background until the word target."""
    r = c.rng
    target = r.randint(MIN_WORDS + 15, 300) if r.random() < 0.85 else r.randint(300, MAX_WORDS - 20)
    paras = list(core)
    total = fixed_words + _words(paras)
    for p in optional:
        if total + len(p.split()) <= target:
            paras.append(p)
            total += len(p.split())
    chunk: list[str] = []
    used = 0
    for s in background:
        if total + len(s.split()) > MAX_WORDS - 5:
            continue
        if total >= target or (used >= (4 if target <= 300 else 8) and total >= MIN_WORDS + 12):
            break
        used += 1
        chunk.append(s)
        total += len(s.split())
        if len(chunk) == 2 or c.rng.random() < 0.4:
            paras.append(" ".join(chunk))
            chunk = []
    if chunk:
        paras.append(" ".join(chunk))
    return paras


def _tidy(text: str) -> str:
    """Punctuation left over from joining template parts (',.' after an appositive source)."""
    return text.replace(",.", ".").replace(",,", ",").replace(", ,", ",").replace(",;", ";")


def _curly(text: str) -> str:
    text = re.sub(r"(\w)'(\w)", "\\1\u2019\\2", text)
    text = re.sub(r"(\w)'", "\\1\u2019", text)
    text = re.sub(r'"(\w)', "\u201c\\1", text)
    return text.replace('"', "\u201d")


TIMING_SOURCES = {
    "militia-attack": (
        "a U.S. defense official",
        "officials",
        "the Pentagon",
        "a security official",
    ),
    "us-strike": ("a security official", "witnesses", "a police officer at the scene", "officials"),
    "israel-strike": ("witnesses", "Lebanese security sources", "residents", "officials"),
    "hezbollah-attack": ("the Israeli military", "Lebanese media", "the group"),
    "houthi-attack": ("the U.S. military", "UKMTO", "maritime security sources"),
    "us-strike-yemen": ("residents", "Houthi media", "a U.S. official"),
    "is-attack": ("a security official", "the officers", "a police officer"),
    "killing": ("police", "a security source", "witnesses"),
    "arrest": ("officials", "a security source"),
    "protest": ("witnesses", "organisers"),
}
TIMING_VERBS = {
    "strike": "hit",
    "strikes": "began",
    "attack": "took place",
    "killing": "happened",
    "explosion": "happened",
    "protest": "began",
    "talks": "began",
    "arrests": "took place",
}


@dataclass
class Plan:
    primary: int  # event index
    secondary: int | None
    outlet: Outlet
    pub: dt.date
    shift: int
    slot: int
    group: int | None = None  # wire republication group
    reprint: bool = False
    doc_id: str = ""


class Writer:
    def __init__(self, rng: random.Random, events: list[Event], seed: int):
        self.rng = rng
        self.events = events
        self.seed = seed
        self.dev = devset_sentences()
        self.bodies: dict[int, tuple[str, str, dict[int, dict]]] = {}
        self.group_left: dict[int, int] = {}

    def _background(self, c: Ctx, ev: Event) -> list[str]:
        """Background sentences, the event's own topic first (each tier shuffled)."""
        topics = [ev.topic, COUNTRY_TOPIC[ev.place.country], "general"]
        if ev.topic == "syria" or ev.place.country == "Jordan":
            topics.insert(2, "iraq")
        out: list[str] = []
        for t in dict.fromkeys(topics):
            tier = list(OWN_BACKGROUND[t])
            for key, (topic, since) in DEVSET_BACKGROUND.items():
                if topic == t and key in self.dev and c.pub >= since:
                    tier.append(self.dev[key])
            c.rng.shuffle(tier)
            out += [s for s in tier if s not in out]
        for actor in (ev.initiator, ev.target, ev.detail.get("group")):
            notes = NAME_NOTES.get(actor or "")
            if notes and c.rng.random() < 0.5:
                used = c.n(actor)
                others = [
                    v
                    for v in NAMES[actor]
                    if v != used and not v.startswith(("the ", "IS", "Lebanese"))
                ]
                if others:
                    out.insert(0, _cap(c.rng.choice(notes).format(a=used, b=c.rng.choice(others))))
        return out

    def render(self, plan: Plan) -> tuple[str, str, str | None]:
        """(text, title, author) of one document; records its reports on the events."""
        ev = self.events[plan.primary]
        if plan.reprint:
            return self._reprint(plan)
        rng = self.rng
        c = Ctx(rng, plan.outlet, plan.pub, self.dev)
        st, tolls = _story(ev, c, plan.shift)
        reports = {plan.primary: (plan.shift, dict(c.cited))}
        timing = None
        if ev.time is not None and rng.random() < 0.75 and not st.timed:
            at = c.time_phrase(ev, plan.shift)
            who = rng.choice(TIMING_SOURCES.get(ev.scenario, ("officials", "a spokesman")))
            verb = TIMING_VERBS.get(st.noun, "came")
            timing = rng.choice(
                (
                    f"The {st.noun} {verb} {at}, {who} said.",
                    f"{_cap(who)} said the {st.noun} {verb} {at}.",
                )
            )
        second = []
        if plan.secondary is not None:
            ev2 = self.events[plan.secondary]
            c.cited = {}
            st2, tolls2 = _story(ev2, c, 0)
            lead2 = st2.lead
            if lead2.split(" ", 1)[0] in ("A", "An", "The"):
                lead2 = lead2[0].lower() + lead2[1:]
            second = [
                rng.choice(("Separately, ", "In a separate incident, ", "Elsewhere, "))
                + lead2
                + (" " + tolls2[0] if tolls2 else "")
            ]
            reports[plan.secondary] = (0, dict(c.cited))
        style = plan.outlet.style
        if style == "statement":  # the issuer's own figure, in its own words
            c.cited = {}
        optional = tolls[1:] + st.claims
        core = [st.lead] + ([timing] if timing else []) + tolls[:1] + second
        background = self._background(c, ev)
        caption = _caption(c, ev.topic, style)
        title = rng.choice(st.headlines)
        author = None
        if style == "wire":
            text, author = self._wire(c, ev, core, optional, background, caption)
        elif style == "regional":
            text, author = self._regional(c, ev, title, core, optional, background, caption)
        elif style == "tv":
            text = self._tv(c, ev, core, optional, background, caption)
        else:
            text, title = self._statement(c, ev, st, plan, background, caption)
            reports = {plan.primary: (plan.shift, dict(c.cited))}
        text = _tidy(text)
        if plan.outlet.curly:
            text = _curly(text)
        for idx, (shift, cited) in reports.items():
            e = self.events[idx]
            e.docs.append(plan.doc_id)
            e.reports.append(
                {
                    "doc": plan.doc_id,
                    "role": "primary" if idx == plan.primary else "secondary",
                    "outlet": plan.outlet.name,
                    "style": style,
                    "published": plan.pub.isoformat(),
                    "date_reported": (e.date + dt.timedelta(days=shift)).isoformat(),
                    "killed_cited": cited,
                    "reprint_of": None,
                }
            )
        if plan.group is not None:
            self.bodies[plan.group] = (text, plan.doc_id, {i: r for i, r in reports.items()})
        return text, title, author

    def _reprint(self, plan: Plan) -> tuple[str, str, str | None]:
        original, orig_id, reports = self.bodies[plan.group]
        self.group_left[plan.group] -= 1
        if not self.group_left[plan.group]:
            del self.bodies[plan.group]
        rng = self.rng
        ev = self.events[plan.primary]
        c = Ctx(rng, plan.outlet, plan.pub, self.dev)
        st, _ = _story(ev, c, 0)  # only for a headline of the reprinting outlet
        title = rng.choice(st.headlines)
        lines = original.rstrip("\n").split("\n")
        if lines[-1].startswith("(Reporting"):
            lines[-1] = rng.choice(
                (
                    f"(Additional reporting by {plan.outlet.staff or plan.outlet.name})",
                    lines[-1],
                    f"({plan.outlet.name} / wire copy)",
                )
            )
        body = "\n".join(lines) + "\n"
        wire = re.search(r"\(([^)]*)\) - ", original)
        credit = wire.group(1) if wire else "wire services"
        byline = rng.choice(
            (
                f"By {plan.outlet.staff or 'staff'}, with {credit}",
                f"From {credit} via {plan.outlet.name}",
                f"{credit} | {plan.outlet.name}",
            )
        )
        text = f"{title}\n\n{byline}\n\n{body}"
        for idx, rep in reports.items():
            e = self.events[idx]
            e.docs.append(plan.doc_id)
            e.reports.append(
                {
                    "doc": plan.doc_id,
                    "role": "primary" if idx == plan.primary else "secondary",
                    "outlet": plan.outlet.name,
                    "style": "reprint",
                    "published": plan.pub.isoformat(),
                    "date_reported": (e.date + dt.timedelta(days=rep[0])).isoformat(),
                    "killed_cited": rep[1],
                    "reprint_of": orig_id,
                }
            )
        return text, title, None

    def _wire(self, c, ev, core, optional, background, caption):
        r, pub = c.rng, c.pub
        desk = r.choice(DESK[ev.place.country])
        if ev.initiator in ("us-forces", "centcom") and c.outlet.zone == "America/New_York":
            desk = f"WASHINGTON/{desk.split('/')[0]}"
        dateline = (
            f"{desk}, {MONTHS_DATELINE[pub.month - 1]} {pub.day} ({WIRE_SHORT[c.outlet.name]}) - "
        )
        reporter, editor = r.sample(PEOPLE, 2)
        footer = r.choice(
            (
                f"(Reporting by the {desk.split('/')[-1].title()} newsroom; editing by {editor})",
                f"(Reporting by {reporter}; editing by {editor})",
            )
        )
        fixed = _words([dateline, footer, caption])
        paras = _fill(c, fixed, core, optional, background)
        paras[0] = dateline + paras[0]
        return "\n\n".join(paras + [caption, footer]) + "\n", None

    def _regional(self, c, ev, title, core, optional, background, caption):
        r, o = c.rng, c.outlet
        author = r.choice(PEOPLE) if r.random() < 0.5 else None
        byline = f"By {author or o.staff}, {o.home}"
        place_line = (
            o.home.upper()
            if o.country == ev.place.country
            else r.choice(DESK[ev.place.country]).split("/")[0]
        )
        dash = r.choice((" \u2014 ", " - "))
        head = [title, byline] if r.random() < 0.8 else [title]
        paras = _fill(c, _words([*head, caption, place_line]), core, optional, background)
        paras[0] = place_line + dash + paras[0]
        return "\n\n".join(head + paras + [caption]) + "\n", author

    def _tv(self, c, ev, core, optional, background, caption):
        r, pub = c.rng, c.pub
        show, slot, fmt = TV_SHOW[c.outlet.name]
        anchor, corr = r.sample(PEOPLE, 2)
        air = _full(pub, fmt == "day-first")
        head = f"{show} - TRANSCRIPT (EXCERPT)\nAired {air} - {slot}"
        country = ev.place.country
        city = {
            "Iraq": "Baghdad",
            "Syria": "Beirut",
            "Jordan": "Amman",
            "Lebanon": "Beirut",
            "Yemen": "Aden",
        }[country]
        a_last, c_first, c_last = (
            anchor.split()[-1].upper(),
            corr.split()[0],
            corr.split()[-1].upper(),
        )
        intro = f"{anchor.upper()}, ANCHOR: Good evening. We begin tonight in {country}. Our correspondent {corr} joins us from {city}. {c_first}?"
        fixed = _words([head, intro, caption]) + 20
        paras = _fill(c, fixed, core, optional, background)
        turns = [
            head,
            intro,
            f"{corr.upper()}, CORRESPONDENT: Thanks, {anchor.split()[0]}. {paras[0]}",
        ]
        rest = paras[1:]
        half = max(1, len(rest) // 2)
        if rest[:half]:
            turns.append(" ".join(rest[:half]))
        if rest[half:]:
            turns.append(
                f"{a_last}: {r.choice(('And what are officials saying?', 'What is the background here?', 'How are people reacting?'))}"
            )
            turns.append(f"{c_last}: " + " ".join(rest[half:]))
        turns.append(f"{a_last}: {corr} in {city}, thank you.")
        turns.append(caption)
        return "\n\n".join(turns) + "\n"

    def _statement(self, c, ev, st, plan, background, caption):
        """Official statements: the issuer's own voice, explicit dates."""
        r, pub = c.rng, c.pub
        issuer = next(k for k, o in STATEMENTS.items() if o is plan.outlet)
        number = r.randint(100, 999)
        day = ev.date + dt.timedelta(days=plan.shift)
        local = ev.local(plan.shift)
        P = r.choice(ev.place.phrases)
        when = f"On {_ap(day)}"
        if ev.time is not None:
            when += f", at approximately {_t12(local)} ({CITY_TIME[ev.place.country]})"
        official = next((k for k in ev.sources if _is_official(k)), None)
        figure = ev.sources.get(official) if official else None
        if official:
            c.cited[official] = figure
        if issuer == "centcom":
            head = [
                "U.S. CENTRAL COMMAND",
                "PRESS RELEASE",
                "",
                st.headlines[0],
                "",
                f"Release No. {pub.year % 100}-{r.randint(10, 399):03d}",
                f"{_ap(pub)}, {pub.year}",
                "FOR IMMEDIATE RELEASE",
            ]
            if ev.scenario in ("us-strike", "us-strike-yemen", "killing"):
                T = c.n(ev.target if ev.scenario != "killing" else ev.detail["group"])
                body = [
                    f"TAMPA, Fla. - {when}, U.S. Central Command forces conducted a strike {P} against {T}."
                ]
                if figure:
                    body.append(
                        f"CENTCOM assesses that {_num(figure)} militants were killed. There are no indications of civilian casualties."
                    )
                else:
                    body.append("There are no indications of civilian casualties.")
            else:
                who = c.n(ev.initiator) if ev.initiator else "Iran-backed militants"
                if ev.scenario == "houthi-attack":
                    body = [
                        f"TAMPA, Fla. - {when}, {who} launched {ev.detail['weapon']} from Houthi-controlled areas of Yemen {P}."
                    ]
                else:
                    body = [
                        f"TAMPA, Fla. - {when}, {who} attacked U.S. and coalition forces {P} with {ev.detail['weapon']}."
                    ]
                body.append(
                    f"{_num(figure, True)} crew members were killed."
                    if figure
                    else "There were no injuries or damage reported."
                )
            body.append(
                '"These continued attacks pose a threat to U.S. and coalition personnel and to regional stability," said Gen. Michael Erik Kurilla, commander of U.S. Central Command.'
            )
            tail = ["CENTCOM will continue to provide updates as appropriate."]
        elif issuer == "joc":
            head = [
                "REPUBLIC OF IRAQ",
                "Joint Operations Command - Security Media Cell",
                f"Statement No. {number} (unofficial English translation)",
                _full(pub, True),
            ]
            at = f"At {_t12(local)} on " if ev.time else "On "
            when = f"{at}{WEEKDAYS[day.weekday()]}, {day.day} {MONTHS[day.month - 1]}"
            head.insert(4, "")
            head.insert(5, "In the name of God, the Most Gracious, the Most Merciful.")
            if ev.scenario == "is-attack":
                text1 = f"{when}, terrorist remnants of Daesh attacked a position of our forces {P}"
                text1 += f", killing {_num(figure)} of our heroic fighters." if figure else "."
            elif ev.scenario == "militia-attack":
                weapon = ev.detail["weapon"]
                verb = "was launched" if weapon.startswith("a ") else "were fired"
                text1 = f"{when}, {weapon} {verb} {P}. The base hosts advisers of the International Coalition."
            elif ev.scenario == "killing":
                text1 = f"{when}, {c.n(ev.initiator) if ev.initiator and ev.initiator.startswith('unresolved') else 'an aggressor drone'} killed a citizen {P}."
            elif ev.scenario == "us-strike":
                text1 = f"{when}, a drone strike targeted a vehicle {P}" + (
                    f", killing {_num(figure)} people." if figure else "."
                )
            else:
                text1 = f"{when}, our heroic security forces arrested {_num(ev.detail.get('count', 3))} suspects {P}."
            body = [
                text1,
                c.dev.get(
                    "joc-affirms",
                    "The Joint Operations Command affirms that such attacks harm Iraq's security.",
                ),
            ]
            if ev.scenario == "militia-attack" and "joc-reaffirms" in c.dev:
                body[-1] += " " + c.dev["joc-reaffirms"]
            tail = [
                'Investigations are continuing and the perpetrators will be pursued "whoever they may be."'
            ]
        elif issuer == "jaf":
            head = [
                "HASHEMITE KINGDOM OF JORDAN",
                "Jordan Armed Forces - Arab Army, General Command",
                "Statement (unofficial English translation)",
                _full(pub, True),
            ]
            if ev.scenario == "arrest":
                body = [
                    f"{when}, the competent authorities arrested {_num(ev.detail['count'])} suspects {P} and seized weapons and narcotics."
                ]
            else:
                body = [f"{when}, a drone launched from Syrian territory struck a position {P}."]
                body.append(
                    f"{_num(figure, True)} personnel were killed."
                    if figure
                    else "No deaths were reported."
                )
            tail = [
                "The General Command affirms that the armed forces will respond firmly to any attempt to violate the Kingdom's borders."
            ]
        elif issuer == "lebarmy":
            head = [
                "LEBANESE ARMY COMMAND",
                "Directorate of Orientation",
                "Communique (unofficial translation)",
                _full(pub, True),
            ]
            body = [
                f"{when}, an Israeli enemy drone targeted {r.choice(('a car', 'a house', 'a motorcycle'))} {P}"
                + (f", killing {_num(figure)} citizens." if figure else ".")
            ]
            tail = [
                "The Army Command reaffirms its commitment to Resolution 1701 and condemns the continued Israeli violations of Lebanese sovereignty."
            ]
        else:  # yaf
            head = [
                "REPUBLIC OF YEMEN - SANAA",
                "Yemeni Armed Forces - Military Media Office",
                "Statement (translated from Arabic)",
                _full(pub, True),
            ]
            if ev.scenario == "houthi-attack":
                vessel = ev.detail["vessel"]
                body = [
                    f"{when}, the naval forces of the Yemeni Armed Forces carried out a targeted operation against the ship {vessel} {P} with {ev.detail['weapon']}."
                ]
            else:
                body = [
                    f"{when}, the American aggression launched raids {P}"
                    + (f", killing {_num(figure)} citizens." if figure else ".")
                ]
            body.append(
                "Brigadier General Yahya Saree said the operations would continue until the aggression against Gaza stops."
            )
            tail = [
                "God is the greatest, death to America, death to Israel, curse upon the Jews, victory to Islam."
            ]
        fixed = _words(head + tail + [caption])
        paras = _fill(c, fixed, body, [], background[:6])
        text = "\n".join(head) + "\n\n" + "\n\n".join(paras + tail + [caption]) + "\n"
        if issuer == "joc":
            text = text.replace("\n", "\r\n")
        noun = {"strikes": "strikes", "arrests": "arrests"}.get(st.noun, f"the {st.noun}")
        title = {
            "centcom": st.headlines[0],
            "joc": f"Joint Operations Command statement No. {number} on {noun} near {ev.place.short}",
            "jaf": f"Jordan Armed Forces statement on {noun} near {ev.place.short}",
            "lebarmy": f"Lebanese Army communique on an Israeli strike near {ev.place.short}",
            "yaf": f"Yemeni Armed Forces statement on {noun} near {ev.place.short}",
        }[issuer]
        return text, title


def _issuer(ev: Event) -> list[str]:
    s, country = ev.scenario, ev.place.country
    if s in ("us-strike", "us-strike-yemen", "houthi-attack", "militia-attack") or (
        s == "killing" and ev.initiator == "us-forces"
    ):
        options = ["centcom"]
    else:
        options = []
    if (
        country == "Iraq"
        and s in ("is-attack", "militia-attack", "arrest", "us-strike")
        or (s == "killing" and country == "Iraq" and str(ev.initiator).startswith("unresolved"))
    ):
        options.append("joc")
    if country == "Jordan" and s in ("militia-attack", "arrest"):
        options.append("jaf")
    if country == "Lebanon" and s == "israel-strike":
        options.append("lebarmy")
    if s in ("houthi-attack", "us-strike-yemen"):
        options.append("yaf")
    return options


# ------------------------------------------------------------------------------------------------
# Planning: which outlet reports which event when


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", text.lower()).strip("_")


SCENARIO_SLUG = {
    "militia-attack": "attack_us_base",
    "us-strike": "us_strike",
    "israel-strike": "israeli_strike",
    "hezbollah-attack": "hezbollah_attack",
    "houthi-attack": "houthi_attack",
    "us-strike-yemen": "us_strike_yemen",
    "is-attack": "is_attack",
    "killing": "killing",
    "arrest": "arrests",
    "protest": "protest",
    "talks": "talks",
    "announcement": "announcement",
    "statement": "statement",
}


def _outlet_for(rng: random.Random, ev: Event, used: list[str]) -> Outlet:
    issuer = _issuer(ev)
    styles = [("wire", 35), ("regional", 40), ("tv", 12)]
    if issuer:
        styles.append(("statement", 13))
    for _ in range(20):
        style = _pick(rng, styles)
        if style == "statement":
            outlet = STATEMENTS[rng.choice(issuer)]
        elif style == "wire":
            outlet = rng.choice(WIRES)
        elif style == "tv":
            outlet = rng.choice(TV)
        else:
            weights = [
                3.0 if o.country == ev.place.country else (1.0 if o.country is None else 0.3)
                for o in REGIONALS
            ]
            outlet = rng.choices(REGIONALS, weights=weights)[0]
        if outlet.name not in used:
            return outlet
    return next(o for o in WIRES + REGIONALS + TV if o.name not in used)


def plan_corpus(rng: random.Random, events: list[Event], n_docs: int) -> list[Plan]:
    counts = rng.choices(range(1, MAX_REPORTS + 1), weights=REPORT_WEIGHTS, k=len(events))
    total = sum(counts)
    while total != n_docs:
        i = rng.randrange(len(events))
        if total < n_docs and counts[i] < MAX_REPORTS:
            counts[i] += 1
            total += 1
        elif total > n_docs and counts[i] > 1:
            counts[i] -= 1
            total -= 1
    # wire copy republished by 2-3 outlets
    quota = round(REPRINT_SHARE * n_docs)
    groups: dict[int, int] = {}
    order = list(range(len(events)))
    rng.shuffle(order)
    for i in order:
        if quota <= 1:
            break
        if counts[i] >= 2:
            size = min(counts[i], rng.choice((2, 2, 3)), quota)
            groups[i] = size
            quota -= size
    by_day: dict[dt.date, list[int]] = {}
    for i, ev in enumerate(events):
        by_day.setdefault(ev.date, []).append(i)
    reports = list(counts)
    plans: list[Plan] = []
    n_groups = 0
    for i, ev in enumerate(events):
        used: list[str] = []
        group_size = groups.get(i, 0)
        group_pub = None
        for slot in range(counts[i]):
            in_group = slot < group_size
            if in_group and slot == 0:
                outlet = rng.choice([w for w in WIRES if w.name not in used])
            elif in_group:
                outlet = rng.choice([o for o in REGIONALS if o.name not in used])
            else:
                outlet = _outlet_for(rng, ev, used)
            used.append(outlet.name)
            gap = _pick(rng, [(0, 45), (1, 35), (2, 12), (3, 8)])
            if in_group and slot > 0:
                gap = min(3, (group_pub - ev.date).days + rng.choice((0, 0, 1)))
            pub = ev.date + dt.timedelta(days=gap)
            if in_group and slot == 0:
                group_pub = pub
            shift = 0
            if rng.random() < DATE_ERROR_SHARE:
                shift = -1 if gap == 0 else rng.choice((-1, 1))
            if in_group and slot > 0:
                shift = plans[-slot].shift
            secondary = None
            if (
                (not in_group or slot == 0)
                and outlet.style != "statement"
                and rng.random() < SECOND_EVENT_SHARE
            ):
                near = []
                for back in range(gap + 1):
                    for j in by_day.get(pub - dt.timedelta(days=back), ()):
                        if j != i and reports[j] + max(1, group_size) <= MAX_REPORTS:
                            near.append(j)
                same = [j for j in near if events[j].topic == ev.topic]
                pick_from = same or near
                if pick_from:
                    secondary = rng.choice(pick_from)
                    reports[secondary] += max(1, group_size)
            if in_group and slot > 0:
                secondary = plans[-slot].secondary
            plan = Plan(i, secondary, outlet, pub, shift, slot)
            if in_group:
                plan.group = n_groups
                plan.reprint = slot > 0
            plans.append(plan)
        if group_size:
            n_groups += 1
    plans.sort(key=lambda p: (p.pub, p.primary, p.slot))
    for number, p in enumerate(plans, 1):
        ev = events[p.primary]
        style = "reprint" if p.reprint else p.outlet.style
        p.doc_id = f"{number:06d}_{style}_{SCENARIO_SLUG[ev.scenario]}_{_slug(ev.place.name)}"[:80]
    return plans


# ------------------------------------------------------------------------------------------------


def _sidecar(plan: Plan, title: str, author: str | None, seed: int) -> str:
    q = lambda s: json.dumps(s, ensure_ascii=False)  # noqa: E731 - a YAML double-quoted scalar
    lines = [
        f"# Synthetic test document (benchmarks/synth_corpus.py, seed {seed}): made up, not reporting.",
        f"id: {plan.doc_id}",
        f"title: {q(title)}",
        f"publisher: {q(plan.outlet.name)}",
    ]
    if author:
        lines.append(f"author: {q(author)}")
    lines += [
        f'published: "{plan.pub.isoformat()}"',
        f"timezone: {plan.outlet.zone}",
        "language: en",
    ]
    return "\n".join(lines) + "\n"


def generate(out_dir: Path, n_docs: int = 10000, seed: int = 20240208) -> list[Path]:
    """Write ``n_docs`` documents (text + sidecar) and ``world.jsonl`` to ``out_dir``.

    Returns the paths of the ``.txt`` files in document order. Same seed and count, same bytes.
    """
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)
    n_events = max(1, round(n_docs / DOCS_PER_EVENT)) if n_docs > 0 else 0
    events = build_world(rng, n_events)
    plans = plan_corpus(rng, events, n_docs) if n_docs > 0 else []
    writer = Writer(rng, events, seed)
    for p in plans:
        if p.group is not None and p.reprint:
            writer.group_left[p.group] = writer.group_left.get(p.group, 0) + 1
    paths = []
    for plan in plans:
        text, title, author = writer.render(plan)
        path = out_dir / f"{plan.doc_id}.txt"
        path.write_bytes(text.encode("utf-8"))
        (out_dir / f"{plan.doc_id}.meta.yaml").write_bytes(
            _sidecar(plan, title, author, seed).encode("utf-8")
        )
        paths.append(path)
    with (out_dir / "world.jsonl").open("w", encoding="utf-8", newline="\n") as fh:
        for ev in events:
            fh.write(json.dumps(ev.world(), ensure_ascii=False) + "\n")
    return paths


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("--docs", type=int, default=10000)
    parser.add_argument("--seed", type=int, default=20240208)
    args = parser.parse_args(argv)
    start = time.perf_counter()
    paths = generate(args.out_dir, args.docs, args.seed)
    seconds = time.perf_counter() - start
    world = args.out_dir / "world.jsonl"
    size = world.stat().st_size + sum(
        p.stat().st_size + p.with_name(p.stem + ".meta.yaml").stat().st_size for p in paths
    )
    with world.open(encoding="utf-8") as fh:
        n_events = sum(1 for _ in fh)
    print(f"{len(paths)} docs, {n_events} events, {size} bytes, {seconds:.1f} s -> {args.out_dir}")


if __name__ == "__main__":
    main()
