"""The explorer (``explorer.html``, :mod:`helpers.brief.explorer`): one self-contained page, the
same bytes on every run, written beside the brief by ``render`` (and listed in its manifest) and
by ``brief export --to explorer``; every inline script and stylesheet admitted by its hash and
nothing else; the data JSON-encoded so that no text can close its element. In headless Chromium
(DevTools protocol, ``benchmarks/csp_check.py``'s driver): typing a search narrows the rows, a
facet and a date range filter them, a header sorts them, a click shows the quoted words in their
sentence, with no console error and no CSP violation; and the hostile brief of
``test_injection`` (a payload in every field) shows every payload as text, runs nothing."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import time
from html.parser import HTMLParser
from pathlib import Path

import pytest

from helpers import render
from helpers.brief.build import build_brief
from helpers.brief.explorer import (
    _context,
    data_json,
    explorer_data,
    render_explorer,
    write_explorer,
)
from helpers.brief.navigation import Paragraphs
from helpers.brief.text import visible
from helpers.cli import main

# ------------------------------------------------------------------------------------------------
# The page, read as text


class Page(HTMLParser):
    """The page's inline scripts and styles (their exact text), its policy and external refs."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.scripts: list[tuple[str, str]] = []  # (type, text)
        self.styles: list[str] = []
        self.policy = ""
        self.refs: list[str] = []
        self._in: tuple[str, str] | None = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "meta" and a.get("http-equiv") == "Content-Security-Policy":
            self.policy = a["content"]
        for name in ("src", "href", "action", "data"):
            if a.get(name):
                self.refs.append(a[name])
        if tag in ("script", "style"):
            self._in = (tag, a.get("type", ""))
            if tag == "script":
                self.scripts.append((a.get("type", ""), ""))
            else:
                self.styles.append("")

    def handle_data(self, data):
        if self._in and self._in[0] == "script":
            kind, text = self.scripts[-1]
            self.scripts[-1] = (kind, text + data)
        elif self._in:
            self.styles[-1] += data

    def handle_endtag(self, tag):
        if tag in ("script", "style"):
            self._in = None


def parse(raw: str) -> Page:
    page = Page()
    page.feed(raw)
    page.close()
    return page


def sha(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


@pytest.fixture(scope="module")
def seed_brief():
    return build_brief()


@pytest.fixture(scope="module")
def seed_page(seed_brief) -> bytes:
    return render_explorer(seed_brief)


def test_the_page_is_the_same_bytes_every_time(seed_brief, seed_page):
    assert render_explorer(seed_brief) == seed_page
    assert render_explorer(build_brief()) == seed_page


def test_only_the_pages_own_scripts_and_styles_are_admitted_by_hash(seed_page):
    page = parse(seed_page.decode("utf-8"))
    assert [kind for kind, _ in page.scripts] == ["application/json", "module", "module"]
    directives = dict(d.strip().split(" ", 1) for d in page.policy.split(";"))
    assert directives["default-src"] == "'none'"
    assert directives["script-src"].split() == [sha(t) for _, t in page.scripts[1:]]
    assert directives["style-src"].split() == [sha(t) for t in page.styles]
    assert directives["img-src"] == "data:" and directives["connect-src"] == "'none'"
    assert "unsafe" not in page.policy
    assert page.refs == []  # no src, href, action: nothing is fetched
    assert not re.search(rb"(src|href)=\"?https?:", seed_page)


def test_the_data_are_the_briefs_facts(seed_brief, seed_page):
    page = parse(seed_page.decode("utf-8"))
    data = json.loads(page.scripts[0][1])
    assert data == explorer_data(seed_brief)
    facts = seed_brief.facts
    assert [e["id"] for e in data["events"]] != [] and {e["id"] for e in data["events"]} == {
        e.id for e in facts.events
    }
    assert {a["id"] for a in data["actors"]} == set(facts.actors)
    assert {c["id"] for c in data["claims"]} == {c.id for c in facts.claims}
    text = next(iter(seed_brief.corpus.documents.values())).text
    for row in data["events"] + data["actors"] + data["claims"]:
        for _doc, start, end, before, quote, after in row["spans"]:
            assert quote == text[start:end]  # the quoted words, exactly
            assert text[start - len(before) : start] == before  # in their sentence
            assert text[end : end + len(after)] == after


def test_the_data_cannot_close_their_element():
    hostile = {
        "a": '</script><script>alert("x")</script>',
        "b": "<!-- <script>",
        "c": "line\u2028separator\u2029& 'quotes' \"double\"",
    }
    encoded = data_json(hostile)
    assert not re.search(r"[<>&\u2028\u2029]", encoded)
    assert json.loads(encoded) == hostile


def test_the_context_is_the_quotes_sentence():
    text = (
        'Headline here\n\nThe mayor said "all is calm." Residents disagreed. The river rose '
        "by two metres overnight, officials said! Schools shut.\nNext paragraph."
    )
    paragraphs = Paragraphs.of(text)
    start = text.index("The river rose")
    end = text.index(" overnight")
    before, after = _context(text, paragraphs, start, end)
    assert before == "" and after == " overnight, officials said!"
    start = text.index("all is calm")
    before, after = _context(text, paragraphs, start, start + len("all is calm"))
    assert before == 'The mayor said "' and after == '."'
    start = text.index("Schools")
    before, after = _context(text, paragraphs, start, start + len("Schools shut."))
    assert (before, after) == ("", "")


# ------------------------------------------------------------------------------------------------
# Written by render and by export


@pytest.mark.execution
def test_render_writes_the_explorer_beside_the_brief_and_export_the_same(tmp_path):
    out = tmp_path / "report"
    render(out_dir=out, formats=["html", "explorer"])
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    assert "explorer.html" in manifest["files"] and "brief.html" in manifest["files"]
    assert main(["export", "--to", "explorer", "--out", str(tmp_path / "x")]) == 0
    assert (tmp_path / "x" / "explorer.html").read_bytes() == (out / "explorer.html").read_bytes()
    render(out_dir=out, formats=["html"])  # no longer asked for: the tool's own file goes
    assert not (out / "explorer.html").exists()


@pytest.mark.execution
def test_the_kernel_writes_the_explorer_and_the_renderer_builds_no_second_brief(
    tmp_path, monkeypatch, seed_page
):
    """The notebook writes explorer.html from the brief it built (explorer_file); the renderer
    process never builds the brief itself (at corpus scale that doubled the memory)."""
    import helpers.brief.build as build

    def no_brief(**parameters):
        raise AssertionError("the renderer built the brief")

    monkeypatch.setattr(build, "build_brief", no_brief)
    render(out_dir=tmp_path, formats=["html", "explorer"])
    assert (tmp_path / "explorer.html").read_bytes() == seed_page
    written = io.BytesIO()
    write_explorer(build_brief(), written)  # piece by piece: the same bytes
    assert written.getvalue() == seed_page


# ------------------------------------------------------------------------------------------------
# In Chromium


class Tab:
    """One page in headless Chromium: evaluate, type, click like a user, and what it logged."""

    def __init__(self, chrome, path: Path) -> None:
        from csp_check import LISTENER

        self.chrome = chrome
        chrome.events = []
        self.target = chrome.send("Target.createTarget", {"url": "about:blank"})["targetId"]
        self.session = chrome.send(
            "Target.attachToTarget", {"targetId": self.target, "flatten": True}
        )["sessionId"]
        for domain in ("Page", "Runtime", "Log"):
            chrome.send(f"{domain}.enable", session=self.session)
        chrome.send("Page.addScriptToEvaluateOnNewDocument", {"source": LISTENER}, self.session)
        self.started = time.perf_counter()
        chrome.send("Page.navigate", {"url": path.resolve().as_uri()}, self.session)
        chrome.wait_for("Page.loadEventFired", self.session, timeout=120)
        deadline = time.monotonic() + 120
        while self.eval("document.body.dataset.ready") != "true":
            assert time.monotonic() < deadline, "the explorer never got ready"
            chrome.settle(0.05)
        self.seconds = time.perf_counter() - self.started
        chrome.settle(0.2)

    def eval(self, expression: str):
        reply = self.chrome.send(
            "Runtime.evaluate",
            {"expression": expression, "returnByValue": True},
            self.session,
            timeout=120,
        )
        assert "exceptionDetails" not in reply, reply
        return reply["result"].get("value")

    def type(self, selector: str, text: str) -> None:
        self.eval(f"document.querySelector({json.dumps(selector)}).focus()")
        self.chrome.send("Input.insertText", {"text": text}, self.session)
        self.chrome.settle(0.3)

    def click(self, selector: str, index: int = 0) -> None:
        """A real mouse click (pressed and released) at the middle of the element."""
        box = self.eval(
            f"(() => {{ const el = document.querySelectorAll({json.dumps(selector)})[{index}];"
            " el.scrollIntoView({block: 'center'}); const r = el.getBoundingClientRect();"
            " return [r.left + r.width / 2, r.top + r.height / 2]; })()"
        )
        for kind in ("mousePressed", "mouseReleased"):
            self.chrome.send(
                "Input.dispatchMouseEvent",
                {"type": kind, "x": box[0], "y": box[1], "button": "left", "clickCount": 1},
                self.session,
            )
        self.chrome.settle(0.3)

    def rows(self, table: str = "events") -> int:
        return self.eval(f"$('#{table}').DataTable().rows({{search: 'applied'}}).count()")

    def problems(self) -> list[str]:
        """Console errors and warnings, exceptions, CSP violations."""
        out = [json.dumps(v) for v in self.eval("window.__cspViolations")]
        for e in self.chrome.events:
            if e.get("sessionId") != self.session:
                continue
            p = e.get("params", {})
            if e.get("method") == "Runtime.exceptionThrown":
                out.append(json.dumps(p["exceptionDetails"])[:500])
            elif e.get("method") == "Runtime.consoleAPICalled" and p["type"] in (
                "error",
                "warning",
                "assert",
            ):
                out.append(" ".join(str(a.get("value", "")) for a in p["args"]))
            elif e.get("method") == "Log.entryAdded" and p["entry"]["level"] in (
                "error",
                "warning",
            ):
                out.append(p["entry"]["text"])
        return out

    def close(self) -> None:
        self.chrome.send("Target.closeTarget", {"targetId": self.target})


@pytest.fixture
def seed_tab(browser, seed_page, tmp_path):
    path = tmp_path / "explorer.html"
    path.write_bytes(seed_page)
    tab = Tab(browser, path)
    yield tab
    tab.close()


def pane(tab: Tab, title: str) -> str:
    """A selector for the value rows of the events' facet pane ``title``."""
    index = tab.eval(
        "[...document.querySelectorAll('#pane-events .dtsp-searchPane')]"
        f".findIndex(p => (p.querySelector('input') || {{}}).placeholder === {json.dumps(title)})"
    )
    assert index >= 0, f"no facet {title}"
    return f"#pane-events .dtsp-searchPane:nth-child({index + 1}) tbody tr"


def test_search_narrows_the_rows(seed_tab, seed_brief):
    total = len(seed_brief.facts.events)
    assert seed_tab.rows() == total
    seed_tab.type("#events_wrapper input[type=search]", "Tower 22")
    shown = seed_tab.rows()
    expected = [e for e in seed_brief.facts.events if "Tower 22" in e.summary]
    assert 0 < shown < total and shown >= len(expected)
    seed_tab.eval("(() => { const i = document.querySelector('#events_wrapper input[type=search]');"
                  " i.value = ''; i.dispatchEvent(new Event('input')); })()")  # fmt: skip
    seed_tab.type("#events_wrapper input[type=search]", "e-strike-2024-02-07")  # the hidden id
    assert seed_tab.rows() == 1
    assert seed_tab.problems() == []


def test_a_facet_filters_the_rows(seed_tab, seed_brief):
    suspected = [e for e in seed_brief.facts.events if e.status == "suspected"]
    assert 0 < len(suspected) < len(seed_brief.facts.events)
    rows = pane(seed_tab, "Status")
    names = seed_tab.eval(
        f"[...document.querySelectorAll({json.dumps(rows)})].map(r => "
        "r.querySelector('.dtsp-name').textContent)"
    )
    seed_tab.click(rows, names.index("suspected"))
    assert seed_tab.rows() == len(suspected)
    ids = seed_tab.eval(
        "$('#events').DataTable().rows({search: 'applied'}).data().toArray().map(r => r.id)"
    )
    assert ids == [e.id for e in suspected]
    assert seed_tab.problems() == []


def test_a_date_range_filters_the_rows_and_a_header_sorts_them(seed_tab, seed_brief):
    seed_tab.eval(
        "(() => { const i = document.getElementById('date-from'); i.value = '2024-02-01';"
        " i.dispatchEvent(new Event('change')); })()"
    )
    dated = [e for e in seed_brief.facts.events if e.when.end_bound()]
    after = [e for e in dated if e.when.end_bound().date().isoformat() > "2024-02-01"]
    assert 0 < seed_tab.rows() == len(after) < len(seed_brief.facts.events)
    seed_tab.click("#date-clear")
    assert seed_tab.rows() == len(seed_brief.facts.events)
    first = "$('#events').DataTable().rows({order: 'applied'}).data()[0].id"
    before = seed_tab.eval(first)
    seed_tab.click("#events thead th", 0)  # sorted by date already: now descending
    assert seed_tab.eval(first) != before
    assert seed_tab.problems() == []


def test_a_click_shows_the_quoted_words_in_their_sentence(seed_tab, seed_brief):
    seed_tab.click("#events tbody tr", 0)
    first = seed_tab.eval("$('#events').DataTable().rows({order: 'applied'}).data()[0].id")
    event = seed_brief.event(first)
    assert seed_tab.eval("document.getElementById('detail').dataset.shows") == f"events:{first}"
    marks = seed_tab.eval("[...document.querySelectorAll('#detail mark')].map(m => m.textContent)")
    assert marks == [s.quote for s in event.spans]
    sentence = seed_tab.eval("document.querySelector('#detail blockquote').textContent")
    assert event.spans[0].quote in sentence
    background = seed_tab.eval(
        "getComputedStyle(document.querySelector('#detail mark')).background"
    )
    assert "255, 211, 107" in background  # highlighted
    # from the keyboard: Tab to a row, Enter
    second = seed_tab.eval("$('#events').DataTable().rows({order: 'applied'}).data()[1].id")
    seed_tab.eval("document.querySelectorAll('#events tbody tr')[1].focus()")
    for kind in ("keyDown", "keyUp"):
        seed_tab.chrome.send(
            "Input.dispatchKeyEvent",
            {"type": kind, "key": "Enter", "code": "Enter", "windowsVirtualKeyCode": 13},
            seed_tab.session,
        )
    seed_tab.chrome.settle(0.3)
    assert seed_tab.eval("document.getElementById('detail').dataset.shows") == f"events:{second}"
    # the actors and claims tables too
    seed_tab.click("#tab-claims")
    seed_tab.click("#claims tbody tr", 0)
    assert seed_tab.eval("document.getElementById('detail').dataset.shows").startswith("claims:")
    seed_tab.click("#tab-actors")
    seed_tab.type("#actors_wrapper input[type=search]", "Biden")
    assert seed_tab.rows("actors") == 1
    seed_tab.click("#actors tbody tr", 0)
    assert seed_tab.eval("document.querySelector('#detail h2').textContent") == "Joe Biden"
    assert seed_tab.problems() == []


@pytest.mark.execution
def test_hostile_text_shows_as_text_and_runs_nothing(browser, tmp_path):
    from test_injection import NAMES, PARAMETERS, PAYLOADS, value, write_inputs

    seeds, facts = write_inputs(tmp_path)
    brief = build_brief(seeds_dir=str(seeds), facts_dir=str(facts), **PARAMETERS)
    path = tmp_path / "explorer.html"
    path.write_bytes(render_explorer(brief))
    page = parse(path.read_text(encoding="utf-8"))
    assert len(page.scripts) == 3 and page.refs == []
    tab = Tab(browser, path)
    try:
        assert tab.eval("document.scripts.length") == 3
        title = tab.eval("document.title")
        assert title.endswith(" — explorer") and '<script>alert("s")</script>' in title
        # no element but the tables' own in the cells, the panes and the detail panel
        tab.click("#events tbody tr", 0)
        tags = tab.eval(
            "[...document.querySelectorAll('#events tbody *, .dtsp-searchPane tbody *,"
            " #detail *')].map(e => e.tagName.toLowerCase())"
        )
        assert set(tags) <= {"tr", "td", "div", "span", "h2", "h3", "dl", "dt", "dd", "figure",
                             "blockquote", "mark", "figcaption", "strong"}, set(tags)  # fmt: skip
        shown = tab.eval("document.body.innerText")
        for name in ("script", "img-onerror", "svg-onload", "js-anchor", "css", "comment"):
            assert PAYLOADS[name][0] in shown, name
        facets = tab.eval(
            "[...document.querySelectorAll('#pane-events .dtsp-name')].map(n => n.textContent)"
        )
        for name in NAMES:  # each event's kind, exactly as the facts give it
            assert visible(value("kind", name)) in facets, name
        row = tab.eval("$('#events').DataTable().rows({order: 'applied'}).data()[0]")
        marks = tab.eval("[...document.querySelectorAll('#detail mark')].map(m => m.textContent)")
        assert marks == [quote for _, _, _, _, quote, _ in row["spans"]]
        assert any(payload in "".join(marks) for payload, _, _ in PAYLOADS.values())
        assert tab.eval("document.title") == title  # nothing ran
        assert tab.problems() == []
    finally:
        tab.close()


def test_machine_confidence_and_needs_review_in_the_explorer(browser, tmp_path):
    """Machine facts carry how likely they are right and its basis; those below ``review_below``
    are marked "needs review" as the brief lists them, with a facet to pick them out."""
    from test_export import write_machine

    brief = build_brief(**write_machine(tmp_path))
    data = explorer_data(brief)
    events = {e["id"]: e for e in data["events"]}
    assert events["e-b-airstrike"]["review"] == "needs review"
    assert events["e-b-airstrike"]["confidence"] == 0.31
    assert events["e-b-airstrike"]["basis"] == "test basis for e-b-airstrike"
    assert {e["review"] for i, e in events.items() if i != "e-b-airstrike"} == {"machine-extracted"}
    claims = {c["id"]: c["review"] for c in data["claims"]}
    assert claims["c-a-army"] == "needs review" and claims["c-a-spokesman"] == "machine-extracted"
    assert data["review_below"] == 0.5
    path = tmp_path / "explorer.html"
    path.write_bytes(render_explorer(brief))
    tab = Tab(browser, path)
    try:
        assert "2 are less likely right than 50% and marked needs review" in tab.eval(
            "document.querySelector('header .meta').textContent"
        )
        marked = tab.eval("[...document.querySelectorAll('#events tr.needs-review')].map("
                          "tr => $('#events').DataTable().row(tr).data().id)")  # fmt: skip
        assert marked == ["e-b-airstrike"]
        rows = pane(tab, "Review")
        names = tab.eval(
            f"[...document.querySelectorAll({json.dumps(rows)})].map(r => "
            "r.querySelector('.dtsp-name').textContent)"
        )
        assert sorted(names) == ["machine-extracted", "needs review"]
        tab.click(rows, names.index("needs review"))
        assert tab.rows() == 1
        tab.click("#events tbody tr", 0)
        fields = tab.eval("document.querySelector('#detail dl').innerText")
        assert "31%" in fields and "test basis for e-b-airstrike" in fields
        assert 'lists it under "Needs review"' in fields
        cells = tab.eval("[...document.querySelectorAll('#events tbody tr td')].map(td => "
                         "td.textContent)")  # fmt: skip
        assert "31%" in cells and "needs review" in cells
        assert tab.problems() == []
    finally:
        tab.close()


def test_analyst_facts_show_no_machine_confidence(seed_brief, seed_page):
    data = explorer_data(seed_brief)
    assert {r["review"] for r in data["events"] + data["claims"]} == {"analyst's fact"}
    assert all(r["confidence"] is None for r in data["events"] + data["claims"])
    assert b"marked <em>needs review</em>" not in seed_page
