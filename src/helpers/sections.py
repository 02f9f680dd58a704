"""HTML for each section of the brief.

Every piece of text that comes from a document, a facts file or a parameter passes through
:func:`esc` (``html.escape`` with quotes) before it is placed in markup; the markup itself is
fixed here. Figures are embedded as ``data:`` images, which the brief's Content-Security-Policy
allows and which cannot run script.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections.abc import Iterable, Sequence
from importlib import metadata

from . import figures
from .brief import Brief
from .params import LOCATIONS, PARAMETERS
from .timeline import cite
from .times import INFERRED_MARK, describe_when

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
    return html.escape("" if value is None else str(value), quote=True)


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
        cols = "<colgroup>" + "".join(f'<col style="width:{w}%">' for w in widths) + "</colgroup>"
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


def _review_status(b: Brief) -> str:
    by_status: dict[str, list[str]] = {}
    for doc, status in sorted(b.facts.review_status.items()):
        by_status.setdefault(status, []).append(doc)
    parts = [
        f"{status} ({', '.join(docs)})"
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
    named = sum(1 for c in claims if c.speaker)
    out = lede(
        f"{_plural(len(events), 'event')} in the window, {_plural(named, 'claim')} by named parties, "
        f"{_plural(len(b.facts.judgments), 'judgment')} by the source: kept apart below."
    )
    for heading, items in groups:
        if items:
            out += f'<h3>{esc(heading)}</h3><ul class="facts">{"".join(f"<li>{i}</li>" for i in items)}</ul>'
    return out


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _ref(item_id: str) -> str:
    return f'<span class="ref">[{esc(item_id)}]</span>'


def timeline_table(b: Brief) -> str:
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
                + (f'<br><span class="hedge">"{esc(r.hedge)}"</span>' if r.hedge else ""),
                quote(r.quote, r.sources),
            ]
        )
        classes.append(
            " ".join(
                c
                for c, on in (("focus", r.focus), ("background", r.background), ("lead", r.lead))
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


def timeline_figure(b: Brief) -> str:
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


def actor_table(b: Brief) -> str:
    df = b.actors
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
            f'<span class="ref">{esc(r.sources)}</span>',
        ]
        for r in df.itertuples()
    ]
    classes = ["focus" if f else "" for f in df["focus"]]
    point = (
        f"{_plural(len(df), 'actor')}, {int((~df['named']).sum())} of them unnamed in the source. "
        "Affiliations and designations come only from sourced relations; mentions count every alias."
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
    return lede(point) + table(
        rows, headers, widths=[13, 11, 8, 14, 13, 13, 8, 10, 10], row_classes=classes
    )


def relation_section(b: Brief) -> str:
    df = b.relations
    rows = [
        [
            esc(r.subject),
            f"<strong>{esc(r.predicate)}</strong>",
            esc(r.object),
            badge(r.status),
            esc(r.qualifier),
            quote(r.quote, r.sources),
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
    point = f"{_plural(len(df), 'relation')} between actors, each with its quote."
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
    rows = []
    for c in claims:
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
        widths=[11, 13, 8, 9, 20, 21, 9, 9],
    )


def _sha(doc) -> str:
    return hashlib.sha256(doc.path.read_bytes()).hexdigest()


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
            f"Facts for {', '.join(curated)} were read from the source by an analyst into a facts file."
        )
    if extracted:
        parts.append(
            f"Facts for {', '.join(extracted)} were extracted automatically (rule-based: spaCy, an "
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
