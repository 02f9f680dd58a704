"""The brief's HTML: nbconvert's HTMLExporter with the ``brief`` template. The stylesheet goes
into the page as it is on disk, with its sha256 in the Content-Security-Policy. The HTML title
comes from the notebook's ``title`` metadata (the ``title`` parameter), not the file name."""

from __future__ import annotations

import base64
import hashlib

import nbformat

from .. import config


def _stylesheet() -> tuple[str, str]:
    """The brief template's stylesheet as the page holds it, and its base64 sha256 (for
    ``style-src 'sha256-...'``)."""
    css = "\n" + (config.TEMPLATES_DIR / config.BRIEF_TEMPLATE / "brief.css").read_text(
        encoding="utf-8"
    )
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")
    return css, digest


def to_html(nb: nbformat.NotebookNode) -> str:
    """The brief's HTML (nbconvert, the brief template). The stylesheet goes into the page as
    it is on disk, with its sha256 in the Content-Security-Policy (``style-src 'sha256-...'``)."""
    from nbconvert import HTMLExporter

    css, digest = _stylesheet()
    exporter = HTMLExporter(
        template_name=config.BRIEF_TEMPLATE,
        extra_template_basedirs=[str(config.TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )
    body, _ = exporter.from_notebook_node(
        nb, resources={"brief_css": css, "brief_css_sha256": digest}
    )
    return body
