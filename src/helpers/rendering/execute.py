"""Running a notebook with papermill, and normalising the executed notebook.

A notebook that fails (a cell raises, runs past the timeout, or its kernel dies) raises a
:class:`RenderError` that names the failing cell, its source and the error; the executed
notebook, as far as it ran and with the error in the failing cell, is kept as
``failed/<name>.ipynb`` in the output directory.

Byte-for-byte reproducibility: papermill and nbclient timing metadata are stripped, the
injected-parameters cell gets a fixed id and the kernel runs with ``PYTHONHASHSEED=0``."""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import nbformat

from .. import config
from .errors import RenderError
from .output import write_file, writing


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
    to ``ran`` (a run stopped by a timeout or a dead kernel can then still be saved with the
    outputs it produced: papermill writes nothing in that case), and that it runs the notebook
    on the kernel ``km`` started already (:func:`_started`), which it shuts down afterwards as
    it would its own."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, logger, papermill_engines

    class KeepingEngine(NBClientEngine):
        @classmethod
        def execute_notebook(cls, nb, kernel_name, ran=None, **kwargs):
            if ran is not None:
                ran.append(nb)
            return super().execute_notebook(nb, kernel_name, **kwargs)

        @classmethod
        def execute_managed_notebook(
            cls, nb_man, kernel_name, log_output=False, start_timeout=60, execution_timeout=None,
            km=None, **kwargs,
        ):  # fmt: skip
            kwargs.pop("input_path", None)
            client = PapermillNotebookClient(
                nb_man, km=km, timeout=execution_timeout, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=logger, log_output=log_output, **kwargs,
            )  # fmt: skip
            return client.execute(cleanup_kc=True)

    papermill_engines.register("brief-nbclient", KeepingEngine)
    return "brief-nbclient"


@contextlib.contextmanager
def _not_imported(package: str) -> Iterator[None]:
    """``package`` kept from being imported meanwhile (it imports as missing), unless it is
    already: papermill's io module imports pyarrow, when it can, for HDFS paths, which a
    render never reads or writes (about 0.4 s of this process's time, numpy included)."""
    if package in sys.modules:
        yield
        return
    sys.modules[package] = None  # type: ignore[assignment]
    try:
        yield
    finally:
        if package in sys.modules and sys.modules[package] is None:
            del sys.modules[package]


#: What nbclient gives the kernels it starts: no IPython history file.
_KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]


def _started(manager: type, cwd: str):
    """A kernel started in ``cwd`` (an instance of ``manager``): its process starts up while
    this one imports papermill, instead of after it."""
    from jupyter_core.utils import run_sync

    km = manager(kernel_name="python3")
    run_sync(km.start_kernel)(extra_arguments=list(_KERNEL_ARGUMENTS), cwd=cwd)
    return km


@contextlib.contextmanager
def _ipc_kernel() -> Iterator[type]:
    """A kernel manager class whose kernels talk over Unix sockets (IPC) in a private temporary
    directory, removed afterwards: over TCP, every kernel warns on stderr that it runs without
    encryption, and any local user could connect to its ports."""
    import tempfile

    from jupyter_client import AsyncKernelManager

    directory = tempfile.mkdtemp(prefix="brief-kernel-")  # short: a socket path has ~100 bytes

    class IpcKernelManager(AsyncKernelManager):
        def __init__(self, **kwargs):
            super().__init__(transport="ipc", ip=os.path.join(directory, "k"), **kwargs)

    try:
        yield IpcKernelManager
    finally:
        shutil.rmtree(directory, ignore_errors=True)


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


def _raised(notebook: Path, output: Path, exc) -> RenderError:
    """The error for a cell that raised (papermill's PapermillExecutionError ``exc``); papermill
    has written ``output`` with the error in that cell."""
    nb = nbformat.read(output, as_version=4) if output.exists() else None
    failed = [
        cell
        for cell in (nb.cells if nb is not None else [])
        if any(o.get("output_type") == "error" for o in cell.get("outputs", []))
    ]
    cell = failed[0] if failed else nbformat.v4.new_code_cell("")
    what = f"{exc.ename}: {exc.evalue}"
    return RenderError(_failure(notebook, exc.cell_index, cell, what, exc.exec_count))


def _stop_reason(exc: Exception, timeout: int) -> tuple[str, str]:
    """The error name and value for a run stopped by ``exc``: a timeout, a dead kernel, or a
    kernel that did not start or stopped answering."""
    from nbclient.exceptions import CellTimeoutError, DeadKernelError

    if isinstance(exc, CellTimeoutError):
        return "CellTimeoutError", (
            f"the cell ran past the timeout of {timeout} s per cell (a longer one: "
            "brief render --timeout SECONDS)"
        )
    if isinstance(exc, DeadKernelError):
        return "DeadKernelError", (
            "the kernel died while running the cell (its process exited or was killed, "
            "e.g. for lack of memory)"
        )
    return type(exc).__name__, f"the notebook could not be run: {exc}"


def _stopped(notebook: Path, output: Path, ran: list, exc: Exception, timeout: int) -> RenderError:
    """The error for a run stopped by ``exc``; the notebook as far as it ran (``ran``, from the
    engine) is written to ``output`` with the error in the cell that was running."""
    ename, evalue = _stop_reason(exc, timeout)
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
    return RenderError(_failure(notebook, index, cell, f"{ename}: {evalue}{where}"))


def execute(
    notebook: Path,
    output: Path,
    parameters: dict,
    timeout: int = 600,
    cwd: Path | None = None,
    started: Callable[[], object] | None = None,
) -> None:
    """Run ``notebook`` with papermill into ``output``; raise RenderError naming the failed cell,
    its source and the error. ``output`` then holds the notebook as far as it ran, with the
    error in the failing cell. ``started``, if given, is called as soon as the kernel's process
    has been started (the renderer then prepares its writers while the kernel starts up)."""
    ran: list = []
    where = str(cwd or config.PROJECT_ROOT)
    with _env(PYTHONHASHSEED="0"), _ipc_kernel() as manager:
        km = None
        try:
            km = _started(manager, where)
            if started is not None:
                started()
            with _not_imported("pyarrow"):
                import papermill
            from nbclient.exceptions import CellTimeoutError, DeadKernelError
            from papermill.exceptions import PapermillExecutionError

            papermill.execute_notebook(
                str(notebook),
                str(output),
                parameters=parameters,
                engine_name=_engine(),
                ran=ran,
                km=km,
                kernel_name="python3",
                progress_bar=False,
                request_save_on_cell_execute=False,
                cwd=where,
                execution_timeout=timeout,
                shutdown_kernel="immediate",
                kernel_manager_class=manager,
            )
        except Exception as exc:
            from nbclient.exceptions import CellTimeoutError, DeadKernelError
            from papermill.exceptions import PapermillExecutionError

            if isinstance(exc, PapermillExecutionError):
                raise _raised(notebook, output, exc) from None
            if isinstance(exc, (CellTimeoutError, DeadKernelError, RuntimeError)):
                raise _stopped(notebook, output, ran, exc, timeout) from None
            raise
        finally:
            _stop(km)


def _stop(km) -> None:
    """Shut the kernel down now if nbclient has not (a run that failed before it took over)."""
    from jupyter_core.utils import run_sync

    if km is not None and km.has_kernel:
        with contextlib.suppress(Exception):
            run_sync(km.shutdown_kernel)(now=True)
        with contextlib.suppress(Exception):
            run_sync(km.cleanup_resources)()


def run_notebook(
    notebook: Path,
    output: Path,
    parameters: dict,
    timeout: int,
    cwd: Path,
    out_dir: Path,
    started: Callable[[], object] | None = None,
) -> None:
    """Execute one notebook into ``output`` (a failure is kept by the caller: see
    :func:`helpers.rendering.output.keep_failed`)."""
    with writing(out_dir / output.name):
        execute(notebook, output, parameters, timeout, cwd=cwd, started=started)


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
    write_file(path, text if text.endswith("\n") else text + "\n")
    return nb
