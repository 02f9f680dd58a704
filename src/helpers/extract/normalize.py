"""Text normalisation that keeps every offset into the original text.

Scraped news text arrives with a byte-order mark, CRLF line ends, non-breaking and thin spaces,
curly quotes, zero-width characters and HTML entities left in. Extraction works on a normalised
copy; every span it finds is mapped back to the original text through :meth:`Normalized.span`, so
quotes in facts files are always the source's own characters.

Entities are decoded one level (``&amp;amp;`` becomes ``&amp;``), as a browser would.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass

_CHARS = {
    "\ufeff": "",  # byte-order mark
    "\u200b": "",  # zero-width space
    "\u200c": "",
    "\u200d": "",
    "\u2060": "",
    "\u00ad": "",  # soft hyphen
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u2002": " ",
    "\u2003": " ",
    "\u2018": "'",
    "\u2019": "'",
    "\u02bc": "'",
    "\u201a": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u2013": "-",  # en dash
    "\u2014": " - ",  # em dash: keep words apart
    "\u2212": "-",
}
# One alternation, tried left to right: CRLF first, then entities, then single characters
# (a lone surrogate, which no tokenizer can encode, becomes U+FFFD: same length, offsets hold).
_PATTERN = re.compile(
    r"\r\n|\r|&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});|["
    + "".join(_CHARS)
    + "\ud800-\udfff]"
)


@dataclass(frozen=True)
class Normalized:
    original: str
    text: str
    offsets: tuple[
        int, ...
    ]  # offsets[i] = original index of text[i]; offsets[len(text)] = len(original)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Original (start, end) of the normalised ``text[start:end]``."""
        return self.offsets[start], self.offsets[end]

    def quote(self, start: int, end: int) -> str:
        a, b = self.span(start, end)
        return self.original[a:b]


def _replacement(token: str) -> str:
    if token in ("\r\n", "\r"):
        return "\n"
    if "\ud800" <= token <= "\udfff":
        return "\ufffd"
    if token.startswith("&"):
        decoded = html.unescape(token)
        if decoded == token:
            return token
        decoded = decoded.replace("\r\n", "\n").replace("\r", "\n")  # "&#13;" is a CR too
        return "".join(_CHARS.get(c, c) for c in decoded)
    return _CHARS[token]


def normalize(text: str) -> Normalized:
    out: list[str] = []
    offsets: list[int] = []
    last = 0
    for match in _PATTERN.finditer(text):
        chunk = text[last : match.start()]
        out.append(chunk)
        offsets.extend(range(last, match.start()))
        replacement = _replacement(match.group(0))
        out.append(replacement)
        offsets.extend([match.start()] * len(replacement))
        last = match.end()
    out.append(text[last:])
    offsets.extend(range(last, len(text)))
    offsets.append(len(text))
    return Normalized(text, "".join(out), tuple(offsets))
