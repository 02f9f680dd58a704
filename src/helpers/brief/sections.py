"""HTML for each section of the brief, rendered from Jinja templates.

The markup is in ``templates/sections/`` (one template per section, shared pieces in
``_macros.html.j2``); this module computes plain data for them (strings, numbers, rows, figure
``data:`` URLs) and builds no HTML itself. The templates are rendered by one :data:`ENV`, with
autoescape: every value a template prints (``{{ }}``) passes through :func:`_finalize`, which
shows hidden characters (:func:`helpers.brief.text.visible`), and is then HTML-escaped
(``& < > " '``). A template's own output (a macro's, a caller's) passes through ``visible``
again, which changes nothing, so no text reaches the page unescaped or with a hidden character.
Figures are embedded as ``data:`` images, which the brief's Content-Security-Policy allows and
which cannot run script.

Navigation (:func:`navigation`): every row a reader may be sent to has an anchor, every citation
links to the cited words in the "Source texts" appendix (:func:`source_texts`, rendered with the
footer), and the appendix links back. Links are ``href="#..."`` to ids in the page, nothing else.
"""

from __future__ import annotations

import base64
import hashlib
import numbers
from importlib import metadata
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape

from .. import config
from ..facts.schema import LIKELIHOODS, Claim, Gap
from ..facts.times import (
    INFERRED_MARK,
    describe_when,
    is_window,
    short_when,
    sort_key,
    window_words,
)
from .build import NO_TOLL, Brief, killed_toll
from .navigation import (
    CONTEXT,
    FULL_TEXT_MAX_CHARS,
    FULL_TEXT_MAX_PARAGRAPHS,
    OUTLET_BASIS,
    Navigation,
    anchor,
    outlet,
)
from .params import LOCATIONS, PARAMETERS
from .text import breakable, capital, plural, visible

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
    "typst",
    "weasyprint",
]
MANY_SOURCES = 12  # beyond this, sources are listed by publisher
TITLE_PUBLISHERS = 8  # publishers the title block names (all of them: the Sources section)
KEY_FACTS_CAP = 3  # items per group of key facts in a large brief
TOP_EVENTS = 5  # rows of each "top events" table in a large brief
OTHER_ROWS = 3  # rows of every other table of a large brief (all rows are in the CSV tables)
HEDGED = ("suspected", "alleged", "denied")
#: What a reference to an item's id may link to: the kinds of rows, in the order tried.
ITEMS = ("event", "claim", "actor", "relation", "judgment", "gap")


def _finalize(value: object) -> object:
    """What a template prints: ``None`` as nothing, hidden characters written out; autoescape
    then escapes it. ``Markup`` (a macro's output, or a filter's such as ``join``, which escaped
    its items) is not escaped again but is passed through ``visible`` all the same: escaping
    leaves hidden characters as they are, and ``visible`` leaves markup and text already shown
    as they are."""
    if value is None:
        return ""
    if isinstance(value, Markup):
        return Markup(visible(str(value)))
    return visible(str(value))


def _plural(n: int, word: str) -> str:
    return f"{_count(n)} {word if n == 1 else plural(word)}"


def _count(n: int) -> str:
    """A count as a reader reads it: ``1,000``."""
    return f"{n:,}" if isinstance(n, numbers.Integral) else str(n)


#: The sections' templates, loaded once.
ENV = Environment(
    loader=FileSystemLoader(config.TEMPLATES_DIR / "sections"),
    autoescape=True,
    undefined=StrictUndefined,
    finalize=_finalize,
    trim_blocks=True,
    lstrip_blocks=True,
    auto_reload=False,
)
ENV.filters["visible"] = visible
ENV.filters["breakable"] = breakable
ENV.filters["plural"] = _plural
ENV.filters["count"] = _count
ENV.filters["slashes"] = lambda value: Markup("/<wbr>").join(
    escape(visible(part)) for part in str(value).split("/")
)  # a zone's name may break after its "/" (Asia/<wbr>Baghdad), escaped like any text
ENV.globals.update(STATUS_NOTE=STATUS_NOTE, INFERRED_MARK=INFERRED_MARK)


def _render(template: str, **data: object) -> str:
    return ENV.get_template(template).render(**data)


# ------------------------------------------------------------------------------------------------
# Navigation: which rows the brief shows, in its order, and what each cites


def navigation(b: Brief) -> Navigation:
    """The brief's anchors and citations, built once: every row each section shows (the same
    selections the sections render, through the same helpers), in the order the brief shows
    them, so that a link is made only to a row that exists and the appendix holds exactly the
    cited spans, each with links back to the rows citing it."""
    if b._navigation is not None:
        return b._navigation
    nav = Navigation(b.corpus.documents, excerpt_all=b.large)
    for k in b.facts.key_judgments:  # the analyst's: they cite no span
        nav.row("key-judgment", k.id)
    _cite_key_facts(b, nav)
    for _, frame in _timeline_tables(b):
        for event_id in frame["event_id"]:
            row = nav.row("event", event_id)
            if row:  # shown in an earlier top list of a large brief: cited there
                nav.cite(b.event(event_id).spans, _cite_limit(b, "timeline"), row, "timeline")
    for actor_id in _actor_rows(b)["actor_id"]:
        row = nav.row("actor", actor_id)
        nav.cite(b.facts.actors[actor_id].spans, _cite_limit(b, "actors"), row, "actors")
    relations = {r.id: r for r in b.facts.relations}
    for relation_id in _relation_rows(b)["relation_id"]:
        row = nav.row("relation", relation_id)
        nav.cite(relations[relation_id].spans, _cite_limit(b, "relations"), row, "relations")
    for c in _claim_rows(b):
        nav.cite(c.spans[:1], 1, nav.row("claim", c.id), "claims")
    for g in b.gaps():
        nav.row("gap", g.id)
    if _sources_listed(b):
        for doc in b.corpus.documents:
            nav.row("source", doc)
    b._navigation = nav
    return nav


def _cite_limit(b: Brief, table: str) -> int:
    """Documents a citation in ``table`` shows (with one document: every span; see
    :func:`helpers.brief.navigation.pick`). A large brief's rows are cited in thousands of
    documents: the first, and the count."""
    if b.large:
        return 1
    return {"timeline": 3, "actors": 2, "relations": 3}[table]


def _href(b: Brief, key: str, kinds: tuple[str, ...] = ITEMS) -> str | None:
    return navigation(b).href(key, kinds)


def _ref(b: Brief, key: str, kinds: tuple[str, ...] = ITEMS) -> dict:
    """An item as the ``ref`` macro shows it: its name in words (:func:`_label`), its id in the
    tooltip, linked to its row when the brief shows one (a document also to its text in the
    Source texts appendix)."""
    href = _href(b, key, kinds)
    nav = navigation(b)
    if href is None and "source" in kinds and nav.is_cited(key):
        href = "#" + anchor("text", key)
    return {"id": key, "label": _label(b, key, kinds), "href": href}


def _label(b: Brief, key: str, kinds: tuple[str, ...]) -> str:
    """What a reader is shown for an item instead of its id: an event's kind and date ("strike,
    7 Feb 2024"), a claim's speaker ("claim by CENTCOM"), an actor's name, a relation in words,
    a gap's topic, a document's citation ("Outlet, 8 Feb 2024"), a judgment's first words; the
    id itself only for an item the facts do not hold (an event left out by the as-of date)."""
    for kind in kinds:
        label = _LABELS[kind](b, key)
        if label:
            return label
    return key


def _event_label(b: Brief, key: str) -> str | None:
    e = b.facts_index().get(("event", key))
    return None if e is None else f"{e.kind}, {short_when(e.when)}"


def _claim_label(b: Brief, key: str) -> str | None:
    c = b.facts_index().get(("claim", key))
    if c is None:
        return None
    return f"claim by {b.speaker(c)}" if c.speaker else "claim the source does not attribute"


def _relation_label(b: Brief, key: str) -> str | None:
    r = b.facts_index().get(("relation", key))
    if r is None:
        return None
    names = b.names()
    return f"{names.get(r.subject, r.subject)} {r.predicate} {names.get(r.object, r.object)}"


def _gap_label(b: Brief, key: str) -> str | None:
    g = b.facts_index().get(("gap", key))
    return None if g is None else g.topic


def _first_words(text: str, n: int = 6) -> str:
    words = text.split()
    return " ".join(words[:n]) + (" …" if len(words) > n else "")


def _judgment_label(b: Brief, key: str) -> str | None:
    j = b.facts_index().get(("judgment", key))
    return None if j is None else f"judgment: {_first_words(j.spans[0].quote)}"


def _key_judgment_label(b: Brief, key: str) -> str | None:
    k = b.facts_index().get(("key-judgment", key))
    return None if k is None else f"key judgment: {_first_words(k.statement)}"


_LABELS = {
    "event": _event_label,
    "claim": _claim_label,
    "actor": lambda b, key: b.names().get(key),
    "relation": _relation_label,
    "judgment": _judgment_label,
    "key-judgment": _key_judgment_label,
    "gap": _gap_label,
    "source": lambda b, key: navigation(b).labels.get(key),
}


# ------------------------------------------------------------------------------------------------


def title_block(b: Brief) -> str:
    p = b.params
    docs = b.corpus.documents.values()
    return _render(
        "title_block.html.j2",
        marking=p.marking,
        title=p.title,
        as_of=b.as_of.isoformat(),
        window=f"{b.window[0] or 'open start'} to {b.window[1]}",
        focus=b.facts.actors[p.focus_actor].name if p.focus_actor else "none",
        review_status=_review_status(b),
        n_documents=len(b.corpus.documents),
        by_publisher=_by_publisher(b)[:TITLE_PUBLISHERS] if len(docs) > MANY_SOURCES else None,
        more_publishers=max(0, len(_by_publisher(b)) - TITLE_PUBLISHERS),
        documents=[{**_document(d), "href": _href(b, d.id, ("source",))} for d in docs]
        if len(docs) <= MANY_SOURCES
        else [],
    )


def _document(d) -> dict:
    m = d.meta
    return {
        "id": d.id,
        "title": m.title,
        "title_by_analyst": m.title_supplied_by_analyst,
        "publisher": _outlet(d),
        "published": m.published,
        "assumed": m.assumed("published"),
    }


def _outlet(d) -> str:
    """A document's outlet as the title block and the Sources list it: its best honest name
    (:func:`helpers.brief.navigation.outlet`), lower case when the source names none."""
    name, basis = outlet(d.id, d.meta)
    return name if basis else "outlet not named"


def _by_publisher(b: Brief) -> list[dict]:
    """Publisher, documents, first and last publication date; most documents first."""
    groups: dict[str, list[str]] = {}
    for d in b.corpus.documents.values():
        groups.setdefault(_outlet(d), []).append(d.meta.published)
    rows = sorted(
        ((p, len(v), min(v), max(v)) for p, v in groups.items()), key=lambda g: (-g[1], g[0])
    )
    return [{"publisher": p, "n": n, "first": first, "last": last} for p, n, first, last in rows]


def _review_status(b: Brief) -> str:
    by_status: dict[str, list[str]] = {}
    for doc, status in sorted(b.facts.review_status.items()):
        by_status.setdefault(status, []).append(doc)
    parts = [
        f"{status} ({_documents_named(b, docs)})"
        + (
            ": read by the rule-based extractor, NOT reviewed by an analyst"
            if status == "machine-extracted"
            else ""
        )
        for status, docs in by_status.items()
    ]
    return "; ".join(parts)


#: Documents prose names one by one (by their citation, "Outlet, 8 Feb 2024"); more are counted.
NAMED_DOCUMENTS = 3


def _documents_named(b: Brief, docs: list[str], counts: dict[str, int] | None = None) -> str:
    """Documents in prose: by their citations ("Outlet, 8 Feb 2024"; with ``counts``, each
    followed by its count in brackets) when there are at most :data:`NAMED_DOCUMENTS`, else how
    many. Never the ids: a reader finds a document by its citation (the ids are in the Sources
    table and the CSV tables)."""
    if len(docs) > NAMED_DOCUMENTS:
        return f"{len(docs):,} documents"
    labels = navigation(b).labels
    return "; ".join(labels.get(d, d) + (f" ({counts[d]:,})" if counts else "") for d in docs)


def bluf(b: Brief) -> str:
    return _render("bluf.html.j2", items=b.bluf())


#: What a key judgment's basis may name, in the order tried: the rows it links to.
BASIS = ("event", "claim", "gap")


def key_judgments(b: Brief) -> str:
    """The analyst's key judgments, after the bottom line; nothing when the facts hold none."""
    judgments = b.facts.key_judgments
    if not judgments:
        return ""
    nav = navigation(b)
    warned: dict[str, int] = {}
    for w in b.estimative_warnings():
        warned[w.judgment] = warned.get(w.judgment, 0) + 1
    items = {i.id: i for i in (*b.facts.events, *b.facts.claims, *b.facts.gaps)}
    rows = [
        {
            "anchor": nav.rows[("key-judgment", k.id)],
            "statement": k.statement,
            "likelihood": k.likelihood or "none stated",
            "band": dict(LIKELIHOODS).get(k.likelihood or ""),
            "confidence": k.confidence,
            "basis": [_basis(b, i, items.get(i)) for i in k.basis],
            "outlook": k.outlook,
            "n_warnings": warned.get(k.id, 0),
        }
        for k in judgments
    ]
    return _render("key_judgments.html.j2", judgments=rows)


def _basis(b: Brief, item_id: str, item) -> dict:
    """An item a key judgment rests on: its id (linked to its row), what it is, in a few words;
    ``item`` is None for an event the as-of date left out."""
    ref = _ref(b, item_id, BASIS)
    if isinstance(item, Claim):
        return {
            "ref": ref,
            "kind": "claim",
            "text": f"{b.speaker(item)} {item.verb} {item.content}",
        }
    if isinstance(item, Gap):
        return {"ref": ref, "kind": "gap", "text": f"{item.topic}: {item.question}"}
    if item is None:
        return {"ref": ref, "kind": "event", "text": "left out of this brief by its as-of date"}
    text = f"{describe_when(item.when)}: {item.summary}"
    if ref["href"] is None:
        text += (
            " (no row in this brief: outside the window, or one of the many events the brief"
            " counts without listing)"
        )
    return {"ref": ref, "kind": "event", "text": text}


def _key_fact_groups(b: Brief) -> dict[str, list]:
    """The items of each group of key facts, in the order shown, all of them (a large brief
    shows the first :data:`KEY_FACTS_CAP`: :func:`_shown`)."""
    events = [e for e in b.events_in_window() if not b.needs_review(e)]
    claims = [c for c in b.facts.claims if not b.needs_review(c)]
    if b.large:  # lead with the events that matter; background is no key fact of the window
        newest = sorted(
            (e for e in events if not e.background),
            key=lambda e: (sort_key(e.when), e.id),
            reverse=True,
        )
        events = sorted(newest, key=lambda e: _importance(b, e))
    return {
        "reported": [e for e in events if e.status == "reported" and not e.background],
        "hedged": [e for e in events if e.status in HEDGED],
        "asserted": [e for e in events if e.status == "claimed" and not e.background],
        "claims": [c for c in claims if c.speaker],
        "unattributed": [c for c in claims if not c.speaker],
        "judgments": _judgments(b),
        "background": [e for e in events if e.background],
    }


def _cite_key_facts(b: Brief, nav: Navigation) -> None:
    """Anchor each key fact shown and record the words it cites (its first span)."""
    cap = _key_facts_cap(b)
    for kind, items in _key_fact_groups(b).items():
        for x in items if cap is None else items[:cap]:
            row = nav.row("judgment" if kind == "judgments" else "key-fact", x.id)
            if row:
                nav.cite(x.spans[:1], 1, row, "key facts")


def key_facts(b: Brief) -> str:
    """What the source states, what it hedges, what others claim and what it judges, apart.
    Each item cites the words it rests on ("Outlet, 8 Feb 2024, para 3", linked to them in the
    Source texts); its date links to its row in the timeline or claims table, where there is
    one."""
    names = b.names()
    nav = navigation(b)

    def common(x, kinds: tuple[str, ...]) -> dict:
        return {
            "id": x.id,
            "anchor": nav.rows.get(("key-fact", x.id)),
            "href": _href(b, x.id, kinds),
            "cite": nav.citation(x.spans[:1], 1),
        }

    def event(e) -> dict:
        according = ", ".join(names.get(a, a) for a in e.asserted_by) or "a named party"
        return {
            **common(e, ("event",)),
            "when": describe_when(e.when),
            "summary": e.summary,
            "status": e.status,
            "hedge": e.hedge or "",
            "according_to": according,
        }

    def said(c) -> dict:
        return {
            **common(c, ("claim",)),
            "speaker": b.speaker(c),
            "verb": c.verb,
            "content": c.content,
            "when": describe_when(c.when),
        }

    def unattributed(c) -> dict:
        return {**common(c, ("claim",)), "content": capital(c.content.removeprefix("that "))}

    def judgment(j) -> dict:
        holder = b.facts.actors[j.holder].name if j.holder else None
        return {
            "quote": j.spans[0].quote,
            "holder": holder,
            "anchor": nav.rows.get(("judgment", j.id)),
            "cite": nav.citation(j.spans[:1], 1),
        }

    fmt = {"claims": said, "unattributed": unattributed, "judgments": judgment}
    # a large brief: format only what is shown, and say how many more there are
    cap = _key_facts_cap(b)
    shown = {
        kind: _shown(items, cap, fmt.get(kind, event))
        for kind, items in _key_fact_groups(b).items()
    }
    shown["judgments"]["more"] = len(b.facts.judgments) - len(shown["judgments"]["items"])
    review_events, review_claims = b.under_review()
    return _render(
        "key_facts.html.j2",
        n_events=len(b.events_in_window()),
        n_named=sum(1 for c in b.facts.claims if c.speaker),
        n_judgments=len(b.facts.judgments),
        n_review=len(review_events) + len(review_claims),
        review_below=b.params.review_below,
        groups=shown,
    )


def _importance(b: Brief, e) -> tuple[int, int]:
    """Key facts of a large brief, most important first: deaths, then independent sources
    (then, by the caller's order, the newest)."""
    toll = killed_toll(e)
    return (-(toll.best if toll else -1), -b.independent_sources(e))


def _key_facts_cap(b: Brief) -> int | None:
    return KEY_FACTS_CAP if b.large else None


def _judgments(b: Brief) -> list:
    """The source's judgments key facts shows."""
    cap = _key_facts_cap(b)
    judgments = list(b.facts.judgments)
    return judgments if cap is None else judgments[:cap]


def _shown(items: list, limit: int | None, fmt=lambda x: x) -> dict:
    """The first ``limit`` items (all if ``None``), formatted, and how many more there are."""
    shown = items if limit is None else items[:limit]
    return {"items": [fmt(x) for x in shown], "more": len(items) - len(shown)}


def _dated(b: Brief, e) -> dict:
    return {"when": describe_when(e.when), "summary": e.summary, "ref": _ref(b, e.id, ("event",))}


def _corroboration(r) -> dict | None:
    if r.n_sources <= 1:
        return None
    independent = None if r.independent_sources == r.n_sources else r.independent_sources
    return {"n": r.n_sources, "independent": independent, "disagreement": r.disagreement}


def timeline_table(b: Brief) -> str:
    if b.large:
        return timeline_summary(b)
    df = b.timeline
    tz = b.params.display_tz
    extra = tz != "UTC"
    rows = [
        {
            **_event_row(b, r),
            "local_time": r.local_time or "—",
            "utc": _same_day(r.utc, r.date) or "—",
            "display_time": _same_day(r.display_time, r.date) or "—" if extra else None,
            "precision": "window" if is_window(b.event(r.event_id).when) else r.precision,
            "hedge": r.hedge,
        }
        for r in df.itertuples()
    ]
    flags = ("focus", "background", "lead")
    classes = [
        " ".join([f for f in flags if getattr(r, f)] + (["disagree"] if r.disagreement else []))
        for r in df.itertuples()
    ]
    return _render(
        "timeline_table.html.j2",
        tz=tz if extra else None,
        rows=rows,
        classes=classes,
        ids=[r["anchor"] for r in rows],
        n_events=len(df),
        n_dated=int((df["precision"].isin(["minute", "day"])).sum()),
    )


def _same_day(moment: str, date: str) -> str:
    """A time in another zone as the timeline's cell shows it: ``18:30 UTC`` when it falls on
    the event's local date (``2024-02-07 18:30 UTC`` otherwise: the day changed)."""
    if moment and moment[:10] == date[:10]:
        return moment[11:]
    return moment


def _event_row(b: Brief, r, anchor: str | None = None) -> dict:
    """An event of the timeline as its tables show it (no hedge: a summary leaves it out), with
    its row's anchor (given for a top list of a large brief, where an event shown in an earlier
    list has none) and its citation."""
    nav = navigation(b)
    event = b.event(r.event_id)
    return {
        "anchor": nav.rows.get(("event", r.event_id)) if anchor is None else anchor,
        # a window in words: "2024-01-28 – 2024-02-08" would read as a duration
        "date": window_words(event.when) or r.date,
        "event": r.event,
        "actors": r.actors,
        "location": r.location,
        "status": r.status,
        "hedge": "",
        "corroboration": _corroboration(r),
        "confidence": event.confidence,
        "confidence_basis": event.confidence_basis or "",
        "reviewed": _reviewed(event),
        "quote": r.quote,
        "cite": nav.citation(event.spans, _cite_limit(b, "timeline")),
    }


def _reviewed(event) -> str:
    """How an analyst reviewed a machine-extracted event (brief review), or nothing."""
    review = event.review
    if review is None or review.verdict == "unreviewed":
        return ""
    started = (
        f", machine {review.machine_confidence * 100:.0f}%"
        if review.machine_confidence is not None
        else ""
    )
    return f"machine fact {review.verdict} by {review.by}{started}"


def _timeline_tables(b: Brief) -> list[tuple[str, pd.DataFrame]]:
    """The timeline's rows as the brief lists them: every event, or in a large brief the top
    lists (deadliest, best corroborated, the focus actor's), each its first ``TOP_EVENTS``."""
    df = b.timeline
    if not b.large:
        return [("timeline", df)]
    deadly = df.assign(_k=df["killed"].fillna(-1)).sort_values(
        ["_k", "independent_sources", "event_id"], ascending=[False, False, True]
    )
    corroborated = df.sort_values(
        ["independent_sources", "n_sources", "event_id"], ascending=[False, False, True]
    )
    tables = [("deadly", deadly.head(TOP_EVENTS)), ("corroborated", corroborated.head(TOP_EVENTS))]
    if b.params.focus_actor:
        tables.append(("focus", df[df["focus"]].head(TOP_EVENTS)))
    return tables


def timeline_summary(b: Brief) -> str:
    """A timeline too long to list: counts per week, the deadliest and the best-corroborated
    events, and the focus actor's events."""
    df = b.timeline
    seen: set[str] = set()

    def rows_of(frame) -> list[dict]:
        rows = []
        for r in frame.itertuples():
            # an event already listed above has its anchor there: this row gets none
            anchor = "" if r.event_id in seen else None
            seen.add(r.event_id)
            killed = "" if pd.isna(r.killed) else int(r.killed)
            rows.append({**_event_row(b, r, anchor), "killed": killed})
        return rows

    tables = dict(_timeline_tables(b))
    deadly, corroborated = rows_of(tables["deadly"]), rows_of(tables["corroborated"])
    focus = rows_of(tables["focus"]) if "focus" in tables else None
    return _render(
        "timeline_summary.html.j2",
        n_events=len(df),
        max_rows=b.params.max_rows,
        top=TOP_EVENTS,
        months=_months(b),
        totals=b.totals(),
        fusion_quality=b.fusion_sentence(),
        deadly=deadly,
        corroborated=corroborated,
        focus=focus,
        n_focus=int(df["focus"].sum()) if focus is not None else 0,
    )


def _months(b: Brief) -> list[dict]:
    """Events and deaths (best, and the range of the sources' figures) per month of the weeks
    (Monday to Sunday) starting in it, over the events the brief counts (:meth:`Brief.counted`)."""
    months: dict[str, dict] = {}
    for week in b.weeks():
        m = months.setdefault(f"{week.monday:%Y-%m}", {"events": 0, "killed": NO_TOLL, "weeks": 0})
        m["events"] += week.events
        m["killed"] += week.killed
        m["weeks"] += 1
    rows = []
    for month, m in sorted(months.items()):
        k = m["killed"]
        rows.append(
            {
                "month": month,
                "events": m["events"],
                "killed": f"{k.best:,}",
                "range": "" if k.low == k.high else f"{k.low:,}-{k.high:,}",
                "per_week": f"{m['events'] / m['weeks']:.1f}",
            }
        )
    return rows


def timeline_figure(b: Brief) -> str:
    from . import figures  # matplotlib is imported when the first figure is drawn

    if len(b.timeline) > figures.MAX_POINTS:
        return _render(
            "timeline_figure.html.j2", weekly=True, src=_data_url(figures.weekly_figure(b))
        )
    svg, undated, far = figures.timeline_figure(b)
    return _render(
        "timeline_figure.html.j2",
        weekly=False,
        src=_data_url(svg),
        undated=[e.summary for e in undated],
        far=[f"{describe_when(e.when)}: {e.summary}" for e in far],
        far_days=figures.FAR_GAP_DAYS,
    )


#: Places listed under the map by name; beyond, a count (every row is in timeline.csv).
MAP_LISTED = 40


def map_section(b: Brief) -> str:
    """The locator map, with the places it cannot show listed under it, by reason."""
    from . import figures

    placed, unresolved, outside = figures.mapped_events(b)
    nav = navigation(b)
    reasons: dict[str, dict[str, dict]] = {}
    for u in unresolved:
        why = u["why"].removeprefix("unresolved: ")
        href = nav.rows.get(("event", u["event_id"]))
        entry = reasons.setdefault(why, {}).setdefault(
            u["place"], {"place": u["place"], "n": 0, "href": href}
        )
        entry["n"] += 1
    listed, shown = [], 0
    for why, places in reasons.items():
        kept = list(places.values())[: max(0, MAP_LISTED - shown)]
        shown += len(kept)
        if kept:
            listed.append({"why": why, "places": kept})
    counts = outside["location"].value_counts()
    far = [
        {
            "place": r.location,
            "n": int(counts[r.location]),
            "href": nav.rows.get(("event", r.event_id)),
        }
        for r in outside.drop_duplicates("location").itertuples()
    ]
    current = ~b.timeline["background"].astype(bool)
    return _render(
        "map.html.j2",
        src=_data_url(figures.map_figure(b)) if len(placed) else None,
        n_placed=len(placed),
        coarse=int((placed["geo_precision"] > 1).sum()),
        groups=listed,
        not_listed=sum(len(p) for p in reasons.values()) - shown,
        outside=far[:MAP_LISTED],
        n_outside=len(outside),
        no_place=int((current & (b.timeline["location"] == "not given")).sum()),
    )


def _data_url(svg: str) -> str:
    return "data:image/svg+xml;base64," + base64.b64encode(svg.encode("utf-8")).decode("ascii")


def _limit(b: Brief, share: int = 2) -> int:
    """Rows a list other than the top events may show: in a large brief ``OTHER_ROWS``;
    otherwise a share of ``max_rows`` (at least 10)."""
    return OTHER_ROWS if b.large else max(10, b.params.max_rows // share)


def _actor_rows(b: Brief) -> pd.DataFrame:
    return b.actors.head(_limit(b))


def _relation_rows(b: Brief) -> pd.DataFrame:
    return b.relations.head(_limit(b))


def _claim_rows(b: Brief) -> list:
    return b.facts.claims[: _limit(b)]


def _sources_listed(b: Brief) -> bool:
    """Whether the Sources section lists every document (else: by publisher)."""
    return len(b.corpus.documents) <= b.params.max_rows


def actor_table(b: Brief) -> str:
    limit = _limit(b)
    df = _actor_rows(b)
    nav = navigation(b)
    rows = [
        {
            "anchor": nav.rows[("actor", r.actor_id)],
            "actor": r.actor,
            "named": r.named,
            "kind": r.kind,
            "country": r.country,
            "affiliations": r.affiliations,
            "designations": r.designations,
            "roles": r.roles,
            "mentions": r.mentions,
            "seen": f"{r.first_seen} – {r.last_seen}" if r.first_seen else "undated",
            "sources": nav.citation(b.facts.actors[r.actor_id].spans, _cite_limit(b, "actors")),
        }
        for r in df.itertuples()
    ]
    return _render(
        "actor_table.html.j2",
        rows=rows,
        ids=[r["anchor"] for r in rows],
        classes=["focus" if f else "" for f in df["focus"]],
        total=len(b.actors),
        limit=limit,
        n_unnamed=int((~b.actors["named"]).sum()),
        large=b.large,
    )


def relation_section(b: Brief) -> str:
    from . import figures

    limit = _limit(b)
    df = _relation_rows(b)
    nav = navigation(b)
    relations = {r.id: r for r in b.facts.relations}
    rows = [
        {
            "anchor": nav.rows[("relation", r.relation_id)],
            "subject": r.subject,
            "predicate": r.predicate,
            "object": r.object,
            "status": r.status,
            "qualifier": r.qualifier,
            "quote": r.quote,
            "cite": nav.citation(relations[r.relation_id].spans, _cite_limit(b, "relations")),
        }
        for r in df.itertuples()
    ]
    related = {a for r in b.facts.relations for a in (r.subject, r.object)}
    return _render(
        "relations.html.j2",
        rows=rows,
        ids=[r["anchor"] for r in rows],
        classes=["focus" if f else "" for f in df["focus"]],
        total=len(b.relations),
        limit=limit,
        src=_data_url(figures.relation_figure(b)),
        focus=bool(b.params.focus_actor),
        max_nodes=drawn
        if (drawn := figures.relation_layout(b)[0].number_of_nodes()) < len(related)
        else None,
    )


def claims_section(b: Brief) -> str:
    claims = b.facts.claims
    limit = _limit(b)
    nav = navigation(b)
    rows = []
    for c in _claim_rows(b):
        docs = {s.doc for s in c.spans}
        rows.append(
            {
                "anchor": nav.rows[("claim", c.id)],
                "speaker": b.speaker(c),
                "verb": c.verb,
                "content": c.content,
                "when": describe_when(c.when),
                "about": [_ref(b, i) for i in c.about],
                "corroboration": "single source" if len(docs) == 1 else f"{len(docs)} sources",
                "quote": c.spans[0].quote,
                "cite": nav.citation(c.spans[:1], 1),
            }
        )
    return _render(
        "claims.html.j2",
        rows=rows,
        ids=[r["anchor"] for r in rows],
        total=len(claims),
        limit=limit,
        n_unattributed=sum(1 for c in claims if not c.speaker),
    )


#: Ids a gap's "About" cell lists (as :func:`helpers.brief.build.some` does).
GAP_REFS = 12


def gaps_section(b: Brief) -> str:
    nav = navigation(b)
    refs = 3 if b.large else GAP_REFS  # ids an "About" cell shows, then how many more
    rows = [
        {
            "anchor": nav.rows[("gap", g.id)],
            "topic": g.topic,
            "question": g.question,
            "why": g.why,
            "origin": g.origin,
            "refs": [_ref(b, i) for i in g.about[:refs]],
            "more": max(0, len(g.about) - refs),
        }
        for g in b.gaps()
    ]
    return _render("gaps.html.j2", rows=rows, ids=[r["anchor"] for r in rows])


def review_section(b: Brief) -> str:
    """Machine-extracted facts below ``review_below`` (empty when there are none)."""
    events, claims = b.under_review()
    items = sorted([*events, *claims], key=lambda x: (x.confidence, x.id))
    if not items:
        return ""
    rows = [_review_row(b, x) for x in items[: _limit(b)]]
    return _render(
        "review.html.j2",
        total=len(items),
        n_events=len(events),
        n_claims=len(claims),
        rows=rows,
        review_below=b.params.review_below,
    )


def _review_row(b: Brief, item) -> dict:
    if isinstance(item, Claim):
        fact, kinds = _claim_line(b, item), ("claim",)
    else:
        fact, kinds = f"{capital(describe_when(item.when))}: {item.summary}", ("event",)
    return {
        "confidence": item.confidence,
        "fact": fact,
        "ref": _ref(b, item.id, kinds),
        "basis": item.confidence_basis or "",
        "quote": item.spans[0].quote,
    }


def _claim_line(b: Brief, c: Claim) -> str:
    return f"{b.speaker(c)} {c.verb} {c.content}"


def sources_section(b: Brief) -> str:
    n = len(b.corpus.documents)
    if not _sources_listed(b):
        wire = len(set(b.fusion.wire.values())) if b.fusion else n
        return _render("sources.html.j2", by_publisher=_by_publisher(b), n_documents=n, wire=wire)
    documents = [_source(b, d) for d in b.corpus.documents.values()]
    return _render(
        "sources.html.j2",
        by_publisher=None,
        documents=documents,
        ids=[d["anchor"] for d in documents],
    )


def _source(b: Brief, d) -> dict:
    m = d.meta
    grading = (
        f"{m.grading.reliability}{m.grading.credibility}: {m.grading.note}"
        if m.grading
        else "not graded"
    )
    nav = navigation(b)
    return {
        **_document(d),
        "anchor": nav.rows[("source", d.id)],
        "label": nav.labels[d.id],
        "text_href": "#" + anchor("text", d.id) if nav.is_cited(d.id) else None,
        "publisher": _outlet(d),
        "publisher_basis": OUTLET_BASIS[outlet(d.id, d.meta)[1]],
        "grading": grading,
        "assumptions": "; ".join(f"{a.field}: {a.note}" for a in m.assumptions) or "none",
        "chars": len(d.text),
        "sha": _sha(d)[:16],
        "review": b.facts.review_status.get(d.id, ""),
    }


def _sha(doc) -> str:
    if doc.meta.sha256:
        return doc.meta.sha256
    if doc.path.is_file():
        return hashlib.sha256(doc.path.read_bytes()).hexdigest()
    return hashlib.sha256(doc.text.encode("utf-8")).hexdigest()  # from a facts store


def methodology(b: Brief) -> str:
    parameters = [
        {"name": name, "value": repr(b.params.raw[name]), "help": help_}
        for name, (_, default, help_) in PARAMETERS.items()
        if name not in LOCATIONS
        # a large brief: the parameters set for this run (every one is in the manifest)
        and not (b.large and b.params.raw[name] == default)
    ]
    return _render(
        "methodology.html.j2",
        provenance=_provenance(b),
        estimative=_estimative(b),
        parameters=parameters,
        defaults_left_out=b.large,
        versions=[(p, metadata.version(p)) for p in VERSIONED],
    )


def _estimative(b: Brief) -> dict | None:
    """The estimative scale and the check's warnings, for the methodology; None without key
    judgments. A warning names the facts file by its name and line (not its path: the brief is
    the same wherever the inputs lie)."""
    if not b.facts.key_judgments:
        return None
    warnings = [
        {
            "ref": _ref(b, w.judgment, ("key-judgment",)),
            "where": Path(w.where).name if w.where else "",
            "field": w.field,
            "sentence": w.sentence,
            "message": w.message,
        }
        for w in b.estimative_warnings()
    ]
    return {
        "scale": list(LIKELIHOODS),
        "n_judgments": len(b.facts.key_judgments),
        "warnings": warnings,
    }


def _provenance(b: Brief) -> str:
    statuses = b.facts.review_status
    curated = sorted(d for d, s in statuses.items() if s == "analyst-reviewed")
    extracted = sorted(d for d, s in statuses.items() if s == "machine-extracted")
    parts = []
    if curated:
        parts.append(
            f"Facts for {_documents_named(b, curated)} were read from the source by an analyst "
            "into a facts file."
        )
    if extracted:
        parts.append(
            f"Facts for {_documents_named(b, extracted)} were extracted automatically (rule-based: spaCy, an "
            "actor gazetteer, a temporal tagger) and have not been reviewed by an analyst; roles, "
            "statuses and dates are the extractor's reading."
        )
    f = b.facts
    items = [*f.actors.values(), *f.events, *f.relations, *f.claims]
    reviewed = sum(1 for i in items if i.review is not None and i.review.verdict != "unreviewed")
    if reviewed:
        parts.append(
            f"{reviewed:,} of the facts started as machine-extracted facts that an analyst "
            "accepted or corrected (brief review); the timeline names who reviewed each event."
        )
    if b.unreviewed:
        total = sum(b.unreviewed.values())
        per_doc = _documents_named(b, list(b.unreviewed), b.unreviewed)
        parts.append(
            f"{total:,} machine-extracted fact{'s' if total != 1 else ''} (actors, events, "
            f"relations, claims) {'are' if total != 1 else 'is'} not reviewed by an analyst yet, "
            f"in {per_doc} (brief review lists them)."
        )
    return " ".join(parts)


def footer(b: Brief) -> str:
    """The "Source texts" appendix (:func:`source_texts`), then what the brief was made from and
    the marking again."""
    return _render("footer.html.j2", digest=b.digest, marking=b.params.marking, **_source_texts(b))


def source_texts(b: Brief) -> str:
    """The appendix alone: every cited document, its cited words marked, with links back."""
    return _render("source_texts.html.j2", **_source_texts(b))


def _source_texts(b: Brief) -> dict:
    nav = navigation(b)
    documents = nav.appendix()
    return {
        "documents": documents,
        "n_corpus": len(b.corpus.documents),
        "excerpt_all": nav.excerpt_all,
        "max_chars": f"{FULL_TEXT_MAX_CHARS:,}",
        "max_paragraphs": FULL_TEXT_MAX_PARAGRAPHS,
        "context": CONTEXT,
    }


# ------------------------------------------------------------------------------------------------
# Many documents: where they agree and where they do not


def disagreements_section(b: Brief) -> str:
    """Where the sources disagree: every figure, date and attribution with its source."""
    if b.fusion is None:
        return _render("disagreements.html.j2", fused=False)
    df = b.disagreements
    events = {e.id: e for e in b.facts.events}
    names = {a.id: a.name for a in b.facts.actors.values()}
    grouped = list(df.groupby(["event_id", "field"], sort=False)) if len(df) else []
    limit = _limit(b)
    rows = []
    for (event_id, field), part in grouped[:limit]:
        event = events.get(event_id)
        fused = ""
        if event is not None and field in ("killed", "injured"):
            count = next((o.count for o in event.outcomes if o.kind == field), None)
            if count is not None:
                fused = f"low {count.low} / best {count.best} / high {count.high}"
        values = [
            {
                "value": _actor_names(v, names) if field == "attribution" else v,
                "document": _ref(b, d, ("source",)),
            }
            for d, v in zip(part["document"], part["value"], strict=True)
        ]
        summary = event.summary if event else event_id
        rows.append(
            {
                "event": summary,
                "ref": _ref(b, event_id, ("event",)),
                "field": field,
                "reports": values,
                "fused": fused,
            }
        )
    return _render(
        "disagreements.html.j2",
        fused=True,
        rows=rows,
        limit=limit,
        n_points=len(grouped),
        n_events=len(b.timeline),
        n_documents=len(b.corpus.documents),
        corroborated=sum(1 for n in b.timeline["independent_sources"] if n > 1),
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
    return _render(
        "coreference.html.j2",
        n_merges=len(merges),
        n_review=len(review),
        merges=[
            {
                "kept": names.get(m.kept, m.kept),
                "merged": m.name or "a name not recorded (fused by an earlier version)",
                "id": m.merged,
                "doc": _ref(b, m.doc, ("source",)) if m.doc in b.corpus.documents else None,
                "evidence": m.evidence,
            }
            for m in merges[:limit]
        ],
        review=[{"a": n.a_name, "b": n.b_name, "score": f"{n.score:.0f}"} for n in review[:limit]],
    )


def changes_section(b: Brief) -> str:
    if b.changes is None and b.params.changes_since is None:
        return ""  # nothing compared (parameters changes_since, previous_store, previous_facts)
    c = b.changes
    if c is None:
        since = b.params.changes_since.isoformat()
        return _render("changes.html.j2", since=since, compared=False)
    events = {e.id: e for e in b.facts.events}
    limit = _limit(b, 4)

    def line(event_id: str) -> dict:
        e = events.get(event_id)
        return {"known": False, "id": event_id} if e is None else {"known": True, **_dated(b, e)}

    def revised(item) -> dict:
        e, kind, was, now = item
        return {"event": line(e), "kind": kind, "was": was, "now": now}

    def more_sources(item) -> dict:
        e, was, now = item
        return {"event": line(e), "was": was, "now": now}

    actors = [b.facts.actors[a].name for a in c.new_actors if a in b.facts.actors]
    return _render(
        "changes.html.j2",
        since=c.since,
        compared=True,
        by_date=b.params.previous_store is None and b.params.previous_facts is None,
        n_new=len(c.new_events),
        n_revised=len(c.revised),
        n_actors=len(c.new_actors),
        groups={
            "new": _shown(c.new_events, limit, line),
            "revised": _shown(c.revised, limit, revised),
            "more_sources": _shown(c.more_sources, limit, more_sources),
            "actors": _shown(actors, limit),
        },
    )
