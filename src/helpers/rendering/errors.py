"""The render stage's error, in a module of its own so that every step can raise it."""

from __future__ import annotations


class RenderError(RuntimeError):
    """The notebook or a renderer failed; the previous brief was left in place."""
