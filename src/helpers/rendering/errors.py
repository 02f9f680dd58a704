"""The render stage's errors, in a module of their own so that every step can raise them."""

from __future__ import annotations


class RenderError(RuntimeError):
    """The notebook or a renderer failed; the previous brief was left in place."""


class OutputBusyError(RenderError):
    """Another render holds the output directory's lock: this one stopped before it started."""
