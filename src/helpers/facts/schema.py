"""The structured-facts schema: documents, spans, actors, events, relations, claims, judgments, gaps.

Three kinds of statement are kept apart on purpose (ICD 203: keep information apart from claims
and judgments):

* **Event** -- something that happened or is happening, as the source reports it, with a
  ``status`` that keeps the source's hedge (``reported``, ``suspected``, ``alleged`` ...).
* **Claim** -- what a named actor *said* (``CENTCOM stated ...``). A claim is never promoted to a
  fact; ``speaker: null`` marks an assertion the source makes without naming who made it.
* **Judgment** -- an evaluative statement ("marks a significant development") and who holds it.

Apart from all three, a facts file may carry the analyst's own **key judgments**
(:class:`KeyJudgment`, ICD 203): a likelihood from the estimative scale, a confidence level and
the ids of the events, claims and gaps each rests on. They cite no span: they are not the source's.

Every item cites at least one :class:`Span` (document id + character offsets + the quoted text);
:mod:`helpers.facts.loading` verifies each quote against the document.

Times are local wall-clock values with an IANA zone and an explicit precision; nothing is rounded
or guessed: what is inferred is listed in ``inferred`` with a ``basis``.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Annotated, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    field_validator,
    model_validator,
)

SCHEMA_VERSION = 1

ID_PATTERN = r"^[a-z0-9][a-z0-9._-]*$"
Id = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=80)]
NonEmpty = Annotated[str, StringConstraints(min_length=1)]

Precision = Literal["minute", "day", "month", "year", "period", "unknown"]
Status = Literal["reported", "claimed", "suspected", "alleged", "denied"]
#: A probability that a machine-extracted fact is right, 0..1 (curated facts carry none: 1).
Confidence = Annotated[float, Field(ge=0.0, le=1.0)]

ActorKind = Literal[
    "state",
    "government",
    "military",
    "military command",
    "armed group",
    "person",
    "collective",
    "international coalition",
    "organisation",
    "site",  # a place or thing an act hit that names no actor ("the Iranian consulate")
]
RelationPredicate = Literal[
    "backs",
    "designates",
    "attributes-attack-to",
    "member-of",
    "part-of",
    "supports",
    "commands",
    "opposes",
    "operates-in",
    "negotiates-with",
]
OutcomeKind = Literal["killed", "injured", "damage", "none reported", "other"]
InferredPart = Literal["year", "month", "day", "time", "start", "end", "zone"]

#: How each precision is written in ``When.start`` / ``When.end`` (local wall-clock time).
_VALUE_FORMATS = {
    "minute": (
        re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$"),
        "%Y-%m-%dT%H:%M",
        "YYYY-MM-DDTHH:MM",
    ),
    "day": (re.compile(r"^\d{4}-\d{2}-\d{2}$"), "%Y-%m-%d", "YYYY-MM-DD"),
    "month": (re.compile(r"^\d{4}-\d{2}$"), "%Y-%m", "YYYY-MM"),
    "year": (re.compile(r"^\d{4}$"), "%Y", "YYYY"),
}


@functools.lru_cache(maxsize=1 << 16)  # pure, and the same few thousand dates recur at scale
def parse_partial(value: str) -> tuple[dt.datetime, str]:
    """Parse a local ISO value of any supported precision; return (datetime, precision).

    Raises ``ValueError`` with a readable message for impossible dates such as ``2024-02-30``.
    """
    for precision, (pattern, fmt, _) in _VALUE_FORMATS.items():
        if pattern.match(value):
            try:
                return dt.datetime.strptime(value, fmt), precision
            except ValueError as exc:
                raise ValueError(f"{value!r} is not a real {precision} value ({exc})") from None
    shapes = ", ".join(shape for *_, shape in _VALUE_FORMATS.values())
    raise ValueError(f"{value!r} is not a date/time value; expected one of {shapes}")


#: The first and last day a date may name: publication dates, event and claim times and the
#: brief's date parameters. The brief computes the day before and after a date, its week, the
#: end of its month or year and its time-zone shift, none of which exist at the very ends of
#: the calendar (year 1, year 9999); one year of margin on each side keeps them all real dates.
FIRST_DAY = dt.date(2, 1, 1)
LAST_DAY = dt.date(9998, 12, 31)


def date_out_of_range(value: str) -> str | None:
    """Why the date/time value ``value`` (of any precision, well formed: see
    :func:`parse_partial`) starts outside ``FIRST_DAY``..``LAST_DAY``, or None."""
    if FIRST_DAY <= parse_partial(value)[0].date() <= LAST_DAY:
        return None
    return (
        f"{value!r} is out of range: dates must lie between {FIRST_DAY.isoformat()} and "
        f"{LAST_DAY.isoformat()}"
    )


def value_end(value: str) -> dt.datetime:
    """The exclusive local end of a value of any precision (2024-02 -> 2024-03-01T00:00)."""
    moment, precision = parse_partial(value)
    if precision == "minute":
        return moment + dt.timedelta(minutes=1)
    if precision == "day":
        return moment + dt.timedelta(days=1)
    if precision == "month":
        return (moment.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return moment.replace(year=moment.year + 1)


class FieldError(ValueError):
    """A model-level check that concerns one field: the loader reports it at that field
    (``events[1].when.start``) and its line instead of at the enclosing mapping."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field


def check_zone(name: str) -> str:
    """Return ``name`` if it is an IANA time zone known to this machine, else raise ValueError."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError, OSError):  # OSError: "America" is a directory
        hint = ""
        zones = available_timezones()
        lowered = name.lower().replace(" ", "_")
        near = sorted(z for z in zones if lowered in z.lower())[:5]
        if not near:  # "Baghdad/Time": a part of the name that is a part of a zone's name
            parts = set(re.split(r"[/\s]+", name.lower()))
            near = sorted(z for z in zones if parts & set(z.lower().split("/")))[:5]
        if near:
            hint = f"; did you mean {', '.join(near)}?"
        raise ValueError(
            f"unknown time zone {name!r} (use an IANA name such as Asia/Baghdad){hint}"
        ) from None
    return name


class Model(BaseModel):
    """Base: unknown fields are errors, values are not coerced across types."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class Span(Model):
    """An exact stretch of a document: ``text[start:end] == quote`` is verified on load."""

    doc: Id
    start: int = Field(ge=0)
    end: int = Field(gt=0)
    quote: NonEmpty

    @model_validator(mode="after")
    def _ordered(self) -> Span:
        if self.end <= self.start:
            raise ValueError(f"span end {self.end} must be after start {self.start}")
        if self.end - self.start != len(self.quote):
            raise ValueError(
                f"span {self.start}-{self.end} is {self.end - self.start} characters long "
                f"but the quote has {len(self.quote)}"
            )
        return self


#: Longest text a sidecar field the brief prints may hold (a long unbroken run of characters
#: costs the PDF layout time that grows faster than its length: a 100,000-character title took
#: minutes, 2,000 characters cost about a second). Generous for real titles and outlets (the
#: longest of the real-news sample is 138 characters), and room for tests that put every
#: injection payload into one field. Document text is not bounded: it is the source's.
MAX_TITLE = 1000
MAX_PUBLISHER = 1000
MAX_NOTE = 2000


def at_most(limit: int, value: str | None, shown: str) -> str | None:
    """``value`` if it holds at most ``limit`` characters, else a ValueError naming its length
    (``shown``: where the brief prints it)."""
    if value is not None and len(value) > limit:
        raise ValueError(
            f"at most {limit:,} characters (the brief prints it {shown}), got {len(value):,}"
        )
    return value


class Assumption(Model):
    field: NonEmpty
    note: NonEmpty

    @field_validator("field", "note")
    @classmethod
    def _short(cls, value: str) -> str:
        return at_most(MAX_NOTE, value, "in its sources table")


class SourceGrading(Model):
    """Admiralty/NATO grading: reliability of the source and credibility of the information."""

    reliability: Literal["A", "B", "C", "D", "E", "F"]
    credibility: Literal[1, 2, 3, 4, 5, 6]
    note: NonEmpty

    @field_validator("note")
    @classmethod
    def _short(cls, value: str) -> str:
        return at_most(MAX_NOTE, value, "in its sources table")


class Original(Model):
    """The bytes a document's text was extracted from, kept beside it by ``brief add``."""

    file: NonEmpty = Field(description="the file beside the text, e.g. <id>.html or <id>.pdf")
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
    media_type: NonEmpty = Field(description="e.g. text/html, application/pdf, text/plain")
    source: str | None = Field(None, description="the URL or file name it was added from")
    extractor: str | None = Field(None, description="what extracted the text, with its version")


class Document(Model):
    """A seed document's metadata (the sidecar ``<id>.meta.yaml``)."""

    id: Id = Field(description="the document id, the text file's name without .txt")
    title: NonEmpty = Field(description="the document's headline")
    title_supplied_by_analyst: bool = False
    publisher: str | None = None
    author: str | None = None
    url: str | None = None
    # the document creation time (DCT): YYYY-MM-DD, or with a time of day
    published: str = Field(description="the publication date, YYYY-MM-DD")
    timezone: str = Field(description="the outlet's IANA time zone, e.g. UTC or Asia/Baghdad")
    language: NonEmpty = Field(description="the language code, e.g. en")
    sha256: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")] | None = None
    grading: SourceGrading | None = None
    assumptions: list[Assumption] = []
    original: Original | None = None  # brief add: the raw page or PDF the text came from

    @field_validator("published")
    @classmethod
    def _published(cls, value: str) -> str:
        _, precision = parse_partial(value)
        if precision not in ("day", "minute"):
            raise ValueError(f"publication date {value!r} must give at least the day (YYYY-MM-DD)")
        return value

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str) -> str:
        return check_zone(value)

    @field_validator("title")
    @classmethod
    def _short_title(cls, value: str) -> str:
        return at_most(MAX_TITLE, value, "in its sources and title block")

    @field_validator("publisher")
    @classmethod
    def _short_publisher(cls, value: str | None) -> str | None:
        return at_most(MAX_PUBLISHER, value, "beside every source")

    @property
    def published_date(self) -> dt.date:
        return parse_partial(self.published)[0].date()

    def assumed(self, field: str) -> Assumption | None:
        return next((a for a in self.assumptions if a.field == field), None)


class When(Model):
    """A time with its precision: a point (minute/day/month/year), a period, or unknown.

    ``start``/``end`` are local wall-clock values in ``tz`` (an IANA zone). A period whose start
    the source does not give has ``start: null``; "ongoing" is an ``end`` at the publication date
    marked inferred. ``expression`` is the source's own wording and must occur in a cited span.
    """

    precision: Precision
    start: str | None = None
    end: str | None = None
    tz: str | None = None
    expression: str | None = None
    inferred: list[InferredPart] = []
    basis: str | None = None
    ongoing: bool = False

    @field_validator("tz")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        return None if value is None else check_zone(value)

    @model_validator(mode="after")
    def _consistent(self) -> When:
        p = self.precision
        for name in ("start", "end"):
            value = getattr(self, name)
            if value is None:
                continue
            try:
                _, got = parse_partial(value)
            except ValueError as exc:
                raise FieldError(name, str(exc)) from None
            if p not in ("period", "unknown") and got != p:
                raise FieldError(name, f"{value!r} is a {got} value but precision is {p!r}")
            out_of_range = date_out_of_range(value)
            if out_of_range:
                raise FieldError(name, out_of_range)
        if p not in ("period", "unknown") and self.end is not None:
            raise FieldError(
                "end", f"precision {p!r} takes no end; a stretch of time is a 'period'"
            )
        if p == "unknown":
            if self.start or self.end:
                raise FieldError(
                    "start" if self.start else "end", "precision 'unknown' takes no start or end"
                )
        elif p == "period":
            if not (self.start or self.end):
                raise ValueError("a period needs a start, an end, or both")
        elif self.start is None:
            raise FieldError("start", f"precision {p!r} needs a start value")
        if p == "minute" and self.tz is None:
            raise FieldError("tz", "a time of day needs its zone (tz), e.g. Asia/Baghdad")
        if self.start and self.end and self.end_bound() < self.start_bound():
            raise FieldError("end", f"end {self.end!r} is before start {self.start!r}")
        if self.inferred and not self.basis:
            raise FieldError(
                "inferred", "inferred parts need a basis saying how they were inferred"
            )
        return self

    # Bounds as naive local datetimes: a value covers [start_bound, end_bound).
    def start_bound(self) -> dt.datetime | None:
        value = self.start or self.end
        return None if value is None else parse_partial(value)[0]

    def end_bound(self) -> dt.datetime | None:
        value = self.end or self.start
        return None if value is None else value_end(value)


class Location(Model):
    name: NonEmpty
    countries: list[NonEmpty] = []
    precision: Literal["site", "town", "region", "country", "multi-country", "area"]
    expression: NonEmpty  # the source's wording, must occur in a cited span


class Count(Model):
    """A figure as UCDP keeps it: low / best / high; ``None`` where the source gives no number."""

    low: int | None = Field(default=None, ge=0)
    best: int | None = Field(default=None, ge=0)
    high: int | None = Field(default=None, ge=0)

    @model_validator(mode="after")
    def _ordered(self) -> Count:
        values = [v for v in (self.low, self.best, self.high) if v is not None]
        if values != sorted(values):
            raise ValueError(f"count must satisfy low <= best <= high, got {values}")
        return self


class Outcome(Model):
    kind: OutcomeKind
    count: Count = Count()
    victims: list[Id] = []
    wording: NonEmpty  # the exact words of the source, must occur in a cited span


ReviewVerdict = Literal["accepted", "corrected", "unreviewed"]


class Review(Model):
    """How an item that started as a machine-extracted fact was reviewed (``brief review``):
    accepted or corrected by ``by``, or carried still ``unreviewed`` beside reviewed ones (it then
    keeps its own ``confidence``). ``machine_key`` identifies the machine fact (its kind of fact
    and the words it was read from, :func:`helpers.review.machine_key`), so a later extraction
    of the same reading is known as reviewed."""

    verdict: ReviewVerdict
    by: NonEmpty | None = None
    machine_confidence: Confidence | None = None  # what the extractor gave it
    machine_key: Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{16}$")]
    corrected: list[NonEmpty] = []  # the fields the analyst changed

    @model_validator(mode="after")
    def _who(self) -> Review:
        if (self.verdict == "unreviewed") != (self.by is None):
            raise FieldError(
                "by",
                "an accepted or corrected fact names who reviewed it (by); an unreviewed one no one",
            )
        if self.corrected and self.verdict != "corrected":
            raise FieldError("corrected", f"a fact {self.verdict} has no corrected fields")
        return self


class EventLink(Model):
    event: Id
    link: Literal["follows", "responds-to", "part-of"]
    spans: list[Span] = Field(min_length=1)


class Event(Model):
    id: Id
    kind: NonEmpty  # strike, attack, announcement, statement, talks, campaign, armed conflict ...
    summary: NonEmpty  # the analyst's neutral one-line summary of what the source says
    when: When
    location: Location | None = None
    initiators: list[Id] = []
    targets: list[Id] = []
    outcomes: list[Outcome] = []
    status: Status
    asserted_by: list[Id] = []  # empty: the document reports it in its own voice
    hedge: str | None = None  # the source's hedging words ("suspected"), must occur in a span
    lead: bool = False  # the analyst's pick for the bottom line
    background: bool = False  # context, not part of the reported sequence of events
    links: list[EventLink] = []
    spans: list[Span] = Field(min_length=1)
    #: machine-extracted facts only: how likely the fact is right (see helpers.extract.confidence)
    confidence: Confidence | None = None
    confidence_basis: NonEmpty | None = None  # the evidence the number comes from, in words
    review: Review | None = None  # a reviewed machine fact: who, and what it started as


class Relation(Model):
    id: Id
    subject: Id
    predicate: RelationPredicate
    object: Id
    status: Status = "reported"
    qualifier: str | None = None  # e.g. "for the 28 January attack"
    event: Id | None = None  # the event the relation is about, if any
    spans: list[Span] = Field(min_length=1)
    confidence: Confidence | None = None  # machine-extracted only (see Event.confidence)
    confidence_basis: NonEmpty | None = None
    review: Review | None = None  # see Event.review


class Claim(Model):
    id: Id
    speaker: Id | None  # None: the source asserts it without naming who said it
    verb: NonEmpty  # the source's attribution verb: stated, confirmed, announced, vowed ...
    content: NonEmpty  # what was said, worded to follow "<speaker> <verb>" ("that there were ...")
    when: When
    about: list[Id] = []  # event ids the claim is about
    spans: list[Span] = Field(min_length=1)
    confidence: Confidence | None = None  # machine-extracted only (see Event.confidence)
    confidence_basis: NonEmpty | None = None
    review: Review | None = None  # see Event.review


class Judgment(Model):
    id: Id
    holder: Id | None  # None: the document's own (author's) judgment
    content: NonEmpty
    spans: list[Span] = Field(min_length=1)


#: The ICD 203 estimative scale, least to most likely: each term with the band of probability
#: it stands for (helpers.facts.estimative_rules holds the words that express each level).
LIKELIHOODS = (
    ("almost no chance", "01–05%"),
    ("very unlikely", "05–20%"),
    ("unlikely", "20–45%"),
    ("roughly even chance", "45–55%"),
    ("likely", "55–80%"),
    ("very likely", "80–95%"),
    ("almost certain", "95–99%"),
)
Likelihood = Literal[
    "almost no chance",
    "very unlikely",
    "unlikely",
    "roughly even chance",
    "likely",
    "very likely",
    "almost certain",
]
#: The analyst's confidence in a judgment: the quality and quantity of the evidence it rests on.
ConfidenceLevel = Literal["low", "moderate", "high"]


class Outlook(Model):
    """What the analyst expects next, over what ``horizon``, and the ``indicators`` that would
    change the judgment (each a sign to watch for, in the analyst's words)."""

    text: NonEmpty | None = None
    horizon: NonEmpty | None = None
    indicators: list[NonEmpty] = []

    @model_validator(mode="after")
    def _something(self) -> Outlook:
        if self.text is None and not self.indicators:
            raise ValueError("an outlook needs a text, indicators, or both")
        return self


class KeyJudgment(Model):
    """An analyst's key judgment (ICD 203): the analyst's own words, never a source's and never
    generated, with a likelihood from the estimative scale (or none, for a judgment that is not a
    probability), the analyst's confidence, and the ids of the events, claims and gaps it rests
    on. Not to be confused with :class:`Judgment`, a judgment a source holds."""

    id: Id
    statement: NonEmpty = Field(description="the judgment, in the analyst's words")
    likelihood: Likelihood | None = None
    confidence: ConfidenceLevel = Field(description="the analyst's confidence: low, moderate, high")
    basis: list[Id] = Field(
        description="the ids of the events, claims and gaps the judgment rests on (at least one)"
    )
    outlook: Outlook | None = None

    @field_validator("likelihood", mode="before")
    @classmethod
    def _adverb(cls, value: object) -> object:
        if value == "none":  # written out, as the scale's "or none"
            return None
        return "almost certain" if value == "almost certainly" else value  # either form of it

    @field_validator("basis")
    @classmethod
    def _based(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError(
                "a key judgment needs a basis: the ids of the events, claims and gaps it rests on"
            )
        return value


class Gap(Model):
    id: Id
    topic: NonEmpty  # a short noun phrase for the bottom line ("identity of the person killed")
    question: NonEmpty  # what the sources leave open
    why_it_matters: NonEmpty
    about: list[Id] = []  # ids of events/actors/claims the gap concerns
    spans: list[Span] = []


class Actor(Model):
    id: Id
    name: NonEmpty
    aliases: list[
        NonEmpty
    ] = []  # exact surface forms found in the sources (used to count mentions)
    kind: ActorKind
    country: str | None = None
    named: bool = True  # False for people and groups the sources describe but do not name
    description: str | None = None
    spans: list[Span] = Field(min_length=1)
    review: Review | None = None  # see Event.review


class FactsFile(Model):
    """One ``*.facts.yaml`` file."""

    schema_version: Literal[1]
    reviewed_by: NonEmpty
    review_status: Literal["analyst-reviewed", "machine-extracted"]
    documents: list[Id] = Field(min_length=1)
    actors: list[Actor] = []
    events: list[Event] = []
    relations: list[Relation] = []
    claims: list[Claim] = []
    judgments: list[Judgment] = []
    gaps: list[Gap] = []
    key_judgments: list[KeyJudgment] = []

    @model_validator(mode="after")
    def _analysts_only(self) -> FactsFile:
        if self.key_judgments and self.review_status == "machine-extracted":
            raise FieldError(
                "key_judgments",
                "key judgments are the analyst's own: a machine-extracted facts file carries none "
                "(write them in an analyst-reviewed file)",
            )
        return self
