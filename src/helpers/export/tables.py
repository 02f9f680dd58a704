"""CSV of every table the brief has: events (its timeline), actors, relations, disagreements,
claims, judgments, gaps, sources, and every quoted span. Cells are neutralised for spreadsheets:
a text cell starting with ``= + - @``, a tab or a carriage return (after any spaces) gets a
leading ``'``, so a spreadsheet shows it as text instead of running it as a formula."""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Iterable, Sequence
from numbers import Number

import pandas as pd

from ..brief.build import Brief
from ..facts.schema import Span
from ..facts.times import format_date
from . import common

#: What makes a spreadsheet read a cell as a formula (OWASP's list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """A cell safe for a spreadsheet: text that a spreadsheet would run as a formula is prefixed
    with ``'``; numbers and booleans are kept; None, NaN and pandas' NA become empty."""
    if value is None or value is pd.NA or value is pd.NaT:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    if isinstance(value, bool | Number):
        return value
    text = value if isinstance(value, str) else str(value)
    return "'" + text if text.lstrip(" ").startswith(FORMULA_STARTS) else text


def to_csv(columns: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """A CSV file (UTF-8, ``\\n`` line ends, a header row), every cell neutralised."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([neutralise(_plain(v)) for v in row])
    return out.getvalue().encode("utf-8")


def _plain(value: object) -> object:
    """numpy scalars as Python values, lists and tuples as ``a; b``."""
    if hasattr(value, "item") and not isinstance(value, str):
        value = value.item()
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return value


def _frame(table) -> bytes:
    return to_csv(list(table.columns), table.itertuples(index=False, name=None))


def _cite(spans: list[Span]) -> tuple[str, object, object, str]:
    span = common.first_span(spans)
    if span is None:
        return ("", None, None, "")
    return (span.doc, span.start, span.end, span.quote)


CLAIM_COLUMNS = [
    "claim_id", "speaker_id", "speaker", "verb", "content", "date", "precision", "about",
    "doc", "start", "end", "quote", "confidence", "confidence_basis", "needs_review",
]  # fmt: skip
#: The brief's "Needs review" section as a table: the machine facts below ``review_below``.
REVIEW_COLUMNS = [
    "item_type", "item_id", "confidence", "confidence_basis", "date", "fact",
    "doc", "start", "end", "quote",
]  # fmt: skip
JUDGMENT_COLUMNS = ["judgment_id", "holder_id", "holder", "content", "doc", "start", "end", "quote"]
GAP_COLUMNS = ["gap_id", "origin", "topic", "question", "why_it_matters", "about"]
SOURCE_COLUMNS = [
    "doc", "title", "publisher", "author", "url", "published", "timezone", "language",
    "reliability", "credibility", "grading_note", "assumptions", "review_status", "wire_group",
    "sha256", "characters",
]  # fmt: skip
SPAN_COLUMNS = ["item_type", "item_id", "doc", "start", "end", "quote"]


def claims(brief: Brief) -> bytes:
    rows = [
        [c.id, c.speaker, brief.speaker(c), c.verb, c.content, format_date(c.when),
         c.when.precision, list(c.about), *_cite(c.spans), c.confidence,
         c.confidence_basis, common.needs_review(brief, c) if c.confidence is not None else None]
        for c in brief.facts.claims
    ]  # fmt: skip
    return to_csv(CLAIM_COLUMNS, rows)


def needs_review(brief: Brief) -> bytes:
    """The events of the window and the claims whose machine confidence is below the brief's
    ``review_below``, least likely first: what the brief lists under "Needs review" (all of
    them: the brief lists up to ``max_rows``)."""
    events, claims = brief.under_review()
    rows = [
        ["event" if item in events else "claim", item.id, item.confidence,
         item.confidence_basis, format_date(item.when),
         item.summary if item in events else f"{brief.speaker(item)} {item.verb} {item.content}",
         *_cite(item.spans)]
        for item in sorted([*events, *claims], key=lambda x: (x.confidence, x.id))
    ]  # fmt: skip
    return to_csv(REVIEW_COLUMNS, rows)


def judgments(brief: Brief) -> bytes:
    rows = [
        [j.id, j.holder, common.name_of(brief, j.holder) or "The source (the author's own)",
         j.content, *_cite(j.spans)]
        for j in brief.facts.judgments
    ]  # fmt: skip
    return to_csv(JUDGMENT_COLUMNS, rows)


def gaps(brief: Brief) -> bytes:
    rows = [[g.id, g.origin, g.topic, g.question, g.why, list(g.about)] for g in brief.gaps()]
    return to_csv(GAP_COLUMNS, rows)


def sources(brief: Brief) -> bytes:
    wire = brief.fusion.wire if brief.fusion else {}
    status = brief.facts.review_status
    rows = []
    for doc in common.documents(brief):
        m, g = doc.meta, doc.meta.grading
        assumed = [f"{a.field}: {a.note}" for a in m.assumptions]
        rows.append(
            [m.id, m.title, m.publisher, m.author, m.url, m.published, m.timezone, m.language,
             g.reliability if g else None, g.credibility if g else None, g.note if g else None,
             assumed, status.get(m.id), wire.get(m.id, m.id), sha256(doc.text), len(doc.text)]
        )  # fmt: skip
    return to_csv(SOURCE_COLUMNS, rows)


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def spans(brief: Brief) -> bytes:
    f = brief.facts
    groups = [
        ("actor", common.actors(brief)),
        ("event", f.events),
        ("relation", f.relations),
        ("claim", f.claims),
        ("judgment", f.judgments),
        ("gap", f.gaps),
    ]
    rows = [
        [kind, item.id, s.doc, s.start, s.end, s.quote]
        for kind, items in groups
        for item in items
        for s in item.spans
    ]
    return to_csv(SPAN_COLUMNS, rows)


def render(brief: Brief) -> dict[str, bytes]:
    """File name -> CSV bytes, one file per table."""
    files = {f"{name}.csv": _frame(getattr(brief, name)) for name in ("timeline", "actors")}
    files["relations.csv"] = _frame(brief.relations)
    if brief.disagreements is not None:
        files["disagreements.csv"] = _frame(brief.disagreements)
    files.update(
        {
            "claims.csv": claims(brief),
            "needs_review.csv": needs_review(brief),
            "judgments.csv": judgments(brief),
            "gaps.csv": gaps(brief),
            "sources.csv": sources(brief),
            "spans.csv": spans(brief),
        }
    )
    return files
