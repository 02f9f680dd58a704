"""The ``brief`` command: render, export, validate, locate quotes, list parameters."""

from __future__ import annotations

import argparse
import json
import signal
import sys
import threading
import time
from pathlib import Path

from . import config
from .brief.params import PARAMETERS, ParameterError, parameter_help
from .corpus import DOC_MAX_MB, DOC_MEMORY_MB, DOC_TIMEOUT
from .facts.listing import suggestion
from .facts.loading import (
    InputError,
    find_normalised,
    listed,
    load_corpus,
    load_documents,
    normal_form,
)
from .rendering.pdf import PDF_ENGINES

EXIT_INPUT = 2
EXIT_RENDER = 1
EXIT_PARTIAL = 3  # brief extract --store: some documents failed, the others were stored
EXIT_WARNINGS = 1  # brief check --strict: the estimative-language check found something
RENDERED = ("html", "pdf", "explorer")  # brief render --format: written beside the brief


def _parse_value(name: str, raw: str):
    kind = PARAMETERS[name][0]
    if kind is list:
        raw = raw.strip()
        if raw.startswith("["):
            try:
                value = json.loads(raw)
            except json.JSONDecodeError as exc:
                raise ParameterError(name, f"not a JSON list: {exc}") from None
            return value
        return [part.strip() for part in raw.split(",") if part.strip()]
    if kind is int:
        try:
            return int(raw)
        except ValueError:
            raise ParameterError(name, f"expected an integer, got {raw!r}") from None
    if kind is float:
        try:
            return float(raw)
        except ValueError:
            raise ParameterError(name, f"expected a number, got {raw!r}") from None
    return raw


def _parameters(pairs: list[list[str]] | None) -> dict:
    out = {}
    for name, raw in pairs or []:
        if name not in PARAMETERS:
            raise ParameterError(
                name,
                f"unknown parameter; valid: {', '.join(PARAMETERS)}{suggestion(name, list(PARAMETERS))}",
            )
        out[name] = _parse_value(name, raw)
    return out


def cmd_render(args) -> int:
    from .rendering.run import render

    parameters = _parameters(args.parameter)
    if args.seeds:
        parameters["seeds_dir"] = str(args.seeds)
    if args.facts:
        parameters["facts_dir"] = str(args.facts)
    if args.store:
        parameters["store"] = str(args.store)
    formats = [f.strip() for f in args.format.split(",") if f.strip()]
    exports = [f for f in formats if f not in RENDERED]
    if exports:  # export formats: checked before the kernel starts, written after the brief
        from .export.formats import FORMATS as EXPORTS

        unknown = [f for f in exports if f not in EXPORTS and f != "all"]
        if unknown:
            raise ValueError(
                f"unknown format(s) {unknown}; choose from html, pdf, explorer, "
                f"or an export format: {', '.join(EXPORTS)}"
            )
        formats = [f for f in formats if f in RENDERED]
        if not formats:  # exports only: no notebook to run
            for path in _export(parameters, exports, args.out / "exports"):
                print(path)
            return 0
    show = _progress(sys.stderr.isatty() if args.progress is None else args.progress)
    try:
        result = render(
            parameters,
            out_dir=args.out,
            formats=formats,
            timeout=args.timeout,
            pdf_engine=args.pdf_engine,
            progress=show,
        )
        if exports and show:
            show(f"writing {', '.join(exports)} into {args.out / 'exports'}")
        if exports:  # the exports read the facts the brief used, extracted ones included
            parameters = _with_extracted(parameters, result.files, args.out)
        written = _export(parameters, exports, args.out / "exports") if exports else []
        if show:
            show("done")
    except OSError as exc:  # a file-system error render() has no message for: no traceback
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_RENDER
    for path in [*result.files, *written]:
        print(path)
    print(f"inputs+parameters sha256 {result.digest}")
    return 0


def _progress(enabled: bool):
    """A function printing each step of a render on stderr with the seconds since the start,
    or None."""
    if not enabled:
        return None
    started = time.perf_counter()

    def show(what: str) -> None:
        print(f"brief render [{time.perf_counter() - started:5.1f} s] {what}", file=sys.stderr,
              flush=True)  # fmt: skip

    return show


def _with_extracted(parameters: dict, files: list[Path], out: Path) -> dict:
    """``parameters`` with ``extracted_dir`` at ``<out>/extracted`` when the render extracted
    facts there (documents no analyst facts cover) and the parameters name no directory."""
    from .rendering.run import EXTRACTED_DIR

    where = (out / EXTRACTED_DIR).resolve()
    if parameters.get("extracted_dir") or not any(p.parent.resolve() == where for p in files):
        return parameters
    return {**parameters, "extracted_dir": str(out / EXTRACTED_DIR)}


def _export(parameters: dict, formats: list[str], out: Path) -> list[Path]:
    from .brief.build import build_brief
    from .export.run import export

    return export(build_brief(**parameters), formats, out)


def cmd_export(args) -> int:
    from .export.formats import parse_formats

    formats = parse_formats(args.to)  # an unknown format fails before anything is loaded
    parameters = _parameters(args.parameter)
    if args.seeds:
        parameters["seeds_dir"] = str(args.seeds)
    if args.facts:
        parameters["facts_dir"] = str(args.facts)
    if args.extracted:
        parameters["extracted_dir"] = str(args.extracted)
    try:
        written = _export(parameters, formats, args.out)
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_RENDER
    for path in written:
        print(path)
    return 0


def cmd_validate(args) -> int:
    corpus = load_corpus(args.seeds, args.facts)
    f = corpus.facts
    print(
        f"ok: {len(corpus.documents)} document(s), {len(f.actors)} actors, {len(f.events)} events, "
        f"{len(f.relations)} relations, {len(f.claims)} claims, {len(f.judgments)} judgments, "
        f"{len(f.gaps)} gaps; every quote matches its text"
        + (f"; {len(f.key_judgments)} key judgments" if f.key_judgments else "")
    )
    _print_estimative(f)
    return 0


def _print_estimative(facts) -> list:
    """Print the estimative-language warnings of the key judgments on stderr; return them."""
    from .facts.estimative import check_judgments

    warnings = check_judgments(facts.key_judgments, facts.written_at)
    for warning in warnings:
        print(warning, file=sys.stderr)
    return warnings


def cmd_check(args) -> int:
    corpus = load_corpus(args.seeds, args.facts)
    warnings = _print_estimative(corpus.facts)
    n = len(corpus.facts.key_judgments)
    print(f"{n} key judgment(s) checked: {len(warnings)} estimative-language warning(s)")
    return EXIT_WARNINGS if warnings and args.strict else 0


def cmd_locate(args) -> int:
    if not args.quote.strip():
        what = "empty" if not args.quote else "only white space"
        print(
            f"error: the quote is {what}: give the exact words to locate in {args.doc}",
            file=sys.stderr,
        )
        return EXIT_INPUT
    docs = load_documents(args.seeds or config.SEEDS_DIR, [args.doc])
    text = docs[args.doc].text
    spans, at = [], text.find(args.quote)
    while at >= 0:
        spans.append((at, at + len(args.quote)))
        at = text.find(args.quote, at + 1)
    other_form = not spans
    if other_form:  # the same words with their accents composed the other way (NFC vs NFD)?
        spans = find_normalised(text, args.quote)
    if not spans:
        print(f"error: the quote does not occur in {args.doc}", file=sys.stderr)
        return EXIT_INPUT
    for start, end in spans:
        quote = json.dumps(text[start:end], ensure_ascii=False)
        print(f"- {{doc: {args.doc}, start: {start}, end: {end}, quote: {quote}}}")
    if other_form:
        start, end = spans[0]
        print(
            f"note: the quote occurs in {args.doc} only with its accents in another Unicode "
            f"form: the text's are {normal_form(text[start:end])}, the quote's "
            f"{normal_form(args.quote)}; the spans above quote the text's own characters",
            file=sys.stderr,
        )
    return 0


def cmd_extract(args) -> int:
    if args.store is not None:
        return _extract_to_store(args)
    from .extract.pipeline import extract_to
    from .facts.coverage import covered

    skip = covered([args.facts]) if args.facts else set()
    store_only = [
        option
        for option, value in (
            ("--workers", args.workers),
            ("--engine", args.engine),
            ("--scheduler", args.scheduler),
            ("--batch-size", args.batch_size),
            ("--no-progress", args.no_progress or None),
            ("--send-texts", args.send_texts or None),
            ("--no-fuse", args.no_fuse or None),
            ("--doc-timeout", args.doc_timeout),
            ("--doc-memory", args.doc_memory),
            ("--doc-max-size", args.doc_max_size),
            ("--retry-aborted", args.retry_aborted or None),
        )
        if value is not None
    ]
    if store_only:
        print(f"error: {', '.join(store_only)} only apply with --store DIR", file=sys.stderr)
        return EXIT_INPUT
    written = extract_to(args.seeds, args.out, args.documents or (), skip=skip)
    for path in written:
        print(path)
    if skip:
        print(f"not extracted (analyst-reviewed facts exist): {listed(sorted(skip), 'documents')}")
    return 0


class _Stopped(KeyboardInterrupt):
    """SIGTERM (or SIGHUP) raised as an interrupt, so the run stops as on Ctrl-C."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGINT", "SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _stop_on_signal(signum: int, frame) -> None:
    for sig in _STOP_SIGNALS:  # one stop: a second signal must not cut the clean-up short
        signal.signal(sig, signal.SIG_IGN)
    raise _Stopped(signum)


def _extract_to_store(args) -> int:
    """``brief extract --store DIR``: corpus-scale extraction into a Parquet facts store.

    Ctrl-C, SIGTERM and SIGHUP stop it cleanly: the workers are stopped, the documents that
    finished are written, one line on stderr says so and the exit status is 128 + the signal's
    number (the shell's convention); a rerun resumes."""
    if threading.current_thread() is not threading.main_thread():  # signals: main thread only
        return _extract_to_store_now(args)
    previous = {
        sig: signal.signal(sig, _stop_on_signal)
        for sig in _STOP_SIGNALS
        if signal.getsignal(sig) is not signal.SIG_IGN  # nohup, a background job: left ignored
    }
    try:
        return _extract_to_store_now(args)
    except KeyboardInterrupt as exc:
        signum = getattr(exc, "signum", signal.SIGINT)
        print(
            f"brief extract: stopped by {signal.Signals(signum).name}; what was extracted is kept "
            f"in {args.store}, run the same command again to resume",
            file=sys.stderr,
        )
        return 128 + signum
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, signal.SIG_DFL if handler is None else handler)


def _extract_to_store_now(args) -> int:
    from .corpus import SchedulerError, WorkerStartError, extract_corpus, keep_fusion
    from .facts.coverage import covered
    from .facts.store import StoreWriteError

    skip = covered([args.facts]) if args.facts else set()
    limits = {
        "doc_timeout": args.doc_timeout,
        "doc_memory_mb": args.doc_memory,
        "doc_max_mb": args.doc_max_size,
    }
    try:
        run = extract_corpus(
            args.seeds,
            args.store,
            workers=args.workers,
            engine=args.engine or "local",
            scheduler=args.scheduler,
            batch_size=64 if args.batch_size is None else args.batch_size,
            progress=not args.no_progress,
            documents=args.documents or (),
            exclude=skip,
            send_texts=args.send_texts,
            retry_aborted=args.retry_aborted,
            **{name: value for name, value in limits.items() if value is not None},
        )
    except (WorkerStartError, SchedulerError, StoreWriteError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_RENDER
    used = f", {run.workers} {run.engine} worker{'s' if run.workers != 1 else ''}"
    print(f"{run.summary()} -> {run.store} ({run.seconds:.1f} s{used if run.workers else ''})")
    if skip:
        print(f"not extracted (analyst-reviewed facts exist): {listed(sorted(skip), 'documents')}")
    for doc_id, message in run.failed:
        print(f"failed: {doc_id}: {message}", file=sys.stderr)
    for doc_id, message in run.not_retried:
        print(f"not retried: {doc_id}: {message}", file=sys.stderr)
    if run.not_retried:
        print(
            f"{len(run.not_retried)} document(s) aborted in an earlier run were not tried again "
            f"(their text and sidecar are unchanged): brief extract --retry-aborted tries them",
            file=sys.stderr,
        )
    if not args.no_fuse and run.store is not None:
        started = time.perf_counter()
        try:
            kept = keep_fusion(
                run.store,
                engine=args.engine or "local",
                scheduler=args.scheduler,
                workers=args.workers,
            )
        except (SchedulerError, StoreWriteError) as exc:
            print(f"error: {exc}", file=sys.stderr)
            return EXIT_RENDER
        if kept is not None:
            print(f"fused for the brief -> {kept} ({time.perf_counter() - started:.1f} s)")
    return EXIT_PARTIAL if run.failed or run.not_retried else 0


def _limit(raw: str) -> float:
    """An ``argparse`` type: a limit, a number of 0 (none) or more."""
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0:  # also NaN
        raise argparse.ArgumentTypeError(f"expected a number, 0 or more, got {raw!r}")
    return value


def cmd_add(args) -> int:
    from .ingest.command import run

    return run(args)


def cmd_review(args) -> int:
    from .review.cli import review

    return review(args)


def cmd_params(args) -> int:
    print(parameter_help())
    return 0


def _version() -> str:
    """The installed package's version (``analytic-brief``)."""
    from importlib import metadata

    return metadata.version("analytic-brief")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="brief",
        description="Reproducible, source-linked analytic briefs from news documents.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="brief notebook parameters (-p NAME VALUE):\n" + parameter_help(),
    )
    parser.add_argument("--version", action="version", version=f"brief {_version()}")
    sub = parser.add_subparsers(dest="command", required=True)

    render = sub.add_parser(
        "render",
        help="execute the brief notebook and render HTML/PDF into report/",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="parameters (-p NAME VALUE; lists as a,b or a JSON list):\n" + parameter_help(),
    )
    render.add_argument("--seeds", type=Path, help="seeds directory (default: seeds/)")
    render.add_argument("--facts", type=Path, help="facts directory (default: facts/)")
    render.add_argument(
        "--store",
        type=Path,
        help="facts store written by `brief extract --store`, used instead of --seeds/--facts "
        "(the same as -p store DIR)",
    )
    render.add_argument(
        "--out", type=Path, default=config.REPORT_DIR, help="output directory (default: report/)"
    )
    render.add_argument(
        "--format",
        default="html,pdf,explorer",
        help="comma-separated: html, pdf, explorer (OUT/explorer.html, the facts to search and "
        "filter in a browser), and any `brief export` format (or all), written to OUT/exports/ "
        "(default: html,pdf,explorer)",
    )
    render.add_argument(
        "--timeout", type=int, default=600, help="seconds per notebook cell (default: 600)"
    )
    render.add_argument(
        "--pdf-engine",
        choices=PDF_ENGINES,
        default=PDF_ENGINES[0],
        help="PDF engine: typst (default) or weasyprint (slower; see the README)",
    )
    render.add_argument(
        "-p",
        "--parameter",
        nargs=2,
        action="append",
        metavar=("NAME", "VALUE"),
        help="set a notebook parameter",
    )
    render.add_argument(
        "--progress",
        action=argparse.BooleanOptionalAction,
        default=None,
        help="print each step on stderr as it starts, with the seconds since the start "
        "(default: when stderr is a terminal)",
    )
    render.set_defaults(func=cmd_render)

    _export_parser(sub)

    validate = sub.add_parser("validate", help="load and check documents and facts, render nothing")
    validate.add_argument("--seeds", type=Path, help="seeds directory (default: seeds/)")
    validate.add_argument("--facts", type=Path, help="facts directory (default: facts/)")
    validate.set_defaults(func=cmd_validate)

    check = sub.add_parser(
        "check",
        help="check the estimative language of the analyst's key judgments (warnings on stderr)",
        description="Load documents and facts as validate does, then check the key judgments' "
        "estimative language (ICD 203): vague probability words without a term of the scale, a "
        "likelihood and a confidence term in one sentence, a likelihood contradicting the "
        f"confidence. Exit status: 0, or {EXIT_WARNINGS} with --strict when there are warnings; "
        f"{EXIT_INPUT} on bad input.",
    )
    check.add_argument("--seeds", type=Path, help="seeds directory (default: seeds/)")
    check.add_argument("--facts", type=Path, help="facts directory (default: facts/)")
    check.add_argument("--strict", action="store_true", help="exit non-zero on any warning")
    check.set_defaults(func=cmd_check)

    locate = sub.add_parser("locate", help="print the span (offsets) of a quote, for facts files")
    locate.add_argument("doc", help="document id (file stem)")
    locate.add_argument("quote", help="exact words from the document")
    locate.add_argument("--seeds", type=Path, help="seeds directory (default: seeds/)")
    locate.set_defaults(func=cmd_locate)

    extract = sub.add_parser(
        "extract", help="extract facts from documents into machine-extracted facts files"
    )
    extract.add_argument("seeds", type=Path, help="directory of *.txt documents with *.meta.yaml")
    extract.add_argument(
        "-o",
        "--out",
        type=Path,
        default=config.EXTRACTED_DIR,
        help="output directory (default: data/extracted/)",
    )
    extract.add_argument(
        "--facts",
        type=Path,
        help="analyst-reviewed facts directory: documents it covers are skipped",
    )
    extract.add_argument("--documents", nargs="*", help="document ids to extract (default: all)")
    scale = extract.add_argument_group(
        "corpus scale (--store)",
        "With --store DIR the facts go to a Parquet facts store (tables documents, events, "
        "actors, relations, claims, errors) instead of YAML files; -o is then unused. A rerun "
        "resumes: documents already stored with the same text and sidecar are skipped. A bad "
        "document is recorded in the errors table and listed on stderr; the others are kept. "
        "A document whose worker dies, or that runs out of time or memory, is recorded as "
        "aborted and not tried again by later runs while it is unchanged (--retry-aborted). "
        "Ctrl-C or SIGTERM: the workers stop, what finished is kept, the exit status is 128 + "
        "the signal's number; a rerun resumes. "
        f"Exit status: 0 all stored, {EXIT_PARTIAL} some documents failed (the rest stored), "
        f"{EXIT_INPUT} bad input (e.g. no seeds directory).",
    )
    scale.add_argument("--store", type=Path, metavar="DIR", help="write to the facts store DIR")
    scale.add_argument(
        "--workers", type=int, metavar="N", help="worker processes (default: CPU count)"
    )
    scale.add_argument(
        "--engine",
        choices=("local", "dask"),
        help="local process pool (default) or a Dask distributed cluster",
    )
    scale.add_argument(
        "--scheduler",
        metavar="ADDRESS",
        help="Dask scheduler, e.g. tcp://10.0.0.5:8786 (default: start a local cluster)",
    )
    scale.add_argument(
        "--batch-size", type=int, metavar="N", help="documents per written batch (default: 64)"
    )
    scale.add_argument("--no-progress", action="store_true", help="no progress bar on stderr")
    scale.add_argument(
        "--no-fuse",
        action="store_true",
        help="do not fuse the store afterwards (by default the fusion of the store's default "
        "brief, every document as of the newest, is kept in DIR/fused/ so rendering it is quick)",
    )
    scale.add_argument(
        "--send-texts",
        action="store_true",
        help="dask: send texts and sidecars with the tasks (nodes without the seeds directory)",
    )
    scale.add_argument(
        "--doc-timeout",
        type=_limit,
        metavar="SECONDS",
        help=f"local: time limit per document; past it the document is recorded as aborted and "
        f"its worker replaced (default: {DOC_TIMEOUT:g}; 0: none)",
    )
    scale.add_argument(
        "--doc-memory",
        type=_limit,
        metavar="MB",
        help=f"local: memory a document may add to its worker (address space, RLIMIT_AS); past "
        f"it the document is recorded as aborted (default: {DOC_MEMORY_MB:g}; 0: none)",
    )
    scale.add_argument(
        "--doc-max-size",
        type=_limit,
        metavar="MB",
        help=f"texts larger than this are recorded as failed without being read "
        f"(default: {DOC_MAX_MB:g}; 0: none)",
    )
    scale.add_argument(
        "--retry-aborted",
        action="store_true",
        help="also try again documents aborted by an earlier run (their worker died, or they ran "
        "out of time or memory); by default they are skipped while their text and sidecar are "
        "unchanged, other failed documents are always tried again",
    )
    extract.set_defaults(func=cmd_extract)

    from .ingest.command import configure as configure_add

    add = sub.add_parser(
        "add", help="add web pages, PDFs, feeds, texts or URLs to a seeds directory"
    )
    configure_add(add)
    add.set_defaults(func=cmd_add)

    from .review.cli import add_parser as add_review_parser

    add_review_parser(sub).set_defaults(func=cmd_review)

    params = sub.add_parser("params", help="list the brief's parameters")
    params.set_defaults(func=cmd_params)
    return parser


def _export_parser(sub) -> None:
    from .export.formats import FORMATS

    listed = "\n".join(f"  {name:<11} {what}" for name, (_, what) in FORMATS.items())
    export = sub.add_parser(
        "export",
        help="write the brief's facts and fusion as JSON, CSV, GraphML, GEXF, ACLED, ...",
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog=f"formats (--to a,b or all):\n{listed}\n\nparameters (-p NAME VALUE) as for "
        "render: they select the same documents, facts and window.",
    )
    export.add_argument(
        "--to", required=True, metavar="FORMAT[,FORMAT...]",
        help="the formats to write, comma-separated, or all (listed below)",
    )  # fmt: skip
    export.add_argument(
        "--out",
        type=Path,
        default=config.REPORT_DIR / "exports",
        help="output directory (default: report/exports/); other files in it are left alone",
    )
    export.add_argument("--seeds", type=Path, help="seeds directory (default: seeds/)")
    export.add_argument("--facts", type=Path, help="facts directory (default: facts/)")
    export.add_argument(
        "--extracted", type=Path, metavar="DIR",
        help="machine-extracted facts for the documents no analyst facts cover, e.g. the "
        "report/extracted/ that brief render wrote (the parameter extracted_dir)",
    )  # fmt: skip
    export.add_argument(
        "-p", "--parameter", nargs=2, action="append", metavar=("NAME", "VALUE"),
        help="set a brief parameter",
    )  # fmt: skip
    export.set_defaults(func=cmd_export)


def _not_utf8(value: str) -> str | None:
    """Why an argument is not UTF-8 text (bytes the system could not decode reach Python as
    lone surrogates, ``surrogateescape``), or None."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raw = value.encode("utf-8", "surrogateescape")
        shown = raw.decode("utf-8", "backslashreplace")
        shown = shown if len(shown) <= 60 else shown[:57] + "..."
        bad = value[exc.start].encode("utf-8", "surrogateescape")[0]
        at = len(value[: exc.start].encode("utf-8", "surrogateescape"))
        return f"'{shown}' is not valid UTF-8 (byte 0x{bad:02x} at offset {at}); pass it as UTF-8"
    return None


def _encoding_error(parser: argparse.ArgumentParser, args: argparse.Namespace) -> str | None:
    """The message for the first argument that is not UTF-8 text, naming it (its option or
    name, or the notebook parameter of ``-p NAME VALUE``), or None."""
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    for action in subparsers.choices[args.command]._actions:
        value = getattr(args, action.dest, None)
        if action.dest == "parameter":  # -p NAME VALUE pairs
            for name, raw in value or []:
                problem = _not_utf8(name)
                if problem:
                    return f"argument -p NAME: {problem}"
                problem = _not_utf8(raw)
                if problem:
                    return str(ParameterError(name, problem))
            continue
        for item in value if isinstance(value, list) else [value]:
            problem = _not_utf8(str(item)) if isinstance(item, str | Path) else None
            if problem:
                name = action.option_strings[-1] if action.option_strings else action.dest
                return f"argument {name}: {problem}"
    return None


def main(argv: list[str] | None = None) -> int:
    from .rendering.run import RenderError

    parser = build_parser()
    args = parser.parse_args(argv)
    problem = _encoding_error(parser, args)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_INPUT
    try:
        return args.func(args)
    except (InputError, ParameterError, ValueError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_INPUT
    except RenderError as exc:
        print(f"error: render failed, previous brief left in place: {exc}", file=sys.stderr)
        return EXIT_RENDER


if __name__ == "__main__":
    sys.exit(main())
