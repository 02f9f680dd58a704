"""Evidence that ties reports of one act together across outlets (texts written for this test,
in the manner of wire copy): rare words the reports share, the most specific place one of them
gives, a background mention of the act by its year, and one act of speech that one outlet calls
a statement and another an announcement. Acts on the same day elsewhere stay apart."""

from pathlib import Path

from conftest import write_seeds

from helpers.extract import dump_facts, extract_document
from helpers.facts import load_corpus, load_documents
from helpers.fuse import fuse
from helpers.fuse.fusion import _terms, family

TEXTS = {
    # one shelling of a grain silo, told three ways
    "r1": (
        "Artillery shells hit a grain silo in Ozerne on Tuesday, killing three workers, "
        "regional officials said.\n"
    ),
    "r2": (
        "Three workers died when shells struck the grain silo on the edge of Ozerne on "
        "Tuesday, the regional governor said.\n"
    ),
    "r3": (
        "A grain silo in the Pivnichnyi district of Ozerne was shelled on Tuesday and three "
        "of its workers were killed, officials said.\n"
    ),
    # a different act on the same day, elsewhere
    "r4": "Gunmen attacked a bus near Tavriisk on Tuesday, killing two passengers, police said.\n",
}


def write(tmp: Path, texts: dict[str, str], published: str = "2025-03-12") -> Path:
    return write_seeds(tmp / "seeds", texts, published, "Europe/Kyiv")


def fused(tmp: Path, texts: dict[str, str], published: str = "2025-03-12"):
    seeds = write(tmp, texts, published)
    facts_dir = tmp / "facts"
    facts_dir.mkdir()
    for doc_id, doc in load_documents(seeds).items():
        (facts_dir / f"{doc_id}.facts.yaml").write_text(dump_facts(extract_document(doc)))
    return fuse(load_corpus(seeds, facts_dir))


#: The kinds of the rows a test looks at: acts of violence, acts of speech.
VIOLENCE = ("strike", "attack", "killing", "bombing")
SPEECH = ("statement", "announcement", "claim")


def rows(fusion, kinds: tuple[str, ...]) -> set[tuple[str, ...]]:
    return {
        tuple(sorted(fusion.sources[e.id])) for e in fusion.corpus.facts.events if e.kind in kinds
    }


def _terms_of(quote: str) -> frozenset[str]:
    """The terms of an event told in one sentence."""

    class Span:
        def __init__(self, quote):
            self.quote = quote

    class Event:
        spans = [Span(quote)]

    return _terms(Event())


def test_terms_are_content_words_without_plural_or_possessive_endings():
    terms = _terms_of("The pagers exploded near Kerman\u2019s old cemetery on Monday in 2024.")
    assert {"pager", "exploded", "kerman", "cemetery"} <= terms
    assert not terms & {"the", "monday", "2024", "near"}


def test_short_words_count_as_terms_only_as_parts_of_names():
    terms = _terms_of("Jets hit the Ras Ubo fuel port and a car on the road to Tal Hamra.")
    assert {"ras", "ubo", "tal", "hamra"} <= terms  # the port's and the village's names
    assert not terms & {"hit", "car", "the"}


def test_three_reports_of_one_shelling_are_one_row_and_another_act_stays_apart(tmp_path):
    fusion = fused(tmp_path, TEXTS)
    violent = rows(fusion, VIOLENCE)
    assert ("r1", "r2", "r3") in violent
    assert ("r4",) in violent


def test_the_fused_row_takes_the_most_specific_place_a_report_gives(tmp_path):
    fusion = fused(tmp_path, TEXTS)
    row = next(e for e in fusion.corpus.facts.events if set(fusion.sources[e.id]) >= {"r1", "r3"})
    assert row.location is not None
    assert row.location.precision in ("site", "town")
    places = {
        e.location.precision
        for e in fusion.corpus.facts.events
        if e.location and set(fusion.sources[e.id]) & {"r1", "r2", "r3"}
    }
    assert row.location.precision == min(
        places, key=["site", "town", "area", "region", "country", "multi-country"].index
    )


def test_a_background_mention_by_year_joins_the_dated_report_of_that_act(tmp_path):
    texts = {
        "old": (
            "A drone strike killed the militia commander Harun Bekzat in Tashrin on "
            "March 3, 2019, his group said.\n"
        ),
        "new": (
            "The group has vowed revenge since Harun Bekzat was killed in a drone strike in "
            "Tashrin in 2019.\nOn Monday its fighters shelled a depot in Kuvayt.\n"
        ),
    }
    fusion = fused(tmp_path, texts, published="2025-03-12")
    assert ("new", "old") in rows(fusion, ("strike", "attack", "killing"))


def test_a_statement_and_an_announcement_are_one_family_of_speech():
    assert family("statement") == family("announcement") == family("claim") == "speech"
    assert family("statement") != family("strike")


def test_two_outlets_telling_one_statement_are_one_row(tmp_path):
    texts = {
        "s1": (
            "The Tabriz Front said in a statement on Tuesday that its fighters would not leave "
            "the Kuvayt valley.\n"
        ),
        "s2": (
            "The Tabriz Front announced on Tuesday that its fighters would never leave the "
            "Kuvayt valley.\n"
        ),
    }
    fusion = fused(tmp_path, texts)
    speech = rows(fusion, SPEECH)
    assert speech == {("s1", "s2")}


def _cluster_at(*locations):
    from helpers.fuse.fusion import _Cluster

    return _Cluster(
        items=[],
        docs=set(),
        lo=None,
        hi=None,
        places={loc.name.lower() for loc in locations},
        initiators=set(),
        targets=set(),
        family="violent",
        countries={c.lower() for loc in locations for c in loc.countries},
        locations=list(locations),
    )


def test_places_a_few_kilometres_apart_are_one_place_and_two_cities_are_not():
    from helpers.facts.schema import Location
    from helpers.fuse.fusion import _nearby

    def town(name, country):
        return Location(name=name, countries=[country], precision="town", expression=name)

    moscow = _cluster_at(town("Moscow", "Russia"))
    assert _nearby(town("Krasnogorsk", "Russia"), moscow) == "same"
    assert _nearby(town("Kharkiv", "Ukraine"), _cluster_at(town("Kyiv", "Ukraine"))) is None
    # a village the index lacks may lie in the other's country: compatible, no evidence
    village = Location(name="Zelenyi Hai", countries=["Ukraine"], precision="town", expression="x")
    assert _nearby(village, _cluster_at(town("Kyiv", "Ukraine"))) == "country"
    # a neighbourhood nobody can place: no evidence either way
    quarter = Location(name="Old Souk quarter", countries=[], precision="site", expression="x")
    assert _nearby(quarter, _cluster_at(town("Beirut", "Lebanon"))) == ""


def test_ranks_and_short_given_names_are_one_person_and_different_names_are_not():
    from helpers.fuse.fusion import name_key, person_key

    assert person_key("Brig. Gen. Tom Okafor") == person_key("Thomas Okafor")
    assert person_key("Col Thomas E. Okafor") == person_key("Thomas Okafor")
    assert person_key("Hassan Darwish") != person_key("Hussein Darwish")
    assert name_key("Jaysh al-Fata'ih") == name_key("Jaysh al-Fataeh")


def test_two_reports_naming_one_spokesman_differently_merge_him(tmp_path):
    texts = {
        "p1": (
            "Brig. Gen. Tom Okafor, a spokesman for the Sahel Front, said on Tuesday that its "
            "fighters had left Menaka.\n"
        ),
        "p2": (
            "Thomas Okafor, a spokesman for the Sahel Front, said on Tuesday the fighters were "
            "gone from Menaka.\n"
        ),
    }
    fusion = fused(tmp_path, texts)
    okafor = [a for a in fusion.corpus.facts.actors.values() if "Okafor" in a.name]
    assert len(okafor) == 1, [a.name for a in okafor]
    assert any("Okafor" in m.evidence for m in fusion.actor_merges)


def test_a_report_giving_the_town_joins_one_giving_only_its_country(tmp_path):
    texts = {
        "c1": "Israeli jets struck a fuel depot in Yemen on Sunday, the army said.\n",
        "c2": "An Israeli air strike on Sunday hit a storage site in Hodeidah, residents said.\n",
        # the same day, the same country, another town: another act
        "c3": "Gunmen attacked a checkpoint in Taiz on Sunday, killing two soldiers, police said.\n",
    }
    fusion = fused(tmp_path, texts)
    violent = rows(fusion, VIOLENCE)
    assert ("c1", "c2") in violent and ("c3",) in violent


def test_a_report_placing_the_act_at_sea_joins_one_placing_it_in_a_port(tmp_path):
    # "the Red Sea" is in no country: no evidence against the port, the same minute is for it
    texts = {
        "s1": "A missile hit the tanker Blue Heron in the Red Sea at 14:20 GMT on Sunday, "
        "the navy said.\n",
        "s2": "A missile struck the tanker Blue Heron off Hodeidah at 14:20 GMT on Sunday, "
        "shipping sources said.\n",
    }
    fusion = fused(tmp_path, texts)
    assert ("s1", "s2") in rows(fusion, VIOLENCE)


def test_a_report_naming_the_district_joins_one_placed_in_it(tmp_path):
    texts = {
        "d1": "Gunmen attacked a police post in the Kalar district on Sunday night, "
        "killing four officers, officials said.\n",
        "d2": "Four police officers were killed on Sunday night when gunmen attacked their post, "
        "a police source in Kalar said.\n",
    }
    fusion = fused(tmp_path, texts, published="2025-03-10")
    assert ("d1", "d2") in rows(fusion, VIOLENCE)


def test_reports_giving_the_same_clock_a_day_apart_are_one_row(tmp_path):
    texts = {
        "k1": "Gunmen opened fire on a bus in the village of Tell Sarj at 9:45 p.m. on Monday, "
        "killing five passengers, a regional official said.\n",
        "k2": "Gunmen opened fire on a bus in the village of Tell Sarj at 9:45 p.m. on Tuesday, "
        "killing six passengers, residents said.\n",
        # the same clock two days later: another act
        "k3": "Gunmen opened fire on a bus in the village of Tell Sarj at 9:45 p.m. on "
        "Wednesday, killing two passengers, police said.\n",
    }
    fusion = fused(tmp_path, texts, published="2025-03-13")
    violent = rows(fusion, VIOLENCE)
    assert ("k1", "k2") in violent and ("k3",) in violent


def test_the_same_side_at_the_same_clock_a_day_apart_with_no_place_is_one_row(tmp_path):
    texts = {
        "p1": "Al-Shabaab fighters shelled army posts at 9:45 p.m. on Monday, killing three "
        "soldiers, the army said.\n",
        "p2": "Al-Shabaab fighters shelled army posts at 9:45 p.m. on Tuesday, killing four "
        "soldiers, a local official said.\n",
    }
    fusion = fused(tmp_path, texts, published="2025-03-12")
    assert ("p1", "p2") in rows(fusion, VIOLENCE)


def test_nightly_raids_at_a_round_hour_on_consecutive_days_stay_apart(tmp_path):
    # no place either report names, the same group, "at 2 a.m." on Monday and on Tuesday
    texts = {
        "n1": "Militants of the Red Hand shelled army posts at 2 a.m. on Monday, killing three "
        "soldiers, the army said.\n",
        "n2": "Militants of the Red Hand shelled army posts at 2 a.m. on Tuesday, killing one "
        "soldier, the army said.\n",
    }
    fusion = fused(tmp_path, texts, published="2025-03-12")
    violent = rows(fusion, VIOLENCE)
    assert ("n1",) in violent and ("n2",) in violent


def test_a_report_the_sweep_left_alone_joins_the_cluster_formed_after_it(tmp_path):
    # The day-only report comes first in time order; the report at sea forms a cluster with
    # nothing to tie it to the day-only one, and the minute report near the town joins the
    # day-only report. Compared again once every cluster is formed, the report at sea shares
    # the minute, the sides and the toll with the cluster near the town.
    texts = {
        "r1": (
            "U.S. warplanes struck rebel targets around Hodeidah on Tuesday, the rebels' "
            "television said.\n"
        ),
        "r2": (
            "U.S. warplanes struck a rebel boat in the Red Sea at 06:20 GMT on Tuesday, killing "
            "one sailor, an official said.\n"
        ),
        "r3": (
            "U.S. warplanes struck rebel targets near Hodeidah at 06:20 GMT on Tuesday, killing "
            "one sailor, a U.S. official said.\n"
        ),
        "r4": "Gunmen attacked a bus near Kramatorsk on Tuesday, killing two passengers, police said.\n",
    }
    violent = rows(fused(tmp_path, texts), VIOLENCE)
    assert violent == {("r1", "r2", "r3"), ("r4",)}


def test_one_speakers_statement_on_one_day_is_one_row_and_another_speaker_stays_apart(tmp_path):
    texts = {
        "m1": "The Malian government said on Tuesday that the convoy had been ambushed by rebels.\n",
        # the same statement in other words, from another outlet
        "m2": (
            "Mali's government said on Tuesday that separatist fighters had fired on an army "
            "supply column.\n"
        ),
        "m3": "The Algerian government said on Tuesday it was ready to mediate between the sides.\n",
    }
    speech = rows(fused(tmp_path, texts), SPEECH)
    assert ("m1", "m2") in speech
    assert ("m3",) in speech
