"""The brief's look in JupyterLab: its stylesheet (``templates/brief/brief.css``) scoped to the
notebook that displays it, plus the brief's table look for pandas' DataFrames
(``templates/lab/frames.css``), as one ``<style>`` element for a notebook output.

The brief notebook displays it from a cell tagged ``explore``, which the brief's nbconvert
template leaves out: ``brief.html`` and ``brief.pdf`` do not change. In JupyterLab the section
outputs (HTML from :mod:`helpers.brief.sections`) then look as they do in the brief, and the
typed DataFrames of :func:`helpers.brief.frames.frames` like its tables.

Scoping: every rule's selectors are prefixed with :data:`SCOPE`, rendered HTML inside a notebook
that holds the marker element this output carries (``:has()``), so other notebooks open beside
it and JupyterLab's own interface keep their look. Page rules (``@page``), print and screen media
rules and the page's layout box (``main.brief``) are not carried over; the page's font and
colour (``html``) go to the scope."""

from __future__ import annotations

import re

import tinycss2
from markupsafe import Markup

from .. import config

MARKER = "analytic-brief-lab"
#: Rendered HTML (outputs and Markdown) in a notebook that shows the marker.
SCOPE = f".jp-Notebook:has(.{MARKER}) .jp-RenderedHTMLCommon"
#: Selectors of the page itself: in a notebook, the scope is the page.
_PAGE = {"html", "body"}
#: The page's layout box (width, padding): a notebook has its own.
_LAYOUT = re.compile(r"^main\.brief\b")
#: The template's wrappers of Markdown cells and outputs, absent in a notebook.
_WRAPPERS = re.compile(r"^\.(md|out)\s+")


def scoped(css: str, scope: str = SCOPE) -> str:
    """``css``'s plain rules with every selector under ``scope``; at-rules left out."""
    out = []
    for rule in tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True):
        if rule.type != "qualified-rule":
            continue
        selectors = tinycss2.serialize(rule.prelude).split(",")
        prefixed = [_scope(s.strip(), scope) for s in selectors if not _LAYOUT.match(s.strip())]
        if not prefixed:
            continue
        body = tinycss2.serialize(rule.content).strip()
        out.append(f"{', '.join(dict.fromkeys(prefixed))} {{ {body} }}")
    return "\n".join(out)


def _scope(selector: str, scope: str) -> str:
    if selector in _PAGE:
        return scope
    return f"{scope} {_WRAPPERS.sub('', selector)}"


def stylesheet() -> str:
    """The scoped CSS of the brief and of the DataFrames."""
    brief = (config.TEMPLATES_DIR / config.BRIEF_TEMPLATE / "brief.css").read_text("utf-8")
    frames = (config.TEMPLATES_DIR / "lab" / "frames.css").read_text("utf-8")
    return scoped(brief) + "\n" + scoped(frames)


class LabStyle:
    """A notebook output: the marker element and the scoped stylesheet (``text/html``), and
    nothing in plain text (``text/plain`` is empty, so a terminal shows nothing)."""

    def _repr_html_(self) -> str:
        css = stylesheet()
        if re.search(r"</style", css, re.IGNORECASE):
            raise ValueError("the stylesheet holds text that would end its <style> element")
        return Markup('<span class="{}" hidden></span><style>{}</style>').format(
            MARKER, Markup(css)
        )

    def __repr__(self) -> str:
        return ""


def style() -> LabStyle:
    """``display(style())`` in a notebook: the brief's look for the notebook's outputs."""
    return LabStyle()
