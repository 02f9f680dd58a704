"""``export(brief, formats, out_dir)``: render every asked format in memory, then write each file
atomically (a temporary file in the same directory, fsync, rename). A failure while rendering
writes nothing; files in ``out_dir`` that the export does not produce are never touched."""

from __future__ import annotations

import importlib
import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from .formats import FORMATS, ExportError, parse_formats

if TYPE_CHECKING:
    from ..brief.build import Brief


def render_format(brief: Brief, name: str) -> dict[str, bytes]:
    """File name -> bytes of one format (nothing written)."""
    module = importlib.import_module(f".{FORMATS[name][0]}", __package__)
    if name in ("graphml", "gexf"):
        return module.render(brief, name)
    return module.render(brief)


def export(brief: Brief, formats: str | list[str], out_dir: Path | str) -> list[Path]:
    """Write the asked formats into ``out_dir`` (created if missing); return the paths written."""
    names = parse_formats(formats)
    files: dict[str, bytes] = {}
    for name in names:  # everything in memory first: an error leaves the directory as it was
        files.update(render_format(brief, name))
    out = Path(out_dir)
    if out.exists() and not out.is_dir():
        raise ExportError(f"{out}: is a file, not a directory: give a directory with --out")
    out.mkdir(parents=True, exist_ok=True)
    for file_name in files:
        target = out / file_name
        if target.is_dir() or target.is_symlink():
            raise ExportError(f"{target}: is a directory or a symbolic link; not replaced")
    return [write_atomically(out / name, data) for name, data in sorted(files.items())]


def write_atomically(target: Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` through a temporary file in its directory and a rename."""
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(tmp, 0o644)
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return target
