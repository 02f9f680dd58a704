"""Hostile text in every field that reaches the brief renders as literal text, in HTML and PDF.

One fixture brief is built from a tiny seed and facts file written into a temporary directory.
Every field that reaches the brief carries every payload below, each tagged with the field and
the payload (``«ac03»``: actor name, payload 3) so that a failure names both: the document's
title, publisher, grading note and assumption (sidecar); the text (quotes), hedges, time and
place wordings, outcome wordings; actor names, aliases and countries; event summaries, kinds and
places; claim verbs and contents; gap topics, questions and reasons; relation qualifiers; the
parameters ``title`` and ``marking`` (``display_tz`` and ``focus_actor`` are validated and
refused). It is rendered once (HTML and PDF) and each payload is checked in each field: in the
raw HTML as entity-escaped text (no live tag, attribute or link, no Markdown or TeX
interpreted), in the PDF's extracted text as the literal characters. Control characters and
bidirectional overrides are shown as ``[U+XXXX]`` (:func:`helpers.brief.sections.visible`). The
Content-Security-Policy is checked statically here and, when Chromium is installed, by loading
the brief in headless Chromium (``benchmarks/csp_check.py``).
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import CHROMIUM
from pypdf import PdfReader

from helpers import ParameterError, config, render
from helpers.brief.params import MAX_MARKING, check_params, select
from helpers.facts.loading import InputError, load_document

pytestmark = pytest.mark.execution

DOC = "inj"

#: name -> (payload, its entity-escaped form in the HTML, its literal text in the PDF).
#: The escaped forms are written out by hand, not computed with the code under test. The page
#: is the brief templates' own escaping (nbconvert's re-serialisation with BeautifulSoup is left
#: out: helpers.rendering.html), which writes ``"`` as ``&#34;`` and ``'`` as ``&#39;``.
PAYLOADS: dict[str, tuple[str, str, str]] = {
    "script": (
        '<script>alert("s")</script>',
        "&lt;script&gt;alert(&#34;s&#34;)&lt;/script&gt;",
        '<script>alert("s")</script>',
    ),
    "img-onerror": (
        "<img src=x onerror=alert(1)>",
        "&lt;img src=x onerror=alert(1)&gt;",
        "<img src=x onerror=alert(1)>",
    ),
    "svg-onload": ("<svg/onload=alert(2)>", "&lt;svg/onload=alert(2)&gt;", "<svg/onload=alert(2)>"),
    "attribute": (
        "\" onmouseover='alert(3)' x=\"",
        "&#34; onmouseover=&#39;alert(3)&#39; x=&#34;",
        "\" onmouseover='alert(3)' x=\"",
    ),
    "js-url": ("javascript:alert(4)", "javascript:alert(4)", "javascript:alert(4)"),
    "js-anchor": (
        '<a href="javascript:alert(5)">click</a>',
        "&lt;a href=&#34;javascript:alert(5)&#34;&gt;click&lt;/a&gt;",
        '<a href="javascript:alert(5)">click</a>',
    ),
    "entity": (
        "&lt;b&gt; &amp; &#60;",
        "&amp;lt;b&amp;gt; &amp;amp; &amp;#60;",
        "&lt;b&gt; &amp; &#60;",
    ),
    "md-bold": ("**bold** __under__", "**bold** __under__", "**bold** __under__"),
    "md-link": (
        "[link](javascript:alert(6))",
        "[link](javascript:alert(6))",
        "[link](javascript:alert(6))",
    ),
    "md-heading": ("# heading", "# heading", "# heading"),
    "md-code": ("`code` ```fence", "`code` ```fence", "`code` ```fence"),
    "md-table": ("| table | x |", "| table | x |", "| table | x |"),
    "tex-input": (r"\input{/etc/passwd}", r"\input{/etc/passwd}", r"\input{/etc/passwd}"),
    "tex-math": (r"$x$ $$y$$ \(z\)", r"$x$ $$y$$ \(z\)", r"$x$ $$y$$ \(z\)"),
    "tex-textbf": (r"\textbf{b} a\\b", r"\textbf{b} a\\b", r"\textbf{b} a\\b"),
    "css": (
        "</style><style>*{display:none}</style>",
        "&lt;/style&gt;&lt;style&gt;*{display:none}&lt;/style&gt;",
        "</style><style>*{display:none}</style>",
    ),
    "cdata": ("]]><![CDATA[x", "]]&gt;&lt;![CDATA[x", "]]><![CDATA[x"),
    "comment": ("<!-- c -->", "&lt;!-- c --&gt;", "<!-- c -->"),
    "jinja": ("{{ 7*7 }}{% if 1 %}", "{{ 7*7 }}{% if 1 %}", "{{ 7*7 }}{% if 1 %}"),
    "dollar-brace": ("${7*7}", "${7*7}", "${7*7}"),
    "control": (
        "a\x01b\x08c\x1b[31md\x7fe\x85f\x9bg",
        "a[U+0001]b[U+0008]c[U+001B][31md[U+007F]e[U+0085]f[U+009B]g",
        "a[U+0001]b[U+0008]c[U+001B][31md[U+007F]e[U+0085]f[U+009B]g",
    ),
    "nul": ("a\x00b", "a[U+0000]b", "a[U+0000]b"),
    "rtl-override": (
        "abc\u202edcba\u202c \u2067iso\u2069",
        "abc[U+202E]dcba[U+202C] [U+2067]iso[U+2069]",
        "abc[U+202E]dcba[U+202C] [U+2067]iso[U+2069]",
    ),
}
NAMES = list(PAYLOADS)
#: A seed text may not hold NUL (it is refused as a binary file): fields that must occur in the
#: text carry every payload but that one.
IN_TEXT = [n for n in NAMES if n != "nul"]


#: Short codes keep the tags short: the marking alone is laid out twice on every PDF page.
CODES = {
    "doc-title": "dt",
    "publisher": "pb",
    "author": "au",
    "grading": "gr",
    "assumption": "as",
    "text": "tx",
    "actor": "ac",
    "alias": "al",
    "country": "co",
    "summary": "su",
    "kind": "ki",
    "place": "pl",
    "where": "wh",
    "hedge": "he",
    "expression": "ex",
    "wording": "wo",
    "verb": "ve",
    "content": "cn",
    "topic": "to",
    "question": "qu",
    "why": "wy",
    "qualifier": "ql",
    "title": "ti",
    "marking": "mk",
}


def tag(field: str, name: str) -> str:
    """``«ac03»``: field ``actor``, payload number 3."""
    return f"«{CODES[field]}{NAMES.index(name):02d}»"


def value(field: str, name: str) -> str:
    return tag(field, name) + PAYLOADS[name][0]


def combined(field: str, names: list[str] = NAMES) -> str:
    """One value carrying every payload, for fields the brief shows once."""
    return " ".join(value(field, n) for n in names)


#: field -> payloads it carries; where it reaches the brief is noted beside it.
FIELDS: dict[str, list[str]] = {
    "doc-title": NAMES,  # sidecar: title block, sources table
    "publisher": NAMES,  # sidecar: title block, sources table
    "grading": NAMES,  # sidecar: sources table
    "assumption": NAMES,  # sidecar: sources table
    "text": IN_TEXT,  # the document: every quote (timeline, relations, claims)
    "actor": NAMES,  # actor names: every table, key facts, relation figure
    "country": NAMES,  # actor table
    "summary": NAMES,  # events: key facts, timeline, timeline figure
    "kind": NAMES,  # events: the bottom line ("It follows an earlier <kind> ...")
    "place": NAMES,  # event location name: timeline
    "hedge": IN_TEXT,  # key facts, timeline
    "expression": IN_TEXT,  # time wording of an undated claim: key facts, claims table
    "wording": IN_TEXT,  # outcome wording without a number: information gaps
    "verb": NAMES,  # claims
    "content": NAMES,  # claims
    "topic": NAMES,  # gaps (and the bottom line)
    "question": NAMES,  # gaps
    "why": NAMES,  # gaps
    "qualifier": NAMES,  # relations, actor designations
    "title": NAMES,  # parameter: <title>, h1, methodology
    # parameter: top and bottom of every page; at most 80 characters (MAX_MARKING), so three
    # payloads (the title parameter carries all of them)
    "marking": ["script", "control", "rtl-override"],
}


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON escapes are valid YAML escapes)."""
    return json.dumps(text)


def write_inputs(root: Path) -> tuple[Path, Path]:
    seeds, facts = root / "seeds", root / "facts"
    seeds.mkdir()
    facts.mkdir()
    lines: list[str] = []
    at: dict[str, tuple[int, int, str]] = {}

    def line(key: str, text: str) -> None:
        start = sum(len(x) + 1 for x in lines)
        lines.append(text)
        at[key] = (start, start + len(text), text)

    for name in IN_TEXT:
        for field in ("text", "hedge", "where"):
            line(f"{field}.{name}", value(field, name))
    for name in NAMES:
        line(f"alias.{name}", value("alias", name).replace("\x00", ""))
    line("wording", combined("wording", IN_TEXT))
    line("expression", combined("expression", IN_TEXT))
    text = "\n".join(lines) + "\n"
    (seeds / f"{DOC}.txt").write_text(text, encoding="utf-8", newline="")

    def span(key: str) -> str:
        start, end, quote = at[key]
        return f"{{doc: {DOC}, start: {start}, end: {end}, quote: {_q(quote)}}}"

    def text_of(name: str) -> str:
        return span(f"text.{name if name in IN_TEXT else 'script'}")

    (seeds / f"{DOC}.meta.yaml").write_text(
        f"id: {DOC}\n"
        f"title: {_q(combined('doc-title'))}\n"
        f"publisher: {_q(combined('publisher'))}\n"
        f"author: {_q(combined('author'))}\n"
        "url: 'javascript:alert(9)'\n"
        "published: '2024-03-04'\n"
        "timezone: UTC\n"
        "language: en\n"
        f"grading: {{reliability: F, credibility: 6, note: {_q(combined('grading'))}}}\n"
        f"assumptions: [{{field: published, note: {_q(combined('assumption'))}}}]\n",
        encoding="utf-8",
    )
    out = [
        "schema_version: 1",
        "reviewed_by: test",
        "review_status: analyst-reviewed",
        f"documents: [{DOC}]",
        "actors:",
    ]
    for i, name in enumerate(NAMES):
        out.append(
            f"  - {{id: a{i:02d}, name: {_q(value('actor', name))}, "
            f"aliases: [{_q(value('alias', name).replace(chr(0), ''))}], kind: collective, "
            f"country: {_q(value('country', name))}, spans: [{text_of(name)}]}}"
        )
    out.append("events:")
    for i, name in enumerate(NAMES):
        own = name if name in IN_TEXT else "script"
        out += [
            f"  - id: e{i:02d}",
            f"    kind: {_q(value('kind', name))}",
            f"    summary: {_q(value('summary', name))}",
            f"    when: {{precision: day, start: '2024-03-{1 + i % 3:02d}'}}",
            f"    location: {{name: {_q(value('place', name))}, precision: town, "
            f"expression: {_q(at[f'where.{own}'][2])}}}",
            f"    initiators: [a{i:02d}]",
            "    status: suspected",
            f"    hedge: {_q(at[f'hedge.{own}'][2])}",
            f"    spans: [{text_of(name)}, {span(f'hedge.{own}')}, {span(f'where.{own}')}]",
        ]
        if i == 0:  # the lead: the bottom line names the earlier event's kind
            out += [
                "    lead: true",
                f"    links: [{{event: e-all, link: follows, spans: [{text_of(name)}]}}]",
            ]
    out += [
        "  - id: e-all",
        f"    kind: {_q(combined('kind'))}",
        "    summary: Every payload in one kind and one outcome wording.",
        "    when: {precision: day, start: '2024-02-28'}",
        "    status: reported",
        f"    outcomes: [{{kind: killed, wording: {_q(at['wording'][2])}}}]",
        f"    spans: [{span('wording')}]",
        # One relation, claim and gap, each carrying every payload in each of its fields: the
        # PDF stays short enough to lay out in a few seconds.
        "relations:",
        f"  - {{id: r00, subject: a00, predicate: designates, object: a01, "
        f"qualifier: {_q(combined('qualifier'))}, spans: [{text_of('script')}]}}",
        "claims:",
        f"  - {{id: c00, speaker: a00, verb: {_q(combined('verb'))}, "
        f"content: {_q(combined('content'))}, "
        f"when: {{precision: unknown, expression: {_q(at['expression'][2])}}}, "
        f"about: [e-all], spans: [{text_of('script')}, {span('expression')}]}}",
        "gaps:",
        f"  - {{id: g00, topic: {_q(combined('topic'))}, question: {_q(combined('question'))}, "
        f"why_it_matters: {_q(combined('why'))}, about: [e00]}}",
    ]
    (facts / f"{DOC}.facts.yaml").write_text("\n".join(out) + "\n", encoding="utf-8")
    return seeds, facts


PARAMETERS = {
    "title": combined("title"),
    "marking": combined("marking", FIELDS["marking"]),
    "focus_actor": "a00",
}
assert len(PARAMETERS["marking"]) <= MAX_MARKING


@pytest.fixture(scope="module")
def brief(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("injection")
    seeds, facts = write_inputs(root)
    out = root / "out"
    render({"seeds_dir": str(seeds), "facts_dir": str(facts), **PARAMETERS}, out_dir=out)
    return out


@pytest.fixture(scope="module")
def html_file(brief) -> str:
    return (brief / "brief.html").read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def raw(html_file) -> str:
    """The HTML without the brief's own ``<wbr>`` (an invisible break in a long run, which
    is not text: a payload reads as one string without it). An injected ``<wbr>`` is escaped
    text, which this leaves as it is."""
    return re.sub(r"<wbr/?>", "", html_file)


@pytest.fixture(scope="module")
def pdf(brief) -> str:
    """The PDF's text with all whitespace removed (table cells wrap anywhere)."""
    text = "\n".join(page.extract_text() for page in PdfReader(brief / "brief.pdf").pages)
    return re.sub(r"\s+", "", text)


CASES = [(field, name) for field, names in FIELDS.items() for name in names]


@pytest.mark.parametrize(("field", "name"), CASES, ids=[f"{f}-{n}" for f, n in CASES])
def test_payload_is_literal_text_in_html_and_pdf(raw, pdf, field, name):
    _, escaped, literal = PAYLOADS[name]
    assert html.escape(tag(field, name)) + escaped in raw
    assert re.sub(r"\s+", "", tag(field, name) + literal) in pdf


# ------------------------------------------------------------------------------------------------
# Nothing in the HTML is live: no tag, attribute, link or math that a payload brought in


class _Markup(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []
        self.comments: list[str] = []
        self.style_text: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._in_style = tag == "style"

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.style_text.append(data)

    def handle_comment(self, data):
        self.comments.append(data)


#: Every element the brief's own markup uses; a payload that escaped would add another.
BRIEF_TAGS = {
    "wbr",
    "html",
    "head",
    "meta",
    "title",
    "style",
    "body",
    "main",
    "div",
    "h1",
    "h2",
    "h3",
    "p",
    "dl",
    "dt",
    "dd",
    "ul",
    "ol",
    "li",
    "span",
    "a",  # links inside the page (navigation): checked below
    "mark",  # cited words in the Source texts appendix
    "nav",  # the table of contents
    "q",
    "strong",
    "em",
    "br",
    "table",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "figure",
    "img",
    "figcaption",
    "code",
    "pre",
}
BRIEF_ATTRS = {"class", "title", "alt", "src", "role", "lang", "charset", "name"}
BRIEF_ATTRS |= {"content", "http-equiv", "id", "href"}
#: The brief's ids (anchors) and links: an id is made of the characters of the facts' ids
#: (helpers.brief.navigation.anchor), a link is to one of them and nothing else.
ANCHOR = re.compile(r"[a-z0-9][a-z0-9._-]*")


@pytest.fixture(scope="module")
def markup(html_file) -> _Markup:
    parser = _Markup()
    parser.feed(html_file)
    parser.close()
    return parser


def test_no_markup_but_the_briefs_own(markup, raw):
    assert {t for t, _ in markup.tags} <= BRIEF_TAGS
    assert {a for _, attrs in markup.tags for a in attrs} <= BRIEF_ATTRS
    assert not markup.comments
    assert len([t for t, _ in markup.tags if t == "style"]) == 1  # the template's, unbroken
    assert "display:none" not in "".join(markup.style_text)
    for tag_, attrs in markup.tags:
        if tag_ == "img":
            assert attrs["src"].startswith(("data:image/svg+xml;base64,", "data:image/png;base64,"))
        assert not any("javascript" in (v or "").lower() for v in attrs.values()), (tag_, attrs)
    assert not [a for _, attrs in markup.tags for a in attrs if a == "action"]
    # the brief links only to itself: every link is <a href="#id"> to an id the page has, and
    # every id is unique and made of the facts' id characters
    ids = [attrs["id"] for _, attrs in markup.tags if "id" in attrs]
    assert len(ids) == len(set(ids))
    assert all(ANCHOR.fullmatch(i) for i in ids), [i for i in ids if not ANCHOR.fullmatch(i)]
    for tag_, attrs in markup.tags:
        if tag_ == "a":
            assert set(attrs) <= {"href", "class", "title"}, attrs
            assert ANCHOR.fullmatch(attrs["href"][1:]) and attrs["href"][0] == "#", attrs
            assert attrs["href"][1:] in ids, attrs
        else:
            assert "href" not in attrs, (tag_, attrs)


def test_markdown_and_math_are_not_interpreted(raw):
    for live in ("<strong>bold</strong>", "<em>under</em>", "<code>code</code>", ">heading</h"):
        assert live not in raw
    assert "<table>\n<thead>" not in raw  # a Markdown table would render this way
    assert not re.search(r"mathjax|katex|<math|mjx-", raw, re.IGNORECASE)


def test_no_control_or_bidi_character_reaches_the_html(raw):
    bad = re.findall(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]", raw)
    assert not bad, sorted({f"U+{ord(c):04X}" for c in bad})


def test_title_element_and_pdf_metadata_are_literal(brief, raw):
    title = re.search(r"<title>(.*?)</title>", raw, re.DOTALL).group(1)
    expected = " ".join(html.escape(tag("title", n)) + PAYLOADS[n][1] for n in NAMES)
    assert title == expected
    meta = PdfReader(brief / "brief.pdf").metadata
    assert meta.title == " ".join(tag("title", n) + PAYLOADS[n][2] for n in NAMES)


def _figures(raw: str) -> list[ET.Element]:
    out = []
    for data in re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', raw):
        out.append(ET.fromstring(base64.b64decode(data)))  # well-formed XML, or this raises
    return out


def test_figures_are_well_formed_svg_with_the_labels_drawn_as_text(raw):
    figures = _figures(raw)
    assert len(figures) == 2
    drawn = ""
    for svg in figures:
        for element in svg.iter():
            local = element.tag.rsplit("}", 1)[-1]
            assert local not in ("script", "foreignObject", "iframe", "a"), local
            for attr, val in element.attrib.items():
                assert not attr.rsplit("}", 1)[-1].lower().startswith("on"), attr
                if attr.endswith("href"):
                    assert val.startswith("#"), val  # only references inside the image
        drawn += "".join(element.text or "" for element in svg.iter())
    drawn = re.sub(r"\s+", "", drawn)
    for name in NAMES:  # wrapped and cut to three lines: the tag and the payload's start
        for field in ("actor", "summary"):
            start = re.sub(r"\s+", "", tag(field, name) + PAYLOADS[name][2])[:14]
            assert start in drawn, (field, name)


def test_executed_notebook_has_no_stream_or_error_output(brief):
    nb = json.loads((brief / "brief.ipynb").read_text(encoding="utf-8"))
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            assert output["output_type"] not in ("stream", "error"), output


def test_aliases_are_matched_as_text(brief):
    import csv

    with open(brief / "tables" / "actors.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    assert len(rows) == len(NAMES)
    assert all(int(r["mentions"]) >= 1 for r in rows), [r["actor_id"] for r in rows]


# ------------------------------------------------------------------------------------------------
# Parameters that are validated never reach the brief


@pytest.mark.parametrize("name", NAMES)
def test_display_tz_and_focus_actor_payloads_are_refused(tmp_path, name):
    payload = PAYLOADS[name][0]
    with pytest.raises(ParameterError, match="display_tz"):
        check_params(display_tz=payload)
    seeds, facts = write_inputs(tmp_path)
    with pytest.raises(ParameterError, match="focus_actor"):
        select(seeds_dir=str(seeds), facts_dir=str(facts), focus_actor=payload)


def test_a_seed_with_nul_is_refused(tmp_path):
    (tmp_path / "x.txt").write_bytes(b"a\x00b\n")
    (tmp_path / "x.meta.yaml").write_text(
        "id: x\ntitle: x\npublished: '2024-03-04'\ntimezone: UTC\nlanguage: en\n"
    )
    with pytest.raises(InputError, match="NUL"):
        load_document(tmp_path / "x.txt")


# ------------------------------------------------------------------------------------------------
# Content-Security-Policy: static checks always, a real browser when one is installed

#: The whole policy; ``{style}`` is the sha256 of the one stylesheet (the template's <style>).
CSP = (
    "default-src 'none'; img-src data:; style-src 'sha256-{style}'; script-src 'none'; "
    "object-src 'none'; frame-src 'none'; child-src 'none'; worker-src 'none'; "
    "connect-src 'none'; font-src 'none'; media-src 'none'; manifest-src 'none'; "
    "base-uri 'none'; form-action 'none'"
)


def test_csp_is_exact_and_nothing_can_run_or_load(raw, markup):
    styles = re.findall(r"<style>(.*?)</style>", raw, re.DOTALL)
    assert len(styles) == 1
    digest = base64.b64encode(hashlib.sha256(styles[0].encode("utf-8")).digest()).decode()
    metas = [a for t, a in markup.tags if t == "meta" and a.get("http-equiv")]
    assert len(metas) == 1 and metas[0]["http-equiv"] == "Content-Security-Policy"
    assert metas[0]["content"] == CSP.format(style=digest)  # the stylesheet, by its hash
    assert raw.index("Content-Security-Policy") < raw.index("<style>")  # before anything loads
    assert "<script" not in raw.lower()
    assert not re.search(r"<[a-z][^>]*\son\w+\s*=", raw, re.IGNORECASE)  # no inline handlers
    assert not [t for t, attrs in markup.tags if "style" in attrs]  # no inline style to admit
    for tag_, attrs in markup.tags:
        assert not [a for a in attrs if a.startswith("on")], (tag_, attrs)
        for attr in ("src", "href", "action", "formaction", "data", "poster", "srcset"):
            if attr in attrs:  # a link may only go to an id in the page (navigation)
                allowed = "#" if attr == "href" and tag_ == "a" else "data:"
                assert attrs[attr].startswith(allowed), (tag_, attr, attrs[attr][:80])
    # the stylesheet loads nothing (no @import, no url(): fonts are the system's)
    assert not re.search(r"@import|url\(", styles[0])


@pytest.mark.skipif(
    CHROMIUM is None and not os.environ.get("CI"),
    reason="no chromium on PATH (`make test` installs it: scripts/install-test-deps.sh); "
    "the static CSP checks above still ran",
)
def test_brief_displays_under_its_csp_in_chromium(brief):
    script = config.PROJECT_ROOT / "benchmarks" / "csp_check.py"
    result = subprocess.run(
        [sys.executable, str(script), str(brief / "brief.html"), "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    report = json.loads(result.stdout)
    assert report["csp_violations"] == [] and report["csp_console"] == []
    assert report["images"] == 2 and report["images_loaded"] == 2, report
    assert report["styles_applied"] and report["column_widths_applied"], report
    assert report["scripts_ran"] is False and not report["requests"]
    assert all(p["blocked"] for p in report["probe"].values()), report["probe"]
