"""Several files of one directory replaced all or nothing, even if the process is killed.

``brief review --apply`` writes, per document of a sheet, its reviewed facts file and the list
of facts the analyst rejected. Written one after the other, a crash between the two lost or
doubled a review decision (a rejected fact still carried in the facts file). :func:`commit`
replaces them all at once:

1. lock the directory (``flock`` on the directory itself: no lock file is left in it);
2. :func:`finish` whatever an earlier commit left;
3. write each new file as ``.<name>.brief-staged`` beside its target, ``fsync`` it and the
   directory;
4. write the journal ``.brief-commit.json`` naming the files (through a temporary file and a
   rename, so it exists whole or not at all): **the commit point**;
5. rename each staged file over its target, ``fsync`` the directory;
6. delete the journal.

:func:`finish` (run by the next commit, by :func:`helpers.facts.loading.load_facts` and by the
review commands before they read the directory) completes a commit killed after its commit point
(the staged files still there are renamed over their targets, then the journal goes) and deletes
the staged files of one killed before it (the old files stand). Killed at any step, the directory
holds exactly the old files or exactly the new ones once :func:`finish` has run. A directory with
nothing left over is only looked at, never written (it may be read-only).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator, Mapping
from pathlib import Path

from .durable import fsync_dir, write_synced

JOURNAL = ".brief-commit.json"
STAGED = ".brief-staged"


def _step(what: str) -> None:
    """Called before each change on disk (a no-op: tests/test_review_crash.py replaces it to
    SIGKILL the process at every step)."""


@contextlib.contextmanager
def _locked(directory: Path) -> Iterator[None]:
    try:
        import fcntl
    except ImportError:  # not POSIX: one writer at a time is assumed
        yield
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # releases the lock


def staged_path(target: Path) -> Path:
    return target.with_name(f".{target.name}{STAGED}")


def _leftovers(directory: Path) -> list[Path]:
    return sorted(p for p in directory.glob(f".*{STAGED}") if p.is_file())


def pending(directory: Path | str) -> bool:
    """Whether a commit left something in ``directory`` (a journal or staged files)."""
    directory = Path(directory)
    return (directory / JOURNAL).exists() or bool(_leftovers(directory))


def finish(directory: Path | str) -> None:
    """Complete (past its commit point) or undo (before it) a commit that was cut short in
    ``directory``; nothing is done, nothing written, when none was."""
    directory = Path(directory)
    if not directory.is_dir() or not pending(directory):
        return
    with _locked(directory):
        _finish_locked(directory)


def _finish_locked(directory: Path) -> None:
    journal = directory / JOURNAL
    if journal.exists():
        names = json.loads(journal.read_text(encoding="utf-8"))["files"]
        for name in names:
            staged = staged_path(directory / name)
            if staged.exists():
                _step(f"install {name}")
                os.replace(staged, directory / name)
        fsync_dir(directory)
        _step("forget")
        journal.unlink()
    for staged in _leftovers(directory):  # of a commit killed before its commit point
        _step(f"discard {staged.name}")
        staged.unlink()
    fsync_dir(directory)


def commit(directory: Path | str, files: Mapping[str, str]) -> list[Path]:
    """Replace the files ``files`` names (file name -> new text, UTF-8) in ``directory``, all
    or none of them (see the module's doc); return their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    targets = [directory / name for name in files]
    with _locked(directory):
        _finish_locked(directory)
        try:
            for target, text in zip(targets, files.values(), strict=True):
                _step(f"stage {target.name}")
                write_synced(staged_path(target), text)
            fsync_dir(directory)
            record = json.dumps({"files": list(files)}, ensure_ascii=False).encode("utf-8")
            tmp = directory / f"{JOURNAL}{STAGED}"  # a leftover like any staged file
            _step("journal")
            write_synced(tmp, record)
            _step("commit")
            os.replace(tmp, directory / JOURNAL)
        except BaseException:
            for path in [*map(staged_path, targets), directory / f"{JOURNAL}{STAGED}"]:
                with contextlib.suppress(OSError):
                    path.unlink()
            raise
        fsync_dir(directory)
        _finish_locked(directory)
    return targets
