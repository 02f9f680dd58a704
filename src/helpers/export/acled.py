"""An ACLED-style CSV: one row per dated event of the brief's window, in ACLED's columns and codes
(ACLED codebook: event and sub-event types, actor types "inter" 1-8, time and geo precision).

What ACLED codes and this file follows:

- ``event_date`` is one day. A day or minute is exact (``time_precision`` 1); a stretch of up to
  a week is coded as its middle day (2); a month, a year or a longer stretch as its middle day (3).
  Events without a date, periods open at one end and aggregates (campaigns, "the war") are not
  events in ACLED's sense and are left out, as are statements (they are claims, exported apart).
- ``inter1``/``inter2`` come from the gazetteer (``acled_inter``); an actor outside it takes the
  code of the group it is a member or part of (the facts' relations, then the gazetteer's
  affiliations). State forces (1) acting outside their own country are external forces (8).
- ``fatalities``: every death in the event, the most conservative figure over the sources (the
  lowest source's total); "tens" 10, "dozens" 12, "hundreds" 100, "thousands" 1,000 where no
  number is given; deaths without any figure are not counted (a note says so). Where sources
  differ, the notes list each one's figure.
- ``latitude``/``longitude``/``geo_precision``: the point the brief's timeline has for the
  event's place (1 a town or a site in it, 2 a region at its namesake town, 3 the country);
  without one, no point and the place's own precision (1 site or town, 2 region, 3 larger).
"""

from __future__ import annotations

import datetime as dt
import re

from ..brief.build import Brief
from ..facts.gazetteer import GazetteerActor, load_gazetteer
from ..facts.schema import Event, When, parse_partial
from ..facts.times import describe_when
from . import common
from .tables import to_csv

COLUMNS = [
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2", "inter2",
    "interaction", "civilian_targeting", "country", "location", "latitude", "longitude",
    "geo_precision", "source",
    "notes", "fatalities", "source_quote", "source_doc", "source_start", "source_end",
]  # fmt: skip

#: Event kinds that are not one event ACLED would code (aggregates and speech).
NOT_EVENTS = re.compile(r"campaign|conflict|\bwar\b|statement|announcement|claim|attribution", re.I)

#: (pattern on the event's kind, event type, sub-event type), first match wins. ``None`` as the
#: type: an attack without a weapon named, typed by its targets (civilians or armed actors).
KIND_RULES: list[tuple[str, str | None, str | None]] = [
    (r"suicide", "Explosions/Remote violence", "Suicide bomb"),
    (r"chemical|gas attack", "Explosions/Remote violence", "Chemical weapon"),
    (r"drone|air ?strike|air raid|aerial|bombard", "Explosions/Remote violence", "Air/drone strike"),
    (r"shell|artillery|missile|rocket|mortar", "Explosions/Remote violence",
     "Shelling/artillery/missile attack"),
    (r"roadside|\bied\b|landmine|\bmine\b|bomb|explosi|blast", "Explosions/Remote violence",
     "Remote explosive/landmine/IED"),
    (r"grenade", "Explosions/Remote violence", "Grenade"),
    (r"abduct|kidnap|hostage|disappear", "Violence against civilians",
     "Abduction/forced disappearance"),
    (r"sexual|rape", "Violence against civilians", "Sexual violence"),
    (r"clash|battle|fighting|firefight|ambush|offensive", "Battles", "Armed clash"),
    (r"riot|mob", "Riots", "Violent demonstration"),
    (r"protest|demonstrat|rally|march|sit-in", "Protests", "Peaceful protest"),
    (r"arrest|detain|detention|captur", "Strategic developments", "Arrests"),
    (r"talks|agreement|ceasefire|truce|negotiat|deal", "Strategic developments", "Agreement"),
    (r"loot", "Strategic developments", "Looting/property destruction"),
    (r"headquarters|base established", "Strategic developments",
     "Headquarters or base established"),
    (r"strike|attack|raid|kill|assassinat|execut|massacre|shoot|assault|storm", None, None),
]  # fmt: skip
DISORDER = {
    "Battles": "Political violence",
    "Explosions/Remote violence": "Political violence",
    "Violence against civilians": "Political violence",
    "Protests": "Demonstrations",
    "Riots": "Demonstrations",
    "Strategic developments": "Strategic developments",
}
GEO_PRECISION = {"site": 1, "town": 1, "region": 2, "area": 3, "country": 3, "multi-country": 3}
#: Words for an unnumbered toll and the figure ACLED codes for them.
MAGNITUDES = [(r"\bthousands\b", 1000), (r"\bhundreds\b", 100), (r"\bdozens\b", 12), (r"\btens\b", 10)]  # fmt: skip
CIVILIANS = 7
STATE_FORCES, EXTERNAL_FORCES = 1, 8


def event_types(event: Event, target_inters: list[int | None]) -> tuple[str, str] | None:
    """ACLED's event and sub-event type for an event's kind; None if ACLED would not code it."""
    if event.background or NOT_EVENTS.search(event.kind):
        return None
    for pattern, kind, sub in KIND_RULES:
        if re.search(pattern, event.kind, re.I):
            if kind is not None:
                return kind, sub
            if CIVILIANS in target_inters:
                return "Violence against civilians", "Attack"
            return "Battles", "Armed clash"
    return "Strategic developments", "Other"


def acled_date(when: When) -> tuple[dt.date, int] | None:
    """The day ACLED would code and its time precision (1 day, 2 week, 3 longer), or None."""
    if when.precision in ("minute", "day"):
        return parse_partial(when.start)[0].date(), 1
    if when.precision == "unknown" or (
        when.precision == "period" and not (when.start and when.end)
    ):
        return None
    first = when.start_bound().date()
    last = (when.end_bound() - dt.timedelta(minutes=1)).date()
    middle = first + (last - first) / 2
    return middle, 2 if (last - first).days < 7 else 3


class Coder:
    """ACLED actor types of the brief's actors, from the gazetteer and the facts' relations."""

    def __init__(self, brief: Brief):
        self.brief = brief
        self.gazetteer = load_gazetteer()
        self.points = points(brief)
        self.parents: dict[str, list[str]] = {}
        for r in brief.facts.relations:
            if r.predicate in ("member-of", "part-of"):
                self.parents.setdefault(r.subject, []).append(r.object)

    def entry(self, actor_id: str) -> GazetteerActor | None:
        gaz = self.gazetteer
        if actor_id in gaz.actors:
            return gaz.actors[actor_id]
        actor = self.brief.facts.actors.get(actor_id)
        if actor is None or not actor.named:
            return None
        found = gaz.lookup(actor.name)
        return gaz.actors.get(found) if found else None

    def inter(self, actor_id: str, seen: frozenset[str] = frozenset()) -> int | None:
        entry = self.entry(actor_id)
        if entry is not None and entry.acled_inter is not None:
            return entry.acled_inter
        parents = list(self.parents.get(actor_id, []))
        if entry is not None:
            parents += [a.id for a in entry.affiliations if a.relation in ("member-of", "part-of")]
        for parent in parents:
            if parent not in seen:
                code = self.inter(parent, seen | {actor_id})
                if code is not None:
                    return code
        return None

    def country(self, actor_id: str) -> str | None:
        entry = self.entry(actor_id)
        actor = self.brief.facts.actors.get(actor_id)
        return (entry.country if entry else None) or (actor.country if actor else None)

    def inter_at(self, actor_id: str, event: Event) -> int | None:
        """The actor's type in this event: state forces abroad are external forces."""
        code = self.inter(actor_id)
        countries = event.location.countries if event.location else []
        home = self.country(actor_id)
        if code == STATE_FORCES and countries and home and home not in countries:
            return EXTERNAL_FORCES
        return code


def _figure(count, wording: str) -> tuple[int | None, str | None]:
    """One source's figure for one outcome: its lowest number, else a magnitude word's ACLED
    figure, else None; and a note when no number was given."""
    figure = next((v for v in (count.low, count.best, count.high) if v is not None), None)
    if figure is not None:
        return figure, None
    figure = next((n for p, n in MAGNITUDES if re.search(p, wording, re.I)), None)
    how = f"coded {figure} as ACLED does" if figure is not None else "not counted"
    return figure, f'deaths reported without a number ("{wording}", {how})'


def fatalities(brief: Brief, event: Event) -> tuple[int, str]:
    """ACLED's figure for the event's deaths: per source, the sum of its killed outcomes; over
    the sources, the lowest (ACLED's most conservative figure); and notes where the sources
    differ or give no number."""
    figures = brief.fusion.figures.get(event.id) if brief.fusion else None
    if not figures:  # one source: the event's own outcomes
        figures = [(event.spans[0].doc, o.count, o.wording) for o in event.outcomes
                   if o.kind == "killed"]  # fmt: skip
    else:
        figures = [(f.doc, f.count, f.wording) for f in figures if f.kind == "killed"]
    per_doc: dict[str, int | None] = {}
    notes = []
    for doc, count, wording in figures:
        figure, note = _figure(count, wording)
        if note:
            notes.append(note)
        if figure is not None or doc not in per_doc:
            per_doc[doc] = (per_doc.get(doc) or 0) + figure if figure is not None else None
    known = [v for v in per_doc.values() if v is not None]
    if len(set(known)) > 1:
        listed = ", ".join(f"{v} ({d})" for d, v in per_doc.items() if v is not None)
        notes.append(f"sources differ on the deaths: {listed}; the lowest is coded")
    if brief.fusion is not None:
        notes += [
            f"sources differ on {d.field}: {d.describe()}"
            for d in brief.fusion.disagree(event.id)
            if d.field != "killed"
        ]
    return min(known, default=0), "; ".join(notes)


def _sources(brief: Brief, event: Event) -> str:
    docs = brief.fusion.sources.get(event.id) if brief.fusion else None
    docs = docs or sorted({s.doc for s in event.spans})
    outlets = []
    for doc_id in docs:
        meta = brief.corpus.documents[doc_id].meta
        outlets.append(meta.publisher or doc_id)
    return "; ".join(dict.fromkeys(outlets))


def row(brief: Brief, coder: Coder, event: Event) -> list | None:
    dated = acled_date(event.when)
    if dated is None:
        return None
    targets = list(event.targets)
    types = event_types(event, [coder.inter(a) for a in targets])
    if types is None:
        return None
    day, time_precision = dated
    initiators = list(event.initiators)
    inter1 = coder.inter_at(initiators[0], event) if initiators else None
    inter2 = coder.inter_at(targets[0], event) if targets else None
    codes = sorted(c for c in (inter1, inter2) if c is not None)
    toll, toll_note = fatalities(brief, event)
    loc = event.location
    notes = f"{event.summary} (status: {event.status}" + (
        f', the source hedges: "{event.hedge}")' if event.hedge else ")"
    )
    if event.when.inferred:
        notes += f". Date: {describe_when(event.when)}"
    if toll_note:
        notes += f". {toll_note[0].upper()}{toll_note[1:]}."
    machine = common.confidence_text(brief, event)  # ACLED has no column for it: the notes
    if machine:
        notes += ("" if notes.endswith(".") else ".") + " " + common.sentence(machine)
    span = event.spans[0]
    return [
        event.id, day.isoformat(), day.year, time_precision, DISORDER[types[0]], *types,
        common.name_of(brief, initiators[0]) if initiators else "",
        "; ".join(common.name_of(brief, a) for a in initiators[1:]), inter1,
        common.name_of(brief, targets[0]) if targets else "",
        "; ".join(common.name_of(brief, a) for a in targets[1:]), inter2,
        interaction(codes),
        "Civilian targeting" if CIVILIANS in [coder.inter(a) for a in targets] else "",
        "; ".join(loc.countries) if loc else "", loc.name if loc else "",
        *_point(coder, event), _sources(brief, event), notes, toll,
        span.quote, span.doc, span.start, span.end,
    ]  # fmt: skip


def points(brief: Brief) -> dict[str, tuple[float, float, int]]:
    """Event id -> (latitude, longitude, geo_precision) of the brief's geocoded points, where its
    timeline has them (1 town, 2 region, 3 country: ACLED's codes)."""
    table = brief.timeline
    if not {"lat", "lon", "geo_precision"} <= set(table.columns):
        return {}
    located = table.dropna(subset=["lat", "lon"])
    return {
        e: (round(float(lat), 6), round(float(lon), 6), int(p))
        for e, lat, lon, p in located[["event_id", "lat", "lon", "geo_precision"]].itertuples(
            index=False, name=None
        )
    }


def _point(coder: Coder, event: Event) -> tuple:
    """Latitude, longitude and geo_precision: the brief's point, else none and the place's own
    precision."""
    if event.id in coder.points:
        return coder.points[event.id]
    loc = event.location
    return None, None, GEO_PRECISION[loc.precision] if loc else None


def interaction(codes: list[int]) -> int | None:
    """ACLED's interaction code: the two actor types, the lower first (a sole actor: 10 x it)."""
    if not codes:
        return None
    return codes[0] * 10 + (codes[1] if len(codes) > 1 else 0)


def rows(brief: Brief) -> list[list]:
    coder = Coder(brief)
    built = (row(brief, coder, e) for e in common.window_events(brief))
    return [r for r in built if r is not None]


def render(brief: Brief) -> dict[str, bytes]:
    return {"acled.csv": to_csv(COLUMNS, rows(brief))}
