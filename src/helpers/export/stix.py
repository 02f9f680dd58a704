"""A STIX 2.1 bundle (OASIS ``stix2`` library), built from the facts without adding any:

- each actor: a ``threat-actor`` (armed groups) or an ``identity`` (people: individual;
  collectives: group; states, governments, forces, coalitions, bodies: organization);
- each event: an ``incident`` (name: its kind and date; description: the analyst's summary and
  its status), with ``attributed-to`` relationships to its initiators and ``targets`` to its
  targets (the relationship's description keeps the status: "suspected", "claimed" ...);
- each relation: a ``relationship`` with the facts' predicate as its type;
- each source document: a ``report`` (its title, publication date, the sha256 of its text) whose
  ``object_refs`` are every object it supports;
- each quote: a ``note`` whose content is the source's exact words, with the document and
  offsets; claims and judgments are notes too (labels ``claim`` / ``judgment``, their speaker or
  holder as author), never facts.

Ids are UUIDv5 of the fact ids; ``created`` and ``modified`` are the brief's as-of date."""

from __future__ import annotations

import datetime as dt
import json
from zoneinfo import ZoneInfo

import stix2

from ..brief.build import Brief
from ..facts.schema import Actor, Event, Span, parse_partial
from ..facts.times import describe_when
from . import common
from .tables import sha256

IDENTITY_CLASS = {"person": "individual", "collective": "group", "site": "unknown"}
TOOL = "analytic-brief"


def machine(brief: Brief, item) -> dict:
    """STIX's own ``confidence`` (0-100) for a machine-extracted fact, the label
    ``needs-review`` below the brief's ``review_below``; nothing for an analyst's fact."""
    if getattr(item, "confidence", None) is None:
        return {}
    review = ["needs-review"] if common.needs_review(brief, item) else []
    return {"confidence": round(item.confidence * 100), "labels": ["machine-extracted", *review]}


def sid(kind: str, *parts: str) -> str:
    return f"{kind}--{common.stable_uuid(kind, *parts)}"


class Builder:
    def __init__(self, brief: Brief):
        self.brief = brief
        self.stamp = common.timestamp(brief)
        self.objects: list = []
        self.by_doc: dict[str, list[str]] = {d: [] for d in brief.corpus.documents}
        self.actor_ids: dict[str, str] = {}
        self.author = sid("identity", "toolkit", TOOL)

    def add(self, obj, docs: list[str]) -> str:
        self.objects.append(obj)
        for doc in dict.fromkeys(docs):
            self.by_doc.setdefault(doc, []).append(obj.id)
        return obj.id

    def common(self) -> dict:
        return {"created": self.stamp, "modified": self.stamp, "created_by_ref": self.author}

    def doc_ref(self, span: Span) -> dict:
        meta = self.brief.corpus.documents[span.doc].meta
        ref = {
            "source_name": meta.publisher or span.doc,
            "description": f"{span.doc} characters {span.start}-{span.end}",
        }
        if meta.url:
            ref["url"] = meta.url
        return ref

    # ------------------------------------------------------------------ objects
    def actor(self, actor: Actor) -> None:
        docs = [s.doc for s in actor.spans]
        fields = {"name": actor.name, "description": actor.description, **self.common()}
        fields = {k: v for k, v in fields.items() if v is not None}
        if actor.kind == "armed group":
            aliases = [a for a in actor.aliases if a != actor.name]
            obj = stix2.v21.ThreatActor(
                id=sid("threat-actor", actor.id), aliases=aliases or None, **fields
            )
        else:
            obj = stix2.v21.Identity(
                id=sid("identity", actor.id),
                identity_class=IDENTITY_CLASS.get(actor.kind, "organization"),
                **fields,
            )
        self.actor_ids[actor.id] = self.add(obj, docs)
        self.quotes(obj.id, actor.spans)

    def event(self, event: Event) -> None:
        docs = [s.doc for s in event.spans]
        description = f"{event.summary} ({describe_when(event.when)}; status: {event.status})"
        extra = machine(self.brief, event)
        if extra:
            description += ". " + common.sentence(common.confidence_text(self.brief, event))
        obj = stix2.v21.Incident(
            id=sid("incident", event.id),
            name=f"{event.kind} ({event.id})",
            description=description,
            labels=[event.kind, event.status, *extra.pop("labels", [])],
            **extra,
            **self.common(),
        )
        self.add(obj, docs)
        for role, kind, actors in (
            ("initiator", "attributed-to", event.initiators),
            ("target", "targets", event.targets),
        ):
            for actor_id in (a for a in actors if a in self.actor_ids):
                self.relationship(
                    f"{event.id}:{role}:{actor_id}", obj.id, kind, self.actor_ids[actor_id],
                    f"{role} of the event, as the source reports it ({event.status})", docs,
                )  # fmt: skip
        self.quotes(obj.id, event.spans)

    def relationship(self, key: str, source: str, kind: str, target: str, text: str, docs,
                     extra: dict | None = None):  # fmt: skip
        obj = stix2.v21.Relationship(
            id=sid("relationship", key),
            source_ref=source,
            relationship_type=kind,
            target_ref=target,
            description=text,
            **(extra or {}),
            **self.common(),
        )
        return self.add(obj, docs)

    def relations(self) -> None:
        for r in self.brief.facts.relations:
            text = f"{r.predicate} ({r.status})" + (f": {r.qualifier}" if r.qualifier else "")
            if r.subject not in self.actor_ids or r.object not in self.actor_ids:
                continue
            if r.confidence is not None:
                text += f"; {common.confidence_text(self.brief, r)}"
            rid = self.relationship(
                r.id, self.actor_ids[r.subject], r.predicate, self.actor_ids[r.object], text,
                [s.doc for s in r.spans], machine(self.brief, r),
            )  # fmt: skip
            self.quotes(rid, r.spans)

    def quotes(self, ref: str, spans: list[Span], key: str = "") -> None:
        for span in spans:
            note = stix2.v21.Note(
                id=sid("note", ref, key, span.doc, str(span.start), str(span.end)),
                abstract="The source's words",
                content=span.quote,
                object_refs=[ref],
                external_references=[self.doc_ref(span)],
                labels=["quote"],
                **self.common(),
            )
            self.add(note, [span.doc])

    def said(self, item, label: str, who: str | None, text: str, about: list[str]) -> None:
        refs = [sid("incident", e) for e in about] or (
            [self.actor_ids[who]] if who in self.actor_ids else []
        )
        refs = refs or [sid("report", item.spans[0].doc)]
        author = common.name_of(self.brief, who) or "the source (unattributed)"
        extra = machine(self.brief, item)
        if extra:
            text += "\n\n" + common.sentence(common.confidence_text(self.brief, item))
        note = stix2.v21.Note(
            id=sid("note", label, item.id),
            abstract=f"{label.capitalize()} by {author}",
            content=f"{text}\n\nThe source's words: {item.spans[0].quote}",
            authors=[author],
            object_refs=refs,
            external_references=[self.doc_ref(s) for s in item.spans],
            labels=[label, *extra.pop("labels", [])],
            **extra,
            **self.common(),
        )
        self.add(note, [s.doc for s in item.spans])

    def reports(self) -> None:
        for doc in common.documents(self.brief):
            meta = doc.meta
            moment, _ = parse_partial(meta.published)
            published = moment.replace(tzinfo=ZoneInfo(meta.timezone)).astimezone(dt.UTC)
            ref = {
                "source_name": meta.publisher or meta.id,
                "external_id": meta.id,
                "description": "the document's text (sha256 of its UTF-8 bytes)",
                "hashes": {"SHA-256": sha256(doc.text)},
            }
            if meta.url:
                ref["url"] = meta.url
            refs = self.by_doc.get(meta.id) or [self.author]
            self.objects.append(
                stix2.v21.Report(
                    id=sid("report", meta.id),
                    name=meta.title,
                    published=published,
                    object_refs=refs,
                    external_references=[ref],
                    **self.common(),
                )
            )

    def build(self) -> stix2.v21.Bundle:
        self.objects.append(
            stix2.v21.Identity(
                id=self.author, name=TOOL, identity_class="system",
                description="the toolkit that exported these facts",
                created=self.stamp, modified=self.stamp,
            )
        )  # fmt: skip
        for actor in common.actors(self.brief):
            self.actor(actor)
        for event in common.window_events(self.brief):
            self.event(event)
        self.relations()
        listed = {e.id for e in common.window_events(self.brief)}
        for c in self.brief.facts.claims:
            text = f"{self.brief.speaker(c)} {c.verb} {c.content}"
            self.said(c, "claim", c.speaker, text, [e for e in c.about if e in listed])
        for j in self.brief.facts.judgments:
            self.said(j, "judgment", j.holder, j.content, [])
        self.reports()
        return stix2.v21.Bundle(
            id=sid("bundle", self.brief.digest), objects=self.objects, allow_custom=False
        )


def render(brief: Brief) -> dict[str, bytes]:
    bundle = Builder(brief).build()
    return {"brief.stix.json": common.dumps(json.loads(bundle.serialize()))}
