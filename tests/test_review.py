"""brief review: machine facts -> a review sheet -> verdicts -> reviewed facts in facts/.

The fixture document (tests/fixtures/review/rv_sahel.txt) was written for these tests in the
style of a wire report: a strike with a toll given as "at least", a denial, a group's claim of
a reprisal that the extractor folds into the strike, and curly quotes."""

from __future__ import annotations

import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import SIGKILL_AT_STEP

from helpers.cli import main
from helpers.extract import extract_to
from helpers.facts import load_corpus
from helpers.facts.coverage import unreviewed
from helpers.facts.loading import InputError
from helpers.review import apply_sheet, load_sheet, make_sheet, record, write_sheet
from helpers.review.sheet import dump_sheet, sheet_texts

FIXTURE = Path(__file__).parent / "fixtures" / "review"
DOC = "rv_sahel"
TOLL = {
    "outcomes": [
        {"kind": "killed", "count": {"low": 12, "best": 12}, "wording": "killing at least 12"},
        {"kind": "injured", "count": {"best": 20}, "wording": "wounding 20"},
    ]
}
PLACE = {
    "location": {
        "name": "Gao",
        "countries": ["Mali"],
        "precision": "town",
        "expression": "outside the town of Gao",
    }
}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory) -> Path:
    """The fixture document extracted once (the extractor is slow to load)."""
    out = tmp_path_factory.mktemp("extracted")
    extract_to(FIXTURE, out)
    return out


@pytest.fixture
def ws(tmp_path, extracted) -> dict[str, Path]:
    """A private seeds/, an empty facts/, the extracted facts and a sheet made from them."""
    seeds = tmp_path / "seeds"
    shutil.copytree(FIXTURE, seeds)
    ext = tmp_path / "extracted"
    shutil.copytree(extracted, ext)
    facts = tmp_path / "facts"
    facts.mkdir()
    sheet = tmp_path / "sheet.yaml"
    write_sheet(make_sheet(seeds, (), ext, facts), sheet)
    return {"seeds": seeds, "facts": facts, "extracted": ext, "sheet": sheet, "tmp": tmp_path}


def _find(sheet_path: Path, type_: str, **fields):
    for item in load_sheet(sheet_path).items:
        if item.type == type_ and all(item.fact.get(k) == v for k, v in fields.items()):
            return item
    raise AssertionError(f"no {type_} with {fields} in {sheet_path}")


def _facts(ws) -> dict:
    return yaml.safe_load((ws["facts"] / f"{DOC}.facts.yaml").read_text(encoding="utf-8"))


def _line(path: Path, needle: str, after: str = "") -> int:
    text = path.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    return text.count("\n", 0, text.index(needle, start)) + 1


# ------------------------------------------------------------------------------------------
# The sheet


def test_sheet_lists_every_machine_fact_lowest_confidence_first(ws):
    sheet = load_sheet(ws["sheet"])
    machine = yaml.safe_load((ws["extracted"] / f"{DOC}.facts.yaml").read_text(encoding="utf-8"))
    expected = sum(len(machine.get(s, [])) for s in ("actors", "events", "relations", "claims"))
    assert len(sheet.items) == expected > 5
    numbers = [i.confidence for i in sheet.items if i.confidence is not None]
    assert numbers == sorted(numbers)
    assert all(i.confidence is None for i in sheet.items[len(numbers) :])  # actors last
    assert all(i.basis for i in sheet.items)
    text = ws["sheet"].read_text(encoding="utf-8")
    strike = _find(ws["sheet"], "event", kind="strike")
    assert "confidence" not in strike.fact and strike.confidence is not None
    # the sentence as a comment, the quote in [[ ]] and the fact's own words in « »
    assert "#   rv_sahel 80-235: BAMAKO, Nov. 14 (Field Desk) — [[A drone strike hit" in text
    assert "«Gao»" in text and "«Thursday»" in text and "«killing at least 12»" in text


def test_sheet_round_trip_is_byte_identical(ws):
    text = ws["sheet"].read_text(encoding="utf-8")
    sheet = load_sheet(ws["sheet"])
    assert dump_sheet(sheet, sheet_texts(sheet), ws["sheet"].parent) == text
    assert "\nseeds: seeds\nfacts: facts\n" in text  # relative to the sheet: moves with it
    record(ws["sheet"], {})  # recording nothing rewrites the same bytes
    assert ws["sheet"].read_text(encoding="utf-8") == text


def test_sheet_comment_keeps_a_hostile_sentence_on_comment_lines(tmp_path, extracted):
    from helpers.review.words import as_comment, segments

    text = "Intro.\nA strike\u2028hit\x85Gao\u202e today: «x» #y\n"
    parts = segments(text, {"doc": "d", "start": 7, "end": 25}, ["Gao"])
    lines = as_comment({"doc": "d", "start": 7, "end": 25}, parts)
    assert all(line.startswith("#   ") for line in lines)
    loaded = yaml.safe_load("\n".join(lines) + "\nkey: 1\n")
    assert loaded == {"key": 1}
    assert "\\u202e" in "".join(lines) and "«Gao»" in "".join(lines)


def test_item_html_escapes_the_text():
    from helpers.review.items import Item
    from helpers.review.show import item_html

    text = 'Intro. <script>alert(1)</script> hit "Gao" & more.'
    span = {"doc": "d", "start": 7, "end": len(text), "quote": text[7:]}
    item = Item("d", "e1", "event", 0.5, "<b>basis</b>", {"kind": "strike", "spans": [span]})
    html = str(item_html(item, {"d": text}))
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>basis" not in html
    assert "&amp; more." in html and "&#34;Gao&#34;" in html


# ------------------------------------------------------------------------------------------
# Verdicts of every kind -> a reviewed facts file


def _review(ws) -> dict:
    strike = _find(ws["sheet"], "event", kind="strike")
    statement = _find(ws["sheet"], "event", kind="statement")
    claim = next(
        i
        for i in load_sheet(ws["sheet"]).items
        if i.type == "claim" and statement.id in i.fact.get("about", [])
    )
    verdicts = {
        strike.ref: {"correct": {**TOLL, **PLACE}},
        statement.ref: "reject",
        claim.ref: {
            "correct": {"about": [strike.id], "spans": [{"quote": claim.fact["spans"][0]["quote"]}]}
        },
        f"{DOC}/jnim": "accept",
        f"{DOC}/mali-forces": "accept",
    }
    record(ws["sheet"], verdicts, "A. Analyst")
    return {"strike": strike, "statement": statement, "claim": claim}


def test_every_verdict_kind_is_applied_with_provenance(ws):
    picked = _review(ws)
    applied = apply_sheet(ws["sheet"])
    assert applied.counts["accepted"] == 2 and applied.counts["corrected"] == 2
    assert applied.counts["rejected"] == 1 and applied.counts["unreviewed"] > 0
    data = _facts(ws)
    assert data["review_status"] == "analyst-reviewed" and data["reviewed_by"] == "A. Analyst"
    events = {e["id"]: e for e in data["events"]}
    assert picked["statement"].id not in events  # rejected: left out
    strike = events[picked["strike"].id]
    assert strike["outcomes"][0]["count"] == {"low": 12, "best": 12}
    assert strike["location"]["expression"] == "outside the town of Gao"
    assert "confidence" not in strike
    assert strike["review"] == {
        "verdict": "corrected",
        "by": "A. Analyst",
        "machine_confidence": picked["strike"].confidence,
        "machine_key": picked["strike"].key,
        "corrected": ["outcomes", "location"],
    }
    claim = next(c for c in data["claims"] if c["id"] == picked["claim"].id)
    assert claim["about"] == [picked["strike"].id]
    span = claim["spans"][0]  # given by its quote alone: located in the text
    assert (span["start"], span["end"]) == (
        picked["claim"].fact["spans"][0]["start"],
        picked["claim"].fact["spans"][0]["end"],
    )
    actors = {a["id"]: a for a in data["actors"]}
    assert actors["jnim"]["review"]["verdict"] == "accepted"
    pending = [a for a in data["actors"] if a["review"]["verdict"] == "unreviewed"]
    assert pending and all("by" not in a["review"] for a in pending)
    pending_claims = [c for c in data["claims"] if c["review"]["verdict"] == "unreviewed"]
    assert pending_claims and all("confidence" in c for c in pending_claims)
    rejected = yaml.safe_load((ws["facts"] / f"{DOC}.rejected.yaml").read_text(encoding="utf-8"))
    assert rejected["rejected"][0]["key"] == picked["statement"].key
    assert rejected["rejected"][0]["by"] == "A. Analyst"
    # every span verified: the reviewed file loads like any curated one
    corpus = load_corpus(ws["seeds"], ws["facts"])
    assert corpus.facts.review_status == {DOC: "analyst-reviewed"}
    assert unreviewed(corpus.facts) == {DOC: len(pending) + len(pending_claims)}


def test_reviewed_facts_override_extracted_and_the_brief_counts_the_rest(ws):
    from helpers.brief import build_brief

    picked = _review(ws)
    apply_sheet(ws["sheet"])
    brief = build_brief(
        seeds_dir=str(ws["seeds"]), facts_dir=str(ws["facts"]), extracted_dir=str(ws["extracted"])
    )
    assert picked["statement"].id not in {e.id for e in brief.facts.events}
    row = brief.timeline.set_index("event_id").loc[picked["strike"].id]
    assert row["killed"] == 12 and row["confidence"] == ""
    assert brief.unreviewed[DOC] > 0
    from helpers.brief.sections import methodology, timeline_table

    said = methodology(brief)
    # the document by its citation (outlet, date) and its count, never its id
    assert "not reviewed by an analyst yet, in " in said and "rv_sahel" not in said
    assert "4 of the facts started as machine-extracted facts that an analyst accepted" in said
    conf = f"{picked['strike'].confidence * 100:.0f}%"
    assert f"machine fact corrected by A. Analyst, machine {conf}" in timeline_table(brief)


def test_a_sheet_moved_with_its_directories_still_applies(ws, tmp_path_factory):
    strike = _find(ws["sheet"], "event", kind="strike")
    record(ws["sheet"], {strike.ref: "accept"}, "A")
    moved = tmp_path_factory.mktemp("elsewhere") / "checkout"
    shutil.copytree(ws["tmp"], moved)
    apply_sheet(moved / "sheet.yaml")
    assert (moved / "facts" / f"{DOC}.facts.yaml").is_file()
    assert list(ws["facts"].iterdir()) == []


def test_apply_needs_a_reviewer(ws):
    strike = _find(ws["sheet"], "event", kind="strike")
    record(ws["sheet"], {strike.ref: "accept"})
    with pytest.raises(InputError, match=r"sheet.yaml:\d+: reviewed_by: who reviewed"):
        apply_sheet(ws["sheet"])
    assert apply_sheet(ws["sheet"], reviewed_by="B").counts["accepted"] == 1


# ------------------------------------------------------------------------------------------
# Bad verdict files: named by file and line, nothing written


def _set(path: Path, item_ref: str, verdict_block: str) -> int:
    """Replace the `verdict: null` / `correct: null` lines of one item by hand."""
    text = path.read_text(encoding="utf-8")
    doc, item_id = item_ref.split("/", 1)
    at = text.index(f"  id: {item_id}\n")
    v = text.index("  verdict: null\n  correct: null\n", at)
    path.write_text(
        text[:v] + verdict_block + text[v + len("  verdict: null\n  correct: null\n") :],
        encoding="utf-8",
    )
    return text.count("\n", 0, v) + 1


@pytest.mark.parametrize(
    ("block", "line_offset", "message"),
    [
        (
            "  verdict: acept\n  correct: null\n",
            0,
            r"items\[\d+\]\.verdict: unknown verdict 'acept'.*did you mean 'accept'",
        ),
        (
            "  verdict: correct\n  correct:\n    initiators: [nobody]\n",
            2,
            r"initiators\[0\]: actor 'nobody': no such fact in this document",
        ),
        (
            "  verdict: correct\n  correct:\n    spans:\n    - {quote: 'a drone strike hit Timbuktu'}\n",
            3,
            r"spans\[0\]\.quote: the quote does not occur in rv_sahel",
        ),
        (
            "  verdict: correct\n  correct:\n    spans:\n    - {doc: rv_sahel, start: 80, end: 94, quote: A drone strikE}\n",
            3,
            r"spans\[0\]\.quote: quote does not match rv_sahel at 80-94",
        ),
        (
            "  verdict: correct\n  correct:\n    outcomes:\n    - {kind: killed, count: {best: twelve}, wording: killing at least 12}\n",
            3,
            r"outcomes\[0\]\.count\.best: must be a whole number, got the text 'twelve'",
        ),
        (
            "  verdict: correct\n  correct:\n    location: {name: Gao, precision: town, expression: Timbuktu}\n",
            2,
            r"location\.expression: 'Timbuktu' does not occur in any of its quoted spans",
        ),
        (
            "  verdict: correct\n  correct:\n    colour: red\n",
            2,
            r"'colour' is not a field of a event",
        ),
        (
            "  verdict: accept\n  correct:\n    kind: raid\n",
            1,
            r"corrections are given with verdict: correct",
        ),
    ],
)
def test_bad_verdicts_are_named_by_file_and_line(ws, block, line_offset, message):
    strike = _find(ws["sheet"], "event", kind="strike")
    line = _set(ws["sheet"], strike.ref, block) + line_offset
    with pytest.raises(InputError, match=message) as err:
        apply_sheet(ws["sheet"], reviewed_by="A")
    assert err.value.path == ws["sheet"] and err.value.line == line, str(err.value)
    assert list(ws["facts"].iterdir()) == []  # nothing half-written


def test_an_item_of_unknown_type_and_an_edited_fact_are_named(ws):
    text = ws["sheet"].read_text(encoding="utf-8")
    at = text.index("  type: event\n")
    ws["sheet"].write_text(text[:at] + "  type: evnt\n" + text[at + 14 :], encoding="utf-8")
    with pytest.raises(InputError, match=r"type: unknown item type 'evnt'") as err:
        load_sheet(ws["sheet"])
    assert err.value.line == text.count("\n", 0, at) + 1
    ws["sheet"].write_text(text.replace("kind: strike", "kind: raid", 1), encoding="utf-8")
    with pytest.raises(InputError, match=r"fact: the fact was edited in place"):
        load_sheet(ws["sheet"])


def test_unknown_item_in_recorded_verdicts_is_named(ws):
    with pytest.raises(ValueError, match=r"unknown item 'rv_sahel/e-nothing' in .*sheet.yaml"):
        record(ws["sheet"], {"rv_sahel/e-nothing": "accept"})
    with pytest.raises(ValueError, match=r"a verdict is accept, reject, null or"):
        record(ws["sheet"], {f"{DOC}/jnim": "maybe"})


def test_rejecting_a_fact_others_name_is_an_error_at_them(ws):
    statement = _find(ws["sheet"], "event", kind="statement")
    record(ws["sheet"], {statement.ref: "reject"}, "A")
    with pytest.raises(
        InputError, match=r"about\[\d\]: event '.*statement.*': this sheet rejects it \(line \d+\)"
    ):
        apply_sheet(ws["sheet"])


# ------------------------------------------------------------------------------------------
# Re-extraction after a review


def test_reextraction_never_brings_back_or_overwrites_reviewed_facts(ws):
    picked = _review(ws)
    apply_sheet(ws["sheet"])
    reviewed = (ws["facts"] / f"{DOC}.facts.yaml").read_bytes()
    extract_to(ws["seeds"], ws["extracted"])  # the extractor's next run
    assert (ws["facts"] / f"{DOC}.facts.yaml").read_bytes() == reviewed
    again = make_sheet(ws["seeds"], (), ws["extracted"], ws["facts"])
    offered = {i.key for i in again.items}
    assert picked["statement"].key not in offered  # rejected: not offered again
    assert picked["strike"].key not in offered  # reviewed: not offered again
    carried = [
        m
        for m in _facts(ws)["claims"] + _facts(ws)["actors"]
        if m["review"]["verdict"] == "unreviewed"
    ]
    assert len(again.items) == len(carried)  # only what is still unreviewed
    # the rendered facts: the reviewed file wins over the new extraction, document by document
    corpus = load_corpus(ws["seeds"], [ws["facts"], ws["extracted"]])
    assert picked["statement"].id not in {e.id for e in corpus.facts.events}
    # the old sheet applied again changes nothing; another verdict on a reviewed fact is refused
    assert apply_sheet(ws["sheet"]).counts.get("unchanged") == 5
    assert (ws["facts"] / f"{DOC}.facts.yaml").read_bytes() == reviewed
    record(ws["sheet"], {picked["strike"].ref: "reject"})
    with pytest.raises(InputError, match=r"was corrected by A. Analyst already .*edit that file"):
        apply_sheet(ws["sheet"])
    record(
        ws["sheet"], {picked["strike"].ref: {"correct": TOLL}, picked["statement"].ref: "accept"}
    )
    with pytest.raises(InputError, match=r"was rejected earlier by A. Analyst"):
        apply_sheet(ws["sheet"])


def test_a_new_reading_gets_a_fresh_id_when_its_id_is_taken(ws):
    _review(ws)
    apply_sheet(ws["sheet"])
    machine = ws["extracted"] / f"{DOC}.facts.yaml"
    data = yaml.safe_load(machine.read_text(encoding="utf-8"))
    strike = next(e for e in data["events"] if e["kind"] == "strike")
    strike["kind"] = "attack"  # a later extractor reads the same words as another fact
    machine.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True), encoding="utf-8")
    again = make_sheet(ws["seeds"], (), ws["extracted"], ws["facts"])
    new = [i for i in again.items if i.type == "event"]
    assert [i.id for i in new] == [f"{strike['id']}-2"]


def test_analyst_written_facts_are_not_offered(tmp_path):
    from helpers import config

    notes: list[str] = []
    sheet = make_sheet(config.SEEDS_DIR, (), tmp_path, config.FACTS_DIR, notes)
    assert sheet.items == [] and "covered by analyst-written facts" in notes[0]
    assert unreviewed(load_corpus().facts) == {}  # the seed brief has no machine facts


# ------------------------------------------------------------------------------------------
# The command line


def test_cli_review_record_apply(ws, capsys):
    out = ws["tmp"] / "cli.yaml"
    args = ["--seeds", str(ws["seeds"]), "--facts", str(ws["facts"])]
    assert main(["review", *args, "--extracted", str(ws["extracted"]), "--out", str(out)]) == 0
    assert out.read_bytes() == ws["sheet"].read_bytes()
    strike = _find(out, "event", kind="strike")
    assert (
        main(
            [
                "review",
                "--record",
                str(out),
                "--verdict",
                strike.ref,
                "{correct: " + str(TOLL) + "}",
            ]
        )
        == 0
    )
    assert main(["review", *args, "--extracted", str(ws["extracted"]), "--out", str(out)]) == 2
    assert "verdict(s) not applied yet" in capsys.readouterr().err
    assert main(["review", "--apply", str(out), "--reviewed-by", "C"]) == 0
    assert "1 corrected" in capsys.readouterr().out
    line = _set(out, f"{DOC}/jnim", "  verdict: rejected\n  correct: null\n")
    assert main(["review", "--apply", str(out), "--reviewed-by", "C"]) == 2
    err = capsys.readouterr().err
    assert f"{out}:{line}:" in err and "unknown verdict 'rejected'" in err


# ------------------------------------------------------------------------------------------
# The notebook


def test_widgets_record_the_same_bytes_as_the_cli(ws, tmp_path, capsys):
    from helpers.review.widgets import verdict_widgets

    strike = _find(ws["sheet"], "event", kind="strike")
    by_cli = tmp_path / "cli.yaml"
    shutil.copy(ws["sheet"], by_cli)
    record(by_cli, {strike.ref: {"correct": PLACE}, f"{DOC}/jnim": "reject"}, "A. Analyst")
    sheet = load_sheet(ws["sheet"])
    box = verdict_widgets(ws["sheet"], sheet)
    rows = {item.ref: row for item, row in zip(sheet.items, box.children, strict=False)}
    rows[strike.ref].children[1].value = "correct"
    rows[strike.ref].children[2].value = yaml.safe_dump(PLACE, sort_keys=False)
    rows[f"{DOC}/jnim"].children[1].value = "reject"
    who, save, _out = box.children[-3:]
    who.value = "A. Analyst"
    save.click()
    assert ws["sheet"].read_bytes() == by_cli.read_bytes()
    rows[strike.ref].children[2].value = "location: ["  # not YAML: said, nothing written
    save.click()
    assert ws["sheet"].read_bytes() == by_cli.read_bytes()
    assert "not recorded: verdict 'location: [' is not a word or YAML" in capsys.readouterr().out


@pytest.mark.execution
def test_notebook_records_the_same_bytes_as_the_cli(ws, tmp_path):
    from helpers import config

    strike = _find(ws["sheet"], "event", kind="strike")
    verdicts = {
        strike.ref: {"correct": PLACE},
        f"{DOC}/jnim": "accept",
        f"{DOC}/civilians": "reject",
    }
    by_cli = tmp_path / "cli.yaml"
    shutil.copy(ws["sheet"], by_cli)
    cli = ["review", "--record", str(by_cli), "--reviewed-by", "A. Analyst"]
    for ref, value in verdicts.items():
        cli += ["--verdict", ref, value if isinstance(value, str) else yaml.safe_dump(value)]
    assert main(cli) == 0
    bin_dir = Path(sys.executable).parent
    params = yaml.safe_dump(
        {"sheet": str(ws["sheet"]), "verdicts": verdicts, "reviewed_by": "A. Analyst"}
    )
    subprocess.run(
        [bin_dir / "papermill", str(config.REVIEW_NOTEBOOK), str(tmp_path / "run.ipynb"), "-y", params,
         "--no-progress-bar"],
        check=True,
        capture_output=True,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "PYTHONHASHSEED": "0", "HOME": str(tmp_path)},
    )  # fmt: skip
    assert ws["sheet"].read_bytes() == by_cli.read_bytes()
    import nbformat

    nb = nbformat.read(tmp_path / "run.ipynb", as_version=4)
    shown = "".join(
        o.get("data", {}).get("text/html", "")
        for c in nb.cells
        if c.cell_type == "code"
        for o in c.outputs
    )
    assert "<mark" in shown and "“a meeting of terrorists”" in shown
    assert apply_sheet(ws["sheet"]).counts["corrected"] == 1


# ------------------------------------------------------------------------------------------
# All or nothing: a facts file and its rejections are replaced together, even under SIGKILL

APPLY_KILLED_AT = (
    """
import os, signal, sys
from helpers.facts import journal

kill_at = int(sys.argv[2])
"""
    + SIGKILL_AT_STEP
    + """
journal._step = step
if sys.argv[1] == "finish":
    journal.finish(sys.argv[3])
else:
    from helpers.review import apply_sheet
    apply_sheet(sys.argv[1])
"""
)


def _run_killed(what: str | Path, kill_at: int, *more: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", APPLY_KILLED_AT, str(what), str(kill_at), *map(str, more)],
        capture_output=True,
        text=True,
        timeout=120,
    )


def _files(directory: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(directory.iterdir())}


def _decisions_once(facts: Path) -> None:
    """No machine reading is both rejected and carried (or reviewed) in the facts file."""
    data = yaml.safe_load((facts / f"{DOC}.facts.yaml").read_text(encoding="utf-8"))
    rejected = yaml.safe_load((facts / f"{DOC}.rejected.yaml").read_text(encoding="utf-8"))
    kept = {
        m["review"]["machine_key"]
        for section in ("actors", "events", "relations", "claims")
        for m in data.get(section, [])
        if m.get("review", {}).get("machine_key")
    }
    assert not kept & {r["key"] for r in rejected["rejected"]}


def test_a_kill_at_any_step_of_apply_loses_and_doubles_no_decision(ws, tmp_path):
    """A second sheet rejects a fact the facts file carries unreviewed and accepts another:
    both files change. The apply is SIGKILLed before each of its steps; whatever reads the
    directory next (here the loader of a brief) finds exactly the old pair or exactly the new
    one, never a rejected fact still carried; applying the sheet again gives the new pair."""
    from helpers.facts.journal import JOURNAL, finish

    _review(ws)
    apply_sheet(ws["sheet"])
    facts = ws["facts"]
    before = _files(facts)
    second = make_sheet(ws["seeds"], (), ws["extracted"], facts)
    carried = [i for i in second.items if i.type == "claim"]
    assert len(carried) >= 2
    sheet2 = tmp_path / "second.yaml"
    write_sheet(second, sheet2)
    record(sheet2, {carried[0].ref: "reject", carried[1].ref: "accept"}, "B. Analyst")

    done = _run_killed(sheet2, -1)
    assert done.returncode == 0, done.stderr
    after = _files(facts)
    steps = done.stdout.splitlines()
    assert [s.split()[0] for s in steps] == [
        "stage", "stage", "journal", "commit", "install", "install", "forget"
    ]  # fmt: skip
    assert set(after) == set(before) and all(after[n] != before[n] for n in before)
    _decisions_once(facts)

    commit_at = steps.index("commit")
    for kill_at, step in enumerate(steps):
        shutil.rmtree(facts)
        facts.mkdir()
        for name, data in before.items():
            (facts / name).write_bytes(data)
        killed = _run_killed(sheet2, kill_at)
        assert killed.returncode == -signal.SIGKILL, (step, killed.stderr)
        load_corpus(ws["seeds"], facts)  # the next reader completes or undoes it
        expected = before if kill_at <= commit_at else after
        assert _files(facts) == expected, f"killed before {step!r}"
        _decisions_once(facts)
        apply_sheet(sheet2)  # the analyst applies the sheet again
        assert _files(facts) == after, f"killed before {step!r}, then applied again"

    # the completion itself killed at each of its steps: the next one still completes it
    for kill_at in range(3):
        shutil.rmtree(facts)
        facts.mkdir()
        for name, data in before.items():
            (facts / name).write_bytes(data)
        _run_killed(sheet2, commit_at + 1)  # killed right after the commit point
        assert (facts / JOURNAL).exists()
        killed = _run_killed("finish", kill_at, facts)
        assert killed.returncode == -signal.SIGKILL, killed.stderr
        finish(facts)
        assert _files(facts) == after


def test_a_failed_apply_leaves_the_old_pair(ws, monkeypatch):
    """An OSError while staging (here the second file: a full disk) leaves both old files and
    nothing else."""
    import errno
    import os

    from helpers.facts import journal

    facts = ws["facts"]
    (facts / f"{DOC}.facts.yaml").write_text("# an old file\n", encoding="utf-8")
    before = _files(facts)
    real, calls = journal.write_synced, []

    def full(path, data):
        calls.append(path)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        real(path, data)

    monkeypatch.setattr(journal, "write_synced", full)
    with pytest.raises(OSError):
        journal.commit(facts, {f"{DOC}.facts.yaml": "new\n", f"{DOC}.rejected.yaml": "new\n"})
    assert _files(facts) == before
