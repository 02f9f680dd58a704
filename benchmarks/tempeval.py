"""TempEval-3 style scores of the temporal tagger on TimeML files, with dateparser as a peer.

    python benchmarks/tempeval.py DIR [--errors]

Reads every ``*.tml`` file in DIR (TempEval-3 format: ``<TimeML>`` with a ``<DCT>`` holding the
``functionInDocument="CREATION_TIME"`` TIMEX3, and a ``<TEXT>`` with inline ``<TIMEX3>`` tags).
Only ``<TEXT>`` is scored: its tags are stripped to give the raw text, XML entities are unescaped
by the XML parser (so ``&amp;`` is one character ``&`` in the text both systems see), and the
gold spans are offsets into that unescaped text.

Two systems run on the same texts and DCTs in the same process:

* ``helpers.extract.temporal.tag`` (this project), and
* ``dateparser.search.search_dates`` with ``RELATIVE_BASE`` = the DCT. Its matches carry no
  TIMEX3 type, so its type accuracy is "n/a"; its value is the ISO date ``YYYY-MM-DD`` of the
  datetime it returns (the natural DATE value), so it can only be right on day-precision DATEs.

Scores (TempEval-3 definitions), micro-averaged over all files:

* strict match: identical extent; relaxed match: extents overlap. System and gold expressions are
  paired one-to-one greedily: identical extents first, then, for each remaining gold expression
  in text order, the unpaired system expression that overlaps it most.
* strict / relaxed precision, recall and F1;
* type accuracy and value accuracy over the relaxed pairs (value: exact string compare);
* value F1 = relaxed F1 x value accuracy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path

Expr = tuple[int, int, str | None, str]  # start, end, TIMEX3 type (None = untyped), value


def load_tml(path: str | Path) -> tuple[str, str, list[tuple[int, int, str, str]]]:
    """(raw TEXT content, DCT as YYYY-MM-DD or YYYY-MM-DDTHH:MM, gold expressions)."""
    root = ET.parse(path).getroot()
    dct = None
    for timex in root.iter("TIMEX3"):
        if timex.get("functionInDocument") == "CREATION_TIME":
            dct = timex.get("value", "")
            break
    if not dct:
        raise ValueError(f"{path}: no CREATION_TIME TIMEX3")
    dct = dct[:16] if "T" in dct and len(dct) >= 16 else dct[:10]
    body = root.find(".//TEXT")
    if body is None:
        raise ValueError(f"{path}: no <TEXT>")
    parts: list[str] = []
    gold: list[tuple[int, int, str, str]] = []

    def walk(elem: ET.Element, pos: int) -> int:
        if elem.text:
            parts.append(elem.text)
            pos += len(elem.text)
        for child in elem:
            start = pos
            pos = walk(child, pos)
            if child.tag == "TIMEX3" and pos > start:
                gold.append((start, pos, child.get("type", ""), child.get("value", "")))
            if child.tail:
                parts.append(child.tail)
                pos += len(child.tail)
        return pos

    walk(body, 0)
    return "".join(parts), dct, gold


def _prf(matches: int, n_system: int, n_gold: int) -> tuple[float, float, float]:
    p = matches / n_system if n_system else 0.0
    r = matches / n_gold if n_gold else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)


def score(gold: list[tuple[int, int, str, str]], system: list[tuple[int, int, str, str]]) -> dict:
    """TempEval-3 extent, type and value scores of ``system`` against ``gold``.

    A system type of ``None`` means the system does not type its output: such pairs are left out
    of type accuracy, which is ``None`` when no pair is typed.
    """
    gold = sorted(gold)
    system = sorted(system)
    used: set[int] = set()
    paired: dict[int, int] = {}
    by_span: dict[tuple[int, int], list[int]] = {}
    for j, s in enumerate(system):
        by_span.setdefault((s[0], s[1]), []).append(j)
    for i, g in enumerate(gold):  # strict pairs first
        for j in by_span.get((g[0], g[1]), []):
            if j not in used:
                used.add(j)
                paired[i] = j
                break
    strict = len(paired)
    for i, g in enumerate(gold):  # then the largest overlap among what is left
        if i in paired:
            continue
        best: tuple[int, int] | None = None
        for j, s in enumerate(system):
            if j in used or s[0] >= g[1] or s[1] <= g[0]:
                continue
            overlap = min(g[1], s[1]) - max(g[0], s[0])
            if best is None or overlap > best[0]:
                best = (overlap, j)
        if best is not None:
            used.add(best[1])
            paired[i] = best[1]
    relaxed = len(paired)
    pairs = [(gold[i], system[j]) for i, j in sorted(paired.items())]
    typed = [(g, s) for g, s in pairs if s[2] is not None]
    type_ok = sum(g[2] == s[2] for g, s in typed)
    value_ok = sum(g[3] == s[3] for g, s in pairs)
    sp, sr, sf = _prf(strict, len(system), len(gold))
    rp, rr, rf = _prf(relaxed, len(system), len(gold))
    value_acc = value_ok / relaxed if relaxed else 0.0
    return {
        "gold": len(gold),
        "system": len(system),
        "strict_matches": strict,
        "relaxed_matches": relaxed,
        "strict_precision": sp,
        "strict_recall": sr,
        "strict_f1": sf,
        "relaxed_precision": rp,
        "relaxed_recall": rr,
        "relaxed_f1": rf,
        "type_accuracy": type_ok / len(typed) if typed else None,
        "value_accuracy": value_acc,
        "value_f1": rf * value_acc,
    }


def run_temporal(text: str, dct: str) -> list[tuple[int, int, str, str]]:
    from helpers.extract.temporal import tag

    return [(t.start, t.end, t.type, t.value) for t in tag(text, dct)]


def run_dateparser(text: str, dct: str) -> list[Expr]:
    from dateparser.search import search_dates

    base = dt.datetime.fromisoformat(dct)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        found = search_dates(text, languages=["en"], settings={"RELATIVE_BASE": base}) or []
    out: list[Expr] = []
    cursor = 0
    for substring, moment in found:
        at = text.find(substring, cursor)
        if at < 0:
            at = text.find(substring)
        if at < 0 or not substring:
            continue
        cursor = at + len(substring)
        out.append((at, at + len(substring), None, moment.date().isoformat()))
    return out


def _dateparser_name() -> str:
    try:
        import dateparser

        return f"dateparser {dateparser.__version__}"
    except ImportError:  # pragma: no cover - dev extra not installed
        return "dateparser"


ROWS = [
    ("gold", "gold", "d"),
    ("system", "system", "d"),
    ("strict matches", "strict_matches", "d"),
    ("relaxed matches", "relaxed_matches", "d"),
    ("strict precision", "strict_precision", "f"),
    ("strict recall", "strict_recall", "f"),
    ("strict F1", "strict_f1", "f"),
    ("relaxed precision", "relaxed_precision", "f"),
    ("relaxed recall", "relaxed_recall", "f"),
    ("relaxed F1", "relaxed_f1", "f"),
    ("type accuracy", "type_accuracy", "f"),
    ("value accuracy", "value_accuracy", "f"),
    ("value F1", "value_f1", "f"),
]


def evaluate(directory: Path) -> tuple[list[Path], dict[str, tuple[list, list]]]:
    """All files' gold and each system's output, with offsets shifted into one long stream."""
    files = sorted(directory.glob("*.tml"))
    systems = {"helpers.extract.temporal": run_temporal, _dateparser_name(): run_dateparser}
    streams: dict[str, tuple[list, list]] = {name: ([], []) for name in systems}
    shift = 0
    for path in files:
        text, dct, gold = load_tml(path)
        for name, run in systems.items():
            g, s = streams[name]
            g.extend((a + shift, b + shift, t, v) for a, b, t, v in gold)
            s.extend((a + shift, b + shift, t, v) for a, b, t, v in run(text, dct))
        shift += len(text) + 1
    return files, streams


def format_table(results: dict[str, dict]) -> str:
    names = list(results)
    width = max(len(label) for label, _, _ in ROWS)
    cols = [max(len(n), 6) for n in names]
    lines = [
        "  ".join([f"{'':<{width}}", *(f"{n:>{c}}" for n, c in zip(names, cols, strict=True))])
    ]
    for label, key, kind in ROWS:
        cells = []
        for name, c in zip(names, cols, strict=True):
            v = results[name][key]
            cell = "n/a" if v is None else (f"{v:d}" if kind == "d" else f"{v:.3f}")
            cells.append(f"{cell:>{c}}")
        lines.append("  ".join([f"{label:<{width}}", *cells]))
    return "\n".join(lines)


def _errors(text_of: list[tuple[int, str]], gold: list, system: list) -> list[str]:
    """Gold expressions a system missed or got wrong, and its spurious ones (for --errors)."""

    def snippet(a: int, b: int) -> str:
        for start, text in reversed(text_of):
            if a >= start:
                return text[a - start : b - start]
        return ""

    out = []
    for g in sorted(gold):
        hits = [s for s in system if s[0] < g[1] and s[1] > g[0]]
        if not hits:
            out.append(f"  missed   {snippet(g[0], g[1])!r} {g[2]} {g[3]}")
        elif not any(s[:2] == g[:2] and s[3] == g[3] for s in hits):
            got = ", ".join(f"{snippet(s[0], s[1])!r} {s[2]} {s[3]}" for s in hits)
            out.append(f"  differs  {snippet(g[0], g[1])!r} {g[2]} {g[3]}  <- {got}")
    for s in sorted(system):
        if not any(s[0] < g[1] and s[1] > g[0] for g in gold):
            out.append(f"  spurious {snippet(s[0], s[1])!r} {s[2]} {s[3]}")
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("directory", type=Path, help="directory of TimeML .tml files")
    parser.add_argument("--errors", action="store_true", help="list each system's errors")
    args = parser.parse_args(argv)
    files, streams = evaluate(args.directory)
    if not files:
        print(f"no .tml files in {args.directory}", file=sys.stderr)
        return 1
    results = {name: score(g, s) for name, (g, s) in streams.items()}
    print(f"TempEval-3 scores, {len(files)} TimeML files in {args.directory} (micro-averaged)")
    print(format_table(results))
    if args.errors:
        texts, shift = [], 0
        for path in files:
            text = load_tml(path)[0]
            texts.append((shift, text))
            shift += len(text) + 1
        for name, (g, s) in streams.items():
            print(f"\n{name} errors:")
            print("\n".join(_errors(texts, g, s)) or "  none")
    return 0


if __name__ == "__main__":
    sys.exit(main())
