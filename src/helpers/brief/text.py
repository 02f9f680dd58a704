"""Text as the brief shows it: characters that would hide or reorder text are written out."""

from __future__ import annotations

import re

#: Characters that are invisible or act on the text around them: C0 controls (but tab, line feed
#: and carriage return), DEL and C1 controls, and the bidirectional embeddings, overrides and
#: isolates (a right-to-left override would show a quote's words in another order). HTML forbids
#: the controls, XML (the SVG figures) refuses them, and the PDF's text layer garbles them.
HIDDEN = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def visible(text: str) -> str:
    """``text`` with each :data:`HIDDEN` character written out as ``[U+XXXX]``: what the source
    holds is shown, not acted on. The sections' Jinja environment
    (:data:`helpers.brief.sections.ENV`) applies it to every value its templates print; the brief
    template does the same for ``<title>``."""
    return HIDDEN.sub(lambda m: f"[U+{ord(m.group()):04X}]", text)
