"""How sure the project is of each machine-extracted fact: a probability, and its basis in words.

An event's confidence comes from the evidence that produced it, read as a few features (the
kind of act, where its date came from, how its initiator was found, whether it has a place,
whether the source hedges it). Each feature value's precision was measured on the real-news
development corpus (``benchmarks/calibrate_confidence.py`` writes ``data/confidence.yaml``);
the values are combined as a naive-Bayes sum of log-odds around the overall precision, each
shrunk toward it by its number of cases and the sum scaled so the predicted bands match the
observed precision (the calibration script prints that reliability table; so does
``benchmarks/realnews.py``).

Claims and relations have no gold in that corpus: they take the extractor's measured precision
for their layer on the held-out texts written for the project (``benchmarks/heldout2``, scored
by ``benchmarks/extraction_quality.py``), and their basis says so. Curated facts carry no
confidence: an analyst reviewed them.
"""

from __future__ import annotations

import functools
import math
from pathlib import Path

import yaml

from ..facts.schema import Claim, Event, FactsFile, Relation
from .mentions import family as kind_family

TABLE = Path(__file__).resolve().parent / "data" / "confidence.yaml"

HEDGED = frozenset({"claimed", "suspected", "alleged", "denied"})

#: Each feature's values in words, for the basis a reader sees.
WORDS = {
    "family": {"violent": "an act of violence", "speech": "an act of speech", "other": "an act"},
    "date": {
        "stated": "its day stated in the text",
        "inferred": "its day inferred (a weekday or 'yesterday' read against the publication)",
        "coarse": "only a month or a year",
        "none": "no date of its own",
    },
    "initiator": {
        "known": "its initiator a known actor",
        "named": "its initiator a name the gazetteer lacks",
        "none": "no initiator found",
    },
    "place": {"yes": "a place", "no": "no place"},
    "hedge": {"no": "told as fact", "yes": "hedged or attributed by the source"},
}


def event_features(event: Event) -> dict[str, str]:
    """The evidence behind a machine-extracted event, as feature values."""
    family = {"violence": "violent", "speech": "speech"}.get(kind_family(event.kind), "other")
    when = event.when
    if when.precision in ("minute", "day"):
        date = "inferred" if "day" in when.inferred else "stated"
    elif when.precision in ("month", "year"):
        date = "coarse"
    else:
        date = "none"
    if not event.initiators:
        initiator = "none"
    elif any(".unresolved-" not in a for a in event.initiators):
        initiator = "known"
    else:
        initiator = "named"
    return {
        "family": family,
        "date": date,
        "initiator": initiator,
        "place": "yes" if event.location else "no",
        "hedge": "yes" if event.status in HEDGED or event.hedge else "no",
    }


@functools.lru_cache(maxsize=1)
def table() -> dict:
    return yaml.safe_load(TABLE.read_text(encoding="utf-8"))


def _logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


def probability(features: dict[str, str], data: dict | None = None) -> float:
    """The calibrated probability that an event with these features is right."""
    data = data or table()
    prior, strength, scale = data["prior"], data["strength"], data["scale"]
    logit = _logit(prior)
    for name, value in features.items():
        seen = data["features"].get(name, {}).get(value)
        if not seen:
            continue
        p = (seen["right"] + strength * prior) / (seen["n"] + strength)
        logit += scale * (_logit(p) - _logit(prior))
    return 1 / (1 + math.exp(-logit))


def basis(features: dict[str, str], data: dict | None = None) -> str:
    data = data or table()
    said = "; ".join(WORDS[name][value] for name, value in features.items())
    return f"{said} (precision of such events measured on {data['events']} real-news events)"


def with_confidence(facts: FactsFile) -> FactsFile:
    """The facts with a confidence and its basis on every event, claim and relation."""
    data = table()
    events = [_scored_event(e, data) for e in facts.events]
    claim_confidence, relation_confidence = _layer(data, "claims"), _layer(data, "relations")
    claims = [_scored(c, *claim_confidence) for c in facts.claims]
    relations = [_scored(r, *relation_confidence) for r in facts.relations]
    return facts.model_copy(update={"events": events, "claims": claims, "relations": relations})


def _layer(data: dict, layer: str) -> tuple[float, str]:
    """A claim's or relation's confidence: the extractor's measured precision for its layer on
    the held-out texts (the real-news gold has no claims or relations), and that basis in words;
    a table without it falls back on the precision of real-news statements."""
    if f"{layer}_precision" in data:
        return data[f"{layer}_precision"], (
            f"the measured precision of the extractor's {layer} ({data[f'{layer}_scored']} "
            f"{layer} of {data['held_out_documents']} held-out texts written for the project; "
            "real news has no gold for them)"
        )
    return data["speech_precision"], (
        f"{layer} are not scored against gold: the measured precision of the extractor's "
        f"statements ({data['speech_events']} real-news statements)"
    )


def _scored_event(event: Event, data: dict) -> Event:
    features = event_features(event)
    value = round(probability(features, data), 2)
    return event.model_copy(update={"confidence": value, "confidence_basis": basis(features, data)})


def _scored(item: Claim | Relation, value: float, said: str):
    return item.model_copy(update={"confidence": round(value, 2), "confidence_basis": said})
