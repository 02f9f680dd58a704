"""The analyst's key judgments (ICD 203): their schema and load errors, the estimative-language
check on a fixture of judgments (every case of the check), ``brief check --strict`` and the
"Key judgments" section rendered through a real notebook execution with its basis linked.

The fixture (tests/fixtures/judgments) is a report written for these tests, its facts, and
seven key judgments: one clean, one with a scale term beside "probably" and a month "May" (no
warning), and one for each warning."""

from __future__ import annotations

import html
import re
import shutil
from pathlib import Path

import pytest
from conftest import FIXTURES, replace_in

from helpers.cli import EXIT_INPUT, EXIT_WARNINGS, main
from helpers.facts.estimative import check_judgment, check_judgments
from helpers.facts.loading import InputError, load_corpus
from helpers.facts.schema import KeyJudgment

FIXTURE = FIXTURES / "judgments"

#: Every warning the fixture's judgments get, in order: (judgment, rule, field).
EXPECTED = [
    ("kj-deterrence", "vague", "statement"),
    ("kj-origin", "vague", "statement"),
    ("kj-hold", "mixed", "statement"),
    ("kj-motive", "contradiction", "statement"),
    ("kj-repeat", "likelihood-mismatch", "statement"),
    ("kj-repeat", "confidence-mismatch", "statement"),
]


@pytest.fixture
def inputs(tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of the fixture: its seeds and facts directories."""
    seeds, facts = tmp_path / "seeds", tmp_path / "facts"
    seeds.mkdir()
    facts.mkdir()
    for name in ("kj.txt", "kj.meta.yaml"):
        shutil.copy(FIXTURE / name, seeds / name)
    shutil.copy(FIXTURE / "kj.facts.yaml", facts / "kj.facts.yaml")
    return seeds, facts


def judgment(statement: str, **fields) -> KeyJudgment:
    return KeyJudgment(
        id=fields.pop("id", "kj-x"),
        statement=statement,
        confidence=fields.pop("confidence", "moderate"),
        basis=["e-x"],
        **fields,
    )


def rules_of(j: KeyJudgment) -> list[tuple[str, str]]:
    return [(w.rule, w.field) for w in check_judgment(j)]


# ------------------------------------------------------------------------------------------------
# The check on the fixture


def test_the_fixture_gets_exactly_its_warnings_with_sentence_file_and_line(inputs):
    seeds, facts = inputs
    corpus = load_corpus(seeds, facts)
    assert [k.id for k in corpus.facts.key_judgments][:2] == ["kj-perpetrator", "kj-deterrence"]
    warnings = check_judgments(corpus.facts.key_judgments, corpus.facts.written_at)
    assert [(w.judgment, w.rule, w.field) for w in warnings] == EXPECTED
    by_rule = {}
    for w in warnings:
        by_rule.setdefault(w.rule, w)
    assert (
        by_rule["vague"].sentence == "The army's operation may deter further attacks in the area."
    )
    assert "'may'" in by_rule["vague"].message
    assert by_rule["contradiction"].sentence.startswith("The attack was almost certainly meant")
    assert "contradicts low confidence" in by_rule["contradiction"].message
    mismatch = by_rule["confidence-mismatch"]
    assert (
        mismatch.sentence == "This rests on low confidence in the army's account of its operation."
    )
    # each warning names the facts file and the line of its judgment
    text = (facts / "kj.facts.yaml").read_text(encoding="utf-8").splitlines()
    for w in warnings:
        path, line = w.where.rsplit(":", 1)
        assert Path(path) == facts / "kj.facts.yaml"
        assert text[int(line) - 1].strip() == f"- id: {w.judgment}"
        assert str(w).startswith(f"{w.where}: key judgment {w.judgment!r}: {w.field}: warning: ")
        assert f'"{w.sentence}"' in str(w)


def test_likelihood_is_read_in_either_form_and_none_may_be_written_out(inputs):
    seeds, facts = inputs
    replace_in(
        facts / "kj.facts.yaml",
        "    confidence: low\n    basis: [g-perpetrator]",
        ("    likelihood: none\n    confidence: low\n    basis: [g-perpetrator]"),
    )
    judgments = {k.id: k for k in load_corpus(seeds, facts).facts.key_judgments}
    assert judgments["kj-motive"].likelihood == "almost certain"  # written "almost certainly"
    assert judgments["kj-origin"].likelihood is None
    assert judgments["kj-perpetrator"].outlook.indicators[0].startswith("A claim of")


# ------------------------------------------------------------------------------------------------
# The rules, one case at a time


@pytest.mark.parametrize(
    "statement",
    [
        "The group may strike again.",
        "The group might strike again.",
        "The group could strike again.",
        "The group will possibly strike again.",
        "Perhaps the group will strike again.",
        "The group will probably strike again.",
        "Maybe the group strikes again.",
    ],
)
def test_a_vague_word_without_a_scale_term_is_flagged(statement):
    assert rules_of(judgment(statement)) == [("vague", "statement")]


@pytest.mark.parametrize(
    "statement, likelihood",
    [
        ("The group will very likely, and probably within days, strike again.", "very likely"),
        ("It is unlikely that the talks resume before May.", "unlikely"),  # May the month
        ("There is a roughly even chance that the ceasefire holds.", "roughly even chance"),
        ("The ceasefire will almost certainly not hold.", "almost certain"),
        ("There is almost no chance of a settlement this year.", "almost no chance"),
        ("The militia holds the crossing and controls its traffic.", None),
    ],
)
def test_scale_terms_that_match_the_likelihood_are_clean(statement, likelihood):
    assert rules_of(judgment(statement, likelihood=likelihood)) == []


@pytest.mark.parametrize(
    "statement",
    [
        "We assess with high confidence that the group is likely to strike again.",
        "We have low-confidence reporting that a strike is very unlikely.",
        "We are confident that the group will likely strike again.",
    ],
)
def test_a_likelihood_and_a_confidence_term_in_one_sentence_are_flagged(statement):
    found = rules_of(judgment(statement, likelihood="likely"))
    assert ("mixed", "statement") in found


def test_the_same_terms_in_two_sentences_are_not_mixed():
    j = judgment(
        "The group is likely to strike again. We hold this with moderate confidence.",
        likelihood="likely",
    )
    assert rules_of(j) == []


def test_a_likelihood_that_contradicts_the_confidence_is_flagged_from_fields_or_words():
    fields = judgment(
        "The strike ended the campaign.", likelihood="almost certain", confidence="low"
    )
    assert rules_of(fields) == [("contradiction", "statement")]
    words = judgment("The strike almost certainly ended the campaign.", confidence="low")
    assert ("contradiction", "statement") in rules_of(words)  # and: it states no likelihood
    assert ("likelihood-mismatch", "statement") in rules_of(words)
    remote = judgment(
        "There is almost no chance of talks.", likelihood="almost no chance", confidence="low"
    )
    assert rules_of(remote) == [("contradiction", "statement")]
    assert (
        rules_of(judgment("Talks are very unlikely.", likelihood="very unlikely", confidence="low"))
        == []
    )


def test_the_outlook_is_checked_too_but_may_weigh_other_likelihoods():
    from helpers.facts.schema import Outlook

    j = judgment(
        "The group is likely to strike again.",
        likelihood="likely",
        outlook=Outlook(text="A truce is unlikely. Talks could resume.", indicators=["It may"]),
    )
    assert rules_of(j) == [("vague", "outlook.text")]  # indicators are not estimates


# ------------------------------------------------------------------------------------------------
# Load errors: named by file, line and field


def _error(seeds: Path, facts: Path) -> str:
    with pytest.raises(InputError) as caught:
        load_corpus(seeds, facts)
    return str(caught.value)


def test_a_judgment_without_a_basis_is_a_load_error(inputs):
    seeds, facts = inputs
    path = facts / "kj.facts.yaml"
    line = replace_in(path, "basis: [g-perpetrator]", "basis: []")
    assert _error(seeds, facts) == (
        f"{path}:{line}: key_judgments[2].basis: a key judgment needs a basis: the ids of the "
        "events, claims and gaps it rests on"
    )


def test_a_judgment_with_no_basis_field_is_a_load_error(inputs):
    seeds, facts = inputs
    path = facts / "kj.facts.yaml"
    replace_in(path, "    basis: [g-perpetrator]\n", "")
    message = _error(seeds, facts)
    assert message.startswith(f"{path}:")
    assert "key_judgments[2].basis: required field is missing: the ids of the events" in message


@pytest.mark.parametrize("bad", ["e-nope", "jnim"])  # not an id at all; an actor, not a basis
def test_a_basis_id_that_names_no_event_claim_or_gap_is_a_load_error(inputs, bad):
    seeds, facts = inputs
    path = facts / "kj.facts.yaml"
    line = replace_in(path, "basis: [g-perpetrator]", f"basis: [g-perpetrator, {bad}]")
    message = _error(seeds, facts)
    assert message.startswith(
        f"{path}:{line}: key_judgments[2].basis[1]: unknown basis item id {bad!r}; known basis "
        "items: c-army-operation, c-no-claim, e-clash, e-market-attack, g-perpetrator"
    )


@pytest.mark.parametrize(
    "old, new, field, words",
    [
        (
            "likelihood: very likely",
            "likelihood: probably",
            "key_judgments[0].likelihood",
            "'almost no chance', 'very unlikely'",
        ),
        (
            "confidence: moderate",
            "confidence: very high",
            "key_judgments[0].confidence",
            "'low', 'moderate' or 'high'",
        ),
        (
            "    outlook:\n      text: Further raids on market days are likely before the rains "
            "begin in May.\n      horizon: the next three months\n      indicators:\n        - A "
            "claim of responsibility by JNIM or by another armed group\n        - Army patrols on "
            "market days in the villages around Tessit\n",
            "    outlook: {horizon: soon}\n",
            "key_judgments[0].outlook",
            "an outlook needs a text, indicators, or both",
        ),
        ("  - id: kj-origin", "  - id: e-clash", "key_judgments[2].id", "duplicate id 'e-clash'"),
        (
            "statement: The attackers probably",
            "statment: The attackers probably",
            "key_judgments[2].statment",
            "did you mean 'statement'?",
        ),
    ],
)
def test_bad_key_judgment_fields_are_named(inputs, old, new, field, words):
    seeds, facts = inputs
    path = facts / "kj.facts.yaml"
    replace_in(path, old, new)
    message = _error(seeds, facts)
    assert message.startswith(f"{path}:") and f": {field}: " in message, message
    assert words in message, message


def test_a_machine_extracted_file_carries_no_key_judgments(inputs):
    seeds, facts = inputs
    path = facts / "kj.facts.yaml"
    replace_in(path, "review_status: analyst-reviewed", "review_status: machine-extracted")
    message = _error(seeds, facts)
    assert (
        message.startswith(f"{path}:")
        and ": key_judgments: key judgments are the analyst's own" in message
    )


def test_the_sources_judgments_still_load_beside_none_of_the_analysts():
    corpus = load_corpus()
    assert corpus.facts.judgments and corpus.facts.key_judgments == []


# ------------------------------------------------------------------------------------------------
# The command line


def test_brief_check_strict_fails_on_warnings_and_passes_without(inputs, capsys):
    seeds, facts = inputs
    args = ["check", "--seeds", str(seeds), "--facts", str(facts)]
    assert main([*args, "--strict"]) == EXIT_WARNINGS
    out = capsys.readouterr()
    assert "7 key judgment(s) checked: 6 estimative-language warning(s)" in out.out
    assert len(out.err.strip().splitlines()) == 6
    assert "kj.facts.yaml:105: key judgment 'kj-deterrence': statement: warning: vague" in out.err
    assert main(args) == 0  # without --strict the warnings are advice
    # only the clean judgments left: no warning, --strict passes
    path = facts / "kj.facts.yaml"
    text = path.read_text(encoding="utf-8")
    keep = text[: text.index('  # vague: "may"')]
    path.write_text(keep, encoding="utf-8")
    capsys.readouterr()
    assert main([*args, "--strict"]) == 0
    out = capsys.readouterr()
    assert "1 key judgment(s) checked: 0 estimative-language warning(s)" in out.out
    assert out.err == ""


def test_brief_check_on_bad_input_is_an_input_error(inputs, capsys):
    seeds, facts = inputs
    replace_in(facts / "kj.facts.yaml", "basis: [g-perpetrator]", "basis: []")
    assert main(["check", "--strict", "--seeds", str(seeds), "--facts", str(facts)]) == EXIT_INPUT
    assert "a key judgment needs a basis" in capsys.readouterr().err


def test_brief_validate_prints_the_warnings(inputs, capsys):
    seeds, facts = inputs
    assert main(["validate", "--seeds", str(seeds), "--facts", str(facts)]) == 0
    out = capsys.readouterr()
    assert "; 7 key judgments" in out.out
    assert out.err.count(": warning: ") == 6


# ------------------------------------------------------------------------------------------------
# The brief


def test_the_section_and_the_warnings_escape_the_analysts_words(inputs):
    from helpers.brief import build_brief, sections

    seeds, facts = inputs
    payload = "<script>alert(1)</script>"
    path = facts / "kj.facts.yaml"
    replace_in(path, "Army patrols on", f"{payload} Army patrols on")
    replace_in(path, "horizon: the next three months", f'horizon: "{payload}"')
    replace_in(path, "may deter further attacks", f"may deter {payload} attacks")
    brief = build_brief(seeds_dir=str(seeds), facts_dir=str(facts))
    shown = sections.key_judgments(brief)
    method = sections.methodology(brief)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt;"
    assert "<script>" not in shown + method
    assert shown.count(escaped) == 3  # indicator, horizon, statement
    assert f"may deter {escaped} attacks" in method  # the warning's sentence


def test_the_seed_brief_has_no_key_judgments_section():
    from helpers.brief import build_brief, sections

    brief = build_brief()
    assert sections.key_judgments(brief) == ""
    assert "Estimative" not in sections.methodology(brief)


class _Page:
    """Ids, links and level-2 headings of a rendered page."""

    def __init__(self, raw: str) -> None:
        self.raw = raw
        self.ids = set(re.findall(r'\sid="([^"]+)"', raw))
        self.links = re.findall(r'href="#([^"]*)"', raw)
        self.h2 = re.findall(r'<h2 id="([^"]+)"', raw)


@pytest.mark.execution
def test_the_key_judgments_section_renders_after_the_bottom_line_with_linked_basis(
    inputs, tmp_path
):
    from helpers import render

    seeds, facts = inputs
    out = tmp_path / "out"
    render(
        {"seeds_dir": str(seeds), "facts_dir": str(facts), "title": "Market attack"},
        out_dir=out,
        formats=["html"],
    )
    raw = (out / "brief.html").read_text(encoding="utf-8")
    page = _Page(raw)
    assert page.h2[:3] == [
        "sec-bottom-line-up-front",
        "sec-key-judgments",
        "sec-key-facts-reported-hedged-claimed-judged",
    ]
    flat = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", raw)))
    assert "7 key judgments: the analyst's own assessments" in flat
    assert flat.count("Analyst's judgment") == 7
    assert "JNIM or a group allied to it very likely carried out the attack" in flat
    tight = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", "", raw)))
    assert "Likelihood: very likely (80–95%); confidence: moderate" in tight
    assert "Likelihood: none stated; confidence: low" in tight
    assert "Indicators that would change this judgment:" in flat
    # each judgment's row, and its basis linked to the rows of the events, claims and gaps
    section = raw[raw.index('id="sec-key-judgments"') : raw.index('id="sec-key-facts')]
    for kj in ("kj-perpetrator", "kj-repeat"):
        assert f'id="key-judgment-{kj}"' in section
    for target in (
        "event-e-market-attack",
        "claim-c-no-claim",
        "gap-g-perpetrator",
        "event-e-clash",
    ):
        assert f'href="#{target}"' in section and target in page.ids
    for link in page.links:
        assert link in page.ids, link
    # the warnings in the methodology, each with its sentence, by file name and line only
    method = raw[raw.index('id="sec-estimative-language"') :]
    method_text = html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", method)))
    assert "6 warnings for 7 key judgments" in method_text
    for sentence in (
        "The army's operation may deter further attacks in the area.",
        "We assess with high confidence that the army is unlikely to hold the area.",
        "This rests on low confidence in the army's account of its operation.",
    ):
        assert sentence in method_text
    assert "kj.facts.yaml:105" in method_text and str(tmp_path) not in raw
    assert 'href="#key-judgment-kj-motive"' in method


def test_a_basis_follows_its_event_into_the_fused_row(inputs):
    """A wire copy of the report under another id, its own facts and a key judgment resting on
    its own copy of the attack: the two reports fuse into one row, and the judgment's basis
    names (and links to) that row."""
    from helpers.brief import build_brief, sections

    seeds, facts = inputs
    shutil.copy(seeds / "kj.txt", seeds / "kj2.txt")
    meta = (seeds / "kj.meta.yaml").read_text(encoding="utf-8")
    (seeds / "kj2.meta.yaml").write_text(
        meta.replace("id: kj\n", "id: kj2\n").replace("Sahel Wire", "Niger Daily"),
        encoding="utf-8",
    )
    text = (facts / "kj.facts.yaml").read_text(encoding="utf-8")
    text = text.replace("doc: kj,", "doc: kj2,").replace("documents: [kj]", "documents: [kj2]")
    text = re.sub(r"\b(e|c|g|kj)-", r"\g<1>2-", text)
    (facts / "kj2.facts.yaml").write_text(text, encoding="utf-8")
    brief = build_brief(seeds_dir=str(seeds), facts_dir=str(facts))
    events = {e.id for e in brief.facts.events}
    assert "e2-market-attack" not in events and brief.fusion is not None
    fused = brief.fusion.members
    row = next(e for e, members in fused.items() if "e2-market-attack" in members)
    judgment = next(k for k in brief.facts.key_judgments if k.id == "kj2-perpetrator")
    assert judgment.basis[0] == row
    assert f'href="#event-{row}"' in sections.key_judgments(brief)
