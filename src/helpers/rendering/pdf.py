"""The brief's PDF: WeasyPrint on the brief's HTML."""

from __future__ import annotations

import logging
from pathlib import Path

from .output import write_file


def to_pdf(html: str, output: Path) -> None:
    """Write the PDF of ``html`` to ``output`` (relative URLs resolve against its directory)."""
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    write_file(output, weasyprint.HTML(string=html, base_url=str(output.parent)).write_pdf())
