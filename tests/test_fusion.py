"""Cross-document fusion on a small hand-built corpus: one strike told by a Washington wire, its
republication, and a Baghdad paper (other zone, other day, other toll, other spelling), plus
other events on the same day that must stay apart."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers.facts.loading import Corpus, Facts, SourceDoc
from helpers.facts.schema import Actor, Claim, Count, Document, Event, Location, Outcome, Span, When
from helpers.fuse.fusion import changes_since, fuse, name_key, subset, wire_groups

WIRE = (
    "WASHINGTON (Capital Newswire) - U.S. forces struck Kataib Hezbollah targets in Qaim at "
    "4:30 p.m. ET on Friday, killing 16 people, officials said. Spokesman Muhannad Mubaidin said "
    "the strikes would continue. Separately, gunmen attacked a checkpoint in Mosul on Friday. "
    "Analyst Yahya Saree said the escalation was expected."
)
REPUBLISHED = "Gulf Daily republished: " + WIRE
PAPER = (
    "BAGHDAD - Kata'ib Hezbollah said 19 of its fighters were killed in a U.S. strike in al-Qaim "
    "early Saturday. Its commander Abu Taqwa, whose real name is Mushtaq al-Saeedi, vowed revenge. "
    "Mohannad al-Mubaidin confirmed the toll. Yahya Sarea called it a massacre."
)
BASRA = "BASRA - A bomb killed 3 people in Basra on Friday, police said, hours after other blasts."

PUBLISHED = {
    "wire": "2024-02-03",
    "wire2": "2024-02-03",
    "paper": "2024-02-03",
    "basra": "2024-02-03",
}
ZONES = {
    "wire": "America/New_York",
    "wire2": "America/New_York",
    "paper": "Asia/Baghdad",
    "basra": "Asia/Baghdad",
}
TEXTS = {"wire": WIRE, "wire2": REPUBLISHED, "paper": PAPER, "basra": BASRA}


def _span(doc: str, quote: str) -> Span:
    start = TEXTS[doc].index(quote)
    return Span(doc=doc, start=start, end=start + len(quote), quote=quote)


def _event(doc, eid, kind, when, quote, place=None, ini=(), tgt=(), killed=None, wording=None):
    outcomes = []
    if killed is not None:
        outcomes = [Outcome(kind="killed", count=Count(best=killed), wording=wording or quote)]
    return Event(
        id=eid,
        kind=kind,
        summary=f"{kind} ({doc})",
        when=when,
        location=Location(name=place, countries=["Iraq"], precision="town", expression=place)
        if place
        else None,
        initiators=list(ini),
        targets=list(tgt),
        outcomes=outcomes,
        status="reported",
        spans=[_span(doc, quote)],
    )


def _person(doc: str, name: str) -> Actor:
    slug = name_key(name).replace(" ", "-")
    return Actor(
        id=f"{doc}.unresolved-{slug}",
        name=name,
        kind="person",
        named=True,
        spans=[_span(doc, name)],
    )


def _corpus(docs=("wire", "wire2", "paper", "basra")) -> Corpus:
    documents = {
        d: SourceDoc(
            Document(
                id=d,
                title=d,
                publisher={"wire2": "Gulf Daily"}.get(d, "Capital Newswire" if "wire" in d else d),
                published=PUBLISHED[d],
                timezone=ZONES[d],
                language="en",
            ),
            TEXTS[d],
            Path(f"/nonexistent/{d}.txt"),
        )
        for d in docs
    }
    friday_ny = When(precision="minute", start="2024-02-02T16:30", tz="America/New_York")
    events = []
    actors = {
        "us-forces": Actor(
            id="us-forces",
            name="U.S. forces",
            kind="military",
            spans=[_span("wire", "U.S. forces"), _span("wire2", "U.S. forces")],
        ),
        "us-gov": Actor(
            id="us-gov", name="United States", kind="government", spans=[_span("paper", "U.S.")]
        ),
        "kh": Actor(
            id="kh",
            name="Kata'ib Hezbollah",
            kind="armed group",
            spans=[_span("wire", "Kataib Hezbollah"), _span("paper", "Kata'ib Hezbollah")],
        ),
    }
    for d in ("wire", "wire2"):
        events.append(
            _event(
                d,
                f"{d}.e-strike",
                "strike",
                friday_ny,
                "U.S. forces struck Kataib Hezbollah targets in Qaim",
                "Qaim",
                ["us-forces"],
                ["kh"],
                16,
                "killing 16 people",
            )
        )
        events.append(
            _event(
                d,
                f"{d}.e-attack-mosul",
                "attack",
                When(precision="day", start="2024-02-02"),
                "gunmen attacked a checkpoint in Mosul",
                "Mosul",
            )
        )
        for name in ("Muhannad Mubaidin", "Yahya Saree"):
            actors[f"{d}.unresolved-{name_key(name).replace(' ', '-')}"] = _person(d, name)
    events.append(
        _event(
            "paper",
            "paper.e-strike",
            "airstrike",
            When(precision="day", start="2024-02-03", tz="Asia/Baghdad"),
            "killed in a U.S. strike in al-Qaim",
            "al-Qaim",
            ["us-gov"],
            ["kh"],
            19,
            "19 of its fighters were killed",
        )
    )
    for name in ("Abu Taqwa", "Mushtaq al-Saeedi", "Mohannad al-Mubaidin", "Yahya Sarea"):
        actor = _person("paper", name)
        actors[actor.id] = actor
    events.append(
        _event(
            "basra",
            "basra.e-bomb",
            "attack",
            When(precision="day", start="2024-02-02"),
            "A bomb killed 3 people in Basra on Friday",
            "Basra",
            killed=3,
            wording="killed 3 people",
        )
    )
    claims = [
        Claim(
            id="paper.c-kh",
            speaker="kh",
            verb="said",
            content="19 of its fighters were killed",
            when=When(precision="day", start="2024-02-03"),
            about=["paper.e-strike"],
            spans=[_span("paper", "Kata'ib Hezbollah said 19 of its fighters were killed")],
        )
    ]
    keep = set(docs)
    return subset(
        Corpus(
            documents,
            Facts(
                actors=actors,
                events=[e for e in events if e.spans[0].doc in keep],
                claims=claims if "paper" in keep else [],
                review_status={d: "machine-extracted" for d in docs},
            ),
        ),
        docs,
    )


@pytest.fixture(scope="module")
def fused():
    return fuse(_corpus())


def _strike(fusion):
    return next(
        e for e in fusion.corpus.facts.events if "Qaim" in (e.location.name if e.location else "")
    )


def test_one_strike_in_three_reports_across_zones_and_days(fused):
    # 16:30 ET on Friday is 00:30 on Saturday in Baghdad: the paper's "Saturday" is the same strike
    strike = _strike(fused)
    assert sorted(fused.sources[strike.id]) == ["paper", "wire", "wire2"]
    assert strike.when.precision == "minute"  # the most precise report gives the time
    assert {s.doc for s in strike.spans} == {"wire", "wire2", "paper"}
    assert "kh" in strike.targets


def test_wire_copy_counts_once(fused):
    assert fused.wire["wire2"] == fused.wire["wire"]
    assert fused.wire["paper"] == "paper"
    assert fused.independent[_strike(fused).id] == 2


def test_conflicting_tolls_keep_low_best_high_and_each_source(fused):
    strike = _strike(fused)
    killed = next(o for o in strike.outcomes if o.kind == "killed")
    assert (killed.count.low, killed.count.high) == (16, 19)
    assert killed.count.best in (16, 19)
    disagreement = next(d for d in fused.disagree(strike.id) if d.field == "killed")
    assert dict(disagreement.values) == {
        "paper": "19 killed",
        "wire": "16 killed",
        "wire2": "16 killed",
    }
    # U.S. forces and the United States are one side (the gazetteer's chain): no attribution row
    assert not [d for d in fused.disagree(strike.id) if d.field == "attribution"]


def test_other_events_on_the_same_day_stay_apart(fused):
    places = sorted(e.location.name for e in fused.corpus.facts.events if e.location)
    assert places.count("Basra") == 1 and "Mosul" in places
    mosul = next(e for e in fused.corpus.facts.events if e.location and e.location.name == "Mosul")
    assert sorted(fused.sources[mosul.id]) == ["wire", "wire2"]  # the republished copy merges
    basra = next(e for e in fused.corpus.facts.events if e.location and e.location.name == "Basra")
    assert fused.sources[basra.id] == ["basra"]


def test_claims_point_to_the_fused_event(fused):
    claim = next(c for c in fused.corpus.facts.claims if c.id == "paper.c-kh")
    assert claim.about == [_strike(fused).id]


def test_actor_coreference_with_evidence_and_review(fused):
    actors = fused.corpus.facts.actors
    merged = {m.merged: m for m in fused.actor_merges}
    # spelling variants of one name merge, with the reason
    assert "paper.unresolved-muhanad-mubaidin" in merged or any(
        "Mubaidin" in m.evidence for m in fused.actor_merges
    )
    # a nom de guerre and a legal name merge only because the source says so, with its words
    says = [m for m in fused.actor_merges if m.span is not None]
    assert len(says) == 1 and "whose real name is" in says[0].evidence
    assert sum(1 for a in actors.values() if a.name in ("Abu Taqwa", "Mushtaq al-Saeedi")) == 1
    # close but different spellings are listed for review, not merged
    pair = {(n.a_name, n.b_name) for n in fused.review} | {
        (n.b_name, n.a_name) for n in fused.review
    }
    assert ("Yahya Saree", "Yahya Sarea") in pair
    names = [a.name for a in actors.values()]
    assert "Yahya Saree" in names and "Yahya Sarea" in names


def test_name_key_folds_spellings_not_names():
    assert name_key("Muhannad Mubaidin") == name_key("Mohannad al-Mubaidin")
    assert name_key("Kata'ib") == name_key("Kata\u2019ib") == name_key("Kataib")
    assert name_key("Ali Hassan") != name_key("Ali Hussein")


def test_fusion_is_deterministic_and_order_free():
    a = fuse(_corpus())
    corpus = _corpus()
    reordered = Corpus(
        dict(reversed(list(corpus.documents.items()))),
        Facts(
            actors=dict(reversed(list(corpus.facts.actors.items()))),
            events=list(reversed(corpus.facts.events)),
            claims=corpus.facts.claims,
            review_status=corpus.facts.review_status,
        ),
    )
    b = fuse(reordered)
    assert sorted(a.sources.items()) == sorted(b.sources.items())
    assert sorted(a.disagreements, key=repr) == sorted(b.disagreements, key=repr)
    assert a.wire == b.wire


def test_changes_since_reports_new_sources_and_revised_figures():
    before = fuse(_corpus(("wire", "basra")))
    now = fuse(_corpus())
    changes = changes_since(before, now, "2024-02-03")
    strike = _strike(now)
    assert (strike.id, "killed", "16", "16-19") in changes.revised or any(
        e == strike.id and kind == "killed" for e, kind, _, _ in changes.revised
    )
    assert (strike.id, 1, 3) in changes.more_sources
    assert "paper.unresolved-abu-taku" in changes.new_actors or any(
        "paper." in a for a in changes.new_actors
    )


def test_wire_groups_need_near_identical_text():
    docs = _corpus().documents
    groups = wire_groups(docs)
    assert groups["wire"] == groups["wire2"] and groups["paper"] != groups["wire"]
    assert groups["basra"] == "basra"


# -- review findings ------------------------------------------------------------------------


def _mini(texts: dict[str, str], events, actors=(), relations=(), gaps=()) -> Corpus:
    from helpers.facts.schema import Gap, Relation  # noqa: F401  (documented types of the args)

    documents = {
        d: SourceDoc(
            Document(id=d, title=d, published="2024-02-03", timezone="Asia/Baghdad", language="en"),
            t,
            Path(f"/nonexistent/{d}.txt"),
        )
        for d, t in texts.items()
    }
    return Corpus(
        documents,
        Facts(
            actors={a.id: a for a in actors},
            events=list(events),
            relations=list(relations),
            gaps=list(gaps),
            review_status={d: "machine-extracted" for d in texts},
        ),
    )


def _sp(texts, doc, quote):
    start = texts[doc].index(quote)
    return Span(doc=doc, start=start, end=start + len(quote), quote=quote)


def _ev(texts, doc, eid, quote, place, minute="2024-02-02T21:00", outcomes=()):
    return Event(
        id=eid,
        kind="attack",
        summary="attack",
        when=When(precision="minute", start=minute, tz="Asia/Baghdad"),
        location=Location(name=place, countries=["Iraq"], precision="town", expression=place),
        outcomes=list(outcomes),
        status="reported",
        spans=[_sp(texts, doc, quote)],
    )


def test_two_towns_of_one_country_never_merge():
    texts = {
        "a": "A drone hit a base in Erbil at 9 p.m.",
        "b": "A drone hit a base in Mosul at 9 p.m.",
    }
    corpus = _mini(
        texts,
        [
            _ev(texts, "a", "a.e1", "A drone hit a base in Erbil", "Erbil"),
            _ev(texts, "b", "b.e1", "A drone hit a base in Mosul", "Mosul"),
        ],
    )
    fused = fuse(corpus)
    assert len(fused.corpus.facts.events) == 2


def test_groups_of_one_report_add_up_and_do_not_disagree_with_themselves():
    texts = {"a": "Three soldiers and two civilians were killed in Erbil.", "z": "Nothing."}
    outcomes = [
        Outcome(kind="killed", count=Count(best=3), wording="Three soldiers"),
        Outcome(kind="killed", count=Count(best=2), wording="two civilians"),
    ]
    actor = Actor(
        id="z.unresolved-x",
        name="X Y",
        kind="person",
        named=True,
        spans=[_sp(texts, "z", "Nothing")],
    )
    twin = Actor(
        id="a.unresolved-x", name="X Y", kind="person", named=True, spans=[_sp(texts, "a", "Three")]
    )
    event = _ev(
        texts,
        "a",
        "a.e1",
        "Three soldiers and two civilians were killed",
        "Erbil",
        outcomes=outcomes,
    )
    fused = fuse(_mini(texts, [event], [actor, twin]))  # an actor merge happens elsewhere
    assert fused.rename  # (the case that used to regroup every event)
    assert fused.corpus.facts.events[0].outcomes == outcomes
    assert not fused.disagreements
    # fused across two documents, the report's groups are one figure: 5
    texts2 = {**texts, "b": "Five people were killed in Erbil."}
    other = _ev(
        texts2,
        "b",
        "b.e1",
        "Five people were killed in Erbil",
        "Erbil",
        outcomes=[Outcome(kind="killed", count=Count(best=5), wording="Five people")],
    )
    both = fuse(_mini(texts2, [event, other]))
    (row,) = both.corpus.facts.events
    killed = next(o for o in row.outcomes if o.kind == "killed")
    assert killed.count.best == 5 and not both.disagreements


def test_relations_about_different_events_stay_apart_and_gaps_follow_merged_relations():
    from helpers.facts.schema import Gap, Relation

    texts = {"a": "The U.S. blamed KH for Erbil.", "b": "The U.S. blamed KH for Tanf. Again Tanf."}
    rel = lambda rid, doc, event, quote: Relation(  # noqa: E731
        id=rid,
        subject="us-gov",
        predicate="attributes-attack-to",
        object="kh",
        event=event,
        spans=[_sp(texts, doc, quote)],
    )
    actors = [
        Actor(id="us-gov", name="US", kind="government", spans=[_sp(texts, "a", "U.S.")]),
        Actor(id="kh", name="KH", kind="armed group", spans=[_sp(texts, "a", "KH")]),
    ]
    events = [
        _ev(texts, "a", "a.e1", "blamed KH for Erbil", "Erbil"),
        _ev(texts, "b", "b.e1", "blamed KH for Tanf", "Tanf", minute="2024-01-20T10:00"),
    ]
    relations = [
        rel("a.r1", "a", "a.e1", "The U.S. blamed KH for Erbil."),
        rel("b.r1", "b", "b.e1", "The U.S. blamed KH for Tanf."),
        rel("b.r2", "b", "b.e1", "Again Tanf."),
    ]
    gap = Gap(id="g1", topic="t", question="q", why_it_matters="w", about=["b.r2"])
    fused = fuse(_mini(texts, events, actors, relations, [gap]))
    kept = {r.id: r for r in fused.corpus.facts.relations}
    assert set(kept) == {"a.r1", "b.r1"}  # one per event; b.r2 folded into b.r1
    assert fused.corpus.facts.gaps[0].about == ["b.r1"]


def test_an_actor_known_before_is_not_new_when_its_kept_id_changes():
    texts = {"m": "John Smith said.", "z": "John Smith spoke."}
    smith = lambda d: Actor(  # noqa: E731
        id=f"{d}.unresolved-john-smith",
        name="John Smith",
        kind="person",
        named=True,
        spans=[_sp(texts, d, "John Smith")],
    )
    before = fuse(_mini({"z": texts["z"]}, [], [smith("z")]))
    now = fuse(_mini(texts, [], [smith("m"), smith("z")]))
    assert "m.unresolved-john-smith" in now.corpus.facts.actors  # the kept id changed
    assert changes_since(before, now, "x").new_actors == []
    assert now.actor_of("z.unresolved-john-smith") == "m.unresolved-john-smith"


def test_a_status_that_differs_between_sources_is_a_disagreement():
    texts = {"a": "A drone hit a base in Erbil.", "b": "A suspected drone hit a base in Erbil."}
    first = _ev(texts, "a", "a.e1", "A drone hit a base in Erbil", "Erbil")
    second = _ev(texts, "b", "b.e1", "A suspected drone hit a base in Erbil", "Erbil")
    second = second.model_copy(update={"status": "suspected", "hedge": "suspected"})
    fused = fuse(_mini(texts, [first, second]))
    (row,) = fused.corpus.facts.events
    assert row.status == "reported"
    (d,) = [d for d in fused.disagreements if d.field == "status"]
    assert dict(d.values) == {"a": "reported", "b": "suspected"}
