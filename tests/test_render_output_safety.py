"""The render's output stage is safe to fail at any point and removes only its own files.

* A render removes a file only if this tool wrote it and its bytes are still those it recorded:
  never what another tool's ``manifest.json`` lists, never through a symbolic link, never a file
  the user changed, never a user's file in ``failed/``.
* One render at a time per output directory: a second one fails at once, saying why.
* Moving the brief into place is all or nothing even when the process is killed (SIGKILL) at any
  step: the next run puts the previous brief back (or, past the commit, keeps the new one) and
  removes what the dead run left.

Every render here is real (papermill, nbconvert, WeasyPrint); the kills are real SIGKILLs of a
process that runs the real install on a real render's files.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from conftest import SIGKILL_AT_STEP

from helpers import RenderError, config, render
from helpers.rendering import output
from helpers.rendering.errors import OutputBusyError

pytestmark = pytest.mark.execution

RECORD = "failed/.brief-failed.json"


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def snapshot(root: Path) -> dict[str, object]:
    """Everything under ``root`` by relative path: a file's bytes, a directory as None, a
    symbolic link as ``("link", target)`` (never followed)."""
    found: dict[str, object] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        for name in [*dirnames, *filenames]:
            path = Path(dirpath) / name
            rel = str(path.relative_to(root))
            if path.is_symlink():
                found[rel] = ("link", os.readlink(path))
            elif path.is_dir():
                found[rel] = None
            else:
                found[rel] = path.read_bytes()
    return dict(sorted(found.items()))


def broken_notebook(tmp_path: Path, name: str) -> Path:
    """The brief notebook with a cell that raises right after the parameters (fails fast)."""
    nb = nbformat.read(config.BRIEF_NOTEBOOK, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell("raise RuntimeError('boom')", id="boom"))
    path = tmp_path / f"{name}.ipynb"
    nbformat.write(nb, path)
    return path


def fail_into(out: Path, tmp_path: Path, name: str) -> None:
    """A real failed render into ``out``: keeps ``failed/<name>.ipynb`` and records it."""
    with pytest.raises(RenderError, match="RuntimeError: boom"):
        render(out_dir=out, notebook=broken_notebook(tmp_path, name), formats=["html"])


@pytest.fixture(scope="module")
def old_brief(tmp_path_factory) -> Path:
    """A brief with HTML and PDF: a later HTML-only render no longer writes ``brief.pdf``."""
    out = tmp_path_factory.mktemp("old-brief")
    render(out_dir=out, formats=["html", "pdf"])
    return out


def copy_of(brief: Path, tmp_path: Path) -> Path:
    out = tmp_path / "out"
    shutil.copytree(brief, out, symlinks=True)
    return out


# ---- what a render may remove


@pytest.mark.parametrize(
    "manifest",
    [
        {"name": "web-app", "version": "1.0", "files": {"index.js": "<sha>"}},
        {"files": ["index.js"]},
        {"digest": "<sha>", "parameters": {}, "files": {"index.js": "<sha>"}, "generator": "x"},
        {"digest": "not a sha", "parameters": {}, "files": {"index.js": "<sha>"}},
        {"digest": "<sha>", "parameters": {}, "files": {"index.js": "<sha>", "../x": "<sha>"}},
        {"digest": "<sha>", "parameters": {}, "files": {"/etc/passwd": "<sha>"}},
        {"digest": "<sha>", "parameters": {}, "files": {"index.js": "not a sha"}},
        ["index.js"],
    ],
)
def test_only_this_tools_manifest_is_recognised(manifest):
    text = json.dumps(manifest).replace("<sha>", sha(b"x"))
    assert not output.is_our_manifest(json.loads(text))


def test_this_tools_manifest_is_recognised(old_brief):
    assert output.is_our_manifest(json.loads((old_brief / "manifest.json").read_text()))


def test_what_another_tools_manifest_lists_is_never_deleted(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "index.js").write_text("console.log('app')\n")
    (out / "manifest.json").write_text(
        json.dumps({"name": "web-app", "files": {"index.js": sha(b"console.log('app')\n")}})
    )
    render(out_dir=out, formats=["html"])
    assert (out / "index.js").read_text() == "console.log('app')\n"
    assert output.is_our_manifest(json.loads((out / "manifest.json").read_text()))


def test_a_symlinked_directory_is_not_followed(old_brief, tmp_path):
    """The previous manifest lists ``extracted/x.facts.yaml`` (not written this time); the user
    has made ``extracted`` a link to a directory elsewhere holding a file of those very bytes:
    it stays, and so does the link. ``brief.pdf``, ours and unchanged, goes."""
    out = copy_of(old_brief, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "x.facts.yaml").write_text("document: x\n")
    (out / "extracted").symlink_to(elsewhere, target_is_directory=True)
    manifest = json.loads((out / "manifest.json").read_text())
    manifest["files"]["extracted/x.facts.yaml"] = sha(b"document: x\n")
    (out / "manifest.json").write_text(json.dumps(manifest))

    render(out_dir=out, formats=["html"])

    assert (elsewhere / "x.facts.yaml").read_text() == "document: x\n"
    assert os.readlink(out / "extracted") == str(elsewhere)
    assert not (out / "brief.pdf").exists()


def test_a_render_never_writes_through_a_symlinked_directory(old_brief, tmp_path):
    out = copy_of(old_brief, tmp_path)
    elsewhere = tmp_path / "elsewhere"
    (out / "tables").rename(elsewhere)
    (out / "tables").symlink_to(elsewhere, target_is_directory=True)
    before, outside = snapshot(out), snapshot(elsewhere)

    with pytest.raises(RenderError) as info:
        render(out_dir=out, formats=["html"])

    assert str(info.value) == (
        f"{out / 'tables'}: is a symbolic link; a render writes only inside {out}, never through "
        "or over a link: remove it, or render into another directory"
    )
    assert snapshot(out) == before
    assert snapshot(elsewhere) == outside


def test_a_file_of_ours_that_the_user_changed_is_not_deleted(old_brief, tmp_path):
    out = copy_of(old_brief, tmp_path)
    changed = (out / "brief.pdf").read_bytes() + b"% annotated by hand\n"
    (out / "brief.pdf").write_bytes(changed)
    render(out_dir=out, formats=["html"])
    assert (out / "brief.pdf").read_bytes() == changed


def test_only_the_failure_copies_this_tool_recorded_leave_failed(old_brief, tmp_path):
    """Two failed renders keep two notebooks in ``failed/``; the user edits one and adds notes
    there. The next successful render removes the unchanged copy and the record, nothing else."""
    out = copy_of(old_brief, tmp_path)
    fail_into(out, tmp_path, "first")
    fail_into(out, tmp_path, "second")
    record = json.loads((out / RECORD).read_text())
    assert sorted(record["files"]) == ["first.ipynb", "second.ipynb"]
    edited = (out / "failed" / "second.ipynb").read_bytes().replace(b"boom", b"BOOM")
    (out / "failed" / "second.ipynb").write_bytes(edited)
    (out / "failed" / "notes.txt").write_text("why the render failed\n")

    render(out_dir=out, formats=["html"])

    assert sorted(p.name for p in (out / "failed").iterdir()) == ["notes.txt", "second.ipynb"]
    assert (out / "failed" / "notes.txt").read_text() == "why the render failed\n"
    assert (out / "failed" / "second.ipynb").read_bytes() == edited


def test_failed_is_removed_when_it_held_only_this_tools_copies(old_brief, tmp_path):
    out = copy_of(old_brief, tmp_path)
    fail_into(out, tmp_path, "broken")
    assert sorted(p.name for p in (out / "failed").iterdir()) == [
        ".brief-failed.json",
        "broken.ipynb",
    ]
    render(out_dir=out, formats=["html"])
    assert not (out / "failed").exists()


# ---- one render at a time


def busy_message(out: Path) -> str:
    return (
        f"{out}: another render is writing there (it holds {out / '.brief.lock'}); wait for it to "
        "finish, or render into another directory"
    )


def test_a_render_into_a_locked_directory_fails_at_once_and_touches_nothing(old_brief, tmp_path):
    out = copy_of(old_brief, tmp_path)
    with output.claimed(out):
        (out / ".brief-tmp-live").mkdir()  # the holder's private directory: must survive
        (out / ".brief-tmp-live" / "brief.ipynb").write_text("{}")
        before = snapshot(out)
        with pytest.raises(OutputBusyError) as info:
            render(out_dir=out, formats=["html"])
        assert str(info.value) == busy_message(out)
        assert snapshot(out) == before
    assert ".brief.lock" not in snapshot(out)  # let go: the lock file is gone
    with output.claimed(out):  # the next run finds the private directory of a dead run
        pass
    assert snapshot(out) == snapshot(old_brief)


def project_with_cell(tmp_path: Path, source: str) -> Path:
    """A copy of the project's inputs whose brief notebook runs ``source`` after the
    parameters."""
    root = tmp_path / "project"
    for name in ("seeds", "facts"):
        shutil.copytree(config.PROJECT_ROOT / name, root / name)
    (root / "notebooks").mkdir()
    nb = nbformat.read(config.BRIEF_NOTEBOOK, as_version=4)
    nb.cells.insert(1, nbformat.v4.new_code_cell(source, id="waits"))
    nbformat.write(nb, root / "notebooks" / config.BRIEF_NOTEBOOK.name)
    return root


def test_a_second_render_into_the_same_directory_is_refused(tmp_path):
    """The first ``brief render`` waits in a cell until the test lets it go; meanwhile a second
    one into the same directory exits 1 at once with the message, and changes nothing. Then the
    first finishes, alone: its brief, nothing mixed in."""
    started, go = tmp_path / "started", tmp_path / "go"
    root = project_with_cell(
        tmp_path,
        "import pathlib, time\n"
        f"pathlib.Path({str(started)!r}).touch()\n"
        f"while not pathlib.Path({str(go)!r}).exists():\n"
        "    time.sleep(0.05)",
    )
    out = tmp_path / "out"
    command = [sys.executable, "-m", "helpers.cli", "render", "--format", "html", "--out", str(out)]
    first = subprocess.Popen(
        command,
        env={**os.environ, "BRIEF_PROJECT_ROOT": str(root)},
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        while not started.exists():  # the first render is inside its notebook
            assert first.poll() is None, first.communicate()
            time.sleep(0.05)
        # (what the first run's kernel does inside its private directory is its business)
        before = {k: v for k, v in snapshot(out).items() if "/" not in k or ".brief-tmp-" not in k}
        assert ".brief.lock" in before
        assert [name for name in before if name.startswith(".brief-tmp-")]

        second = subprocess.run(command, capture_output=True, text=True, timeout=120)

        assert second.returncode == 1
        assert second.stdout == ""
        assert second.stderr == (
            f"error: render failed, previous brief left in place: {busy_message(out)}\n"
        )
        after = {k: v for k, v in snapshot(out).items() if "/" not in k or ".brief-tmp-" not in k}
        assert after == before  # the first run's private directory is still there too
    finally:
        go.touch()
        stdout, stderr = first.communicate(timeout=300)
    assert first.returncode == 0, stderr
    manifest = json.loads((out / "manifest.json").read_text())
    assert sorted(p for p, data in snapshot(out).items() if data is not None) == sorted(
        [*manifest["files"], "manifest.json"]
    )
    for name, digest in manifest["files"].items():
        assert sha((out / name).read_bytes()) == digest, name


# ---- all or nothing, whatever step is killed

#: Both scripts count the install's (or the recovery's) steps and SIGKILL themselves before
#: step number ``kill_at`` (-1: never).
KILL_AT_STEP = (
    SIGKILL_AT_STEP
    + """
output._step = step
"""
)

INSTALL = (
    """
import os, shutil, signal, sys
from pathlib import Path
from helpers.rendering import output

out, staged, kill_at = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
names = sys.argv[4:]
"""
    + KILL_AT_STEP
    + """with output.claimed(out):
    tmp = output.private_dir(out)
    for name in names:
        (tmp / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(staged / name, tmp / name)
    try:
        output.replace_previous([tmp / name for name in names], tmp, out)
    finally:
        output.discard(tmp)
"""
)

RECOVER = (
    """
import os, signal, sys
from pathlib import Path
from helpers.rendering import output

out, kill_at = Path(sys.argv[1]), int(sys.argv[2])
"""
    + KILL_AT_STEP
    + """with output.claimed(out):
    pass
"""
)


def run_script(script: str, *args: object) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.fixture(scope="module")
def crash_case(old_brief, tmp_path_factory) -> dict:
    """The state before (the old brief without its tables, as an older notebook wrote it, with a
    recorded failure copy and a user's file), the new brief staged for the install, and the
    steps the install goes through when nothing stops it, with the state it leaves."""
    work = tmp_path_factory.mktemp("crash")
    before = work / "before"
    shutil.copytree(old_brief, before)
    shutil.rmtree(before / "tables")
    manifest = json.loads((before / "manifest.json").read_text())
    manifest["files"] = {k: v for k, v in manifest["files"].items() if not k.startswith("tables/")}
    (before / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    fail_into(before, work, "broken")
    (before / "index.js").write_text("a user's file\n")

    staged = work / "staged"
    render({"title": "The new brief"}, out_dir=staged, formats=["html"])
    names = [*json.loads((staged / "manifest.json").read_text())["files"], "manifest.json"]

    out = work / "reference"
    shutil.copytree(before, out)
    done = run_script(INSTALL, out, staged, -1, *names)
    assert done.returncode == 0, done.stderr
    return {
        "before": before,
        "staged": staged,
        "names": names,
        "steps": done.stdout.splitlines(),
        "after": snapshot(out),
    }


def test_the_install_moves_in_the_new_brief_and_out_only_this_tools_old_files(crash_case):
    before, after = snapshot(crash_case["before"]), crash_case["after"]
    staged = snapshot(crash_case["staged"])
    assert after == {**staged, "index.js": b"a user's file\n"}
    assert "brief.pdf" in before and "failed/broken.ipynb" in before and RECORD in before
    steps = crash_case["steps"]
    # every kind of change happens: mkdir, save, install, remove, rmdir, commit, discard
    kinds = {s.split()[0] for s in steps}
    assert kinds == {"journal", "mkdir", "save", "install", "remove", "rmdir", "commit", "discard"}


def reset(case: dict, out: Path) -> None:
    shutil.rmtree(out, ignore_errors=True)
    shutil.copytree(case["before"], out, symlinks=True)


def test_a_kill_at_any_step_leaves_the_old_brief_or_the_new_one(crash_case, tmp_path):
    """SIGKILL before each change the install makes; then the next run's recovery (it takes the
    lock) leaves exactly the old brief (killed up to the commit) or exactly the new one (after
    it), and nothing of the dead run: no private directory, no lock file."""
    out = tmp_path / "out"
    before = snapshot(crash_case["before"])
    steps = crash_case["steps"]
    commit = steps.index("commit")
    for kill_at, step in enumerate(steps):
        reset(crash_case, out)
        killed = run_script(INSTALL, out, crash_case["staged"], kill_at, *crash_case["names"])
        assert killed.returncode == -signal.SIGKILL, (step, killed.stderr)
        assert len(killed.stdout.splitlines()) == kill_at

        recovered = run_script(RECOVER, out, -1)
        assert recovered.returncode == 0, (step, recovered.stderr)

        expected = before if kill_at <= commit else crash_case["after"]
        assert snapshot(out) == expected, f"killed before {step!r}"


def test_a_kill_while_putting_the_old_brief_back_is_put_right_by_the_next_run(crash_case, tmp_path):
    """The install is killed just before its commit (everything is to be undone); then the
    recovery is killed before each of its own steps; the run after that still puts the old
    brief back exactly."""
    out = tmp_path / "out"
    before = snapshot(crash_case["before"])
    commit = crash_case["steps"].index("commit")
    reset(crash_case, out)
    run_script(INSTALL, out, crash_case["staged"], commit, *crash_case["names"])
    probe = run_script(RECOVER, out, -1)
    undo_steps = probe.stdout.splitlines()
    assert {s.split()[0] for s in undo_steps} >= {"restore", "unlink", "rmdir", "forget"}
    for kill_at, step in enumerate(undo_steps):
        reset(crash_case, out)
        run_script(INSTALL, out, crash_case["staged"], commit, *crash_case["names"])
        killed = run_script(RECOVER, out, kill_at)
        assert killed.returncode == -signal.SIGKILL, (step, killed.stderr)
        recovered = run_script(RECOVER, out, -1)
        assert recovered.returncode == 0, (step, recovered.stderr)
        assert snapshot(out) == before, f"recovery killed before {step!r}"


def test_the_next_render_recovers_and_cleans_up_after_a_killed_one(crash_case, tmp_path):
    """A run killed half-way through the install, a run killed while rendering (its private
    directory left behind): the next real render puts things right and writes its brief."""
    out = tmp_path / "out"
    reset(crash_case, out)
    steps = crash_case["steps"]
    half = next(i for i, s in enumerate(steps) if s.startswith("install "))
    run_script(INSTALL, out, crash_case["staged"], half + 1, *crash_case["names"])
    (out / ".brief-tmp-deadrun").mkdir()
    (out / ".brief-tmp-deadrun" / "brief.html").write_text("half a brief")
    assert len([p for p in out.iterdir() if p.name.startswith(".brief-tmp-")]) == 2

    render(out_dir=out, formats=["html"])

    fresh = tmp_path / "fresh"
    render(out_dir=fresh, formats=["html"])
    # the old brief was put back first (its pdf and failure copy are this tool's: removed now)
    assert snapshot(out) == {**snapshot(fresh), "index.js": b"a user's file\n"}


def test_a_failed_move_puts_everything_back_at_once(crash_case, tmp_path, monkeypatch):
    """An OSError in the middle of the install (here: the third file cannot be moved in) puts
    the old brief back before the error is raised, and leaves nothing behind."""
    out = tmp_path / "out"
    reset(crash_case, out)
    before = snapshot(out)
    names = crash_case["names"]
    real_replace = os.replace

    def replace(src, dst, **kwargs):
        if Path(dst) == out / names[2]:
            raise OSError(28, os.strerror(28))
        return real_replace(src, dst, **kwargs)

    monkeypatch.setattr(os, "replace", replace)
    with output.claimed(out):
        tmp = output.private_dir(out)
        for name in names:
            (tmp / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(crash_case["staged"] / name, tmp / name)
        try:
            with pytest.raises(RenderError, match="no space left on device"):
                output.replace_previous([tmp / n for n in names], tmp, out)
        finally:
            output.discard(tmp)
    assert snapshot(out) == before


def test_a_dead_runs_private_directory_that_is_a_link_is_not_followed(tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    (elsewhere / "keep.txt").write_text("keep\n")
    (out / ".brief-tmp-link").symlink_to(elsewhere, target_is_directory=True)
    with output.claimed(out):
        pass
    assert (elsewhere / "keep.txt").read_text() == "keep\n"
    assert os.readlink(out / ".brief-tmp-link") == str(elsewhere)


# ---- where a failed render keeps its notebook


def test_a_failed_render_never_overwrites_a_users_file_in_failed(tmp_path):
    out = tmp_path / "out"
    (out / "failed").mkdir(parents=True)
    mine = out / "failed" / "third.ipynb"
    mine.write_text("the user's own notebook\n")
    fail_into(out, tmp_path, "third")
    assert mine.read_text() == "the user's own notebook\n"
    kept = out / "failed" / "third-2.ipynb"
    assert b"boom" in kept.read_bytes()
    fail_into(out, tmp_path, "third")  # this tool's own unchanged copy is replaced, not piled up
    assert sorted(p.name for p in (out / "failed").iterdir()) == [
        ".brief-failed.json",
        "third-2.ipynb",
        "third.ipynb",
    ]


def test_a_failed_render_never_writes_through_a_symlinked_failed(tmp_path):
    out, elsewhere = tmp_path / "out", tmp_path / "elsewhere"
    out.mkdir()
    elsewhere.mkdir()
    (out / "failed").symlink_to(elsewhere, target_is_directory=True)
    with pytest.raises(RenderError, match="is not kept: .* is a symbolic link"):
        render(out_dir=out, notebook=broken_notebook(tmp_path, "fourth"), formats=["html"])
    assert list(elsewhere.iterdir()) == []
