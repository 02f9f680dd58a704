"""The brief's figures: legible at print size, honest about time and place, byte-stable.

The map fixture (tests/geo_fixture.py) is a text of our own naming real places of several
conflicts; the seed brief gives the uncertainty window and the inferred dates."""

from __future__ import annotations

import base64
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import geo_fixture
import pandas as pd
import pytest

from helpers import build_brief, config, render
from helpers.brief import figures, sections

SVG = "{http://www.w3.org/2000/svg}"
MM = 72 / 25.4  # points per millimetre
PAGE_WIDTHS_MM = {"A4": 210, "letter": 215.9}


def print_width_pt() -> float:
    """The width of the PDF's text block, from the stylesheet's @page rule (size and margins)."""
    css = (config.PACKAGE_DIR / "brief/templates/brief/brief.css").read_text(encoding="utf-8")
    page = re.search(r"@page\s*{[^}]*?size:\s*(\w+);\s*margin:\s*([^;]+);", css, re.S)
    margins = [float(m) for m in re.findall(r"([\d.]+)mm", page.group(2))]
    left_right = margins[1] + margins[3 if len(margins) == 4 else 1]
    return (PAGE_WIDTHS_MM[page.group(1)] - left_right) * MM


def font_sizes(svg: str) -> tuple[float, list[float]]:
    """(the SVG's width in points, the size of every text in it, in its own units = points)."""
    root = ET.fromstring(svg)
    width = float(root.get("width").removesuffix("pt"))
    assert root.get("viewBox").split()[2] == root.get("width").removesuffix("pt")  # 1 unit = 1 pt
    sizes = [
        float(m.group(1))
        for t in root.iter(f"{SVG}text")
        if (m := re.search(r"font-size:\s*([\d.]+)px", t.get("style", "")))
    ]
    assert len(sizes) == len(list(root.iter(f"{SVG}text"))), "a text without a font size"
    return width, sizes


def assert_legible(svg: str, name: str) -> None:
    """Every text at least 8 pt once the figure is scaled into the print text block (an image
    wider than the block is shrunk to it: figure img { max-width: 100% })."""
    width, sizes = font_sizes(svg)
    scale = min(1.0, print_width_pt() / width)
    assert sizes, f"{name}: no text"
    assert min(sizes) * scale >= 8.0, f"{name}: {min(sizes)} pt x {scale:.2f}"


@pytest.fixture(scope="module")
def geo_brief(tmp_path_factory):
    seeds, facts = geo_fixture.write(tmp_path_factory.mktemp("geo"))
    return build_brief(seeds_dir=str(seeds), facts_dir=str(facts), title="Places")


@pytest.fixture(scope="module")
def seed_brief():
    return build_brief()


def test_every_figure_is_legible_at_print_size(seed_brief, geo_brief):
    for b in (seed_brief, geo_brief):
        assert_legible(figures.timeline_figure(b)[0], "timeline")
        assert_legible(figures.relation_figure(b), "relations")
        assert_legible(figures.weekly_figure(b), "weekly")
        assert_legible(figures.map_figure(b), "map")


def drawn(element) -> int:
    """Paths and uses drawn under ``element`` (a <defs> only defines a shape)."""
    return sum(
        1 if child.tag in (f"{SVG}path", f"{SVG}use") else drawn(child)
        for child in element
        if child.tag != f"{SVG}defs"
    )


def markers(svg: str) -> dict[str, int]:
    """Markers drawn per status group (``<g id="events-STATUS">``: one path or use per event)."""
    root = ET.fromstring(svg)
    return {
        g.get("id").removeprefix("events-"): drawn(g)
        for g in root.iter(f"{SVG}g")
        if (g.get("id") or "").startswith("events-")
    }


def test_map_has_one_marker_per_placed_event_and_lists_the_rest(geo_brief):
    svg = figures.map_figure(geo_brief)
    assert markers(svg) == {"reported": 3, "claimed": 1}  # Kramatorsk, Kherson, Mashtal; Hodeidah
    placed, unresolved, outside = figures.mapped_events(geo_brief)
    assert outside.empty
    assert set(placed["event_id"]) == geo_fixture.PLACED
    assert {u["place"] for u in unresolved} == geo_fixture.UNRESOLVED
    html = sections.map_section(geo_brief)
    assert "Not on the map" in html and "Tinzaouaten" in html and "Europe and Asia" in html


def test_timeline_table_has_coordinates_and_precision(geo_brief):
    t = geo_brief.timeline.set_index("event_id")
    assert t.loc["e-kramatorsk", "geo_precision"] == 1
    assert t.loc["e-kherson", "geo_precision"] == 2
    assert t.loc["e-mashtal", "geo_basis"] == "Baghdad, Iraq (GeoNames)"
    assert t.loc["e-kramatorsk", "lat"] == pytest.approx(48.73, abs=0.01)
    assert t.loc["e-tinzaouaten", "geo_basis"].startswith("unresolved: ")
    assert str(t.loc["e-tinzaouaten", "geo_precision"]) == "<NA>"


def test_figures_are_byte_stable(tmp_path):
    def svgs():
        seeds, facts = geo_fixture.write(tmp_path / f"run{len(list(tmp_path.iterdir()))}")
        b = build_brief(seeds_dir=str(seeds), facts_dir=str(facts), title="Places")
        return [figures.map_figure(b), figures.timeline_figure(b)[0], figures.weekly_figure(b)]

    first, second = svgs(), svgs()
    assert [s.encode() for s in first] == [s.encode() for s in second]
    seed = build_brief()
    assert figures.relation_figure(seed) == figures.relation_figure(build_brief())


def test_a_date_window_is_not_drawn_as_a_duration(seed_brief):
    """ "At a date not given, between 28 Jan and 8 Feb" is a whisker with words, not a bar;
    inferred dates are tagged in words (visible in every renderer)."""
    svg, _, _ = figures.timeline_figure(seed_brief)
    assert "date not given: between 28 Jan and 08 Feb" in svg
    assert svg.count("* year inferred") == 3
    assert "hatch" not in svg.lower() and "<pattern" not in svg


def test_far_background_events_are_listed_not_drawn(geo_brief):
    svg, undated, far = figures.timeline_figure(geo_brief)
    assert [e.id for e in far] == ["e-old"]
    assert "In 2019" not in svg  # its label is not on the axis
    assert "2019" in sections.timeline_figure(geo_brief)  # it is in the caption


def test_rendered_brief_figures_are_legible_and_the_map_is_in_it(tmp_path):
    """A real render (papermill, nbconvert, WeasyPrint): every figure in the HTML passes the
    font test, the map and its list of unplaced places are there, the CSV has coordinates."""
    seeds, facts = geo_fixture.write(tmp_path / "in")
    out = tmp_path / "out"
    render({"seeds_dir": str(seeds), "facts_dir": str(facts)}, out_dir=out)
    html = (out / "brief.html").read_text(encoding="utf-8")
    images = re.findall(r'<img alt="([^"]+)" src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert {alt for alt, _ in images} >= {"Map of events", "Timeline of events"}
    for alt, data in images:
        assert_legible(base64.b64decode(data).decode("utf-8"), alt)
    assert "Not on the map" in html
    header = (out / "tables" / "timeline.csv").read_text(encoding="utf-8").splitlines()[0]
    assert "lat,lon,geo_precision,geo_basis" in header
    assert Path(out / "brief.pdf").stat().st_size > 0


def test_points_far_from_the_rest_are_listed_outside_the_view(geo_brief):
    """A point on another continent from most events does not shrink the map to a world view:
    it is listed under the map instead."""
    from types import SimpleNamespace

    far = geo_brief.timeline.iloc[[1]].assign(
        event_id="e-far", location="Lima", lat=-12.05, lon=-77.04, geo_precision=1
    )
    timeline = pd.concat([geo_brief.timeline, far], ignore_index=True)
    placed, _, outside = figures.mapped_events(SimpleNamespace(timeline=timeline))
    assert list(outside["event_id"]) == ["e-far"]
    assert set(placed["event_id"]) == geo_fixture.PLACED


def test_unplaced_places_are_grouped_by_reason_with_counts(geo_brief):
    html = sections.map_section(geo_brief)
    assert "a multi-country place, no single point: " in html
    assert "not in the gazetteer and no country given: " in html


def test_relation_graph_actor_boxes_do_not_overlap(seed_brief):
    graph, pos, names, _ = figures.relation_layout(seed_brief)
    assert set(pos) == set(graph.nodes) and len(pos) == 13
    boxes = [figures._text_box(*pos[n], names[n]) for n in pos]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            assert figures._overlap(a, b) == 0
    svg = figures.relation_figure(seed_brief)
    for label in ("relation reported", "claimed or hedged", "state, government, forces"):
        assert label in svg  # the legend
