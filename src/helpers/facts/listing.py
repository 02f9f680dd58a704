""" "Did you mean" for an unknown id in a message (``difflib``; long lists in messages are cut by
:func:`helpers.facts.loading.listed`)."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Mapping

#: How alike (difflib's ratio, 0-1) a known id must be to an unknown one to be suggested.
CUTOFF = 0.6


def did_you_mean(asked: str, known: Iterable[str] | Mapping[str, str]) -> str | None:
    """The known id closest to ``asked``, or None. ``known`` is ids, or a mapping of each id to
    its name (an id is then also found by a name close to ``asked``, or by the shortest name
    holding it)."""
    names = (
        {k: _name(k, v) for k, v in known.items()}
        if isinstance(known, Mapping)
        else {k: k for k in known}
    )
    ids = sorted(names)
    close = _closest(asked, ids)
    if close is not None:
        return close
    by_name: dict[str, str] = {}
    for i in ids:
        by_name.setdefault(names[i].casefold(), i)
    close = _closest(asked.casefold(), sorted(by_name))
    if close is not None:
        return by_name[close]
    held = [i for i in ids if len(asked) >= 3 and asked.casefold() in names[i].casefold()]
    return min(held, key=lambda i: (len(names[i]), i)) if held else None  # the plainest name


def _name(key: str, value: object) -> str:
    """An item's name: the value itself, its ``name`` (an actor), else its id (a merge may pass
    ids with any record, e.g. where an item came from)."""
    if isinstance(value, str):
        return value
    name = getattr(value, "name", None)
    return name if isinstance(name, str) else key


def _closest(word: str, candidates: list[str]) -> str | None:
    """The candidate most like ``word`` (difflib's ratio, at least :data:`CUTOFF`); of equally
    like ones the first in sorted order, so that the answer does not depend on the order given."""
    matcher = difflib.SequenceMatcher()
    matcher.set_seq2(word)
    best: tuple[float, str] | None = None
    for candidate in candidates:
        matcher.set_seq1(candidate)
        floor = best[0] if best else CUTOFF
        if matcher.real_quick_ratio() < floor or matcher.quick_ratio() < floor:
            continue
        ratio = matcher.ratio()
        if ratio >= floor and (best is None or (-ratio, candidate) < (-best[0], best[1])):
            best = (ratio, candidate)
    return best[1] if best else None


def suggestion(asked: str, known: Iterable[str] | Mapping[str, str]) -> str:
    """``; did you mean 'kh'?`` to end a message with, or the empty string."""
    near = did_you_mean(asked, known)
    return f"; did you mean {near!r}?" if near is not None else ""
