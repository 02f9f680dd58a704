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
import yaml

from ..facts.coverage import unreviewed
from ..facts.estimative import EstimativeWarning, check_judgments
from ..facts.loading import Corpus
from ..facts.schema import Claim, Event
from ..facts.times import describe_when, sort_key
from ..fuse.fusion import Changes, Fusion, changes_since, family, fuse, subset
from .actor_table import build_actor_table, build_relation_table
from .params import Params, select, titled
from .text import capital, plural
from .timeline import build_timeline

#: Where the brief states how well fusion groups reports (figures measured by the benchmarks).
MEASURED = Path(__file__).with_name("data") / "measured.yaml"


@dataclass(frozen=True)
class GapRow:
    topic: str
    question: str
    why: str
    origin: str  # "analyst" or "derived"
    refs: str = ""
    id: str = ""  # the analyst's gap id, or derived-<topic>: the row's anchor
    about: tuple[str, ...] = ()  # every id the gap concerns (refs shows the first ones)


@dataclass(frozen=True)
class Toll:
    """A death toll as the sources give it: the lowest, the brief's best and the highest figure."""

    low: int
    best: int
    high: int

    def __add__(self, other: Toll) -> Toll:
        return Toll(self.low + other.low, self.best + other.best, self.high + other.high)


NO_TOLL = Toll(0, 0, 0)


def killed_toll(event: Event) -> Toll | None:
    """The event's death toll (the timeline's ``killed``) with its range; None: no number."""
    for outcome in event.outcomes:
        c = outcome.count
        if outcome.kind == "killed" and c.best is not None:
            low = c.low if c.low is not None else c.best
            return Toll(low, c.best, c.high if c.high is not None else c.best)
    return None


@dataclass(frozen=True)
class Totals:
    """What the brief adds up: fused events of the window dated to the day or better, never
    background. ``doubled``: deaths in rows that may repeat another row (same day, same kind of
    act, same figure, a shared initiator: reports fusion kept apart)."""

    events: int
    killed: Toll
    with_toll: int
    doubled: int
    doubled_rows: int
    under_review: int


@dataclass(frozen=True)
class Week:
    """A week (Monday to Sunday) of the events the brief counts: how many, and their deaths."""

    monday: dt.date
    events: int
    killed: Toll


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
    #: machine facts not reviewed by an analyst, per document (before fusion merges them)
    unreviewed: dict[str, int] = field(default_factory=dict)
    _names: dict[str, str] | None = field(default=None, repr=False)
    _window: list[Event] | None = field(default=None, repr=False)
    _navigation: object | None = field(default=None, repr=False)  # sections.navigation's
    _events: dict[str, Event] | None = field(default=None, repr=False)
    _estimative: list[EstimativeWarning] | None = field(default=None, repr=False)
    _index: dict[tuple[str, str], object] | None = field(default=None, repr=False)

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

    def write_explorer(self, path: Path | str) -> Path:
        """Write this brief's explorer page (:mod:`.explorer`): the renderer has the notebook's
        kernel write it from the brief it built, instead of building the brief a second time."""
        from .explorer import write_explorer

        path = Path(path)
        with path.open("wb") as out:
            write_explorer(self, out)
        return path

    def frames(self):
        """The events, actors, claims and gaps as typed DataFrames (:mod:`.frames`)."""
        from .frames import frames

        return frames(self)

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

    def facts_index(self) -> dict[tuple[str, str], object]:
        """``(kind, id) -> fact`` for events, claims, relations, judgments, key judgments and
        gaps: what a reference to an item is shown by (:func:`helpers.brief.sections._label`)."""
        if self._index is None:
            f = self.facts
            kinds = (
                ("event", f.events),
                ("claim", f.claims),
                ("relation", f.relations),
                ("judgment", f.judgments),
                ("key-judgment", f.key_judgments),
                ("gap", f.gaps),
            )
            self._index = {(kind, x.id): x for kind, items in kinds for x in items}
        return self._index

    def events_in_window(self) -> list[Event]:
        if self._window is None:  # the facts do not change once the brief is built
            by_id = {e.id: e for e in self.facts.events}
            events = (by_id[i] for i in self.timeline["event_id"])
            self._window = sorted(events, key=lambda e: (sort_key(e.when), e.id))
        return self._window

    def needs_review(self, item: Event | Claim) -> bool:
        """A machine-extracted fact less likely right than the ``review_below`` parameter: it
        stays out of the bottom line and key facts and is listed under "Needs review"."""
        return item.confidence is not None and item.confidence < self.params.review_below

    def under_review(self) -> tuple[list[Event], list[Claim]]:
        """The window's events and the claims below ``review_below``, least likely first."""

        def order(x):
            return (x.confidence, x.id)

        events = sorted((e for e in self.events_in_window() if self.needs_review(e)), key=order)
        claims = sorted((c for c in self.facts.claims if self.needs_review(c)), key=order)
        return events, claims

    def counted(self) -> list[Event]:
        """The events every count and sum of the brief is over: fused events of the window,
        dated to the day or better, not background (context told years later is no event of
        the window)."""
        return [
            e
            for e in self.events_in_window()
            if not e.background and e.when.precision in ("minute", "day")
        ]

    def weeks(self) -> list[Week]:
        """The counted events (:meth:`counted`) and their deaths per week, in order: the weekly
        figure and the monthly table of a large brief."""
        by_week: dict[dt.date, tuple[int, Toll]] = {}
        for e in self.counted():
            day = dt.date.fromisoformat(e.when.start[:10])
            monday = day - dt.timedelta(days=day.weekday())
            n, toll = by_week.get(monday, (0, NO_TOLL))
            by_week[monday] = (n + 1, toll + (killed_toll(e) or NO_TOLL))
        return [Week(monday, n, toll) for monday, (n, toll) in sorted(by_week.items())]

    def totals(self) -> Totals:
        events = self.counted()
        tolls = {e.id: killed_toll(e) for e in events}
        doubled = possible_doubles([e for e in events if tolls[e.id] and tolls[e.id].best], tolls)
        return Totals(
            events=len(events),
            killed=sum((t for t in tolls.values() if t), NO_TOLL),
            with_toll=sum(1 for t in tolls.values() if t),
            doubled=sum(tolls[e.id].best for e in doubled),
            doubled_rows=len(doubled),
            under_review=sum(1 for e in events if self.needs_review(e)),
        )

    def lead_event(self) -> Event | None:
        """The analyst's lead event if in the window, else the latest dated event with deaths,
        else the latest dated foreground event; never a machine-extracted event that needs
        review (:meth:`needs_review`)."""
        events = [
            e for e in self.events_in_window() if not e.background and not self.needs_review(e)
        ]
        marked = [e for e in events if e.lead]
        if marked:
            return marked[0]
        dated = [e for e in events if e.when.precision in ("minute", "day", "month", "year")]
        deadly = [e for e in dated if any(o.kind == "killed" for o in e.outcomes)]
        pool = deadly or dated or events
        return pool[-1] if pool else None

    def estimative_warnings(self) -> list[EstimativeWarning]:
        """The estimative-language check of the analyst's key judgments (none: no warning)."""
        if self._estimative is None:
            facts = self.facts
            self._estimative = check_judgments(facts.key_judgments, facts.written_at)
        return self._estimative

    def claims_about(self, event_id: str) -> list[Claim]:
        """The claims about an event that the bottom line may state (none that needs review)."""
        return [c for c in self.facts.claims if event_id in c.about and not self.needs_review(c)]

    def speaker(self, claim: Claim) -> str:
        return self.names()[claim.speaker] if claim.speaker else "The source (unattributed)"

    # ---------------------------------------------------------------- prose
    def bluf(self) -> list[str]:
        """3-5 sentences: what, who, when, where; what was claimed; what is missing; sourcing."""
        if self.large:
            return self.picture()
        lead = self.lead_event()
        if lead is None:
            return [self._no_lead()]
        sentences = [f"{lead.summary.rstrip('.')} {describe_when(lead.when)} ({lead.status})."]
        for claim in self.claims_about(lead.id):
            if claim.speaker:
                sentences.append(f"{self.speaker(claim)} {claim.verb} {claim.content} (claim).")
                break
        known = {e.id: e for e in self.facts.events}
        for link in lead.links:
            earlier = known.get(link.event)
            if earlier is None or self.needs_review(earlier):  # after as_of, or under review
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

    def _no_lead(self) -> str:
        waiting = [e for e in self.events_in_window() if self.needs_review(e) and not e.background]
        if not waiting:
            return "No event in the selected documents falls inside the time window."
        return (
            f"Every event of the window that is not background is a machine-extracted fact "
            f"less likely right than "
            f"{self.params.review_below:.0%} ({_count(len(waiting), 'event')} under Needs "
            "review): none is stated here."
        )

    def picture(self) -> list[str]:
        """The bottom line of a brief too large to list: what happened (events by kind), who
        and where (the most frequent initiators and places), how many (deaths with their range),
        how sure the brief is, the deadliest events and the trend."""
        events, totals = self.counted(), self.totals()
        if not events:
            told = len(self.events_in_window())
            return [
                f"None of the {_count(told, 'event')} of the window is dated to the day or "
                "better, so none is counted here; the timeline lists them.",
                self.sourcing_sentence(),
            ]
        first, last = events[0].when.start[:10], events[-1].when.start[:10]
        sentences = [
            f"{_count(totals.events, 'event')} dated to the day between {_day(first)} and "
            f"{_day(last)}: {_tally(e.kind for e in events)}."
        ]
        names = self.names()
        who = _tally((names.get(a, a) for e in events for a in e.initiators), 3, plural=False)
        where = _tally((e.location.name for e in events if e.location), 3, plural=False)
        if who or where:
            parts = [
                f"most often named as acting: {who}" if who else "",
                f"most often at: {where}" if where else "",
            ]
            sentences.append(capital("; ".join(p for p in parts if p)) + ".")
        sentences.append(self.toll_sentence(totals))
        sentences.append(self.sureness_sentence(totals))  # how sure, right after how many
        deadliest = self.deadliest(3)
        if deadliest:
            sentences.append(
                "The deadliest: " + "; ".join(self._severity(e) for e in deadliest) + "."
            )
        trend = self.trend_sentence(events)
        if trend:
            sentences.append(trend)
        sentences.append(self.sourcing_sentence())
        return sentences

    def toll_sentence(self, totals: Totals) -> str:
        k = totals.killed
        if not totals.with_toll:
            return "No source gives a death toll for these events."
        text = f"The sources give deaths for {_count(totals.with_toll, 'event')}: {k.best:,} by the brief's figures"
        if (k.low, k.high) != (k.best, k.best):
            text += f" (the sources' figures range from {k.low:,} to {k.high:,})"
        if totals.doubled:
            text += (
                f"; up to {totals.doubled:,} of them may be counted twice ("
                f"{_count(totals.doubled_rows, 'row')} of the same day, kind, figure and actor "
                "as another row, which fusion kept apart)"
            )
        return text + "."

    def deadliest(self, n: int) -> list[Event]:
        # the bottom line never states a machine fact that needs review
        tolls = [(killed_toll(e), e) for e in self.counted() if not self.needs_review(e)]
        ranked = sorted(
            ((t, e) for t, e in tolls if t and t.best > 0),
            key=lambda te: (-te[0].best, -self.independent_sources(te[1]), te[1].id),
        )
        return [e for _, e in ranked[:n]]

    def independent_sources(self, event: Event) -> int:
        """The sources of an event with republished wire copy counted once (1 unfused)."""
        return self.fusion.independent.get(event.id, 1) if self.fusion else 1

    def _severity(self, event: Event) -> str:
        t = killed_toll(event)
        figure = f"{t.best:,} killed" + (f" ({t.low:,}-{t.high:,})" if t.low != t.high else "")
        sources = _count(self.independent_sources(event), "independent source")
        return f"{event.summary.rstrip('.')} {describe_when(event.when)}, {figure}, {sources}"

    def trend_sentence(self, events: list[Event]) -> str | None:
        """The last four weeks of the window against the four weeks before."""
        end = dt.date.fromisoformat(events[-1].when.start[:10])
        recent, before = dt.timedelta(days=28), dt.timedelta(days=56)

        def within(lo: dt.timedelta, hi: dt.timedelta) -> list[Event]:
            return [
                e for e in events
                if end - hi < dt.date.fromisoformat(e.when.start[:10]) <= end - lo
            ]  # fmt: skip

        now, then = within(dt.timedelta(0), recent), within(recent, before)
        if not then:
            return None

        def deaths(group: list[Event]) -> int:
            return sum((killed_toll(e) or NO_TOLL).best for e in group)

        return (
            f"In the four weeks to {_day(end.isoformat())}: {_count(len(now), 'event')} and "
            f"{deaths(now):,} killed, against {len(then)} and {deaths(then):,} in the four weeks "
            "before."
        )

    def sureness_sentence(self, totals: Totals) -> str:
        lone = sum(1 for e in self.counted() if self.independent_sources(e) < 2)
        text = f"{lone:,} of these {totals.events:,} events rest on one independent source"
        if totals.under_review:
            text += (
                f"; {totals.under_review:,} are machine-extracted facts below the review "
                f"threshold ({self.params.review_below:.0%} likely right)"
            )
        return f"{text}. {self.fusion_sentence()}"

    @staticmethod
    def fusion_sentence() -> str:
        """How well fusion groups reports, as measured (``data/measured.yaml``)."""
        fusion = measured()["fusion"]
        return (
            f"Fusion of reports into events, measured on {fusion['measured_on']}, rarely joins "
            f"different events (precision {_span(fusion['precision'])}) but leaves some reports "
            f"of one event apart (recall {_span(fusion['recall'])}): counts of events and deaths "
            "lean high."
        )

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
        text = f"All of this rests on {len(docs):,} document{'s' if len(docs) != 1 else ''}"
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
        shown = 3 if self.large else 12  # items a derived gap names (a large brief: a few)
        year_inferred = [
            e for e in events if "year" in e.when.inferred and e.when.precision != "period"
        ]
        if year_inferred:
            rows.append(
                GapRow(
                    "inferred years",
                    "No year is stated for: "
                    + _listing(
                        year_inferred,
                        lambda e: f"{e.when.expression or 'the date'} ({_gist(e.summary)})",
                        shown,
                    )
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
                        shown,
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
                        no_count,
                        lambda eo: f'{eo[1].kind} ("{eo[1].wording}") in: {_gist(eo[0].summary)}',
                        shown,
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


def possible_doubles(events: list[Event], tolls: dict[str, Toll | None]) -> list[Event]:
    """Rows that may tell an act another row tells: after the first of a group of events of one
    day and one kind family with the same death toll and a shared initiator (fusion keeps such
    reports apart when they name no place or moment in common), the others."""
    groups: dict[tuple, list[Event]] = {}
    for e in events:
        key = ((e.when.start or "")[:10], family(e.kind), tolls[e.id].best)
        groups.setdefault(key, []).append(e)
    doubles = []
    for group in groups.values():
        kept: list[Event] = []
        for e in group:
            if any(set(e.initiators) & set(k.initiators) for k in kept):
                doubles.append(e)
            else:
                kept.append(e)
    return doubles


def measured() -> dict:
    """The figures the brief quotes about its own method (``data/measured.yaml``)."""
    return yaml.safe_load(MEASURED.read_text(encoding="utf-8"))


def _count(n: int, word: str) -> str:
    return f"{n:,} {word if n == 1 else plural(word)}"


def _day(iso: str) -> str:
    """``2024-02-07`` -> ``7 February 2024``."""
    day = dt.date.fromisoformat(iso[:10])
    return f"{day.day} {day:%B %Y}"


def _span(values: list[float]) -> str:
    low, high = min(values), max(values)
    return f"{low:.2f}" if low == high else f"{low:.2f}-{high:.2f}"


def _tally(values, top: int = 4, plural: bool = True) -> str:
    """The most frequent values with their counts, most frequent first (ties by name):
    ``412 strikes, 310 attacks and 12 more kinds`` (plural) or ``Ansar Allah (210), ...``."""
    counts: dict[str, int] = {}
    for v in values:
        counts[v] = counts.get(v, 0) + 1
    ranked = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    shown = [_count(n, v) if plural else f"{v} ({n:,})" for v, n in ranked[:top]]
    more = len(ranked) - top
    if more > 0:
        shown.append(f"{more} more" + ((" kind" if more == 1 else " kinds") if plural else ""))
    return ", ".join(shown)


def _listing(items: list, text, limit: int = 12) -> str:
    """The first ``limit`` items as ``text(item)`` joined for prose, and how many more (only the
    shown ones are formatted)."""
    more = len(items) - limit
    return "; ".join(text(i) for i in items[:limit]) + (f"; and {more} more" if more > 0 else "")


#: Words of an event's summary a derived gap's question names it by.
GIST_WORDS = 10


def _gist(summary: str) -> str:
    """An event named in prose by its summary's first words (the id stays in the About cell's
    tooltip and the CSV)."""
    words = summary.rstrip(".").split()
    return " ".join(words[:GIST_WORDS]) + (" …" if len(words) > GIST_WORDS else "")


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
    params, corpus = titled(sel.params, sel.corpus.documents.values()), sel.corpus
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
        unreviewed=unreviewed(sel.corpus.facts),
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
