"""Text as the brief shows it: characters that would hide or reorder text are written out, and
long unbroken runs get invisible line-break opportunities."""

from __future__ import annotations

import re
import unicodedata

from markupsafe import Markup, escape

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


#: Longest run of characters without a break opportunity that the brief prints as it is. A
#: longer run (a name, a title or a source's text without spaces) gets an invisible line-break
#: opportunity (``<wbr>``) after every BREAK_EVERY characters: without one, laying the run out
#: into lines costs the PDF engine time that grows faster than its length (a 20,000-character
#: actor name took minutes).
BREAK_EVERY = 40
UNBROKEN = re.compile(rf"\S{{{BREAK_EVERY + 1},}}")
WBR = Markup("<wbr>")
#: Characters a break must not go before: they join the character before them (combining
#: marks are found by category; these are the joiners, variation selectors, emoji modifiers and
#: tags).
JOINING = re.compile("[\u200c\u200d\ufe00-\ufe0f\U0001f3fb-\U0001f3ff\U000e0000-\U000e01ef]")


def _joins(run: str, i: int) -> bool:
    """Whether a break before ``run[i]`` would split what the reader sees as one character."""
    ch = run[i]
    return (
        unicodedata.category(ch).startswith("M")
        or JOINING.match(ch) is not None
        or run[i - 1] == "\u200d"
    )


def _pieces(run: str) -> list[str]:
    """``run`` cut after every BREAK_EVERY characters, each cut moved on past joining ones."""
    pieces, start = [], 0
    while len(run) - start > BREAK_EVERY:
        cut = start + BREAK_EVERY
        while cut < len(run) and _joins(run, cut):
            cut += 1
        pieces.append(run[start:cut])
        start = cut
    pieces.append(run[start:])
    return [p for p in pieces if p]


def breakable(value: object) -> Markup:
    """``value`` as :func:`visible` shows it, HTML-escaped, with an invisible ``<wbr>`` after
    every :data:`BREAK_EVERY` characters of a run longer than that: the sections' templates
    apply it (``{{ name | breakable }}``) to the reader-facing text that comes from the inputs
    (titles, names, summaries, quotes, the source texts). Every character is escaped (the run is
    cut first, so that no cut falls inside an entity, then each piece is escaped); the only
    markup added is ``<wbr>``, which a reader neither sees nor copies, and text with no long run
    comes out as autoescape would print it. ``Markup`` (a macro's output) is returned as it is;
    ``None`` prints nothing, as the Environment's finalize has it."""
    if isinstance(value, Markup):
        return value
    text = "" if value is None else visible(str(value))
    out, at = [], 0
    for m in UNBROKEN.finditer(text):
        out.append(escape(text[at : m.start()]))
        out.append(WBR.join(escape(piece) for piece in _pieces(m.group())))
        at = m.end()
    out.append(escape(text[at:]))
    return Markup("").join(out)


def plural(word: str) -> str:
    """English plural of a noun of the brief or a free-text event kind: "clash" -> "clashes";
    "talks" and "hostilities" are plural already."""
    if word.endswith("s"):
        return word
    if word.endswith(("sh", "ch", "x", "z")):
        return word + "es"
    return word + "s"


def capital(text: str) -> str:
    """``text`` with its first character upper-cased, the rest as written."""
    return text[:1].upper() + text[1:]
