"""The words a machine fact stands on, in their sentence: what the sheet's comment and the
notebook's highlighted sentence both show.

A view is a list of segments ``(text, kind)``: ``context`` (the sentence around the quote),
``quote`` (the span's words) and ``word`` (the fact's own wordings inside the quote: its time
and place expressions, outcome wordings, hedge, claim verb, actor names)."""

from __future__ import annotations

import re
import textwrap
import unicodedata

#: Where a sentence ends: . ! ? (with closing quotes or brackets) before white space and a
#: capital (so "Nov. 14" does not end one), or a line break. Only for display: an abbreviation
#: before a name ("Gen. Smith") may still end a shown sentence early.
_END = re.compile(r"[.!?][\"'”’)\]]*(?=\s+[\"'“‘(\[]?[A-Z])|\n")
#: Most characters of context shown on each side of a quote.
CONTEXT = 300
#: Most spans shown per item.
MAX_SPANS = 3


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The stretch of ``text`` from the start of the sentence holding ``start`` to the end of the
    one holding ``end`` (at most :data:`CONTEXT` characters beyond the span on each side)."""
    lo, hi = max(0, start - CONTEXT), min(len(text), end + CONTEXT)
    begin = lo
    for match in _END.finditer(text, lo, start):
        begin = match.end()
    match = _END.search(text, max(start, end - 1), hi)
    finish = match.end() if match else hi
    while begin < start and text[begin].isspace():
        begin += 1
    return begin, max(finish, end)


def wordings(type_: str, fact: dict) -> list[str]:
    """The fact's own words, which must occur in its quotes."""
    found = []
    when = fact.get("when") or {}
    if type_ == "event":
        found += [when.get("expression"), (fact.get("location") or {}).get("expression")]
        found += [o.get("wording") for o in fact.get("outcomes", [])]
        found.append(fact.get("hedge"))
    elif type_ == "claim":
        found += [fact.get("verb"), when.get("expression")]
    elif type_ == "actor":
        found += fact.get("aliases", []) or [fact.get("name")]
    return [w for w in found if w]


def segments(text: str, span: dict, words: list[str]) -> list[tuple[str, str]]:
    """The sentence around ``span`` as ``(text, kind)`` segments (see the module's doc)."""
    start, end = span["start"], span["end"]
    begin, finish = sentence_bounds(text, start, end)
    marks = _marks(text[start:end], words)
    out = [(text[begin:start], "context")]
    at = start
    for a, b in marks:
        out += [(text[at : start + a], "quote"), (text[start + a : start + b], "word")]
        at = start + b
    out += [(text[at:end], "quote"), (text[end:finish], "context")]
    return [(piece, kind) for piece, kind in out if piece]


def _marks(quote: str, words: list[str]) -> list[tuple[int, int]]:
    """Where each word first occurs in ``quote`` (longest words first; no overlaps), sorted."""
    taken: list[tuple[int, int]] = []
    for word in sorted(set(words), key=lambda w: (-len(w), w)):
        at = quote.find(word)
        while at >= 0 and any(a < at + len(word) and at < b for a, b in taken):
            at = quote.find(word, at + 1)
        if at >= 0:
            taken.append((at, at + len(word)))
    return sorted(taken)


def views(texts: dict[str, str], type_: str, fact: dict) -> list[tuple[dict, list]]:
    """``(span, segments)`` for the first :data:`MAX_SPANS` spans of a fact."""
    words = wordings(type_, fact)
    return [
        (span, segments(texts[span["doc"]], span, words))
        for span in fact.get("spans", [])[:MAX_SPANS]
        if span["doc"] in texts
    ]


# --------------------------------------------------------------------------------------------
# As a YAML comment

#: How the sheet's comment marks a quote and the fact's words in it.
QUOTE_MARKS = ("[[", "]]")
WORD_MARKS = ("«", "»")


def comment_safe(text: str) -> str:
    """``text`` on one line that YAML keeps inside a comment: line breaks (YAML counts NEL,
    U+2028 and U+2029 as such) and tabs become spaces, control and format characters (bidi
    overrides, zero-width spaces) are written as ``\\uXXXX``."""
    out = []
    for c in text:
        if c in "\r\n\t\x85\u2028\u2029":
            out.append(" ")
        elif unicodedata.category(c) in ("Cc", "Cf", "Cs", "Co", "Cn") or c == "\ufeff":
            out.append(f"\\u{ord(c):04x}" if ord(c) <= 0xFFFF else f"\\U{ord(c):08x}")
        else:
            out.append(c)
    return "".join(out)


def as_comment(span: dict, parts: list[tuple[str, str]], width: int = 96) -> list[str]:
    """Comment lines (``#   ...``) showing one span in its sentence, the quote in ``[[ ]]`` and
    the fact's words in ``« »``."""
    shown = ""
    in_quote = False
    for piece, kind in parts:
        if kind != "context" and not in_quote:
            shown, in_quote = shown + QUOTE_MARKS[0], True
        if kind == "context" and in_quote:
            shown, in_quote = shown + QUOTE_MARKS[1], False
        piece = comment_safe(piece)
        shown += f"{WORD_MARKS[0]}{piece}{WORD_MARKS[1]}" if kind == "word" else piece
    if in_quote:
        shown += QUOTE_MARKS[1]
    head = f"{span['doc']} {span['start']}-{span['end']}: "
    lines = textwrap.wrap(
        head + shown,
        width=width,
        break_long_words=True,
        break_on_hyphens=False,
        drop_whitespace=True,
    )
    return [f"#   {line}" for line in lines]
