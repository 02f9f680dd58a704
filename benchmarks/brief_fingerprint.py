"""Fingerprint of what the brief says, to check that a refactoring changes nothing a reader sees.

Renders a few briefs (the seed brief; the seed brief with a focus actor and a display zone; a brief
of machine-extracted facts of the development set) and records, per brief, the sha256 of every
``tables/*.csv`` and of ``manifest.json`` (bytes), of the HTML's text (tags stripped, whitespace
collapsed) and of the PDF's text (pypdf). The HTML/PDF bytes themselves are not compared:
a refactoring may change markup that a reader never sees.

    python benchmarks/brief_fingerprint.py --record   # write benchmarks/brief_fingerprint.json
    python benchmarks/brief_fingerprint.py            # render again and compare; exit 1 on a change
"""

from __future__ import annotations

import argparse
import hashlib
import html
import json
import re
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
REFERENCE = ROOT / "benchmarks" / "brief_fingerprint.json"
DEVSET = ROOT / "benchmarks" / "devset"

SCENARIOS: dict[str, list[str]] = {
    "seed": [],
    "seed-focus": ["-p", "focus_actor", "kh", "-p", "display_tz", "America/New_York"],
    "devset-extracted": ["--seeds", str(DEVSET), "-p", "title", "Development set"],
}


def sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def html_text(raw: str) -> str:
    """The text a reader sees: no style or script bodies, no tags, entities decoded, one space.
    A ``<wbr>`` (a line-break opportunity in a long unbroken run) is nothing: it is not seen."""
    raw = re.sub(r"(?i)<wbr\s*/?>", "", raw)
    raw = re.sub(r"(?is)<(style|script)\b.*?</\1>", " ", raw)
    raw = re.sub(r"(?s)<!--.*?-->", " ", raw)
    raw = re.sub(r"(?s)<[^>]+>", " ", raw)
    return " ".join(html.unescape(raw).split())


def pdf_text(path: Path) -> str:
    from pypdf import PdfReader

    return " ".join(" ".join(page.extract_text() for page in PdfReader(path).pages).split())


def render(name: str, args: list[str], work: Path) -> dict[str, str]:
    out = work / name
    extra: list[str] = []
    if name == "devset-extracted":
        extracted = work / "extracted"
        subprocess.run(
            [str(BIN / "brief"), "extract", str(DEVSET), "-o", str(extracted)],
            check=True,
            capture_output=True,
        )
        extra = ["--facts", str(work / "no-facts"), "-p", "extracted_dir", str(extracted)]
        (work / "no-facts").mkdir(exist_ok=True)
    subprocess.run(
        [str(BIN / "brief"), "render", "--out", str(out), *args, *extra],
        check=True,
        capture_output=True,
    )
    prints = {
        f"tables/{p.name}": sha(p.read_bytes()) for p in sorted((out / "tables").glob("*.csv"))
    }
    # The machine-extracted facts files too: moving the extractor must not change what it finds.
    for p in sorted((work / "extracted").glob("*.facts.yaml")) if extra else []:
        prints[f"extracted/{p.name}"] = sha(p.read_bytes())
    manifest = json.loads((out / "manifest.json").read_text())
    # The manifest names the HTML/PDF by their bytes; what a reader sees is compared below.
    for key in ("brief.html", "brief.pdf", "brief.ipynb"):
        manifest["files"].pop(key, None)
    prints["manifest.json"] = sha(json.dumps(manifest, sort_keys=True).encode())
    prints["brief.html text"] = sha(html_text((out / "brief.html").read_text()).encode())
    prints["brief.pdf text"] = sha(pdf_text(out / "brief.pdf").encode())
    return prints


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument(
        "--record", action="store_true", help="write the reference instead of comparing"
    )
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="brief-fingerprint-") as tmp:
        now = {name: render(name, a, Path(tmp)) for name, a in SCENARIOS.items()}
    if args.record:
        REFERENCE.write_text(json.dumps(now, indent=2, sort_keys=True) + "\n")
        print(f"recorded {REFERENCE.relative_to(ROOT)}")
        return 0
    ref = json.loads(REFERENCE.read_text())
    changed = [
        f"{name}: {key}"
        for name in sorted(set(ref) | set(now))
        for key in sorted(set(ref.get(name, {})) | set(now.get(name, {})))
        if ref.get(name, {}).get(key) != now.get(name, {}).get(key)
    ]
    for line in changed:
        print("CHANGED", line)
    print(f"{sum(len(v) for v in now.values())} fingerprints, {len(changed)} changed")
    return 1 if changed else 0


if __name__ == "__main__":
    sys.exit(main())
