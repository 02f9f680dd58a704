"""The Typst PDF engine (``brief render --pdf-engine typst``, :mod:`helpers.rendering.typst_pdf`).

Checked on the seed brief rendered through papermill with ``pdf_engine="typst"``: the same words as
the HTML (a word-by-word comparison, page furniture apart), the marking at the top and bottom of
every page, internal links, named destinations and bookmarks, Debian's fonts only, the same bytes
from the same HTML. On the injection fixture of ``tests/test_injection.py`` rendered with Typst:
every payload in every field is literal text in the PDF. On small pages written here: Typst's
markup characters print as themselves wherever text goes, and a long table repeats its header on
every page.
"""

from __future__ import annotations

import base64
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_injection import CASES, NAMES, PARAMETERS, PAYLOADS, tag, write_inputs
from test_navigation_render import pdf_navigation

from helpers import config, render
from helpers.rendering.errors import RenderError
from helpers.rendering.typst_pdf import document, to_pdf

pytestmark = pytest.mark.execution

MARKING = "UNCLASSIFIED // OPEN SOURCE"
SEED = config.SEEDS_DIR / "000_30fe353d1ee95435.txt"


def pdf_text(path: Path) -> list[str]:
    return [page.extract_text() for page in PdfReader(path).pages]


class _Text(HTMLParser):
    """The text a reader sees in the page's body (no head, style or script)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._skip += tag in ("head", "style", "script")

    def handle_endtag(self, tag):
        self._skip -= tag in ("head", "style", "script")

    def handle_data(self, data):
        if not self._skip:
            self.parts.append(data)


def words(text: str) -> Counter:
    return Counter(w.lower() for w in re.findall(r"\w+", text))


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("typst-seed")
    render(out_dir=out, pdf_engine="typst")
    return out


def test_the_pdf_says_what_the_html_says(seed):
    raw = (seed / "brief.html").read_text(encoding="utf-8")
    parser = _Text()
    parser.feed(raw)
    html = words(" ".join(parser.parts))
    pages = pdf_text(seed / "brief.pdf")
    pdf = words(" ".join(pages))
    # every word of the page, as often; pypdf runs two table cells' words together when the
    # cells sit close ("CorroborationSource"), and a word too wide for its cell breaks over two
    # lines (as CSS's overflow-wrap: anywhere does): such a word is found in the PDF's text with
    # the whitespace taken out
    missing = html - pdf
    squeezed = re.sub(r"\s+", "", " ".join(pages)).lower()
    assert {w for w in missing if w not in squeezed} == set()
    # and no word the page does not have, but the page furniture ("page x of y", the printed
    # table of contents' page numbers, list numbers) and the words drawn in the figures
    figures = " ".join(
        base64.b64decode(data).decode("utf-8")
        for data in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', raw)
    )
    known = set(html) | set(words(re.sub(r"<[^>]+>", " ", figures))) | {"page", "of"}

    def accounted(w: str) -> bool:  # a word of the page, two run together, or a piece of one
        return (
            w in known
            or w.isdigit()
            or any(w[:i] in known and w[i:] in known for i in range(1, len(w)))
            or any(w in k for k in known)
        )

    assert {w for w in pdf if not accounted(w)} == set()


def test_the_marking_is_at_the_top_and_bottom_of_every_page(seed):
    pages = pdf_text(seed / "brief.pdf")
    assert len(pages) > 3
    for i, text in enumerate(pages, 1):
        lines = [x.strip() for x in text.splitlines() if x.strip()]
        assert lines[0] == MARKING and text.count(MARKING) >= 2, i
        assert f"page {i} of {len(pages)}" in text


def test_links_destinations_and_bookmarks(seed):
    reader = PdfReader(seed / "brief.pdf")
    html = (seed / "brief.html").read_text(encoding="utf-8")
    hrefs = re.findall(r'<a [^>]*href="#([^"]+)"', html)
    destinations = pdf_navigation(reader, len(hrefs))
    assert set(hrefs) <= destinations


def test_only_debian_fonts_and_no_creation_date(seed):
    reader = PdfReader(seed / "brief.pdf")
    fonts = set()
    for page in reader.pages:
        for font in (page["/Resources"].get("/Font") or {}).values():
            fonts.add(str(font.get_object()["/BaseFont"]))
    assert fonts and all("DejaVu" in f or "Noto" in f for f in fonts), fonts
    assert any("DejaVuSans" in f for f in fonts)
    meta = reader.metadata
    assert "/CreationDate" not in meta and "/ModDate" not in meta
    assert meta.title == "U.S. drone strike in Iraq kills Kata'ib Hezbollah senior leader"


def test_the_same_html_gives_the_same_bytes(seed, tmp_path):
    html = (seed / "brief.html").read_text(encoding="utf-8")
    to_pdf(html, tmp_path / "again.pdf")
    assert (tmp_path / "again.pdf").read_bytes() == (seed / "brief.pdf").read_bytes()


# ------------------------------------------------------------------------------------------------
# Hostile text: the injection fixture, rendered with Typst


@pytest.fixture(scope="module")
def injection(tmp_path_factory) -> tuple[str, PdfReader]:
    root = tmp_path_factory.mktemp("typst-injection")
    seeds, facts = write_inputs(root)
    out = root / "out"
    params = {"seeds_dir": str(seeds), "facts_dir": str(facts), **PARAMETERS}
    render(params, out_dir=out, formats=("pdf",), pdf_engine="typst")
    reader = PdfReader(out / "brief.pdf")
    return re.sub(r"\s+", "", "\n".join(p.extract_text() for p in reader.pages)), reader


@pytest.mark.parametrize(("field", "name"), CASES, ids=[f"{f}-{n}" for f, n in CASES])
def test_payload_is_literal_text_in_the_typst_pdf(injection, field, name):
    assert re.sub(r"\s+", "", tag(field, name) + PAYLOADS[name][2]) in injection[0]


def test_the_typst_pdf_title_is_literal(injection):
    expected = " ".join(tag("title", n) + PAYLOADS[n][2] for n in NAMES)
    assert injection[1].metadata.title == expected


# ------------------------------------------------------------------------------------------------
# Small pages written here

#: Typst's markup and code characters, and sequences that would mean something in its markup.
MARKUP = [
    "#", "$", "*", "_", "`", "<", ">", "@", "[", "]", "\\", "//", "/*", "=", "~", "-", "+",
    "#set page(width: 1cm)", "$x^2$", "*bold*", "_emph_", "`raw`", "<label>", "@ref", "[content]",
    "\\u{41}", "// comment", "/* block */", "= Heading", "+ item", "- item", "1. item", "---",
    '#"str"', "#{1 + 1}", "#read(\"/etc/passwd\")", "{{x}}", "'\"", "--",
]  # fmt: skip


def _page(text: str) -> str:
    from html import escape

    t = escape(text)
    return (
        f"<html><head><title>{t}</title></head><body><main class='brief'>"
        f"<div class='marking'>{t}</div><h1 class='title'>{t}</h1><h2 id='s'>{t}</h2>"
        f"<p>{t} <a href='#s'>{t}</a> <code>{t}</code> <span class='badge'>{t}</span></p>"
        f"<ul><li>{t}</li></ul><table><thead><tr><th>{t}</th></tr></thead>"
        f"<tbody><tr id='r'><td>{t}</td></tr></tbody></table><pre>{t}</pre></main></body></html>"
    )


@pytest.mark.parametrize("text", MARKUP)
def test_typst_markup_in_document_text_prints_literally(text, tmp_path):
    to_pdf(_page(text), tmp_path / "m.pdf")
    reader = PdfReader(tmp_path / "m.pdf")
    body = "".join(p.extract_text() for p in reader.pages)
    # title, marking (twice), heading, h2, paragraph, link, code, list, header, cell, pre
    assert body.count(text) >= 11 if text.strip() else True, body
    assert reader.metadata.title == text
    assert len(reader.pages) == 1


def test_a_long_table_repeats_its_header_on_every_page(tmp_path):
    rows = "".join(f"<tr><td>row {i}</td><td>cell {i}</td></tr>" for i in range(300))
    html = (
        "<html><body><main><div class='marking'>M</div><table class='brief'>"
        "<colgroup><col class='w30'><col class='w70'></colgroup>"
        f"<thead><tr><th>First head</th><th>Second head</th></tr></thead><tbody>{rows}</tbody>"
        "</table></main></body></html>"
    )
    to_pdf(html, tmp_path / "t.pdf")
    pages = pdf_text(tmp_path / "t.pdf")
    assert len(pages) > 2
    assert all("First head" in p and "Second head" in p for p in pages)
    joined = "\n".join(pages)
    assert all(f"row {i}" in joined for i in range(300))


def test_a_link_to_no_id_is_plain_text_and_ids_are_kept_once(tmp_path):
    page = (
        "<html><body><main><p id='a'>one <a href='#nowhere'>dead</a> "
        "<a href='http://example.org/'>out</a> <a href='#a'>in</a></p><p id='a'>two</p>"
        "</main></body></html>"
    )
    tree = document(page)["body"]
    para = tree["ch"][0]["ch"][0]["ch"][0]["ch"][0]  # html > body > main > p
    assert [c.get("href") for c in para["ch"] if isinstance(c, dict)] == [None, None, "#a"]
    to_pdf(page, tmp_path / "l.pdf")
    reader = PdfReader(tmp_path / "l.pdf")
    assert set(reader.named_destinations) == {"a"}
    assert "one dead out in" in reader.pages[0].extract_text()


def test_an_unknown_engine_is_refused_before_anything_starts(tmp_path):
    with pytest.raises(ValueError, match="unknown PDF engine 'latex'"):
        render(out_dir=tmp_path / "x", pdf_engine="latex")
    assert not (tmp_path / "x").exists()


def test_a_typst_failure_is_a_render_error(tmp_path, monkeypatch):
    from helpers.rendering import typst_pdf

    bad = tmp_path / "bad.typ"
    bad.write_text("#let x = (\n", encoding="utf-8")
    monkeypatch.setattr(typst_pdf, "TEMPLATE", bad)
    with pytest.raises(RenderError, match="Typst could not lay out"):
        to_pdf("<p>x</p>", tmp_path / "x.pdf")
    assert not (tmp_path / "x.pdf").exists()
