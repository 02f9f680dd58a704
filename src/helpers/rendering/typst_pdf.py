"""The brief's PDF through Typst (``brief render --pdf-engine typst``): the brief's HTML, parsed
into a tree of plain data (tags, classes, ids, links and text), is passed as JSON to a Typst
template (``brief/templates/brief/brief.typ``) that lays it out in the brief's design.

Document text never becomes Typst markup: every text node reaches the template as a JSON string
and is placed as a string value, so ``# $ * _ ` < @ [ ] \\ // =`` print as themselves. Fonts come
from Debian's DejaVu and Noto directories only (system fonts ignored), and the document carries
no creation date: the same HTML gives the same bytes. The compiler (PyPI ``typst``) runs in-process.
"""

from __future__ import annotations

import base64
import functools
import json
import re
import urllib.parse
from html.parser import HTMLParser
from pathlib import Path

from .. import config
from .errors import RenderError
from .output import write_file

#: Debian's fonts-dejavu-core, fonts-noto-core and fonts-noto-cjk (scripts/install-system-deps.sh):
#: the only fonts the PDF uses (DejaVu Sans first, Noto for the scripts it lacks, as brief.css).
FONT_DIRS = (
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/truetype/noto",
    "/usr/share/fonts/opentype/noto",
)
TEMPLATE = config.TEMPLATES_DIR / config.BRIEF_TEMPLATE / "brief.typ"

_VOID = {"br", "col", "img", "meta", "hr", "input", "link", "wbr", "source"}
_SKIP = {"head", "style", "script", "title", "template"}
#: Containers whose whitespace-only text between children is layout, not text.
_BLOCKS = {
    "main", "body", "html", "div", "nav", "ul", "ol", "table", "thead", "tbody", "tfoot", "tr",
    "colgroup", "dl", "figure", "section", "article",
}  # fmt: skip
_KEPT_ATTRS = ("id", "href", "title")


class _Tree(HTMLParser):
    """The page's ``<body>`` as nested dicts: ``{"t": tag, "c": classes, "id", "href",
    "ch": [child, ...]}``, text as strings (whitespace collapsed outside ``<pre>``); the page's
    ``<title>`` kept apart."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root: dict = {"t": "root", "ch": []}
        self._stack = [self.root]
        self._skip = 0
        self._pre = 0
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag, attrs):
        if tag == "title":
            self._in_title = True
        if tag in _SKIP:
            self._skip += tag not in _VOID
            return
        if self._skip:
            return
        a = dict(attrs)
        node = {"t": tag, "c": a.get("class") or "", "ch": []}
        node.update({k: a[k] for k in _KEPT_ATTRS if a.get(k)})
        if tag == "img":
            node["svg"] = _svg(a.get("src") or "")
        self._stack[-1]["ch"].append(node)
        if tag == "pre":
            self._pre += 1
        if tag not in _VOID:
            self._stack.append(node)

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        if tag not in _VOID and not self._skip and tag not in _SKIP:
            self.handle_endtag(tag)

    def handle_endtag(self, tag):
        if tag == "title":
            self._in_title = False
        if tag in _SKIP and tag not in _VOID:
            self._skip = max(0, self._skip - 1)
            return
        if self._skip or tag in _VOID:
            return
        for i in range(len(self._stack) - 1, 0, -1):  # close up to the matching open tag
            if self._stack[i]["t"] == tag:
                del self._stack[i:]
                break
        if tag == "pre":
            self._pre = max(0, self._pre - 1)

    def handle_data(self, data):
        if self._in_title:
            self.title += data
        if self._skip:
            return
        if not self._pre:
            # HTML's white space only: a no-break space ("8 Feb 2024", "para 3") stays one
            data = re.sub(r"[ \t\n\f\r]+", " ", data)
        parent = self._stack[-1]
        if parent["t"] in _BLOCKS and not data.strip():
            return
        parent["ch"].append(data)


def _svg(src: str) -> str:
    """The SVG text of an ``<img>``'s data URL (the brief's figures); empty for anything else
    (nothing is fetched)."""
    head, _, data = src.partition(",")
    if not head.startswith("data:image/svg+xml"):
        return ""
    raw = (
        base64.b64decode(data) if head.endswith(";base64") else urllib.parse.unquote_to_bytes(data)
    )
    return raw.decode("utf-8")


def _links_and_labels(node: dict, ids: set[str], seen: set[str]) -> None:
    """Keep an id only on its first element (a Typst label must be unique), and a link only if
    its target is in the page (Typst refuses a link to a missing label): in place."""
    if node.get("id"):
        if node["id"] in seen:
            del node["id"]
        else:
            seen.add(node["id"])
    href = node.get("href")
    if href is not None and not (href.startswith("#") and href[1:] in ids):
        del node["href"]
    for child in node["ch"]:
        if isinstance(child, dict):
            _links_and_labels(child, ids, seen)


def _toc(node: dict, inside: bool = False) -> None:
    """Links of the table of contents (``<nav>``) print their section's page number: in place."""
    inside = inside or node["t"] == "nav"
    if inside and node["t"] == "a" and node.get("href"):
        node["toc"] = True
    for child in node["ch"]:
        if isinstance(child, dict):
            _toc(child, inside)


def _ids(node: dict, out: set[str]) -> set[str]:
    if node.get("id"):
        out.add(node["id"])
    for child in node["ch"]:
        if isinstance(child, dict):
            _ids(child, out)
    return out


def _text(node: dict) -> str:
    return "".join(c if isinstance(c, str) else _text(c) for c in node["ch"])


def _find(node: dict, cls: str) -> dict | None:
    if cls in node.get("c", "").split():
        return node
    for child in node["ch"]:
        found = _find(child, cls) if isinstance(child, dict) else None
        if found:
            return found
    return None


def document(html: str) -> dict:
    """What the template reads: ``title`` (the page's ``<title>``), ``marking`` (the first
    ``.marking`` element's text) and ``body`` (the page as a tree)."""
    parser = _Tree()
    parser.feed(html)
    parser.close()
    root = parser.root
    _links_and_labels(root, _ids(root, set()), set())
    _toc(root)
    marking = _find(root, "marking")
    return {
        "title": " ".join(parser.title.split()),
        "marking": " ".join(_text(marking).split()) if marking else "",
        "body": root,
    }


@functools.lru_cache(maxsize=1)
def _compiler(template: Path):
    """A Typst compiler of ``template`` with the brief's fonts (found once: :func:`load`)."""
    import typst

    return typst.Compiler(
        str(template),
        root=str(template.parent),
        font_paths=[d for d in FONT_DIRS if Path(d).is_dir()],
        ignore_system_fonts=True,
    )


def load() -> None:
    """Make the compiler of :func:`to_pdf` ahead of it: the renderer does it while the kernel
    runs."""
    _compiler(TEMPLATE)


def to_pdf(html: str, output: Path) -> None:
    """Write the PDF of ``html`` to ``output`` with Typst."""
    inputs = {"brief": json.dumps(document(html), ensure_ascii=False)}
    try:
        pdf = _compiler(TEMPLATE).compile(sys_inputs=inputs)
    except Exception as exc:  # typst raises its own error types, one per failure kind
        detail = getattr(exc, "diagnostic", "") or exc
        raise RenderError(f"Typst could not lay out the brief's PDF: {detail}") from None
    write_file(output, pdf)
