"""The output directory: preparing it and the run's private ``.brief-tmp-*`` directory in it,
writing files to the disk, moving them into place atomically (putting the previous files back if
a move fails), the manifest, and removing what the previous render wrote and this one did not.

A failure to write is a :class:`RenderError` that names the file and says plainly when the disk
is full."""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path

from ..facts.loading import InputError
from .errors import RenderError


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


def write_file(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` and flush it to the disk before it is moved into place."""
    raw = memoryview(data.encode("utf-8") if isinstance(data, str) else data)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        while raw:
            raw = raw[os.write(fd, raw) :]
        os.fsync(fd)
    finally:
        os.close(fd)


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


def private_dir(out_dir: Path) -> Path:
    """A new ``.brief-tmp-*`` directory inside ``out_dir``, where the run writes everything
    (and the kernels run); an InputError naming ``out_dir`` if it cannot be made."""
    try:
        return Path(tempfile.mkdtemp(prefix=".brief-tmp-", dir=out_dir))
    except OSError as exc:
        raise InputError(
            out_dir,
            f"output directory is not writable ({exc.strerror}); choose a writable location",
        ) from None


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def write_manifest(tmp: Path, out_dir: Path, digest: str, parameters: dict, files: list[Path]):
    """Write ``tmp/manifest.json`` (the inputs' digest, the parameters, each file's sha256,
    relative to ``tmp``) and return its path."""
    manifest = {
        "digest": digest,
        "parameters": parameters,
        "files": {str(p.relative_to(tmp)): _sha256(p) for p in files},
    }
    with writing(out_dir / "manifest.json"):
        write_file(tmp / "manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n")
    return tmp / "manifest.json"


def _manifest_files(out_dir: Path) -> set[str]:
    """Files the last successful render wrote (from its manifest), relative to ``out_dir``."""
    try:
        files = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return {name for name in files if ".." not in Path(name).parts and not Path(name).is_absolute()}


def _restore(done: list[tuple[Path, Path | None]], made: list[Path]) -> None:
    """Undo the moves in ``done`` (target, the previous file's saved copy or None) and remove the
    directories in ``made``, newest first, as far as the file system lets."""
    for moved, saved in reversed(done):
        with contextlib.suppress(OSError):
            if saved is None:
                moved.unlink()
            else:
                os.replace(saved, moved)
    for directory in reversed(made):
        with contextlib.suppress(OSError):
            directory.rmdir()


def _install(produced: list[Path], tmp: Path, out_dir: Path) -> list[Path]:
    """Move every produced file from ``tmp`` into ``out_dir`` (``os.replace``, atomic per file).
    If a move fails (a full disk, a file system error), the files already moved are put back as
    they were, so the output directory holds either the whole new brief or the whole old one."""
    saved_dir = tmp / ".previous"
    done: list[tuple[Path, Path | None]] = []  # (target, the previous file's saved copy)
    made: list[Path] = []  # directories this run created
    target = out_dir
    try:
        for path in produced:
            relative = path.relative_to(tmp)
            target = out_dir / relative
            for parent in reversed(target.relative_to(out_dir).parents):
                directory = out_dir / parent
                if not directory.is_dir():
                    directory.mkdir()
                    made.append(directory)
            saved = None
            if target.exists():
                saved = saved_dir / relative
                saved.parent.mkdir(parents=True, exist_ok=True)
                try:
                    os.link(target, saved)  # a second name for the old file: nothing is copied
                except OSError:
                    shutil.copy2(target, saved)
            os.replace(path, target)
            done.append((target, saved))
    except OSError as exc:
        _restore(done, made)
        raise RenderError(os_problem(target, exc)) from None
    return [target for target, _ in done]


def replace_previous(produced: list[Path], tmp: Path, out_dir: Path) -> list[Path]:
    """Everything succeeded: move each file into place, then remove what the previous render
    wrote and this one did not, and old failure copies. Returns the files in place."""
    previous = _manifest_files(out_dir)
    final = _install(produced, tmp, out_dir)
    for name in previous - {str(p.relative_to(out_dir)) for p in final}:
        (out_dir / name).unlink(missing_ok=True)
    shutil.rmtree(out_dir / "failed", ignore_errors=True)
    return final
