"""The brief's PDF: Typst (:mod:`.typst_pdf`) on the brief's HTML (the default), or WeasyPrint
on the same HTML (``pdf_engine="weasyprint"``)."""

from __future__ import annotations

import logging
from pathlib import Path

from .output import write_file

#: The PDF engines, the default first.
PDF_ENGINES = ("typst", "weasyprint")


def load(engine: str = PDF_ENGINES[0]) -> None:
    """Import ``engine`` ahead of :func:`to_pdf` (the renderer does it while the kernel runs)."""
    if engine == "typst":
        from .typst_pdf import load as load_typst

        load_typst()
    else:
        import weasyprint  # noqa: F401


def to_pdf(html: str, output: Path, engine: str = PDF_ENGINES[0]) -> None:
    """Write the PDF of ``html`` to ``output`` (relative URLs resolve against its directory)."""
    if engine == "typst":
        from .typst_pdf import to_pdf as typst_pdf

        typst_pdf(html, output)
        return
    import weasyprint

    logging.getLogger("weasyprint").setLevel(logging.ERROR)
    logging.getLogger("fontTools").setLevel(logging.ERROR)
    write_file(output, weasyprint.HTML(string=html, base_url=str(output.parent)).write_pdf())
