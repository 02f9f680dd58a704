"""The brief from a facts store, and what changed against an earlier store."""

from __future__ import annotations

import shutil

import pytest

from helpers import ParameterError, build_brief, config
from helpers.brief.sections import changes_section, disagreements_section
from helpers.corpus import extract_corpus

DEVSET = config.PROJECT_ROOT / "benchmarks" / "devset"


def _seeds(target, stems, republish=False):
    target.mkdir()
    for path in config.SEEDS_DIR.iterdir():
        shutil.copy(path, target)
    for stem in stems:
        for suffix in (".txt", ".meta.yaml"):
            shutil.copy(DEVSET / f"{stem}{suffix}", target)
    if republish:  # the same wire story under another outlet's header
        text = (DEVSET / "01_wire_us_strikes_iraq_syria.txt").read_text(encoding="utf-8")
        (target / "01b_republished.txt").write_text("Republished by Gulf Daily.\n" + text, "utf-8")
        meta = (DEVSET / "01_wire_us_strikes_iraq_syria.meta.yaml").read_text(encoding="utf-8")
        (target / "01b_republished.meta.yaml").write_text(
            meta.replace("01_wire_us_strikes_iraq_syria", "01b_republished"), "utf-8"
        )
    return target


@pytest.fixture(scope="module")
def stores(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("stores")
    before = _seeds(tmp / "before", ["01_wire_us_strikes_iraq_syria"])
    after = _seeds(
        tmp / "after",
        ["01_wire_us_strikes_iraq_syria", "12_regional_abu_baqir_funeral"],
        republish=True,
    )
    for seeds, store in ((before, tmp / "store-before"), (after, tmp / "store-after")):
        run = extract_corpus(seeds, store, workers=1, progress=False)
        assert not run.failed
    return tmp / "store-before", tmp / "store-after"


def test_changes_against_an_earlier_store(stores):
    earlier, now = stores
    brief = build_brief(store=str(now), previous_store=str(earlier), title="t")
    changes = brief.changes
    assert changes is not None and changes.since == "the facts store store-before"
    members = brief.fusion.members
    new_docs = {m.split(".", 1)[0] for e in changes.new_events for m in members[e]}
    assert new_docs and new_docs <= {"12_regional_abu_baqir_funeral", "01b_republished"}
    # the republished wire adds a source to events already known, not new events
    assert any(now_n > was for _, was, now_n in changes.more_sources)
    html = changes_section(brief)
    assert "Changes since the facts store store-before" in html
    assert "sources, 1 independent" not in html  # that is the timeline's wording, not this one's
    assert "sources disagree" in disagreements_section(brief) or "disagree on" in (
        disagreements_section(brief)
    )


def test_a_missing_previous_store_is_a_parameter_error(stores, tmp_path):
    _, now = stores
    with pytest.raises(ParameterError, match="previous_store"):
        build_brief(store=str(now), previous_store=str(tmp_path / "nope"), title="t")


def test_events_only_named_parties_assert_are_listed(stores):
    from helpers.brief.sections import key_facts

    _, now = stores
    brief = build_brief(store=str(now), title="t")
    events = brief.events_in_window()
    claimed = [e for e in events if e.status == "claimed" and not e.background]
    # the wire story's attributed events keep who asserts them; those only a party claims (no
    # other report tells them in its own voice) are listed apart
    assert any(e.asserted_by for e in events)
    html = key_facts(brief)
    if claimed:
        assert "Events only named parties assert" in html
    for event in claimed:
        assert f"[{event.id}]" in html


def _tables(brief):
    return {
        name: getattr(brief, name).to_csv(index=False)
        for name in ("timeline", "actors", "relations", "disagreements")
    }


def test_a_kept_fusion_gives_the_brief_a_live_fusion_gives(stores, tmp_path):
    from helpers.corpus import keep_fusion

    _, now = stores
    kept = tmp_path / "kept"
    shutil.copytree(now, kept)
    path = keep_fusion(kept)
    assert path is not None and path.parent == kept / "fused" and path.suffixes == [".json", ".gz"]
    assert keep_fusion(kept) == path and len(list(path.parent.iterdir())) == 1  # kept once
    hit, live = build_brief(store=str(kept), title="t"), build_brief(store=str(now), title="t")
    assert hit.fusion is not None and hit.digest == live.digest
    assert _tables(hit) == _tables(live)
    assert hit.fusion.disagreements == live.fusion.disagreements
    assert hit.fusion.actor_merges == live.fusion.actor_merges
    assert hit.fusion.wire == live.fusion.wire and hit.fusion.review == live.fusion.review
    # another selection (an earlier as-of date) is fused live, and agrees too
    day = min(d.meta.published_date for d in live.corpus.documents.values()).isoformat()
    assert _tables(build_brief(store=str(kept), title="t", as_of=day)) == _tables(
        build_brief(store=str(now), title="t", as_of=day)
    )


def test_a_kept_fusion_that_is_not_the_stores_is_refused(stores, tmp_path):
    import gzip
    import json

    from helpers import InputError
    from helpers.corpus import keep_fusion

    _, now = stores
    kept = tmp_path / "kept"
    shutil.copytree(now, kept)
    path = keep_fusion(kept)
    data = json.loads(gzip.decompress(path.read_bytes()))
    event = data["corpus"]["facts"]["events"][0]
    span = event["spans"][0]
    span["quote"] = "X" + span["quote"][1:]  # a quote edited by hand: same length, other text
    path.write_bytes(gzip.compress(json.dumps(data).encode()))
    with pytest.raises(InputError) as info:
        build_brief(store=str(kept), title="t")
    assert str(info.value).startswith(
        f"{path}: document {span['doc']}: events item {event['id']!r}: quote does not match the "
        f"text at {span['start']}-{span['end']}: the text there is "
    )
    for damaged, error in [
        (b"not gzip", "BadGzipFile"),
        (gzip.compress(b"{}" * 9)[:-6], "EOFError"),  # truncated
        (lambda d: d[:20] + bytes(b ^ 0xFF for b in d[20:40]) + d[40:], "error"),  # zlib.error
    ]:
        data = damaged(gzip.compress(b"{}" * 999)) if callable(damaged) else damaged
        path.write_bytes(data)
        with pytest.raises(InputError, match=rf"not a readable kept fusion \({error}: "):
            build_brief(store=str(kept), title="t")


def test_a_one_document_store_is_not_fused(tmp_path):
    from helpers.corpus import keep_fusion

    run = extract_corpus(config.SEEDS_DIR, tmp_path / "store", workers=1, progress=False)
    assert not run.failed and keep_fusion(tmp_path / "store") is None
    assert not (tmp_path / "store" / "fused").exists()
    # a store whose every document failed: brief extract still exits 3 (some failed), not 2
    from helpers.cli import EXIT_PARTIAL, main

    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "x.txt").write_bytes(b"\xff\xfe not utf-8")
    (bad / "x.meta.yaml").write_text("id: x\n", encoding="utf-8")
    args = ["extract", str(bad), "--store", str(tmp_path / "s2"), "--workers", "1", "--no-progress"]
    assert main(args) == EXIT_PARTIAL
    assert keep_fusion(tmp_path / "s2") is None


def _visible(html: str) -> str:
    """What a reader sees of a section: the text without tags (ids, links and tooltips, where
    machine ids may stay, are attributes of tags)."""
    import html as html_lib
    import re

    return html_lib.unescape(re.sub(r"<[^>]*>", " ", html)).replace("\u00a0", " ")


def test_reader_facing_sections_show_names_and_citations_not_machine_ids(stores):
    """Key facts, claims, gaps, disagreements and coreference of a fused brief name events,
    claims, actors and documents in words ("attack, 6 Oct 2023", "Outlet, 8 Feb 2024, para 3");
    the ids stay in tooltips, anchors and the CSV tables."""
    from helpers.brief import sections

    _, now = stores
    brief = build_brief(store=str(now), title="t")
    f = brief.facts
    ids = {
        *(e.id for e in f.events),
        *(c.id for c in f.claims),
        *(a for a in f.actors if "unresolved-" in a or "." in a),
        *(m.merged for m in brief.fusion.actor_merges),
        *brief.corpus.documents,
    }
    shown = {
        name: _visible(getattr(sections, name)(brief))
        for name in (
            "key_facts",
            "claims_section",
            "gaps_section",
            "disagreements_section",
            "coreference_section",
            "timeline_table",
            "review_section",
        )
    }
    for name, text in shown.items():
        leaked = sorted(i for i in ids if i in text)
        assert not leaked, (name, leaked[:5])
    # what a reader is shown instead: citations by outlet and date, events by kind and date
    assert ", para " in shown["key_facts"]
    raw = sections.key_facts(brief)
    assert 'href="#src-' in raw and 'title="' in raw  # linked to the words, offsets in tooltips
    for m in brief.fusion.actor_merges[:3]:
        assert m.name and m.name in shown["coreference_section"]
