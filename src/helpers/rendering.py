"""Execute the brief notebook with papermill, render HTML with nbconvert and PDF with WeasyPrint.

The run is all-or-nothing: everything is written into a temporary directory inside the output
directory and moved into place only when every step succeeded, so a failed run leaves the last
good brief untouched. A failed notebook is kept as ``failed/<name>.ipynb`` for debugging.

Byte-for-byte reproducibility (``brief.html``, ``brief.ipynb`` and ``brief.pdf``): papermill and
nbclient timing metadata are stripped, the injected-parameters cell gets a fixed id, the kernel
runs with ``PYTHONHASHSEED=0``, figures are deterministic SVG (see :mod:`helpers.figures`) and
the HTML title comes from the ``title`` parameter, not the file name.
"""

from __future__ import annotations

import contextlib
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

from . import config
from .extraction import covered, known_actor_ids
from .loading import InputError, load_documents
from .params import LOCATIONS, ParameterError, check_params, select, store_digest

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


def execute(
    notebook: Path, output: Path, parameters: dict, timeout: int = 600, cwd: Path | None = None
) -> None:
    """Run ``notebook`` with papermill into ``output``; raise RenderError naming the failed cell."""
    import papermill
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    with _env(PYTHONHASHSEED="0"):
        try:
            papermill.execute_notebook(
                str(notebook),
                str(output),
                parameters=parameters,
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
            source = failed[0].source if failed else ""
            raise RenderError(
                f"{notebook.name}: cell {exc.cell_index} (execution count {exc.exec_count}) failed: "
                f"{exc.ename}: {exc.evalue}\n--- cell source ---\n{source}"
            ) from None
        except (CellTimeoutError, DeadKernelError) as exc:
            kind = (
                "a cell ran past the timeout"
                if isinstance(exc, CellTimeoutError)
                else "the kernel died"
            )
            raise RenderError(f"{notebook.name}: {kind}: {exc}") from None


def _run(
    notebook: Path, output: Path, parameters: dict, timeout: int, cwd: Path, out_dir: Path
) -> None:
    """Execute one notebook; on failure keep it as ``out_dir/failed/<name>.ipynb``."""
    try:
        execute(notebook, output, parameters, timeout, cwd=cwd)
    except RenderError:
        if output.exists():
            failed = out_dir / "failed"
            failed.mkdir(exist_ok=True)
            shutil.copyfile(output, failed / f"{notebook.stem}.ipynb")
        raise


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
    nbformat.write(nb, path)
    return nb


def to_html(nb: nbformat.NotebookNode) -> str:
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name=config.BRIEF_TEMPLATE,
        extra_template_basedirs=[str(config.TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        exclude_anchor_links=True,
    )
    body, _ = exporter.from_notebook_node(nb)
    return body


def to_pdf(html: str, output: Path) -> None:
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    weasyprint.HTML(string=html, base_url=str(output.parent)).write_pdf(str(output))


def _manifest_files(out_dir: Path) -> set[str]:
    """Files the last successful render wrote (from its manifest), relative to ``out_dir``."""
    try:
        files = json.loads((out_dir / "manifest.json").read_text(encoding="utf-8"))["files"]
    except (OSError, ValueError, KeyError, TypeError):
        return set()
    return {name for name in files if ".." not in Path(name).parts and not Path(name).is_absolute()}


def _sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def render(
    parameters: dict | None = None,
    out_dir: Path | str | None = None,
    formats: Iterable[str] = FORMATS,
    notebook: Path | str | None = None,
    timeout: int = 600,
) -> RenderResult:
    """Render the brief. Inputs and parameters are validated before any kernel starts."""
    parameters = dict(parameters or {})
    formats = tuple(formats)
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown format(s) {bad}; choose from {', '.join(FORMATS)}")
    notebook = Path(notebook or config.BRIEF_NOTEBOOK)
    out_dir = Path(out_dir or config.REPORT_DIR)
    params = check_params(**parameters)  # bad parameters fail before anything starts
    out_dir.mkdir(parents=True, exist_ok=True)
    if not os.access(out_dir, os.W_OK):
        raise RenderError(f"{out_dir}: output directory is not writable")

    # The kernels run in the run's private directory: resolve the user's relative paths first.
    for name in LOCATIONS:
        if parameters.get(name):
            parameters[name] = str(Path(parameters[name]).resolve())
    parameters["tables_dir"] = TABLES_DIR

    tmp = Path(tempfile.mkdtemp(prefix=".brief-tmp-", dir=out_dir))
    produced: list[Path] = []
    try:
        # Documents that no analyst-reviewed facts file covers are extracted first (01-...);
        # a facts store (parameter store) was extracted already.
        docs = load_documents(params.seeds_dir, params.documents) if params.store is None else {}
        if params.store is None and not params.facts_dir.is_dir():
            raise InputError(params.facts_dir, "facts directory does not exist")
        curated = covered([params.facts_dir])
        missing = [d for d in docs if d not in curated]
        if (
            missing
            and params.focus_actor
            and params.focus_actor not in known_actor_ids([params.facts_dir])
        ):
            # Checked again against the extracted actors below; this catches a typo before any
            # kernel starts.
            raise ParameterError(
                "focus_actor",
                f"unknown actor {params.focus_actor!r}: neither in the gazetteer nor in a facts file",
            )
        checked = dict(parameters)
        if missing and not parameters.get("extracted_dir"):
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
            normalise(extraction, "Extract facts")
            produced += [extraction, *sorted((tmp / EXTRACTED_DIR).glob("*.facts.yaml"))]
            parameters["extracted_dir"] = EXTRACTED_DIR
            checked["extracted_dir"] = str(tmp / EXTRACTED_DIR)
        if params.store is None:
            digest = select(**checked).digest  # every input checked before the kernel starts
        else:  # a store is checked from its document table; its facts load in the kernel
            digest = store_digest(check_params(**checked))

        executed = tmp / "brief.ipynb"
        _run(notebook, executed, parameters, timeout, tmp, out_dir)
        nb = normalise(executed, params.title)
        produced.append(executed)
        if "html" in formats or "pdf" in formats:
            html = to_html(nb)
            if "html" in formats:
                (tmp / "brief.html").write_text(html, encoding="utf-8")
                produced.append(tmp / "brief.html")
            if "pdf" in formats:
                to_pdf(html, tmp / "brief.pdf")
                produced.append(tmp / "brief.pdf")
        produced += sorted((tmp / TABLES_DIR).glob("*.csv"))
        manifest = {
            "digest": digest,
            "parameters": {k: v for k, v in params.raw.items() if k not in LOCATIONS},
            "files": {str(p.relative_to(tmp)): _sha256(p) for p in produced},
        }
        (tmp / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True) + "\n")
        produced.append(tmp / "manifest.json")

        # Everything succeeded: move each file into place (os.replace is atomic per file), then
        # remove what the previous render wrote and this one did not, and old failure copies.
        previous = _manifest_files(out_dir)
        final = []
        for path in produced:
            target = out_dir / path.relative_to(tmp)
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(path, target)
            final.append(target)
        for name in previous - {str(p.relative_to(out_dir)) for p in final}:
            (out_dir / name).unlink(missing_ok=True)
        shutil.rmtree(out_dir / "failed", ignore_errors=True)
        return RenderResult(out_dir, final, digest)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
