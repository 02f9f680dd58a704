"""The actor graph as GraphML and GEXF (networkx): actors are nodes; every relation, and every
event from each initiator to each target, is an edge (``edge_type`` relation or event), keyed by
the fact's id, with the quote that supports it. Opens in Gephi, yEd, Cytoscape."""

from __future__ import annotations

import io

import networkx as nx

from ..brief.build import Brief
from ..facts.schema import Span
from . import common
from .acled import Coder


def _attrs(**values) -> dict:
    """GraphML and GEXF hold no None: absent values are left out; text is made XML-safe."""
    return {k: common.xml_text(v) for k, v in values.items() if v is not None}


def _quote(spans: list[Span]) -> dict:
    span = spans[0]
    return {"quote": span.quote, "doc": span.doc, "quote_start": span.start, "quote_end": span.end}


def build_graph(brief: Brief) -> nx.MultiDiGraph:
    """Nodes in actor-id order, edges in fact order: the same facts give the same graph."""
    coder = Coder(brief)
    graph = nx.MultiDiGraph(name=common.xml_text(brief.params.title), as_of=brief.as_of.isoformat())
    for actor in common.actors(brief):
        entry = coder.entry(actor.id)
        graph.add_node(
            actor.id,
            **_attrs(
                label=actor.name, kind=actor.kind, country=actor.country, named=actor.named,
                description=actor.description, acled_inter=coder.inter(actor.id),
                cameo=entry.cameo if entry else None, **_quote(actor.spans),
            ),
        )  # fmt: skip
    for r in brief.facts.relations:
        graph.add_edge(
            r.subject, r.object, key=r.id,
            **_attrs(
                label=r.predicate, edge_type="relation", status=r.status, qualifier=r.qualifier,
                event=r.event, **_quote(r.spans), **common.confidence_fields(brief, r),
            ),
        )  # fmt: skip
    for event in common.window_events(brief):
        for i in event.initiators:
            for t in event.targets:
                graph.add_edge(
                    i, t, key=f"{event.id}:{i}:{t}",
                    **_attrs(
                        label=event.kind, edge_type="event", status=event.status,
                        event=event.id, summary=event.summary, date=event.when.start,
                        precision=event.when.precision, **_quote(event.spans),
                        **common.confidence_fields(brief, event),
                    ),
                )  # fmt: skip
    return graph


def graphml(graph: nx.MultiDiGraph) -> bytes:
    out = io.BytesIO()
    nx.write_graphml(graph, out, encoding="utf-8", prettyprint=True, named_key_ids=True)
    return out.getvalue()


def gexf(graph: nx.MultiDiGraph, date: str) -> bytes:
    """GEXF 1.2 with ``lastmodifieddate`` set to ``date`` (networkx writes today's date)."""
    writer = nx.readwrite.gexf.GEXFWriter(version="1.2draft")
    writer.xml.find("meta").set("lastmodifieddate", date)
    writer.add_graph(graph)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def render(brief: Brief, name: str = "graphml") -> dict[str, bytes]:
    graph = build_graph(brief)
    if name == "gexf":
        return {"actors.gexf": gexf(graph, brief.as_of.isoformat())}
    return {"actors.graphml": graphml(graph)}
