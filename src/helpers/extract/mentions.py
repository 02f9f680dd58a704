"""One event per real event in a document: the extractor's mentions of one event, merged.

A news text names its main event many times: in the headline, in the lede with the toll, again
as "the attack" or "Friday's assault" with the day, and in the quote of an official. The layers
make one event per sentence; this step merges the mentions of one event of one document:

- mentions of one **family** (violence: strike, attack, killing, bombing, raid, clash ...;
  statements only with the same speaker; other kinds by kind) whose **dates agree** (the same
  day, or the same month or year at that precision) and whose **actors and places do not
  conflict** (two non-empty sets of initiators with nothing in common, or two places neither of
  which names or contains the other, keep mentions apart) are one event;
- a mention **without a date of its own** (only bounded by the publication date: a headline,
  "the attack", "the raid") joins the compatible event told nearest before it, else the one
  nearest after it: a definite description refers back;
- background mentions (context, often years earlier) merge only with background mentions, and
  an ongoing campaign ("the United States conducting strikes on ...") never with one act.

The merged event keeps every span, the most precise time, the most specific place, the union
of initiators and targets, per outcome the highest figure (tolls rise as a story is updated;
"at least 84" then "rose to 91"), and the source's own voice if any mention has it. References
from claims, relations, links and gaps to a merged mention follow it to the kept event.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from ..facts.places import distance_km, lookup
from ..facts.schema import Count, Event, FactsFile, Location, Outcome, When
from .text import outcomes

#: Words of a kind that make it an act of violence (one family across wordings).
VIOLENT_WORDS = (
    "strike",
    "attack",
    "kill",
    "bomb",
    "raid",
    "clash",
    "assault",
    "shell",
    "explos",
    "ambush",
    "massacre",
    "shooting",
)
SPEECH_KINDS = frozenset({"statement", "announcement", "claim"})
PRECISION_RANK = {
    "minute": 0,
    "hour": 0,
    "day": 1,
    "month": 2,
    "year": 3,
    "period": 4,
    "unknown": 5,
}
PLACE_RANK = {"site": 0, "town": 1, "region": 2, "area": 2, "country": 3, "multi-country": 4}
STATUS_ORDER = ("reported", "suspected", "alleged", "claimed", "denied")


def family(kind: str) -> str:
    lowered = kind.lower()
    if any(word in lowered for word in VIOLENT_WORDS):
        return "violence"
    return "speech" if lowered in SPEECH_KINDS else lowered


#: Verbs of reporting: a date right after one ("officials said Saturday", "state TV reported on
#: Saturday") or after "as of" dates the report or the count, not the act it tells of.
REPORT_VERBS = (
    "said",
    "says",
    "reported",
    "confirmed",
    "announced",
    "added",
    "stated",
    "told reporters",
    "told the media",
    "admitted",
    "claimed",
)
REPORT_DATE = (
    r"(?:\b(?:{verbs})(?:\s+(?:on|late|early|late on|early on|in the (?:early|late) hours of"
    r"|overnight|on the morning of|on the evening of))?|\bas of)\s+{expr}"
)


def undated(event: Event) -> bool:
    """No date of its own: unknown, a period bounded only by the publication date, or the date
    of the report that tells of the act ("the toll rose to 91, state TV reported Saturday")."""
    when = event.when
    if when.precision == "unknown" or (when.precision == "period" and when.start is None):
        return True
    return bool(when.expression) and any(
        _report_date(when.expression, s.quote) for s in event.spans
    )


#: The verbs of reporting as one alternation, built once.
_REPORT_VERBS = "|".join(re.escape(v).replace("\\ ", "\\s+") for v in REPORT_VERBS)


#: REPORT_DATE up to the time expression, compiled once: what must end right where the
#: expression begins (one pattern per expression took ~10 ms to compile, 2% of an extraction).
_REPORT_BEFORE = re.compile(REPORT_DATE.format(verbs=_REPORT_VERBS, expr="") + r"\Z", re.IGNORECASE)


#: Characters before a time expression that REPORT_DATE may take ("reported early on", "said
#: in the early hours of", "as of", and the spaces between).
_REPORT_REACH = 160


@functools.lru_cache(maxsize=8192)
def _report_date(expression: str, sentence: str) -> bool:
    """Whether ``sentence`` gives ``expression`` as the date of the report (asked again and
    again while mentions are grouped: answered once per pair): REPORT_DATE matches where it
    ends at one of the expression's places in the sentence (case-insensitive, as REPORT_DATE)."""
    found = re.compile(re.escape(expression), re.IGNORECASE)
    m = found.search(sentence)
    while m is not None:
        # what must end where the expression begins is a few words: look that far back only
        # (searching the whole sentence before each place was quadratic in a long sentence)
        if _REPORT_BEFORE.search(sentence, max(0, m.start() - _REPORT_REACH), m.start()):
            return True
        m = found.search(sentence, m.start() + 1)
    return False


def date_key(event: Event) -> str | None:
    """The event's date at its own precision (day, month or year); None if it has none."""
    when = event.when
    if undated(event) or when.precision == "period" or not when.start:
        return None
    size = {"minute": 10, "hour": 10, "day": 10, "month": 7, "year": 4}[when.precision]
    return when.start[:size]


class _Group:
    """The mentions of one event, and what :func:`compatible` asks of all of them, kept as they
    join: the distinct values only (asking every member for every new mention was quadratic in
    a document that repeats one event thousands of times)."""

    def __init__(self, event: Event):
        self.members: list[Event] = []
        self.family = family(event.kind)
        self.first: int | None = None  # the earliest span start
        self.date: str | None = None  # the first member's date that has one
        self.backgrounds: set[bool] = set()
        self.ongoing: set[bool | None] = set()
        self.initiator_sets: set[frozenset[str]] = set()  # the non-empty ones
        self.locations: dict[str, Location] = {}
        self.speakers: set[str] = set()
        self.add(event)

    def add(self, event: Event) -> None:
        self.members.append(event)
        first = _start(event)
        self.first = first if self.first is None else min(self.first, first)
        self.date = self.date or date_key(event)
        self.backgrounds.add(event.background)
        self.ongoing.add(event.when.ongoing)
        if event.initiators:
            self.initiator_sets.add(frozenset(event.initiators))
        if event.location is not None:
            self.locations.setdefault(event.location.model_dump_json(), event.location)
        self.speakers.update(event.initiators)


#: Places closer than this are one scene ("in Krasnogorsk" and "outside Moscow").
NEAR_KM = 50


def _places_conflict(a: Location | None, b: Location | None) -> bool:
    if a is None or b is None:
        return False
    x, y = a.name.lower(), b.name.lower()
    if x in y or y in x:
        return False
    if _distance_km(a, b) <= NEAR_KM:
        return False
    shared = {c.lower() for c in a.countries} & {c.lower() for c in b.countries}
    coarse = "country" in (a.precision, b.precision)
    return not (shared and coarse)


def _distance_km(a: Location, b: Location) -> float:
    """Great-circle distance between two named towns (GeoNames); infinite if either is unknown."""
    countries = frozenset(a.countries) | frozenset(b.countries)
    p, q = lookup(a.name, countries), lookup(b.name, countries)
    if not (p and q and p.lat is not None and q.lat is not None):
        return float("inf")
    return distance_km(p, q)


def _actors_conflict(a: Iterable[str], b: Iterable[str]) -> bool:
    a, b = set(a), set(b)
    return bool(a and b and not a & b)


def compatible(group: _Group, event: Event) -> bool:
    """Whether ``event`` can be a mention of the event ``group`` holds."""
    if family(event.kind) != group.family:
        return False
    if group.backgrounds - {event.background}:  # a member with another background
        return False
    if group.ongoing - {event.when.ongoing}:
        return False  # an ongoing campaign is not a mention of one dated act
    key = date_key(event)
    if key and group.date and key != group.date:
        return False
    if any(_actors_conflict(a, event.initiators) for a in group.initiator_sets):
        return False
    if any(_places_conflict(p, event.location) for p in group.locations.values()):
        return False
    if group.family == "speech":
        return bool(event.initiators) and set(event.initiators) == group.speakers
    return True


def _start(event: Event) -> int:
    return min(s.start for s in event.spans)


def group_mentions(events: list[Event]) -> list[_Group]:
    """Dated mentions first, in text order, each joining the first compatible group; then each
    undated mention joins the compatible group told nearest before it, else nearest after."""
    ordered = sorted(events, key=_start)
    groups: list[_Group] = []
    for event in (e for e in ordered if not undated(e)):
        home = next((g for g in groups if g.date and compatible(g, event)), None)
        if home is None:
            groups.append(_Group(event))
        else:
            home.add(event)
    for event in (e for e in ordered if undated(e)):
        home = _nearest(groups, event)
        if home is None:
            groups.append(_Group(event))
        else:
            home.add(event)
    return groups


def _nearest(groups: list[_Group], event: Event) -> _Group | None:
    at = _start(event)
    fits = [g for g in groups if compatible(g, event)]
    before = [g for g in fits if g.first <= at]
    if before:
        return max(before, key=lambda g: g.first)
    return min(fits, key=lambda g: g.first) if fits else None


# -------------------------------------------------------------------------------- merging


def _unique(items: Iterable) -> list:
    seen, out = set(), []
    for item in items:
        key = item.model_dump_json() if hasattr(item, "model_dump_json") else item
        if key not in seen:
            seen.add(key)
            out.append(item)
    return out


def _best_outcomes(members: list[Event]) -> list[Outcome]:
    best: dict[str, Outcome] = {}
    for outcome in (o for m in members for o in m.outcomes):
        kept = best.get(outcome.kind)
        if kept is None or _figure(outcome) > _figure(kept):
            best[outcome.kind] = outcome
    order = [o.kind for m in members for o in m.outcomes]
    return [best[k] for k in dict.fromkeys(order)]


def _figure(outcome: Outcome) -> int:
    c = outcome.count
    return max(v for v in (c.best, c.low, c.high, -1) if v is not None)


def merge(members: list[Event]) -> Event:
    """One event from the mentions of one real event."""
    if len(members) == 1:
        return members[0]
    keep = min(
        members,
        key=lambda e: (
            e.id.endswith(TOLL_SUFFIX),
            undated(e),
            PRECISION_RANK[e.when.precision],
            _start(e),
        ),
    )
    voice = min(members, key=lambda e: (STATUS_ORDER.index(e.status), _start(e)))
    places = [m.location for m in members if m.location]
    location = min(places, key=lambda p: PLACE_RANK.get(p.precision, 5)) if places else None
    asserted = (
        [] if voice.status == "reported" else _unique(a for m in members for a in m.asserted_by)
    )
    return keep.model_copy(
        update={
            "when": keep.when,
            "location": location,
            "initiators": _unique(a for m in members for a in m.initiators),
            "targets": _unique(a for m in members for a in m.targets),
            "outcomes": _best_outcomes(members),
            "status": voice.status,
            "asserted_by": asserted,
            "hedge": voice.hedge,
            "lead": any(m.lead for m in members),
            "links": _unique(link for m in members for link in m.links),
            "spans": sorted(_unique(s for m in members for s in m.spans), key=lambda s: s.start),
        }
    )


def _no_place_of_speech(events: list[Event]) -> list[Event]:
    """A statement's sentence names the places of what is said ("said the strikes on Hodeidah
    ..."), not where it was said: a speech event takes no place from it."""
    return [
        e.model_copy(update={"location": None})
        if e.kind.lower() in ("statement", "claim") and e.location is not None
        else e
        for e in events
    ]


TOLL_SUFFIX = "--toll"


def toll_reports(events: list[Event]) -> list[Event]:
    """A statement whose sentence gives a death or injury toll ("the number of the dead we
    confirmed is 37, the minister said") also tells of the act it counts: an undated mention of
    violence with those figures, to be merged into the act (and dropped if there is none)."""
    reports = []
    for e in events:
        if family(e.kind) != "speech" or e.outcomes:
            continue
        found = [
            (kind, numbers, quote, s) for s in e.spans for kind, numbers, quote in _tolls(s.quote)
        ]
        if not found:
            continue
        outcomes = [
            Outcome(kind=kind, count=Count(low=min(n), best=min(n), high=max(n)), wording=quote)
            for kind, n, quote, _ in found
            if n
        ]
        if outcomes:
            reports.append(_toll_mention(e, outcomes, [s for *_, s in found]))
    return reports


def _tolls(sentence: str) -> list[tuple[str, list[int], str]]:
    return [(kind, numbers, sentence[a:b]) for kind, numbers, (a, b) in outcomes(sentence)]


def _toll_mention(statement: Event, outcomes: list[Outcome], spans: list) -> Event:
    end = statement.when.start or statement.when.end
    return statement.model_copy(
        update={
            "id": statement.id + TOLL_SUFFIX,
            "kind": "attack",
            "when": When(precision="period", end=end[:10], inferred=["end"], basis="toll report")
            if end
            else When(precision="unknown"),
            "initiators": [],
            "targets": [],
            "location": None,
            "outcomes": outcomes,
            "links": [],
            "spans": list(dict.fromkeys(spans)),
        }
    )


def merge_mentions(facts: FactsFile) -> FactsFile:
    """``facts`` with the mentions of one event merged (see the module's docstring)."""
    facts = facts.model_copy(update={"events": _no_place_of_speech(facts.events)})
    reports = toll_reports(facts.events)
    groups = group_mentions([*facts.events, *reports])
    groups = [g for g in groups if not all(m.id.endswith(TOLL_SUFFIX) for m in g.members)]
    if all(len(g.members) == 1 for g in groups):
        return facts
    rename: dict[str, str] = {}
    merged: list[Event] = []
    for group in groups:
        event = merge(sorted(group.members, key=lambda m: m.id.endswith(TOLL_SUFFIX)))
        rename.update({m.id: event.id for m in group.members})
        merged.append(event)
    order = {e.id: i for i, e in enumerate(facts.events)}
    merged.sort(key=lambda e: order[e.id])
    counted = {
        m.id.removesuffix(TOLL_SUFFIX): rename[m.id]
        for g in groups
        for m in g.members
        if m.id.endswith(TOLL_SUFFIX)
    }
    facts = _follow(facts.model_copy(update={"events": merged}), rename)
    return _also_about(facts, counted)


def _also_about(facts: FactsFile, counted: dict[str, str]) -> FactsFile:
    """A claim about a statement that gave a toll is also about the act the toll counts."""
    if not counted:
        return facts
    claims = [
        c.model_copy(
            update={
                "about": list(
                    dict.fromkeys([*c.about, *(counted[a] for a in c.about if a in counted)])
                )
            }
        )
        for c in facts.claims
    ]
    return facts.model_copy(update={"claims": claims})


def _follow(facts: FactsFile, rename: dict[str, str]) -> FactsFile:
    """References to a merged mention now point at the kept event."""

    def ids(values: list[str]) -> list[str]:
        return list(dict.fromkeys(rename.get(v, v) for v in values))

    events = [
        e.model_copy(
            update={
                "links": [
                    link.model_copy(update={"event": rename.get(link.event, link.event)})
                    for link in e.links
                    if rename.get(link.event, link.event) != e.id
                ]
            }
        )
        for e in facts.events
    ]
    return facts.model_copy(
        update={
            "events": events,
            "claims": [c.model_copy(update={"about": ids(c.about)}) for c in facts.claims],
            "relations": [
                r.model_copy(update={"event": rename.get(r.event, r.event) if r.event else None})
                for r in facts.relations
            ],
            "gaps": [g.model_copy(update={"about": ids(g.about)}) for g in facts.gaps],
        }
    )
