"""Project paths, resolved from the installed package, never from the working directory.

The package lives at ``<root>/src/helpers``; every default input and output path of the
toolkit is derived from that root so notebooks, the CLI and the tests agree on where things are,
whatever directory they are started from.
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
#: Repository root (``src/helpers/config.py`` -> ``src/helpers`` -> ``src`` -> root).
PROJECT_ROOT = Path(os.environ.get("BRIEF_PROJECT_ROOT", PACKAGE_DIR.parent.parent)).resolve()

SEEDS_DIR = PROJECT_ROOT / "seeds"  # raw documents + metadata sidecars, never edited
FACTS_DIR = PROJECT_ROOT / "facts"  # analyst-reviewed facts files (*.facts.yaml)
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
EXTRACTED_DIR = PROJECT_ROOT / "data" / "extracted"  # machine-extracted facts (derived layer)
REPORT_DIR = PROJECT_ROOT / "report"  # executed notebook, brief.html, brief.pdf, tables
TEMPLATES_DIR = PACKAGE_DIR / "brief" / "templates"
#: Tables derived from shipped data, kept between runs (:mod:`helpers.facts.cache`);
#: ``BRIEF_CACHE_DIR=""`` keeps none.
_CACHE = os.environ.get(
    "BRIEF_CACHE_DIR",
    os.path.join(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache", "analytic-brief"),
)
CACHE_DIR = Path(_CACHE).expanduser().absolute() if _CACHE else None

EXTRACT_NOTEBOOK = NOTEBOOKS_DIR / "01-extract-facts.ipynb"
BRIEF_NOTEBOOK = NOTEBOOKS_DIR / "10-render-brief.ipynb"
REVIEW_NOTEBOOK = NOTEBOOKS_DIR / "05-review-facts.ipynb"
REVIEW_SHEET = PROJECT_ROOT / "review" / "sheet.yaml"  # brief review's default sheet
BRIEF_TEMPLATE = "brief"  # nbconvert template name under TEMPLATES_DIR

#: Suffixes of the files that make up a seeds directory.
SEED_TEXT_SUFFIX = ".txt"
SEED_META_SUFFIX = ".meta.yaml"
FACTS_SUFFIX = ".facts.yaml"
