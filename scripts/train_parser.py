"""Train the extractor's English tagger and dependency parser on Universal Dependencies EWT.

    .venv/bin/python scripts/train_parser.py [--ewt ../shared/data/ud-english-ewt] [--steps N]
    (or: make parser)

1. converts the CoNLL-U files to spaCy's binary format (multi-word tokens merged, 10 sentences a
   document);
2. trains `training/parser.cfg` (tok2vec + tagger + parser, seeded: `[system] seed = 0`) on the
   training file, picking the best model on the development file;
3. scores the best model on the test file (UAS, LAS, tag accuracy);
4. writes it to `src/helpers/extract/model/en_ewt_parser/` with the treebank's licence, the
   attribution the licence asks for and the scores beside it. The extractor loads it from there;
   nothing is downloaded.

The data is CC BY-SA 4.0: "Universal Dependencies English Web Treebank (UD_English-EWT)".
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CONFIG = ROOT / "training" / "parser.cfg"
TARGET = ROOT / "src" / "helpers" / "extract" / "model" / "en_ewt_parser"
ATTRIBUTION = (
    "Trained on Universal Dependencies English Web Treebank (UD_English-EWT), CC BY-SA 4.0.\n"
    "The licence of the treebank is in LICENSE.txt beside this file; the model is shared under\n"
    "the same licence. Trained by scripts/train_parser.py with training/parser.cfg (seed 0).\n"
)


def spacy_cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "spacy", *args], check=True)


def convert(ewt: Path, out: Path) -> dict[str, Path]:
    paths = {}
    for part in ("train", "dev", "test"):
        source = ewt / f"en_ewt-ud-{part}.conllu"
        spacy_cli("convert", str(source), str(out), "-c", "conllu", "-n", "10", "-T")
        paths[part] = out / f"en_ewt-ud-{part}.spacy"
    return paths


def scores(model: Path, test: Path, out: Path) -> dict[str, float]:
    spacy_cli("evaluate", str(model), str(test), "--output", str(out))
    raw = json.loads(out.read_text())
    return {k: round(100 * raw[k], 2) for k in ("dep_uas", "dep_las", "tag_acc", "sents_f")}


def install(model: Path, ewt: Path, test_scores: dict[str, float]) -> None:
    if TARGET.exists():
        shutil.rmtree(TARGET)
    shutil.copytree(model, TARGET)
    meta_path = TARGET / "meta.json"
    meta = json.loads(meta_path.read_text())
    meta.update(
        name="ewt_parser",
        version="1.0.0",
        license="CC BY-SA 4.0",
        sources=[{"name": "Universal Dependencies English Web Treebank (UD_English-EWT)"}],
        performance={"test": test_scores},
    )
    meta.pop("performance_dev", None)
    meta_path.write_text(json.dumps(meta, indent=2, sort_keys=True) + "\n")
    config = TARGET / "config.cfg"  # the training run's temporary paths are no part of the model
    config.write_text(re.sub(r"(?m)^(train|dev) = .*$", r"\1 = null", config.read_text()))
    shutil.copy(ewt / "LICENSE.txt", TARGET / "LICENSE.txt")
    (TARGET / "ATTRIBUTION.txt").write_text(ATTRIBUTION)
    (TARGET / "scores.json").write_text(json.dumps(test_scores, indent=2) + "\n")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--ewt", default=str(ROOT.parent / "shared" / "data" / "ud-english-ewt"))
    ap.add_argument("--steps", type=int, default=None, help="override training.max_steps")
    args = ap.parse_args()
    ewt = Path(args.ewt)
    with tempfile.TemporaryDirectory(prefix="ewt-") as tmp:
        work = Path(tmp)
        data = convert(ewt, work)
        extra = [f"--training.max_steps={args.steps}"] if args.steps else []
        spacy_cli(
            "train", str(CONFIG), "--output", str(work / "out"),
            f"--paths.train={data['train']}", f"--paths.dev={data['dev']}", *extra,
        )  # fmt: skip
        best = work / "out" / "model-best"
        test_scores = scores(best, data["test"], work / "test.json")
        install(best, ewt, test_scores)
    print(f"installed {TARGET.relative_to(ROOT)}; test set: {test_scores}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
