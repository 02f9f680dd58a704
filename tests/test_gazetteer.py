"""The actor gazetteer: packaged data, spelling variants, lookup, find and load errors."""

from __future__ import annotations

import typing
from pathlib import Path

import pytest
from conftest import SEED_ID

from helpers import config
from helpers.facts.gazetteer import DEFAULT_PATH, MAX_VARIANTS, Gazetteer, load_gazetteer, variants
from helpers.facts.loading import InputError
from helpers.facts.schema import ActorKind

REQUIRED_IDS = [
    "us-gov",
    "us-forces",
    "centcom",
    "us-dod",
    "us-state-dept",
    "biden",
    "austin",
    "blinken",
    "iraq-gov",
    "iraq-pm-sudani",
    "iraq-security-forces",
    "pmf",
    "kh",
    "kh-abu-baqir-al-saadi",
    "nujaba",
    "asaib-ahl-al-haq",
    "kataib-sayyid-al-shuhada",
    "badr",
    "islamic-resistance-in-iraq",
    "iran",
    "iran-gov",
    "irgc",
    "quds-force",
    "khamenei",
    "syria",
    "syria-gov",
    "jordan",
    "jordan-gov",
    "israel",
    "israel-gov",
    "idf",
    "netanyahu",
    "hamas",
    "hezbollah",
    "nasrallah",
    "houthis",
    "islamic-state",
    "anti-is-coalition",
    "uk-gov",
    "un",
]


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return load_gazetteer()


def test_packaged_file_loads_with_required_ids_and_valid_kinds(gaz):
    assert DEFAULT_PATH.name == "gazetteer.yaml" and gaz.path == DEFAULT_PATH
    # the hand-written entries, and a government and armed forces for every country (generated)
    assert len(gaz.actors) >= 45 + 400
    assert set(REQUIRED_IDS) <= set(gaz.actors)
    kinds = set(typing.get_args(ActorKind))
    assert {actor.kind for actor in gaz.actors.values()} <= kinds
    assert gaz.actors["kh-abu-baqir-al-saadi"].kind == "person"
    assert load_gazetteer() is gaz  # cached


def test_references_resolve_and_codes_are_sane(gaz):
    for actor in gaz.actors.values():
        assert {a.id for a in actor.affiliations} <= set(gaz.actors)
        assert {d.by for d in actor.designations} <= set(gaz.actors)
    assert gaz.actors["hezbollah"].cameo == "LBNREB"
    assert gaz.actors["kh"].cameo is None  # not the Lebanese group's code
    assert gaz.actors["biden"].valid_from == "2021-01-20"
    assert gaz.actors["biden"].valid_to == "2025-01-20"


@pytest.mark.parametrize(
    "surface",
    ["Kata’ib Hezbollah", "Kataib Hezbollah", "Kata'ib Hizballah", "Hezbollah Brigades", "KH"],
)
def test_kataib_hezbollah_spellings(gaz, surface):
    assert gaz.lookup(surface) == "kh"


@pytest.mark.parametrize(
    "surface",
    ["Kataib Hizbollah", "Kataeb Hezbollah", "Kata-ib Hezbollah", "Kata`ib Hizbullah"],
)
def test_generated_spellings_need_no_alias(gaz, surface):
    assert gaz.lookup(surface) == "kh"
    assert "Kataib Hezbollah" not in gaz.actors["kh"].aliases  # generated, not listed


def test_hezbollah_alone_is_the_lebanese_group(gaz):
    for surface in ["Hezbollah", "Hizballah", "Hizbu’llah", "Lebanese Hezbollah"]:
        assert gaz.lookup(surface) == "hezbollah"


def test_find_keeps_kataib_hezbollah_and_hezbollah_apart(gaz):
    text = "Kata’ib Hezbollah and Hezbollah of Lebanon"
    assert gaz.find(text) == [
        (0, 17, "Kata’ib Hezbollah", "kh"),
        (22, 42, "Hezbollah of Lebanon", "hezbollah"),
    ]


def test_longest_match_names_the_command_not_the_country(gaz):
    assert gaz.lookup("U.S. Central Command") == "centcom"
    assert gaz.lookup("CENTCOM") == "centcom"
    assert gaz.find("by U.S. Central Command (CENTCOM) forces") == [
        (3, 23, "U.S. Central Command", "centcom"),
        (25, 32, "CENTCOM", "centcom"),
    ]


def test_nom_de_guerre_and_legal_name_are_one_person(gaz):
    pid = gaz.lookup("Abu Baqir al-Saadi")
    assert pid == "kh-abu-baqir-al-saadi"
    assert gaz.lookup("Wissam Muhammad Sabir al-Saadi") == pid
    assert gaz.lookup("Wissam Mohammed Sabir al-Sa'adi") == pid


def test_short_forms_are_case_sensitive(gaz):
    assert gaz.lookup("IS") == "islamic-state"
    assert gaz.lookup("is") is None and gaz.lookup("Is") is None
    assert gaz.lookup("kh") is None and gaz.lookup("pmf") is None
    assert gaz.lookup("kataib hezbollah") == "kh"  # longer forms: any case
    text = "What is left of IS is unclear."
    assert gaz.find(text) == [(16, 18, "IS", "islamic-state")]


def test_find_skips_lowercase_words_that_are_capitalised_names(gaz):
    assert gaz.find("a turkey and a pentagon") == []
    assert [m[3] for m in gaz.find("TURKEY AND THE PENTAGON")] == ["turkey", "us-dod"]


def test_ambiguous_forms_resolve_to_no_actor(gaz):
    assert gaz.ambiguous["Islamic Resistance"] == ["hezbollah", "islamic-resistance-in-iraq"]
    assert "Islamic Resistance" not in gaz.surface_forms()
    assert gaz.lookup("Islamic Resistance") is None
    assert gaz.find("The Islamic Resistance claimed it.") == []
    assert gaz.lookup("Islamic Resistance in Iraq") == "islamic-resistance-in-iraq"


def test_surface_forms_cover_names_and_variants(gaz):
    forms = gaz.surface_forms()
    assert forms["Kata’ib Hezbollah"] == "kh" and forms["US"] == "us-gov"
    assert forms["U.N."] == "un" and forms["Hashd al Shaabi"] == "pmf"
    for actor in gaz.actors.values():
        for name in actor.names:
            assert forms.get(name, actor.id) == actor.id


def test_variants_are_bounded_deterministic_and_keep_the_original():
    names = ["Kata'ib Hezbollah", "Wissam Muhammad Sabir al-Saadi", "U.S. Central Command"]
    for name in names:
        out = variants(name)
        assert name in out and list(out) == sorted(out) and len(out) <= MAX_VARIANTS
        assert variants(name) == out
    assert "US Central Command" in variants("U.S. Central Command")
    assert "U.S." in variants("US")
    assert {"Qasim Soleimani", "Qassem Suleimani"} <= set(variants("Qassem Soleimani"))


def test_find_offsets_in_the_seed_match_the_text(gaz):
    text = (config.SEEDS_DIR / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    found = gaz.find(text)
    assert found
    for start, end, surface, actor_id in found:
        assert text[start:end] == surface and actor_id in gaz.actors
    ids = {m[3] for m in found}
    assert {"kh", "centcom", "us-gov", "us-forces", "iraq-gov", "biden"} <= ids
    assert "hezbollah" not in ids
    assert all(a <= b for (_, a, _, _), (b, _, _, _) in zip(found, found[1:], strict=False))


# --------------------------------------------------------------------------------------------
# Broken files

_HEADER = "schema_version: 1\nactors:\n"
_ENTRY = """  - id: {id}
    name: {name}
    kind: armed group
    country: Iraq
    aliases: [{aliases}]
    affiliations: [{affiliations}]
    acled_inter: 3
    cameo: null
"""


def _write(tmp_path: Path, *entries: dict, extra: str = "") -> Path:
    path = tmp_path / "gazetteer.yaml"
    body = "".join(
        _ENTRY.format(**{"aliases": "", "affiliations": "", **entry}) for entry in entries
    )
    path.write_text(_HEADER + body + extra, encoding="utf-8")
    return path


def _error(path: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_gazetteer(path)
    return info.value


def test_a_small_valid_file_loads(tmp_path):
    path = _write(tmp_path, {"id": "a", "name": "Alpha Brigades"}, {"id": "b", "name": "Beta"})
    gaz = load_gazetteer(path)
    assert gaz.path == path and sorted(gaz.actors) == ["a", "b"]
    assert gaz.lookup("alpha brigades") == "a"


def test_duplicate_id_names_file_and_line(tmp_path):
    path = _write(tmp_path, {"id": "a", "name": "Alpha"}, {"id": "a", "name": "Beta"})
    err = _error(path)
    assert err.path == path and err.line == 11 and err.field == "actors[1].id"
    assert str(err).startswith(f"{path}:11: actors[1].id: duplicate id 'a' (also at line 3)")


def test_unknown_affiliation_id_names_file_and_line(tmp_path):
    path = _write(
        tmp_path,
        {"id": "a", "name": "Alpha"},
        {"id": "b", "name": "Beta", "affiliations": "{id: nobody, relation: part-of}"},
    )
    err = _error(path)
    assert err.path == path and err.line == 16
    assert err.field == "actors[1].affiliations[0].id"
    assert "unknown actor id 'nobody'" in str(err) and str(err).startswith(f"{path}:16:")


def test_unknown_field_and_bad_kind_are_reported(tmp_path):
    path = _write(tmp_path, {"id": "a", "name": "Alpha"}, extra="    nickname: A\n")
    assert "unknown field" in str(_error(path)) and _error(path).line == 11
    path.write_text(path.read_text().replace("nickname: A\n", "").replace("armed group", "gang"))
    err = _error(path)
    assert err.field == "actors[0].kind" and err.line == 5


def test_shared_alias_must_be_declared_ambiguous(tmp_path):
    entries = (
        {"id": "a", "name": "Alpha", "aliases": "The Front"},
        {"id": "b", "name": "Beta", "aliases": "The Front"},
    )
    err = _error(_write(tmp_path, *entries))
    assert err.line == 15 and err.field == "actors[1].aliases[0]"
    assert "also a name of 'a' (line 7" in str(err) and "ambiguous" in str(err)

    declared = "ambiguous:\n  - {form: The Front, actors: [a, b], reason: both use it}\n"
    gaz = load_gazetteer(_write(tmp_path, *entries, extra=declared))
    assert gaz.ambiguous["The Front"] == ["a", "b"] and gaz.lookup("The Front") is None
    assert gaz.lookup("Alpha") == "a"


def test_generated_variant_shared_by_two_actors_is_an_error(tmp_path):
    path = _write(tmp_path, {"id": "a", "name": "Hezbollah X"}, {"id": "b", "name": "Hizballah X"})
    err = _error(path)
    assert err.field == "actors[1].name" and "'Hezbollah X'" in str(err)


def test_alias_the_code_generates_is_rejected_as_redundant(tmp_path):
    path = _write(tmp_path, {"id": "a", "name": "Kata'ib Alpha", "aliases": "Kataib Alpha"})
    err = _error(path)
    assert err.line == 7 and err.field == "actors[0].aliases[0]"
    assert "redundant alias 'Kataib Alpha': generated from \"Kata'ib Alpha\"" in str(err)


def test_stale_ambiguous_declaration_is_an_error(tmp_path):
    extra = "ambiguous:\n  - {form: Gamma, actors: [a, b], reason: none}\n"
    path = _write(tmp_path, {"id": "a", "name": "Alpha"}, {"id": "b", "name": "Beta"}, extra=extra)
    err = _error(path)
    assert err.field == "ambiguous[0].form" and err.line == 20


def test_missing_file_and_syntax_error_name_the_file(tmp_path):
    missing = tmp_path / "nope.yaml"
    assert _error(missing).path == missing
    path = tmp_path / "broken.yaml"
    path.write_text("schema_version: 1\nactors: [\n", encoding="utf-8")
    err = _error(path)
    assert err.path == path and "YAML syntax error" in str(err)


def test_every_country_has_its_government_and_forces_with_the_names_news_uses(gaz):
    """Actors anywhere: a country's forces by demonym and possessive, its government by name."""
    expected = {
        "Russian forces": "russia-forces",
        "Malian army": "mali-forces",
        "Ukraine's military": "ukraine-forces",
        "Pakistani security forces": "pakistan-forces",
        "Burkinabe soldiers": "burkina-faso-forces",
        "Sudanese troops": "sudan-forces",
        "Mali": "mali-gov",
        "Somali government": "somalia-gov",
    }
    assert {name: gaz.lookup(name) for name in expected} == expected
    assert gaz.demonyms["Malian"] == "mali-forces"
    assert gaz.actors["mali-forces"].affiliations[0].id == "mali-gov"


def test_hand_written_entries_win_over_generated_ones(gaz):
    """The seed region's hand-written actors keep their ids; generated names join them."""
    assert gaz.lookup("American troops") == "us-forces"
    assert gaz.lookup("Israeli military") == "idf"
    assert gaz.demonyms["Israeli"] == "idf"
    assert gaz.lookup("Iranian authorities") == "iran-gov"
    assert "iran-gov" not in {
        a.id
        for a in gaz.actors.values()
        if a.id.endswith("-gov") and a.id != "iran-gov" and a.country == "Iran"
    }
    assert not any(
        a.country == "United States" and a.id.startswith("united-states")
        for a in gaz.actors.values()
    )
