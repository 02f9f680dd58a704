"""The brief as data: validated parameters, the selected facts, and the text built from them.

:func:`build_brief` is what the brief notebook calls. It validates every parameter first (an
unknown ``focus_actor`` or a malformed date fails with the list of valid choices), loads the
corpus, and derives the tables and the bottom line from the facts: nothing in the brief's prose
is typed by hand except the analyst's own summaries in the facts file.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import gc
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from ..facts.loading import Corpus
from ..facts.schema import Claim, Event
from ..facts.times import describe_when, sort_key
from ..fuse.fusion import Changes, Fusion, changes_since, fuse, subset
from .actor_table import build_actor_table, build_relation_table
from .params import Params, select
from .timeline import build_timeline

#: A machine-extracted event leads the bottom line only if it is at least this likely right
#: (its calibrated confidence, helpers.extract.confidence); curated events always may.
LEAD_CONFIDENCE = 0.5


@dataclass(frozen=True)
class GapRow:
    topic: str
    question: str
    why: str
    origin: str  # "analyst" or "derived"
    refs: str = ""
    id: str = ""  # the analyst's gap id, or derived-<topic>: the row's anchor
    about: tuple[str, ...] = ()  # every id the gap concerns (refs shows the first ones)


@dataclass
class Brief:
    params: Params
    corpus: Corpus
    as_of: dt.date
    window: tuple[dt.date | None, dt.date]
    timeline: pd.DataFrame
    actors: pd.DataFrame
    relations: pd.DataFrame
    digest: str
    fusion: Fusion | None = None  # how the documents' reports were merged (None: one document)
    changes: Changes | None = None  # what changed since params.changes_since
    disagreements: pd.DataFrame | None = None
    _names: dict[str, str] | None = field(default=None, repr=False)
    _window: list[Event] | None = field(default=None, repr=False)
    _navigation: object | None = field(default=None, repr=False)  # sections.navigation's
    _events: dict[str, Event] | None = field(default=None, repr=False)

    TABLES = ("timeline", "actors", "relations", "disagreements")

    @property
    def large(self) -> bool:
        """More events than the brief lists in full: tables are aggregated."""
        return len(self.timeline) > self.params.max_rows

    def write_tables(self, directory: Path | str) -> list[Path]:
        """Write the timeline, actor and relation tables as CSV (columns: see the README)."""
        directory = Path(directory)
        directory.mkdir(parents=True, exist_ok=True)
        paths = []
        for name in self.TABLES:
            path = directory / f"{name}.csv"
            table = getattr(self, name)
            if table is None:
                continue
            table.to_csv(path, index=False, lineterminator="\n")
            paths.append(path)
        return paths

    # ---------------------------------------------------------------- selections
    @property
    def facts(self):
        return self.corpus.facts

    def names(self) -> dict[str, str]:
        if self._names is None:  # asked for once per claim: build it once
            self._names = {a.id: a.name for a in self.facts.actors.values()}
        return self._names

    def event(self, event_id: str) -> Event:
        if self._events is None:  # asked for once per row: index them once
            self._events = {e.id: e for e in self.facts.events}
        return self._events[event_id]

    def events_in_window(self) -> list[Event]:
        if self._window is None:  # the facts do not change once the brief is built
            by_id = {e.id: e for e in self.facts.events}
            events = (by_id[i] for i in self.timeline["event_id"])
            self._window = sorted(events, key=lambda e: (sort_key(e.when), e.id))
        return self._window

    def lead_event(self) -> Event | None:
        """The analyst's lead event if in the window, else the latest dated event with deaths,
        else the latest dated foreground event; machine-extracted events with a confidence
        below LEAD_CONFIDENCE only if no other event is left."""
        events = [e for e in self.events_in_window() if not e.background]
        sure = [e for e in events if e.confidence is None or e.confidence >= LEAD_CONFIDENCE]
        events = sure or events  # a machine fact less likely right than not never leads
        marked = [e for e in events if e.lead]
        if marked:
            return marked[0]
        dated = [e for e in events if e.when.precision in ("minute", "day", "month", "year")]
        deadly = [e for e in dated if any(o.kind == "killed" for o in e.outcomes)]
        pool = deadly or dated or events
        return pool[-1] if pool else None

    def claims_about(self, event_id: str) -> list[Claim]:
        return [c for c in self.facts.claims if event_id in c.about]

    def speaker(self, claim: Claim) -> str:
        return self.names()[claim.speaker] if claim.speaker else "The source (unattributed)"

    # ---------------------------------------------------------------- prose
    def bluf(self) -> list[str]:
        """3-5 sentences: what, who, when, where; what was claimed; what is missing; sourcing."""
        lead = self.lead_event()
        if lead is None:
            return ["No event in the selected documents falls inside the time window."]
        sentences = [f"{lead.summary.rstrip('.')} {describe_when(lead.when)} ({lead.status})."]
        for claim in self.claims_about(lead.id):
            if claim.speaker:
                sentences.append(f"{self.speaker(claim)} {claim.verb} {claim.content} (claim).")
                break
        known = {e.id: e for e in self.facts.events}
        for link in lead.links:
            earlier = known.get(link.event)
            if earlier is None:  # left out by the as-of date
                continue
            text = (
                f"It {link.link.replace('-', ' ')} an earlier {earlier.kind} "
                f"{describe_when(earlier.when)} ({earlier.status}): {earlier.summary.rstrip('.')}"
            )
            sentences.append(text + ".")
            said = [
                f"{self.speaker(c)} {c.verb} {c.content} ({describe_when(c.when)})"
                for c in self.claims_about(earlier.id)
                if c.speaker
            ]
            if said:
                sentences.append("; ".join(said) + ".")
            break
        gaps = [g.topic for g in self.gaps() if g.origin == "analyst"][:3] or [
            g.topic for g in self.gaps()
        ][:3]
        closing = self.sourcing_sentence()
        if gaps:
            closing = closing.rstrip(".") + "; it leaves open the " + "; the ".join(gaps) + "."
        sentences.append(closing)
        return sentences

    def sourcing_sentence(self) -> str:
        docs = list(self.corpus.documents.values())
        grades = sorted(
            {
                f"{d.meta.grading.reliability}{d.meta.grading.credibility}"
                for d in docs
                if d.meta.grading
            }
        )
        labels = {"published": "publication date", "timezone": "time zone"}
        assumed = sorted({labels.get(a.field, a.field) for d in docs for a in d.meta.assumptions})
        text = f"All of this rests on {len(docs)} document{'s' if len(docs) != 1 else ''}"
        if grades:
            text += f" (graded {', '.join(grades)})"
        if assumed:
            text += f" whose {' and '.join(assumed)} are analyst assumptions"
        return text + "."

    # ---------------------------------------------------------------- gaps
    def gaps(self) -> list[GapRow]:
        rows = [
            GapRow(
                g.topic,
                g.question,
                g.why_it_matters,
                "analyst",
                ", ".join(g.about),
                g.id,
                tuple(g.about),
            )
            for g in self.facts.gaps
        ]
        events = self.events_in_window()
        claims = self.facts.claims
        year_inferred = [
            e for e in events if "year" in e.when.inferred and e.when.precision != "period"
        ]
        if year_inferred:
            rows.append(
                GapRow(
                    "inferred years",
                    "No year is stated for: "
                    + _listing(year_inferred, lambda e: f"{e.when.expression or e.id} ({e.id})")
                    + ".",
                    "Each year is taken from the publication date; if that date is wrong, "
                    "so is every date here.",
                    "derived",
                    some([e.id for e in year_inferred]),
                    "derived-inferred-years",
                    tuple(e.id for e in year_inferred),
                )
            )
        undated = [
            item
            for item in [*events, *claims]
            if item.when.precision in ("period", "unknown") and not item.when.ongoing
        ]
        if undated:
            rows.append(
                GapRow(
                    "missing dates",
                    "The source gives no date for: "
                    + _listing(
                        undated,
                        lambda i: (getattr(i, "summary", None) or _claim_text(self, i)).rstrip("."),
                    )
                    + ".",
                    "Their order relative to other events is only bounded, not known.",
                    "derived",
                    some([i.id for i in undated]),
                    "derived-missing-dates",
                    tuple(i.id for i in undated),
                )
            )
        no_count = [(e, o) for e in events for o in e.outcomes if o.count.best is None]
        if no_count:
            rows.append(
                GapRow(
                    "missing figures",
                    "No number is given for: "
                    + _listing(
                        no_count, lambda eo: f'{eo[1].kind} in {eo[0].id} ("{eo[1].wording}")'
                    )
                    + ".",
                    "Casualty figures cannot be compared or aggregated without numbers.",
                    "derived",
                    some(list(dict.fromkeys(e.id for e, _ in no_count))),
                    "derived-missing-figures",
                    tuple(dict.fromkeys(e.id for e, _ in no_count)),
                )
            )
        single = len(self.corpus.documents) == 1
        if self.fusion is not None:
            lone = [
                eid for eid in self.timeline["event_id"] if self.fusion.independent.get(eid, 1) < 2
            ]
            if lone:
                rows.append(
                    GapRow(
                        "single-source events",
                        f"{len(lone)} of {len(self.timeline)} events rest on one independent "
                        "source (wire copy republished by several outlets counts once).",
                        "An uncorroborated report may repeat one party's account.",
                        "derived",
                        some(lone),
                        "derived-single-source-events",
                        tuple(lone),
                    )
                )
        if single:
            rows.append(
                GapRow(
                    "corroboration",
                    "Every fact in this brief comes from a single document; none is corroborated.",
                    "Single-source reporting may repeat one party's account (here mostly U.S. "
                    "official statements).",
                    "derived",
                    id="derived-corroboration",
                )
            )
        return rows


def _listing(items: list, text, limit: int = 12) -> str:
    """The first ``limit`` items as ``text(item)`` joined for prose, and how many more (only the
    shown ones are formatted)."""
    more = len(items) - limit
    return "; ".join(text(i) for i in items[:limit]) + (f"; and {more} more" if more > 0 else "")


def some(ids: list[str], limit: int = 12) -> str:
    """Ids for a table cell: the first ``limit`` and how many more."""
    more = len(ids) - limit
    return ", ".join(ids[:limit]) + (f" and {more} more" if more > 0 else "")


def _claim_text(brief: Brief, claim: Claim) -> str:
    return f"{brief.speaker(claim)} {claim.verb} {claim.content}"


def build_brief(**parameters) -> Brief:
    """Validate parameters, load the corpus as of the as-of date, and build every table."""
    sel = select(**parameters)
    # The corpus lives as long as the brief: keep the collector from rescanning its (at corpus
    # scale, millions of) objects at every full collection; that rescanning doubled the time.
    gc.freeze()
    params, corpus = sel.params, sel.corpus
    fusion, changes = sel.fusion, None  # a facts store may keep this selection's fusion
    compared = params.previous_store is not None or params.previous_facts is not None
    if fusion is None and (len(corpus.documents) > 1 or compared):
        fusion = fuse(corpus)
    if fusion is not None:
        corpus = fusion.corpus
        if params.focus_actor and fusion.actor_of(params.focus_actor) != params.focus_actor:
            # the focus actor was merged into another name of the same actor: follow it
            params = dataclasses.replace(params, focus_actor=fusion.actor_of(params.focus_actor))
        if params.previous_store is not None:
            from ..facts.store import FactsStore

            before = fuse(FactsStore(params.previous_store).corpus(), near_matches=False)
            changes = changes_since(before, fusion, f"the facts store {params.previous_store.name}")
        if params.previous_facts is not None and changes is None:
            before = _previous_facts(params)
            changes = changes_since(
                before, fusion, f"the facts files in {params.previous_facts.name}"
            )
        if params.changes_since is not None and changes is None:
            earlier = [
                d for d, doc in sel.corpus.documents.items()
                if doc.meta.published_date <= params.changes_since
            ]  # fmt: skip
            before = fuse(subset(sel.corpus, earlier), near_matches=False)
            changes = changes_since(before, fusion, params.changes_since.isoformat())
    timeline = build_timeline(
        corpus,
        window_start=sel.window[0],
        window_end=sel.window[1],
        focus_actor=params.focus_actor,
        display_tz=params.display_tz,
        fusion=fusion,
    )
    return Brief(
        params=params,
        corpus=corpus,
        as_of=sel.as_of,
        window=sel.window,
        timeline=timeline,
        actors=build_actor_table(corpus, params.focus_actor),
        relations=build_relation_table(corpus, params.focus_actor),
        digest=sel.digest,
        fusion=fusion,
        changes=changes,
        disagreements=disagreement_table(fusion, set(timeline["event_id"])),
    )


def _previous_facts(params: Params) -> Fusion:
    """The fusion of an earlier set of facts files (``previous_facts``), read against the same
    seeds directory (texts are never edited, so their quotes still hold): only the documents they
    cover."""
    from ..facts.loading import load_corpus
    from .params import previous_facts_files

    previous_facts_files(params.previous_facts)  # a clear error for an empty directory
    corpus = load_corpus(params.seeds_dir, [params.previous_facts])
    return fuse(subset(corpus, sorted(corpus.facts.review_status)), near_matches=False)


DISAGREEMENT_COLUMNS = ["event_id", "field", "document", "value"]


def disagreement_table(fusion: Fusion | None, events: set[str]) -> pd.DataFrame:
    """One row per source figure in a disagreement: event, what (killed, date, attribution),
    the document and its value."""
    rows = []
    for d in fusion.disagreements if fusion else []:
        if d.event in events:
            rows += [
                {"event_id": d.event, "field": d.field, "document": doc, "value": value}
                for doc, value in d.values
            ]
    return pd.DataFrame(rows, columns=DISAGREEMENT_COLUMNS)
