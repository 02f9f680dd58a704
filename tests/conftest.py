"""Shared fixtures: copies of the project's inputs to break, and small helpers."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
import yaml

from helpers import config

FIXTURES = Path(__file__).parent / "fixtures"
#: Headless Chromium for what a browser shows (installed by scripts/install-test-deps.sh).
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
SEED_ID = "000_30fe353d1ee95435"
FACTS_NAME = f"{SEED_ID}.facts.yaml"


#: Python for a test's subprocess script, run before a module's ``_step`` hook is set to
#: ``step``: it counts the steps and SIGKILLs the process before step number ``kill_at`` (-1:
#: never), printing each step it lets through. The script defines ``kill_at`` and imports
#: ``os`` and ``signal`` first.
SIGKILL_AT_STEP = """steps = []

def step(what):
    if len(steps) == kill_at:
        os.kill(os.getpid(), signal.SIGKILL)
    steps.append(what)
    print(what, flush=True)
"""


@pytest.fixture
def workspace(tmp_path: Path) -> tuple[Path, Path]:
    """A private copy of seeds/ and facts/ that a test may edit."""
    seeds, facts = tmp_path / "seeds", tmp_path / "facts"
    shutil.copytree(config.SEEDS_DIR, seeds)
    shutil.copytree(config.FACTS_DIR, facts)
    return seeds, facts


def replace_in(path: Path, old: str, new: str) -> int:
    """Replace the first ``old`` in ``path``; return the 1-based line where it was."""
    text = path.read_text(encoding="utf-8")
    at = text.index(old)
    path.write_text(text[:at] + new + text[at + len(old) :], encoding="utf-8")
    return text.count("\n", 0, at) + 1


def line_of(path: Path, needle: str, after: str = "") -> int:
    text = path.read_text(encoding="utf-8")
    start = text.index(after) if after else 0
    return text.count("\n", 0, text.index(needle, start)) + 1


def write_seeds(seeds: Path, texts: dict[str, str], published: str, timezone: str) -> Path:
    """Seed texts written for a test, each with a minimal sidecar ("Report <id>"); ``seeds``."""
    seeds.mkdir()
    for doc_id, text in texts.items():
        (seeds / f"{doc_id}.txt").write_text(text, encoding="utf-8")
        meta = {
            "id": doc_id,
            "title": f"Report {doc_id}",
            "published": published,
            "timezone": timezone,
            "language": "en",
        }
        (seeds / f"{doc_id}.meta.yaml").write_text(yaml.safe_dump(meta), encoding="utf-8")
    return seeds


@pytest.fixture(scope="module")
def browser():
    """Headless Chromium driven over the DevTools protocol (``benchmarks/csp_check.py``'s
    driver), one per test module; missing, it fails in CI and skips elsewhere."""
    if CHROMIUM is None:
        if os.environ.get("CI"):
            pytest.fail("no chromium on PATH in CI (scripts/install-test-deps.sh installs it)")
        pytest.skip("no chromium on PATH (`make test` installs it: scripts/install-test-deps.sh)")
    sys.path.insert(0, str(config.PROJECT_ROOT / "benchmarks"))
    from csp_check import Chromium

    chrome = Chromium(CHROMIUM)
    yield chrome
    chrome.close()
