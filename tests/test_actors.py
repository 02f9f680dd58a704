from helpers import build_actor_table, build_relation_table, count_mentions, load_corpus
from helpers.brief.actor_table import relation_graph


def test_mentions_prefer_the_longest_alias():
    counts = count_mentions(load_corpus())
    assert counts["kh"] == 7  # six "Kata’ib Hezbollah" + one "KH"
    assert counts["centcom"] == 4  # "U.S. Central Command" is not counted for the United States
    assert counts["islamic-state"] == 1
    assert counts["biden"] == 1


def test_actor_table_derives_affiliations_from_sourced_relations():
    df = build_actor_table(load_corpus(), focus_actor="kh").set_index("actor_id")
    assert df.loc["kh-leader", "affiliations"] == "member of Kata'ib Hezbollah (KH)"
    assert "backed by Iran" in df.loc["iran-backed-militants", "affiliations"]
    assert "(claimed)" in df.loc["kh", "affiliations"]
    assert df.loc["kh", "designations"].startswith("designated by United States")
    assert df.loc["kh-leader", "named"] == False  # noqa: E712 (numpy bool)
    assert (df.loc["kh-leader", "first_seen"], df.loc["kh-leader", "last_seen"]) == (
        "2024-02-07",
        "2024-02-07",
    )
    assert df.loc["biden", "roles"] == "initiator ×1; relation subject ×1; speaker ×1"
    assert df["focus"].sum() == 1 and df.loc["kh", "focus"]


def test_relation_table_and_graph():
    corpus = load_corpus()
    rel = build_relation_table(corpus, focus_actor="iran")
    assert rel["focus"].sum() == 2
    claimed = rel[rel["status"] == "claimed"]
    assert set(claimed["predicate"]) >= {"attributes-attack-to", "supports"}
    graph = relation_graph(corpus)
    assert graph.number_of_nodes() == 13 and graph.number_of_edges() == 14
