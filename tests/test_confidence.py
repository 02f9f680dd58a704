"""Confidence on machine-extracted facts (helpers.extract.confidence), on texts written for these
tests: every event, claim and relation the extractor writes carries a probability and its basis
in words; curated facts carry none; the number follows the measured table."""

from pathlib import Path

import yaml

from helpers.extract import dump_facts, extract_document
from helpers.extract.confidence import TABLE, basis, event_features, probability, table
from helpers.facts.loading import SourceDoc
from helpers.facts.schema import Document, Event

TEXT = (
    "KIDAL, March 4 (Wire) - Drones struck a fuel depot in Kidal on Monday, killing four "
    "fighters, the army said in a statement.\n"
    "The Sahel Front said on Tuesday it would retaliate, accusing the army of targeting "
    "civilians.\n"
)


def doc() -> SourceDoc:
    meta = Document(
        id="c1",
        title="Depot struck",
        published="2025-03-04",
        timezone="Africa/Bamako",
        language="en",
    )
    return SourceDoc(meta=meta, text=TEXT, path=Path("c1.txt"))


def test_every_machine_fact_has_a_confidence_and_a_basis():
    facts = extract_document(doc())
    items = [*facts.events, *facts.claims, *facts.relations]
    assert facts.events
    for item in items:
        assert item.confidence is not None and 0.0 <= item.confidence <= 1.0
        assert item.confidence_basis
    dumped = yaml.safe_load(dump_facts(facts))
    assert all("confidence" in e for e in dumped["events"])


def test_the_basis_names_the_evidence_in_words():
    event = extract_document(doc()).events[0]
    assert "real-news events" in event.confidence_basis
    assert "act of violence" in event.confidence_basis


def test_curated_facts_carry_no_confidence():
    event = Event.model_validate(
        {
            "id": "e1",
            "kind": "strike",
            "summary": "A strike.",
            "when": {"precision": "day", "start": "2025-03-03"},
            "status": "reported",
            "spans": [{"doc": "c1", "start": 0, "end": 5, "quote": "KIDAL"}],
        }
    )
    assert event.confidence is None
    assert "confidence" not in event.model_dump(exclude_defaults=True)


def test_probability_follows_the_measured_table():
    data = {
        "events": 20,
        "prior": 0.5,
        "strength": 1.0,
        "scale": 1.0,
        "speech_events": 5,
        "speech_precision": 0.4,
        "features": {"place": {"yes": {"n": 10, "right": 9}, "no": {"n": 10, "right": 1}}},
    }
    placed = probability({"place": "yes"}, data)
    unplaced = probability({"place": "no"}, data)
    assert placed > 0.5 > unplaced
    assert probability({"place": "unheard-of"}, data) == 0.5  # no cases: the prior
    assert "a place" in basis({"place": "yes"}, data)


def test_the_shipped_table_is_counts_only_and_in_range():
    data = table()
    assert TABLE.read_text(encoding="utf-8").startswith("# GENERATED")
    assert 0 < data["prior"] < 1 and data["events"] > 0
    for values in data["features"].values():
        for seen in values.values():
            assert set(seen) == {"n", "right"} and 0 <= seen["right"] <= seen["n"]


def test_features_read_the_date_source_and_the_initiator():
    facts = extract_document(doc())
    features = [event_features(e) for e in facts.events]
    assert {f["family"] for f in features} >= {"violent"}
    assert all(f["date"] in ("stated", "inferred", "coarse", "none") for f in features)
    assert all(f["initiator"] in ("known", "named", "none") for f in features)


def test_a_fused_event_is_as_sure_as_its_surest_report_and_curated_if_any_is():
    from helpers.fuse.fusion import _fused_confidence

    def event(i, confidence):
        data = {
            "id": f"e{i}",
            "kind": "strike",
            "summary": "A strike.",
            "when": {"precision": "day", "start": "2025-03-03"},
            "status": "reported",
            "spans": [{"doc": "c1", "start": 0, "end": 5, "quote": "KIDAL"}],
        }
        if confidence is not None:
            data |= {"confidence": confidence, "confidence_basis": f"basis {i}"}
        return Event.model_validate(data)

    fused = _fused_confidence([event(1, 0.4), event(2, 0.7)])
    assert fused["confidence"] == 0.7 and "basis 2" in fused["confidence_basis"]
    assert _fused_confidence([event(1, 0.4), event(2, None)])["confidence"] is None
