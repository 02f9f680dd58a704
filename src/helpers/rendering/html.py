"""The brief's HTML: nbconvert's HTMLExporter with the ``brief`` template. The stylesheet goes
into the page as it is on disk, with its sha256 in the Content-Security-Policy. The HTML title
comes from the notebook's ``title`` metadata (the ``title`` parameter), not the file name.

The table of contents is the notebook's own outline (:func:`outline`): every level-2 heading,
whether a Markdown cell's (``## Timeline``, given an id here) or a section's output (its ``<h2>``
carries an id already, e.g. the "Source texts" appendix). The template writes it before the first
heading, as links to those ids."""

from __future__ import annotations

import base64
import functools
import hashlib
import re
from html.parser import HTMLParser

import nbformat

from .. import config

#: A Markdown cell that is one level-2 heading and nothing else.
_HEADING = re.compile(r"##[ \t]+([^\n]*?)[ \t#]*")


def _stylesheet() -> tuple[str, str]:
    """The brief template's stylesheet as the page holds it, and its base64 sha256 (for
    ``style-src 'sha256-...'``)."""
    css = "\n" + (config.TEMPLATES_DIR / config.BRIEF_TEMPLATE / "brief.css").read_text(
        encoding="utf-8"
    )
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return css, digest


class _Headings(HTMLParser):
    """The ``<h2 id=...>`` elements of a section's HTML: (id, text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[tuple[str, str]] = []
        self._open: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag == "h2":
            self._open = dict(attrs).get("id") or None
            self._text = []

    def handle_endtag(self, tag):
        if tag == "h2" and self._open:
            self.found.append((self._open, " ".join("".join(self._text).split())))
        if tag == "h2":
            self._open = None

    def handle_data(self, data):
        if self._open:
            self._text.append(data)


def _slug(text: str) -> str:
    return "sec-" + ("-".join(re.findall(r"[a-z0-9]+", text.lower())) or "section")


def outline(nb: nbformat.NotebookNode) -> dict:
    """The brief's sections in order, for the template: ``toc`` (``[{"id", "text"}]``),
    ``heading_ids`` (Markdown cell id -> the id its heading gets) and ``toc_before`` (the id of
    the first Markdown heading, where the table of contents goes; None without one)."""
    outputs: list[list[tuple[str, str]]] = []
    taken: set[str] = set()
    for cell in nb.cells:
        found = []
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            html = output.get("data", {}).get("text/html")
            if html:
                parser = _Headings()
                parser.feed(html if isinstance(html, str) else "".join(html))
                parser.close()
                found += parser.found
        outputs.append(found)
        taken |= {hid for hid, _ in found}
    toc: list[dict] = []
    heading_ids: dict[str, str] = {}
    for cell, found in zip(nb.cells, outputs, strict=True):
        match = _HEADING.fullmatch(cell.source.strip()) if cell.cell_type == "markdown" else None
        if match and cell.get("id"):
            hid, i = _slug(match.group(1)), 2
            while hid in taken:
                hid, i = f"{_slug(match.group(1))}-{i}", i + 1
            taken.add(hid)
            heading_ids[cell.id] = hid
            toc.append({"id": hid, "text": match.group(1)})
        toc += [{"id": hid, "text": text} for hid, text in found]
    first = next(iter(heading_ids.values()), None)
    return {"toc": toc, "heading_ids": heading_ids, "toc_before": first}


@functools.lru_cache(maxsize=1)
def _exporter_class() -> type:
    """nbconvert's HTMLExporter without its last pass, which parses the page it has written with
    BeautifulSoup to add an ``alt`` to images that have none and a ``tabindex`` to JupyterLab's
    cell wrappers, and writes it out again: the brief's images carry their ``alt`` and its
    template has no such wrappers, so the pass only re-serialised the page (attributes sorted,
    entities decoded, ``<br/>``), the same document, at 0.3 s for the seed brief, most of the
    export. Everything before it (filters, preprocessors, the template) is nbconvert's own."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class BriefExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):  # HTMLExporter's, up to the pass
            info = nb.metadata.get("language_info", {})
            lexer = info.get("pygments_lexer", info.get("name", None))
            highlight = self.filters.get(
                "highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)
            )
            resources = self._init_resources(resources)
            data_type = WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources
            )
            self.register_filter("highlight_code", highlight)
            self.register_filter("filter_data_type", data_type)
            return TemplateExporter.from_notebook_node(self, nb, resources, **kw)

    return BriefExporter


@functools.lru_cache(maxsize=1)
def _exporter():
    """The brief's HTML exporter (:func:`_exporter_class`) with the brief template, its template
    loaded and compiled."""
    exporter = _exporter_class()(
        template_name=config.BRIEF_TEMPLATE,
        extra_template_basedirs=[str(config.TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )
    exporter.template  # noqa: B018 (loads and compiles the template, which is then kept)
    return exporter


def load() -> None:
    """Make the exporter of :func:`to_html` ahead of it (done while the kernel runs)."""
    _exporter()


def to_html(nb: nbformat.NotebookNode) -> str:
    """The brief's HTML (nbconvert, the brief template). The stylesheet goes into the page as
    it is on disk, with its sha256 in the Content-Security-Policy (``style-src 'sha256-...'``);
    the table of contents and the headings' ids come from :func:`outline`."""
    css, digest = _stylesheet()
    body, _ = _exporter().from_notebook_node(
        nb, resources={"brief_css": css, "brief_css_sha256": digest, **outline(nb)}
    )
    return body
