"""Wall time of the full brief render against the floor of the same toolchain.

full  = `brief render` in a fresh process: validate inputs, papermill execute the brief
        notebook, nbconvert HTML, WeasyPrint PDF, tables, atomic move.
floor = a fresh process doing the least the same toolchain can do: papermill on a one-cell
        notebook, nbconvert HTML of it, WeasyPrint on a one-line page.

Both are cold (imports included), as a user running the command sees them. Prints the median
of --runs runs of each and the ratio full / floor.

    python benchmarks/render_cost.py [--runs 3]
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
import nbformat, papermill, weasyprint
from nbconvert import HTMLExporter
d = Path(tempfile.mkdtemp())
nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("1 + 1")])
nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
nbformat.write(nb, d / "one.ipynb")
papermill.execute_notebook(str(d / "one.ipynb"), str(d / "out.ipynb"), progress_bar=False,
                           kernel_name="python3", shutdown_kernel="immediate")
body, _ = HTMLExporter().from_filename(str(d / "out.ipynb"))
(d / "out.html").write_text(body)
weasyprint.HTML(string="<p>One line.</p>").write_pdf(str(d / "one.pdf"))
"""


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    brief = Path(sys.executable).parent / "brief"
    full, floor = [], []
    with tempfile.TemporaryDirectory() as out:
        timed([sys.executable, "-c", FLOOR])  # warm the OS file cache and font cache once
        for _ in range(args.runs):
            full.append(timed([str(brief), "render", "--out", out]))
            floor.append(timed([sys.executable, "-c", FLOOR]))
    f, b = statistics.median(full), statistics.median(floor)
    print(
        f"full render (execute + HTML + PDF), median of {args.runs}: {f:.2f} s  runs: {', '.join(f'{x:.2f}' for x in full)}"
    )
    print(
        f"toolchain floor (1-cell papermill + nbconvert + 1-line PDF): {b:.2f} s  runs: {', '.join(f'{x:.2f}' for x in floor)}"
    )
    print(f"ratio full / floor: {f / b:.2f} (target <= 1.5)")


if __name__ == "__main__":
    main()
