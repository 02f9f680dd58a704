import ast

import pytest

from helpers import PARAMETERS, ParameterError, build_brief, check_params, config


def test_bluf_is_built_from_facts():
    sentences = build_brief().bluf()
    assert 3 <= len(sentences) <= 5
    text = " ".join(sentences)
    assert (
        "7 February 2024 at 21:30 Asia/Baghdad time (18:30 UTC) [year inferred] (reported)" in text
    )
    assert "stated that there were no indications of collateral damage" in text
    assert "28 January 2024 [year inferred] (suspected)" in text
    assert "identity of the person killed" in text
    assert "graded F6" in text


def test_gaps_mix_analyst_and_derived():
    gaps = build_brief().gaps()
    origins = {g.origin for g in gaps}
    assert origins == {"analyst", "derived"}
    derived = {g.topic: g for g in gaps if g.origin == "derived"}
    assert "numerous injuries" in derived["missing figures"].question
    assert "On January 28" in derived["inferred years"].question
    assert "corroboration" in derived


def test_unknown_focus_actor_lists_choices():
    with pytest.raises(
        ParameterError, match=r"unknown actor 'hezbollah'; valid: .*kh \(Kata'ib Hezbollah \(KH\)\)"
    ):
        build_brief(focus_actor="hezbollah")


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"as_of": "2024-02-30"}, "parameter 'as_of': '2024-02-30' is not a real day value"),
        ({"as_of": "8 Feb 2024"}, "parameter 'as_of'"),
        ({"window_start": "2024-02"}, "must be a day, written YYYY-MM-DD"),
        ({"window_start": "2024-02-09", "window_end": "2024-02-01"}, "is before window_start"),
        ({"display_tz": "EST5"}, "unknown time zone"),
        ({"documents": "000_30fe353d1ee95435"}, "expected list, got str"),
        ({"focus": "kh"}, "parameter 'focus': unknown parameter; valid: seeds_dir"),
        ({"title": "  "}, "must hold words, or be empty for the default title"),
    ],
)
def test_bad_parameters_fail_fast(params, message):
    with pytest.raises(ParameterError, match=message.replace("(", r"\(").replace(")", r"\)")):
        check_params(**params)


def test_as_of_before_every_document():
    with pytest.raises(
        ParameterError,
        match="no document was published on or before 2024-01-01; the earliest is 2024-02-08",
    ):
        build_brief(as_of="2024-01-01")


def test_unknown_document_lists_documents():
    from helpers import InputError

    with pytest.raises(InputError, match="unknown document.*000_30fe353d1ee95435"):
        build_brief(documents=["nope"])


def test_digest_depends_on_parameters_not_paths(workspace):
    seeds, facts = workspace
    a = build_brief().digest
    assert build_brief(seeds_dir=str(seeds), facts_dir=str(facts)).digest == a
    assert build_brief(focus_actor="kh").digest != a


def test_notebook_parameters_match_the_parameter_table():
    """papermill --help-notebook reads the parameters cell; it must describe every parameter.

    The parameters cell (names, types, defaults, the comment after each) and the PARAMETERS
    table both say what the pydantic model BriefParameters declares."""
    from typing import get_origin

    from papermill import inspect_notebook

    from helpers.brief.params import BriefParameters

    inferred = inspect_notebook(str(config.BRIEF_NOTEBOOK))
    fields = BriefParameters.model_fields
    assert list(inferred) == list(PARAMETERS)
    assert list(PARAMETERS) == list(fields)
    for name, (kind, default, help_) in PARAMETERS.items():
        assert inferred[name]["inferred_type_name"] == kind.__name__
        assert ast.literal_eval(inferred[name]["default"]) == default
        assert inferred[name]["help"] == help_
        field = fields[name]
        assert kind is (get_origin(field.annotation) or field.annotation), name
        assert default == field.default and type(default) is kind, name
        assert help_ == field.description, name
    # the cell's defaults, exactly as papermill would pass them, are valid parameters
    defaults = {name: ast.literal_eval(p["default"]) for name, p in inferred.items()}
    assert check_params(**defaults).raw == BriefParameters().model_dump() == defaults


def test_parameters_cell_holds_only_literals():
    import nbformat

    nb = nbformat.read(config.BRIEF_NOTEBOOK, as_version=4)
    cell = next(c for c in nb.cells if "parameters" in c.metadata.get("tags", []))
    for node in ast.parse(cell.source).body:
        assert isinstance(node, ast.AnnAssign), ast.dump(node)
        ast.literal_eval(node.value)  # nothing derived, nothing imported


def test_committed_notebooks_carry_no_outputs():
    import nbformat

    for path in config.NOTEBOOKS_DIR.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path


def test_changes_against_earlier_facts_files(workspace, tmp_path):
    from conftest import FACTS_NAME, replace_in

    seeds, facts = workspace
    earlier = tmp_path / "earlier"
    earlier.mkdir()
    (earlier / FACTS_NAME).write_bytes((facts / FACTS_NAME).read_bytes())
    replace_in(earlier / FACTS_NAME, "count: {low: 3, best: 3, high: 3}", "count: {best: 2}")
    brief = build_brief(seeds_dir=str(seeds), facts_dir=str(facts), previous_facts=str(earlier))
    changes = brief.changes
    assert changes is not None and changes.since == "the facts files in earlier"
    assert changes.new_events == [] and changes.new_actors == []
    assert [(e, kind, was) for e, kind, was, _ in changes.revised] == [
        ("e-tower22-2024-01-28", "killed", "2")
    ]
    # what is compared is part of the brief's content hash
    same = build_brief(seeds_dir=str(seeds), facts_dir=str(facts), previous_facts=str(facts))
    assert same.changes.revised == [] and same.digest != brief.digest
    with pytest.raises(ParameterError, match="previous_facts.*holds no \\*.facts.yaml file"):
        build_brief(seeds_dir=str(seeds), facts_dir=str(facts), previous_facts=str(tmp_path))
