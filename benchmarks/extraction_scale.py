"""Extraction time on long inputs: the development set repeated to 1 MB and 5 MB.

Checks that the extractor stays linear on long texts (no quadratic scans, no regex
backtracking) and reports seconds per MB. Prints figures; asserts nothing.

    python benchmarks/extraction_scale.py
"""

from __future__ import annotations

import time
from pathlib import Path

from helpers.extract.pipeline import build_nlp, extract_document
from helpers.facts.loading import SourceDoc, load_document

DEVSET = Path(__file__).resolve().parent / "devset"


def main() -> None:
    nlp = build_nlp()
    docs = [load_document(p) for p in sorted(DEVSET.glob("*.txt"))]
    text = "\n\n".join(d.text for d in docs) + "\n\n"
    meta = docs[0].meta.model_copy(update={"sha256": None})
    for megabytes in (1, 5):
        big = text * max(1, int(megabytes * 1_000_000 / len(text)))
        start = time.perf_counter()
        facts = extract_document(SourceDoc(meta, big, docs[0].path), nlp)
        seconds = time.perf_counter() - start
        print(
            f"{len(big) / 1e6:.1f} MB: {seconds:.1f} s ({seconds / (len(big) / 1e6):.1f} s/MB), "
            f"{len(facts.events)} events, {len(facts.claims)} claims"
        )


if __name__ == "__main__":
    main()
