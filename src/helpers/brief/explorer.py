"""The explorer: ``explorer.html``, one self-contained page beside the brief where an analyst
searches, filters and sorts the events, actors and claims the brief rests on, and clicks a row to
read its source sentences with the quoted words highlighted.

The tables are DataTables (with its SearchPanes extension for the facets), from the offline bundle
that the ``itables`` package ships (``itables/html/dt_bundle.js`` and ``dt_bundle.css``): nothing is
fetched when the page is built or opened. The page holds, inline:

* the bundle's stylesheet and the explorer's own (``templates/explorer/explorer.css``);
* the bundle as a module script, then the explorer's script (``templates/explorer/explorer.js``),
  which reads the data and builds the tables and the detail panel with DOM calls and
  ``textContent`` only (never ``innerHTML`` with data);
* the data as JSON in a ``<script type="application/json">`` element (never executed), with
  ``<``, ``>``, ``&`` and the line and paragraph separators written as ``\\u`` escapes, so that no
  text of a document (a quote holding ``</script>``, say) can close the element.

A Content-Security-Policy admits exactly these two scripts and two stylesheets by their sha256
(no ``'unsafe-inline'``, no ``'unsafe-eval'``), ``data:`` images, and nothing else. The bytes depend
only on the inputs, the parameters and the pinned itables version (sorted keys, no clock).

The data are the brief's own: the facts after fusion (``brief.facts``, as of the as-of date), the
actors' names as the brief prints them, and the document labels of its citations. Every string
passes through :func:`helpers.brief.text.visible` first, as everything the brief prints does."""

from __future__ import annotations

import datetime as dt
import hashlib
import importlib.util
import json
import re
from collections.abc import Iterator
from importlib import metadata
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup

from .. import config
from ..facts.schema import Span, When
from ..facts.times import format_date, sort_key
from .navigation import Paragraphs, source_labels
from .text import visible

if TYPE_CHECKING:  # the renderer checks the page's assets (page_assets) without pandas & co.
    from .build import Brief

#: Where a sentence ends: its closing mark, any closing quotes or brackets, then white space.
SENTENCE_END = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\s+")
_ENDS_SENTENCE = re.compile(r"[.!?\u2026][\"'\u201d\u2019)\]]*\Z")
#: At most this many characters of context on either side of a quote.
CONTEXT_CHARS = 320
#: Text that would end (or change the parsing of) an inline <script> or <style> element.
_ENDS = {
    "script": re.compile(r"</script|<!--|<script", re.IGNORECASE),
    "style": re.compile(r"</style", re.IGNORECASE),
}
#: The same in a script's text, where its ``<`` is written ``\x3C`` (the same character in the
#: strings, template literals and regular expressions that are the only places a module's code
#: can hold them).
_OPENS_OR_CLOSES = re.compile(r"<(?=/script|!--|script)", re.IGNORECASE)
#: JSON in a data block: the characters that could end the element or a line in old parsers.
_JSON_ESCAPES = {"<": "\\u003c", ">": "\\u003e", "&": "\\u0026", "\u2028": "\\u2028",
                 "\u2029": "\\u2029"}  # fmt: skip

_ENV = Environment(
    loader=FileSystemLoader(config.TEMPLATES_DIR / "explorer"),
    autoescape=True,
    undefined=StrictUndefined,
    finalize=lambda v: visible(v) if isinstance(v, str) and not isinstance(v, Markup) else v,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)


class ExplorerError(RuntimeError):
    """The offline bundle is missing or holds what cannot be inlined."""


# ---- data


def _day_range(when: When) -> tuple[str, str]:
    """The first and last day (ISO) a value covers; empty strings where unknown."""
    lo, hi = when.start_bound(), when.end_bound()
    first = lo.date().isoformat() if lo else ""
    last = (hi - dt.timedelta(microseconds=1)).date().isoformat() if hi else ""
    return first or last, last or first


def _context(text: str, paragraphs: Paragraphs, start: int, end: int) -> tuple[str, str]:
    """The rest of the sentence(s) around ``text[start:end]``, inside its paragraph(s), at most
    :data:`CONTEXT_CHARS` either side."""
    first, last = paragraphs.covering(start, end)
    lo, hi = (paragraphs.spans[first - 1][0], paragraphs.spans[last - 1][1]) if first else (0, 0)
    lo = max(min(lo, start), start - CONTEXT_CHARS)
    hi = min(max(hi, end), end + CONTEXT_CHARS)
    ends = list(SENTENCE_END.finditer(text, lo, start))
    a = ends[-1].end() if ends else lo
    if _ENDS_SENTENCE.search(text, start, end):  # the quote ends its sentence
        return text[a:start], ""
    after = SENTENCE_END.search(text, end, hi)
    return text[a:start], text[end : after.end() if after else hi].rstrip()


class _Spans:
    """Spans as the detail panel shows them: document, offsets, and the quote in its sentence."""

    def __init__(self, brief: Brief) -> None:
        self._docs = brief.corpus.documents
        self._paragraphs: dict[str, Paragraphs] = {}

    def __call__(self, spans: list[Span]) -> list[list]:
        out = []
        for s in spans:
            text = self._docs[s.doc].text
            if s.doc not in self._paragraphs:
                self._paragraphs[s.doc] = Paragraphs.of(text)
            before, after = _context(text, self._paragraphs[s.doc], s.start, s.end)
            out.append([s.doc, s.start, s.end, before, text[s.start : s.end], after])
        return out


def _unique(items) -> list:
    return list(dict.fromkeys(items))


#: What the "Review" column says of a fact (and its facet's values).
NEEDS_REVIEW, MACHINE, ANALYST = "needs review", "machine-extracted", "analyst's fact"


def _review(brief: Brief, item) -> dict:
    """A fact's machine confidence, its basis, and where the brief puts it: below
    ``review_below`` it is under "Needs review" (:meth:`Brief.needs_review`), as in the brief."""
    if item.confidence is None:
        status = ANALYST
    else:
        status = NEEDS_REVIEW if brief.needs_review(item) else MACHINE
    return {
        "confidence": item.confidence,
        "basis": item.confidence_basis or "",
        "review": status,
    }


def _events(brief: Brief, spans: _Spans, labels: dict[str, str]) -> Iterator[dict]:
    from .build import killed_toll

    names, window = brief.names(), {e.id for e in brief.events_in_window()}
    for e in sorted(brief.facts.events, key=lambda e: (sort_key(e.when), e.id)):
        first, last = _day_range(e.when)
        toll = killed_toll(e)  # the brief's figure: the first killed outcome with a number
        killed = toll.best if toll else None
        yield _visible(
            {
                "id": e.id,
                "date": format_date(e.when),
                "from": first,
                "to": last,
                "kind": e.kind,
                "summary": e.summary,
                "actors": _unique(names.get(a, a) for a in [*e.initiators, *e.targets]),
                "place": e.location.name if e.location else "not given",
                "status": e.status,
                "killed": killed,
                "sources": _unique(labels[s.doc] for s in e.spans),
                "in_brief": e.id in window,
                "spans": spans(e.spans),
                **_review(brief, e),
            }
        )


def _actors(brief: Brief, spans: _Spans, labels: dict[str, str]) -> Iterator[dict]:
    for a in sorted(brief.facts.actors.values(), key=lambda a: a.id):
        yield _visible(
            {
                "id": a.id,
                "name": a.name,
                "kind": a.kind,
                "country": a.country or "not given",
                "aliases": sorted(set(a.aliases) - {a.name}),
                "sources": _unique(labels[s.doc] for s in a.spans),
                "spans": spans(a.spans),
            }
        )


def _claims(brief: Brief, spans: _Spans, labels: dict[str, str]) -> Iterator[dict]:
    for c in sorted(brief.facts.claims, key=lambda c: (sort_key(c.when), c.id)):
        first, last = _day_range(c.when)
        yield _visible(
            {
                "id": c.id,
                "date": format_date(c.when),
                "from": first,
                "to": last,
                "speaker": brief.speaker(c),
                "verb": c.verb,
                "content": c.content,
                "about": list(c.about),
                "sources": _unique(labels[s.doc] for s in c.spans),
                "spans": spans(c.spans),
                **_review(brief, c),
            }
        )


def _data(brief: Brief) -> dict[str, Any]:
    """The page's data, its three long lists as generators of rows (made one at a time while
    the page is written: :func:`_json_pieces`)."""
    docs = [brief.corpus.documents[d] for d in sorted(brief.corpus.documents)]
    labels = source_labels(docs)
    spans = _Spans(brief)
    start, end = brief.window
    head = {
        "title": brief.params.title,
        "as_of": brief.as_of.isoformat(),
        "window": [start.isoformat() if start else "", end.isoformat()],
        "inputs_sha256": brief.digest,
        "review_below": brief.params.review_below,
        "documents": {
            d.id: {"label": labels[d.id], "title": d.meta.title, "url": d.meta.url or ""}
            for d in docs
        },
    }
    rows = {
        "events": _events(brief, spans, labels),
        "actors": _actors(brief, spans, labels),
        "claims": _claims(brief, spans, labels),
    }
    return {**_visible(head), **rows}


def explorer_data(brief: Brief) -> dict[str, Any]:
    """Everything the page shows, as plain JSON data (strings passed through ``visible``)."""
    return {k: list(v) if isinstance(v, Iterator) else v for k, v in _data(brief).items()}


def _visible(value: Any) -> Any:
    if isinstance(value, str):
        return visible(value)
    if isinstance(value, list):
        return [_visible(v) for v in value]
    if isinstance(value, dict):
        return {k: _visible(v) for k, v in value.items()}
    return value


_ENCODER = json.JSONEncoder(sort_keys=True, ensure_ascii=False, separators=(",", ":"))
_UNSAFE = re.compile("[<>&\u2028\u2029]")


def _json_pieces(data: dict) -> Iterator[str]:
    """:func:`data_json`'s text in pieces, one per row of each list (or generator of rows) at
    the top level: the same text as one ``json.dumps`` of it with sorted keys."""
    yield "{"
    for i, key in enumerate(sorted(data)):
        value = data[key]
        yield ("," if i else "") + _ENCODER.encode(key) + ":"
        if isinstance(value, (list, Iterator)):
            yield "["
            for j, row in enumerate(value):
                yield ("," if j else "") + _escaped(_ENCODER.encode(row))
            yield "]"
        else:
            yield _escaped(_ENCODER.encode(value))
    yield "}"


def _escaped(text: str) -> str:
    return _UNSAFE.sub(lambda m: _JSON_ESCAPES[m.group()], text)


def data_json(data: dict) -> str:
    """JSON for a ``<script type="application/json">`` element: nothing in it can close it."""
    return "".join(_json_pieces(data))


# ---- the page


def _bundle() -> tuple[str, str]:
    """The offline DataTables bundle itables ships: (script, stylesheet). Found without
    importing itables (which imports pandas): the renderer checks it before the kernel starts."""
    spec = importlib.util.find_spec("itables")
    try:
        if spec is None or not spec.submodule_search_locations:
            raise ModuleNotFoundError("No module named 'itables'")
        folder = Path(next(iter(spec.submodule_search_locations))) / "html"
        script = (folder / "dt_bundle.js").read_text(encoding="utf-8")
        style = (folder / "dt_bundle.css").read_text(encoding="utf-8")
    except (ModuleNotFoundError, FileNotFoundError) as exc:
        raise ExplorerError(f"the itables package's offline bundle is missing ({exc})") from None
    script = _OPENS_OR_CLOSES.sub(lambda m: "\\x3C", script)
    return script, style


def _inline(text: str, element: str, what: str) -> str:
    if _ENDS[element].search(text):
        raise ExplorerError(f"{what} holds text that would end its inline <{element}>; not inlined")
    return text


def sha256_source(text: str) -> str:
    """A CSP source admitting an inline element whose text is ``text``."""
    import base64

    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode()).digest()).decode() + "'"


def page_assets() -> tuple[list[str], list[str]]:
    """The page's scripts and styles, each checked to be inlinable (:class:`ExplorerError`)."""
    bundle_js, bundle_css = _bundle()
    folder = config.TEMPLATES_DIR / "explorer"
    own_js = (folder / "explorer.js").read_text(encoding="utf-8")
    own_css = (folder / "explorer.css").read_text(encoding="utf-8")
    scripts = [
        _inline(js, "script", name)
        for js, name in ((bundle_js, "dt_bundle.js"), (own_js, "explorer.js"))
    ]
    styles = [
        _inline(css, "style", name)
        for css, name in ((bundle_css, "dt_bundle.css"), (own_css, "explorer.css"))
    ]
    return scripts, styles


#: Where the data go in the rendered template (a text no escaped value can hold).
_DATA_HERE = "\x00explorer-data\x00"


def _page_pieces(brief: Brief) -> Iterator[str]:
    """``explorer.html`` in pieces: the template around the data, and the data row by row, so
    that neither the rows nor the page are ever held whole (at corpus scale, a page of tens of
    megabytes)."""
    scripts, styles = page_assets()
    data = _data(brief)
    facts = [*brief.facts.events, *brief.facts.claims]
    reviews = [_review(brief, item)["review"] for item in facts]
    page = _ENV.get_template("explorer.html.j2").render(
        title=data["title"],
        data=data,
        counts={
            "events": len(brief.facts.events),
            "actors": len(brief.facts.actors),
            "claims": len(brief.facts.claims),
            "documents": len(data["documents"]),
        },
        data_json=Markup(_DATA_HERE),
        scripts=[Markup(s) for s in scripts],
        styles=[Markup(s) for s in styles],
        script_hashes=Markup(" ".join(sha256_source(s) for s in scripts)),
        style_hashes=Markup(" ".join(sha256_source(s) for s in styles)),
        itables=metadata.version("itables"),
        n_machine=sum(r != ANALYST for r in reviews),
        n_review=sum(r == NEEDS_REVIEW for r in reviews),
    )
    before, after = page.split(_DATA_HERE)
    yield before
    yield from _json_pieces(data)
    yield after


def render_explorer(brief: Brief) -> bytes:
    """``explorer.html``'s bytes."""
    return "".join(_page_pieces(brief)).encode("utf-8")


def write_explorer(brief: Brief, out: BinaryIO) -> None:
    """Write ``explorer.html`` (the bytes of :func:`render_explorer`) piece by piece."""
    for piece in _page_pieces(brief):
        out.write(piece.encode("utf-8"))
