"""The full facts and fusion as one JSON document, with a versioned JSON Schema.

The schema (``data/brief-export.v1.schema.json``, shipped with the package and written beside every
export) is generated from the pydantic models below, which reuse the facts schema's own models
(:mod:`helpers.facts.schema`): a change to either shows as a changed schema file in review
(``tests/test_export.py`` compares the shipped file with the models). ``EXPORT_VERSION`` rises
whenever a field is removed or changes meaning."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from ..brief.build import Brief
from ..facts.schema import (
    SCHEMA_VERSION,
    Actor,
    Claim,
    Count,
    Document,
    Event,
    Gap,
    Judgment,
    Relation,
    Span,
)
from . import common
from .tables import sha256

EXPORT_VERSION = 1
SCHEMA_NAME = f"brief-export.v{EXPORT_VERSION}.schema.json"
SCHEMA_PATH = Path(__file__).resolve().parent / "data" / SCHEMA_NAME
SCHEMA_ID = f"https://analytic-brief.invalid/schema/{SCHEMA_NAME}"


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class SourceEntry(_Out):
    """A source document: its sidecar as given, and what identifies its text."""

    meta: Document
    sha256: str = Field(description="sha256 of the document's text (UTF-8)")
    characters: int = Field(description="length of the text in characters: span offsets index it")
    review_status: str | None = Field(
        description="analyst-reviewed or machine-extracted: who wrote the document's facts"
    )


class FigureOut(_Out):
    doc: str = Field(description="the document reporting the figure")
    kind: str = Field(description="the outcome: killed, injured ...")
    count: Count
    wording: str = Field(description="the source's exact words")


class ValueOut(_Out):
    doc: str
    value: str = Field(description="the document's value, as the brief shows it")


class DisagreementOut(_Out):
    event: str
    field: str = Field(description="an outcome kind (killed, injured), date, or attribution")
    values: list[ValueOut]


class ActorMergeOut(_Out):
    kept: str
    merged: str
    evidence: str = Field(description="why: 'same name after normalising', or the source's words")
    span: Span | None


class NearMatchOut(_Out):
    a: str
    b: str
    a_name: str
    b_name: str
    score: float = Field(description="name similarity 0-100; listed for review, never merged")


class FusionOut(_Out):
    """How reports in several documents became one picture (absent for a single document)."""

    sources: dict[str, list[str]] = Field(description="event id -> documents reporting it")
    independent: dict[str, int] = Field(
        description="event id -> independent sources (wire copy republished counts once)"
    )
    members: dict[str, list[str]] = Field(description="event id -> the merged per-document ids")
    figures: dict[str, list[FigureOut]] = Field(description="event id -> every source's figure")
    disagreements: list[DisagreementOut]
    actor_merges: list[ActorMergeOut]
    review: list[NearMatchOut]
    wire: dict[str, str] = Field(description="document id -> its wire group (smallest doc id)")
    rename: dict[str, str] = Field(description="merged actor id -> the actor id kept")


class BriefGap(_Out):
    """A gap as the brief lists it: the analyst's, or derived from the facts."""

    id: str
    origin: Literal["analyst", "derived"]
    topic: str
    question: str
    why_it_matters: str
    about: list[str]


class ReviewEntry(_Out):
    """A machine-extracted fact the brief lists under "Needs review"."""

    type: Literal["event", "claim"]
    id: str
    confidence: float = Field(description="how likely the fact is right, 0-1")
    confidence_basis: str | None = Field(description="the evidence the number comes from")


class Window(_Out):
    start: str | None = Field(description="first day of the brief's timeline, or none")
    end: str = Field(description="last day of the brief's timeline")


class BriefExport(_Out):
    """Everything a brief rests on: sources, facts (after fusion), gaps, fusion."""

    format: Literal["analytic-brief-export"]
    export_version: Literal[1] = Field(description="version of this schema")
    facts_schema_version: Literal[1] = Field(description="version of the facts files' schema")
    inputs_sha256: str = Field(description="sha256 over input files and parameters")
    as_of: str = Field(description="the as-of date: later documents and events are left out")
    window: Window
    window_events: list[str] = Field(description="ids of the events the brief's timeline lists")
    sources: list[SourceEntry]
    actors: list[Actor]
    events: list[Event]
    relations: list[Relation]
    claims: list[Claim]
    judgments: list[Judgment]
    gaps: list[Gap] = Field(description="the analyst's gaps, with their spans")
    brief_gaps: list[BriefGap] = Field(description="every gap the brief lists, derived included")
    fusion: FusionOut | None
    review_below: float = Field(
        description="the brief's threshold: machine facts less likely right are under 'Needs "
        "review', out of its bottom line and key facts"
    )
    needs_review: list[ReviewEntry] = Field(
        description="the window's events and the claims below review_below, least likely first "
        "(each keeps its confidence and basis in events/claims too)"
    )


def json_schema() -> dict:
    """The JSON Schema (draft 2020-12) of :class:`BriefExport`, generated from the models."""
    schema = BriefExport.model_json_schema(mode="serialization")
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        **schema,
    }


def schema_bytes() -> bytes:
    return common.dumps(json_schema())


def _fusion(brief: Brief) -> FusionOut | None:
    f = brief.fusion
    if f is None:
        return None
    return FusionOut(
        sources=f.sources,
        independent=f.independent,
        members=f.members,
        figures={
            e: [FigureOut(doc=x.doc, kind=x.kind, count=x.count, wording=x.wording) for x in xs]
            for e, xs in f.figures.items()
        },
        disagreements=[
            DisagreementOut(
                event=d.event,
                field=d.field,
                values=[ValueOut(doc=doc, value=v) for doc, v in d.values],
            )
            for d in f.disagreements
        ],
        actor_merges=[
            ActorMergeOut(kept=m.kept, merged=m.merged, evidence=m.evidence, span=m.span)
            for m in f.actor_merges
        ],
        review=[
            NearMatchOut(a=n.a, b=n.b, a_name=n.a_name, b_name=n.b_name, score=n.score)
            for n in f.review
        ],
        wire=f.wire,
        rename=f.rename,
    )


def build(brief: Brief) -> BriefExport:
    facts = brief.facts
    start, end = brief.window
    return BriefExport(
        format="analytic-brief-export",
        export_version=EXPORT_VERSION,
        facts_schema_version=SCHEMA_VERSION,
        inputs_sha256=brief.digest,
        as_of=brief.as_of.isoformat(),
        window=Window(start=start.isoformat() if start else None, end=end.isoformat()),
        window_events=[e.id for e in common.window_events(brief)],
        sources=[
            SourceEntry(
                meta=d.meta,
                sha256=sha256(d.text),
                characters=len(d.text),
                review_status=facts.review_status.get(d.id),
            )
            for d in common.documents(brief)
        ],
        actors=common.actors(brief),
        events=list(facts.events),
        relations=list(facts.relations),
        claims=list(facts.claims),
        judgments=list(facts.judgments),
        gaps=list(facts.gaps),
        brief_gaps=[
            BriefGap(
                id=g.id,
                origin=g.origin,
                topic=g.topic,
                question=g.question,
                why_it_matters=g.why,
                about=list(g.about),
            )
            for g in brief.gaps()
        ],  # fmt: skip
        fusion=_fusion(brief),
        review_below=brief.params.review_below,
        needs_review=_needs_review(brief),
    )


def _needs_review(brief: Brief) -> list[ReviewEntry]:
    events, claims = brief.under_review()
    items = [*(("event", e) for e in events), *(("claim", c) for c in claims)]
    return [
        ReviewEntry(type=kind, id=x.id, confidence=x.confidence,
                    confidence_basis=x.confidence_basis)
        for kind, x in sorted(items, key=lambda t: (t[1].confidence, t[1].id))
    ]  # fmt: skip


def render(brief: Brief) -> dict[str, bytes]:
    """``brief.json`` and its schema, ``brief-export.v1.schema.json``."""
    data = build(brief).model_dump(mode="json")
    return {"brief.json": common.dumps(data), SCHEMA_NAME: schema_bytes()}
