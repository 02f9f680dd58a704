"""Loader and validation errors: each names the file, the line and the field."""

import re
import shutil

import pytest
from conftest import FACTS_NAME, FIXTURES, SEED_ID, line_of, replace_in

from helpers import InputError, load_corpus
from helpers.facts.loading import read_yaml


def test_seed_corpus_loads_and_every_quote_matches():
    corpus = load_corpus()
    text = corpus.documents[SEED_ID].text
    facts = corpus.facts
    assert len(facts.events) == 9 and len(facts.claims) == 9 and len(facts.relations) == 14
    from helpers.facts.loading import _spans

    items = [
        *facts.actors.values(),
        *facts.events,
        *facts.relations,
        *facts.claims,
        *facts.judgments,
    ]
    spans = [s for item in items for _, s in _spans(item, ())]
    assert len(spans) > 60
    for span in spans:
        assert text[span.start : span.end] == span.quote


def test_metadata_keeps_dates_as_strings_and_marks_assumptions():
    corpus = load_corpus()
    meta = corpus.documents[SEED_ID].meta
    assert meta.published == "2024-02-08"
    assert meta.assumed("published") is not None
    assert meta.grading.reliability == "F"


def test_messy_fixture_offsets_survive_bom_crlf_and_nbsp():
    corpus = load_corpus(FIXTURES / "messy", FIXTURES / "messy")
    text = corpus.documents["messy"].text
    assert text.startswith("\ufeff") and "\r\n" in text  # nothing normalised away
    strike = corpus.facts.event("e-strike")
    assert "\u00a0p.m." in strike.when.expression
    assert text[strike.spans[0].start : strike.spans[0].end] == strike.spans[0].quote


def _error(seeds, facts) -> InputError:
    with pytest.raises(InputError) as info:
        load_corpus(seeds, facts)
    return info.value


def test_quote_with_straight_apostrophe_is_rejected(workspace):
    seeds, facts = workspace
    path = facts / FACTS_NAME
    line = replace_in(path, 'quote: "Kata’ib Hezbollah is a', "quote: \"Kata'ib Hezbollah is a")
    err = _error(seeds, facts)
    assert err.path == path and err.line == line
    assert re.fullmatch(r"actors\[3\]\.spans\[0\]\.quote", err.field)
    assert "quote does not match" in err.message and "Kata’ib" in err.message


def test_quote_at_wrong_offsets_points_to_the_right_ones(workspace):
    seeds, facts = workspace
    path = facts / FACTS_NAME
    replace_in(
        path,
        "{doc: 000_30fe353d1ee95435, start: 40, end: 70,",
        "{doc: 000_30fe353d1ee95435, start: 41, end: 71,",
    )
    err = _error(seeds, facts)
    assert "the quote occurs at 40-70" in str(err)


def test_yaml_syntax_error_gives_line_and_column(workspace):
    seeds, facts = workspace
    path = facts / FACTS_NAME
    line = replace_in(path, "  - id: us-gov\n", "  - id: us-gov\n    name: [unclosed\n")
    err = _error(seeds, facts)
    assert "YAML syntax error, column" in str(err)
    assert err.line is not None and err.line >= line


@pytest.mark.parametrize(
    ("old", "new", "field", "message"),
    [
        (
            "    kind: drone strike\n",
            "    kind: drone strike\n    severity: high\n",
            "events[0].severity",
            "unknown field",
        ),
        (
            '    summary: "A targeted',
            '    sumary: "A targeted',
            "events[0].sumary",
            "unknown field; did you mean 'summary'? (summary is required and missing)",
        ),
        (
            "    lead: true\n",
            "    lead: yes please\n",
            "events[0].lead",
            "must be true or false, got the text 'yes please'",
        ),
        ("    status: suspected\n", "    status: rumoured\n", "events[1].status", "got 'rumoured'"),
        (
            '      start: "2024-01-28"\n      expression: "On',
            '      start: "2024-02-30"\n      expression: "On',
            "events[1].when.start",
            "not a real day",
        ),
        (
            "      tz: Asia/Baghdad\n",
            "      tz: Baghdad/Time\n",
            "events[0].when.tz",
            "unknown time zone",
        ),
        (
            "    initiators: [iran-backed-militants]",
            "    initiators: [iran-militants]",
            "events[1].initiators[0]",
            "unknown actor id 'iran-militants'; known actors: anti-is-coalition, biden, centcom",
        ),
        (
            "    hedge: suspected\n",
            "    hedge: reportedly\n",
            "events[1].hedge",
            "does not occur in any of its quoted spans",
        ),
        (
            "  - id: r-us-designates-kh\n",
            "  - id: r-centcom-part-of-us\n",
            "relations[2].id",
            "duplicate id 'r-centcom-part-of-us'",
        ),
    ],
)
def test_bad_facts_are_named(workspace, old, new, field, message):
    seeds, facts = workspace
    path = facts / FACTS_NAME
    line = replace_in(path, old, new)
    err = _error(seeds, facts)
    assert err.path == path
    assert err.field == field, str(err)
    assert message in err.message, str(err)
    assert err.line is not None and abs(err.line - line) <= 2, str(err)


def test_span_past_end_of_text(workspace):
    seeds, facts = workspace
    path = facts / FACTS_NAME
    length = len((seeds / f"{SEED_ID}.txt").read_text(encoding="utf-8"))
    quote = "CENTCOM reaffirmed its commitment"
    text = path.read_text(encoding="utf-8")
    match = re.search(r"start: (\d+), end: (\d+), quote: \"" + quote, text)
    start, end = int(match.group(1)), int(match.group(2))
    shift = length - start + 5
    path.write_text(
        text.replace(
            match.group(0), f'start: {start + shift}, end: {end + shift}, quote: "{quote}'
        ),
        encoding="utf-8",
    )
    err = _error(seeds, facts)
    assert err.field.endswith(
        "spans[0].end"
    ) and f"past the end of {SEED_ID} ({length} characters)" in str(err)


def test_duplicate_yaml_key(workspace):
    seeds, facts = workspace
    path = facts / FACTS_NAME
    line = replace_in(path, "  - id: us-gov\n", "  - id: us-gov\n    id: again\n")
    err = _error(seeds, facts)
    assert "duplicate key 'id'" in str(err) and err.line == line + 1


def test_edited_seed_is_detected(workspace):
    seeds, facts = workspace
    seed = seeds / f"{SEED_ID}.txt"
    seed.write_bytes(seed.read_bytes().replace(b"three U.S. soldiers", b"four U.S. soldiers"))
    err = _error(seeds, facts)
    assert err.field == "sha256" and "has changed since its facts were reviewed" in str(err)


def test_non_utf8_seed(workspace):
    seeds, facts = workspace
    (seeds / "latin1.txt").write_bytes("Caf\xe9 strike\n".encode("latin-1"))
    err = _error(seeds, facts)
    assert err.path.name == "latin1.txt" and "not valid UTF-8 at byte 3" in str(err)


def test_binary_seed(workspace):
    seeds, facts = workspace
    (seeds / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00")
    assert "binary" in str(_error(seeds, facts))


def test_missing_sidecar(workspace):
    seeds, facts = workspace
    (seeds / "orphan.txt").write_text("Text.", encoding="utf-8")
    err = _error(seeds, facts)
    assert err.path.name == "orphan.txt" and "orphan.meta.yaml" in str(err)


def test_sidecar_without_publication_date(workspace):
    seeds, facts = workspace
    meta = seeds / f"{SEED_ID}.meta.yaml"
    line = replace_in(meta, 'published: "2024-02-08"\n', "")
    err = _error(seeds, facts)
    assert err.path == meta and err.field == "published" and "required field is missing" in str(err)
    assert err.line is not None and err.line <= line


def test_empty_seeds_directory(tmp_path):
    (tmp_path / "seeds").mkdir()
    (tmp_path / "facts").mkdir()
    assert "holds no *.txt documents" in str(_error(tmp_path / "seeds", tmp_path / "facts"))


def test_document_without_facts(workspace, tmp_path):
    seeds, facts = workspace
    shutil.copy(FIXTURES / "messy" / "messy.txt", seeds)
    shutil.copy(FIXTURES / "messy" / "messy.meta.yaml", seeds)
    assert "no facts file covers document(s) ['messy']" in str(_error(seeds, facts))


def test_line_map_points_into_nested_fields():
    doc = read_yaml(FIXTURES / "messy" / "messy.facts.yaml")
    path = FIXTURES / "messy" / "messy.facts.yaml"
    assert doc.line(("events", 0, "when", "tz")) == line_of(path, "tz: Asia/Baghdad")


def test_two_files_for_one_document_in_one_directory(workspace):
    seeds, facts = workspace
    shutil.copy(facts / FACTS_NAME, facts / "zz-extra.facts.yaml")
    err = _error(seeds, facts)
    assert err.path.name == "zz-extra.facts.yaml"
    assert f"document '{SEED_ID}' is also covered by {FACTS_NAME}" in str(err)


def test_actor_kind_conflict_across_files_is_an_error(workspace, tmp_path):
    seeds, facts = workspace
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "messy.facts.yaml").write_text(
        (FIXTURES / "messy" / "messy.facts.yaml")
        .read_text(encoding="utf-8")
        .replace("kind: armed group", "kind: person"),
        encoding="utf-8",
    )
    for name in ("messy.txt", "messy.meta.yaml"):
        shutil.copy(FIXTURES / "messy" / name, seeds)
    with pytest.raises(InputError, match="actor 'kh' is a person here but a armed group"):
        load_corpus(seeds, [facts, extra])


def test_a_list_as_a_yaml_key(workspace):
    seeds, facts = workspace
    replace_in(facts / FACTS_NAME, "  - id: us-gov\n", "  - id: us-gov\n    ? [a, b]\n    : 1\n")
    assert "a key must be a plain name" in str(_error(seeds, facts))


def test_a_day_takes_no_end(workspace):
    seeds, facts = workspace
    replace_in(
        facts / FACTS_NAME,
        '      start: "2024-01-31"\n',
        '      start: "2024-01-31"\n      end: "2024-02-02"\n',
    )
    assert "precision 'day' takes no end" in str(_error(seeds, facts))
