"""The ``brief add`` subcommand: its options and what it prints."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from .fetch import DELAY, MAX_BYTES, TIMEOUT

EXIT_FAILED = 2  # some source could not be added (the others were)
STATUSES = {"added": "added", "present": "already there", "failed": "failed"}


def _positive(raw: str) -> float:
    """An ``argparse`` type: a number above 0."""
    try:
        value = float(raw)
    except ValueError:
        value = 0.0
    if not value > 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number above 0, got {raw!r}")
    return value


def _not_negative(raw: str) -> float:
    """An ``argparse`` type: a number, 0 or more."""
    try:
        value = float(raw)
    except ValueError:
        value = -1.0
    if not value >= 0 or value == float("inf"):
        raise argparse.ArgumentTypeError(f"expected a number, 0 or more, got {raw!r}")
    return value


def configure(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "sources",
        nargs="+",
        metavar="SOURCE",
        help="a saved web page (.html), a PDF, a UTF-8 text, an RSS/Atom feed, a file listing "
        "URLs (one per line), or an http(s) URL",
    )
    parser.add_argument(
        "--seeds",
        type=Path,
        required=True,
        metavar="DIR",
        help="seeds directory to add to (created if missing)",
    )
    given = parser.add_argument_group(
        "metadata the sources lack (applies to every source of the call; wins over the source's)"
    )
    given.add_argument("--published", metavar="YYYY-MM-DD", help="publication date")
    given.add_argument("--title", help="headline (marked as supplied by the analyst)")
    given.add_argument("--publisher", help="outlet")
    given.add_argument("--author", help="author")
    given.add_argument(
        "--timezone", metavar="ZONE", help="the outlet's IANA zone, e.g. Africa/Bamako"
    )
    given.add_argument("--language", metavar="CODE", help="language code, e.g. en")
    limits = parser.add_argument_group("limits")
    limits.add_argument(
        "--max-size",
        type=_positive,
        default=MAX_BYTES / 1024 / 1024,
        metavar="MB",
        help=f"largest source read, file or download (default: {MAX_BYTES // 1024 // 1024})",
    )
    limits.add_argument(
        "--timeout",
        type=_positive,
        default=TIMEOUT,
        metavar="SECONDS",
        help=f"per URL fetched (default: {TIMEOUT:g})",
    )
    limits.add_argument(
        "--delay",
        type=_not_negative,
        default=DELAY,
        metavar="SECONDS",
        help=f"pause between two requests to one host (default: {DELAY:g}; "
        "robots.txt's Crawl-delay if longer)",
    )


def run(args: argparse.Namespace) -> int:
    from .adding import Given, add, check_given
    from .fetch import Fetcher

    given = Given(
        published=args.published,
        title=args.title,
        publisher=args.publisher,
        author=args.author,
        timezone=args.timezone,
        language=args.language,
    )
    problem = check_given(given)
    if problem:
        print(f"error: {problem}", file=sys.stderr)
        return EXIT_FAILED
    max_bytes = int(args.max_size * 1024 * 1024)
    fetcher = Fetcher(timeout=args.timeout, max_bytes=max_bytes, delay=args.delay)
    outcomes = add(args.sources, args.seeds, given, fetcher=fetcher, max_bytes=max_bytes)
    for outcome in outcomes:
        if outcome.status == "added":
            print(f"added {outcome.doc_id} <- {outcome.source}")
        elif outcome.status == "present":
            print(f"already there {outcome.doc_id} <- {outcome.source} ({outcome.message})")
        else:
            print(f"error: {outcome.message}", file=sys.stderr)
    count = {status: sum(o.status == status for o in outcomes) for status in STATUSES}
    failed = count["failed"]
    summary = ", ".join(f"{n} {STATUSES[status]}" for status, n in count.items())
    print(f"{args.seeds}: {summary}", file=sys.stderr)
    return EXIT_FAILED if failed else 0
