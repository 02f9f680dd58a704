"""The Parquet facts store: batches, supersession, crash safety, queries, Corpus rebuild."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from conftest import SEED_ID

from helpers import config
from helpers.extract.pipeline import build_nlp, extract_document, extract_to
from helpers.facts.loading import InputError, _spans, load_corpus, load_document
from helpers.facts.schema import When
from helpers.facts.store import (
    TABLES,
    DocResult,
    FactsStore,
    iter_spans,
    schemas,
    when_interval_utc,
)

DEVSET = config.PROJECT_ROOT / "benchmarks" / "devset"
DEV_IDS = (
    "01_wire_us_strikes_iraq_syria",
    "03_press_release_centcom_houthis",
    "12_regional_abu_baqir_funeral",
)


def copy_docs(target: Path, ids: tuple[str, ...] = DEV_IDS, seed: bool = True) -> Path:
    """Copy texts and sidecars (the seed document and devset documents) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    sources = [(config.SEEDS_DIR, SEED_ID)] if seed else []
    sources += [(DEVSET, doc_id) for doc_id in ids]
    for directory, doc_id in sources:
        for suffix in (config.SEED_TEXT_SUFFIX, config.SEED_META_SUFFIX):
            shutil.copyfile(directory / f"{doc_id}{suffix}", target / f"{doc_id}{suffix}")
    return target


def results_for(seeds: Path) -> list[DocResult]:
    nlp = build_nlp()
    out = []
    for path in sorted(seeds.glob("*.txt")):
        doc = load_document(path)
        out.append(DocResult.from_facts(doc, extract_document(doc, nlp)))
    return out


@pytest.fixture
def seeds(tmp_path: Path) -> Path:
    return copy_docs(tmp_path / "seeds")


@pytest.fixture
def store(tmp_path: Path, seeds: Path) -> FactsStore:
    results = results_for(seeds)
    store = FactsStore(tmp_path / "store")
    assert store.write_batch(results[:2]) == 1
    assert store.write_batch(results[2:]) == 2
    return store


def test_facts_files_round_trip(store: FactsStore, seeds: Path) -> None:
    nlp = build_nlp()
    expected = [extract_document(load_document(p), nlp) for p in sorted(seeds.glob("*.txt"))]
    assert store.facts_files() == expected
    ids = [ff.documents[0] for ff in expected]
    assert store.facts_files([ids[2], ids[0]]) == [expected[2], expected[0]]
    with pytest.raises(InputError, match="not in the facts store"):
        store.facts_files(["no-such-document"])


def test_layout_one_part_per_table_and_batch(store: FactsStore) -> None:
    for table in TABLES:
        names = sorted(p.name for p in (store.path / table).iterdir())
        assert len(names) == 2, table
        assert names == sorted(p.name for p in (store.path / "documents").iterdir())
        assert all(n.startswith(("part-000001-", "part-000002-")) for n in names)


def test_tables_have_schema_columns_and_sorted_rows(store: FactsStore, seeds: Path) -> None:
    docs = store.table("documents")
    assert list(docs.columns) == schemas()["documents"].names
    assert list(docs["doc_id"]) == sorted(p.stem for p in seeds.glob("*.txt"))
    assert set(docs["review_status"]) == {"machine-extracted"}
    assert list(docs["batch"]) == [1, 1, 2, 2]
    seed = docs.set_index("doc_id").loc[SEED_ID]
    assert seed["text"] == (seeds / f"{SEED_ID}.txt").read_text(encoding="utf-8")
    assert seed["sha256"] == load_document(seeds / f"{SEED_ID}.txt").meta.sha256
    events = store.table("events")
    assert list(events.columns) == schemas()["events"].names
    keys = list(zip(events["doc_id"], events["event_id"], strict=True))
    assert keys == sorted(keys)
    assert docs["n_events"].sum() == len(events)
    assert all(isinstance(v, list) for v in events["initiators"])
    assert str(events["killed_best"].dtype) == "Int64"
    quotes = {e: q for e, q in zip(events["event_id"], events["quote"], strict=True)}
    for ff in store.facts_files():
        for event in ff.events:
            assert quotes[event.id] == event.spans[0].quote
    actors = store.table("actors", ["doc_id", "actor_id", "n_spans"])
    assert list(actors.columns) == ["doc_id", "actor_id", "n_spans"]
    assert docs["n_actors"].sum() == len(actors)
    assert store.table("errors").empty
    with pytest.raises(ValueError, match="unknown table"):
        store.table("nope")


def test_sql_views(store: FactsStore) -> None:
    kinds = store.sql("SELECT kind, count(*) AS n FROM events GROUP BY 1 ORDER BY 1")
    expected = store.table("events").groupby("kind").size()
    assert dict(zip(kinds["kind"], kinds["n"], strict=True)) == expected.to_dict()
    for table in TABLES:
        assert store.sql(f"SELECT count(*) AS n FROM {table}")["n"][0] == len(store.table(table))
    killed = store.sql('SELECT doc_id, "end", killed_best FROM events WHERE killed_best > 0')
    assert len(killed) == int((store.table("events")["killed_best"] > 0).sum())


def test_empty_store_reads_as_empty(tmp_path: Path) -> None:
    store = FactsStore(tmp_path / "nothing")
    assert store.done() == {}
    assert store.table("events").empty
    assert list(store.table("claims").columns) == schemas()["claims"].names
    assert store.sql("SELECT count(*) AS n FROM documents")["n"][0] == 0
    assert store.facts_files() == []
    assert store.corpus().documents == {}
    assert not (tmp_path / "nothing").exists()  # reading creates nothing


def test_corpus_matches_load_facts_of_extracted_files(
    tmp_path: Path, store: FactsStore, seeds: Path
) -> None:
    """store.corpus() gives what the brief gets from the same facts written as YAML files."""
    extract_to(seeds, tmp_path / "extracted")
    expected = load_corpus(seeds, [tmp_path / "extracted"])
    corpus = store.corpus()
    assert list(corpus.documents) == list(expected.documents)
    for doc_id, doc in corpus.documents.items():
        assert doc.meta == expected.documents[doc_id].meta
        assert doc.text == expected.documents[doc_id].text
        assert doc.path == expected.documents[doc_id].path  # as given when extracted
    got, want = corpus.facts, expected.facts
    assert list(got.actors.items()) == list(want.actors.items())  # shared actors pooled
    assert got.events == want.events
    assert got.relations == want.relations
    assert got.claims == want.claims
    assert (
        got.review_status
        == want.review_status
        == dict.fromkeys(corpus.documents, "machine-extracted")
    )
    assert got.files == sorted((store.path / "documents").iterdir())
    for _, _, span in (t for ff in store.facts_files() for t in iter_spans(ff)):
        assert corpus.documents[span.doc].text[span.start : span.end] == span.quote


def test_corpus_selects_documents_and_as_of(store: FactsStore) -> None:
    corpus = store.corpus(documents=[SEED_ID])
    assert list(corpus.documents) == [SEED_ID]
    assert set(corpus.facts.review_status) == {SEED_ID}
    earliest = min(d.meta.published for d in store.corpus().documents.values())
    early = store.corpus(as_of=earliest)
    assert all(d.meta.published <= earliest for d in early.documents.values())
    for event in early.facts.events:
        start = event.when.start_bound()
        assert start is None or start.date().isoformat() <= earliest
    with pytest.raises(InputError, match="not a YYYY-MM-DD"):
        store.corpus(as_of="2024-02-30")
    with pytest.raises(InputError, match="not in the facts store"):
        store.corpus(documents=["unknown"])


def test_corpus_rejects_a_quote_that_does_not_match_the_stored_text(
    tmp_path: Path, seeds: Path
) -> None:
    result = results_for(seeds)[0]
    row = result.rows["documents"][0]
    span = next(iter_spans(extract_document(load_document(Path(result.path)))))[2]
    text = row["text"]
    row["text"] = text[: span.start] + "#" + text[span.start + 1 :]  # same length, other words
    store = FactsStore(tmp_path / "store")
    store.write_batch([result])
    with pytest.raises(InputError) as err:
        store.corpus()
    message = str(err.value)
    assert str(store.path) in message and result.doc_id in message
    assert "quote does not match" in message and "item" in message


def test_from_facts_rejects_a_quote_that_does_not_match(seeds: Path) -> None:
    doc = load_document(seeds / f"{SEED_ID}.txt")
    facts = extract_document(doc, build_nlp())
    changed = type(doc)(doc.meta, doc.text.replace("a", "e"), doc.path)
    with pytest.raises(InputError, match="quote does not match"):
        DocResult.from_facts(changed, facts)


def test_iter_spans_finds_every_span(store: FactsStore) -> None:
    for ff in store.facts_files():
        generic = [
            span
            for section in ("actors", "events", "relations", "claims", "judgments", "gaps")
            for item in getattr(ff, section)
            for _, span in _spans(item, ())
        ]
        assert [span for _, _, span in iter_spans(ff)] == generic


def test_orphan_parts_of_an_unfinished_batch_are_ignored_and_repaired(
    store: FactsStore,
) -> None:
    before = {t: store.table(t) for t in TABLES}
    # a crash after writing batch 3's events part, before its documents part
    first = next((store.path / "events").glob("part-000001-*.parquet"))
    orphan = store.path / "events" / "part-000003-0123456789ab.parquet"
    shutil.copyfile(first, orphan)
    leftover = store.path / "actors" / ".part-000003-0123456789ab.parquet.x.tmp"
    leftover.write_bytes(b"half a file")
    for table in TABLES:
        pd.testing.assert_frame_equal(store.table(table), before[table])
    assert store.sql("SELECT count(*) AS n FROM events")["n"][0] == len(before["events"])
    # the next batch does not reuse the orphan's number
    assert store.write_batch([DocResult.from_error("x", "/seeds/x.txt", "boom")]) == 4
    assert store.repair() == sorted([orphan, leftover])
    assert not orphan.exists() and not leftover.exists()
    pd.testing.assert_frame_equal(store.table("events"), before["events"])


def test_deleted_documents_part_uncommits_its_batch(store: FactsStore) -> None:
    events = store.table("events")
    part = next((store.path / "documents").glob("part-000002-*.parquet"))
    gone = set(pd.read_parquet(part)["doc_id"])
    part.unlink()
    assert set(store.done()) == set(events["doc_id"]) - gone
    assert set(store.table("events")["doc_id"]) == set(events["doc_id"]) - gone


def test_newest_batch_wins_per_document(store: FactsStore, seeds: Path) -> None:
    done = store.done()
    path = seeds / f"{SEED_ID}.txt"
    store.write_batch([DocResult.from_error(SEED_ID, path, "boom")])
    assert SEED_ID not in store.done()
    assert SEED_ID not in set(store.table("events")["doc_id"])
    assert store.failed() == {SEED_ID: "boom"}
    errors = store.table("errors")
    assert list(errors["doc_id"]) == [SEED_ID] and list(errors["path"]) == [str(path)]
    assert list(errors["batch"]) == [3]
    doc = load_document(path)
    store.write_batch([DocResult.from_facts(doc, extract_document(doc, build_nlp()))])
    assert store.done() == done
    assert store.table("errors").empty
    assert store.table("documents").set_index("doc_id").loc[SEED_ID, "batch"] == 4
    assert store.sql(f"SELECT count(*) AS n FROM documents WHERE doc_id = '{SEED_ID}'")["n"][0] == 1


def test_write_batch_rejects_a_repeated_document(tmp_path: Path) -> None:
    result = DocResult.from_error("a", "/s/a.txt", "boom")
    with pytest.raises(ValueError, match="repeated"):
        FactsStore(tmp_path / "s").write_batch([result, result])


@pytest.mark.parametrize(
    ("when", "zone", "expected"),
    [
        (
            When(precision="minute", start="2024-02-07T21:30", tz="Asia/Baghdad"),
            "UTC",
            ("2024-02-07T18:30:00Z", "2024-02-07T18:31:00Z"),
        ),
        (
            When(precision="day", start="2024-01-28"),
            "Asia/Baghdad",
            ("2024-01-27T21:00:00Z", "2024-01-28T21:00:00Z"),
        ),
        (
            When(precision="day", start="2024-03-10", tz="America/New_York"),  # 23-hour day
            "UTC",
            ("2024-03-10T05:00:00Z", "2024-03-11T04:00:00Z"),
        ),
        (
            When(precision="month", start="2024-02"),
            "UTC",
            ("2024-02-01T00:00:00Z", "2024-03-01T00:00:00Z"),
        ),
        (
            When(precision="year", start="2023"),
            "UTC",
            ("2023-01-01T00:00:00Z", "2024-01-01T00:00:00Z"),
        ),
        (
            When(precision="period", start="2023-10", end="2024-02-08"),
            "UTC",
            ("2023-10-01T00:00:00Z", "2024-02-09T00:00:00Z"),
        ),
        (When(precision="period", end="2024-02-08"), "UTC", (None, "2024-02-09T00:00:00Z")),
        (When(precision="period", start="2024-01"), "UTC", ("2024-01-01T00:00:00Z", None)),
        (When(precision="unknown"), "UTC", (None, None)),
    ],
)
def test_when_interval_utc(when: When, zone: str, expected: tuple) -> None:
    assert when_interval_utc(when, zone) == expected


def test_facts_hash_is_stored_and_derived_for_older_parts(store: FactsStore, tmp_path) -> None:
    """Each document's row keeps the sha256 of its facts JSON (a render keys the brief on it
    without reading or hashing the facts); a part written before the column existed gets it
    derived on reading, so an older store keys its briefs as before."""
    import hashlib

    import pyarrow.parquet as pq

    from helpers.brief.params import check_params, store_digest

    docs = store.arrow("documents", ["doc_id", "facts_json", "facts_sha256"]).to_pylist()
    for row in docs:
        assert row["facts_sha256"] == hashlib.sha256(row["facts_json"].encode()).hexdigest()
    digest = store_digest(check_params(store=str(store.path)))
    older = tmp_path / "older"
    shutil.copytree(store.path, older)
    for part in (older / "documents").iterdir():
        pq.write_table(pq.read_table(part).drop_columns(["facts_sha256"]), part)
    old = FactsStore(older)
    assert old.arrow("documents", ["doc_id", "facts_sha256"]).to_pylist() == [
        {"doc_id": r["doc_id"], "facts_sha256": r["facts_sha256"]} for r in docs
    ]
    assert old.sql("SELECT count(*) AS n FROM documents")["n"][0] == len(docs)
    # the same documents and facts: the same key (the store's path is not part of it)
    assert store_digest(check_params(store=str(older))) == digest
    assert old.table("documents")["facts_sha256"].tolist() == [r["facts_sha256"] for r in docs]


def test_a_part_of_another_layout_is_named_by_every_reader(store: FactsStore) -> None:
    """A part whose columns are not this layout's (an older or newer store, another tool) is
    never read as if it were: table(), arrow() and sql() name the part and the columns."""
    import pyarrow.parquet as pq

    part = next((store.path / "events").glob("part-000001-*.parquet"))
    table = pq.read_table(part).drop_columns(["hedge", "background"])
    pq.write_table(table, part)
    expected = (
        f"{part}: this part of the events table was written by another layout of the facts "
        "store (missing hedge, background); extract into a new store (`brief extract SEEDS "
        f"--store NEW_DIR`), or delete its batch's documents part "
        f"({store.path / 'documents' / part.name}), which takes the batch back, and run "
        f"`brief extract SEEDS --store {store.path}` again"
    )
    for read in (
        lambda: store.table("events"),
        lambda: store.arrow("events", ["doc_id"]),
        lambda: FactsStore(store.path).sql("SELECT count(*) FROM events"),
    ):
        with pytest.raises(InputError) as info:
            read()
        assert str(info.value) == expected
    assert len(store.table("actors")) > 0  # the other tables read as before


def test_a_batch_that_cannot_be_written_is_taken_back(
    store: FactsStore, seeds: Path, monkeypatch
) -> None:
    """An OSError (here ENOSPC) writing any part of a batch: every part the batch wrote is
    deleted again, the store holds exactly what it held, the error names the part."""
    import errno
    import os

    from helpers.facts import store as store_module
    from helpers.facts.store import StoreWriteError

    before = {t: store.table(t) for t in TABLES}
    files = sorted(p.relative_to(store.path) for p in store.path.rglob("*"))
    real = store_module._write_atomically
    for fail_at, table in enumerate(TABLES):
        written = []

        def full(data, target, written=written, fail_at=fail_at):
            if len(written) == fail_at:
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
            real(data, target)
            written.append(target)

        monkeypatch.setattr(store_module, "_write_atomically", full)
        with pytest.raises(StoreWriteError) as info:
            store.write_batch([DocResult.from_error("x", seeds / "x.txt", "boom")])
        assert not list(store.path.glob("*/part-000003-*"))  # taken back
        assert str(info.value).startswith(f"{store.path / table}/part-000003-") and str(
            info.value
        ).endswith(
            ".parquet: cannot write to the facts store: no space left on device; free some "
            "space. This batch of 1 document(s) was taken back: the store holds what earlier "
            "batches wrote, and running the same command again resumes"
        )
        assert sorted(p.relative_to(store.path) for p in store.path.rglob("*")) == files
        for name in TABLES:
            pd.testing.assert_frame_equal(FactsStore(store.path).table(name), before[name])
    monkeypatch.setattr(store_module, "_write_atomically", real)
    assert store.write_batch([DocResult.from_error("x", seeds / "x.txt", "boom")]) == 3
