"""Reader-facing text the brief must lay out (issue 17, items 9 and 10).

* A long run of characters without a space (a pasted link, a name without spaces) gets an
  invisible ``<wbr>`` after every 40 characters (:func:`helpers.brief.text.breakable`): the PDF
  layout stays linear in its length, and the text a reader sees or copies is unchanged.
* Names in Arabic, Persian, Cyrillic and Chinese are drawn (the brief's fonts cover those
  scripts, in the HTML, the PDF and the figures) and no warning a cell printed reaches the brief.
"""

from __future__ import annotations

import html
import json
import re
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import CHROMIUM
from markupsafe import Markup
from pypdf import PdfReader

from helpers import config, render
from helpers.brief.text import BREAK_EVERY, breakable
from helpers.rendering.html import to_html

#: A link pasted into a notice, 2,033 characters without a space.
TOKEN = "https://files.example.org/pasted/" + "q7Zx" * 500
#: Organisations named in their own scripts.
NAMES = {
    "council": "مجلس المدينة",  # Arabic
    "municipality": "شهرداری تهران",  # Persian (Arabic script, with Persian letters)
    "soviet": "Городской совет",  # Cyrillic
    "port": "港口管理局",  # Chinese
}
TEXT = (
    "HARBOUR NOTES\n\nThe council of the old town, مجلس المدينة, met on Monday after the storm. "
    "A letter from شهرداری تهران was read out, and Городской совет sent its regards. "
    "港口管理局 said the quay road would reopen within the week.\n\n"
    f"A reader pasted this link under the notice: {TOKEN} and left.\n"
)


def _span(words: str) -> str:
    start = TEXT.index(words)
    quote = json.dumps(words, ensure_ascii=False)
    return f"{{doc: harbour, start: {start}, end: {start + len(words)}, quote: {quote}}}"


def _write_inputs(seeds: Path, facts: Path) -> None:
    seeds.mkdir()
    facts.mkdir()
    (seeds / "harbour.txt").write_text(TEXT, encoding="utf-8")
    (seeds / "harbour.meta.yaml").write_text(
        "id: harbour\ntitle: Harbour notes\npublisher: The Quay Gazette\n"
        "published: '2024-03-04'\ntimezone: UTC\nlanguage: en\n",
        encoding="utf-8",
    )
    actors = [
        f"  - {{id: {key}, name: {json.dumps(name, ensure_ascii=False)}, kind: organisation, "
        f"spans: [{_span(name)}]}}"
        for key, name in NAMES.items()
    ]
    actors.append(f"  - {{id: pasted, name: {TOKEN}, kind: organisation, spans: [{_span(TOKEN)}]}}")
    meeting = "The council of the old town, مجلس المدينة, met on Monday"
    (facts / "harbour.facts.yaml").write_text(
        "schema_version: 1\nreviewed_by: test\nreview_status: analyst-reviewed\n"
        "documents: [harbour]\nactors:\n"
        + "\n".join(actors)
        + f"""
events:
  - id: e-meeting
    kind: meeting
    summary: The council of the old town met after the storm.
    when: {{start: "2024-03-04", precision: day, expression: Monday}}
    initiators: [council, soviet]
    targets: [port, municipality]
    status: reported
    spans: [{_span(meeting)}]
""",
        encoding="utf-8",
    )


@pytest.fixture(scope="module")
def harbour(tmp_path_factory) -> Path:
    """The brief (HTML and PDF) of one notice naming the four organisations and a long link."""
    root = tmp_path_factory.mktemp("harbour")
    _write_inputs(root / "seeds", root / "facts")
    render(
        {"seeds_dir": str(root / "seeds"), "facts_dir": str(root / "facts"), "title": "Harbour"},
        out_dir=root / "out",
    )
    return root / "out"


def _text_nodes(raw: str) -> list[str]:
    """The text between tags (style bodies left out), entities decoded."""
    raw = re.sub(r"(?is)<style\b.*?</style>", "", raw)
    return [html.unescape(t) for t in re.findall(r">([^<]*)<", raw)]


# ------------------------------------------------------------------------------------------------
# The filter


def test_breakable_escapes_then_adds_invisible_breaks():
    out = breakable("<b>&" + "x" * 90 + " short")
    assert isinstance(out, Markup)
    assert out == "&lt;b&gt;&amp;" + "x" * 36 + "<wbr>" + "x" * 40 + "<wbr>" + "x" * 14 + " short"
    assert html.unescape(str(out).replace("<wbr>", "")) == "<b>&" + "x" * 90 + " short"


def test_breakable_leaves_short_text_as_autoescape_prints_it():
    assert breakable("Kata'ib & <co>") == "Kata&#39;ib &amp; &lt;co&gt;"
    assert breakable("y" * BREAK_EVERY) == "y" * BREAK_EVERY
    assert breakable(None) == ""
    assert breakable(Markup("<em>kept</em>")) == "<em>kept</em>"


def test_breakable_never_cuts_inside_an_entity_or_a_character_with_its_marks():
    out = str(breakable("&" * 100 + " " + "e\u0301" * 50))
    for piece in out.split(" ")[0].split("<wbr>"):
        assert re.fullmatch(r"(&amp;)+", piece)
    for piece in out.split(" ")[1].split("<wbr>"):
        assert not piece.startswith("\u0301")  # no accent left without its letter


def test_breakable_shows_hidden_characters():
    assert breakable("a\u202eb") == "a[U+202E]b"


# ------------------------------------------------------------------------------------------------
# The rendered brief


@pytest.mark.execution
def test_a_long_run_is_cut_into_short_pieces_that_read_as_one(harbour):
    raw = (harbour / "brief.html").read_text(encoding="utf-8")
    runs = [run for t in _text_nodes(raw) for run in t.split() if len(run) > BREAK_EVERY]
    assert [re.fullmatch("[0-9a-f]{64}", run) is not None for run in runs] == [True]  # the digest
    without = html.unescape(re.sub(r"<wbr/?>", "", raw))
    assert without.count(TOKEN) >= 2  # the actors table and the Source texts appendix
    pages = "\n".join(p.extract_text() for p in PdfReader(harbour / "brief.pdf").pages)
    margins = r"UNCLASSIFIED // OPEN SOURCE( page \d+ of \d+)?"  # what each page break adds
    assert TOKEN in "".join(re.sub(margins, "", pages).split())  # broken across lines, all there


@pytest.mark.execution
def test_names_in_four_scripts_are_drawn_and_no_warning_reaches_the_brief(harbour):
    raw = (harbour / "brief.html").read_text(encoding="utf-8")
    assert 'class="stream' not in raw
    for leak in ("Warning", "missing from font", "findfont", "Traceback", str(config.PROJECT_ROOT)):
        assert leak not in raw, leak
    reader = PdfReader(harbour / "brief.pdf")
    text = " ".join(p.extract_text() for p in reader.pages)
    for leak in ("Warning", "missing from font", str(config.PROJECT_ROOT)):
        assert leak not in text, leak
    for name in NAMES.values():
        # pypdf joins two right-to-left words of Typst's text layer without their space
        # ("مجلسالمدينة"; poppler's pdftotext reads the space): the letters, in order, are there
        assert name.replace(" ", "") in text.replace(" ", ""), name
    fonts = {
        str(font.get_object()["/BaseFont"]).split("+")[-1]
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
    }
    assert any(re.match("Noto-?Sans-?CJK", f) for f in fonts), fonts  # the Chinese is drawn
    # the figures' fonts had every glyph: matplotlib warned of none (a warning would be a
    # stream output of the notebook, which keeps what its cells printed)
    nb = nbformat.read(harbour / "brief.ipynb", as_version=4)
    printed = "".join(
        "".join(o.get("text", ""))
        for cell in nb.cells
        for o in cell.get("outputs", [])
        if o.output_type == "stream"
    )
    assert "missing from font" not in printed


def test_what_a_cell_prints_stays_in_the_notebook():
    """A warning a cell printed (stderr, with a path of the machine) is kept in the notebook and
    left out of the brief's HTML; the cell's HTML output is shown."""
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("x")
    cell.outputs = [
        nbformat.v4.new_output("stream", name="stderr", text="/srv/x.py:3: UserWarning: boom\n"),
        nbformat.v4.new_output("stream", name="stdout", text="stdout of cell 7731\n"),
        nbformat.v4.new_output("display_data", data={"text/html": "<p>shown</p>"}),
    ]
    nb.cells.append(cell)
    page = to_html(nb)
    assert "<p>shown</p>" in page
    assert "UserWarning" not in page and "cell 7731" not in page and "/srv/" not in page


# ------------------------------------------------------------------------------------------------
# What a reader copies, in a browser


@pytest.mark.execution
def test_a_reader_copies_the_long_run_whole(harbour):
    if CHROMIUM is None:
        pytest.fail("no chromium on PATH (scripts/install-test-deps.sh installs it)")
    sys.path.insert(0, str(config.PROJECT_ROOT / "benchmarks"))
    from csp_check import Chromium

    chrome = Chromium(CHROMIUM)
    try:
        target = chrome.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        session = chrome.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
            "sessionId"
        ]
        chrome.send("Page.enable", session=session)
        chrome.send("Page.navigate", {"url": (harbour / "brief.html").as_uri()}, session)
        chrome.wait_for("Page.loadEventFired", session)
        # select the appendix's paragraphs as a reader would, and take the selection's text
        copied = chrome.send(
            "Runtime.evaluate",
            {
                "expression": "(() => { const s = getSelection(); s.removeAllRanges();"
                " const r = document.createRange();"
                " r.selectNodeContents(document.querySelector('.source-text'));"
                " s.addRange(r); return s.toString(); })()",
                "returnByValue": True,
            },
            session,
        )["result"]["value"]
    finally:
        chrome.close()
    assert TOKEN in copied
    for name in NAMES.values():
        assert name in copied


def test_a_figure_says_which_characters_no_font_has():
    """A character no installed font has (one of Unicode's private-use code points) is named in
    words at the figure's foot; matplotlib's warning does not escape to stderr."""
    import warnings

    import matplotlib
    from matplotlib.figure import Figure

    from helpers.brief import figures

    with matplotlib.rc_context(figures.RC):
        fig = Figure(figsize=(4, 2))
        fig.subplots().set_title("Harbour \U0010fffd council 港口管理局")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        svg = figures.to_svg(fig)
    assert "fonts (they may show as boxes): U+10FFFD" in svg
    assert "U+6E2F" not in svg  # the Chinese has its font
