"""Word tables of the rule-based extractor, as data: event triggers, speech verbs, hedges, vague
quantities, the seed region's places and time zones, demonyms, capitals that speak for their
governments, and the words a name is not made of. The regular expressions built on them live in
the per-layer rule modules (:mod:`.actor_rules`, :mod:`.event_rules`, :mod:`.claim_rules`,
:mod:`.relation_rules`, :mod:`.text_rules`, :mod:`.dating_rules`)."""

from __future__ import annotations

from ..facts.gazetteer import load_gazetteer

# --------------------------------------------------------------------------------------------
# Events

# Trigger words -> event kind, in order of precedence within a sentence (the means of violence
# before its result: "a drone strike ... killed" is a strike with a killed outcome).
TRIGGERS: dict[str, tuple[str, ...]] = {
    "strike": (
        "strike",
        "strikes",
        "airstrike",
        "airstrikes",
        "struck",
        "bombed",
        "bombing",
        "bombings",
        "bombardment",
        "raid",
        "raids",
        "shelled",
        "shelling",
    ),
    "attack": (
        "attack",
        "attacks",
        "attacked",
        "attacking",
        "ambush",
        "ambushed",
        "assault",
        "bombs",
        "rockets",
        "rocket",
        "missiles",
        "drones",
        "missile",
        "drone",
        "fired",
        "fire",
        "explosion",
        "explosions",
        "blast",
        "blasts",
        "exploded",
        "detonated",
        "stormed",
        "incursion",
        "massacre",
        "blowing",
        "blew",
        "destroying",
    ),
    "killing": (
        "killed",
        "killing",
        "assassinated",
        "assassination",
        "executed",
        "death",
        "deaths",
    ),
    "arrest": ("arrested", "detained", "arrests", "captured"),
    "designation": ("designated", "designation", "sanctioned", "sanctions"),
    "attribution": ("attributed", "blamed"),
    "announcement": ("announced", "announcement", "declared"),
    "talks": ("talks", "discussions", "negotiations", "negotiating"),
    "protest": (
        "protest",
        "protests",
        "protested",
        "protesters",
        "demonstrators",
        "marched",
        "rallied",
        "gathered",
        "demonstrated",
    ),
    "deployment": ("deployed", "deployment", "presence", "reinforcements", "dispatched"),
    "conflict": ("conflict", "war", "fighting", "clashes"),
}
#: Nouns that only ever refer back to an act told before ("The incident, which occurred at 11:30
#: GMT on Wednesday, ..."): they add to it, never make an event of their own.
REFERENCE_ONLY = {"incident": "attack"}
#: Trigger word -> event kind, and each kind's rank in the precedence order.
TRIGGER_KIND = {w: kind for kind, words in TRIGGERS.items() for w in words} | REFERENCE_ONLY
KIND_ORDER = {kind: i for i, kind in enumerate(TRIGGERS)}

#: The kinds of violence (their outcomes are casualties; back-references cross kinds).
VIOLENT = ("strike", "attack", "killing")

#: Plural triggers, which may be a generic or aggregate mention rather than one occurrence.
PLURALS = {
    "attacks",
    "strikes",
    "airstrikes",
    "raids",
    "bombs",
    "rockets",
    "missiles",
    "drones",
    "arrests",
    "protests",
    "sanctions",
}
#: Words that make a plural trigger one campaign's occurrence ("conducted strikes").
CAMPAIGN_VERBS = {
    "conducting",
    "conducted",
    "conduct",
    "launched",
    "launching",
    "launch",
    "carried",
    "carrying",
    "use",
    "using",
    "used",
    "continued",
    "continuing",
    "resumed",
    "intensified",
    "stepped",
    "began",
    "fired",
    "firing",
    "wave",
    "series",
    "new",
}

#: Weapons among the triggers ("missile attacks": the weapon names the kind of attack).
WEAPONS = {"rocket", "rockets", "missile", "missiles", "drone", "drones", "bombs"}

# --------------------------------------------------------------------------------------------
# Claims and statuses

#: Attribution verbs: a speech act when a speaker stands next to one.
CLAIM_VERBS = (
    "said",
    "says",
    "stated",
    "states",
    "confirmed",
    "announced",
    "vowed",
    "claimed",
    "denied",
    "reaffirmed",
    "attributed",
    "warned",
    "told",
    "added",
    "accused",
    "blamed",
    "insisted",
    "acknowledged",
    "pledged",
    "threatened",
    "reported",
    "condemned",
    "denounced",
    "described",
    "praised",
    "welcomed",
    "affirms",
    "affirmed",
    "reaffirms",
    "deny",
    "denies",
    "say",
    "put",
    "issued",
    "directed",
    "urged",
    "urges",
    "tells",
    "accuses",
    "dismissed",
    "congratulated",
    "conceded",
    "concede",
    "concedes",
    "noted",
    "argued",
    "argues",
)

#: Speech acts that are reactions, events of their own even without a date ("X condemned the
#: strike", "Y vowed a harsh response"): the diplomatic and political record analysts track
#: (CAMEO's make statement / disapprove / threaten families). Reporting verbs (said, told,
#: confirmed) are not: their sentence tells of something else.
REACTION_VERBS = frozenset(
    [
        "condemned",
        "denounced",
        "deplored",
        "slammed",
        "praised",
        "welcomed",
        "congratulated",
        "rejected",
        "dismissed",
    ]
)
#: Threats are reactions when they answer an act: "vowed revenge", "warned of a response".
THREAT_VERBS = frozenset(["vowed", "warned", "threatened", "pledged"])
THREAT_WORDS = ("retaliat", "reveng", "respon", "aveng", "punish", "unanswered", "reprisal")

#: Hedges -> event status, the first one in a sentence winning.
HEDGES = (
    ("suspected", "suspected"),
    ("allegedly", "alleged"),
    ("alleged", "alleged"),
    ("purported", "alleged"),
    ("accused", "alleged"),
    ("reportedly", "alleged"),
    ("denied", "denied"),
    ("claimed responsibility", "claimed"),
    ("claimed", "claimed"),
    ("according to", "claimed"),
)
# ACLED's reading of vague quantities; anything vaguer keeps its wording and no number.
VAGUE = {"dozens": 12, "tens": 10, "scores": 20}

# --------------------------------------------------------------------------------------------
# Places and zones

#: Place names of the seed region -> the country they are in (themselves for a country or region).
PLACES = {
    "Iraq": "Iraq",
    "Syria": "Syria",
    "Jordan": "Jordan",
    "Lebanon": "Lebanon",
    "Israel": "Israel",
    "Yemen": "Yemen",
    "Iran": "Iran",
    "Gaza": "Gaza Strip",
    "Gaza Strip": "Gaza Strip",
    "West Bank": "West Bank",
    "Red Sea": "Red Sea",
    "Baghdad": "Iraq",
    "Erbil": "Iraq",
    "Anbar": "Iraq",
    "Kirkuk": "Iraq",
    "Mosul": "Iraq",
    "Basra": "Iraq",
    "Jurf al-Sakhar": "Iraq",
    "Ain al-Asad": "Iraq",
    "Al-Qaim": "Iraq",
    "Deir ez-Zor": "Syria",
    "Damascus": "Syria",
    "Aleppo": "Syria",
    "Al-Tanf": "Syria",
    "Tower 22": "Jordan",
    "Amman": "Jordan",
    "Beirut": "Lebanon",
    "Sanaa": "Yemen",
    "Hodeidah": "Yemen",
    "Tehran": "Iran",
    "Gulf of Aden": "Gulf of Aden",
    "Aden": "Yemen",
    "Bab el-Mandeb": "Bab el-Mandeb",
    "Tyre": "Lebanon",
    "Sidon": "Lebanon",
    "Nabatieh": "Lebanon",
    "Eilat": "Israel",
    "Haifa": "Israel",
    "Golan Heights": "Golan Heights",
}
# --------------------------------------------------------------------------------------------
# Actors

#: Who "an Israeli strike" or "a U.S. drone strike" names: the adjective before a violent trigger.
SEED_DEMONYMS = {
    "U.S.": "us-forces",
    "US": "us-forces",
    "American": "us-forces",
    "Israeli": "israel",
    "Iranian": "iran",
    "Iraqi": "iraq-security-forces",
    "Syrian": "syria",
    "Jordanian": "jordan",
    "British": "uk-gov",
    "Turkish": "turkey",
    "Houthi": "houthis",
}
#: ... and every other country's adjective ("a Malian drone strike", "Russian forces"), from the
#: gazetteer's generated country entries; the seed table wins.
DEMONYMS = {**load_gazetteer().demonyms, **SEED_DEMONYMS}
#: A capital that acts or speaks ("Washington has blamed") is its government.
CAPITAL_GOVERNMENTS = {
    "Washington": "us-gov",
    "Baghdad": "iraq-gov",
    "Tehran": "iran-gov",
    "Damascus": "syria-gov",
    "Amman": "jordan-gov",
    "Jerusalem": "israel-gov",
}

#: Words inside a name ("the Syrian Observatory for Human Rights"), and capitalised words that
#: begin a sentence rather than a name.
CONNECTORS = {"for", "of", "the", "and", "on"}
NOT_NAMES = {
    "The",
    "It",
    "He",
    "She",
    "They",
    "We",
    "This",
    "That",
    "A",
    "An",
    "In",
    "On",
    "At",
    "But",
    "And",
    "However",
    "Officials",
    "Police",
    "Witnesses",
    "Residents",
    "Sources",
}
