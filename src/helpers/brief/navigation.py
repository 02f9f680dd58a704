"""Navigation inside the brief: anchors, readable citations and the "Source texts" appendix.

- :func:`anchor` gives every row a reader may be sent to (an event, actor, relation, claim, gap,
  source, judgment) and every cited span an HTML id derived from its id.
- :class:`Paragraphs` numbers a document's paragraphs, so that a span given as character offsets
  is cited as "para 3".
- :class:`Navigation` (one per brief) records which rows the brief shows and which spans it cites,
  formats citations ("Outlet, 8 Feb 2024, para 3", the document id and offsets in a tooltip) and
  builds the appendix: every cited document, its cited spans marked, with links back to where
  they are cited. Long documents (and every document of a large brief) are excerpted: the
  paragraphs that hold cited words and one paragraph either side.

Like :mod:`helpers.brief.sections`, this module builds no HTML: it computes plain data (strings,
numbers, nested lists) that the templates print, escaped. The text of a document is only cut
into pieces at span and paragraph boundaries, never changed: joining a paragraph's pieces gives
the document's characters between the paragraph's offsets.
"""

from __future__ import annotations

import bisect
import hashlib
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from ..facts.schema import Span

#: A key that is already safe as an HTML id and a URL fragment: the facts' id pattern
#: (:data:`helpers.facts.schema.ID_PATTERN`).
SAFE_KEY = re.compile(r"[a-z0-9][a-z0-9._-]*\Z")

#: What breaks a line: CRLF counts once; a lone CR (old Mac files) and the Unicode line and
#: paragraph separators count too.
LINE_BREAK = re.compile(r"\r\n|[\r\n\u2028\u2029]")
#: A line that holds nothing a reader sees: white space, no-break spaces, zero-width characters
#: and byte-order marks.
BLANK = re.compile(r"[\s\u200b\u200c\u200d\u2060\ufeff]*\Z")
#: A text is taken as wrapped at a fixed width (each block between blank lines one paragraph)
#: when it has blank lines, no line is longer than WRAP_WIDTH, and the lines that continue on
#: the next line (at least two of them) are mostly long: their median at least WRAP_FILLED.
WRAP_WIDTH = 100
WRAP_FILLED = 45

#: Documents longer than this (characters or paragraphs) are excerpted in the appendix.
FULL_TEXT_MAX_CHARS = 8_000
FULL_TEXT_MAX_PARAGRAPHS = 40
#: Paragraphs shown on either side of a paragraph that holds cited words, in an excerpt.
CONTEXT = 1

#: A citation's outlet when neither the sidecar, nor the document's web address, nor its id
#: (``brief add``'s ``<outlet>_<date>_<hash>``) names one.
UNKNOWN_OUTLET = "Unnamed outlet"
#: A document id as ``brief add`` writes it: the outlet's slug, the date, 12 hex digits.
INGEST_ID = re.compile(r"(?P<outlet>[a-z0-9]+(?:-[a-z0-9]+)*)_\d{4}-\d{2}-\d{2}_[0-9a-f]{12}\Z")
MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def anchor(kind: str, key: str) -> str:
    """The HTML id of an item: ``event-e-strike-2024-02-07``, ``src-000_30fe-1138-1318``.

    A key that is safe in an id and a URL fragment (the facts' id pattern: lower-case letters,
    digits, ``.``, ``_``, ``-``) is used as it is; any other is slugified to those characters and
    given ten hex digits of its sha256, so that two keys never share an anchor and nothing of a
    key can break out of the attribute or the fragment."""
    if SAFE_KEY.match(key):
        return f"{kind}-{key}"
    slug = re.sub(r"[^a-z0-9]+", "-", key.lower()).strip("-")[:40].strip("-")
    digest = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()[:10]
    return f"{kind}-{slug}-{digest}" if slug else f"{kind}-{digest}"


# ------------------------------------------------------------------------------------------------
# Paragraphs


@dataclass(frozen=True)
class Paragraphs:
    """A text's paragraphs as ``(start, end)`` character offsets (line breaks left out), numbered
    from 1 in order.

    A paragraph is a line that holds text: a headline, a dateline on its own line, a caption all
    count; blank lines (white space, no-break or zero-width spaces only) do not (a text of
    nothing else is one paragraph, so that any span of it can be shown). CRLF, CR, LF and
    the Unicode line and paragraph separators all end a line. A text wrapped at a fixed width
    (blank lines between blocks, no line over :data:`WRAP_WIDTH` characters, and the lines that
    run on into the next mostly filled: median at least :data:`WRAP_FILLED`) counts each block
    between blank lines as one paragraph instead; a headline over a byline stays two."""

    spans: tuple[tuple[int, int], ...]
    starts: tuple[int, ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "starts", tuple(a for a, _ in self.spans))

    @classmethod
    def of(cls, text: str) -> Paragraphs:
        lines, at = [], 0
        for m in LINE_BREAK.finditer(text):
            lines.append((at, m.start()))
            at = m.end()
        lines.append((at, len(text)))
        filled = [(a, b) for a, b in lines if not BLANK.match(text, a, b)]
        if not filled:  # nothing a reader sees: the whole text is one paragraph (or none)
            return cls(((0, len(text)),) if text else ())
        blocks: list[list[tuple[int, int]]] = []
        previous = None
        for i, (a, b) in enumerate(lines):
            if BLANK.match(text, a, b):
                previous = None
                continue
            if previous is None:
                blocks.append([])
            blocks[-1].append((a, b))
            previous = i
        running_on = sorted(b - a for block in blocks for a, b in block[:-1])
        wrapped = (
            len(blocks) > 1
            and len(running_on) >= 2
            and max(b - a for a, b in filled) <= WRAP_WIDTH
            and running_on[len(running_on) // 2] >= WRAP_FILLED
        )
        if wrapped:
            return cls(tuple((block[0][0], block[-1][1]) for block in blocks))
        return cls(tuple(filled))

    def __len__(self) -> int:
        return len(self.spans)

    def number(self, offset: int) -> int:
        """The number of the paragraph that holds ``offset``; an offset between paragraphs (a line
        break, a blank line) belongs to the next one, past the last to the last; 0 for a text
        without paragraphs."""
        if not self.spans:
            return 0
        i = bisect.bisect_right(self.starts, offset) - 1
        if i >= 0 and offset < self.spans[i][1]:
            return i + 1
        return min(i + 2, len(self.spans))

    def covering(self, start: int, end: int) -> tuple[int, int]:
        """First and last paragraph numbers holding characters of ``[start, end)``; a span of line
        breaks and blank lines only gets the paragraph :meth:`number` gives its start."""
        first = self.number(start)
        if not self.spans:
            return 0, 0
        last = bisect.bisect_right(self.starts, end - 1)  # paragraphs starting before the end
        if last < first or self.spans[first - 1][0] >= end:
            return first, first
        return first, last


#: Joins the words of a label that a line must not split ("para 3", "8 Feb 2024"): narrow
#: table columns otherwise break them anywhere.
NBSP = "\u00a0"


def paragraph_label(first: int, last: int) -> str:
    """``para 3``, ``paras 3–4`` (with a no-break space); empty for a text without paragraphs."""
    if first == 0:
        return ""
    return f"para{NBSP}{first}" if first == last else f"paras{NBSP}{first}–{last}"


# ------------------------------------------------------------------------------------------------
# Citation labels


def short_date(published: str) -> str:
    """``2024-02-08`` (or ``2024-02-08T10:00``) as ``8 Feb 2024`` (with no-break spaces)."""
    year, month, day = published[:10].split("-")
    return f"{int(day)}{NBSP}{MONTHS[int(month) - 1]}{NBSP}{year}"


def _letters(i: int) -> str:
    """a, b, ..., z, aa, ab, ...: the suffix that tells apart one outlet's documents of one day."""
    out = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        out = chr(ord("a") + r) + out
    return out


def outlet(doc_id: str, meta) -> tuple[str, str]:
    """The best honest name of a document's outlet and where it comes from: the sidecar's
    ``publisher`` (``"publisher"``), else the host of its ``url`` (``"url"``: ``outlet.example``),
    else the outlet part of an id ``brief add`` wrote (``"id"``: ``the-sahel-courier``), else
    :data:`UNKNOWN_OUTLET` (``""``)."""
    publisher = (meta.publisher or "").strip()
    if publisher:
        return publisher, "publisher"
    try:
        host = (urlsplit(meta.url or "").hostname or "").removeprefix("www.")
    except ValueError:  # a malformed address names no host
        host = ""
    if "." in host:
        return host, "url"
    m = INGEST_ID.match(doc_id)
    if m and m["outlet"] != "unknown":
        return m["outlet"], "id"
    return UNKNOWN_OUTLET, ""


#: How :func:`outlet` found a name, for the Sources table.
OUTLET_BASIS = {
    "publisher": "",
    "url": "read from the document's web address; the sidecar names no publisher",
    "id": "read from the document id; the sidecar names no publisher",
    "": "the source names no outlet",
}


def source_labels(documents: Iterable) -> dict[str, str]:
    """``doc id -> "Outlet, 8 Feb 2024"`` for each document (:func:`outlet` and
    ``meta.published``). Documents of one outlet and one day are told apart as author-date
    citations do it, ``8 Feb 2024a``, ``8 Feb 2024b``, in the order of their ids."""
    groups: dict[tuple[str, str], list[str]] = {}
    for d in documents:
        outlet_name = outlet(d.id, d.meta)[0]
        groups.setdefault((outlet_name, short_date(d.meta.published)), []).append(d.id)
    labels = {}
    for (name, day), ids in groups.items():
        for i, doc in enumerate(sorted(ids)):
            labels[doc] = f"{name}, {day}{_letters(i) if len(ids) > 1 else ''}"
    return labels


def span_key(span: Span) -> tuple[str, int, int]:
    return (span.doc, span.start, span.end)


def span_anchor(doc: str, start: int, end: int) -> str:
    """The id of a cited span's highlight in the appendix."""
    return anchor("src", f"{doc}-{start}-{end}")


def pick(spans: Sequence[Span], limit: int) -> tuple[list[tuple[str, list[Span], int]], int]:
    """The spans a citation shows: with one document, every span; with several, the first span of
    each of the first ``limit`` documents (documents in the order the spans name them). Returns
    ``[(doc, shown spans, spans not shown)]`` and the number of documents not shown."""
    by_doc: dict[str, list[Span]] = {}
    for s in spans:
        by_doc.setdefault(s.doc, []).append(s)
    if len(by_doc) == 1:
        ((doc, only),) = by_doc.items()
        return [(doc, only, 0)], 0
    shown = [(doc, group[:1], len(group) - 1) for doc, group in list(by_doc.items())[:limit]]
    return shown, max(0, len(by_doc) - limit)


# ------------------------------------------------------------------------------------------------
# The appendix: a paragraph's text cut at the cited spans' boundaries


@dataclass(frozen=True)
class Mark:
    """A cited span to highlight: its offsets, its id, its tooltip and the links back to where it
    is cited (``[{"href", "text", "title"}]``)."""

    start: int
    end: int
    id: str
    title: str
    back: tuple = ()


@dataclass(frozen=True)
class _Piece:
    start: int
    end: int
    mark: Mark
    first: bool  # the piece that carries the mark's id
    last: bool  # the piece after which the links back go

    def key(self) -> tuple:
        return (self.start, -self.end, self.mark.id)


def _node(text: str | None = None, piece: _Piece | None = None, children=None) -> dict:
    if piece is None:
        return {"text": text, "mark": False, "id": None, "title": "", "back": [], "children": []}
    return {
        "text": None,
        "mark": True,
        "id": piece.mark.id if piece.first else None,
        "title": piece.mark.title,
        "back": list(piece.mark.back) if piece.last else [],
        "children": children,
    }


def _nest(text: str, lo: int, hi: int, pieces: list[_Piece]) -> list[dict]:
    """``text[lo:hi]`` as nodes: plain text and marks, a mark inside another where its span lies
    inside the other's; a span that crosses another's end is cut there (the part inside is a
    child, the rest follows; only the first part carries the id)."""
    out: list[dict] = []
    at = lo
    queue = sorted(pieces, key=_Piece.key)
    while queue:
        p = queue.pop(0)
        if p.start > at:
            out.append(_node(text[at : p.start]))
        inner, rest = [], []
        for q in queue:
            if q.start >= p.end:
                rest.append(q)
            elif q.end <= p.end:
                inner.append(q)
            else:
                inner.append(_Piece(q.start, p.end, q.mark, q.first, False))
                rest.append(_Piece(p.end, q.end, q.mark, False, q.last))
        out.append(_node(piece=p, children=_nest(text, p.start, p.end, inner)))
        at = max(at, p.end)
        queue = sorted(rest, key=_Piece.key)
    if hi > at:
        out.append(_node(text[at:hi]))
    return out


def flatten(nodes: list[dict]) -> str:
    """The text the nodes show (the source's characters, without the links back)."""
    return "".join(n["text"] if not n["mark"] else flatten(n["children"]) for n in nodes)


def excerpt(
    text: str, paragraphs: Paragraphs, marks: Sequence[Mark], full: bool, context: int = CONTEXT
) -> list[dict]:
    """The blocks the appendix shows for one document: ``{"kind": "para", "n", "nodes"}`` for a
    paragraph (its text cut into plain text and marks) and ``{"kind": "gap", "first", "last"}``
    for paragraphs left out. With ``full``, every paragraph; otherwise the paragraphs holding
    cited words and ``context`` paragraphs either side."""
    n = len(paragraphs)
    pieces: dict[int, list[_Piece]] = {}
    for mark in marks:
        first, last = paragraphs.covering(mark.start, mark.end)
        if first == 0:
            continue
        cut = []
        for k in range(first, last + 1):
            a, b = paragraphs.spans[k - 1]
            if min(b, mark.end) > max(a, mark.start):
                cut.append((k, max(a, mark.start), min(b, mark.end)))
        if not cut:  # only line breaks or blank lines: an empty mark where the next text begins
            start = paragraphs.spans[first - 1][0]
            cut = [(first, start, start)]
        for i, (k, a, b) in enumerate(cut):
            pieces.setdefault(k, []).append(_Piece(a, b, mark, i == 0, i == len(cut) - 1))
    if full:
        shown = set(range(1, n + 1))
    else:
        shown = {j for k in pieces for j in range(k - context, k + context + 1) if 1 <= j <= n}
    blocks: list[dict] = []
    hidden: list[int] = []
    for k in range(1, n + 1):
        if k not in shown:
            hidden.append(k)
            continue
        if hidden:
            blocks.append({"kind": "gap", "first": hidden[0], "last": hidden[-1]})
            hidden = []
        a, b = paragraphs.spans[k - 1]
        blocks.append({"kind": "para", "n": k, "nodes": _nest(text, a, b, pieces.get(k, []))})
    if hidden:
        blocks.append({"kind": "gap", "first": hidden[0], "last": hidden[-1]})
    return blocks


# ------------------------------------------------------------------------------------------------
# One brief's navigation


@dataclass
class Navigation:
    """The anchors of one brief and what it cites.

    Built once per brief (:func:`helpers.brief.sections.navigation`) by walking the rows each
    section shows, in the order the brief shows them: :meth:`row` gives each row its anchor (the
    first time an item is shown; a row shown again, in another top list of a large brief, gets
    none) and :meth:`cite` records the spans the row's citation links to and the row, for the
    link back. The sections then only read: :meth:`href` for a link to a row, :meth:`citation`
    for a citation, :meth:`appendix` for the appendix."""

    documents: dict  # doc id -> SourceDoc
    excerpt_all: bool = False  # a large brief: every document excerpted
    rows: dict[tuple[str, str], str] = field(default_factory=dict)
    cited: dict[tuple[str, int, int], list[dict]] = field(default_factory=dict)
    _taken: set[str] = field(default_factory=set)
    _cited_docs: set[str] = field(default_factory=set)
    _labels: dict[str, str] | None = None
    _paragraphs: dict[str, Paragraphs] = field(default_factory=dict)

    # ---------------------------------------------------------------- anchors
    def row(self, kind: str, key: str) -> str | None:
        """The anchor of a row showing ``key``, or ``None`` when an earlier row already has it."""
        if (kind, key) in self.rows:
            return None
        name = anchor(kind, key)
        i = 2
        while name in self._taken:  # an unsafe key's slug met a safe key's: keep both apart
            name = f"{anchor(kind, key)}-{i}"
            i += 1
        self.rows[(kind, key)] = name
        self._taken.add(name)
        return name

    def href(self, key: str, kinds: Sequence[str]) -> str | None:
        """``#anchor`` of the first row of one of ``kinds`` that shows ``key``, or ``None``."""
        for kind in kinds:
            name = self.rows.get((kind, key))
            if name:
                return "#" + name
        return None

    # ---------------------------------------------------------------- citations
    @property
    def labels(self) -> dict[str, str]:
        if self._labels is None:
            self._labels = source_labels(self.documents.values())
        return self._labels

    def paragraphs(self, doc: str) -> Paragraphs:
        if doc not in self._paragraphs:
            self._paragraphs[doc] = Paragraphs.of(self.documents[doc].text)
        return self._paragraphs[doc]

    def _title(self, doc: str, spans: Sequence[Span]) -> str:
        ranges = ", ".join(f"{s.start}-{s.end}" for s in spans)
        meta = self.documents[doc].meta
        assumed = "; publication date assumed by the analyst" if meta.assumed("published") else ""
        return f"{doc}: characters {ranges}{assumed}"

    def citation(self, spans: Sequence[Span], limit: int) -> dict:
        """A citation for a template: ``{"docs": [{"links": [{"text", "href", "title"}],
        "extra"}], "more"}``. Per document, one link per paragraph cited (to the first span in it):
        ``Outlet, 8 Feb 2024, para 1``, then ``para 3``; its tooltip has the document id and
        every span's offsets; a span the appendix does not hold (no row recorded it with
        :meth:`cite`) gets no link. ``extra``: spans of the document not shown; ``more``:
        documents not shown (:func:`pick`)."""
        shown, more = pick(spans, limit)
        docs = []
        for doc, group, extra in shown:
            paragraphs = self.paragraphs(doc)
            by_para: dict[tuple[int, int], list[Span]] = {}
            for s in group:
                by_para.setdefault(paragraphs.covering(s.start, s.end), []).append(s)
            links = []
            for i, (paras, in_para) in enumerate(by_para.items()):
                where = paragraph_label(*paras)
                text = where if i else ", ".join(x for x in (self.labels[doc], where) if x)
                first = in_para[0]
                cited = span_key(first) in self.cited  # else not in the appendix: no link
                links.append(
                    {
                        "text": text,
                        "href": "#" + span_anchor(doc, first.start, first.end) if cited else None,
                        "title": self._title(doc, in_para),
                    }
                )
            docs.append({"links": links, "extra": extra})
        return {"docs": docs, "more": more}

    def cite(self, spans: Sequence[Span], limit: int, row: str, what: str) -> None:
        """Record that the row ``row`` (an anchor) cites ``spans`` as :meth:`citation` shows them;
        ``what`` names the row for the link back (``timeline``, ``actor`` ...)."""
        shown, _ = pick(spans, limit)
        for _, group, _ in shown:
            for s in group:
                self._cited_docs.add(s.doc)
                citers = self.cited.setdefault(span_key(s), [])
                if not any(c["href"] == "#" + row for c in citers):
                    citers.append({"href": "#" + row, "text": what, "title": row})

    # ---------------------------------------------------------------- the appendix
    def is_cited(self, doc: str) -> bool:
        return doc in self._cited_docs

    def appendix(self) -> list[dict]:
        """Every cited document, in the corpus's order, with its blocks (:func:`excerpt`), the
        spans it is cited at and whether it is shown in full."""
        by_doc: dict[str, list[tuple[int, int]]] = {}
        for doc, start, end in self.cited:
            by_doc.setdefault(doc, []).append((start, end))
        out = []
        for doc, source in self.documents.items():
            if doc not in by_doc:
                continue
            text, paragraphs = source.text, self.paragraphs(doc)
            full = not self.excerpt_all and (
                len(text) <= FULL_TEXT_MAX_CHARS and len(paragraphs) <= FULL_TEXT_MAX_PARAGRAPHS
            )
            marks = []
            spans = []
            for start, end in sorted(by_doc[doc]):
                first, last = paragraphs.covering(start, end)
                title = f"{doc}: characters {start}-{end} ({paragraph_label(first, last)})"
                back = tuple(self.cited[(doc, start, end)])
                marks.append(Mark(start, end, span_anchor(doc, start, end), title, back))
                spans.append(
                    {
                        "href": "#" + span_anchor(doc, start, end),
                        "text": f"{start}-{end}",
                        "title": paragraph_label(first, last),
                    }
                )
            # a large brief cites hundreds of documents: the cited paragraphs only
            blocks = excerpt(text, paragraphs, marks, full, 0 if self.excerpt_all else CONTEXT)
            full = all(b["kind"] == "para" for b in blocks)  # an excerpt that leaves nothing out
            out.append(
                {
                    "id": anchor("text", doc),
                    "doc": doc,
                    "label": self.labels[doc],
                    "title": source.meta.title,
                    "chars": len(text),
                    "n_paragraphs": len(paragraphs),
                    "full": full,
                    "n_shown": sum(1 for b in blocks if b["kind"] == "para"),
                    "blocks": blocks,
                    "spans": spans,
                }
            )
        return out
