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
