"""Fusion of reports as the extractor reads them (texts written for this test): a report that
names the town only in passing, and one that gives no date of its own, join the dated report of
the same act; an act elsewhere stays apart."""

from pathlib import Path

from conftest import write_seeds

from helpers.extract import dump_facts, extract_document
from helpers.facts import load_corpus, load_documents
from helpers.fuse import fuse

TEXTS = {
    "a": "Jets struck a depot in Kidal on Monday, killing five fighters, the army said.\n",
    "b": (
        "The army said its jets struck a depot on Monday, killing five fighters.\n"
        "Residents of Kidal said the blast shook the town.\n"
    ),
    "c": "Gunmen attacked a checkpoint in Gao on Monday, killing two soldiers.\n",
}


def write(tmp: Path) -> Path:
    return write_seeds(tmp / "seeds", TEXTS, "2024-07-10", "Africa/Bamako")


def test_reports_of_one_strike_are_one_row_and_another_act_stays_apart(tmp_path):
    seeds = write(tmp_path)
    facts_dir = tmp_path / "facts"
    facts_dir.mkdir()
    for doc_id, doc in load_documents(seeds).items():
        (facts_dir / f"{doc_id}.facts.yaml").write_text(dump_facts(extract_document(doc)))
    fusion = fuse(load_corpus(seeds, facts_dir))
    rows = {
        tuple(sorted(fusion.sources[e.id]))
        for e in fusion.corpus.facts.events
        if e.kind in ("strike", "attack", "killing")
    }
    assert rows == {("a", "b"), ("c",)}
