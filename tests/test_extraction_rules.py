"""One test per extraction rule, on short news-style snippets (published Thursday 2024-02-08)."""

from __future__ import annotations

from conftest import FIXTURES

from helpers.extract.pipeline import extract_document
from helpers.extract.temporal import tag
from helpers.facts.loading import SourceDoc
from helpers.facts.schema import Document


def _doc(text: str, published: str = "2024-02-08") -> SourceDoc:
    meta = Document(id="t", title="t", published=published, timezone="UTC", language="en")
    return SourceDoc(meta, text, FIXTURES / "t.txt")


def _facts(text: str, published: str = "2024-02-08"):
    return extract_document(_doc(text, published))


def _events(facts) -> set[tuple[str, str | None, tuple[str, ...]]]:
    return {(e.kind, e.when.start, tuple(sorted(e.initiators))) for e in facts.events}


def _triples(facts) -> set[tuple[str, str, str]]:
    return {
        (r.subject.split(".")[-1], r.predicate, r.object.split(".")[-1]) for r in facts.relations
    }


def _claims(facts) -> set[tuple[str | None, str]]:
    return {(c.speaker.split(".")[-1] if c.speaker else None, c.verb) for c in facts.claims}


# -- sentences and headings ------------------------------------------------------------------


def test_headline_paragraph_is_its_own_sentence_and_adds_no_event():
    facts = _facts(
        "Rockets hit U.S. base in Syria\n\nBy staff reporters\n\n"
        "Unidentified gunmen fired rockets at a U.S. base in eastern Syria on Tuesday, officials said.\n"
    )
    assert [(e.kind, e.when.start) for e in facts.events] == [("attack", "2024-02-06")]
    assert all("By staff" not in e.spans[0].quote for e in facts.events)


def test_future_dates_are_plans_not_events():
    facts = _facts(
        "The sanctions on the Houthis take effect on Feb. 20, the State Department said."
    )
    assert not [e for e in facts.events if e.when.start and e.when.start > "2024-02-08"]


# -- dates told relative to another ----------------------------------------------------------


def test_a_day_after_dates_the_earlier_occurrence():
    facts = _facts(
        "Hezbollah fired rockets at Israeli positions on Wednesday, a day after an Israeli strike "
        "killed one of its commanders."
    )
    assert ("attack", "2024-02-07", ("hezbollah",)) in _events(facts)
    assert ("strike", "2024-02-06", ("israel",)) in _events(facts)


def test_the_night_before_counts_back_from_the_sentence_date():
    facts = _facts(
        "Hundreds of mourners marched in Basra on Wednesday behind the coffin of a militia "
        "commander killed in a U.S. drone strike the night before."
    )
    kinds = {(e.kind, e.when.start) for e in facts.events}
    assert ("protest", "2024-02-07") in kinds and ("strike", "2024-02-06") in kinds


def test_earlier_the_same_day_puts_a_bare_clock_time_on_the_day_told_before():
    facts = _facts(
        "On Feb. 5 at 9 p.m. (Sanaa time), U.S. forces struck two Houthi radar sites in Yemen.\n\n"
        "Earlier the same day, at about 6:15 p.m. (Sanaa time), a Houthi drone hit a cargo ship."
    )
    assert ("attack", "2024-02-05T18:15", ("houthis",)) in _events(facts)


def test_bracketed_city_time_names_the_zone():
    (t,) = [
        x for x in tag("at 9 p.m. (Sanaa time) on Monday", "2024-02-08", "UTC") if x.type == "TIME"
    ]
    assert t.tz == "Asia/Aden"


# -- several events in one sentence ----------------------------------------------------------


def test_background_occurrence_gets_its_own_date_and_the_blamed_party():
    facts = _facts(
        "Iran's Revolutionary Guards said they launched drones at Israel late Tuesday in "
        "retaliation for a Jan. 20 strike in Damascus, which Tehran blamed on Israel."
    )
    events = _events(facts)
    assert ("attack", "2024-02-06", ("irgc",)) in events
    assert ("strike", "2024-01-20", ("israel",)) in events
    assert ("iran-gov", "attributes-attack-to", "israel") in _triples(facts)


def test_the_day_after_a_possessor_s_attack():
    facts = _facts(
        "Hezbollah opened fire on Israeli posts on Oct. 9, the day after Hamas's attack."
    )
    events = _events(facts)
    assert ("attack", "2023-10-09", ("hezbollah",)) in events
    assert ("attack", "2023-10-08", ("hamas",)) in events


# -- back-references -------------------------------------------------------------------------


def test_passive_casualty_report_dates_the_earlier_event_to_the_minute():
    facts = _facts(
        "A U.S. drone strike hit a militia commander's car in Baghdad on Wednesday.\n\n"
        "He was killed when a missile struck his vehicle at 10:40 p.m. on Wednesday."
    )
    assert [(e.kind, e.when.start) for e in facts.events] == [("strike", "2024-02-07T22:40")]


def test_casualty_report_takes_the_clock_not_the_statement_day():
    facts = _facts(
        "Suspected Islamic State militants attacked an army post in Kirkuk late Wednesday.\n\n"
        "The army said in a statement early Thursday that two soldiers were killed when gunmen "
        "stormed the post at about 11 p.m. local time."
    )
    attack = next(e for e in facts.events if e.kind == "attack")
    assert attack.when.start == "2024-02-07T23:00"


def test_speaker_who_says_it_did_it_becomes_the_initiator():
    facts = _facts(
        "A missile hit a car in Tyre on Tuesday, killing two people.\n\n"
        "The Israeli military said its aircraft had struck a Hezbollah commander."
    )
    (event,) = facts.events
    assert "idf" in event.initiators


def test_undated_mention_of_violence_is_the_event_already_told():
    facts = _facts(
        "Two rockets were fired at a base in Anbar on Monday. One rocket landed in open ground."
    )
    assert len(facts.events) == 1


def test_definite_reference_with_its_own_date_is_another_event():
    facts = _facts(
        "U.S. forces struck militia sites in Iraq on Friday.\n\n"
        "Washington has blamed Kata'ib Hezbollah for the Jan. 28 attack on a U.S. outpost."
    )
    assert ("attack", "2024-01-28", ("kh",)) in _events(facts)


def test_anti_ship_missile_struck_refers_back_and_adds_the_gmt_time():
    facts = _facts(
        "A missile fired by Yemen's Houthis hit a bulk carrier in the Gulf of Aden on Wednesday.\n\n"
        "The anti-ship ballistic missile struck the vessel at about 1130 GMT, the navy said."
    )
    assert ("attack", "2024-02-07T14:30", ("houthis",)) in _events(facts)


def test_a_clock_time_on_its_own_day_keeps_that_day_across_midnight():
    # 2215 GMT on Tuesday is 1:15 a.m. on Wednesday in Iraq: the day the act is told on
    facts = _facts(
        "Gunmen attacked an army checkpoint near Mosul on Wednesday, killing four soldiers.\n\n"
        "An officer said the attack began at 2215 GMT on Tuesday, local police said."
    )
    (attack,) = [e for e in facts.events if e.kind == "attack"]
    assert (attack.when.start, attack.when.tz) == ("2024-02-07T01:15", "Asia/Baghdad")


def test_a_town_that_names_the_zone_of_a_restated_clock_is_not_the_place():
    facts = _facts(
        "Gunmen attacked an army bus near Tal Zahra in Iraq's Kirkuk province on Wednesday, "
        "killing four soldiers.\n\n"
        "An officer said the attack began at 2215 GMT on Tuesday, which was 1:15 a.m. on "
        "Wednesday in Baghdad."
    )
    (attack,) = [e for e in facts.events if e.kind == "attack"]
    assert attack.location is None or attack.location.name != "Baghdad"


def test_a_reference_naming_another_target_is_another_act_and_keeps_its_day():
    facts = _facts(
        "A drone strike on Wagner Group fighters near Kidal killed four of them, the army said."
        "\n\nTensions have risen since the strike, and the attack on the Malian army in Gao on "
        "Tuesday."
    )
    by_kind = {e.kind: e for e in facts.events}
    assert by_kind["strike"].when.precision == "period"  # the strike's day is not told
    assert (by_kind["attack"].when.start, by_kind["attack"].targets) == (
        "2024-02-06",
        ["mali-forces"],
    )


def test_blamed_weapon_names_the_initiator_of_the_explosion():
    facts = _facts(
        "Security sources reported an explosion at a militia base near Hilla late Wednesday. "
        "Militia officials blamed a U.S. drone; a Pentagon official denied any involvement."
    )
    (event,) = facts.events
    assert event.kind == "strike" and "us-forces" in event.initiators
    assert event.status == "denied"


# -- kinds, statuses, initiators -------------------------------------------------------------


def test_strike_by_an_armed_group_is_an_attack():
    facts = _facts("The Houthis struck a tanker in the Red Sea on Tuesday.")
    assert [e.kind for e in facts.events] == ["attack"]


def test_by_demonym_forces_names_the_state():
    facts = _facts("The strike was carried out by Israeli jets on Monday, the ministry said.")
    assert ("strike", "2024-02-05", ("israel",)) in _events(facts)


def test_rockets_fired_in_the_passive_have_no_initiator():
    facts = _facts("The Israeli army says dozens of rockets were fired from Lebanon on Tuesday.")
    assert ("attack", "2024-02-06", ()) in _events(facts)


def test_aggregates_possibilities_states_and_plans_are_not_events():
    facts = _facts(
        "The allies have carried out repeated strikes on Houthi targets this year. "
        "The missiles could have been fired at any time. "
        "About 900 U.S. troops are deployed in Syria. "
        "Baghdad and Washington prepare for a new round of talks."
    )
    assert facts.events == []


def test_weapon_before_attacks_is_not_a_trigger_of_its_own():
    facts = _facts("The army accused him of directing rocket attacks on Israel.")
    assert facts.events == []


def test_protest_initiator_is_the_crowd():
    facts = _facts("On Tuesday afternoon, some protesters tried to storm the embassy in Baghdad.")
    (event,) = facts.events
    assert event.kind == "protest" and event.initiators[0].endswith("unresolved-some-protesters")


def test_reinforcements_are_a_deployment():
    facts = _facts(
        "Prime Minister Mohammed Shia al-Sudani sent reinforcements to Kirkuk on Monday."
    )
    assert ("deployment", "2024-02-05", ("iraq-pm-sudani",)) in _events(facts)


def test_calling_a_leader_is_talks():
    facts = _facts(
        "Antony Blinken called Mohammed Shia al-Sudani on Tuesday to discuss the troops."
    )
    assert ("talks", "2024-02-06", ("blinken",)) in _events(facts)
    assert ("blinken", "negotiates-with", "iraq-pm-sudani") in _triples(facts)


def test_in_protest_over_gives_a_motive_not_a_protest():
    facts = _facts(
        "It was the first time a crew member had died since the rebels began firing at ships "
        "in protest over the blockade.\n\nHundreds of dockers held a protest outside the port "
        "on Tuesday."
    )
    (protest,) = [e for e in facts.events if e.kind == "protest"]
    assert [s.quote[:8] for s in protest.spans] == ["Hundreds"]  # the dockers' only


# -- statements ------------------------------------------------------------------------------


def test_statement_dated_next_to_its_verb_is_an_event_beside_the_act():
    facts = _facts(
        "A Houthi missile struck a ship on Tuesday.\n\n"
        "The missile hit the ship at 0900 GMT, U.S. Central Command said in a statement late Tuesday."
    )
    assert ("statement", "2024-02-06", ("centcom",)) in _events(facts)


def test_speaker_announcing_its_own_course_is_an_announcement():
    facts = _facts("Kata'ib Hezbollah said on Monday it was suspending operations.")
    assert ("announcement", "2024-02-05", ("kh",)) in _events(facts)


def test_time_a_statement_was_posted_dates_it():
    facts = _facts(
        "Kata'ib Hezbollah said on Monday it was suspending operations. "
        "It was posted on the group's channel at about 8 p.m. local time."
    )
    assert ("announcement", "2024-02-05T20:00", ("kh",)) in _events(facts)


def test_blame_dated_at_its_verb_is_an_attribution():
    facts = _facts("The Pentagon on Tuesday blamed the attack on Kata'ib Hezbollah.")
    assert ("attribution", "2024-02-06", ("us-dod",)) in _events(facts)


# -- actors ----------------------------------------------------------------------------------


def test_who_tells_of_an_act_is_not_its_agent():
    facts = _facts(
        "Ukrainian authorities say a rocket strike killed more than 30 people at a train station "
        "in the east on Friday."
    )
    (strike,) = [e for e in facts.events if e.kind == "strike"]
    assert strike.initiators == []  # the text does not say who fired
    assert strike.asserted_by == ["ukraine-gov"]  # they are its source


def test_counted_or_crowded_victims_are_no_actors():
    facts = _facts(
        "Gunmen stormed the market town on Saturday and some 400 people were shot dead, a local "
        "official said.\n\nHundreds of people were wounded when the depot blew up on Sunday."
    )
    names = {a.name.lower() for a in facts.actors}
    assert not {n for n in names if "400 people" in n or "hundreds of people" in n}


def test_capital_that_acts_is_the_government_and_a_place_otherwise():
    facts = _facts("Washington has blamed Iran for the attack. Talks were held in Baghdad.")
    ids = {a.id for a in facts.actors}
    assert "us-gov" in ids and "iraq-gov" not in ids


def test_the_government_is_the_government_of_the_state_last_named():
    facts = _facts("Jordan intercepted drones overnight, the government said on Sunday.")
    assert ("jordan-gov", "said") in _claims(facts)


def test_victims_are_not_actors_but_crowds_are():
    facts = _facts(
        "Five soldiers were killed in the attack. Thousands of mourners gathered in Najaf on "
        "Wednesday, witnesses said."
    )
    ids = {a.id.split(".")[-1] for a in facts.actors}
    assert "unresolved-five-soldiers" not in ids
    assert {"unresolved-thousands-of-mourners", "unresolved-witnesses"} <= ids


def test_possessor_state_and_x_based_are_places():
    facts = _facts("Yemen's Houthis said a Britain-based monitor lied.")
    ids = {a.id for a in facts.actors}
    assert "houthis" in ids and "yemen" not in ids and "uk-gov" not in ids


def test_counter_terrorism_units_are_iraqi_security_forces():
    facts = _facts(
        "Iraqi counter-terrorism units backed by American forces arrested ten suspects on Monday."
    )
    assert ("arrest", "2024-02-05", ("iraq-security-forces",)) in _events(facts)
    assert ("us-forces", "supports", "iraq-security-forces") in _triples(facts)


# -- claims ----------------------------------------------------------------------------------


def test_two_speech_acts_in_one_sentence_are_two_claims():
    facts = _facts(
        "The Iraqi government condemned the strikes and denied it had been warned. "
        "The PMF said two fighters died; an interior ministry official put the toll at three."
    )
    claims = _claims(facts)
    assert {("iraq-gov", "condemned"), ("iraq-gov", "denied"), ("pmf", "said")} <= claims
    assert any(v == "put" for _, v in claims)


def test_coordinated_speakers_each_speak():
    facts = _facts("The United States and Iraq said on Friday the mission would end.")
    assert {("us-gov", "said"), ("iraq", "said")} <= _claims(facts)


def test_role_speakers_and_his_office():
    facts = _facts(
        "The ship's Greek-based owner said one sailor died. "
        "Mohammed Shia al-Sudani ordered an inquiry, his office said."
    )
    speakers = {s for s, _ in _claims(facts)}
    assert "iraq-pm-sudani" in speakers
    assert any(s and s.endswith("greek-based-owner") for s in speakers)


def test_a_place_before_a_participle_clause_is_not_the_speaker():
    facts = _facts(
        "A drone hit the market in Gao, killing or wounding dozens of shoppers, officials said. "
        "The Sahel Front, one of the groups fighting there, also said it would hold the town."
    )
    speakers = {s for s, _ in _claims(facts)}
    assert not any(s and s.endswith("-gao") for s in speakers), speakers
    assert any(s and s.endswith("officials") for s in speakers), speakers
    assert any(s and s.endswith("sahel-front") for s in speakers), speakers


def test_a_day_after_an_unknown_name_is_no_part_of_the_name():
    facts = _facts("The Tabriz Front on Thursday claimed the ambush on the convoy.")
    speakers = {s for s, _ in _claims(facts)}
    assert any(s and s.endswith("unresolved-tabriz-front") for s in speakers), speakers


def test_the_victim_of_a_result_clause_is_a_target_and_the_role_after_it_speaks():
    facts = _facts(
        "A drone struck a car near Gao on Friday, killing the militia commander Harun Bekzat, "
        "officials said."
    )
    strike = next(e for e in facts.events if e.kind == "strike")
    assert any(t.endswith("unresolved-harun-bekzat") for t in strike.targets), strike.targets
    speakers = {s for s, _ in _claims(facts)}
    assert any(s and s.endswith("unresolved-officials") for s in speakers), speakers
    assert not any(s and s.endswith("harun-bekzat") for s in speakers), speakers


def test_a_year_in_a_later_nouns_relative_clause_does_not_date_the_act():
    facts = _facts(
        "The Sahel Front, which claimed responsibility for the ambush, has warned villagers "
        "not to help the army in its war against the rebellion that began in Mali in 2012."
    )
    assert all(e.when.start is None for e in facts.events if e.kind == "attack"), facts.events
    facts = _facts("The strike that killed the commander on Monday hit a house in Gao.")
    assert any(e.when.precision == "day" for e in facts.events)


def test_twin_bombings_are_a_strike_and_the_country_they_were_in_no_target():
    facts = _facts(
        "The Sahel Front said Thursday that it carried out twin bombings which killed at least "
        "40 people at a market in Mali on Tuesday."
    )
    strike = next(e for e in facts.events if e.kind == "strike")
    assert "mali-gov" not in strike.targets and strike.location.name == "Mali"


def test_an_act_is_claimed_by_its_doer_alleged_by_its_accuser_reported_by_officials():
    def status_of(text, kind):
        return next(e.status for e in _facts(text).events if e.kind == kind)

    assert status_of("Police said gunmen attacked a bus near Gao on Monday.", "attack") == (
        "reported"
    )
    assert (
        status_of("The Sahel Front said it attacked a convoy near Gao on Monday.", "attack")
        == "claimed"
    )
    accused = "Mali accused the Sahel Front of attacking a convoy near Gao on Monday."
    assert status_of(accused, "attack") == "alleged"
    attack = next(e for e in _facts(accused).events if e.kind == "attack")
    assert [a.split(".")[-1] for a in attack.initiators] == ["unresolved-sahel-front"]


def test_civilians_killed_by_an_act_are_its_target():
    facts = _facts("Gunmen attacked a village near Gao on Friday, killing at least 40 civilians.")
    attack = next(e for e in facts.events if e.kind == "attack")
    assert "civilians" in attack.targets
    facts = _facts("More than 20 civilians died in the attack on the market in Gao on Friday.")
    attack = next(e for e in facts.events if e.kind == "attack")
    assert attack.targets == ["civilians"] and attack.initiators == []


def test_according_to_keeps_its_verb_and_pronoun_after_a_date():
    facts = _facts(
        "The commander ran the unit, according to the Pentagon. "
        "On Tuesday it said the strike was lawful."
    )
    assert {("us-dod", "according to"), ("us-dod", "said")} <= _claims(facts)


def test_inverted_quote_with_title_credits_the_named_speaker():
    facts = _facts(
        '"We will respond," said Gen. Michael Erik Kurilla, commander of U.S. Central Command.'
    )
    assert any(s.endswith("michael-erik-kurilla") for s, _ in _claims(facts))
    assert ("unresolved-michael-erik-kurilla", "commands", "centcom") in _triples(facts)


# -- relations -------------------------------------------------------------------------------


def test_backed_designated_and_blamed_relations():
    facts = _facts(
        "The State Department announced the designation of the Houthis on Monday. "
        "Iran-backed Houthi fighters fired a missile. "
        "The Nujaba movement, which Washington designated a terrorist group in 2019, vowed revenge. "
        "The Iraqi government said it held the international coalition responsible."
    )
    triples = _triples(facts)
    assert ("us-state-dept", "designates", "houthis") in triples
    assert ("iran", "backs", "houthis") in triples
    assert ("us-gov", "designates", "nujaba") in triples
    assert any(p == "attributes-attack-to" and o == "anti-is-coalition" for _, p, o in triples)


def test_opposes_supports_and_negotiates_relations():
    facts = _facts(
        "The United States and Britain have hit Houthi targets in strikes on the Houthis. "
        "American forces helped Israel down the drones. "
        "Hezbollah says it is acting in support of Hamas. "
        "Baghdad and Washington prepare for talks."
    )
    triples = _triples(facts)
    assert {("us-gov", "opposes", "houthis"), ("uk-gov", "opposes", "houthis")} <= triples
    assert ("us-forces", "supports", "israel") in triples
    assert ("hezbollah", "supports", "hamas") in triples
    assert ("iraq-gov", "negotiates-with", "us-gov") in triples


def test_membership_relations():
    facts = _facts(
        "The Islamic Resistance in Iraq, an umbrella of Iraqi factions that includes Kata'ib "
        "Hezbollah and Harakat al-Nujaba, claimed the attack. "
        "Mourners carried the coffin of Wissam Muhammad Sabir al-Saadi, the Kata'ib Hezbollah "
        "commander. "
        "The strike killed two generals of the Revolutionary Guards' elite Quds Force."
    )
    triples = _triples(facts)
    assert ("kh", "member-of", "islamic-resistance-in-iraq") in triples
    assert ("nujaba", "member-of", "islamic-resistance-in-iraq") in triples
    assert ("kh-abu-baqir-al-saadi", "member-of", "kh") in triples
    assert ("quds-force", "part-of", "irgc") in triples


def test_which_speaker_said_was_carried_out_by_demonym_forces():
    facts = _facts(
        "The strike, which Syria's defence ministry said was carried out by Israeli jets, hit "
        "the building on Monday."
    )
    # "Syria's defence ministry" speaks for the Syrian government
    assert ("syria-gov", "attributes-attack-to", "israel") in _triples(facts)


def test_named_units_their_owner_and_their_head():
    facts = _facts(
        "Hezbollah confirmed the death of Ali Hassan, a commander in its elite Nasr Force. "
        "The commander, Ali Hassan, headed the Badr unit of the group."
    )
    triples = _triples(facts)
    assert ("unresolved-nasr-force", "part-of", "hezbollah") in triples
    assert ("unresolved-ali-hassan", "member-of", "unresolved-nasr-force") in triples
    assert ("unresolved-ali-hassan", "commands", "unresolved-badr-unit") in triples


def test_state_agency_is_part_of_its_government():
    facts = _facts("The British maritime security agency UKMTO said the crew left the ship.")
    assert ("unresolved-ukmto", "part-of", "uk-gov") in _triples(facts)


def test_undated_telling_folds_into_the_dated_event_of_an_affiliated_actor():
    facts = _facts(
        "Jordan shot down drones, the government said on Sunday, as Iran carried out its first "
        "direct attack on Israel.\n\n"
        "Iran's Revolutionary Guards said they launched drones at Israel late Saturday."
    )
    violent = [e for e in facts.events if e.kind in ("attack", "strike")]
    assert [(e.when.start, e.initiators) for e in violent] == [("2024-02-03", ["irgc"])]
    assert all(a in {e.id for e in facts.events} for c in facts.claims for a in c.about)


def test_blame_on_two_groups_names_both():
    facts = _facts(
        "The Pentagon blamed the attack on the Islamic Resistance in Iraq banner, including "
        "Kata'ib Hezbollah, a name the group uses."
    )
    triples = _triples(facts)
    assert ("us-dod", "attributes-attack-to", "islamic-resistance-in-iraq") in triples
    assert ("us-dod", "attributes-attack-to", "kh") in triples
    assert ("kh", "member-of", "islamic-resistance-in-iraq") in triples


# -- generalisation rules --------------------------------------------------------------------


def test_ministry_speaks_for_its_states_government():
    facts = _facts("Iraq's interior ministry said the border crossing was closed.")
    assert ("iraq-gov", "said") in _claims(facts)


def test_named_chairman_speaks_as_himself_not_for_his_body():
    facts = _facts("PMF chairman Karim al-Haddad said the convoy had left.")
    assert ("unresolved-karim-al-haddad", "said") in _claims(facts)


def test_speech_verb_in_a_relative_clause_is_not_the_claim():
    facts = _facts(
        "Kata'ib Hezbollah, a faction that has claimed several raids, urged its members to stay home."
    )
    assert _claims(facts) == {("kh", "urged")}


def test_statement_issued_on_a_day_dates_the_statement():
    facts = _facts("The Pentagon said in a statement issued late Tuesday that the base was safe.")
    assert ("statement", "2024-02-06", ("us-dod",)) in _events(facts)


def test_clock_time_on_the_day_named_in_the_sentence_times_the_event():
    facts = _facts(
        "Early on Tuesday, Israeli jets struck a depot near Aleppo, at about 2:15 a.m. local time."
    )
    assert any(
        e.kind == "strike" and e.when.start == "2024-02-06T02:15" and e.when.tz == "Asia/Damascus"
        for e in facts.events
    )


def test_demonym_before_an_aircraft_model_names_the_initiator():
    facts = _facts("Israeli F-35 jets struck a depot near Aleppo on Monday.")
    assert ("strike", "2024-02-05", ("israel",)) in _events(facts)


def test_plural_trigger_counted_since_a_date_is_an_aggregate():
    facts = _facts("The Houthis have launched 40 attacks on ships since December.")
    assert not [e for e in facts.events if e.kind in ("attack", "strike")]


def test_few_counted_strikes_are_an_occurrence():
    facts = _facts("On Monday two precise air strikes hit a camp near Mosul.")
    assert any(e.kind == "strike" and e.when.start == "2024-02-05" for e in facts.events)


def test_aircraft_of_a_force_credit_the_force():
    facts = _facts("On Monday, aircraft of the Iraqi Air Force bombed a hideout near Kirkuk.")
    assert ("strike", "2024-02-05", ("iraq-security-forces",)) in _events(facts)


def test_bare_clock_time_in_a_later_sentence_times_the_dated_event():
    facts = _facts(
        "An Israeli strike hit a building near Damascus on Tuesday.\n\n"
        "Witnesses said jets fired two missiles at about 4:10 p.m."
    )
    violent = [e for e in facts.events if e.kind in ("strike", "attack")]
    assert [(e.when.start, e.when.tz) for e in violent] == [("2024-02-06T16:10", "Asia/Damascus")]


def test_weapon_launched_by_militants_is_their_attack():
    facts = _facts("Rockets fired by Iran-backed militants struck a base in Syria on Monday.")
    assert [(e.kind, e.when.start) for e in facts.events if e.initiators] == [
        ("attack", "2024-02-05")
    ]
    assert "militants" in facts.events[0].initiators[0]


def test_speaker_of_reported_speech_is_not_the_initiator():
    facts = _facts(
        "The Pentagon said on Monday that unidentified jets had struck a depot in Syria."
    )
    strikes = [e for e in facts.events if e.kind == "strike"]
    assert strikes and all("us-dod" not in e.initiators for e in strikes)


def test_a_demonym_on_the_act_names_its_initiator_not_the_victim_before_it():
    # the subject of "was among ... killed" is a victim, the demonym on the strike is who did it
    facts = _facts(
        "Rebel commander Idris Malko was among five people killed on Sunday night in a "
        "Turkish drone strike on a farm near Qamishli, two local sources said."
    )
    names = {a.id: a.name for a in facts.actors}
    (strike,) = [e for e in facts.events if e.kind == "strike"]
    assert [names[a] for a in strike.initiators] == ["Turkey"]


def test_a_barrage_of_rockets_toward_a_state_has_it_as_target():
    facts = _facts("Hezbollah launched a barrage of rockets toward Israel on Tuesday evening.")
    (attack,) = [e for e in facts.events if e.kind == "attack"]
    assert attack.initiators == ["hezbollah"] and attack.targets == ["israel"]


def test_places_around_off_and_in_a_part_of_a_country():
    cases = {
        "Jets struck rebel sites around Hodeidah on Tuesday.": ("Hodeidah", "Yemen"),
        "Jets struck rebel sites in western Yemen on Tuesday.": ("Yemen", "Yemen"),
        "A drone hit a tanker off the Yemeni port of Hodeidah on Tuesday.": ("Hodeidah", "Yemen"),
    }
    for text, (name, country) in cases.items():
        (event,) = _facts(text).events
        assert (event.location.name, event.location.countries) == (name, [country]), text


def test_a_week_is_a_period_and_earlier_in_the_week_ends_before_the_day_of_writing():
    # published Thursday 2024-02-08: "earlier in the week" is Monday to Wednesday
    (event,) = _facts("Gunmen attacked an army post near Kidal earlier in the week.").events
    assert (event.when.precision, event.when.start, event.when.end) == (
        "period",
        "2024-02-05",
        "2024-02-07",
    )
    (event,) = _facts("Gunmen attacked an army post near Kidal last week.").events
    assert (event.when.start, event.when.end) == ("2024-01-29", "2024-02-04")


def test_a_sentence_opener_is_no_part_of_the_name_after_it():
    facts = _facts(
        "Early reports gave 12 dead. Later Ahmad Rahimi, head of the provincial council, "
        "said on Tuesday that the toll had risen to 20."
    )
    names = [a.name for a in facts.actors]
    assert "Ahmad Rahimi" in names and not any(n.startswith("Later") for n in names)


def test_as_announced_by_names_the_speaker_after_by():
    facts = _facts(
        "Jordan's air force struck smuggling routes near the border on Monday, as announced by "
        "the Jordanian army."
    )
    names = {a.id: a.name for a in facts.actors}
    (claim,) = facts.claims
    assert (names[claim.speaker], claim.verb) == ("Armed forces of Jordan", "announced")
    assert claim.content == "Jordan's air force struck smuggling routes near the border on Monday"
    # no actor stands for "local media": no speaker is made up from the words before the verb
    assert (
        _facts("As reported by local media, two drones were shot down over the city.").claims == []
    )


def test_a_reference_dated_in_another_year_is_another_event():
    facts = _facts(
        "Gunmen killed at least 100 villagers near Kaya on Saturday. It was one of the deadliest "
        "assaults since the attack in Solhan. In June 2021, 160 people were killed in that "
        "attack, which was attributed to the group.",
        "2024-08-27",
    )
    dated = {(e.when.precision, e.when.start): e for e in facts.events}
    assert set(dated) == {("day", "2024-08-24"), ("month", "2021-06")}
    assert [o.count.best for o in dated[("day", "2024-08-24")].outcomes] == [100]
    assert [o.count.best for o in dated[("month", "2021-06")].outcomes] == [160]


def _target_names(facts, event) -> list[str]:
    names = {a.id: a.name for a in facts.actors}
    return [names[t] for t in event.targets]


def test_a_person_hit_is_hit_with_the_group_they_belong_to():
    # the group is named in another sentence, under the person's full name
    facts = _facts(
        "Yusuf al-Katib was killed on Tuesday in a drone strike on a flat in the south of the "
        "city, two security sources said. Hamas commander Yusuf al-Katib had been in hiding for "
        "months."
    )
    strike = next(e for e in facts.events if e.kind == "strike")
    names = _target_names(facts, strike)
    assert names[-1] == "Hamas" and any("Katib" in n for n in names[:-1])


def test_a_site_is_the_target_of_a_strike_that_hit_no_actor():
    facts = _facts("Missiles struck the main railway station of the town on Monday morning.")
    struck = next(e for e in facts.events)
    assert _target_names(facts, struck) == ["railway station"]
    assert {a.kind for a in facts.actors if a.id in struck.targets} == {"site"}


def test_the_incident_adds_its_time_to_the_act_told_before_and_makes_none_of_its_own():
    facts = _facts(
        "In a deadly attack, two crew members were killed after a Houthi drone struck the "
        "tanker Sea Lark off the coast. The incident, which happened at about 14:10 GMT on "
        "Tuesday, was the first of its kind this year. An incident at a checkpoint was also "
        "reported.",
        published="2024-05-08",
    )
    violent = [e for e in facts.events if e.kind in ("attack", "strike", "killing")]
    assert len(violent) == 1
    attack = violent[0]
    assert (attack.when.precision, attack.when.start[:10]) == ("minute", "2024-05-07")
    names = {a.id: a.name for a in facts.actors}
    # the missile that struck names who attacked, though "attack" itself names nobody
    assert [names[a] for a in attack.initiators] == ["Ansar Allah"]
    assert "Ansar Allah" in attack.summary


def test_an_act_placed_in_a_country_takes_the_one_town_its_own_sentences_name():
    facts = _facts(
        "Gunmen killed at least 40 villagers in Burkina Faso on Saturday, officials said. The "
        "attack took place near the town of Dablo, residents said."
    )
    attack = next(e for e in facts.events if e.kind in ("attack", "killing"))
    assert (attack.location.name, attack.location.precision) == ("Dablo", "town")
    assert attack.summary.endswith("in Dablo.")


def test_an_act_placed_in_a_country_takes_the_one_town_beside_a_region():
    facts = _facts(
        "A missile struck a crowded railway station in Ukraine on Friday, killing 30 people.\n\n"
        "The head of the railways said the strike happened in Kramatorsk, a city in the "
        "Donetsk region."
    )
    (strike,) = [e for e in facts.events if e.kind == "strike"]
    assert strike.location is not None and strike.location.name == "Kramatorsk"


def test_an_act_placed_in_a_country_keeps_it_when_its_sentences_name_two_towns():
    facts = _facts(
        "Gunmen killed at least 40 villagers in Burkina Faso on Saturday, officials said. The "
        "attack took place between the town of Dablo and the town of Kaya, residents said."
    )
    attack = next(e for e in facts.events if e.kind in ("attack", "killing"))
    assert attack.location.name == "Burkina Faso"


def test_local_time_at_a_village_the_index_cannot_place_is_the_datelines_zone():
    doc = _doc(
        "AMMAN, May 7 (Levant Wire) - A drone hit a farmhouse in the village of Umm Qasir Tell "
        "on Tuesday, killing two people, Jordan's civil defence said. Syria denied any role."
        "\n\nThe drone struck at 11:40 a.m. local time on Tuesday, a witness said.",
        "2024-05-07",
    )
    # the outlet's zone (UTC here) is not where the reporter is
    facts = extract_document(doc)
    strike = next(e for e in facts.events if e.when.precision == "minute")
    assert (strike.when.start, strike.when.tz) == ("2024-05-07T11:40", "Asia/Amman")
    assert "dateline" in strike.when.basis and "zone" in strike.when.inferred


def test_a_site_named_by_no_capitalised_word_is_no_named_actor():
    facts = _facts(
        "Missiles struck a railway station on Monday. An air strike hit the Ruritanian "
        "consulate on Tuesday."
    )
    named = {a.name: a.named for a in facts.actors if a.kind == "site"}
    # a "railway station" in another report is not the same station; the consulate may be
    assert named == {"railway station": False, "Ruritanian consulate": True}


def test_rebels_somewhere_who_say_they_killed_are_the_speaker_and_the_killers():
    facts = _facts(
        "Separatist rebels in northern Mali said on Thursday that they killed 30 soldiers in "
        "an ambush near Kidal."
    )
    names = {a.id: a.name for a in facts.actors}
    claim = facts.claims[0]
    assert names[claim.speaker] == "Separatist rebels"  # not Mali, where they are
    killing = next(e for e in facts.events if e.kind in ("killing", "attack"))
    assert [names[a] for a in killing.initiators] == ["Separatist rebels"]


def test_local_time_is_not_a_foreign_datelines_zone():
    facts = _facts(
        "WASHINGTON, May 7 (Capital Wire) - A drone hit a farmhouse in the village of Umm "
        "Qasir Tell in Jordan on Tuesday, killing two people, officials said.\n\nThe drone "
        "struck at 11:40 a.m. local time on Tuesday, a witness said.",
        "2024-05-07",
    )
    strike = next(e for e in facts.events if e.when.precision == "minute")
    assert strike.when.tz != "America/New_York"  # the story never names the United States
