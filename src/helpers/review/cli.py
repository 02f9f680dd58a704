"""``brief review``: make a review sheet, record verdicts in it, apply it (the ``brief`` command
wires this in; :mod:`helpers.cli`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .. import config

USAGE = """\
  brief review [--seeds DIR] [--documents ID ...] [--out FILE]      write a review sheet
  brief review --record FILE --verdict ID VERDICT [...] [--reviewed-by NAME]
  brief review --apply FILE [--reviewed-by NAME]                    reviewed facts -> facts/
VERDICT: accept, reject, null, or a correction as YAML: '{correct: {FIELD: VALUE}}'."""


def add_parser(sub) -> argparse.ArgumentParser:
    review = sub.add_parser(
        "review",
        help="review machine-extracted facts: a sheet of verdicts -> analyst-reviewed facts",
        usage=USAGE,
        description="Machine-extracted facts, lowest confidence first, in a YAML review sheet; "
        "record a verdict per fact (accept, reject, correct a field), then --apply writes "
        "the reviewed facts file of each document into facts/ and remembers what was rejected.",
    )
    review.add_argument("--seeds", type=Path, help="seeds directory (default: seeds/)")
    review.add_argument("--facts", type=Path, help="reviewed facts directory (default: facts/)")
    review.add_argument(
        "--extracted",
        type=Path,
        help="machine-extracted facts (brief extract; default: data/extracted/); a document "
        "without a file there is extracted now",
    )
    review.add_argument("--documents", nargs="*", help="document ids to review (default: all)")
    review.add_argument(
        "--out",
        type=Path,
        default=config.REVIEW_SHEET,
        help="the sheet to write (default: review/sheet.yaml)",
    )
    review.add_argument("--record", type=Path, metavar="FILE", help="record verdicts in FILE")
    review.add_argument(
        "--verdict",
        nargs=2,
        action="append",
        metavar=("ID", "VERDICT"),
        help="with --record: the verdict on item ID (DOC/ID, or the id alone when unique)",
    )
    review.add_argument("--apply", type=Path, metavar="FILE", help="apply the sheet FILE")
    review.add_argument("--reviewed-by", metavar="NAME", help="who reviewed (else the sheet's)")
    return review


def review(args) -> int:
    if args.apply and args.record:
        print("error: --apply and --record are separate steps", file=sys.stderr)
        return 2
    if args.apply:
        return _apply(args)
    if args.record:
        return _record(args)
    if args.verdict:
        print("error: --verdict is given with --record FILE", file=sys.stderr)
        return 2
    return _make(args)


def _make(args) -> int:
    from .sheet import load_sheet, make_sheet, write_sheet
    from .state import review_state

    out = args.out
    if out.exists():
        old = load_sheet(out)
        facts = Path(old.facts)
        known = {d: review_state(facts, d).known_keys for d in old.documents}
        pending = [i for i in old.items if i.verdict is not None and i.key not in known[i.doc]]
        if pending:
            print(
                f"error: {out} holds {len(pending)} verdict(s) not applied yet: apply it "
                "(brief review --apply) or choose another --out",
                file=sys.stderr,
            )
            return 2
    notes: list[str] = []
    sheet = make_sheet(args.seeds, args.documents or (), args.extracted, args.facts, notes)
    for note in notes:
        print(note, file=sys.stderr)
    write_sheet(sheet, out)
    print(
        f"{out}: {len(sheet.items)} machine fact(s) to review in {len(sheet.documents)} document(s)"
    )
    return 0


def _record(args) -> int:
    from .sheet import parse_cli_verdict, record

    verdicts = {ref: parse_cli_verdict(value) for ref, value in args.verdict or []}
    sheet = record(args.record, verdicts, args.reviewed_by)
    done = sum(1 for i in sheet.items if i.verdict is not None)
    print(f"{args.record}: {done} of {len(sheet.items)} item(s) have a verdict")
    return 0


def _apply(args) -> int:
    from .apply import apply_sheet

    applied = apply_sheet(args.apply, args.reviewed_by, args.seeds, args.facts)
    for path in applied.written:
        print(path)
    print(f"{args.apply}: {applied.summary()}")
    return 0
