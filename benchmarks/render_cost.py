"""Wall time of the full brief render against the floor of the same toolchain.

full  = `brief render` in a fresh process: validate inputs, papermill execute the brief
        notebook, nbconvert HTML, the PDF (the default engine, or --pdf-engine), the explorer
        page, tables, atomic move.
floor = a fresh process doing the least the same toolchain can do: papermill on a one-cell
        notebook, nbconvert HTML of it, the same PDF engine on a one-line page.
html  = `brief render --format html` against the floor without its PDF.

Both are cold (imports included), as a user running the command sees them, and run in
alternating pairs (full, floor, html, html floor, full, ...) so that a change of the machine's
load hits both sides of a ratio. Prints the median of --runs runs of each and the ratios. Then,
each in a fresh process (median of --runs): the PDF step of the seed brief's HTML with each
engine (import and layout), and the brief notebook's first cell (its imports and
``build_brief``) with the heavy modules it loaded.

    python benchmarks/render_cost.py [--runs 3] [--pdf-engine typst|weasyprint]
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

FLOOR = r"""
import sys, tempfile
from pathlib import Path
import nbformat, papermill
from nbconvert import HTMLExporter
d = Path(tempfile.mkdtemp())
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nbformat.write(nb, d / "one.ipynb")
papermill.execute_notebook(str(d / "one.ipynb"), str(d / "out.ipynb"), progress_bar=False,
                           kernel_name="python3", shutdown_kernel="immediate")
body, _ = HTMLExporter().from_filename(str(d / "out.ipynb"))
(d / "out.html").write_text(body)
if sys.argv[1] == "weasyprint":
    import weasyprint
    weasyprint.HTML(string="<p>One line.</p>").write_pdf(str(d / "one.pdf"))
elif sys.argv[1] == "typst":
    import typst
    (d / "one.pdf").write_bytes(typst.compile(b"One line."))
"""


PDF_STEP = r"""
import sys
from pathlib import Path
from helpers.rendering.pdf import to_pdf
to_pdf(Path(sys.argv[1]).read_text(encoding="utf-8"), Path(sys.argv[2]), sys.argv[3])
"""

FIRST_CELL = r"""
import sys, time
start = time.perf_counter()
from helpers.brief import build_brief, sections
imported = time.perf_counter()
brief = build_brief()
built = time.perf_counter()
heavy = [m for m in ("pandas", "matplotlib", "networkx") if m in sys.modules]
print(f"{imported - start:.3f} {built - imported:.3f} {','.join(heavy)}")
"""


def first_cell(runs: int) -> None:
    out = []
    for _ in range(runs):
        done = subprocess.run(
            [sys.executable, "-c", FIRST_CELL], check=True, capture_output=True, text=True
        )
        imports, build, heavy = (done.stdout.split() + [""])[:3]
        out.append((float(imports), float(build), heavy))
    imports = statistics.median(x[0] for x in out)
    build = statistics.median(x[1] for x in out)
    print(
        f"kernel's first cell, median of {runs}: imports {imports:.2f} s, build_brief "
        f"{build:.2f} s; heavy modules loaded: {out[0][2] or 'none'}"
    )


def pdf_step(html: Path, runs: int) -> None:
    times = {"weasyprint": [], "typst": []}
    with tempfile.TemporaryDirectory() as tmp:
        for _ in range(runs):
            for engine, found in times.items():
                pdf = str(Path(tmp) / f"{engine}.pdf")
                found.append(timed([sys.executable, "-c", PDF_STEP, str(html), pdf, engine]))
    w, t = statistics.median(times["weasyprint"]), statistics.median(times["typst"])
    print(
        f"PDF step of the seed brief (fresh process: import + layout), median of {runs}: "
        f"WeasyPrint {w:.2f} s, Typst {t:.2f} s ({t / w:.2f}x)"
    )


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    from helpers.rendering.pdf import PDF_ENGINES

    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--pdf-engine", default=PDF_ENGINES[0], choices=PDF_ENGINES)
    args = parser.parse_args()
    brief = Path(sys.executable).parent / "brief"
    engine = args.pdf_engine
    times: dict[str, list[float]] = {"full": [], "floor": [], "html": [], "html floor": []}
    with tempfile.TemporaryDirectory() as out:
        timed([sys.executable, "-c", FLOOR, engine])  # warm the OS file cache and font cache
        timed([str(brief), "render", "--out", out, "--pdf-engine", engine])  # and the brief's
        for _ in range(args.runs):
            full = [str(brief), "render", "--out", out, "--pdf-engine", engine]
            times["full"].append(timed(full))
            times["floor"].append(timed([sys.executable, "-c", FLOOR, engine]))
            times["html"].append(timed([str(brief), "render", "--out", out, "--format", "html"]))
            times["html floor"].append(timed([sys.executable, "-c", FLOOR, "none"]))
        timed([str(brief), "render", "--out", out, "--format", "html,pdf"])
        pdf_step(Path(out) / "brief.html", args.runs)
    m = {k: statistics.median(v) for k, v in times.items()}
    for name, what in (
        ("full", f"full render (execute + HTML + {engine} PDF + explorer)"),
        ("floor", f"toolchain floor (1-cell papermill + nbconvert + 1-line {engine} PDF)"),
        ("html", "HTML only (brief render --format html)"),
        ("html floor", "HTML floor (1-cell papermill + nbconvert)"),
    ):
        runs = ", ".join(f"{x:.2f}" for x in times[name])
        print(f"{what}, median of {args.runs}: {m[name]:.2f} s  runs: {runs}")
    print(f"ratio full / floor: {m['full'] / m['floor']:.2f} (target <= 1.3)")
    print(f"ratio HTML only / HTML floor: {m['html'] / m['html floor']:.2f} (target <= 1.2)")
    first_cell(args.runs)


if __name__ == "__main__":
    main()
