"""FollowTheMoney entities (the ``followthemoney`` library's model, as Aleph and OpenSanctions
use it), one JSON entity per line, built from the facts without adding any:

- each source document: an ``Article`` (a ``Document`` for news text: title, author, outlet,
  publication date, URL, language, the text itself and the SHA-1 of its UTF-8 bytes);
- each actor: a ``Person`` (people), a ``PublicBody`` (states, governments, armed forces and
  commands), an ``Organization`` (armed groups, coalitions, organisations) or a ``LegalEntity``
  (collectives such as "civilians": a party, not an organisation); names, aliases, country;
- each event of the brief's window: an ``Event`` (date down to the source's precision, or
  start and end of a period; place and country; ``organizer`` its initiators, ``involved`` its
  initiators and targets; ``proof`` the documents that report it);
- each relation: a ``Membership`` ("member-of"/"part-of" an organisation), else an
  ``UnknownLink`` whose ``role`` is the facts' predicate;
- each claim and judgment: a ``Note`` on its speaker (or the event it is about), keyword
  ``claim`` / ``judgment``: what was said, never a fact.

The model has no field for a quote or a probability, so every entity's ``notes`` carry the
source's exact words with document id and offsets, and a machine-extracted fact's notes say how
likely it is right, why, and whether it is below the brief's ``review_below`` (``keywords``
``needs review``). Ids are the model's ``make_id`` (SHA-1) of the fact ids: the same on every run;
entities are sorted by id. Values the model cannot hold (a country it does not know, a date before
its range) are left out rather than guessed."""

from __future__ import annotations

import hashlib
import json

from followthemoney import model
from followthemoney.proxy import EntityProxy

from ..brief.build import Brief
from ..facts.schema import Actor, Claim, Event, Judgment, Relation, Span, When
from . import common

FILE_NAME = "brief.ftm.json"
#: The facts' actor kind -> the FollowTheMoney schema it fits.
SCHEMA_OF_KIND = {
    "person": "Person",
    "state": "PublicBody",
    "government": "PublicBody",
    "military": "PublicBody",
    "military command": "PublicBody",
    "armed group": "Organization",
    "international coalition": "Organization",
    "organisation": "Organization",
    "collective": "LegalEntity",
}
#: How many characters of a When's start/end the model's date type holds, by precision.
DATE_CHARS = {"minute": 16, "day": 10, "month": 7, "year": 4}
MEMBERSHIP = ("member-of", "part-of")


def quote_note(span: Span) -> str:
    return f"The source's words ({span.doc}, characters {span.start}-{span.end}): {span.quote}"


def notes_of(entity: EntityProxy) -> str:
    """Where free text about an entity goes: ``notes``, or a link's ``description``."""
    return "notes" if entity.schema.get("notes") else "description"


class Builder:
    def __init__(self, brief: Brief):
        self.brief = brief
        self.entities: dict[str, EntityProxy] = {}
        self.docs: dict[str, EntityProxy] = {}
        self.actors: dict[str, EntityProxy] = {}
        self.events: dict[str, EntityProxy] = {}

    def make(self, schema: str, *key: str) -> EntityProxy:
        entity = model.make_entity(schema)
        entity.make_id("analytic-brief", *key)
        self.entities[entity.id] = entity
        return entity

    def cite(self, entity: EntityProxy, spans: list[Span]) -> None:
        """Quotes into ``notes``; the documents as ``proof`` (where the schema has it) and their
        URLs and outlets."""
        for span in spans:
            entity.add(notes_of(entity), quote_note(span))
        for doc in dict.fromkeys(s.doc for s in spans):
            meta = self.brief.corpus.documents[doc].meta
            if entity.schema.get("proof"):
                entity.add("proof", self.docs[doc])
            entity.add("sourceUrl", meta.url, quiet=True)
            entity.add("publisher", meta.publisher, quiet=True)

    def confidence(self, entity: EntityProxy, item: Event | Claim | Relation) -> None:
        text = common.confidence_text(self.brief, item)
        if text:
            entity.add(notes_of(entity), common.sentence(text))
        if common.needs_review(self.brief, item):
            entity.add("keywords", "needs review")

    # ------------------------------------------------------------------ entities
    def document(self, doc) -> None:
        meta = doc.meta
        entity = self.make("Article", "document", meta.id)
        entity.add("title", meta.title)
        entity.add("author", meta.author, quiet=True)
        entity.add("publisher", meta.publisher, quiet=True)
        entity.add("publishedAt", meta.published, quiet=True)
        entity.add("sourceUrl", meta.url, quiet=True)
        entity.add("language", meta.language, quiet=True)
        entity.add("fileName", f"{meta.id}.txt")
        entity.add("mimeType", "text/plain")
        entity.add("bodyText", doc.text)
        entity.add("contentHash", hashlib.sha1(doc.text.encode("utf-8")).hexdigest())
        entity.add("keywords", meta.id)
        self.docs[meta.id] = entity

    def actor(self, actor: Actor) -> None:
        entity = self.make(SCHEMA_OF_KIND.get(actor.kind, "LegalEntity"), "actor", actor.id)
        entity.add("name", actor.name)
        entity.add("alias", [a for a in actor.aliases if a != actor.name])
        entity.add("country", actor.country, quiet=True, fuzzy=True)
        entity.add("description", actor.description, quiet=True)
        entity.add("keywords", [actor.kind, *([] if actor.named else ["unnamed"])])
        self.cite(entity, actor.spans)
        self.actors[actor.id] = entity

    def event(self, event: Event) -> None:
        entity = self.make("Event", "event", event.id)
        entity.add("name", event.summary)
        entity.add("summary", event.summary)
        entity.add("description", f"{event.kind}; status: {event.status}")
        entity.add("keywords", [event.kind, event.status])
        for prop, value in dates(event.when):
            entity.add(prop, value, quiet=True)
        if event.location:
            entity.add("location", event.location.name)
            entity.add("country", event.location.countries, quiet=True, fuzzy=True)
        entity.add("important", "true" if event.lead else None, quiet=True)
        for actor_id in event.initiators:
            if actor_id in self.actors:
                entity.add("organizer", self.actors[actor_id])
        for actor_id in dict.fromkeys([*event.initiators, *event.targets]):
            if actor_id in self.actors:
                entity.add("involved", self.actors[actor_id])
        self.cite(entity, event.spans)
        self.confidence(entity, event)
        self.events[event.id] = entity

    def relation(self, r: Relation) -> None:
        subject, obj = self.actors.get(r.subject), self.actors.get(r.object)
        if subject is None or obj is None:
            return
        if r.predicate in MEMBERSHIP and obj.schema.is_a("Organization"):
            entity = self.make("Membership", "relation", r.id)
            entity.add("member", subject)
            entity.add("organization", obj)
        else:
            entity = self.make("UnknownLink", "relation", r.id)
            entity.add("subject", subject)
            entity.add("object", obj)
        entity.add("role", r.predicate)
        entity.add("status", r.status)
        entity.add("summary", r.qualifier, quiet=True)
        self.cite(entity, r.spans)
        self.confidence(entity, r)

    def said(self, item: Claim | Judgment, label: str, who: str | None, text: str) -> None:
        entity = self.make("Note", label, item.id)
        author = common.name_of(self.brief, who) or "the source (unattributed)"
        entity.add("name", f"{label.capitalize()} by {author}")
        entity.add("description", text)
        entity.add("keywords", label)
        about = [self.events[e] for e in getattr(item, "about", []) if e in self.events]
        target = self.actors.get(who) if who else None
        for ref in ([target] if target else []) or about[:1]:
            entity.add("entity", ref)
        self.cite(entity, item.spans)
        if isinstance(item, Claim):
            self.confidence(entity, item)

    def build(self) -> list[EntityProxy]:
        for doc in common.documents(self.brief):
            self.document(doc)
        for actor in common.actors(self.brief):
            self.actor(actor)
        for event in common.window_events(self.brief):
            self.event(event)
        for r in sorted(self.brief.facts.relations, key=lambda r: r.id):
            self.relation(r)
        for c in sorted(self.brief.facts.claims, key=lambda c: c.id):
            self.said(c, "claim", c.speaker, f"{self.brief.speaker(c)} {c.verb} {c.content}")
        for j in sorted(self.brief.facts.judgments, key=lambda j: j.id):
            self.said(j, "judgment", j.holder, j.content)
        return [self.entities[k] for k in sorted(self.entities)]


def dates(when: When) -> list[tuple[str, str]]:
    """The model's date properties for a When: ``date`` for a point (cut to its precision),
    ``startDate``/``endDate`` for a period, nothing when the date is unknown."""
    if when.precision in DATE_CHARS:
        return [("date", when.start[: DATE_CHARS[when.precision]])]
    if when.precision == "period":
        return [(p, v) for p, v in (("startDate", when.start), ("endDate", when.end)) if v]
    return []


def render(brief: Brief) -> dict[str, bytes]:
    lines = [
        json.dumps(e.to_dict(), sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        for e in Builder(brief).build()
    ]
    return {FILE_NAME: ("\n".join(lines) + "\n").encode("utf-8")}
