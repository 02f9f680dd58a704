"""The brief as data: validated parameters, the selected facts, and the text built from them.

:func:`build_brief` is what the brief notebook calls. It validates every parameter first (an
unknown ``focus_actor`` or a malformed date fails with the list of valid choices), loads the
corpus, and derives the tables and the bottom line from the facts: nothing in the brief's prose
is typed by hand except the analyst's own summaries in the facts file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

import pandas as pd

from . import config
from .actors import build_actor_table, build_relation_table
from .loading import Corpus, load_corpus, load_documents
from .schema import Claim, Event, check_zone, parse_partial
from .timeline import build_timeline, describe_when, in_window, sort_key


class ParameterError(ValueError):
    """A notebook/CLI parameter with a bad value; the message names it and the valid choices."""

    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(f"parameter {name!r}: {message}")


#: The brief notebook's parameters: name -> (type, default, help). The notebook's parameters
#: cell repeats these defaults literally (papermill reads them from there); a test keeps the two
#: in step.
PARAMETERS: dict[str, tuple[type, object, str]] = {
    "seeds_dir": (
        str,
        "",
        "Directory of seed texts (*.txt) with *.meta.yaml sidecars; empty: the project's seeds/",
    ),
    "facts_dir": (
        str,
        "",
        "Directory of analyst-reviewed *.facts.yaml files; empty: the project's facts/",
    ),
    "documents": (
        list,
        [],
        "Document ids (file stems) to include; empty: every document in seeds_dir",
    ),
    "as_of": (
        str,
        "",
        "As-of date YYYY-MM-DD; documents published later are left out; empty: the newest publication date",
    ),
    "window_start": (
        str,
        "",
        "First day of the timeline window, YYYY-MM-DD; empty: no lower bound",
    ),
    "window_end": (str, "", "Last day of the timeline window, YYYY-MM-DD; empty: the as-of date"),
    "focus_actor": (str, "", 'Actor id to highlight with its relations, e.g. "kh"; empty: none'),
    "display_tz": (str, "UTC", 'IANA time zone of an extra time column, e.g. "America/New_York"'),
    "title": (str, "U.S. strike kills Kata'ib Hezbollah leader in Iraq", "Title of the brief"),
    "marking": (
        str,
        "UNCLASSIFIED // OPEN SOURCE",
        "Handling marking, printed at the top and bottom of every page",
    ),
}


def _date(name: str, value: str) -> dt.date | None:
    if value == "":
        return None
    try:
        moment, precision = parse_partial(value)
    except ValueError as exc:
        raise ParameterError(name, str(exc)) from None
    if precision != "day":
        raise ParameterError(name, f"{value!r} must be a day, written YYYY-MM-DD")
    return moment.date()


@dataclass(frozen=True)
class Params:
    seeds_dir: Path
    facts_dir: Path
    documents: tuple[str, ...]
    as_of: dt.date | None
    window_start: dt.date | None
    window_end: dt.date | None
    focus_actor: str | None
    display_tz: str
    title: str
    marking: str
    raw: dict = field(default_factory=dict)


def check_params(**given) -> Params:
    """Type- and format-check the parameters (focus_actor is checked once facts are loaded)."""
    unknown = sorted(set(given) - set(PARAMETERS))
    if unknown:
        raise ParameterError(unknown[0], f"unknown parameter; valid: {', '.join(PARAMETERS)}")
    values = {name: given.get(name, default) for name, (_, default, _) in PARAMETERS.items()}
    for name, (kind, _, _) in PARAMETERS.items():
        if not isinstance(values[name], kind):
            raise ParameterError(
                name,
                f"expected {kind.__name__}, got {type(values[name]).__name__} {values[name]!r}",
            )
    if not all(isinstance(d, str) for d in values["documents"]):
        raise ParameterError("documents", "expected a list of document ids (strings)")
    try:
        check_zone(values["display_tz"])
    except ValueError as exc:
        raise ParameterError("display_tz", str(exc)) from None
    for name in ("title", "marking"):
        if not values[name].strip():
            raise ParameterError(name, "must not be empty")
    window_start = _date("window_start", values["window_start"])
    window_end = _date("window_end", values["window_end"])
    if window_start and window_end and window_end < window_start:
        raise ParameterError("window_end", f"{window_end} is before window_start {window_start}")
    return Params(
        seeds_dir=Path(values["seeds_dir"] or config.SEEDS_DIR),
        facts_dir=Path(values["facts_dir"] or config.FACTS_DIR),
        documents=tuple(values["documents"]),
        as_of=_date("as_of", values["as_of"]),
        window_start=window_start,
        window_end=window_end,
        focus_actor=values["focus_actor"] or None,
        display_tz=values["display_tz"],
        title=values["title"],
        marking=values["marking"],
        raw=values,
    )


@dataclass(frozen=True)
class GapRow:
    topic: str
    question: str
    why: str
    origin: str  # "analyst" or "derived"
    refs: str = ""


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

    # ---------------------------------------------------------------- selections
    @property
    def facts(self):
        return self.corpus.facts

    def names(self) -> dict[str, str]:
        return {a.id: a.name for a in self.facts.actors.values()}

    def events_in_window(self) -> list[Event]:
        ids = list(self.timeline["event_id"])
        return sorted((self.facts.event(i) for i in ids), key=lambda e: (sort_key(e.when), e.id))

    def lead_event(self) -> Event | None:
        """The analyst's lead event if in the window, else the latest dated event with deaths,
        else the latest dated foreground event."""
        events = [e for e in self.events_in_window() if not e.background]
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
        for link in lead.links:
            earlier = self.facts.event(link.event)
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
        gaps = [g.topic for g in self.gaps() if g.origin == "analyst"][:3]
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
            GapRow(g.topic, g.question, g.why_it_matters, "analyst", ", ".join(g.about))
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
                    + "; ".join(f"{e.when.expression or e.id} ({e.id})" for e in year_inferred)
                    + ".",
                    "Each year is taken from the publication date; if that date is wrong, "
                    "so is every date here.",
                    "derived",
                    ", ".join(e.id for e in year_inferred),
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
                    + "; ".join(
                        (getattr(i, "summary", None) or _claim_text(self, i)).rstrip(".")
                        for i in undated
                    )
                    + ".",
                    "Their order relative to other events is only bounded, not known.",
                    "derived",
                    ", ".join(i.id for i in undated),
                )
            )
        no_count = [(e, o) for e in events for o in e.outcomes if o.count.best is None]
        if no_count:
            rows.append(
                GapRow(
                    "missing figures",
                    "No number is given for: "
                    + "; ".join(f'{o.kind} in {e.id} ("{o.wording}")' for e, o in no_count)
                    + ".",
                    "Casualty figures cannot be compared or aggregated without numbers.",
                    "derived",
                    ", ".join(e.id for e, _ in no_count),
                )
            )
        single = len(self.corpus.documents) == 1
        if single:
            rows.append(
                GapRow(
                    "corroboration",
                    "Every fact in this brief comes from a single document; none is corroborated.",
                    "Single-source reporting may repeat one party's account (here mostly U.S. "
                    "official statements).",
                    "derived",
                )
            )
        return rows


def _claim_text(brief: Brief, claim: Claim) -> str:
    return f"{brief.speaker(claim)} {claim.verb} {claim.content}"


def input_digest(corpus: Corpus, params: Params) -> str:
    """sha256 over the input files (by name and bytes), the parameters and the code version."""
    h = hashlib.sha256()
    for path in sorted(corpus.input_files(), key=lambda p: p.name):
        h.update(f"{path.name}\0".encode())
        h.update(path.read_bytes())
        h.update(b"\0")
    effective = {k: v for k, v in params.raw.items() if k not in ("seeds_dir", "facts_dir")}
    h.update(json.dumps(effective, sort_keys=True, ensure_ascii=False).encode())
    h.update(metadata.version("analytic-brief").encode())
    return h.hexdigest()


def build_brief(**parameters) -> Brief:
    """Validate parameters, load the corpus as of the as-of date, and build every table."""
    params = check_params(**parameters)
    docs = load_documents(params.seeds_dir, params.documents)
    newest = max(d.meta.published_date for d in docs.values())
    as_of = params.as_of or newest
    selected = [d for d, doc in docs.items() if doc.meta.published_date <= as_of]
    if not selected:
        earliest = min(d.meta.published_date for d in docs.values())
        raise ParameterError(
            "as_of", f"no document was published on or before {as_of}; the earliest is {earliest}"
        )
    corpus = load_corpus(params.seeds_dir, params.facts_dir, selected)
    if params.focus_actor and params.focus_actor not in corpus.facts.actors:
        choices = ", ".join(
            f"{a.id} ({a.name})" for a in sorted(corpus.facts.actors.values(), key=lambda a: a.id)
        )
        raise ParameterError(
            "focus_actor", f"unknown actor {params.focus_actor!r}; valid: {choices}"
        )
    window_end = params.window_end or as_of
    window = (params.window_start, window_end)
    # Events that start after the as-of date are not known yet.
    kept = [e for e in corpus.facts.events if in_window(e.when, None, as_of)]
    corpus.facts.events[:] = kept
    timeline = build_timeline(
        corpus,
        window_start=window[0],
        window_end=window[1],
        focus_actor=params.focus_actor,
        display_tz=params.display_tz,
    )
    return Brief(
        params=params,
        corpus=corpus,
        as_of=as_of,
        window=window,
        timeline=timeline,
        actors=build_actor_table(corpus, params.focus_actor),
        relations=build_relation_table(corpus, params.focus_actor),
        digest=input_digest(corpus, params),
    )


def parameter_help() -> str:
    return "\n".join(
        f"  {n} ({t.__name__}, default {d!r}): {h}" for n, (t, d, h) in PARAMETERS.items()
    )
