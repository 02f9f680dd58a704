"""Execute the brief notebook with papermill, render HTML with nbconvert and PDF with WeasyPrint.

The run is all-or-nothing: every input is checked before a kernel starts; everything is written
into a private ``.brief-tmp-*`` directory inside the output directory and moved into place only
when every step succeeded (a move that fails half-way puts the previous files back), so a failed
run leaves the last good brief untouched. A notebook that fails (a cell raises, runs past the
timeout, or its kernel dies) is kept as ``failed/<name>.ipynb`` with the error in the failing
cell, and the :class:`RenderError` names that cell, its source and the error.

Byte-for-byte reproducibility (``brief.html``, ``brief.ipynb`` and ``brief.pdf``): papermill and
nbclient timing metadata are stripped, the injected-parameters cell gets a fixed id, the kernel
runs with ``PYTHONHASHSEED=0``, figures are deterministic SVG (see :mod:`helpers.brief.figures`) and
the HTML title comes from the ``title`` parameter, not the file name.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import logging
import os
import shutil
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import nbformat

from .. import config
from ..brief.params import LOCATIONS, ParameterError, check_params, select, store_digest
from ..facts.coverage import covered, known_actor_ids
from ..facts.loading import InputError, load_documents, load_facts

FORMATS = ("html", "pdf")
TABLES_DIR = "tables"  # relative to the kernel's working directory, the run's private directory
EXTRACTED_DIR = "extracted"  # likewise: machine-extracted facts, moved to <out>/extracted/


class RenderError(RuntimeError):
    """The notebook or a renderer failed; the previous brief was left in place."""


@dataclass(frozen=True)
class RenderResult:
    out_dir: Path
    files: list[Path]
    digest: str


@contextlib.contextmanager
def _env(**values: str) -> Iterator[None]:
    old = {k: os.environ.get(k) for k in values}
    os.environ.update(values)
    try:
        yield
    finally:
        for key, value in old.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def _engine() -> str:
    """Name of a papermill engine that is nbclient's, except that it hands the notebook it runs
    to ``ran``: a run stopped by a timeout or a dead kernel can then still be saved with the
    outputs it produced (papermill writes nothing in that case)."""
    from papermill.engines import NBClientEngine, papermill_engines

    class KeepingEngine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, ran=None, **kwargs):
            if ran is not None:
                ran.append(nb)
            return super().execute_notebook(nb, kernel_name, **kwargs)

    papermill_engines.register("brief-nbclient", KeepingEngine)
    return "brief-nbclient"


def _failure(notebook: Path, index: int | None, cell, what: str, count: int | None = None) -> str:
    """``<notebook>: cell N (execution count M) failed: <what>`` and the cell's source. The
    count is given for a cell that raised; a cell stopped by a timeout or a dead kernel may or
    may not have been counted yet, so none is shown (the message stays the same run to run)."""
    if index is None or cell is None:
        return f"{notebook.name}: {what}"
    counted = f" (execution count {count})" if count is not None else ""
    return (
        f"{notebook.name}: cell {index}{counted} failed: {what}\n--- cell source ---\n{cell.source}"
    )


def _running_cell(nb) -> tuple[int | None, nbformat.NotebookNode | None]:
    """The cell a stopped run was executing: the last one papermill started."""
    started = [
        (i, cell)
        for i, cell in enumerate(nb.cells if nb is not None else [])
        if cell.get("metadata", {}).get("papermill", {}).get("start_time")
    ]
    return started[-1] if started else (None, None)


def execute(
    notebook: Path, output: Path, parameters: dict, timeout: int = 600, cwd: Path | None = None
) -> None:
    """Run ``notebook`` with papermill into ``output``; raise RenderError naming the failed cell,
    its source and the error. ``output`` then holds the notebook as far as it ran, with the
    error in the failing cell."""
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    ran: list = []
    with _env(PYTHONHASHSEED="0"):
        try:
            papermill.execute_notebook(
                str(notebook),
                str(output),
                parameters=parameters,
                engine_name=_engine(),
                ran=ran,
                kernel_name="python3",
                progress_bar=False,
                request_save_on_cell_execute=False,
                cwd=str(cwd or config.PROJECT_ROOT),
                execution_timeout=timeout,
                shutdown_kernel="immediate",
            )
        except PapermillExecutionError as exc:
            nb = nbformat.read(output, as_version=4) if output.exists() else None
            failed = [
                cell
                for cell in (nb.cells if nb is not None else [])
                if any(o.get("output_type") == "error" for o in cell.get("outputs", []))
            ]
            cell = failed[0] if failed else nbformat.v4.new_code_cell("")
            what = f"{exc.ename}: {exc.evalue}"
            raise RenderError(
                _failure(notebook, exc.cell_index, cell, what, exc.exec_count)
            ) from None
        except (CellTimeoutError, DeadKernelError, RuntimeError) as exc:
            if isinstance(exc, CellTimeoutError):
                ename = "CellTimeoutError"
                evalue = (
                    f"the cell ran past the timeout of {timeout} s per cell (a longer one: "
                    "brief render --timeout SECONDS)"
                )
            elif isinstance(exc, DeadKernelError):
                ename = "DeadKernelError"
                evalue = (
                    "the kernel died while running the cell (its process exited or was killed, "
                    "e.g. for lack of memory)"
                )
            else:  # e.g. the kernel did not start, or stopped answering
                ename, evalue = type(exc).__name__, f"the notebook could not be run: {exc}"
            nb = ran[0] if ran else None
            index, cell = _running_cell(nb)
            if nb is not None:
                if cell is not None:
                    cell.setdefault("outputs", []).append(
                        nbformat.v4.new_output(
                            "error", ename=ename, evalue=evalue, traceback=[f"{ename}: {evalue}"]
                        )
                    )
                with contextlib.suppress(Exception):  # keep what can be kept
                    nbformat.write(nb, output)
            where = "" if cell is not None else " before any cell ran"
            raise RenderError(
                _failure(notebook, index, cell, f"{ename}: {evalue}{where}")
            ) from None


def _run(
    notebook: Path, output: Path, parameters: dict, timeout: int, cwd: Path, out_dir: Path
) -> None:
    """Execute one notebook; on failure keep it as ``out_dir/failed/<name>.ipynb`` and say so."""
    try:
        with _writing(out_dir / output.name):
            execute(notebook, output, parameters, timeout, cwd=cwd)
    except RenderError as exc:
        message = str(exc)
        if output.exists():
            kept = out_dir / "failed" / f"{notebook.stem}.ipynb"
            try:
                kept.parent.mkdir(exist_ok=True)
                shutil.copyfile(output, kept)
                message += f"\nthe executed notebook, with the error, is kept as {kept}"
            except OSError as copy_exc:
                message += f"\n(the executed notebook could not be kept as {kept}: {copy_exc})"
        raise RenderError(message) from None


def _os_problem(path: Path, exc: OSError) -> str:
    """What went wrong writing ``path``, for a person: a full disk is said so."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return (
            f"{path}: cannot write: no space left on device (the disk is full); free some space "
            "and render again"
        )
    return f"{path}: cannot write: {exc.strerror or exc}"


@contextlib.contextmanager
def _writing(path: Path) -> Iterator[None]:
    """Turn an OSError while producing ``path`` into a RenderError that names it."""
    try:
        yield
    except OSError as exc:
        raise RenderError(_os_problem(path, exc)) from None


def _write_file(path: Path, data: str | bytes) -> None:
    """Write ``data`` to ``path`` and flush it to the disk before it is moved into place."""
    raw = memoryview(data.encode("utf-8") if isinstance(data, str) else data)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o666)
    try:
        while raw:
            raw = raw[os.write(fd, raw) :]
        os.fsync(fd)
    finally:
        os.close(fd)


def normalise(path: Path, title: str) -> nbformat.NotebookNode:
    """Strip run-specific metadata so the executed notebook is byte-stable; return it."""
    nb = nbformat.read(path, as_version=4)
    nb.metadata.pop("papermill", None)
    nb.metadata["title"] = title
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if "injected-parameters" in cell.metadata.get("tags", []):
            cell["id"] = "injected-parameters"
    text = nbformat.writes(nb)
    _write_file(path, text if text.endswith("\n") else text + "\n")
    return nb


def to_html(nb: nbformat.NotebookNode) -> str:
    """The brief's HTML (nbconvert, the brief template). The stylesheet goes into the page as
    it is on disk, with its sha256 in the Content-Security-Policy (``style-src 'sha256-...'``)."""
    import base64

    from nbconvert import HTMLExporter

    css = "\n" + (config.TEMPLATES_DIR / config.BRIEF_TEMPLATE / "brief.css").read_text(
        encoding="utf-8"
    )
    digest = base64.b64encode(hashlib.sha256(css.encode("utf-8")).digest()).decode("ascii")

    exporter = HTMLExporter(
        template_name=config.BRIEF_TEMPLATE,
        extra_template_basedirs=[str(config.TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )
    body, _ = exporter.from_notebook_node(
        nb, resources={"brief_css": css, "brief_css_sha256": digest}
    )
    return body


def to_pdf(html: str, output: Path) -> None:
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    _write_file(output, weasyprint.HTML(string=html, base_url=str(output.parent)).write_pdf())


def _manifest_files(out_dir: Path) -> set[str]:
    """Files the last successful render wrote (from its manifest), relative to ``out_dir``."""
    try:
        files = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return {name for name in files if ".." not in Path(name).parts and not Path(name).is_absolute()}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _prepare_out_dir(out_dir: Path) -> None:
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
        for moved, saved in reversed(done):
            with contextlib.suppress(OSError):
                if saved is None:
                    moved.unlink()
                else:
                    os.replace(saved, moved)
        for directory in reversed(made):
            with contextlib.suppress(OSError):
                directory.rmdir()
        raise RenderError(_os_problem(target, exc)) from None
    return [target for target, _ in done]


def render(
    parameters: dict | None = None,
    out_dir: Path | str | None = None,
    formats: Iterable[str] = FORMATS,
    notebook: Path | str | None = None,
    timeout: int = 600,
) -> RenderResult:
    """Render the brief. Inputs and parameters are validated before any kernel starts and
    before the output directory is touched."""
    parameters = dict(parameters or {})
    formats = tuple(formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown format(s) {bad}; choose from {', '.join(FORMATS)}")
    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout < 1:
        raise ValueError(f"timeout must be a positive number of seconds per cell, got {timeout!r}")
    notebook = Path(notebook or config.BRIEF_NOTEBOOK)
    out_dir = Path(out_dir or config.REPORT_DIR)
    params = check_params(**parameters)  # bad parameters fail before anything starts
    if not notebook.is_file():
        raise InputError(notebook, "notebook does not exist")
    for name in ("store", "previous_store"):
        store = getattr(params, name)
        if store is not None and not store.is_dir():
            what = "is a file, not a directory" if store.exists() else "does not exist"
            raise ParameterError(
                name,
                f"{store} {what} (a facts store is the directory that "
                "`brief extract SEEDS --store DIR` writes)",
            )

    # The kernels run in the run's private directory: resolve the user's relative paths first.
    for name in LOCATIONS:
        if parameters.get(name):
            parameters[name] = str(Path(parameters[name]).resolve())
    parameters["tables_dir"] = TABLES_DIR

    # Documents that no analyst-reviewed facts file covers are extracted first (01-...);
    # a facts store (parameter store) was extracted already.
    docs = load_documents(params.seeds_dir, params.documents) if params.store is None else {}
    if params.store is None and not params.facts_dir.is_dir():
        raise InputError(params.facts_dir, "facts directory does not exist")
    curated = covered([params.facts_dir]) if params.store is None else set()
    missing = [d for d in docs if d not in curated]
    checked = dict(parameters)
    extract = bool(missing) and not parameters.get("extracted_dir")
    if extract:
        # Every curated file is checked now (a broken one must not send its document to the
        # extractor), and the focus actor as far as it can be before the extraction.
        load_facts([params.facts_dir], {d: doc for d, doc in docs.items() if d in curated})
        if params.focus_actor and params.focus_actor not in known_actor_ids([params.facts_dir]):
            raise ParameterError(
                "focus_actor",
                f"unknown actor {params.focus_actor!r}: neither in the gazetteer nor in a facts file",
            )
        digest = ""
    elif params.store is None:
        digest = select(**checked).digest  # every input checked before the kernel starts
    else:  # a store is checked from its document table; its facts load in the kernel
        digest = store_digest(check_params(**checked))

    _prepare_out_dir(out_dir)
    try:
        tmp = Path(tempfile.mkdtemp(prefix=".brief-tmp-", dir=out_dir))
    except OSError as exc:
        raise InputError(
            out_dir,
            f"output directory is not writable ({exc.strerror}); choose a writable location",
        ) from None
    produced: list[Path] = []
    try:
        if extract:
            extraction = tmp / config.EXTRACT_NOTEBOOK.name
            _run(
                config.EXTRACT_NOTEBOOK,
                extraction,
                {
                    "seeds_dir": str(params.seeds_dir.resolve()),
                    "facts_dir": str(params.facts_dir.resolve()),
                    "out_dir": EXTRACTED_DIR,
                    "documents": missing,
                },
                timeout,
                tmp,
                out_dir,
            )
            with _writing(out_dir / extraction.name):
                normalise(extraction, "Extract facts")
            produced += [extraction, *sorted((tmp / EXTRACTED_DIR).glob("*.facts.yaml"))]
            parameters["extracted_dir"] = EXTRACTED_DIR
            checked["extracted_dir"] = str(tmp / EXTRACTED_DIR)
            digest = select(**checked).digest  # the extracted facts are checked too

        executed = tmp / "brief.ipynb"
        _run(notebook, executed, parameters, timeout, tmp, out_dir)
        with _writing(out_dir / executed.name):
            nb = normalise(executed, params.title)
        produced.append(executed)
        if "html" in formats or "pdf" in formats:
            html = to_html(nb)
            if "html" in formats:
                with _writing(out_dir / "brief.html"):
                    _write_file(tmp / "brief.html", html)
                produced.append(tmp / "brief.html")
            if "pdf" in formats:
                with _writing(out_dir / "brief.pdf"):
                    to_pdf(html, tmp / "brief.pdf")
                produced.append(tmp / "brief.pdf")
        produced += sorted((tmp / TABLES_DIR).glob("*.csv"))
        manifest = {
            "digest": digest,
            "parameters": {k: v for k, v in params.raw.items() if k not in LOCATIONS},
            "files": {str(p.relative_to(tmp)): _sha256(p) for p in produced},
        }
        with _writing(out_dir / "manifest.json"):
            _write_file(
                tmp / "manifest.json", json.dumps(manifest, indent=2, sort_keys=True) + "\n"
            )
        produced.append(tmp / "manifest.json")

        # Everything succeeded: move each file into place, then remove what the previous render
        # wrote and this one did not, and old failure copies.
        previous = _manifest_files(out_dir)
        final = _install(produced, tmp, out_dir)
        for name in previous - {str(p.relative_to(out_dir)) for p in final}:
            (out_dir / name).unlink(missing_ok=True)
        shutil.rmtree(out_dir / "failed", ignore_errors=True)
        return RenderResult(out_dir, final, digest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
