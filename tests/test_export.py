"""brief export: every format read back by its own reader or validator (jsonschema, csv, networkx
read_graphml / read_gexf, stix2.parse, a TimelineJS shape check), on the seed facts and on two
small hostile reports (formula-like cells, HTML, quotes, a control character XML cannot hold);
the same inputs give the same bytes; files are written atomically and nothing else is touched."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import geojson
import jsonschema
import networkx as nx
import pytest
import stix2
import yaml
from conftest import CHROMIUM
from followthemoney import model as ftm_model

from helpers import config
from helpers.brief.build import build_brief
from helpers.cli import main
from helpers.export import FORMATS, ExportError, export, json_schema, render_format
from helpers.export.json_export import SCHEMA_NAME, SCHEMA_PATH
from helpers.export.tables import FORMULA_STARTS

# --------------------------------------------------------------------------------------------
# The hostile fixture: two outlets report one market attack in a made-up town (different
# tolls: 4, and "dozens"), one adds an airstrike; text full of formulas, markup and quotes.

TEXT_A = (
    "On 3 March 2025, JNIM fighters attacked a market in Velka, killing 4 civilians, officials "
    'said.\x0b A spokesman said: "=HYPERLINK(""http://evil.invalid"")" and '
    "<script>alert('x')</script> were posted online.\n"
    '+ The army said it had "repelled" the attack; @SUM(A1) -2 was\ta caption.\n'
    "Analysts called it =a grave escalation.\n"
)
TEXT_B = (
    "Dozens of civilians died when gunmen of JNIM stormed the market at Velka on 3 March 2025, "
    "witnesses said.\r\nThe Malian army launched an airstrike near Velka on 4 March 2025.\n"
)
CLAIM_QUOTE = 'A spokesman said: "=HYPERLINK(""http://evil.invalid"")" and'


def span(doc: str, text: str, quote: str) -> dict:
    start = text.index(quote)
    return {"doc": doc, "start": start, "end": start + len(quote), "quote": quote}


def day(value: str, expression: str) -> dict:
    return {"precision": "day", "start": value, "tz": "Africa/Bamako", "expression": expression}


VELKA = {"name": "Velka", "countries": ["Mali"], "precision": "town", "expression": "Velka"}


def actors(doc: str, text: str) -> list[dict]:
    def actor(actor_id, name, kind, quote, **more):
        return {"id": actor_id, "name": name, "kind": kind, "aliases": [], **more,
                "spans": [span(doc, text, quote)]}  # fmt: skip

    found = [actor("jnim", "Jama'at Nusrat al-Islam wal-Muslimin", "armed group", "JNIM")]
    found.append(actor("civilians", "Civilians", "collective", "civilians"))
    if "army" in text:
        found.append(actor("mali-forces", "Armed forces of Mali", "military", "army",
                           country="Mali"))  # fmt: skip
    if doc == "a":
        found.append(actor("spokesman", "=Unnamed <b>spokesman</b>", "person", "A spokesman",
                           named=False))  # fmt: skip
    return found


def facts_a() -> dict:
    t = TEXT_A
    return {
        "schema_version": 1,
        "reviewed_by": "test",
        "review_status": "analyst-reviewed",
        "documents": ["a"],
        "actors": actors("a", t),
        "events": [
            {
                "id": "e-a-market",
                "kind": "attack",
                "summary": "=JNIM fighters attacked a market in Velka <script>alert(1)</script>",
                "when": day("2025-03-03", "3 March 2025"),
                "location": VELKA,
                "initiators": ["jnim"],
                "targets": ["civilians"],
                "outcomes": [
                    {
                        "kind": "killed",
                        "count": {"low": 4, "best": 4},
                        "victims": ["civilians"],
                        "wording": "killing 4 civilians",
                    }
                ],  # fmt: skip
                "status": "reported",
                "spans": [span("a", t, t.split(' "=HYPERLINK')[0])],  # with the \x0b
            }
        ],
        "relations": [
            {
                "id": "r-spokesman-jnim",
                "subject": "spokesman",
                "predicate": "member-of",
                "object": "jnim",
                "spans": [span("a", t, "A spokesman")],
            }
        ],  # fmt: skip
        "claims": [
            {
                "id": "c-a-spokesman",
                "speaker": "spokesman",
                "verb": "said",
                "content": '"=HYPERLINK(""http://evil.invalid"")"',
                "when": {"precision": "unknown"},
                "about": ["e-a-market"],
                "spans": [span("a", t, CLAIM_QUOTE)],
            },
            {
                "id": "c-a-army",
                "speaker": "mali-forces",
                "verb": "said",
                "content": 'it had "repelled" the attack',
                "when": {"precision": "unknown"},
                "spans": [span("a", t, '+ The army said it had "repelled" the attack')],
            },
        ],  # fmt: skip
        "judgments": [
            {
                "id": "j-a-escalation",
                "holder": None,
                "content": "=a grave escalation",
                "spans": [span("a", t, "Analysts called it =a grave escalation.")],
            }
        ],  # fmt: skip
        "gaps": [
            {
                "id": "g-a-toll",
                "topic": "-the toll",
                "question": "@SUM(A1): how many died?",
                "why_it_matters": "\tthe sources differ",
                "about": ["e-a-market"],
            }
        ],  # fmt: skip
    }


def facts_b() -> dict:
    t = TEXT_B
    return {
        "schema_version": 1,
        "reviewed_by": "test",
        "review_status": "analyst-reviewed",
        "documents": ["b"],
        "actors": actors("b", t),
        "events": [
            {
                "id": "e-b-market",
                "kind": "attack",
                "summary": "Gunmen of JNIM stormed the market at Velka; dozens of civilians died.",
                "when": day("2025-03-03", "3 March 2025"),
                "location": VELKA,
                "initiators": ["jnim"],
                "targets": ["civilians"],
                "outcomes": [{"kind": "killed", "wording": "Dozens of civilians died"}],
                "status": "reported",
                "spans": [span("b", t, t.split(" witnesses")[0])],
            },
            {
                "id": "e-b-airstrike",
                "kind": "airstrike",
                "summary": "The Malian army launched an airstrike near Velka.",
                "when": day("2025-03-04", "4 March 2025"),
                "location": VELKA,
                "initiators": ["mali-forces"],
                "status": "reported",
                "spans": [span("b", t, t.split("\r\n")[1].rstrip("\n"))],
            },
        ],
    }


@pytest.fixture(scope="module")
def hostile_dirs(tmp_path_factory) -> tuple[Path, Path]:
    return write_hostile(tmp_path_factory.mktemp("hostile"))


def write_hostile(root: Path) -> tuple[Path, Path]:
    """The two hostile reports' seeds and analyst facts under ``root``."""
    seeds, facts = root / "seeds", root / "facts"
    seeds.mkdir()
    facts.mkdir()
    sidecars = {
        "a": {"publisher": "=Daily <Herald>", "url": "javascript:alert(1)"},
        "b": {"publisher": "Sahel Wire", "url": 'https://news.invalid/b?x=1&y="2"'},
    }
    for doc, text, data in (("a", TEXT_A, facts_a()), ("b", TEXT_B, facts_b())):
        (seeds / f"{doc}.txt").write_bytes(text.encode("utf-8"))
        meta = {"id": doc, "title": f"<i>Report</i> {doc}", "published": "2025-03-05",
                "timezone": "Africa/Bamako", "language": "en", **sidecars[doc]}  # fmt: skip
        (seeds / f"{doc}.meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
        (facts / f"{doc}.facts.yaml").write_text(
            yaml.safe_dump(data, allow_unicode=True), encoding="utf-8"
        )
    return seeds, facts


@pytest.fixture(scope="module")
def hostile(hostile_dirs, tmp_path_factory) -> Path:
    seeds, facts = hostile_dirs
    out = tmp_path_factory.mktemp("hostile-out")
    export(build_brief(seeds_dir=str(seeds), facts_dir=str(facts)), "all", out)
    return out


@pytest.fixture(scope="module")
def seed(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("seed-out")
    export(build_brief(), "all", out)
    return out


# --------------------------------------------------------------------------------------------
# Readers


def read_csv(path: Path) -> list[dict]:
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))


#: The part of TimelineJS's JSON format the export writes (Knight Lab's documented fields).
TIMELINEJS_SCHEMA = {
    "$defs": {
        "date": {
            "type": "object",
            "required": ["year"],
            "properties": {
                k: {"type": "integer"} for k in ("year", "month", "day", "hour", "minute")
            }
            | {"display_date": {"type": "string"}},
            "additionalProperties": False,
        },
        "text": {
            "type": "object",
            "properties": {"headline": {"type": "string"}, "text": {"type": "string"}},
            "additionalProperties": False,
        },
    },
    "type": "object",
    "required": ["events"],
    "properties": {
        "title": {"type": "object"},
        "events": {
            "type": "array",
            "items": {
                "type": "object",
                "required": ["start_date", "text", "unique_id"],
                "properties": {
                    "start_date": {"$ref": "#/$defs/date"},
                    "end_date": {"$ref": "#/$defs/date"},
                    "display_date": {"type": "string"},
                    "text": {"$ref": "#/$defs/text"},
                    "group": {"type": "string"},
                    "unique_id": {"type": "string"},
                },
                "additionalProperties": False,
            },
        },
    },
}


def check_all_formats(out: Path) -> dict:
    """Read every export back with its format's own reader; return what was read."""
    schema = json.loads((out / SCHEMA_NAME).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    data = json.loads((out / "brief.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    graphml = nx.read_graphml(out / "actors.graphml", force_multigraph=True)
    gexf = nx.read_gexf(out / "actors.gexf")
    bundle = stix2.parse((out / "brief.stix.json").read_text(encoding="utf-8"), allow_custom=False)
    timeline = json.loads((out / "timelinejs.json").read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(TIMELINEJS_SCHEMA).validate(timeline)
    tables = {p.name: read_csv(p) for p in sorted(out.glob("*.csv"))}
    ftm = read_ftm(out / "brief.ftm.json")
    return {"json": data, "graphml": graphml, "gexf": gexf, "stix": bundle,
            "timeline": timeline, "tables": tables, "ftm": ftm}  # fmt: skip


def read_ftm(path: Path) -> dict:
    """FollowTheMoney entities, one per line, each checked by the model itself: its schema
    validates it, every property is one of the schema's, cleaning changes no value, and every
    entity reference points to an entity of the file whose schema is the property's range."""
    entities = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        data = json.loads(line)
        schema = ftm_model.get(data["schema"])
        assert schema is not None and not schema.abstract, data["schema"]
        schema.validate(data)  # raises InvalidData
        assert set(data["properties"]) <= set(schema.properties), data
        proxy = ftm_model.get_proxy(data, cleaned=False)  # cleans every value again
        assert proxy.to_dict()["properties"] == data["properties"], data
        assert proxy.id not in entities
        entities[proxy.id] = proxy
    for proxy in entities.values():
        for prop, value in proxy.itervalues():
            if prop.type.name == "entity":
                assert value in entities, (proxy.id, prop.name, value)
                assert entities[value].schema.is_a(prop.range), (prop.name, value)
    return entities


# --------------------------------------------------------------------------------------------
# Tests


def test_the_seed_exports_read_back_with_their_formats_readers(seed):
    got = check_all_formats(seed)
    data = got["json"]
    assert data["format"] == "analytic-brief-export" and data["export_version"] == 1
    assert {e["id"] for e in data["events"]} >= set(data["window_events"])
    assert data["fusion"] is None  # one document: nothing fused
    assert set(got["graphml"].nodes) == {a["id"] for a in data["actors"]}
    assert set(got["gexf"].nodes) == set(got["graphml"].nodes)
    assert got["graphml"].number_of_edges() == got["gexf"].number_of_edges() > 0
    kinds = {o.type for o in got["stix"].objects}
    assert {"identity", "threat-actor", "incident", "relationship", "note", "report"} <= kinds
    tables = got["tables"]
    assert len(tables["timeline.csv"]) == len(data["window_events"])
    assert len(tables["claims.csv"]) == len(data["claims"]) > 0
    assert len(tables["judgments.csv"]) == len(data["judgments"]) > 0
    assert len(tables["sources.csv"]) == 1
    assert {r["gap_id"] for r in tables["gaps.csv"]} == {g["id"] for g in data["brief_gaps"]}
    strike = next(r for r in tables["acled.csv"] if r["event_id_cnty"] == "e-strike-2024-02-07")
    assert (strike["event_type"], strike["sub_event_type"]) == (
        "Explosions/Remote violence",
        "Air/drone strike",
    )
    assert strike["fatalities"] == "1" and strike["time_precision"] == "1"
    assert strike["inter2"] == "3"  # the unnamed leader takes Kata'ib Hezbollah's type


def test_every_quote_in_the_exports_is_the_sources_own_words(seed):
    text = next(Path("seeds").glob("*.txt")).read_text(encoding="utf-8")
    for row in read_csv(seed / "spans.csv"):
        assert text[int(row["start"]) : int(row["end"])] == row["quote"]
    notes = [o for o in stix2.parse((seed / "brief.stix.json").read_text()).objects
             if o.type == "note" and "quote" in o.labels]  # fmt: skip
    assert notes and all(n.content in text for n in notes)


def test_hostile_text_reads_back_and_stays_text(hostile):
    got = check_all_formats(hostile)
    data = got["json"]
    # JSON keeps the raw text; the claim's quote with its control character is intact
    claim = next(c for c in data["claims"] if c["id"] == "c-a-spokesman")
    assert claim["spans"][0]["quote"] == CLAIM_QUOTE
    # CSV meant for spreadsheets: no cell starts a formula
    for name, rows in got["tables"].items():
        for row in rows:
            for column, cell in row.items():
                if cell.lstrip(" ").startswith(FORMULA_STARTS):  # only a number, "-3.54"
                    assert re.fullmatch(r"-\d+(\.\d+)?", cell), (name, column, cell)
    claims = {r["claim_id"]: r for r in got["tables"]["claims.csv"]}
    assert claims["c-a-spokesman"]["content"] == '"=HYPERLINK(""http://evil.invalid"")"'
    assert claims["c-a-army"]["quote"].startswith("'+ The army")
    judgment = got["tables"]["judgments.csv"][0]
    assert judgment["content"] == "'=a grave escalation"
    # TimelineJS renders HTML: markup from the facts is escaped, a javascript: URL never linked
    html = json.dumps(got["timeline"])
    assert "<script" not in html and "&lt;script&gt;" in html
    assert "javascript:" not in html and "<b>" not in html
    assert 'href=\\"https://news.invalid/b?x=1&amp;y=&quot;2&quot;\\"' in html
    # XML: the control character is replaced, every other character kept
    node = got["graphml"].nodes["spokesman"]
    assert node["label"] == "=Unnamed <b>spokesman</b>"
    for graph in (got["graphml"], got["gexf"]):
        quotes = [d["quote"] for *_, d in graph.edges(data=True) if d.get("event") == "e-a-market"]
        assert quotes and all(q.endswith("officials said.\ufffd A spokesman said:") for q in quotes)


def test_fusion_and_acled_codes_on_two_reports(hostile):
    data = json.loads((hostile / "brief.json").read_text())
    fusion = data["fusion"]
    merged = next(e for e, docs in fusion["sources"].items() if docs == ["a", "b"])
    assert [f["doc"] for f in fusion["figures"][merged]] == ["a", "b"]
    rows = {r["sub_event_type"]: r for r in read_csv(hostile / "acled.csv")}
    attack = rows["Attack"]
    assert attack["event_type"] == "Violence against civilians"
    assert attack["civilian_targeting"] == "Civilian targeting"
    assert (attack["inter1"], attack["inter2"], attack["interaction"]) == ("2", "7", "27")
    assert attack["fatalities"] == "4"  # the most conservative of 4 and "dozens" (12)
    assert "sources differ on the deaths: 4 (a), 12 (b)" in attack["notes"]
    assert '"Dozens of civilians died", coded 12 as ACLED does' in attack["notes"]
    assert attack["source"] == "'=Daily <Herald>; Sahel Wire"
    # Velka is a made-up town: the gazetteer knows only its country, so the point is Mali's (3)
    assert attack["geo_precision"] == "3" and attack["country"] == "Mali"
    assert attack["latitude"] and attack["longitude"] == "-3.54"
    strike = rows["Air/drone strike"]
    assert (strike["inter1"], strike["interaction"], strike["event_date"]) == (
        "1",
        "10",
        "2025-03-04",
    )


def test_the_stix_bundle_carries_claims_and_judgments_as_notes(hostile):
    bundle = stix2.parse((hostile / "brief.stix.json").read_text(), allow_custom=False)
    notes = [o for o in bundle.objects if o.type == "note"]
    claims = [n for n in notes if "claim" in n.labels]
    judgments = [n for n in notes if "judgment" in n.labels]
    assert len(claims) == 2 and len(judgments) == 1
    assert judgments[0].authors == ["the source (unattributed)"]
    ids = {o.id for o in bundle.objects}
    for o in bundle.objects:
        for ref in [*getattr(o, "object_refs", []), getattr(o, "source_ref", None),
                    getattr(o, "target_ref", None)]:  # fmt: skip
            assert ref is None or ref in ids, (o.id, ref)
    assert {r.name for r in bundle.objects if r.type == "report"} == {
        "<i>Report</i> a",
        "<i>Report</i> b",
    }


def test_timelinejs_dates_keep_their_precision(seed):
    events = {
        e["unique_id"]: e for e in json.loads((seed / "timelinejs.json").read_text())["events"]
    }
    strike = events["e-strike-2024-02-07"]
    assert strike["start_date"] == {"year": 2024, "month": 2, "day": 7, "hour": 21, "minute": 30}
    assert "Asia/Baghdad" in strike["display_date"] and "year inferred" in strike["display_date"]
    periods = [e for e in events.values() if "end_date" in e]
    assert periods and all("display_date" in e for e in periods)
    assert "<blockquote>" in strike["text"]["text"]


def test_the_same_inputs_give_the_same_bytes(seed, tmp_path):
    """Twice in this process, and once more by the CLI in another process with another clock
    zone and hash seed: byte-identical."""
    again = tmp_path / "again"
    export(build_brief(), "all", again)
    env = {**os.environ, "TZ": "Pacific/Kiritimati", "PYTHONHASHSEED": "123"}
    cli = tmp_path / "cli"
    subprocess.run(
        [sys.executable, "-m", "helpers.cli", "export", "--to", "all", "--out", str(cli)],
        check=True, env=env, capture_output=True,
    )  # fmt: skip
    names = sorted(p.name for p in seed.iterdir())
    assert names == sorted(p.name for p in again.iterdir()) == sorted(p.name for p in cli.iterdir())
    for name in names:
        assert (seed / name).read_bytes() == (again / name).read_bytes(), name
        assert (seed / name).read_bytes() == (cli / name).read_bytes(), name


def test_export_replaces_only_its_own_files_and_leaves_no_temporary_file(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    (out / "brief.json").write_text("stale")
    written = export(build_brief(), "json,acled", out)
    assert sorted(p.name for p in written) == [
        "acled.csv",
        "brief-export.v1.schema.json",
        "brief.json",
    ]
    assert (out / "notes.txt").read_text() == "mine"
    assert json.loads((out / "brief.json").read_text())["format"] == "analytic-brief-export"
    assert sorted(p.name for p in out.iterdir()) == sorted(
        ["notes.txt", *(p.name for p in written)]
    )


def test_a_bad_format_or_output_writes_nothing(tmp_path):
    with pytest.raises(ExportError, match="unknown export format bogus"):
        export(build_brief(), "json,bogus", tmp_path / "never")
    assert not (tmp_path / "never").exists()
    blocked = tmp_path / "file"
    blocked.write_text("x")
    with pytest.raises(ExportError, match="is a file, not a directory"):
        export(build_brief(), "json", blocked)
    assert blocked.read_text() == "x"


def test_the_shipped_schema_is_the_models_schema():
    shipped = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    assert shipped == json_schema(), (
        "the export models changed: regenerate the schema with .venv/bin/python -c 'from "
        "helpers.export.json_export import SCHEMA_PATH, schema_bytes; "
        "SCHEMA_PATH.write_bytes(schema_bytes())' and raise EXPORT_VERSION if a field was "
        "removed or changed meaning"
    )


def test_cli_export_and_render_format(tmp_path, capsys):
    assert main(["export", "--to", "graphml,timelinejs", "--out", str(tmp_path / "x")]) == 0
    printed = capsys.readouterr().out.split()
    assert printed == [
        str(tmp_path / "x" / "actors.graphml"),
        str(tmp_path / "x" / "timelinejs.json"),
    ]
    assert main(["render", "--format", "stix", "--out", str(tmp_path / "r")]) == 0
    assert (tmp_path / "r" / "exports" / "brief.stix.json").is_file()
    assert main(["export", "--to", "xml", "--out", str(tmp_path / "y")]) == 2
    assert "choose from " + ", ".join(FORMATS) in capsys.readouterr().err


TIMELINEJS = config.PROJECT_ROOT / "build" / "npm" / "node_modules" / "@knight-lab" / "timelinejs"


def timelinejs_dom(export: Path, tmp_path: Path) -> str:
    """The page TimelineJS builds from ``timelinejs.json``, as headless Chromium sees it."""
    data = (export / "timelinejs.json").read_text(encoding="utf-8").replace("</", "<\\/")
    dist = TIMELINEJS / "dist"
    page = tmp_path / f"{export.name}.html"
    page.write_text(
        f"""<!doctype html><html><head><meta charset="utf-8"><title>ok</title>
<link rel="stylesheet" href="{(dist / "css" / "timeline.css").as_uri()}">
<script src="{(dist / "js" / "timeline.js").as_uri()}"></script></head>
<body><div id="tl" style="width:1000px;height:600px"></div><script>
window.onerror = function (m) {{ document.title = "ERROR " + m; }};
new TL.Timeline("tl", {data});
</script></body></html>""",
        encoding="utf-8",
    )
    result = subprocess.run(
        [CHROMIUM, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
         f"--user-data-dir={tmp_path / 'chromium'}", "--virtual-time-budget=8000",
         "--dump-dom", page.as_uri()],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


@pytest.mark.skipif(
    (CHROMIUM is None or not TIMELINEJS.is_dir()) and not os.environ.get("CI"),
    reason="no chromium or TimelineJS (`make test` installs both: scripts/install-test-deps.sh)",
)
def test_timelinejs_itself_shows_the_export_in_chromium(seed, hostile, tmp_path):
    """TimelineJS (Knight Lab's own code, from npm) builds one slide per event plus the title
    slide; markup from the facts shows as text, a javascript: URL is nowhere, no script error."""
    for export_dir in (seed, hostile):
        events = json.loads((export_dir / "timelinejs.json").read_text())["events"]
        dom = timelinejs_dom(export_dir, tmp_path)
        assert "<title>ok</title>" in dom, re.findall(r"<title>.*?</title>", dom)
        slides = re.findall(r'class="tl-slide tl-slide-(?:text-only|titleslide)', dom)
        assert len(slides) == len(events) + 1
        for event in events:
            assert f'id="{event["unique_id"]}"' in dom
    assert "<script>alert" not in dom and "&lt;script&gt;alert" in dom
    assert "javascript:" not in dom
    assert "https://news.invalid/b?x=1&amp;y=%222%22" in dom or "https://news.invalid/b" in dom


def test_the_brief_tables_are_the_briefs_own_csv_where_nothing_is_neutralised(seed, tmp_path):
    """The seed has no formula-like cell: its exported tables are byte for byte what the brief
    writes (Brief.write_tables, pandas), so the two never drift apart."""
    build_brief().write_tables(tmp_path)
    for name in ("timeline", "actors", "relations", "disagreements"):
        assert (seed / f"{name}.csv").read_bytes() == (tmp_path / f"{name}.csv").read_bytes()


def test_geojson_has_every_event_with_a_point_and_lists_the_others(seed, hostile):
    """Read back by the geojson library (RFC 7946 structure); every event of the window is
    either a feature with a point or listed as unplaced, with the reason."""
    for out in (seed, hostile):
        text = (out / "events.geojson").read_text(encoding="utf-8")
        collection = geojson.loads(text)
        assert collection.is_valid, collection.errors()
        data = json.loads(text)
        placed = {f["id"] for f in data["features"]}
        unplaced = {u["event"] for u in data["unplaced"]}
        window = json.loads((out / "brief.json").read_text(encoding="utf-8"))["window_events"]
        assert placed | unplaced == set(window) and not placed & unplaced
        for feature in data["features"]:
            lon, lat = feature["geometry"]["coordinates"]
            assert -180 <= lon <= 180 and -90 <= lat <= 90
            assert feature["properties"]["geo_precision"] in (1, 2, 3)
    tower = json.loads((seed / "events.geojson").read_text())["features"][0]
    assert tower["id"] == "e-tower22-2024-01-28" and "Jordan" in tower["properties"]["geo_basis"]
    market = next(
        f
        for f in json.loads((hostile / "events.geojson").read_text())["features"]
        if f["properties"]["kind"] == "attack"
    )
    assert market["properties"]["place"] == "Velka" and "Mali" in market["properties"]["geo_basis"]


# --------------------------------------------------------------------------------------------
# FollowTheMoney


def test_followthemoney_entities_are_the_models_own(seed, hostile):
    """Every line is an entity the followthemoney model validates (read_ftm); actors take the
    schema that fits their kind, events are Events with their date at its precision, documents
    Articles, claims and judgments Notes; quotes are the sources' exact words."""
    entities = read_ftm(seed / "brief.ftm.json")
    by_schema: dict[str, list] = {}
    for proxy in entities.values():
        by_schema.setdefault(proxy.schema.name, []).append(proxy)
    data = json.loads((seed / "brief.json").read_text(encoding="utf-8"))
    assert len(by_schema["Article"]) == len(data["sources"]) == 1
    actors = [p for p in entities.values() if p.schema.is_a("LegalEntity")]
    assert len(actors) == len(data["actors"])
    names = {p.first("name"): p.schema.name for p in actors}
    assert names["Joe Biden"] == "Person"
    assert names["Kata'ib Hezbollah (KH)"] == "Organization"
    assert names["United States"] == "PublicBody"
    events = {p.first("name"): p for p in by_schema["Event"]}
    assert len(events) == len(data["window_events"])
    strike = next(p for p in by_schema["Event"] if p.get("date") == ["2024-02-07T21:30"])
    assert strike.get("country") == ["iq"] and strike.get("important") == ["true"]
    assert {entities[a].first("name") for a in strike.get("organizer")} == {
        "U.S. Central Command (CENTCOM)", "United States"
    }  # fmt: skip
    text = next(Path("seeds").glob("*.txt")).read_text(encoding="utf-8")
    notes = [n for p in entities.values()
             for n in p.get("notes", quiet=True) + p.get("description", quiet=True)
             if n.startswith("The source's words (")]  # fmt: skip
    assert notes
    for note in notes:
        where, quote = re.fullmatch(r"The source's words \((.+?)\): (.*)", note, re.S).groups()
        start, end = map(int, re.search(r"characters (\d+)-(\d+)", where).groups())
        assert text[start:end] == quote
    said = {tuple(p.get("keywords")) for p in by_schema["Note"]}
    assert said == {("claim",), ("judgment",)}
    assert len(by_schema["Note"]) == len(data["claims"]) + len(data["judgments"])
    hostile_entities = read_ftm(hostile / "brief.ftm.json")
    spokesman = next(p for p in hostile_entities.values() if p.schema.name == "Person")
    assert spokesman.get("name") == ["=Unnamed <b>spokesman</b>"]  # kept as the facts have it
    member = next(p for p in hostile_entities.values() if p.schema.name == "Membership")
    assert hostile_entities[member.first("organization")].get("name") == [
        "Jama'at Nusrat al-Islam wal-Muslimin"
    ]


def test_followthemoney_exports_without_the_network(tmp_path):
    """The model ships its schemata and country data: an export in a process whose sockets
    cannot connect works (nothing is fetched at run time)."""
    code = (
        "import socket\n"
        "def refuse(*a, **k): raise OSError('no network in this test')\n"
        "socket.socket.connect = refuse\nsocket.create_connection = refuse\n"
        "from helpers.cli import main\n"
        f"raise SystemExit(main(['export', '--to', 'ftm', '--out', {str(tmp_path)!r}]))\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)
    assert read_ftm(tmp_path / "brief.ftm.json")


# --------------------------------------------------------------------------------------------
# Machine confidence and review_below: the hostile reports as machine-extracted facts


def machine_facts(data: dict, confidences: dict[str, float]) -> dict:
    """``data`` as a machine-extracted file whose events, relations and claims carry the given
    confidence (0.9 when not listed) and a basis."""
    data = {**data, "review_status": "machine-extracted", "reviewed_by": "nobody (machine)"}
    for layer in ("events", "relations", "claims"):
        data[layer] = [
            {**x, "confidence": confidences.get(x["id"], 0.9),
             "confidence_basis": f"test basis for {x['id']}"}
            for x in data.get(layer, [])
        ]  # fmt: skip
    return data


def write_machine(root: Path) -> dict[str, str]:
    """The hostile reports as machine-extracted facts (the airstrike 31% likely right, the
    army's claim 42%, the rest 90%): ``build_brief``'s directory parameters."""
    seeds, _ = write_hostile(root)
    extracted = root / "extracted"
    extracted.mkdir()
    (root / "none").mkdir()
    low = {"e-b-airstrike": 0.31, "c-a-army": 0.42}
    for doc, data in (("a", facts_a()), ("b", facts_b())):
        (extracted / f"{doc}.facts.yaml").write_text(
            yaml.safe_dump(machine_facts(data, low), allow_unicode=True), encoding="utf-8"
        )
    return {"seeds_dir": str(seeds), "facts_dir": str(root / "none"),
            "extracted_dir": str(extracted)}  # fmt: skip


@pytest.fixture(scope="module")
def machine(tmp_path_factory) -> tuple[Path, object, dict]:
    root = tmp_path_factory.mktemp("machine")
    dirs = write_machine(root)
    brief = build_brief(**dirs)
    out = root / "out"
    export(brief, "all", out)
    return out, brief, dirs


def test_machine_confidence_and_needs_review_reach_every_format(machine):
    out, brief, dirs = machine
    events, claims = brief.under_review()
    assert [e.id for e in events] == ["e-b-airstrike"] and [c.id for c in claims] == ["c-a-army"]
    got = check_all_formats(out)
    # JSON: the threshold and the brief's "Needs review" list, least likely first
    data = got["json"]
    assert data["review_below"] == 0.5
    assert [(r["type"], r["id"], r["confidence"]) for r in data["needs_review"]] == [
        ("event", "e-b-airstrike", 0.31), ("claim", "c-a-army", 0.42)
    ]  # fmt: skip
    # CSV: needs_review.csv as the brief's section; claims.csv marks each claim
    review = got["tables"]["needs_review.csv"]
    assert [(r["item_type"], r["item_id"], r["confidence"]) for r in review] == [
        ("event", "e-b-airstrike", "0.31"), ("claim", "c-a-army", "0.42")
    ]  # fmt: skip
    assert review[0]["confidence_basis"] == "test basis for e-b-airstrike"
    claims_csv = {r["claim_id"]: r for r in got["tables"]["claims.csv"]}
    assert claims_csv["c-a-army"]["needs_review"] == "True"
    assert claims_csv["c-a-spokesman"]["needs_review"] == "False"
    # STIX: its own confidence property (0-100), a label below the threshold
    incidents = {o.name: o for o in got["stix"].objects if o.type == "incident"}
    airstrike = next(o for n, o in incidents.items() if "e-b-airstrike" in n)
    assert airstrike.confidence == 31 and "needs-review" in airstrike.labels
    assert "test basis for e-b-airstrike" in airstrike.description
    others = [o for n, o in incidents.items() if "e-b-airstrike" not in n]
    assert others and all(o.confidence == 90 and "needs-review" not in o.labels for o in others)
    army = next(o for o in got["stix"].objects if o.type == "note" and "claim" in o.labels
                and "repelled" in o.content)  # fmt: skip
    assert army.confidence == 42 and "needs-review" in army.labels
    # GraphML / GEXF edges, GeoJSON properties
    for graph in (got["graphml"], got["gexf"]):
        edges = [d for *_, d in graph.edges(data=True) if d.get("event") == "e-b-airstrike"]
        assert all(d["needs_review"] in (True, "true") for d in edges)
    features = json.loads((out / "events.geojson").read_text())["features"]
    props = {f["id"]: f["properties"] for f in features}
    assert props["e-b-airstrike"]["needs_review"] is True
    assert props["e-b-airstrike"]["confidence"] == 0.31
    # ACLED and TimelineJS: in the notes and the text
    acled = {r["event_id_cnty"]: r for r in got["tables"]["acled.csv"]}
    assert "31% likely right (test basis for e-b-airstrike); needs review" in acled[
        "e-b-airstrike"]["notes"]  # fmt: skip
    slides = {s["unique_id"]: s for s in got["timeline"]["events"]}
    assert "needs review (below 50%)" in slides["e-b-airstrike"]["text"]["text"]
    # FollowTheMoney: the notes and a keyword
    flagged = [p for p in got["ftm"].values() if "needs review" in p.get("keywords", quiet=True)]
    assert sorted(p.schema.name for p in flagged) == ["Event", "Note"]
    # review_below 0: nothing needs review, in the brief and the exports
    none = build_brief(**dirs, review_below=0.0)
    assert none.under_review() == ([], [])
    files = {}
    for name in ("json", "csv", "stix", "ftm"):
        files.update(render_format(none, name))
    assert json.loads(files["brief.json"])["needs_review"] == []
    assert files["needs_review.csv"].decode().count("\n") == 1  # the header alone
    assert b"needs-review" not in files["brief.stix.json"]
    assert b"needs review" not in files["brief.ftm.json"]


@pytest.mark.execution
def test_exports_of_a_render_that_extracted_facts(tmp_path, capsys):
    """Documents no analyst facts cover: render extracts them into <out>/extracted, and the
    exports it writes read those facts too; brief export reads them with --extracted."""
    seeds, _ = write_hostile(tmp_path)
    none = tmp_path / "none"
    none.mkdir()
    out = tmp_path / "report"
    argv = ["--seeds", str(seeds), "--facts", str(none)]
    assert main(["render", *argv, "--format", "html,json", "--out", str(out)]) == 0
    data = json.loads((out / "exports" / "brief.json").read_text(encoding="utf-8"))
    assert set(s["review_status"] for s in data["sources"]) == {"machine-extracted"}
    assert data["events"]
    capsys.readouterr()
    assert main(["export", "--to", "json", *argv, "--out", str(tmp_path / "x")]) == 2
    assert "no facts file covers" in capsys.readouterr().err
    extracted = ["--extracted", str(out / "extracted")]
    assert main(["export", "--to", "json", *argv, *extracted, "--out", str(tmp_path / "x")]) == 0
    assert (tmp_path / "x" / "brief.json").read_bytes() == (
        out / "exports" / "brief.json"
    ).read_bytes()
