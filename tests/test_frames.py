"""``brief.frames()``: the facts as typed DataFrames for notebooks, and the notebook cell that
shows them in JupyterLab without changing the rendered brief."""

from __future__ import annotations

import datetime as dt

import nbformat
import pandas as pd
import pytest
from conftest import write_seeds

from helpers import render
from helpers.brief.build import build_brief
from helpers.brief.lab import MARKER, SCOPE, scoped, stylesheet
from helpers.rendering.html import to_html


@pytest.fixture(scope="module")
def frames():
    return build_brief().frames()


def test_one_row_per_fact_with_typed_columns(frames):
    brief = build_brief()
    assert sorted(frames.events["id"]) == sorted(e.id for e in brief.facts.events)
    assert set(frames.actors["id"]) == set(brief.facts.actors)
    assert set(frames.claims["id"]) == {c.id for c in brief.facts.claims}
    assert list(frames.gaps["id"]) == [g.id for g in brief.gaps()]
    events = frames.events
    assert str(events["start_utc"].dtype) == "datetime64[us, UTC]"
    assert str(frames.claims["end_utc"].dtype) == "datetime64[us, UTC]"
    assert events["killed"].dtype == "Int64" and events["in_window"].dtype == "boolean"
    assert isinstance(events["kind"].dtype, pd.CategoricalDtype)
    assert events["id"].dtype == "string"
    assert all(isinstance(x, list) for x in events["initiators"])
    assert all(isinstance(x, list) for x in frames.claims["about"])


def test_times_are_the_instants_the_source_gives(frames):
    events = frames.events.set_index("id")
    strike = events.loc["e-strike-2024-02-07"]  # 21:30 Baghdad time (UTC+3)
    assert strike["start_utc"] == pd.Timestamp(dt.datetime(2024, 2, 7, 18, 30, tzinfo=dt.UTC))
    assert strike["end_utc"] - strike["start_utc"] == pd.Timedelta(minutes=1)
    assert strike["killed"] == 1 and strike["initiators"] == ["centcom", "us-gov"]
    undated = frames.events[frames.events["precision"] == "unknown"]
    assert undated["start_utc"].isna().all()
    day = frames.events[frames.events["precision"] == "day"].iloc[0]
    assert day["end_utc"] - day["start_utc"] == pd.Timedelta(days=1)


def test_a_brief_without_times_or_claims(tmp_path):
    """One undated event, no claim, no gap of the analyst's: every column keeps its dtype."""
    text = "The harbour council met again, its clerk wrote, but gave no date for it.\n"
    seeds = write_seeds(tmp_path / "seeds", {"m": text}, "2024-03-04", "UTC")
    facts = tmp_path / "facts"
    facts.mkdir()
    quote = "The harbour council met again"
    (facts / "m.facts.yaml").write_text(
        "schema_version: 1\nreviewed_by: test\nreview_status: analyst-reviewed\n"
        "documents: [m]\nactors:\n  - {id: council, name: harbour council, kind: organisation,"
        f" spans: [{{doc: m, start: 4, end: 19, quote: harbour council}}]}}\nevents:\n"
        "  - {id: e-meet, kind: meeting, summary: The council met., when: {precision: unknown},"
        f" initiators: [council], status: reported, spans: [{{doc: m, start: 0, end: "
        f"{len(quote)}, quote: {quote}}}]}}\n",
        encoding="utf-8",
    )
    got = build_brief(seeds_dir=str(seeds), facts_dir=str(facts)).frames()
    assert str(got.events["start_utc"].dtype) == "datetime64[us, UTC]"
    assert got.events["start_utc"].isna().all() and got.events["killed"].isna().all()
    assert len(got.claims) == 0 and str(got.claims["start_utc"].dtype) == "datetime64[us, UTC]"
    assert got.claims["id"].dtype == "string"


@pytest.mark.execution
def test_the_notebook_shows_them_and_the_brief_leaves_them_out(tmp_path):
    render(out_dir=tmp_path, formats=["html"])
    nb = nbformat.read(tmp_path / "brief.ipynb", as_version=4)
    cell = nb.cells[-1]
    assert cell.metadata["tags"] == ["explore"]
    tables = [o for o in cell.outputs if "text/html" in o.get("data", {})]
    assert len(tables) == 4 and "start_utc" in tables[0]["data"]["text/html"]
    # the brief's stylesheet, scoped to the notebook, shown before the sections
    style = next(c for c in nb.cells if c.get("id") == "lab-style")
    assert style.metadata["tags"] == ["explore"]
    (shown,) = [o["data"] for o in style.outputs if "text/html" in o.get("data", {})]
    assert shown["text/plain"] == ""
    assert f"<style>{SCOPE} {{ font-family" in shown["text/html"]
    assert f"{SCOPE} table.dataframe thead th" in shown["text/html"]
    html = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert "start_utc" not in html and MARKER not in html
    # the brief is exactly the brief of the notebook without the two cells
    nb.cells = [c for c in nb.cells if "explore" not in c.metadata.get("tags", [])]
    assert to_html(nb) == html


def test_the_lab_stylesheet_is_the_briefs_scoped_to_the_notebook():
    """Every rule of brief.css but the page's own (@page, media, the page's box) is carried over
    with each selector under the scope; nothing else is styled."""
    css = "@page { size: A4 }\nhtml { color: #111 }\nmain.brief { padding: 1em }\n" \
          ".md h2, .out h2 { color: blue }\ntable.brief th, td { padding: 0 }\n" \
          "@media print { p { color: red } }\n"  # fmt: skip
    assert scoped(css, ".s").splitlines() == [
        ".s { color: #111 }",
        ".s h2 { color: blue }",
        ".s table.brief th, .s td { padding: 0 }",
    ]
    every = stylesheet()
    rules = [line for line in every.splitlines() if "{" in line]
    assert rules and all(line.startswith(SCOPE) for line in rules)
    assert "@" not in every and "</" not in every


def test_times_at_the_edges_of_the_date_range_fit_the_frame():
    """The facts' dates run from 0002 to 9998: a nanosecond column would overflow."""
    import datetime as dt

    import pandas as pd

    from helpers.brief.frames import UTC, _typed

    far = [
        {"t": pd.Timestamp(dt.datetime(2, 1, 1, tzinfo=dt.UTC))},
        {"t": pd.Timestamp(dt.datetime(9998, 12, 31, tzinfo=dt.UTC))},
        {"t": pd.NaT},
    ]
    frame = _typed(far, {"t": UTC})
    assert str(frame["t"].dtype) == "datetime64[us, UTC]"
    assert [t.year for t in frame["t"].dropna()] == [2, 9998]
