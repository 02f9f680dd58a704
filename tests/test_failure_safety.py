"""A render that fails half-way leaves the previous brief alone; two renders do not collide.

Each failure runs ``brief render`` in a subprocess, the way a user does, on a copy of the project
(``BRIEF_PROJECT_ROOT``) whose brief notebook has one extra cell right after the parameters:
a cell that raises, a cell that kills its kernel, a cell that sleeps past ``--timeout``. Each must

* exit 1 with the notebook, the failing cell's number, the error and the cell's source on stderr,
* leave every file of the previous brief byte-identical (and no ``.brief-tmp-*`` behind),
* keep the executed notebook, with the error in the failing cell, as ``failed/<notebook>.ipynb``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from helpers import config, render

pytestmark = pytest.mark.execution

NOTEBOOK = config.BRIEF_NOTEBOOK.name
FAILED = "render failed, previous brief left in place"


@pytest.fixture(scope="module")
def previous_brief(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("previous-brief")
    render(out_dir=out, formats=["html"])
    return out


def brief_command(*args: str, root: Path | None = None) -> tuple[list[str], dict]:
    env = dict(os.environ)
    if root is not None:
        env["BRIEF_PROJECT_ROOT"] = str(root)
    return [sys.executable, "-m", "helpers.cli", "render", "--format", "html", *args], env


def files(root: Path) -> dict[str, bytes]:
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


def project_with_cell(tmp_path: Path, source: str) -> Path:
    """A copy of the project's inputs whose brief notebook runs ``source`` right after the
    parameters (before any import of the brief's code: the failure comes fast)."""
    root = tmp_path / "project"
    for name in ("seeds", "facts"):
        shutil.copytree(config.PROJECT_ROOT / name, root / name)
    (root / "notebooks").mkdir()
    shutil.copy(config.EXTRACT_NOTEBOOK, root / "notebooks")
    nb = nbformat.read(config.BRIEF_NOTEBOOK, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell(source, id="breaks"))
    nbformat.write(nb, root / "notebooks" / NOTEBOOK)
    return root


# id, the inserted cell, --timeout, the error named on stderr (papermill injects the parameters
# after the parameters cell, so the inserted cell is cell 2, the third to run).
FAILURES = [
    (
        "cell-raises",
        "raise RuntimeError('facts disagree')",
        60,
        "cell 2 (execution count 3) failed: RuntimeError: facts disagree",
    ),
    (
        "kernel-dies",  # as the out-of-memory killer would do it (os._exit(1) takes the same path)
        "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)",
        60,
        "cell 2 failed: DeadKernelError: the kernel died while running the cell (its process "
        "exited or was killed, e.g. for lack of memory)",
    ),
    (
        "timeout",
        "import time\ntime.sleep(60)",
        2,
        "cell 2 failed: CellTimeoutError: the cell ran past the timeout of "
        "2 s per cell (a longer one: brief render --timeout SECONDS)",
    ),
]


@pytest.mark.parametrize(
    ("source", "timeout", "error"),
    [f[1:] for f in FAILURES],
    ids=[f[0] for f in FAILURES],
)
def test_failed_run_keeps_the_previous_brief(previous_brief, tmp_path, source, timeout, error):
    root = project_with_cell(tmp_path, source)
    out = tmp_path / "out"
    shutil.copytree(previous_brief, out)
    before = files(out)

    command, env = brief_command("--out", str(out), "--timeout", str(timeout), root=root)
    result = subprocess.run(command, capture_output=True, text=True, env=env, timeout=120)

    kept = out / "failed" / NOTEBOOK
    assert result.returncode == 1, result.stderr
    assert result.stdout == ""
    # The kernel and nbclient may log to stderr first; the message is the end of it, whole.
    assert result.stderr.endswith(
        f"error: {FAILED}: {NOTEBOOK}: {error}\n--- cell source ---\n{source}\n"
        f"the executed notebook, with the error, is kept as {kept}\n"
    ), result.stderr
    assert "Traceback" not in result.stderr

    # The previous brief, byte for byte; only failed/ is new; no private run directory is left.
    after = files(out)
    assert {k: v for k, v in after.items() if not k.startswith("failed/")} == before
    assert [k for k in after if k.startswith("failed/")] == [
        "failed/.brief-failed.json",  # the record of the copies this tool wrote there
        f"failed/{NOTEBOOK}",
    ]
    assert not list(out.glob(".brief-tmp-*"))

    # The kept notebook is a valid notebook, as far as it ran, with the error in the cell.
    nb = nbformat.read(kept, as_version=4)
    nbformat.validate(nb)
    failing = [c for c in nb.cells if c.cell_type == "code" and c.source == source]
    assert len(failing) == 1
    errors = [o for o in failing[0].outputs if o.output_type == "error"]
    assert [f"{o.ename}: {o.evalue}" for o in errors] == [error.split(" failed: ", 1)[1]]


def test_two_renders_at_once_into_different_directories(previous_brief, tmp_path):
    """Two ``brief render`` processes started together, each into its own directory: both
    succeed, give the same bytes as a render on its own, and write nothing into the other's
    directory."""
    outs = [tmp_path / "a", tmp_path / "b"]
    procs = []
    for out in outs:
        command, env = brief_command("--out", str(out))
        procs.append(
            subprocess.Popen(
                command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env
            )
        )
    outputs = [proc.communicate(timeout=180) for proc in procs]
    for proc, (stdout, stderr), out in zip(procs, outputs, outs, strict=True):
        assert proc.returncode == 0, stderr
        assert f"{out / 'brief.html'}\n" in stdout
    a, b = (files(out) for out in outs)
    assert a == b == files(previous_brief)
    for out in outs:
        manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
        assert set(files(out)) == {*manifest["files"], "manifest.json"}  # nothing else in it
        assert [p.name for p in out.iterdir() if p.name.startswith(".")] == []
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a", "b"]
