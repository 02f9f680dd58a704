"""HTML for each section of the brief.

Every piece of text that comes from a document, a facts file or a parameter passes through
:func:`esc` (:func:`visible`, then ``html.escape`` with quotes) before it is placed in markup; the
markup itself is fixed here. Figures are embedded as ``data:`` images, which the brief's Content-Security-Policy
allows and which cannot run script.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import html
from collections.abc import Iterable, Sequence
from importlib import metadata

import pandas as pd

from ..facts.times import INFERRED_MARK, describe_when
from . import figures
from .build import Brief, some
from .params import LOCATIONS, PARAMETERS
from .text import visible
from .timeline import cite

STATUS_NOTE = {
    "reported": "stated by the source in its own voice",
    "claimed": "said by a named party; not established by the source",
    "suspected": "the source hedges it (e.g. 'suspected')",
    "alleged": "the source reports it as an allegation",
    "denied": "a party denies it",
}
VERSIONED = [
    "analytic-brief",
    "pandas",
    "matplotlib",
    "networkx",
    "papermill",
    "nbconvert",
    "weasyprint",
]


def esc(value: object) -> str:
    """Text for HTML: hidden characters made visible, then ``& < > " '`` escaped."""
    return html.escape(visible("" if value is None else str(value)), quote=True)


def badge(status: str) -> str:
    return f'<span class="badge {esc(status)}" title="{esc(STATUS_NOTE.get(status, ""))}">{esc(status)}</span>'


def quote(text: str, ref: str) -> str:
    return f'<q class="src">{esc(text)}</q> <span class="ref">[{esc(ref)}]</span>'


def table(
    rows: Iterable[Sequence[str]],
    headers: Sequence[str],
    *,
    widths: Sequence[int] | None = None,
    row_classes: Sequence[str] | None = None,
    css: str = "",
) -> str:
    """A table of cells that are already HTML (callers escape text with :func:`esc`)."""
    cols = ""
    if widths:
        # a class per width (brief.css), not a style attribute: the page's Content-Security-
        # Policy admits the stylesheet by its hash and no inline style at all
        cols = "<colgroup>" + "".join(f'<col class="w{int(w)}">' for w in widths) + "</colgroup>"
    head = "<tr>" + "".join(f"<th>{esc(h)}</th>" for h in headers) + "</tr>"
    body = []
    for i, row in enumerate(rows):
        cls = f' class="{row_classes[i]}"' if row_classes and row_classes[i] else ""
        body.append(f"<tr{cls}>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>")
    return f'<table class="brief {css}">{cols}<thead>{head}</thead><tbody>{"".join(body)}</tbody></table>'


def lede(text: str) -> str:
    return f'<p class="lede">{esc(text)}</p>'


def _plural(n: int, word: str) -> str:
    return f"{n} {word}{'' if n == 1 else 's'}"


# ------------------------------------------------------------------------------------------------


def title_block(b: Brief) -> str:
    p = b.params
    docs = b.corpus.documents.values()
    window = f"{b.window[0] or 'open start'} to {b.window[1]}"
    focus = b.facts.actors[p.focus_actor].name if p.focus_actor else "none"
    if len(docs) > MANY_SOURCES:
        sources = "".join(
            f"<li>{esc(publisher)}: {_plural(n, 'document')}, {esc(first)} to {esc(last)}</li>"
            for publisher, n, first, last in _by_publisher(b)
        )
    else:
        sources = "".join(
            f"<li>{esc(d.meta.title)}{' (title supplied by analyst)' if d.meta.title_supplied_by_analyst else ''}"
            f" — {esc(d.meta.publisher or 'publisher unknown')}, {esc(d.meta.published)}"
            f'{" (assumed)" if d.meta.assumed("published") else ""} <span class="ref">[{esc(d.id)}]</span></li>'
            for d in docs
        )
    return (
        f'<div class="marking" role="note">{esc(p.marking)}</div>'
        f'<h1 class="title">{esc(p.title)}</h1>'
        '<dl class="meta">'
        f"<dt>As of</dt><dd>{esc(b.as_of.isoformat())}</dd>"
        f"<dt>Timeline window</dt><dd>{esc(window)}</dd>"
        f"<dt>Focus actor</dt><dd>{esc(focus)}</dd>"
        f"<dt>Facts</dt><dd>{esc(_review_status(b))}</dd>"
        "</dl>"
        f'<p class="sources-head">Sources ({len(b.corpus.documents)}):</p><ul class="sources">{sources}</ul>'
    )


MANY_SOURCES = 12  # beyond this, sources are listed by publisher


def _by_publisher(b: Brief) -> list[tuple[str, int, str, str]]:
    """(publisher, documents, first and last publication date), most documents first."""
    groups: dict[str, list[str]] = {}
    for d in b.corpus.documents.values():
        groups.setdefault(d.meta.publisher or "publisher unknown", []).append(d.meta.published)
    return sorted(
        ((p, len(v), min(v), max(v)) for p, v in groups.items()), key=lambda g: (-g[1], g[0])
    )


def _review_status(b: Brief) -> str:
    by_status: dict[str, list[str]] = {}
    for doc, status in sorted(b.facts.review_status.items()):
        by_status.setdefault(status, []).append(doc)
    parts = [
        f"{status} ({some(docs, 6)})"
        + (
            ": read by the rule-based extractor, NOT reviewed by an analyst"
            if status == "machine-extracted"
            else ""
        )
        for status, docs in by_status.items()
    ]
    return "; ".join(parts)


def bluf(b: Brief) -> str:
    items = "".join(f"<li>{esc(s)}</li>" for s in b.bluf())
    return f'<ol class="bluf">{items}</ol>'


def key_facts(b: Brief) -> str:
    """What the source states, what it hedges, what others claim and what it judges, apart."""
    events = b.events_in_window()
    claims = b.facts.claims

    def dated(e) -> str:
        return f"<strong>{esc(describe_when(e.when))}</strong> — {esc(e.summary)} {_ref(e.id)}"

    def said(c) -> str:
        return (
            f"<strong>{esc(b.speaker(c))}</strong> {esc(c.verb)} {esc(c.content)} "
            f'<span class="when">({esc(describe_when(c.when))})</span> {_ref(c.id)}'
        )

    cap = KEY_FACTS_CAP if b.large else None

    def first(items):
        return items if cap is None else items[: cap + 1]  # one more: "and N more" knows to show

    events_all, claims_all = events, claims
    if cap is not None:  # format only what is shown; an event in two groups is kept once
        keep = {
            e.id
            for group in (
                [e for e in events if e.status == "reported" and not e.background],
                [e for e in events if e.status in ("suspected", "alleged", "denied")],
                [e for e in events if e.status == "claimed" and not e.background],
                [e for e in events if e.background],
            )
            for e in first(group)
        }
        events = [e for e in events if e.id in keep]
        claims = first([c for c in claims if c.speaker]) + first(
            [c for c in claims if not c.speaker]
        )
    groups = [
        (
            "Reported by the source",
            [
                f"{badge(e.status)} {dated(e)}"
                for e in events
                if e.status == "reported" and not e.background
            ],
        ),
        (
            "Hedged by the source",
            [
                f"{badge(e.status)} {dated(e)} — hedge: <q>{esc(e.hedge or '')}</q>"
                for e in events
                if e.status in ("suspected", "alleged", "denied")
            ],
        ),
        (
            "Events only named parties assert",
            [
                f"{badge(e.status)} {dated(e)} — according to "
                + esc(", ".join(b.names().get(a, a) for a in e.asserted_by) or "a named party")
                for e in events
                if e.status == "claimed" and not e.background
            ],
        ),
        (
            "Claimed by named parties",
            [f"{badge('claimed')} {said(c)}" for c in claims if c.speaker],
        ),
        (
            "Asserted by the source without saying who said it",
            [
                f"{esc(_capital(c.content.removeprefix('that ')))} {_ref(c.id)}"
                for c in claims
                if not c.speaker
            ],
        ),
        (
            "The source's own judgments (assessments, not facts)",
            [
                f'<q class="src">{esc(j.spans[0].quote)}</q>'
                + (f" ({esc(b.facts.actors[j.holder].name)})" if j.holder else "")
                + f" {_ref(j.id)}"
                for j in b.facts.judgments
            ],
        ),
        ("Background", [f"{badge(e.status)} {dated(e)}" for e in events if e.background]),
    ]
    if cap is not None:
        totals = [
            sum(1 for e in events_all if e.status == "reported" and not e.background),
            sum(1 for e in events_all if e.status in ("suspected", "alleged", "denied")),
            sum(1 for e in events_all if e.status == "claimed" and not e.background),
            sum(1 for c in claims_all if c.speaker),
            sum(1 for c in claims_all if not c.speaker),
            len(b.facts.judgments),
            sum(1 for e in events_all if e.background),
        ]
        groups = [
            (h, _cap(items[:cap] + [""] * (n - min(n, cap)), cap))
            for (h, items), n in zip(groups, totals, strict=True)
        ]
    events, claims = events_all, claims_all
    named = sum(1 for c in claims if c.speaker)
    out = lede(
        f"{_plural(len(events), 'event')} in the window, {_plural(named, 'claim')} by named parties, "
        f"{_plural(len(b.facts.judgments), 'judgment')} by the source: kept apart below."
    )
    for heading, items in groups:
        if items:
            out += f'<h3>{esc(heading)}</h3><ul class="facts">{"".join(f"<li>{i}</li>" for i in items)}</ul>'
    return out


KEY_FACTS_CAP = 15  # items per group of key facts in a large brief


def _cap(items: list[str], limit: int) -> list[str]:
    more = len(items) - limit
    if more <= 0:
        return items
    return [*items[:limit], f"<em>… and {more} more (see the tables written with tables_dir)</em>"]


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ref(item_id: str) -> str:
    return f'<span class="ref">[{esc(item_id)}]</span>'


def _corroboration(r) -> str:
    if r.n_sources <= 1:
        return ""
    independent = (
        "" if r.independent_sources == r.n_sources else f", {r.independent_sources} independent"
    )
    out = f'<br><span class="flag">{r.n_sources} sources{independent}</span>'
    if r.disagreement:
        out += f'<br><span class="disagree">sources disagree: {esc(r.disagreement)}</span>'
    return out


def timeline_table(b: Brief) -> str:
    if b.large:
        return timeline_summary(b)
    df = b.timeline
    tz = b.params.display_tz
    extra = tz != "UTC"
    headers = (
        ["Date", "Local time", "UTC"]
        + ([tz] if extra else [])
        + [
            "Precision",
            "Event",
            "Actors",
            "Location",
            "Status",
            "Source",
        ]
    )
    widths = [11, 8, 8] + ([8] if extra else []) + [8, 18, 11, 8, 9, 19 if not extra else 11]
    rows, classes = [], []
    for r in df.itertuples():
        rows.append(
            [esc(r.date), esc(r.local_time or "—"), esc(r.utc or "—")]
            + ([esc(r.display_time or "—")] if extra else [])
            + [
                esc(r.precision),
                esc(r.event),
                esc(r.actors),
                esc(r.location),
                badge(r.status)
                + (f'<br><span class="hedge">"{esc(r.hedge)}"</span>' if r.hedge else "")
                + _corroboration(r),
                quote(r.quote, _short_cite(r.sources)),
            ]
        )
        classes.append(
            " ".join(
                c
                for c, on in (
                    ("focus", r.focus),
                    ("background", r.background),
                    ("lead", r.lead),
                    ("disagree", bool(r.disagreement)),
                )
                if on
            )
        )
    dated = int((df["precision"].isin(["minute", "day"])).sum())
    point = (
        f"{_plural(len(df), 'event')} in the window; {dated} dated to the day or better. "
        f"Dates are local to the event; only a time with a zone is converted to UTC. "
        f"{INFERRED_MARK} = part of the date inferred (see Information gaps)."
    )
    return lede(point) + table(rows, headers, widths=widths, row_classes=classes, css="timeline")


def _short_cite(sources: str, limit: int = 3) -> str:
    """A citation (``doc: a-b, c-d; doc2: e-f``) of many documents or spans shortened: the first
    span of the first ``limit`` documents, and counts of the rest."""
    parts = sources.split("; ")
    if len(parts) <= 1:  # one document: every span, as the facts give them
        return sources
    shown = []
    for part in parts[:limit]:
        doc, _, ranges = part.partition(": ")
        ranges = ranges.split(", ")
        extra = f" (+{len(ranges) - 1} spans)" if len(ranges) > 1 else ""
        shown.append(f"{doc}: {ranges[0]}{extra}")
    more = len(parts) - limit
    return "; ".join(shown) + (f"; and {more} more documents" if more > 0 else "")


TOP_EVENTS = 25  # rows of each "top events" table in a large brief


def timeline_summary(b: Brief) -> str:
    """A timeline too long to list: counts per week, the deadliest and the best-corroborated
    events, and the focus actor's events."""
    df = b.timeline
    dated = df[df["precision"].isin(["minute", "day"])].copy()
    dated["week"] = [
        (dt.date.fromisoformat(s[:10]) - dt.timedelta(days=dt.date.fromisoformat(s[:10]).weekday()))
        for s in dated["start"]
    ]
    weekly = (
        dated.groupby("week")
        .agg(events=("event_id", "size"), killed=("killed", "sum"), sources=("n_sources", "sum"))
        .reset_index()
        .sort_values("week")
    )

    def rows_of(frame) -> list[list[str]]:
        return [
            [
                esc(r.date),
                esc(r.event),
                esc(r.actors),
                esc(r.location),
                esc("" if pd.isna(r.killed) else int(r.killed)),
                badge(r.status) + _corroboration(r),
                # the status says how many sources; the first one is cited, the rest counted
                quote(r.quote, _short_cite(r.sources, 1)),
            ]
            for r in frame.itertuples()
        ]

    headers = ["Date", "Event", "Actors", "Location", "Killed", "Status", "Source"]
    widths = [10, 22, 14, 10, 6, 14, 24]
    deadly = df.assign(_k=df["killed"].fillna(-1)).sort_values(
        ["_k", "independent_sources", "event_id"], ascending=[False, False, True]
    )
    corroborated = df.sort_values(
        ["independent_sources", "n_sources", "event_id"], ascending=[False, False, True]
    )
    out = lede(
        f"{_plural(len(df), 'event')} in the window ({len(dated)} dated to the day or better), "
        f"more than the {b.params.max_rows} listed in full (parameter max_rows): counts per "
        f"week (figure) and month, then the top {TOP_EVENTS} by deaths and by independent "
        "sources. Every event is in timeline.csv (tables_dir)."
    )
    monthly = (
        weekly.assign(month=[w.strftime("%Y-%m") for w in weekly["week"]])
        .groupby("month")
        .agg(events=("events", "sum"), killed=("killed", "sum"), weeks=("week", "size"))
        .reset_index()
    )
    month_rows = [
        [esc(m), esc(e), esc(int(k)), esc(f"{e / w:.1f}")]
        for m, e, k, w in monthly.itertuples(index=False)
    ]
    out += "<h3>Events per month</h3>" + table(
        month_rows,
        ["Month (weeks starting in it)", "Events", "Killed (best)", "Events per week"],
        widths=[25, 25, 25, 25],
    )
    out += f"<h3>Deadliest {TOP_EVENTS} events</h3>" + table(
        rows_of(deadly.head(TOP_EVENTS)), headers, widths=widths, css="timeline"
    )
    out += f"<h3>Best-corroborated {TOP_EVENTS} events</h3>" + table(
        rows_of(corroborated.head(TOP_EVENTS)), headers, widths=widths, css="timeline"
    )
    if b.params.focus_actor:
        focus = df[df["focus"]]
        out += f"<h3>Events involving the focus actor ({len(focus)}; first {TOP_EVENTS})</h3>"
        out += table(rows_of(focus.head(TOP_EVENTS)), headers, widths=widths, css="timeline")
    return out


def timeline_figure(b: Brief) -> str:
    if len(b.timeline) > figures.MAX_POINTS:
        return _figure(
            figures.weekly_figure(b),
            "Events and deaths per week",
            "Bars: events per week (dated to the day or better); line: deaths per week, the "
            "best figure of each event.",
        )
    svg, undated = figures.timeline_figure(b)
    caption = (
        "Points are days (circles) or minutes (diamonds, labelled with their time and zone); bars are "
        "periods; a faded bar's start is not given; an arrow means ongoing at the as-of date; hatching "
        "marks inferred dates. Filled = reported, hollow = hedged or claimed."
    )
    if undated:
        caption += " Not plotted (no date in the source): " + "; ".join(e.summary for e in undated)
    return _figure(svg, "Timeline of events", caption)


def _figure(svg: str, alt: str, caption: str) -> str:
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return (
        f'<figure><img alt="{esc(alt)}" src="data:image/svg+xml;base64,{data}">'
        f"<figcaption>{esc(caption)}</figcaption></figure>"
    )


def _limit(b: Brief, share: int = 2) -> int:
    """Rows a list may show: in a large brief the top ``TOP_EVENTS``; otherwise a share of
    ``max_rows`` (at least 10)."""
    return TOP_EVENTS if b.large else max(10, b.params.max_rows // share)


def _head(df, b: Brief, what: str) -> tuple:
    """The first rows of a long table and a note saying how many were left out."""
    limit = _limit(b)
    if len(df) <= limit:
        return df, ""
    return df.head(limit), (
        f" Listed: the first {limit} of {len(df)} {what} (parameter max_rows); every row is in the "
        "CSV tables (tables_dir)."
    )


def actor_table(b: Brief) -> str:
    df, note = _head(b.actors, b, "actors")
    rows = [
        [
            f"<strong>{esc(r.actor)}</strong>"
            + ("" if r.named else ' <span class="hedge">(unnamed)</span>'),
            esc(r.kind),
            esc(r.country),
            esc(r.affiliations),
            esc(r.designations),
            esc(r.roles),
            esc(r.mentions),
            esc(f"{r.first_seen} – {r.last_seen}" if r.first_seen else "undated"),
            # a large brief's actors are cited in thousands of documents: one, and the count
            f'<span class="ref">{esc(_short_cite(r.sources, 1 if b.large else 2))}</span>',
        ]
        for r in df.itertuples()
    ]
    classes = ["focus" if f else "" for f in df["focus"]]
    point = (
        f"{_plural(len(b.actors), 'actor')}, {int((~b.actors['named']).sum())} of them unnamed in "
        "the source. Affiliations and designations come only from sourced relations; mentions "
        "count every alias." + note
    )
    headers = [
        "Actor",
        "Kind",
        "Country",
        "Affiliations",
        "Designations",
        "Roles",
        "Mentions",
        "First / last seen",
        "Sources",
    ]
    widths = [13, 11, 8, 14, 13, 13, 8, 10, 10]
    if b.large:  # a wider source column for the long document ids of a corpus
        widths = [12, 10, 8, 12, 8, 14, 7, 10, 19]
    return lede(point) + table(rows, headers, widths=widths, row_classes=classes)


def relation_section(b: Brief) -> str:
    df, note = _head(b.relations, b, "relations")
    rows = [
        [
            esc(r.subject),
            f"<strong>{esc(r.predicate)}</strong>",
            esc(r.object),
            badge(r.status),
            esc(r.qualifier),
            quote(r.quote, _short_cite(r.sources, 1 if b.large else 3)),
        ]
        for r in df.itertuples()
    ]
    classes = ["focus" if f else "" for f in df["focus"]]
    caption = (
        "Actors (blue: states and their forces; sand: armed groups, collectives, people) and the "
        "relations the source states; dashed arrows are claimed or hedged."
    )
    if b.params.focus_actor:
        caption += " The focus actor and its relations are in red."
    point = f"{_plural(len(b.relations), 'relation')} between actors, each with its quote." + note
    related = {a for r in b.facts.relations for a in (r.subject, r.object)}
    if len(related) > figures.MAX_NODES:
        caption += f" Drawn: the {figures.MAX_NODES} most connected actors."
    return (
        lede(point)
        + _figure(figures.relation_figure(b), "Relations between actors", caption)
        + table(
            rows,
            ["Subject", "Relation", "Object", "Status", "Qualifier", "Source"],
            widths=[14, 11, 14, 8, 17, 36],
            row_classes=classes,
        )
    )


def claims_section(b: Brief) -> str:
    claims = b.facts.claims
    limit = _limit(b)
    rows = []
    for c in claims[:limit]:
        docs = {s.doc for s in c.spans}
        corroboration = "single source" if len(docs) == 1 else f"{len(docs)} sources"
        rows.append(
            [
                f"<strong>{esc(b.speaker(c))}</strong>",
                f"{esc(c.verb)} {esc(c.content)}",
                esc(describe_when(c.when)),
                esc(", ".join(c.about)),
                f'<span class="flag">{esc(corroboration)}</span>',
                quote(c.spans[0].quote, cite(c.spans[:1])),
            ]
        )
    unattributed = sum(1 for c in claims if not c.speaker)
    point = (
        f"{_plural(len(claims), 'claim')}: who said what. {unattributed} are asserted by the source "
        "without naming who said them; none is treated as established fact."
    )
    if len(claims) > limit:
        point += f" Listed: the first {limit} (parameter max_rows)."
    return lede(point) + table(
        rows,
        ["Speaker", "Said", "When", "About", "Corroboration", "Source"],
        widths=[12, 24, 14, 12, 9, 29],
    )


def gaps_section(b: Brief) -> str:
    gaps = b.gaps()
    rows = [
        [
            f"<strong>{esc(g.topic)}</strong>",
            esc(g.question),
            esc(g.why),
            esc(g.origin),
            f'<span class="ref">{esc(g.refs)}</span>',
        ]
        for g in gaps
    ]
    point = (
        f"{_plural(len(gaps), 'open question')} the sources do not answer; the brief does not fill them in. "
        "'analyst' rows come from the facts review, 'derived' rows are computed from the facts."
    )
    return lede(point) + table(
        rows,
        ["Gap", "What is not known", "Why it matters", "Origin", "About"],
        widths=[16, 36, 28, 8, 12],
    )


def sources_section(b: Brief) -> str:
    if len(b.corpus.documents) > b.params.max_rows:
        rows = [[esc(p), esc(n), esc(first), esc(last)] for p, n, first, last in _by_publisher(b)]
        wire = len(set(b.fusion.wire.values())) if b.fusion else len(b.corpus.documents)
        return lede(
            f"{_plural(len(b.corpus.documents), 'document')} from {_plural(len(rows), 'publisher')}"
            f", {wire} independent texts once near-identical wire copy is counted once; listed by "
            "publisher (more than max_rows documents)."
        ) + table(rows, ["Publisher", "Documents", "First", "Last"], widths=[40, 20, 20, 20])
    rows = []
    for d in b.corpus.documents.values():
        m = d.meta
        grading = (
            f"{m.grading.reliability}{m.grading.credibility}: {m.grading.note}"
            if m.grading
            else "not graded"
        )
        assumptions = "; ".join(f"{a.field}: {a.note}" for a in m.assumptions) or "none"
        rows.append(
            [
                f"<strong>{esc(d.id)}</strong>",
                esc(m.title)
                + (" <em>(analyst's title)</em>" if m.title_supplied_by_analyst else ""),
                esc(m.publisher or "unknown"),
                esc(m.published) + (" <em>(assumed)</em>" if m.assumed("published") else ""),
                esc(grading),
                esc(assumptions),
                f'<span class="ref">{len(d.text)} chars, sha256 {esc(_sha(d))[:16]}…</span>',
                esc(b.facts.review_status.get(d.id, "")),
            ]
        )
    return lede(
        "Each source with its Admiralty grading (reliability A-F, credibility 1-6) and the analyst's assumptions."
    ) + table(
        rows,
        ["Document", "Title", "Publisher", "Published", "Grading", "Assumptions", "Text", "Facts"],
        widths=[11, 13, 8, 10, 20, 20, 9, 9],
    )


def _sha(doc) -> str:
    if doc.meta.sha256:
        return doc.meta.sha256
    if doc.path.is_file():
        return hashlib.sha256(doc.path.read_bytes()).hexdigest()
    return hashlib.sha256(doc.text.encode("utf-8")).hexdigest()  # from a facts store


def methodology(b: Brief) -> str:
    params = "".join(
        f"<tr><td><code>{esc(name)}</code></td><td><code>{esc(repr(b.params.raw[name]))}</code></td><td>{esc(help_)}</td></tr>"
        for name, (_, _, help_) in PARAMETERS.items()
        if name not in LOCATIONS
    )
    versions = ", ".join(f"{esc(p)} {esc(metadata.version(p))}" for p in VERSIONED)
    statuses = "".join(f"<li>{badge(s)} {esc(n)}</li>" for s, n in STATUS_NOTE.items())
    return (
        f"<p>{esc(_provenance(b))} "
        "Every event, actor, relation, claim and judgment cites its exact words as document id and "
        "character offsets; the toolkit refuses to render if any quote differs from the text at its "
        "offsets, or if a time, place, outcome or hedge wording does not occur in the quoted words.</p>"
        f"<p>Status vocabulary:</p><ul>{statuses}</ul>"
        "<p>Time: dates keep the precision the source gives (minute, day, month, year, period, unknown). "
        "A time is converted to UTC only when the source gives its zone. Parts not in the source "
        f"(most often the year) are inferred from the publication date, marked {esc(INFERRED_MARK)} in tables "
        "and [inferred] in prose, and listed under Information gaps. Periods without a stated start are "
        "shown as such, never given an invented one.</p>"
        '<p>Counts follow UCDP practice (low / best / high); a vague quantity ("numerous") stays a wording '
        "without a number.</p>"
        f'<table class="brief params"><thead><tr><th>Parameter</th><th>Value</th><th>Meaning</th></tr></thead><tbody>{params}</tbody></table>'
        f'<p class="small">Software: {versions}.</p>'
    )


def _provenance(b: Brief) -> str:
    statuses = b.facts.review_status
    curated = sorted(d for d, s in statuses.items() if s == "analyst-reviewed")
    extracted = sorted(d for d, s in statuses.items() if s == "machine-extracted")
    parts = []
    if curated:
        parts.append(
            f"Facts for {some(curated)} were read from the source by an analyst into a facts file."
        )
    if extracted:
        parts.append(
            f"Facts for {some(extracted)} were extracted automatically (rule-based: spaCy, an "
            "actor gazetteer, a temporal tagger) and have not been reviewed by an analyst; roles, "
            "statuses and dates are the extractor's reading."
        )
    return " ".join(parts)


def footer(b: Brief) -> str:
    return (
        f'<div class="footer">Inputs and parameters sha256: <code>{esc(b.digest)}</code>. '
        "Same inputs and parameters give a byte-identical brief.</div>"
        f'<div class="marking" role="note">{esc(b.params.marking)}</div>'
    )


# ------------------------------------------------------------------------------------------------
# Many documents: where they agree and where they do not


def disagreements_section(b: Brief) -> str:
    """Where the sources disagree: every figure, date and attribution with its source."""
    if b.fusion is None:
        return lede(
            "One document: nothing to compare. With several documents this section lists where "
            "they disagree (death tolls, dates, who did it), each figure with its source."
        )
    df = b.disagreements
    events = {e.id: e for e in b.facts.events}
    names = {a.id: a.name for a in b.facts.actors.values()}
    grouped = list(df.groupby(["event_id", "field"], sort=False)) if len(df) else []
    limit = _limit(b)
    rows = []
    for (event_id, field), part in grouped[:limit]:
        event = events.get(event_id)
        values = "<br>".join(
            f"{esc(_actor_names(v, names) if field == 'attribution' else v)} "
            f'<span class="ref">[{esc(d)}]</span>'
            for d, v in zip(part["document"], part["value"], strict=True)
        )
        fused = ""
        if event is not None and field in ("killed", "injured"):
            count = next((o.count for o in event.outcomes if o.kind == field), None)
            if count is not None:
                fused = f"low {count.low} / best {count.best} / high {count.high}"
        rows.append(
            [
                f"{esc(event.summary if event else event_id)} {_ref(event_id)}",
                f"<strong>{esc(field)}</strong>",
                values,
                esc(fused),
            ]
        )
    corroborated = sum(1 for n in b.timeline["independent_sources"] if n > 1)
    point = (
        f"{_plural(len(b.timeline), 'event')} from {_plural(len(b.corpus.documents), 'document')}: "
        f"{corroborated} reported by more than one independent source; sources disagree on "
        f"{_plural(len(grouped), 'point')}. Fused figures keep low / best (the median report) / "
        "high; each source's own figure is listed."
    )
    if len(grouped) > limit:
        point += f" Listed: the first {limit}; all are in disagreements.csv."
    if not rows:
        return lede(point)
    return lede(point) + table(
        rows,
        ["Event", "On", "Each source says", "Fused"],
        widths=[36, 10, 36, 18],
        row_classes=["disagree"] * len(rows),
    )


def _actor_names(value: str, names: dict[str, str]) -> str:
    return ", ".join(names.get(a.strip(), a.strip()) for a in value.split(","))


def coreference_section(b: Brief) -> str:
    """Which names were merged into one actor and why, and the near-matches left for review."""
    if b.fusion is None:
        return ""
    names = {a.id: a.name for a in b.facts.actors.values()}
    merges = b.fusion.actor_merges
    review = b.fusion.review
    limit = _limit(b, 4)
    out = "<h3>One actor, several names: coreference across documents</h3>" + lede(
        f"{_plural(len(merges), 'name')} merged into another actor's, each with its evidence; "
        f"{_plural(len(review), 'pair')} of similar names NOT merged, for an analyst to decide."
    )
    if merges:
        out += "<h3>Merged</h3>" + table(
            [
                [esc(names.get(m.kept, m.kept)), esc(m.merged), esc(m.evidence)]
                for m in merges[:limit]
            ],
            ["Actor", "Merged from", "Evidence"],
            widths=[25, 35, 40],
        )
    if review:
        out += "<h3>For review (not merged)</h3>" + table(
            [[esc(n.a_name), esc(n.b_name), esc(f"{n.score:.0f}")] for n in review[:limit]],
            ["Name", "Similar name", "Similarity (0-100)"],
            widths=[40, 40, 20],
        )
    return out


def changes_section(b: Brief) -> str:
    if b.changes is None and b.params.changes_since is None:
        return ""  # nothing compared (parameters changes_since, previous_store, previous_facts)
    c = b.changes
    if c is None:
        head = f"<h2>Changes since {esc(b.params.changes_since.isoformat())}</h2>"
        return head + lede("One document only: nothing to compare.")
    head = f"<h2>Changes since {esc(c.since)}</h2>"
    events = {e.id: e for e in b.facts.events}
    limit = _limit(b, 4)

    def line(event_id: str) -> str:
        e = events.get(event_id)
        if e is None:
            return esc(event_id)
        return f"<strong>{esc(describe_when(e.when))}</strong> — {esc(e.summary)} {_ref(event_id)}"

    parts = [
        (
            "New events",
            [line(e) for e in c.new_events],
        ),
        (
            "Revised figures",
            [f"{line(e)}: {esc(kind)} {esc(was)} → {esc(now)}" for e, kind, was, now in c.revised],
        ),
        (
            "More sources",
            [f"{line(e)}: {before} → {now} documents" for e, before, now in c.more_sources],
        ),
        ("New actors", [esc(b.facts.actors[a].name) for a in c.new_actors if a in b.facts.actors]),
    ]
    out = head + lede(
        (
            f"Against the picture as of {c.since} (documents published by then, fused the same "
            "way): "
            if b.params.previous_store is None and b.params.previous_facts is None
            else f"Against {c.since} (its documents fused the same way): "
        )
        + f"{_plural(len(c.new_events), 'new event')}, {_plural(len(c.revised), 'revised figure')}, "
        f"{_plural(len(c.new_actors), 'new actor')}."
    )
    for heading, items in parts:
        if items:
            out += f'<h3>{esc(heading)}</h3><ul class="facts">'
            out += "".join(f"<li>{i}</li>" for i in _cap(items, limit)) + "</ul>"
    return out
