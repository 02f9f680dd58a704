"""The output directory: preparing it, its lock, the run's private ``.brief-tmp-*`` directory in
it, writing files to the disk, the manifest, and moving a finished brief into place.

* **One render at a time.** A run holds ``<out>/.brief.lock`` (``flock``) from before its
  private directory is made until the end; a second render into the same directory fails at
  once with :class:`OutputBusyError`. The lock file is removed when the run ends.
* **All or nothing, even for SIGKILL.** Before the first file moves, the run writes a journal
  (``.journal.json`` in its private directory, atomically) naming every file it will move in,
  whether a previous file was there (a second name for it is kept in the private directory
  before it is replaced), the directories it will make and the files it will move out. Removing
  the journal is the commit. A run that finds a private directory of a dead run (it holds the
  lock, so every ``.brief-tmp-*`` it sees is one) puts the previous brief back from the journal,
  if there is one, and removes the directory.
* **Only this tool's files are removed.** A file is moved out (removed) only if this tool wrote
  it and its bytes are still the sha256 it recorded: the files the previous render listed in its
  ``manifest.json`` (recognised by its exact structure) and did not write again, and the failure
  copies a failed render recorded in ``failed/.brief-failed.json``. Never through a symbolic
  link, never outside the output directory; anything else stays.

A failure to write is a :class:`RenderError` that names the file and says plainly when the disk
is full."""

from __future__ import annotations

import contextlib
import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..facts.durable import fsync_dir
from ..facts.durable import write_synced as write_file  # the renderer's name for it
from ..facts.loading import InputError
from .errors import OutputBusyError, RenderError

LOCK_NAME = ".brief.lock"  # in the output directory, while a run holds it
TMP_PREFIX = ".brief-tmp-"  # the run's private directory in the output directory
JOURNAL = ".journal.json"  # in the private directory, while files move into place
SAVED = ".previous"  # in the private directory: the files replaced or moved out
MANIFEST = "manifest.json"
FAILED_DIR = "failed"
FAILED_RECORD = ".brief-failed.json"  # in failed/: the failure copies this tool wrote
GENERATOR = "analytic-brief render"  # the failure record's mark
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _step(what: str) -> None:
    """Called before each change the install or a recovery makes in the output directory; the
    crash-consistency tests replace it to stop the process there."""


def os_problem(path: Path, exc: OSError) -> str:
    """What went wrong writing ``path``, for a person: a full disk is said so."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"{path}: cannot write: no space left on device (the disk is full); free some space "
            "and render again"
        )
    return f"{path}: cannot write: {exc.strerror or exc}"


@contextlib.contextmanager
def writing(path: Path) -> Iterator[None]:
    """Turn an OSError while producing ``path`` into a RenderError that names it."""
    try:
        yield
    except OSError as exc:
        raise RenderError(os_problem(path, exc)) from None


def prepare_out_dir(out_dir: Path) -> None:
    """Create ``out_dir`` if needed; an InputError naming it if it cannot be written to."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        if out_dir.exists() and not out_dir.is_dir():
            raise InputError(out_dir, "output path is a file, not a directory") from None
        ancestor = out_dir.parent
        while not ancestor.exists() and ancestor != ancestor.parent:
            ancestor = ancestor.parent
        if not ancestor.is_dir():
            raise InputError(
                out_dir,
                f"cannot create the output directory: {ancestor} is a file, not a directory",
            ) from None
        raise InputError(
            out_dir,
            f"cannot create the output directory in {ancestor} ({exc.strerror}); choose a "
            "writable location",
        ) from None
    if not os.access(out_dir, os.W_OK | os.X_OK):
        raise InputError(out_dir, "output directory is not writable; choose a writable location")


# ---- the lock, and what dead runs left


def _lock(out_dir: Path) -> int:
    """Open and ``flock`` ``out_dir/.brief.lock``; the descriptor. OutputBusyError if another
    run holds it."""
    path = out_dir / LOCK_NAME
    while True:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_NOFOLLOW, 0o644)
        except OSError as exc:
            raise InputError(
                out_dir,
                f"cannot create the lock file {LOCK_NAME} in the output directory "
                f"({exc.strerror}); choose a writable location",
            ) from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as exc:
            os.close(fd)
            if exc.errno in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise OutputBusyError(
                    f"{out_dir}: another render is writing there (it holds {path}); wait for "
                    "it to finish, or render into another directory"
                ) from None
            raise InputError(
                out_dir, f"cannot lock the output directory ({exc.strerror or exc})"
            ) from None
        # The run that held the lock removes the file as it ends: the lock is ours only if the
        # file we locked is still the one at that name.
        try:
            same = os.path.samestat(os.fstat(fd), os.stat(path, follow_symlinks=False))
        except OSError:
            same = False
        if same:
            return fd
        os.close(fd)


@contextlib.contextmanager
def claimed(out_dir: Path) -> Iterator[None]:
    """Hold ``out_dir``'s lock for the whole run. First, put right what a run that was killed
    left there (:func:`recover`); at the end, remove the lock file."""
    fd = _lock(out_dir)
    try:
        recover(out_dir)
        yield
    finally:
        with contextlib.suppress(OSError):
            os.unlink(out_dir / LOCK_NAME)  # still ours: removed before the lock is let go
        os.close(fd)


def recover(out_dir: Path) -> None:
    """With the lock held, every ``.brief-tmp-*`` directory in ``out_dir`` is a dead run's:
    if it was moving files into place (its journal is there), put the previous brief back;
    then remove the directory."""
    for entry in sorted(out_dir.iterdir()):
        if not entry.name.startswith(TMP_PREFIX) or not entry.is_dir() or entry.is_symlink():
            continue
        journal = _read_journal(entry)
        if journal is not None:
            try:
                _rollback(out_dir, entry, journal)
                _step(f"forget {entry.name}")
                (entry / JOURNAL).unlink()
            except OSError as exc:
                raise RenderError(
                    f"{out_dir}: a render was stopped while it moved files into place, and the "
                    f"previous brief cannot be put back ({exc.strerror or exc}); its files are "
                    f"kept in {entry}"
                ) from None
        _step(f"discard {entry.name}")
        shutil.rmtree(entry, ignore_errors=True)


def private_dir(out_dir: Path) -> Path:
    """A new ``.brief-tmp-*`` directory inside ``out_dir``, where the run writes everything
    (and the kernels run); an InputError naming ``out_dir`` if it cannot be made."""
    try:
        return Path(tempfile.mkdtemp(prefix=TMP_PREFIX, dir=out_dir))
    except OSError as exc:
        raise InputError(
            out_dir,
            f"output directory is not writable ({exc.strerror}); choose a writable location",
        ) from None


def discard(tmp: Path) -> None:
    """Remove the run's private directory, unless it still holds a journal (putting the previous
    brief back failed half-way): the next run into the directory finishes that."""
    if os.path.lexists(tmp / JOURNAL):
        return
    _step(f"discard {tmp.name}")
    shutil.rmtree(tmp, ignore_errors=True)


# ---- which files are this tool's


def _safe_relative(name: object) -> bool:
    """``name`` is a plain relative path below the output directory: no ``..``, ``.``, empty
    part or leading ``/``."""
    return (
        isinstance(name, str)
        and name != ""
        and "\0" not in name
        and all(part not in ("", ".", "..") for part in name.split("/"))
    )


def _lstat_chain(out_dir: Path, relative: str) -> list[tuple[Path, os.stat_result | None]]:
    """Each path from ``out_dir`` down to ``out_dir/relative`` with its ``lstat`` (None from
    the first one that does not exist)."""
    chain: list[tuple[Path, os.stat_result | None]] = []
    path, missing = out_dir, False
    for part in relative.split("/"):
        path = path / part
        st = None
        if not missing:
            try:
                st = os.lstat(path)
            except (FileNotFoundError, NotADirectoryError):
                missing = True
        chain.append((path, st))
    return chain


def _regular(out_dir: Path, relative: str) -> Path | None:
    """``out_dir/relative`` if it is a regular file reached through real directories only (no
    symbolic link anywhere below ``out_dir``), else None."""
    if not _safe_relative(relative):
        return None
    chain = _lstat_chain(out_dir, relative)
    if any(st is None or not stat.S_ISDIR(st.st_mode) for _, st in chain[:-1]):
        return None
    path, st = chain[-1]
    return path if st is not None and stat.S_ISREG(st.st_mode) else None


def _read_nofollow(path: Path) -> bytes:
    fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW)
    with os.fdopen(fd, "rb") as f:
        return f.read()


def _sha256_of(path: Path) -> str:
    return hashlib.sha256(_read_nofollow(path)).hexdigest()


def _is_ours(out_dir: Path, relative: str, sha256: str) -> bool:
    """``out_dir/relative`` is a regular file inside ``out_dir`` (never through a symbolic
    link) whose bytes are those recorded as ``sha256``."""
    path = _regular(out_dir, relative)
    if path is None:
        return False
    try:
        return _sha256_of(path) == sha256
    except OSError:
        return False


def _read_json(out_dir: Path, relative: str) -> object:
    """The JSON in the regular file ``out_dir/relative``; None if there is none or it is not
    JSON."""
    path = _regular(out_dir, relative)
    if path is None:
        return None
    try:
        return json.loads(_read_nofollow(path))
    except (OSError, ValueError):
        return None


def _is_sha256(value: object) -> bool:
    return isinstance(value, str) and _SHA256.fullmatch(value) is not None


def is_our_manifest(data: object) -> bool:
    """``data`` is a manifest this tool wrote: exactly ``digest`` (a sha256), ``parameters`` (a
    mapping) and ``files`` (relative paths, never the manifest itself, each with its sha256), the
    structure every version of the renderer has written. Another tool's ``manifest.json`` is
    not."""
    if not isinstance(data, dict) or set(data) != {"digest", "parameters", "files"}:
        return False
    files = data["files"]
    return (
        _is_sha256(data["digest"])
        and isinstance(data["parameters"], dict)
        and isinstance(files, dict)
        and bool(files)
        and all(
            _safe_relative(name) and name != MANIFEST and _is_sha256(sha)
            for name, sha in files.items()
        )
    )


def _previous_files(out_dir: Path) -> dict[str, str]:
    """The files the last successful render wrote, with their sha256, from its manifest; none if
    ``manifest.json`` is not this tool's."""
    data = _read_json(out_dir, MANIFEST)
    return dict(data["files"]) if is_our_manifest(data) else {}


def _failed_record(out_dir: Path) -> dict[str, str] | None:
    """The failure copies this tool recorded in ``failed/`` (name: sha256); None if there is no
    record of this tool's there."""
    data = _read_json(out_dir, f"{FAILED_DIR}/{FAILED_RECORD}")
    if not isinstance(data, dict) or set(data) != {"generator", "files"}:
        return None
    files = data["files"]
    if data["generator"] != GENERATOR or not isinstance(files, dict):
        return None
    if not all(
        _safe_relative(name) and "/" not in name and name != FAILED_RECORD and _is_sha256(sha)
        for name, sha in files.items()
    ):
        return None
    return dict(files)


def record_failed(out_dir: Path, name: str, written: Path, tmp: Path) -> None:
    """A failed notebook ``written`` was kept as ``failed/<name>``: if that file holds exactly
    its bytes, record them (sha256) in ``failed/.brief-failed.json`` so that the next successful
    render removes it, and only it, and only unchanged. Best effort: a file not recorded is
    kept."""
    relative = f"{FAILED_DIR}/{name}"
    record = out_dir / FAILED_DIR / FAILED_RECORD
    try:
        sha256 = _sha256_of(written)
    except OSError:
        return
    if not _is_ours(out_dir, relative, sha256):
        return
    files = _failed_record(out_dir)
    if files is None and os.path.lexists(record):
        return  # a file of that name this tool did not write: left alone
    files = {n: s for n, s in (files or {}).items() if _is_ours(out_dir, f"{FAILED_DIR}/{n}", s)}
    files[name] = sha256
    text = json.dumps({"generator": GENERATOR, "files": files}, indent=2, sort_keys=True) + "\n"
    with contextlib.suppress(OSError):
        write_file(tmp / FAILED_RECORD, text)
        os.replace(tmp / FAILED_RECORD, record)


def keep_failed(out_dir: Path, stem: str, executed: Path, tmp: Path) -> str:
    """Keep a failed executed notebook as ``failed/<stem>.ipynb`` and record it as this tool's;
    the words to add to the error. Never through a symbolic link, never over a file this tool
    did not write (or one the user changed): then it is kept as ``failed/<stem>-2.ipynb``, ...
    """
    folder = out_dir / FAILED_DIR
    if folder.is_symlink() or (os.path.lexists(folder) and not folder.is_dir()):
        return f"\n(the executed notebook is not kept: {folder} is a symbolic link or a file)"
    try:
        folder.mkdir(exist_ok=True)
        data = executed.read_bytes()
        recorded = _failed_record(out_dir) or {}
        for n in range(1, 1000):
            name = f"{stem}.ipynb" if n == 1 else f"{stem}-{n}.ipynb"
            kept = folder / name
            if name in recorded and _is_ours(out_dir, f"{FAILED_DIR}/{name}", recorded[name]):
                kept.unlink()  # this tool's own earlier copy, unchanged: replaced
            try:
                with open(kept, "xb") as handle:  # never follows a link, never overwrites
                    handle.write(data)
            except FileExistsError:
                continue
            record_failed(out_dir, name, executed, tmp)
            return f"\nthe executed notebook, with the error, is kept as {kept}"
    except OSError as exc:
        return f"\n(the executed notebook could not be kept in {folder}: {exc})"
    return f"\n(the executed notebook is not kept: {folder} holds too many copies)"


def _failure_copies(out_dir: Path) -> list[str]:
    """The recorded failure copies in ``failed/`` that are unchanged, and the record."""
    files = _failed_record(out_dir)
    if files is None:
        return []
    ours = [
        f"{FAILED_DIR}/{name}"
        for name, sha in sorted(files.items())
        if _is_ours(out_dir, f"{FAILED_DIR}/{name}", sha)
    ]
    return [*ours, f"{FAILED_DIR}/{FAILED_RECORD}"]


# ---- the manifest and the install


def write_manifest(tmp: Path, out_dir: Path, digest: str, parameters: dict, files: list[Path]):
    """Write ``tmp/manifest.json`` (the inputs' digest, the parameters, each file's sha256,
    relative to ``tmp``) and return its path."""
    manifest = {
        "digest": digest,
        "parameters": parameters,
        "files": {str(p.relative_to(tmp)): _sha256_of(p) for p in files},
    }
    with writing(out_dir / MANIFEST):
        write_file(tmp / MANIFEST, json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return tmp / MANIFEST


def _check_targets(out_dir: Path, targets: list[str]) -> None:
    """No file is written through a symbolic link, nor replaces one."""
    for relative in targets:
        for path, st in _lstat_chain(out_dir, relative):
            if st is not None and stat.S_ISLNK(st.st_mode):
                raise RenderError(
                    f"{path}: is a symbolic link; a render writes only inside {out_dir}, never "
                    "through or over a link: remove it, or render into another directory"
                )


def _write_journal(tmp: Path, journal: dict) -> None:
    """Write the journal atomically (a whole file or none) and durably."""
    part = tmp / f"{JOURNAL}.part"
    with writing(tmp / JOURNAL):
        write_file(part, json.dumps(journal, indent=1, sort_keys=True) + "\n")
        _step("journal")
        os.replace(part, tmp / JOURNAL)
    fsync_dir(tmp)


def _read_journal(tmp: Path) -> dict | None:
    """The journal a dead run left in ``tmp``; None if it has none (it had not started moving
    files, or it had finished). A RenderError if it cannot be read."""
    if not os.path.lexists(tmp / JOURNAL):
        return None
    try:
        journal = json.loads(_read_nofollow(tmp / JOURNAL))
        valid = (
            set(journal) == {"install", "made", "remove"}
            and all(
                set(e) == {"path", "sha256", "previous"}
                and _safe_relative(e["path"])
                and _is_sha256(e["sha256"])
                and isinstance(e["previous"], bool)
                for e in journal["install"]
            )
            and all(_safe_relative(d) for d in journal["made"])
            and all(_safe_relative(r) for r in journal["remove"])
        )
    except (OSError, ValueError, TypeError, AttributeError):
        valid = False
    if not valid:
        raise RenderError(
            f"{tmp / JOURNAL}: the journal of a render that was stopped while it moved files "
            "into place cannot be read; the files it replaced are kept in "
            f"{tmp / SAVED}: put them back by hand, then remove {tmp}"
        )
    return journal


def _save(target: Path, saved: Path) -> None:
    """Keep the file ``target`` as ``saved`` (a second name; a copy where links are not
    possible), whole or not at all."""
    saved.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.link(target, saved, follow_symlinks=False)
    except OSError:
        part = saved.with_name(saved.name + ".part")
        shutil.copy2(target, part, follow_symlinks=False)
        os.replace(part, saved)


def _prune(out_dir: Path, relative: str) -> None:
    """Remove the directories above ``out_dir/relative`` that are left empty (never
    ``out_dir``)."""
    parent = (out_dir / relative).parent
    while parent != out_dir:
        try:
            if any(parent.iterdir()):
                return
            _step(f"rmdir {parent.relative_to(out_dir).as_posix()}")
            parent.rmdir()
        except OSError:
            return
        parent = parent.parent


def _rollback(out_dir: Path, tmp: Path, journal: dict) -> None:
    """Put the output directory back as it was before the install ``journal`` describes, from
    any point of it (also part-way through an earlier rollback): the files moved out come back,
    the replaced ones are restored, the new ones that had no predecessor go, and so do the
    directories made for them."""
    saved = tmp / SAVED
    for relative in reversed(journal["remove"]):
        if os.path.lexists(saved / relative):
            (out_dir / relative).parent.mkdir(parents=True, exist_ok=True)
            _step(f"restore {relative}")
            os.replace(saved / relative, out_dir / relative)
    for entry in reversed(journal["install"]):
        relative = entry["path"]
        if entry["previous"]:
            if os.path.lexists(saved / relative):
                _step(f"restore {relative}")
                os.replace(saved / relative, out_dir / relative)
        elif not os.path.lexists(tmp / relative) and _is_ours(out_dir, relative, entry["sha256"]):
            _step(f"unlink {relative}")
            (out_dir / relative).unlink()
    for directory in reversed(journal["made"]):
        path = out_dir / directory
        if path.is_dir() and not path.is_symlink() and not any(path.iterdir()):
            _step(f"rmdir {directory}")
            path.rmdir()


def _install(out_dir: Path, tmp: Path, installs: list[str], removals: list[str]) -> None:
    """Move ``installs`` from ``tmp`` into ``out_dir`` and ``removals`` out of it, all or
    nothing: a failure puts everything back at once, a kill is put back by the next run."""
    entries = [
        {
            "path": relative,
            "sha256": _sha256_of(tmp / relative),
            "previous": os.path.lexists(out_dir / relative),
        }
        for relative in installs
    ]
    made: list[str] = []
    for relative in installs:
        parts = relative.split("/")[:-1]
        for depth in range(1, len(parts) + 1):
            directory = "/".join(parts[:depth])
            if directory not in made and not os.path.lexists(out_dir / directory):
                made.append(directory)
    journal = {"install": entries, "made": made, "remove": removals}
    _write_journal(tmp, journal)
    target = out_dir
    try:
        for directory in made:
            target = out_dir / directory
            _step(f"mkdir {directory}")
            target.mkdir()
        for entry in entries:
            relative = entry["path"]
            target = out_dir / relative
            if entry["previous"]:
                _step(f"save {relative}")
                _save(target, tmp / SAVED / relative)
            _step(f"install {relative}")
            os.replace(tmp / relative, target)
        for relative in removals:
            target = out_dir / relative
            (tmp / SAVED / relative).parent.mkdir(parents=True, exist_ok=True)
            _step(f"remove {relative}")
            os.replace(target, tmp / SAVED / relative)
            _prune(out_dir, relative)
        for directory in {(out_dir / r).parent for r in [*installs, *removals]}:
            fsync_dir(directory)
        _step("commit")
        (tmp / JOURNAL).unlink()
    except BaseException as exc:
        problem = os_problem(target, exc) if isinstance(exc, OSError) else None
        try:
            _rollback(out_dir, tmp, journal)
            (tmp / JOURNAL).unlink()
        except OSError as undo:
            raise RenderError(
                f"{problem or exc}\nthe previous brief could not be put back completely "
                f"({undo.strerror or undo}); the next render into {out_dir} puts it back"
            ) from None
        if problem is not None:
            raise RenderError(problem) from None
        raise
    fsync_dir(tmp)


def replace_previous(produced: list[Path], tmp: Path, out_dir: Path) -> list[Path]:
    """Everything succeeded: move each produced file into place, and move out what the previous
    render wrote and this one did not and the failure copies a failed render recorded, each only
    if it is still the file this tool wrote. All or nothing. Returns the files in place."""
    installs = [path.relative_to(tmp).as_posix() for path in produced]
    _check_targets(out_dir, installs)
    removals = [
        relative
        for relative, sha256 in sorted(_previous_files(out_dir).items())
        if relative not in installs and _is_ours(out_dir, relative, sha256)
    ]
    removals += [r for r in _failure_copies(out_dir) if r not in installs and r not in removals]
    _install(out_dir, tmp, installs, removals)
    return [out_dir / relative for relative in installs]
