"""The actor table, the relation table and the relation graph.

Affiliations and designations are *derived from sourced relations* (``member-of``, ``part-of``,
``backs``, ``designates``), never typed into the actor record, so every affiliation the brief shows
can be traced to a quote.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from typing import TYPE_CHECKING

import pandas as pd

from ..facts.loading import Corpus
from ..facts.schema import When
from .timeline import cite

if TYPE_CHECKING:  # networkx is imported when a graph is built (the relation figure)
    import networkx as nx

ACTOR_COLUMNS = [
    "actor_id",
    "actor",
    "kind",
    "country",
    "named",
    "affiliations",
    "designations",
    "roles",
    "mentions",
    "first_seen",
    "last_seen",
    "focus",
    "sources",
]
RELATION_COLUMNS = [
    "relation_id",
    "subject",
    "predicate",
    "object",
    "status",
    "qualifier",
    "event_id",
    "focus",
    "sources",
    "quote",
]

_AFFILIATION = {"member-of": "member of", "part-of": "part of"}


def count_mentions(corpus: Corpus) -> Counter:
    """Mentions of each actor in the document texts.

    Every alias is matched as a whole word (case-sensitive); where aliases overlap, the longest
    match wins (``U.S. Central Command`` counts for CENTCOM, not for the United States).
    """
    alias_owner: dict[str, str] = {}
    for actor in corpus.facts.actors.values():
        for alias in actor.aliases:
            alias_owner.setdefault(alias, actor.id)
    counts: Counter = Counter({a: 0 for a in corpus.facts.actors})
    if not alias_owner:
        return counts
    pattern = re.compile(r"(?<!\w)" + _trie(sorted(alias_owner)))
    for doc in corpus.documents.values():
        for match in pattern.finditer(doc.text):
            counts[alias_owner[match.group(0)]] += 1
    return counts


def _trie(words: list[str]) -> str:
    """One regular expression matching any of ``words`` as a whole word (not followed by a word
    character), the longest where several start at one place. Built as a trie (shared prefixes
    written once) rather than 10,000 alternatives the engine would try one by one at every
    position of every text."""
    tree: dict = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}  # a word ends here

    def pattern(node: dict) -> str:
        branches = []
        for char in sorted(c for c in node if c):
            child, literal = node[char], re.escape(char)
            while len(child) == 1 and "" not in child:  # a chain of one letter each: a literal
                (char,) = child
                literal += re.escape(char)
                child = child[char]
            branches.append(literal + pattern(child))
        if "" in node:  # longer words first: ending here is the last resort
            branches.append(r"(?!\w)")
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return pattern(tree)


def _dated(when: When) -> tuple[str, str] | None:
    """(earliest, latest) ISO day strings of a value, or None when undated."""
    lo, hi = when.start or when.end, when.end or when.start
    if lo is None or hi is None:
        return None
    return lo[:10], hi[:10]


def actor_roles(corpus: Corpus) -> dict[str, Counter]:
    roles: dict[str, Counter] = defaultdict(Counter)
    for event in corpus.facts.events:
        for actor in event.initiators:
            roles[actor]["initiator"] += 1
        for actor in event.targets:
            roles[actor]["target"] += 1
        for actor in {v for o in event.outcomes for v in o.victims}:
            roles[actor]["casualties"] += 1
    for claim in corpus.facts.claims:
        if claim.speaker:
            roles[claim.speaker]["speaker"] += 1
    for relation in corpus.facts.relations:
        roles[relation.subject]["relation subject"] += 1
        roles[relation.object]["relation object"] += 1
    return roles


def build_actor_table(corpus: Corpus, focus_actor: str | None = None) -> pd.DataFrame:
    facts = corpus.facts
    names = {a.id: a.name for a in facts.actors.values()}
    mentions = count_mentions(corpus)
    roles = actor_roles(corpus)

    affiliations: dict[str, list[str]] = defaultdict(list)
    designations: dict[str, list[str]] = defaultdict(list)
    for rel in facts.relations:
        hedge = "" if rel.status == "reported" else f" ({rel.status})"
        if rel.predicate in _AFFILIATION:
            affiliations[rel.subject].append(
                f"{_AFFILIATION[rel.predicate]} {names[rel.object]}{hedge}"
            )
        elif rel.predicate == "backs":
            affiliations[rel.object].append(f"backed by {names[rel.subject]}{hedge}")
        elif rel.predicate == "designates":
            label = f"designated by {names[rel.subject]}"
            designations[rel.object].append(f"{label}: {rel.qualifier}" if rel.qualifier else label)

    seen: dict[str, list[str]] = defaultdict(list)
    for event in facts.events:
        span = _dated(event.when)
        if span is None:
            continue
        involved = {
            *event.initiators,
            *event.targets,
            *(v for o in event.outcomes for v in o.victims),
        }
        for actor in involved:
            seen[actor] += list(span)
    for claim in facts.claims:
        span = _dated(claim.when)
        if claim.speaker and span is not None:
            seen[claim.speaker] += list(span)

    rows = []
    for actor in sorted(facts.actors.values(), key=lambda a: (-mentions[a.id], a.name)):
        role_counts = roles.get(actor.id, Counter())
        rows.append(
            {
                "actor_id": actor.id,
                "actor": actor.name,
                "kind": actor.kind,
                "country": actor.country or "",
                "named": actor.named,
                "affiliations": "; ".join(affiliations[actor.id]),
                "designations": "; ".join(designations[actor.id]),
                "roles": "; ".join(f"{r} ×{n}" for r, n in sorted(role_counts.items())),
                "mentions": mentions[actor.id],
                "first_seen": min(seen[actor.id]) if seen[actor.id] else "",
                "last_seen": max(seen[actor.id]) if seen[actor.id] else "",
                "focus": actor.id == focus_actor,
                "sources": cite(actor.spans),
            }
        )
    return pd.DataFrame(rows, columns=ACTOR_COLUMNS)


def build_relation_table(corpus: Corpus, focus_actor: str | None = None) -> pd.DataFrame:
    names = {a.id: a.name for a in corpus.facts.actors.values()}
    rows = [
        {
            "relation_id": rel.id,
            "subject": names[rel.subject],
            "predicate": rel.predicate,
            "object": names[rel.object],
            "status": rel.status,
            "qualifier": rel.qualifier or "",
            "event_id": rel.event or "",
            "focus": focus_actor in (rel.subject, rel.object),
            "sources": cite(rel.spans),
            "quote": rel.spans[0].quote,
        }
        for rel in corpus.facts.relations
    ]
    return pd.DataFrame(rows, columns=RELATION_COLUMNS)


def relation_graph(corpus: Corpus) -> nx.MultiDiGraph:
    """Actors as nodes, relations as labelled directed edges (one edge per relation)."""
    import networkx as nx

    graph = nx.MultiDiGraph()
    for actor in sorted(corpus.facts.actors.values(), key=lambda a: a.id):
        graph.add_node(actor.id, name=actor.name, kind=actor.kind)
    for rel in corpus.facts.relations:
        graph.add_edge(
            rel.subject, rel.object, key=rel.id, predicate=rel.predicate, status=rel.status
        )
    return graph
