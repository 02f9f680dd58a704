"""The brief at corpus scale, as issue 14 measures it: the 1,000-document synthetic corpus
(benchmarks/synth_corpus.py, seed 20240208) extracted into a facts store and rendered for real
(papermill, nbconvert, Typst), then read as a reader gets it: the PDF's pages (at most 15),
their images at 100 dpi (poppler's pdftoppm, installed by scripts/install-test-deps.sh), the
figures' font sizes read from their SVGs, and a first page that answers what happened, where,
who, how many (with ranges) and how sure the brief is; no machine id in what it shows.

One module fixture: the corpus is extracted and rendered once (about two minutes on two cores).
"""

from __future__ import annotations

import base64
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader
from test_figures import assert_legible

from helpers import config, render
from helpers.corpus import extract_corpus

DOCS, SEED = 1000, 20240208
MAX_PAGES = 15
PDFTOPPM = shutil.which("pdftoppm")


@pytest.fixture(scope="module")
def large(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("large")
    synth = config.PROJECT_ROOT / "benchmarks" / "synth_corpus.py"
    command = [sys.executable, str(synth), str(tmp / "seeds"), "--docs", str(DOCS)]
    subprocess.run([*command, "--seed", str(SEED)], check=True, capture_output=True)
    run = extract_corpus(tmp / "seeds", tmp / "store", workers=1, progress=False)
    assert not run.failed
    out = tmp / "out"
    render({"store": str(tmp / "store")}, out_dir=out, formats=("html", "pdf"))
    return out


def test_at_most_15_pages_each_an_a4_image_at_100_dpi(large, tmp_path):
    pages = len(PdfReader(large / "brief.pdf").pages)
    assert pages <= MAX_PAGES, pages
    assert PDFTOPPM, "pdftoppm (poppler-utils) is installed by scripts/install-test-deps.sh"
    subprocess.run(
        [PDFTOPPM, "-r", "100", "-png", str(large / "brief.pdf"), str(tmp_path / "p")],
        check=True,
    )
    images = sorted(tmp_path.glob("p-*.png"))
    assert len(images) == pages
    for image in images:  # A4 at 100 dpi: 827 x 1169-1170 pixels (PNG header: width, height)
        head = image.read_bytes()[16:24]
        width, height = int.from_bytes(head[:4], "big"), int.from_bytes(head[4:], "big")
        assert width == 827 and height in (1169, 1170), (image.name, width, height)


def test_figures_are_legible_at_print_size(large):
    html = (large / "brief.html").read_text(encoding="utf-8")
    images = re.findall(r'<img alt="([^"]+)" src="data:image/svg\+xml;base64,([^"]+)"', html)
    assert {alt for alt, _ in images} >= {"Map of events", "Relations between actors"}
    for alt, data in images:
        assert_legible(base64.b64decode(data).decode("utf-8"), alt)


def test_the_first_page_answers_what_where_who_how_many_and_how_sure(large):
    first = PdfReader(large / "brief.pdf").pages[0].extract_text()
    text = " ".join(first.split())
    assert re.search(r"\d+ events dated to the day between", text)  # what, and when
    assert "attacks" in text and "strikes" in text  # by kind
    assert "Most often named as acting:" in text  # who
    assert "most often at:" in text  # where
    assert re.search(r"figures range from \d[\d,]* to \d[\d,]*", text)  # how many, a range
    assert "independent source" in text and "precision" in text  # how sure


def test_no_machine_id_in_what_the_reader_reads(large):
    """Document ids and fact ids (``000123_wire_….e-strike-2024-02-07``, actor ids with
    ``unresolved-``) stay in anchors, tooltips and the CSV tables: outside the Sources table's
    id line and the appendix's document line, a reader never sees one."""
    html = (large / "brief.html").read_text(encoding="utf-8")
    body = html[html.index("<body") :]
    body = re.sub(r'<span class="mono"[^>]*>.*?</span>', " ", body, flags=re.S)
    shown = re.sub(r"<[^>]*>", " ", body)
    leaked = re.findall(r"\b\d{6}_[a-z0-9_]+(?:\.[a-z0-9-]+)?", shown)
    assert not leaked, leaked[:5]
    assert "unresolved-" not in shown
