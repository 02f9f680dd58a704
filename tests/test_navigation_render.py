"""Navigation in the rendered brief: the table of contents, an anchor for every row, citations
that land on the cited words in the Source texts appendix (HTML and PDF), and in headless
Chromium a citation's fragment URL and a click bringing the highlighted quote to the top of the
window, under the brief's Content-Security-Policy."""

from __future__ import annotations

import base64
import csv
import html
import json
import re
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import config, render
from helpers.brief.navigation import Paragraphs

pytestmark = pytest.mark.execution

SEED = config.SEEDS_DIR / "000_30fe353d1ee95435.txt"


class Page(HTMLParser):
    """What navigation needs of a page: ids (with their tags and classes), links, headings, and
    the text of the appendix's paragraphs without the paragraph numbers and the links back."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.ids: dict[str, tuple[str, str]] = {}
        self.links: list[dict] = []
        self.h2: list[str | None] = []
        self.toc: list[str] = []
        self.paragraphs: list[str] = []
        self._stack: list[tuple[str, str]] = []
        self._para: list[str] | None = None
        self._skip = 0
        self._link: dict | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        classes = a.get("class") or ""
        if "id" in a:
            self.ids[a["id"]] = (tag, classes)
        if tag == "h2":
            self.h2.append(a.get("id"))
        in_toc = any(t == "nav" for t, _ in self._stack)
        if tag == "a":
            self._link = {"href": a.get("href", ""), "class": classes, "title": a.get("title")}
            self._link["text"] = ""
            self.links.append(self._link)
            if in_toc:
                self.toc.append(a.get("href", ""))
        if tag == "p" and classes == "para":
            self._para = []
        if self._para is not None and (
            (tag == "span" and classes == "pn") or (tag == "a" and "back" in classes)
        ):
            self._skip += 1
        if tag not in ("br", "col", "meta", "img"):
            self._stack.append((tag, classes))

    def handle_endtag(self, tag):
        if self._stack:
            self._stack.pop()
        if tag == "a":
            self._link = None
        if self._para is not None and tag in ("span", "a") and self._skip:
            self._skip -= 1
        if tag == "p" and self._para is not None:
            self.paragraphs.append("".join(self._para))
            self._para = None

    def handle_data(self, data):
        if self._link is not None:
            self._link["text"] += data
        if self._para is not None and not self._skip:
            self._para.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


def rows(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


@pytest.fixture(scope="module")
def brief(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("navigation")
    render(out_dir=out)
    return out


@pytest.fixture(scope="module")
def page(brief) -> Page:
    return parse(brief / "brief.html")


def test_table_of_contents_links_every_section(page):
    assert page.toc, "no table of contents"
    assert all(page.h2), "a section heading without an id"
    assert page.toc == ["#" + h for h in page.h2]  # every section, in order
    assert "#sec-timeline" in page.toc and page.toc[-1] == "#sec-source-texts"


def test_every_row_has_its_anchor(brief, page):
    for r in rows(brief / "tables" / "timeline.csv"):
        assert page.ids[f"event-{r['event_id']}"][0] == "tr"
    for r in rows(brief / "tables" / "actors.csv"):
        assert page.ids[f"actor-{r['actor_id']}"][0] == "tr"
    for r in rows(brief / "tables" / "relations.csv"):
        assert page.ids[f"relation-{r['relation_id']}"][0] == "tr"
    from helpers import build_brief

    b = build_brief()
    for c in b.facts.claims:
        assert page.ids[f"claim-{c.id}"][0] == "tr"
    for g in b.facts.gaps:
        assert page.ids[f"gap-{g.id}"][0] == "tr"
    for j in b.facts.judgments:
        assert page.ids[f"judgment-{j.id}"][0] == "li"
    assert page.ids[f"source-{SEED.stem}"][0] == "tr"


def test_every_link_lands_on_an_id_and_every_citation_on_a_highlight(page):
    assert page.links
    for link in page.links:
        assert link["href"].startswith("#") and link["href"][1:] in page.ids, link
    citations = [x for x in page.links if x["href"].startswith("#src-")]
    assert len(citations) > 40
    for link in citations:
        assert page.ids[link["href"][1:]] == ("mark", "cited"), link
    backs = [x for x in page.links if x["class"] == "back"]
    assert backs and all(page.ids[x["href"][1:]][0] in ("tr", "li") for x in backs)
    # every highlight is the target of a citation, and links back
    marks = {i for i, (tag, _) in page.ids.items() if tag == "mark"}
    assert marks == {x["href"][1:] for x in citations}


def test_citations_read_outlet_date_paragraph_with_offsets_in_the_tooltip(page, brief):
    text = SEED.read_text(encoding="utf-8")
    tower = text.index("On January 28, suspected")
    start, end = tower, tower + len("On January 28, suspected Iran-backed militants launched")
    assert Paragraphs.of(text).number(start) == 7
    link = next(x for x in page.links if x["href"] == f"#src-{SEED.stem}-1138-1318")
    assert link["text"].replace("\u00a0", " ") == "Unnamed outlet, 8 Feb 2024, para 7"
    assert link["title"] == (
        f"{SEED.stem}: characters 1138-1318; publication date assumed by the analyst"
    )
    assert start == 1138 and end <= 1318
    # the offsets stay visible in the appendix too
    raw = (brief / "brief.html").read_text(encoding="utf-8")
    assert f'href="#src-{SEED.stem}-1138-1318"' in raw and ">1138-1318</a>" in raw


def test_the_appendix_shows_the_text_unaltered(page):
    text = SEED.read_text(encoding="utf-8")
    expected = [text[a:b] for a, b in Paragraphs.of(text).spans]
    # the page holds the text escaped; parsed back it is the publisher's characters
    assert page.paragraphs == expected


def pdf_navigation(reader: PdfReader, n_links: int) -> set[str]:
    """Check a brief's PDF keeps its navigation (whichever engine wrote it): at least 9 in 10 of
    the page's ``n_links`` links as internal links, the seed's anchors as named destinations, a
    bookmark per section and the printed table of contents with page numbers; the named
    destinations, for more checks."""
    destinations = set(reader.named_destinations)
    links = [
        a.get_object()
        for p in reader.pages
        for a in p.get("/Annots") or []
        if a.get_object()["/Subtype"] == "/Link"
    ]
    assert len(links) >= n_links * 0.9  # a link broken over two lines makes two
    assert all("/Dest" in a or a.get("/A", {}).get("/S") == "/GoTo" for a in links)
    assert not [a for a in links if "/URI" in a.get("/A", {})]  # nothing external
    assert {f"src-{SEED.stem}-1138-1318", "sec-timeline", "event-e-strike-2024-02-07"} <= (
        destinations
    )

    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]

    bookmarks = list(titles(reader.outline))
    for section in ("Bottom line up front", "Timeline", "Actors", "Source texts"):
        assert section in bookmarks
    # the printed table of contents gives each section's page
    first = re.sub(r"\s+", " ", reader.pages[0].extract_text())
    assert re.search(r"Timeline\W+\d+", first) and "Source texts" in first
    return destinations


def test_pdf_has_internal_links_and_bookmarks(brief, page):
    pdf_navigation(PdfReader(brief / "brief.pdf"), len(page.links))


def test_a_large_brief_anchors_each_event_once_and_excerpts(tmp_path):
    """Past max_rows the timeline is top lists: an event in two lists has one anchor, every link
    still lands, and every document of the appendix is an excerpt."""
    render({"max_rows": 2}, out_dir=tmp_path, formats=["html"])
    page = parse(tmp_path / "brief.html")
    raw = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert "Deadliest" in raw
    for link in page.links:
        assert link["href"][1:] in page.ids, link
    assert len(re.findall(r'\sid="event-e-strike-2024-02-07"', raw)) == 1
    assert "every document is excerpted" in html.unescape(re.sub(r"\s+", " ", raw))
    # the excerpt shows the cited paragraphs only, and says which it leaves out
    text = html.unescape(re.sub(r"\s+", " ", raw))
    assert "11 paragraphs" in text and "not shown" in text


def test_a_long_document_is_excerpted_around_its_cited_words(tmp_path):
    """A 60-paragraph report (CRLF, blank lines between paragraphs) cited in paragraphs 30
    and 31: the appendix shows paragraphs 29 to 32 and says which are left out."""
    seeds, facts = tmp_path / "seeds", tmp_path / "facts"
    seeds.mkdir()
    facts.mkdir()
    text = "".join(
        f"Paragraph {i}: the council met again on the matter of the bridge and the river road, "
        f"and the minutes of meeting {i} were read out to those present.\r\n\r\n"
        for i in range(1, 61)
    )
    text = text.replace("Paragraph 30: the council", "Paragraph 30: the Harbour Council")
    (seeds / "long.txt").write_bytes(text.encode("utf-8"))
    (seeds / "long.meta.yaml").write_text(
        "id: long\ntitle: Minutes\npublisher: The Town Crier\npublished: '2024-03-04'\n"
        "timezone: UTC\nlanguage: en\n",
        encoding="utf-8",
    )

    def span(words: str) -> str:
        start = text.index(words)
        return (
            f"{{doc: long, start: {start}, end: {start + len(words)}, quote: {json.dumps(words)}}}"
        )

    meeting = "the minutes of meeting 31 were read out"
    (facts / "long.facts.yaml").write_text(
        f"""schema_version: 1
reviewed_by: test
review_status: analyst-reviewed
documents: [long]
actors:
  - {{id: council, name: Harbour Council, aliases: [Harbour Council], kind: organisation,
      spans: [{span("the Harbour Council")}]}}
events:
  - id: e-meeting
    kind: meeting
    summary: The minutes of meeting 31 were read out.
    when: {{precision: unknown, expression: null}}
    initiators: [council]
    status: reported
    spans: [{span(meeting)}]
""",
        encoding="utf-8",
    )
    assert len(text) > 8000
    render(
        {"seeds_dir": str(seeds), "facts_dir": str(facts), "title": "Minutes"},
        out_dir=tmp_path / "out",
        formats=["html"],
    )
    raw = (tmp_path / "out" / "brief.html").read_text(encoding="utf-8")
    page = parse(tmp_path / "out" / "brief.html")
    for link in page.links:
        assert link["href"][1:] in page.ids, link
    flat = re.sub(r"\s+", " ", raw)
    assert "60 paragraphs; excerpt: 4 of 60 paragraphs" in flat
    assert "[ … ] paragraphs 1–28 not shown" in flat and "[ … ] paragraphs 33–60 not shown" in flat
    expected = [text[a:b] for a, b in Paragraphs.of(text).spans[28:32]]
    assert page.paragraphs == expected  # paragraphs 29-32, as written
    citation = next(x for x in page.links if x["href"].startswith("#src-long-"))
    assert citation["text"].replace("\u00a0", " ").startswith("The Town Crier, 4 Mar 2024, para ")


# ------------------------------------------------------------------------------------------------
# In a browser

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
#: What the page reports after a jump: how far it scrolled, where the target is, what it is.
WHERE = """JSON.stringify((() => {
  const id = decodeURIComponent(location.hash.slice(1));
  const el = document.getElementById(id);
  const r = el ? el.getBoundingClientRect() : null;
  return {hash: location.hash, scrollY: scrollY, height: innerHeight, tag: el && el.tagName,
          top: r && r.top, bottom: r && r.bottom,
          background: el && getComputedStyle(el).backgroundColor,
          violations: window.__cspViolations || []};
})())"""


def open_page(chrome, url: str) -> tuple[str, str]:
    """A new tab on ``url``, loaded: its target and session ids."""
    from csp_check import LISTENER

    chrome.events = []
    target = chrome.send("Target.createTarget", {"url": "about:blank"})["targetId"]
    session = chrome.send("Target.attachToTarget", {"targetId": target, "flatten": True})[
        "sessionId"
    ]
    for domain in ("Page", "Runtime", "Log"):
        chrome.send(f"{domain}.enable", session=session)
    chrome.send("Page.addScriptToEvaluateOnNewDocument", {"source": LISTENER}, session)
    chrome.send("Page.navigate", {"url": url}, session)
    chrome.wait_for("Page.loadEventFired", session)
    chrome.settle(0.5)
    return target, session


def evaluate(chrome, session: str, expression: str):
    reply = chrome.send(
        "Runtime.evaluate", {"expression": expression, "returnByValue": True}, session
    )
    return reply["result"].get("value")


def where(chrome, session: str) -> dict:
    return json.loads(evaluate(chrome, session, WHERE))


def csp_messages(chrome, session: str) -> list[str]:
    return [
        e["params"]["entry"]["text"]
        for e in chrome.events
        if e.get("sessionId") == session
        and e.get("method") == "Log.entryAdded"
        and "Content Security Policy" in e["params"]["entry"]["text"]
    ]


def highlight_rows(png: bytes, color: tuple[int, int, int]) -> list[int]:
    """The pixel rows of a screenshot holding the target highlight's colour."""
    import io

    from PIL import Image

    image = Image.open(io.BytesIO(png)).convert("RGB")
    width, height = image.size
    pixels = image.load()
    return [
        y for y in range(height) if sum(1 for x in range(0, width, 2) if pixels[x, y] == color) > 20
    ]


def test_a_citation_url_brings_the_highlighted_quote_to_the_top(browser, brief, tmp_path):
    target = f"src-{SEED.stem}-1138-1318"
    url = (brief / "brief.html").resolve().as_uri() + "#" + target
    tab, session = open_page(browser, url)
    state = where(browser, session)
    assert state["tag"] == "MARK" and state["hash"] == "#" + target
    assert state["scrollY"] > 1000  # the appendix is far below the top of the brief
    assert 0 <= state["top"] <= 24, state  # at the top of the window (scroll-margin .5em)
    assert state["background"] == "rgb(255, 201, 77)"  # the :target highlight
    assert state["violations"] == [] and csp_messages(browser, session) == []
    shot = base64.b64decode(
        browser.send("Page.captureScreenshot", {"format": "png"}, session)["data"]
    )
    (tmp_path / "citation-target.png").write_bytes(shot)
    lit = highlight_rows(shot, (255, 201, 77))
    assert lit and min(lit) < 30, lit[:5]  # the highlighted quote is what the window shows first
    browser.send("Target.closeTarget", {"targetId": tab})


def test_clicking_the_toc_a_citation_and_a_link_back(browser, brief):
    tab, session = open_page(browser, (brief / "brief.html").resolve().as_uri())
    assert where(browser, session)["scrollY"] == 0
    # the table of contents: the section's heading at the top
    evaluate(
        browser, session, "document.querySelector('nav.toc a[href=\"#sec-relations\"]').click()"
    )
    browser.settle(0.3)
    state = where(browser, session)
    assert state["hash"] == "#sec-relations" and state["tag"] == "H2"
    assert 0 <= state["top"] <= 24, state
    # the first citation of the timeline: its highlighted words at the top
    href = evaluate(
        browser,
        session,
        "(() => { const a = document.querySelector('table.timeline .cite a'); a.click();"
        " return a.getAttribute('href'); })()",
    )
    browser.settle(0.3)
    state = where(browser, session)
    assert state["hash"] == href and state["tag"] == "MARK" and 0 <= state["top"] <= 24, state
    assert state["background"] == "rgb(255, 201, 77)"
    # and back from the appendix to the row that cites it
    back = evaluate(
        browser,
        session,
        f"(() => {{ const m = document.getElementById({json.dumps(href[1:])});"
        " let n = m.nextSibling; while (n && !(n.classList && n.classList.contains('back')))"
        " n = n.nextSibling; n.click(); return n.getAttribute('href'); })()",
    )
    browser.settle(0.3)
    state = where(browser, session)
    # (a table row, or the key fact citing the same words)
    assert state["hash"] == back and state["tag"] in ("TR", "LI"), state
    assert 0 <= state["top"] <= 24, state
    assert state["violations"] == [] and csp_messages(browser, session) == []
    browser.send("Target.closeTarget", {"targetId": tab})
