"""Tables derived from shipped data, kept on disk between runs (the world's place index of
:mod:`.places`: about 3 s to build from GeoNames and the gazetteer, about 0.3 s to read back).

A table is stored under :data:`helpers.config.CACHE_DIR` as ``<name>-<key>.pickle``, where the key
is the sha256 of everything it is built from: the bytes of its data files, of the modules that
build it, and the Python version. A change to any of them gives another key, so a stale table is
never read; the same inputs give the same table, so the brief is the same with or without it.
Written atomically (temporary file, then rename); a table that cannot be read is built again, and
one that cannot be written (a read-only home) is simply not kept. Only the classes named by the
caller are unpickled (:class:`_Only`), so the file can hold data, never code to run.
"""

from __future__ import annotations

import contextlib
import gc
import hashlib
import io
import os
import pickle
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import TypeVar

from .. import config

T = TypeVar("T")
#: Tables of a name built from other inputs (another checkout, older code) are removed once
#: unused for this long.
STALE_DAYS = 30
_BUILTINS = {("builtins", "frozenset"), ("builtins", "set")}


class _Only(pickle.Unpickler):
    """An unpickler that makes only the classes it is given (and frozensets)."""

    def __init__(self, data: bytes, allowed: Iterable[type]) -> None:
        super().__init__(io.BytesIO(data))
        self.allowed = {(c.__module__, c.__qualname__): c for c in allowed}

    def find_class(self, module: str, name: str):
        if (module, name) in self.allowed:
            return self.allowed[(module, name)]
        if (module, name) in _BUILTINS:
            return super().find_class(module, name)
        raise pickle.UnpicklingError(f"{module}.{name} is not a class this cache holds")


def key(files: Iterable[Path]) -> str:
    """The sha256 of ``files``' names and bytes, and of the Python version."""
    digest = hashlib.sha256(sys.version.encode())
    for path in files:
        digest.update(Path(path).name.encode() + b"\0")
        digest.update(Path(path).read_bytes() if Path(path).is_file() else b"(missing)")
        digest.update(b"\0")
    return digest.hexdigest()


def cached(name: str, files: Iterable[Path], build: Callable[[], T], classes: Iterable[type]) -> T:
    """The table ``name`` built by ``build`` from ``files``: read from the cache if it holds
    this exact table, else built and kept there. ``classes``: the classes the table holds."""
    directory = config.CACHE_DIR
    if directory is None:
        return build()
    path = directory / f"{name}-{key(files)[:32]}.pickle"
    try:
        with gc_paused():
            return _Only(path.read_bytes(), classes).load()
    except Exception:  # missing, truncated, from another layout: build it again
        pass
    table = build()
    _keep(path, name, table)
    return table


@contextlib.contextmanager
def gc_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while many long-lived objects are made: none of them
    is garbage, and the collections their count sets off would rescan them all (reading the
    world's place index: about 0.3 s -> 0.12 s; 10,000 facts files read from the store or
    fused: several times slower)."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _keep(path: Path, name: str, table: object) -> None:
    """Write ``table`` to ``path`` atomically; tables of ``name`` unused for STALE_DAYS go."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{name}-", dir=path.parent)
    except OSError:  # a read-only home: the table is simply not kept
        return
    try:
        with os.fdopen(fd, "wb") as fh:
            pickle.dump(table, fh, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(tmp, path)
    except OSError:
        Path(tmp).unlink(missing_ok=True)
        return
    for old in path.parent.glob(f"{name}-*.pickle"):
        with contextlib.suppress(OSError):
            if old != path and time.time() - old.stat().st_atime > STALE_DAYS * 86400:
                old.unlink()
