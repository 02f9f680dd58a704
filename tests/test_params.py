"""The brief's parameters are declared once, by the pydantic model BriefParameters: the table
other modules read, ``brief params``, ``brief render --help``, README.md's table and the error
a bad value gets all follow it (the notebook's parameters cell: tests/test_brief.py)."""

import ast
import re
from typing import get_origin

import pytest

from helpers import config
from helpers.brief.params import PARAMETERS, BriefParameters, ParameterError, check_params
from helpers.cli import main

FIELDS = BriefParameters.model_fields
README_SECTION = "## Re-running with new parameters or new documents"


def _kind(name: str) -> type:
    annotation = FIELDS[name].annotation
    return get_origin(annotation) or annotation


def _help_lines() -> list[str]:
    """What the help says of each parameter, straight from the model."""
    return [
        f"  {name} ({_kind(name).__name__}, default {field.default!r}): {field.description}"
        for name, field in FIELDS.items()
    ]


def test_parameter_table_is_the_model():
    assert list(PARAMETERS) == list(FIELDS)
    for name, field in FIELDS.items():
        assert PARAMETERS[name] == (_kind(name), field.default, field.description)
        assert field.description and type(field.default) is _kind(name), name
    assert check_params().raw == BriefParameters().model_dump()  # the defaults are valid


def test_brief_params_lists_the_model(capsys):
    assert main(["params"]) == 0
    assert capsys.readouterr().out.splitlines() == _help_lines()


@pytest.mark.parametrize("argv", [["render", "--help"], ["--help"]])
def test_help_lists_the_model(argv, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 0
    out, lines = capsys.readouterr().out.splitlines(), _help_lines()
    start = out.index(lines[0])
    assert out[start : start + len(lines)] == lines


def _readme_rows() -> list[list[str]]:
    text = (config.PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    section = text.split(README_SECTION, 1)[1].split("\n## ", 1)[0]
    rows = [line for line in section.splitlines() if line.startswith("| `")]
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows]


def test_readme_parameter_table_matches_the_model():
    rows = _readme_rows()
    assert [name.strip("`") for name, *_ in rows] == list(FIELDS)
    for name, kind, default, meaning in rows:
        name = name.strip("`")
        assert kind == _kind(name).__name__, name
        literal = re.match(r"`([^`]*)`", default)
        assert literal and ast.literal_eval(literal.group(1)) == FIELDS[name].default, name
        assert meaning, name


NAMES = ", ".join(PARAMETERS)


@pytest.mark.parametrize(
    ("given", "name", "message"),
    [
        # unknown names first, the first alphabetically; then wrong types in the table's order
        ({"zz": 1, "colour": "red", "title": 3}, "colour", f"unknown parameter; valid: {NAMES}"),
        ({"max_rows": "5", "documents": "a"}, "documents", "expected list, got str 'a'"),
        ({"as_of": "x", "title": 3}, "title", "expected str, got int 3"),
        ({"max_rows": None}, "max_rows", "expected int, got NoneType None"),
        ({"documents": ("a",)}, "documents", "expected list, got tuple ('a',)"),
        # then bad values, in the order the checks were written by hand
        ({"max_rows": True}, "max_rows", "expected a positive int, got True"),
        ({"max_rows": 0, "title": ""}, "max_rows", "expected a positive int, got 0"),
        ({"documents": ["a", 2]}, "documents", "expected a list of document ids (strings)"),
        (
            {"as_of": "2024-02-30", "title": " "},
            "title",
            "must hold words, or be empty for the default title",
        ),
        ({"marking": " " * 81}, "marking", "must not be empty"),
        (
            {"window_start": "2024-02-09", "window_end": "2024-02-01", "as_of": "x"},
            "window_end",
            "2024-02-01 is before window_start 2024-02-09",
        ),
        (
            {"changes_since": "2024-01"},
            "changes_since",
            "'2024-01' must be a day, written YYYY-MM-DD",
        ),
    ],
)
def test_the_first_bad_parameter_is_reported_in_its_words(given, name, message):
    with pytest.raises(ParameterError) as error:
        check_params(**given)
    assert error.value.name == name
    assert str(error.value) == f"parameter {name!r}: {message}"


def test_version(capsys):
    from importlib import metadata

    with pytest.raises(SystemExit) as info:
        main(["--version"])
    assert info.value.code == 0
    assert capsys.readouterr().out == f"brief {metadata.version('analytic-brief')}\n"


def test_an_empty_title_is_the_one_documents_title_or_the_count_and_days_of_several():
    import datetime as dt

    from helpers.brief.params import default_title

    one = [("Gunmen attack a convoy near Gao", dt.date(2025, 3, 2))]
    assert default_title(one) == "Gunmen attack a convoy near Gao"
    several = [*one, ("Army says 12 attackers killed", dt.date(2025, 2, 27))]
    assert default_title(several) == "Reporting of 2 documents, 27 Feb 2025 to 2 Mar 2025"
    same_day = [("A", dt.date(2025, 3, 2)), ("B", dt.date(2025, 3, 2))]
    assert default_title(same_day) == "Reporting of 2 documents, 2 Mar 2025"


def test_a_brief_of_other_documents_does_not_take_the_seeds_headline(tmp_path):
    from conftest import write_seeds

    from helpers.brief import build_brief

    seeds = write_seeds(
        tmp_path / "seeds",
        {
            "a": "Gunmen attacked a convoy near Gao on Sunday, killing four soldiers, the army said.\n",
            "b": "Four soldiers died when gunmen ambushed a convoy near Gao on Sunday, officials said.\n",
        },
        "2025-03-03",
        "Africa/Bamako",
    )
    from helpers.extract import dump_facts, extract_document
    from helpers.facts import load_documents

    facts = tmp_path / "facts"
    facts.mkdir()
    for doc_id, doc in load_documents(seeds).items():
        (facts / f"{doc_id}.facts.yaml").write_text(dump_facts(extract_document(doc)))
    brief = build_brief(seeds_dir=str(seeds), facts_dir=str(facts))
    assert brief.params.title == "Reporting of 2 documents, 3 Mar 2025"
    assert "Hezbollah" not in brief.params.title


def test_an_as_of_before_every_document_is_a_parameter_error_before_extraction(tmp_path):
    from conftest import write_seeds

    from helpers.rendering.run import render

    seeds = write_seeds(
        tmp_path / "seeds",
        {"a": "Gunmen attacked a convoy near Gao on Sunday, the army said.\n"},
        "2025-03-03",
        "Africa/Bamako",
    )
    with pytest.raises(ParameterError, match="no document was published on or before"):
        render({"seeds_dir": str(seeds), "as_of": "2025-01-01"}, out_dir=tmp_path / "out")
    assert not (tmp_path / "out").exists()
