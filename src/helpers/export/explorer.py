"""``explorer.html``: the explorer page (:mod:`helpers.brief.explorer`) as an export, for
``brief export --to explorer`` (``brief render`` writes the same page beside the brief)."""

from __future__ import annotations

from ..brief.build import Brief
from ..brief.explorer import render_explorer


def render(brief: Brief) -> dict[str, bytes]:
    return {"explorer.html": render_explorer(brief)}
