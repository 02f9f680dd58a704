"""A document's files written into a seeds directory all or nothing: the raw bytes, the sidecar,
then the text (the loader lists documents by their ``.txt``, so a document appears only once
everything it needs is there). Each file goes through a temporary file, fsync and rename."""

from __future__ import annotations

import contextlib
import os
import tempfile
from pathlib import Path

import yaml

from .. import config
from .metadata import HASH_CHARS

SIDECAR_HEADER = (
    "# Sidecar of {id}.txt, written by `brief add` from {source}.\n"
    "# The text beside it is the extractor's output and is never edited; fields the source does\n"
    "# not state are listed under `assumptions`.\n"
)


def existing(seeds_dir: Path, digest: str) -> str | None:
    """The id of the document already added from these bytes (same content hash), or None."""
    suffix = f"_{digest[:HASH_CHARS]}{config.SEED_TEXT_SUFFIX}"
    found = sorted(seeds_dir.glob(f"*{suffix}"))
    return found[0].name.removesuffix(config.SEED_TEXT_SUFFIX) if found else None


def sidecar_text(data: dict, source: str) -> str:
    header = SIDECAR_HEADER.format(id=data["id"], source=source.replace("\n", " "))
    body = yaml.safe_dump(data, sort_keys=False, allow_unicode=True, width=100)
    return header + body


def write_document(seeds_dir: Path, files: list[tuple[str, bytes]]) -> None:
    """Write ``files`` (name, bytes) into ``seeds_dir`` in order, all or none: each is written
    to a temporary file first; only when all are on disk are they renamed, the last one (the
    text) last. On any failure the temporary files and the files already renamed are removed."""
    seeds_dir.mkdir(parents=True, exist_ok=True)
    temps: list[tuple[str, Path]] = []
    placed: list[Path] = []
    try:
        for name, data in files:
            temps.append((name, _temporary(seeds_dir, name, data)))
        for name, temp in temps:
            target = seeds_dir / name
            os.replace(temp, target)
            placed.append(target)
        _fsync_dir(seeds_dir)
    except BaseException:
        for _, temp in temps:
            with contextlib.suppress(OSError):
                temp.unlink()
        for target in placed:
            with contextlib.suppress(OSError):
                target.unlink()
        raise


def _temporary(directory: Path, name: str, data: bytes) -> Path:
    fd, tmp = tempfile.mkstemp(prefix=f".{name}.", suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, 0o644)
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return Path(tmp)


def _fsync_dir(directory: Path) -> None:
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
