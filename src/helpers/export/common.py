"""What every export shares: the brief's selection (documents, facts, events in its window), the
fixed timestamp and ids derived from the inputs, deterministic JSON, and text safe for XML."""

from __future__ import annotations

import json
import re
import uuid
from typing import Any

from ..brief.build import Brief
from ..facts.loading import SourceDoc
from ..facts.schema import Actor, Event, Span

#: The namespace of every UUID an export derives from a fact id (uuid5: same id, same UUID).
NAMESPACE = uuid.UUID("6b1f3c1e-2f4a-5d7e-9a0b-4c3d2e1f0a9b")

#: Characters XML 1.0 cannot carry (C0 controls but tab, LF and CR; lone surrogates; U+FFFE/F).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def timestamp(brief: Brief) -> str:
    """The one timestamp an export carries: midnight UTC of the brief's as-of date (derived
    from the inputs, never the clock)."""
    return f"{brief.as_of.isoformat()}T00:00:00Z"


def stable_uuid(*parts: str) -> str:
    """A UUID derived from ``parts`` (a fact id and what it is): the same on every run."""
    return str(uuid.uuid5(NAMESPACE, "\x1f".join(parts)))


def documents(brief: Brief) -> list[SourceDoc]:
    return [brief.corpus.documents[d] for d in sorted(brief.corpus.documents)]


def actors(brief: Brief) -> list[Actor]:
    return sorted(brief.facts.actors.values(), key=lambda a: a.id)


def window_events(brief: Brief) -> list[Event]:
    """The events the brief's timeline lists (its window), in time order."""
    return brief.events_in_window()


def name_of(brief: Brief, actor_id: str | None) -> str:
    if actor_id is None:
        return ""
    return brief.names().get(actor_id, actor_id)


def first_span(spans: list[Span]) -> Span | None:
    return spans[0] if spans else None


def xml_text(value: Any) -> Any:
    """A string with the characters XML cannot hold replaced by U+FFFD; other values as given."""
    return _NOT_XML.sub("\ufffd", value) if isinstance(value, str) else value


def dumps(data: Any) -> bytes:
    """JSON with sorted keys, two-space indent, UTF-8 (not \\u-escaped), one final newline."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, indent=2, allow_nan=False)
    return (text + "\n").encode("utf-8")


def needs_review(brief: Brief, item: Any) -> bool:
    """A machine-extracted fact below the brief's ``review_below``: the brief lists it under
    "Needs review" instead of its bottom line and key facts (``Brief.needs_review``; relations,
    which the brief does not rank, by the same threshold)."""
    confidence = getattr(item, "confidence", None)
    return confidence is not None and confidence < brief.params.review_below


def confidence_text(brief: Brief, item: Any) -> str:
    """A machine fact's confidence in words, with its basis and whether it needs review; empty
    for an analyst's fact."""
    confidence = getattr(item, "confidence", None)
    if confidence is None:
        return ""
    text = f"machine-extracted, {confidence:.0%} likely right"
    basis = getattr(item, "confidence_basis", None)
    if basis:
        text += f" ({basis})"
    if needs_review(brief, item):
        text += f"; needs review (below {brief.params.review_below:.0%})"
    return text


def confidence_fields(brief: Brief, item: Any) -> dict[str, Any]:
    """``confidence``, ``confidence_basis`` and ``needs_review`` of a machine fact, for formats
    with named fields (GraphML, GEXF, GeoJSON); nothing for an analyst's fact."""
    confidence = getattr(item, "confidence", None)
    if confidence is None:
        return {}
    return {
        "confidence": confidence,
        "confidence_basis": getattr(item, "confidence_basis", None) or "",
        "needs_review": needs_review(brief, item),
    }


def sentence(text: str) -> str:
    """``text`` with its first letter capital and a final full stop (the rest as it is)."""
    if not text:
        return text
    return text[0].upper() + text[1:] + ("" if text.endswith(".") else ".")
