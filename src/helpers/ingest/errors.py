"""The one error of the ingest stage."""

from __future__ import annotations


class IngestError(ValueError):
    """A source that cannot be added: ``str(err)`` is ``SOURCE: what is wrong``."""

    def __init__(self, source: str, message: str) -> None:
        self.source = str(source)
        self.message = message
        super().__init__(f"{self.source}: {message}")
