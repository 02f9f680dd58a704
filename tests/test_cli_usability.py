"""The command line for a person: the steps of a render on stderr, long lists
in messages cut ("1,000 documents, e.g. a, b, c, and 997 more") and "did you mean" for an
unknown id."""

from __future__ import annotations

import re

import pytest
import yaml

from helpers import config
from helpers.brief.build import build_brief
from helpers.brief.params import ParameterError
from helpers.cli import main
from helpers.facts.listing import did_you_mean, suggestion
from helpers.facts.loading import InputError, document_paths, listed, load_corpus


def test_a_long_list_is_cut_a_short_one_given_whole():
    ids = [f"doc-{i:04d}" for i in range(1000)]
    assert listed(ids, "documents") == (
        "1,000 documents, e.g. doc-0000, doc-0001, doc-0002, and 997 more"
    )
    assert listed(ids[:20], "documents") == ", ".join(ids[:20])
    assert listed([], "documents") == ""


def test_did_you_mean_by_id_by_name_or_none():
    names = {"kh": "Kata'ib Hezbollah (KH)", "kh-leader": "Unnamed senior Kata'ib Hezbollah "
             "leader", "us-gov": "United States"}  # fmt: skip
    assert did_you_mean("us-gv", names) == "us-gov"  # a typo in the id
    assert did_you_mean("united state", names) == "us-gov"  # close to a name
    assert did_you_mean("hezbollah", names) == "kh"  # held by names: the plainest one
    assert did_you_mean("zz", names) is None
    assert suggestion("kh-leadr", names) == "; did you mean 'kh-leader'?"
    assert suggestion("nothing like it", ["a", "b"]) == ""


def test_an_unknown_document_among_a_thousand(tmp_path):
    for i in range(1000):
        (tmp_path / f"report-{i:04d}.txt").write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as err:
        document_paths(tmp_path, ["report-0042", "report-042"])
    message = str(err.value)
    assert message == (
        f"{tmp_path}: unknown document(s) report-042; documents here: 1,000 documents, e.g. "
        "report-0000, report-0001, report-0002, and 997 more; did you mean 'report-0042'?"
    )


def test_an_unknown_actor_among_many_is_one_short_line(workspace):
    seeds, facts = workspace
    path = facts / f"{config.SEEDS_DIR.glob('*.txt').__next__().stem}.facts.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    first = data["actors"][0]
    data["actors"] += [
        {**first, "id": f"group-{i:02d}", "name": f"Group {i:02d}", "aliases": []}
        for i in range(40)
    ]
    data["events"][0]["initiators"] = ["group-4"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    with pytest.raises(InputError) as err:
        load_corpus(seeds, facts)
    message = str(err.value)
    n = len(data["actors"])
    assert re.search(
        rf"unknown actor id 'group-4'; known actors: {n} actors, e\.g\. [^;]+, and {n - 3} more; "
        r"did you mean 'group-04'\?$",
        message,
    ), message
    assert len(message) < 400


def test_an_unknown_focus_actor_gets_a_suggestion():
    with pytest.raises(ParameterError, match=r"did you mean 'kh' \(Kata'ib Hezbollah \(KH\)\)\?$"):
        build_brief(focus_actor="hezbollah")


def test_an_unknown_parameter_gets_a_suggestion(capsys):
    assert main(["render", "-p", "focus", "kh"]) == 2
    assert capsys.readouterr().err.endswith("; did you mean 'focus_actor'?\n")


@pytest.mark.execution
def test_render_shows_each_step_on_stderr(tmp_path, capsys):
    assert main(["render", "--format", "html,explorer", "--progress", "--out", str(tmp_path)]) == 0
    lines = [x for x in capsys.readouterr().err.splitlines() if x.startswith("brief render [")]
    steps = [re.sub(r"^brief render \[ *[\d.]+ s\] ", "", x) for x in lines]
    assert steps == [
        "checking the inputs and parameters",
        "running 10-render-brief.ipynb and writing html",
        "writing explorer.html",
        f"moving 8 files into {tmp_path}",
        "done",
    ]
    # without --progress, and stderr not a terminal: nothing but errors on stderr
    assert main(["render", "--format", "html", "--out", str(tmp_path)]) == 0
    assert "brief render [" not in capsys.readouterr().err


def _parsers(parser, path=("brief",)):
    """Every parser of the command line with its command path: brief, brief render, ..."""
    import argparse

    yield path, parser
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _parsers(sub, (*path, name))


def test_every_option_of_every_command_has_help_text():
    """Walks the parser ``brief`` builds: each subcommand has a help line and each of its
    options and arguments a non-empty help text (argparse's own -h/--help included)."""
    import argparse

    from helpers.cli import build_parser

    root = build_parser()
    missing, commands = [], []
    for path, parser in _parsers(root):
        commands.append(" ".join(path))
        for action in parser._actions:
            if isinstance(action, argparse._SubParsersAction):
                missing += [f"{' '.join(path)} {c.dest}" for c in action._choices_actions
                            if not (c.help or "").strip()]  # fmt: skip
                continue
            if action.help == argparse.SUPPRESS:
                continue
            if not (action.help or "").strip():
                name = "/".join(action.option_strings) or action.dest
                missing.append(f"{' '.join(path)} {name}")
    assert len(commands) > 8, commands
    assert missing == [], f"options without help text: {missing}"


def test_render_store_is_the_store_parameter(tmp_path, capsys):
    from helpers.cli import main

    missing = tmp_path / "no-such-store"
    code = main(["render", "--store", str(missing), "--out", str(tmp_path / "out")])
    err = capsys.readouterr().err
    assert code != 0 and "store" in err and str(missing) in err
    assert not (tmp_path / "out").exists()  # nothing written for a bad store
