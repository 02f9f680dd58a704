"""Execution tests: the real notebook through papermill, nbconvert and the PDF engines (Typst by
default, WeasyPrint on request)."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from conftest import FACTS_NAME, SEED_ID, replace_in
from pypdf import PdfReader

from helpers import InputError, RenderError, config, render

pytestmark = pytest.mark.execution

KEY_FACTS = [
    "18:30 UTC",
    "21:30 Asia/Baghdad",
    "Tower 22",
    "three U.S. soldiers",
    "no indications of collateral damage",
    "Kata'ib Hezbollah",
    "suspension of military and security operations",
    "31 January 2024",
    "year inferred",
    "identity of the person killed",
    "graded F6",
]


def pdf_text(path: Path) -> str:
    text = "\n".join(page.extract_text() for page in PdfReader(path).pages)
    return re.sub(r"\s+", " ", text)


def html_text(path: Path) -> str:
    import html

    raw = path.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", raw)))


@pytest.fixture(scope="module")
def default_brief(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("report")
    render(out_dir=out)
    return out


def test_default_brief_has_every_artifact(default_brief):
    for name in [
        "brief.ipynb",
        "brief.html",
        "brief.pdf",
        "manifest.json",
        "tables/timeline.csv",
        "tables/actors.csv",
        "tables/relations.csv",
    ]:
        assert (default_brief / name).is_file(), name
    assert not list(default_brief.glob(".brief-tmp-*"))  # the temporary directory is gone
    manifest = json.loads((default_brief / "manifest.json").read_text())
    assert set(manifest["files"]) >= {"brief.html", "brief.pdf", "brief.ipynb"}


def test_html_states_the_facts_and_hides_code(default_brief):
    raw = (default_brief / "brief.html").read_text(encoding="utf-8")
    text = html_text(default_brief / "brief.html")
    for fact in KEY_FACTS:
        assert fact in text, fact
    assert "Content-Security-Policy" in raw and "default-src 'none'" in raw
    assert "<script" not in raw.lower()
    assert "build_brief(" not in raw  # code cells are not shown
    assert "http://" not in raw and "https://" not in raw  # nothing loads from the network
    # an empty title parameter: the one document's title
    assert (
        "<title>U.S. drone strike in Iraq kills Kata&#39;ib Hezbollah senior leader</title>" in raw
    )
    for section in [
        "Bottom line up front",
        "Timeline",
        "Actors",
        "Relations",
        "Claims and sourcing",
        "Information gaps",
        "Methodology",
    ]:
        assert f">{section}" in raw, section


def test_pdf_states_the_facts(default_brief):
    text = pdf_text(default_brief / "brief.pdf")
    for fact in KEY_FACTS:
        assert fact.replace("'", "'") in text.replace("’", "'"), fact
    assert "UNCLASSIFIED // OPEN SOURCE" in text
    assert re.search(r"page 1 of \d+", text)


def test_the_default_pdf_is_typsts_and_weasyprint_stays_selectable(default_brief, tmp_path):
    assert PdfReader(default_brief / "brief.pdf").metadata["/Creator"].startswith("Typst ")
    render(out_dir=tmp_path, formats=("html", "pdf"), pdf_engine="weasyprint")
    assert PdfReader(tmp_path / "brief.pdf").metadata["/Producer"].startswith("WeasyPrint ")
    text = pdf_text(tmp_path / "brief.pdf")
    for fact in KEY_FACTS:
        assert fact.replace("'", "'") in text.replace("’", "'"), fact
    assert re.search(r"UNCLASSIFIED // OPEN SOURCE.*page 1 of \d+", text)
    # the same HTML whichever engine writes the PDF
    assert (tmp_path / "brief.html").read_bytes() == (default_brief / "brief.html").read_bytes()


def test_executed_notebook_is_clean(default_brief):
    nb = nbformat.read(default_brief / "brief.ipynb", as_version=4)
    assert "papermill" not in nb.metadata
    for cell in nb.cells:
        assert "execution" not in cell.metadata and "papermill" not in cell.metadata
        for output in cell.get("outputs", []):
            assert output["output_type"] != "error"
            assert output["output_type"] != "stream", output  # no warnings leak into the brief


def test_second_render_is_byte_identical(default_brief, tmp_path):
    render(out_dir=tmp_path)
    for name in ["brief.html", "brief.ipynb", "brief.pdf", "tables/timeline.csv", "manifest.json"]:
        assert (tmp_path / name).read_bytes() == (default_brief / name).read_bytes(), name


def test_non_default_parameters(tmp_path):
    title = "KH <b>focus</b> & window"
    render(
        {
            "focus_actor": "kh",
            "display_tz": "America/New_York",
            "window_start": "2024-02-01",
            "title": title,
            "marking": "TEST // <i>MARKING</i>",
        },
        out_dir=tmp_path,
    )
    raw = (tmp_path / "brief.html").read_text(encoding="utf-8")
    assert "KH &lt;b&gt;focus&lt;/b&gt; &amp; window" in raw and "<b>focus</b>" not in raw
    # the display zone's time on the event's own date: the time alone
    assert "<th>America/New_York</th>" in raw and "<td>13:30 (-05:00)</td>" in raw
    assert 'class="focus' in raw
    timeline = (tmp_path / "tables" / "timeline.csv").read_text()
    assert "e-tower22-2024-01-28" not in timeline and "e-strike-2024-02-07" in timeline
    text = pdf_text(tmp_path / "brief.pdf")
    assert "TEST // <i>MARKING</i>" in text and "13:30 (-05:00)" in text


def test_script_in_a_seed_renders_as_text(tmp_path):
    seeds, facts = tmp_path / "seeds", tmp_path / "facts"
    seeds.mkdir()
    facts.mkdir()
    text = 'Militants said <script>alert("x")</script> on 3 March; <img src=x onerror=alert(1)> killed two.\n'
    (seeds / "inj.txt").write_text(text, encoding="utf-8")
    (seeds / "inj.meta.yaml").write_text(
        "id: inj\ntitle: '<script>alert(1)</script> title'\npublished: '2024-03-04'\ntimezone: UTC\nlanguage: en\n",
        encoding="utf-8",
    )
    quote = text.strip()
    span = f"{{doc: inj, start: 0, end: {len(quote)}, quote: {json.dumps(quote)}}}"
    (facts / "inj.facts.yaml").write_text(
        f"""schema_version: 1
reviewed_by: test
review_status: analyst-reviewed
documents: [inj]
actors:
  - {{id: militants, name: "<script>alert('actor')</script>", aliases: [Militants], kind: collective, spans: [{span}]}}
events:
  - id: e-inj
    kind: "<b>attack</b>"
    summary: "Militants <script>alert('summary')</script> killed two."
    when: {{precision: day, start: "2024-03-03", expression: "on 3 March", inferred: [year], basis: "from publication"}}
    initiators: [militants]
    outcomes: [{{kind: killed, count: {{best: 2}}, wording: "killed two"}}]
    status: reported
    lead: true
    spans: [{span}]
""",
        encoding="utf-8",
    )
    render({"seeds_dir": str(seeds), "facts_dir": str(facts)}, out_dir=tmp_path / "out")
    raw = (tmp_path / "out" / "brief.html").read_text(encoding="utf-8")
    assert "<script" not in raw.lower() and "<img src=x" not in raw
    assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in raw
    assert "&lt;img src=x onerror=alert(1)&gt;" in raw
    pdf = pdf_text(tmp_path / "out" / "brief.pdf")
    assert "Militants <script>alert('summary')</script> killed two." in pdf


def test_broken_facts_fail_before_anything_is_written(workspace, default_brief, tmp_path):
    seeds, facts = workspace
    out = tmp_path / "out"
    shutil.copytree(default_brief, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    line = replace_in(
        facts / FACTS_NAME, 'quote: "Kata’ib Hezbollah is a', "quote: \"Kata'ib Hezbollah is a"
    )
    with pytest.raises(InputError) as info:
        render({"seeds_dir": str(seeds), "facts_dir": str(facts)}, out_dir=out)
    assert str(info.value).startswith(
        f"{facts / FACTS_NAME}:{line}: actors[3].spans[0].quote: quote does not match"
    )
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    assert after == before


def test_failing_cell_keeps_the_last_good_brief(default_brief, tmp_path):
    out = tmp_path / "out"
    shutil.copytree(default_brief, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    nb = nbformat.read(config.BRIEF_NOTEBOOK, as_version=4)
    nb.cells.insert(4, nbformat.v4.new_code_cell("raise RuntimeError('facts disagree')", id="boom"))
    broken = tmp_path / "broken.ipynb"
    nbformat.write(nb, broken)
    with pytest.raises(
        RenderError,
        match=r"cell \d+ .*failed: RuntimeError: facts disagree[\s\S]*raise RuntimeError\('facts disagree'\)",
    ):
        render(out_dir=out, notebook=broken, formats=["html"])
    after = {p: p.read_bytes() for p in out.rglob("*") if p.is_file() and "failed" not in p.parts}
    assert after == before
    assert (out / "failed" / "broken.ipynb").is_file()
    assert not list(out.glob(".brief-tmp-*"))


def test_cli_rejects_unknown_focus_actor_with_choices(tmp_path):
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "helpers.cli",
            "render",
            "--out",
            str(tmp_path),
            "-p",
            "focus_actor",
            "hezbollah",
        ],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 2
    assert "parameter 'focus_actor': unknown actor 'hezbollah'; valid:" in result.stderr
    assert "kh (Kata'ib Hezbollah (KH))" in result.stderr
    assert not (tmp_path / "brief.html").exists()


def test_cli_help_documents_every_parameter():
    from helpers import PARAMETERS

    result = subprocess.run(
        [sys.executable, "-m", "helpers.cli", "render", "--help"],
        capture_output=True,
        text=True,
        check=True,
    )
    for name in PARAMETERS:
        assert name in result.stdout


def test_plain_papermill_and_nbconvert(tmp_path):
    """What a papermill user would type: papermill -p ..., then jupyter nbconvert with the template."""
    bin_dir = Path(sys.executable).parent
    out = tmp_path / "run.ipynb"
    subprocess.run(
        [
            bin_dir / "papermill",
            str(config.BRIEF_NOTEBOOK),
            str(out),
            "-p",
            "focus_actor",
            "kh",
            "--no-progress-bar",
        ],
        check=True,
        capture_output=True,
        env={"PATH": f"{bin_dir}:/usr/bin:/bin", "PYTHONHASHSEED": "0", "HOME": str(tmp_path)},
    )
    subprocess.run(
        [
            bin_dir / "jupyter",
            "nbconvert",
            "--to",
            "html",
            f"--TemplateExporter.extra_template_basedirs={config.TEMPLATES_DIR}",
            "--template",
            "brief",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    raw = (tmp_path / "run.html").read_text(encoding="utf-8")
    assert "Kata'ib Hezbollah" in html_text(tmp_path / "run.html")
    assert 'class="focus' in raw and "Content-Security-Policy" in raw


def test_seed_document_is_unedited():
    import hashlib

    shared = config.PROJECT_ROOT.parent / "shared" / "seeds" / f"{SEED_ID}.txt"
    ours = config.SEEDS_DIR / f"{SEED_ID}.txt"
    assert (
        hashlib.sha256(ours.read_bytes()).hexdigest()
        == "3fded404b22614965035db5e237d7668eaed24fb44212c354e150f5a03f949ec"
    )
    if shared.exists():
        assert shared.read_bytes() == ours.read_bytes()


def test_new_document_without_facts_is_extracted_and_labelled(tmp_path):
    """An analyst drops an article with its sidecar and runs one command."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("messy.txt", "messy.meta.yaml"):
        shutil.copy(config.PROJECT_ROOT / "tests" / "fixtures" / "messy" / name, seeds)
    out = tmp_path / "out"
    render({"seeds_dir": str(seeds)}, out_dir=out)
    for name in ["01-extract-facts.ipynb", "extracted/messy.facts.yaml", "brief.html", "brief.pdf"]:
        assert (out / name).is_file(), name
    text = html_text(out / "brief.html")
    assert (
        "machine-extracted (Unnamed outlet, 8 Feb 2024): read by the rule-based extractor, "
        "NOT reviewed by an analyst" in text
    )
    assert "21:30 Asia/Baghdad" in text and "18:30 UTC" in text
    extraction = nbformat.read(out / "01-extract-facts.ipynb", as_version=4)
    assert not [
        o
        for c in extraction.cells
        for o in c.get("outputs", [])
        if o["output_type"] in ("error", "stream")
    ]


def test_extract_notebook_runs_with_papermill(tmp_path):
    import papermill

    out = tmp_path / "extracted"
    papermill.execute_notebook(
        str(config.EXTRACT_NOTEBOOK),
        str(tmp_path / "run.ipynb"),
        parameters={
            "seeds_dir": str(config.PROJECT_ROOT / "tests" / "fixtures" / "messy"),
            "facts_dir": str(tmp_path),
            "out_dir": str(out),
        },
        progress_bar=False,
        kernel_name="python3",
    )
    assert (out / "messy.facts.yaml").is_file()


def test_timeout_is_a_render_error_and_keeps_the_notebook(tmp_path):
    nb = nbformat.read(config.BRIEF_NOTEBOOK, as_version=4)
    nb.cells.insert(2, nbformat.v4.new_code_cell("import time\ntime.sleep(30)", id="slow"))
    slow = tmp_path / "slow.ipynb"
    nbformat.write(nb, slow)
    with pytest.raises(
        RenderError, match=r"slow.ipynb: cell \d+ failed: CellTimeoutError: the cell ran past"
    ):
        render(out_dir=tmp_path / "out", notebook=slow, formats=["html"], timeout=3)
    assert not list((tmp_path / "out").glob(".brief-tmp-*"))


def test_files_of_an_earlier_render_that_this_one_does_not_write_are_removed(
    default_brief, tmp_path
):
    out = tmp_path / "out"
    shutil.copytree(default_brief, out)
    (out / "failed").mkdir()
    (out / "failed" / "old.ipynb").write_text("{}")
    render(out_dir=out, formats=["html"])
    assert not (out / "brief.pdf").exists()  # written last time, not this time
    # not written by a failed render (it records its copies): not this tool's to remove
    assert (out / "failed" / "old.ipynb").read_text() == "{}"
    assert (out / "brief.html").is_file()


def test_unknown_focus_actor_fails_before_extraction(tmp_path):
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for name in ("messy.txt", "messy.meta.yaml"):
        shutil.copy(config.PROJECT_ROOT / "tests" / "fixtures" / "messy" / name, seeds)
    from helpers import ParameterError

    with pytest.raises(ParameterError, match="unknown actor 'nobody'"):
        render({"seeds_dir": str(seeds), "focus_actor": "nobody"}, out_dir=tmp_path / "out")
    assert not (tmp_path / "out" / "01-extract-facts.ipynb").exists()


def test_many_documents_fuse_into_one_brief_with_disagreements_and_changes(tmp_path):
    """The seed, a wire story, the same story republished by another outlet, and a regional
    paper: one brief that says where the sources agree and where they do not."""
    seeds = tmp_path / "seeds"
    seeds.mkdir()
    for path in config.SEEDS_DIR.iterdir():
        shutil.copy(path, seeds)
    devset = config.PROJECT_ROOT / "benchmarks" / "devset"
    for stem in ("01_wire_us_strikes_iraq_syria", "12_regional_abu_baqir_funeral"):
        for suffix in (".txt", ".meta.yaml"):
            shutil.copy(devset / f"{stem}{suffix}", seeds)
    wire = (devset / "01_wire_us_strikes_iraq_syria.txt").read_text(encoding="utf-8")
    (seeds / "01b_republished.txt").write_text("Republished by Gulf Daily.\n" + wire, "utf-8")
    meta = (devset / "01_wire_us_strikes_iraq_syria.meta.yaml").read_text(encoding="utf-8")
    meta = meta.replace("01_wire_us_strikes_iraq_syria", "01b_republished")
    (seeds / "01b_republished.meta.yaml").write_text(meta, "utf-8")
    out = tmp_path / "out"
    render(
        {"seeds_dir": str(seeds), "changes_since": "2024-02-08", "title": "Four reports"},
        out_dir=out,
        formats=["html"],
    )
    text = html_text(out / "brief.html")
    assert "Where sources agree and disagree" in text
    assert "Changes since 2024-02-08" in text
    assert "sources, 1 independent" in text  # the republished wire counts once
    assert "18:30 UTC" in text  # the seed's curated facts are still there
    timeline = (out / "tables" / "timeline.csv").read_text(encoding="utf-8")
    assert "n_sources" in timeline.splitlines()[0]
    assert (out / "tables" / "disagreements.csv").is_file()
