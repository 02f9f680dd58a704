"""Writing files so that they survive a crash: data flushed to the disk before it is moved into
place, and a directory's names made durable after a rename (one helper for the facts store, the
review journal and the renderer's output)."""

from __future__ import annotations

import contextlib
import os
from pathlib import Path


def write_synced(path: Path | str, data: str | bytes) -> None:
    """Write ``data`` (text as UTF-8) to ``path`` and flush it to the disk."""
    raw = memoryview(data.encode("utf-8") if isinstance(data, str) else data)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        while raw:
            raw = raw[os.write(fd, raw) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(directory: Path | str) -> None:
    """Make the names in ``directory`` durable, as far as the file system allows (not every file
    system lets a directory be fsynced)."""
    with contextlib.suppress(OSError):
        fd = os.open(directory, os.O_RDONLY | os.O_DIRECTORY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
