"""Render the brief: check every input, run the notebooks (:mod:`.execute`), write the HTML
(:mod:`.html`) and PDF (:mod:`.pdf`), and move every output into place (:mod:`.output`).

The run is all-or-nothing: every input is checked before a kernel starts; the run holds the output
directory's lock (a second render into it fails at once); everything is written into a private
``.brief-tmp-*`` directory inside the output directory and moved into place only when every step
succeeded, under a journal (a move that fails half-way puts the previous files back, and a run
killed half-way is put back by the next one), so a failed run leaves the last good brief
untouched. A notebook that fails (a cell raises, runs past the timeout, or its kernel dies) is
kept as ``failed/<name>.ipynb`` with the error in the failing cell (recorded as this tool's, so
the next successful run removes it if it is unchanged), and the :class:`RenderError` names that
cell, its source and the error.

Byte-for-byte reproducibility (``brief.html``, ``brief.ipynb`` and ``brief.pdf``): papermill and
nbclient timing metadata are stripped, the injected-parameters cell gets a fixed id, the kernel
runs with ``PYTHONHASHSEED=0``, figures are deterministic SVG (see :mod:`helpers.brief.figures`) and
the HTML title comes from the ``title`` parameter, not the file name.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

from .. import config
from ..brief.params import (
    LOCATIONS,
    ParameterError,
    Params,
    check_params,
    select,
    store_check,
    titled,
)
from ..facts.coverage import covered, known_actor_ids
from ..facts.listing import suggestion
from ..facts.loading import InputError, load_documents, load_facts
from .errors import RenderError
from .execute import normalise, run_notebook
from .html import load as load_html
from .html import to_html
from .output import (
    claimed,
    discard,
    keep_failed,
    prepare_out_dir,
    private_dir,
    replace_previous,
    write_file,
    write_manifest,
    writing,
)
from .pdf import PDF_ENGINES, to_pdf
from .pdf import load as load_pdf

__all__ = ["FORMATS", "RenderError", "RenderResult", "render"]

FORMATS = ("html", "pdf", "explorer")
EXPLORER = "explorer.html"  # beside the brief: helpers.brief.explorer
EXTRACT = config.EXTRACT_NOTEBOOK.name
TABLES_DIR = "tables"  # relative to the kernel's working directory, the run's private directory
EXTRACTED_DIR = "extracted"  # likewise: machine-extracted facts, moved to <out>/extracted/


@dataclass(frozen=True)
class RenderResult:
    out_dir: Path
    files: list[Path]
    digest: str


@dataclass(frozen=True)
class _Plan:
    """What the checks decided: the parameters the inputs were checked with, the documents to
    extract first (none if the facts cover them all) and the inputs' digest (empty until the
    extracted facts are checked)."""

    checked: dict
    extract: list[str]
    digest: str
    title: str = ""  # the brief's title: the parameter, else from its documents


def _check_arguments(formats: tuple[str, ...], timeout: int, pdf_engine: str) -> None:
    bad = [f for f in formats if f not in FORMATS]
    if bad:
        raise ValueError(f"unknown format(s) {bad}; choose from {', '.join(FORMATS)}")
    if pdf_engine not in PDF_ENGINES:
        raise ValueError(f"unknown PDF engine {pdf_engine!r}; choose from {', '.join(PDF_ENGINES)}")
    if isinstance(timeout, bool) or not isinstance(timeout, int) or timeout < 1:
        raise ValueError(f"timeout must be a positive number of seconds per cell, got {timeout!r}")


def _check_inputs(notebook: Path, params: Params) -> None:
    """The notebook exists, and so does each facts store the parameters name."""
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


def _kernel_parameters(parameters: dict, formats: tuple[str, ...]) -> None:
    """The kernels run in the run's private directory: resolve the user's relative paths first
    (in place), and have the tables written there."""
    for name in LOCATIONS:
        if parameters.get(name):
            parameters[name] = str(Path(parameters[name]).resolve())
    parameters["tables_dir"] = TABLES_DIR
    if "explorer" in formats:
        parameters["explorer_file"] = EXPLORER


def _check_before_extraction(params: Params, docs: dict, curated: set) -> None:
    """Every curated file is checked now (a broken one must not send its document to the
    extractor), and the focus actor as far as it can be before the extraction."""
    load_facts([params.facts_dir], {d: doc for d, doc in docs.items() if d in curated})
    known = known_actor_ids([params.facts_dir])
    if params.focus_actor and params.focus_actor not in known:
        raise ParameterError(
            "focus_actor",
            f"unknown actor {params.focus_actor!r}: neither in the gazetteer nor in a facts file"
            + suggestion(params.focus_actor, known),
        )


def _plan(params: Params, parameters: dict) -> _Plan:
    """Documents that no analyst-reviewed facts file covers are extracted first (01-...); a facts
    store (parameter store) was extracted already. Every input is checked before a kernel starts."""
    docs = load_documents(params.seeds_dir, params.documents) if params.store is None else {}
    if params.store is None and not params.facts_dir.is_dir():
        raise InputError(params.facts_dir, "facts directory does not exist")
    curated = covered([params.facts_dir]) if params.store is None else set()
    missing = [d for d in docs if d not in curated]
    checked = dict(parameters)
    if missing and not parameters.get("extracted_dir"):
        _check_before_extraction(params, docs, curated)
        as_of = params.as_of or max(d.meta.published_date for d in docs.values())
        known = [d for d in docs.values() if d.meta.published_date <= as_of]
        if not known:  # as select() says it, before anything is extracted
            earliest = min(d.meta.published_date for d in docs.values())
            raise ParameterError(
                "as_of",
                f"no document was published on or before {as_of}; the earliest is {earliest}",
            )
        return _Plan(checked, missing, "", titled(params, known).title)
    if params.store is None:
        selection = select(**checked)
        title = titled(params, selection.corpus.documents.values()).title
        return _Plan(checked, [], selection.digest, title)
    # a store is checked from its document table; its facts load in the kernel
    return _Plan(checked, [], *store_check(check_params(**checked)))


def _run_notebook(
    notebook: Path,
    output: Path,
    parameters: dict,
    timeout: int,
    tmp: Path,
    out_dir: Path,
    started: Callable[[], object] | None = None,
) -> None:
    """Run one notebook; a failed one that is kept as ``failed/<name>.ipynb`` is recorded as
    this tool's file. ``started``: called once its kernel has been started."""
    try:
        run_notebook(notebook, output, parameters, timeout, tmp, out_dir, started)
    except RenderError as exc:
        note = keep_failed(out_dir, notebook.stem, output, tmp) if output.exists() else ""
        raise RenderError(f"{exc}{note}") from None


def _extract(
    params: Params, plan: _Plan, parameters: dict, timeout: int, tmp: Path, out_dir: Path
) -> tuple[list[Path], str]:
    """Run the extraction notebook on the documents the plan names; point the brief's
    ``parameters`` at the extracted facts (in place). Returns the files it produced and the
    inputs' digest, the extracted facts checked too."""
    extraction = tmp / config.EXTRACT_NOTEBOOK.name
    _run_notebook(
        config.EXTRACT_NOTEBOOK,
        extraction,
        {
            "seeds_dir": str(params.seeds_dir.resolve()),
            "facts_dir": str(params.facts_dir.resolve()),
            "out_dir": EXTRACTED_DIR,
            "documents": plan.extract,
        },
        timeout,
        tmp,
        out_dir,
    )
    with writing(out_dir / extraction.name):
        normalise(extraction, "Extract facts")
    produced = [extraction, *sorted((tmp / EXTRACTED_DIR).glob("*.facts.yaml"))]
    parameters["extracted_dir"] = EXTRACTED_DIR
    checked = {**plan.checked, "extracted_dir": str(tmp / EXTRACTED_DIR)}
    return produced, select(**checked).digest


def _brief(
    notebook: Path,
    title: str,
    parameters: dict,
    formats: tuple[str, ...],
    timeout: int,
    tmp: Path,
    out_dir: Path,
    pdf_engine: str = PDF_ENGINES[0],
    started: Callable[[], object] | None = None,
) -> list[Path]:
    """Run the brief notebook, then write its HTML and PDF as ``formats`` ask; the files made.
    ``started``: called once the notebook's kernel has been started."""
    executed = tmp / "brief.ipynb"
    _run_notebook(notebook, executed, parameters, timeout, tmp, out_dir, started)
    with writing(out_dir / executed.name):
        nb = normalise(executed, title)
    produced = [executed]
    if "html" in formats or "pdf" in formats:
        html = to_html(nb)
        if "html" in formats:
            with writing(out_dir / "brief.html"):
                write_file(tmp / "brief.html", html)
            produced.append(tmp / "brief.html")
        if "pdf" in formats:
            with writing(out_dir / "brief.pdf"):
                to_pdf(html, tmp / "brief.pdf", pdf_engine)
            produced.append(tmp / "brief.pdf")
    return produced


def _load_writers(formats: tuple[str, ...], pdf_engine: str) -> None:
    """Import what writes the HTML and the PDF: done while the kernel runs, as this process only
    waits for it then."""
    if "html" in formats or "pdf" in formats:
        load_html()
    if "pdf" in formats:
        load_pdf(pdf_engine)


def _count(items: list, word: str) -> str:
    return f"{len(items):,} {word}{'' if len(items) == 1 else 's'}"


def _check_explorer(out_dir: Path) -> None:
    """The explorer page's own scripts and styles can be inlined (checked before the kernel,
    which writes the page from the brief it builds)."""
    from ..brief.explorer import ExplorerError, page_assets

    try:
        page_assets()
    except ExplorerError as exc:
        raise RenderError(f"{out_dir / EXPLORER}: {exc}") from None


def render(
    parameters: dict | None = None,
    out_dir: Path | str | None = None,
    formats: Iterable[str] = FORMATS,
    notebook: Path | str | None = None,
    timeout: int = 600,
    pdf_engine: str = PDF_ENGINES[0],
    progress: Callable[[str], None] | None = None,
) -> RenderResult:
    """Render the brief. Inputs and parameters are validated before any kernel starts and
    before the output directory is touched. ``pdf_engine``: ``typst`` (the default) or
    ``weasyprint`` (the engine before; the README compares them). ``progress``, if given, is
    called with a line naming each step as it starts (``brief render`` prints them on stderr)."""
    step = progress or (lambda what: None)
    step("checking the inputs and parameters")
    parameters = dict(parameters or {})
    formats = tuple(formats)
    _check_arguments(formats, timeout, pdf_engine)
    notebook = Path(notebook or config.BRIEF_NOTEBOOK)
    out_dir = Path(out_dir or config.REPORT_DIR)
    params = check_params(**parameters)  # bad parameters fail before anything starts
    _check_inputs(notebook, params)
    _kernel_parameters(parameters, formats)
    plan = _plan(params, parameters)

    prepare_out_dir(out_dir)
    with claimed(out_dir):  # one render at a time; what a killed run left is put right first
        tmp = private_dir(out_dir)
        try:
            produced: list[Path] = []
            digest = plan.digest
            if plan.extract:
                step(f"extracting facts from {_count(plan.extract, 'document')} ({EXTRACT})")
                produced, digest = _extract(params, plan, parameters, timeout, tmp, out_dir)
            written = ", ".join(f for f in formats if f in ("html", "pdf"))
            step(f"running {notebook.name}" + (f" and writing {written}" if written else ""))
            if "explorer" in formats:
                _check_explorer(out_dir)
            # the HTML and PDF writers are imported once the kernel has been started, while it
            # runs (it writes the tables and the explorer page too, from the brief it builds)
            with ThreadPoolExecutor(max_workers=1) as pool:
                produced += _brief(
                    notebook, plan.title, parameters, formats, timeout, tmp, out_dir, pdf_engine,
                    lambda: pool.submit(_load_writers, formats, pdf_engine),
                )  # fmt: skip
            if "explorer" in formats:
                step(f"writing {EXPLORER}")
                produced.append(tmp / EXPLORER)
            produced += sorted((tmp / TABLES_DIR).glob("*.csv"))
            shown = {k: v for k, v in params.raw.items() if k not in LOCATIONS}
            produced.append(write_manifest(tmp, out_dir, digest, shown, produced))
            step(f"moving {_count(produced, 'file')} into {out_dir}")
            return RenderResult(out_dir, replace_previous(produced, tmp, out_dir), digest)
        finally:
            discard(tmp)
