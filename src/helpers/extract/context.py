"""What the extraction layers share, passed explicitly: the document being read
(:class:`DocState`: its text maps, the gazetteer, the facts found so far, the id counters) and the
sentence being read (:class:`Sentence`), with the actor mentions (:class:`Mention`) in both."""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass, field

from ..facts.gazetteer import Gazetteer
from ..facts.loading import SourceDoc
from ..facts.places import countries_named, lookup
from ..facts.schema import Actor, Claim, Event, Relation, Span
from .normalize import Normalized
from .temporal import Timex
from .text_rules import DATELINE, DATELINE_CITY

#: How many earlier events a back-reference or a claim may point to.
RECENT = 40
#: What an item id keeps: runs of anything else become one hyphen.
_ID_BREAK = re.compile(r"[^a-z0-9._]+")


def span_key(span: Span) -> tuple[str, int, int, str]:
    """A span as a tuple of its fields: equal exactly when the spans are (pydantic's equality
    compares the same four fields, at many times the cost)."""
    return (span.doc, span.start, span.end, span.quote)


def has_span(spans: list[Span], span: Span) -> bool:
    """``span in spans``, compared as tuples (:func:`span_key`)."""
    key = span_key(span)
    return any(span_key(s) == key for s in spans)


@dataclass
class Mention:
    start: int  # normalised offsets
    end: int
    actor: str  # actor id (resolved or "unresolved-...")


@dataclass
class DocState:
    """One document being read: the facts the layers have found so far, and how to quote it."""

    doc: SourceDoc
    norm: Normalized
    gaz: Gazetteer
    actors: dict[str, Actor] = field(default_factory=dict)
    actor_surfaces: dict[str, set[str]] = field(default_factory=dict)
    actor_spans: dict[str, list[Span]] = field(default_factory=dict)
    events: list[Event] = field(default_factory=list)
    relations: list[Relation] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    counters: dict[str, int] = field(default_factory=dict)
    triples: set[tuple[str, str, str]] = field(default_factory=set)
    claim_verb: tuple[int, int] | None = None  # the speech verb of the sentence's claim
    unit_of: dict[int, str] = field(default_factory=dict)  # "its elite X Force": its owner
    #: each sentence read, by its span's (start, end): where it starts in the read text, and it
    sentences: dict[tuple[int, int], tuple[int, str]] = field(default_factory=dict)

    @functools.cached_property
    def countries(self) -> frozenset[str]:
        """The countries the document names (which Solhan, which Moscow)."""
        return countries_named(self.doc.text)

    @functools.cached_property
    def dateline_zone(self) -> tuple[str, str] | None:
        """The dateline's first city and its zone ("BEIRUT/DAMASCUS, Nov 30 -": Beirut), if
        the place index knows the city and the story names its country; else None."""
        line = DATELINE.search(self.norm.text, 0, 600)
        if line is None:
            return None
        city = DATELINE_CITY.match(line.group(0))
        place = lookup(city.group(0).strip().title(), self.countries) if city else None
        if place is None or place.precision != "town" or not place.zone:
            return None
        if place.country not in self.countries:
            return None  # "WASHINGTON, May 3 -" over a story about elsewhere: not its clock
        return city.group(0).strip(), place.zone

    def span(self, start: int, end: int) -> Span:
        a, b = self.norm.span(start, end)
        return Span(doc=self.doc.id, start=a, end=b, quote=self.doc.text[a:b])

    def quote(self, start: int, end: int) -> str:
        return self.norm.quote(start, end)

    def new_id(self, base: str) -> str:
        base = _ID_BREAK.sub("-", base.lower()).strip("-")[:68] or "item"
        n = self.counters.get(base, 1)
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in self.ids:
            n += 1
            candidate = f"{base}-{n}"
        self.counters[base] = n + 1
        self.ids.add(candidate)
        return candidate


@dataclass
class Sentence:
    """One sentence being read: its text (normalised, captions masked), where it starts in the
    document's normalised text, its evidence span, and the mentions and time expressions in it."""

    text: str
    s0: int
    span: Span
    mentions: list[Mention]
    timexes: list[Timex]
    pub: str  # the publication day

    def relative(self) -> list[tuple[int, int, str]]:
        """The mentions as (start, end, actor) relative to the sentence."""
        return [(m.start - self.s0, m.end - self.s0, m.actor) for m in self.mentions]
