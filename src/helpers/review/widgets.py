"""Verdict widgets for the review notebook (JupyterLab with ipywidgets, the ``lab`` extra): one
row per item, a choice of verdict and a box for a correction, and a button that records them
all into the sheet through :func:`helpers.review.record` (the same bytes as the CLI)."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as w
import yaml

from .sheet import Sheet, parse_cli_verdict, record

NONE = "(no verdict)"


def verdict_widgets(path: Path | str, sheet: Sheet) -> w.Widget:
    """The widgets recording verdicts on ``sheet``'s items into the file at ``path``."""
    rows, choices = [], {}
    for n, item in enumerate(sheet.items, 1):
        choice = w.ToggleButtons(
            options=[NONE, "accept", "reject", "correct"], value=item.verdict or NONE
        )
        fix = w.Textarea(
            value=yaml.safe_dump(item.correct, sort_keys=False) if item.correct else "",
            placeholder="with correct: the fields to change, as YAML, e.g. location: {...}",
            layout=w.Layout(width="100%"),
        )
        choices[item.ref] = (choice, fix)
        rows.append(
            w.VBox([w.HTML(f"<b>{n}.</b> {item.type} <code>{item.ref}</code>"), choice, fix])
        )
    who = w.Text(value=sheet.reviewed_by or "", description="Reviewed by")
    save, out = w.Button(description="Record verdicts", button_style="primary"), w.Output()

    def verdicts() -> dict:
        chosen = {}
        for ref, (choice, fix) in choices.items():
            if choice.value == "correct":
                chosen[ref] = {"correct": parse_cli_verdict(fix.value) or {}}
            else:
                chosen[ref] = None if choice.value == NONE else choice.value
        return chosen

    def on_save(_button) -> None:
        with out:
            out.clear_output()
            try:
                done = record(path, verdicts(), who.value.strip() or None)
            except ValueError as exc:  # a correction that is not YAML, a field not correctable
                print(f"not recorded: {exc}")
            else:
                print(f"recorded {sum(1 for i in done.items if i.verdict)} verdict(s) in {path}")

    save.on_click(on_save)
    return w.VBox([*rows, who, save, out])
