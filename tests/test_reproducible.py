"""The brief is reproducible across processes and environments, not only within one process.

Two ``brief render`` runs of the project's seed, each in its own Python process, started at the
same time with different environments: time zone (``Pacific/Kiritimati``, UTC+14, against UTC),
locale variables, ``PYTHONHASHSEED``, ``HOME``, working directory and output path (relative
against absolute). Every artifact must come out the same: ``brief.html``, ``brief.ipynb`` and
``brief.pdf`` byte for byte, the PDF's extracted text, every ``tables/*.csv`` and
``manifest.json``. A difference fails with the first differing line of the file.

Nothing is compared with committed files: ``report/`` is not committed (``.gitignore``), so CI
(``make test``) renders twice here and compares the two renders with each other.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import config

pytestmark = pytest.mark.execution

#: (environment, working directory, --out as given): everything that may differ between two
#: machines or two CI jobs and must not change the brief.
RUNS = {
    "kiritimati": (
        {
            "TZ": "Pacific/Kiritimati",
            "LANG": "C.UTF-8",
            "LC_ALL": "C.UTF-8",
            "PYTHONHASHSEED": "1",
        },
        "first/work",
        "../report-one",  # relative to the working directory
    ),
    "utc": (
        {
            "TZ": "UTC",
            "LANG": "C",
            "LC_ALL": "POSIX",
            "LC_TIME": "C",
            "PYTHONHASHSEED": "2024",
        },
        "second/somewhere/else",
        None,  # absolute, filled in below
    ),
}
#: Inherited variables that would make the runs alike (or that pytest set), dropped.
DROP = ("TZ", "LANG", "LC_ALL", "LC_TIME", "LC_CTYPE", "LANGUAGE", "PYTHONHASHSEED", "HOME")


def _env(extra: dict[str, str], home: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in DROP and not k.startswith("PYTEST_")}
    return {**env, **extra, "HOME": str(home)}


@pytest.fixture(scope="module")
def renders(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("reproducible")
    started = {}
    outs = {}
    for name, (extra, cwd, out) in RUNS.items():
        workdir = root / cwd
        workdir.mkdir(parents=True)
        home = root / f"home-{name}"
        home.mkdir()
        target = out if out is not None else str(root / "second" / "report-two")
        outs[name] = (workdir / target).resolve()
        started[name] = subprocess.Popen(  # both at once: the two cores render in parallel
            [sys.executable, "-m", "helpers.cli", "render", "--out", target],
            cwd=workdir,
            env=_env(extra, home),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
    for name, proc in started.items():
        stdout, stderr = proc.communicate(timeout=600)
        assert proc.returncode == 0, f"render {name} failed:\n{stdout}\n{stderr}"
    assert len({str(p) for p in outs.values()}) == 2
    return outs


def first_difference(name: str, a: bytes, b: bytes) -> str:
    """The first line where ``a`` and ``b`` differ, cut around the first differing column."""
    lines_a = a.decode("utf-8", "replace").splitlines()
    lines_b = b.decode("utf-8", "replace").splitlines()
    for number, (x, y) in enumerate(zip(lines_a, lines_b, strict=False), start=1):
        if x != y:
            col = next((i for i, (p, q) in enumerate(zip(x, y, strict=False)) if p != q), None)
            col = min(len(x), len(y)) if col is None else col
            lo = max(0, col - 60)
            return (
                f"{name} differs at line {number}, column {col + 1}:\n"
                f"  first:  {x[lo : col + 120]!r}\n"
                f"  second: {y[lo : col + 120]!r}"
            )
    return (
        f"{name}: the first {min(len(lines_a), len(lines_b))} lines agree; one file has "
        f"{len(lines_a)} lines, the other {len(lines_b)}"
    )


def assert_same(name: str, a: bytes, b: bytes) -> None:
    if a != b:
        pytest.fail(first_difference(name, a, b), pytrace=False)


def _pdf_text(path: Path) -> bytes:
    pages = PdfReader(path).pages
    return "\n\f\n".join(page.extract_text() for page in pages).encode("utf-8")


def _files(out: Path) -> list[str]:
    return sorted(
        str(p.relative_to(out))
        for p in out.rglob("*")
        if p.is_file() and not p.name.startswith(".")
    )


def test_the_same_artifacts_are_written(renders):
    one, two = renders.values()
    assert _files(one) == _files(two)
    assert {"brief.html", "brief.ipynb", "brief.pdf", "manifest.json"} <= set(_files(one))
    assert [f for f in _files(one) if re.fullmatch(r"tables/\w+\.csv", f)]


@pytest.mark.parametrize("name", ["brief.html", "brief.ipynb", "explorer.html", "manifest.json"])
def test_text_artifact_is_byte_identical(renders, name):
    one, two = renders.values()
    assert_same(name, (one / name).read_bytes(), (two / name).read_bytes())


def test_tables_are_byte_identical(renders):
    one, two = renders.values()
    tables = sorted((one / "tables").glob("*.csv"))
    assert tables
    for table in tables:
        name = f"tables/{table.name}"
        assert_same(name, table.read_bytes(), (two / name).read_bytes())


def test_pdf_text_and_bytes_are_identical(renders):
    one, two = renders.values()
    a, b = (one / "brief.pdf").read_bytes(), (two / "brief.pdf").read_bytes()
    if a == b:
        return  # the same bytes: the same text (extracting it would cost ~3 s for nothing)
    assert_same(  # the text first: a difference there is the one to see
        "brief.pdf (extracted text)", _pdf_text(one / "brief.pdf"), _pdf_text(two / "brief.pdf")
    )
    at = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    pytest.fail(
        f"brief.pdf: the same text, different bytes from byte {at}: "
        f"{a[max(0, at - 40) : at + 60]!r} vs {b[max(0, at - 40) : at + 60]!r}",
        pytrace=False,
    )


def test_no_run_specific_value_leaks_into_the_brief(renders):
    """Neither output path, working directory, home nor time zone appears in what is shipped."""
    one, two = renders.values()
    for out in (one, two):
        for name in ("brief.html", "brief.ipynb", "manifest.json"):
            text = (out / name).read_text(encoding="utf-8")
            for leak in (str(out.parent), "Kiritimati", str(config.PROJECT_ROOT)):
                assert leak not in text, (name, leak)
