"""The design as a directed graph: who calls whom (and which database a replica copies)."""

from __future__ import annotations

import networkx as nx

from playground.design.components import Replica
from playground.design.model import Design


def design_graph(design: Design) -> nx.DiGraph:
    """Nodes are component ids (attribute `kind`); an edge a -> b means a calls b (attribute
    `ops`, None for every operation) or, with `replicates=True`, b is a replica of database a."""
    g = nx.DiGraph()
    known = set(design.ids)
    for c in design.components:
        g.add_node(c.id, kind=c.kind)
    for c in design.components:
        for call in c.calls:
            if call.to in known:
                g.add_edge(c.id, call.to, ops=call.ops, replicates=False)
        if isinstance(c, Replica) and c.of in known:
            g.add_edge(c.of, c.id, ops=None, replicates=True)
    return g


def layers(design: Design) -> list[list[str]]:
    """Components in columns, left to right from the entry: the longest call path to each.

    Components that no traffic reaches come last, in a column of their own.
    """
    g = design_graph(design)
    calls = nx.DiGraph((a, b) for a, b, d in g.edges(data=True) if not d["replicates"])
    calls.add_nodes_from(g.nodes)
    order = {c: i for i, c in enumerate(design.ids)}
    depth: dict[str, int] = {}
    if design.entry in g and nx.is_directed_acyclic_graph(calls):
        reach = nx.descendants(calls, design.entry) | {design.entry}
        for node in nx.topological_sort(calls.subgraph(reach)):
            preds = [p for p in calls.predecessors(node) if p in depth]
            depth[node] = max((depth[p] + 1 for p in preds), default=0)
    else:
        for node, d in nx.single_source_shortest_path_length(calls, design.entry).items() if design.entry in g else []:
            depth[node] = d
    for a, b, d in g.edges(data=True):  # a replica sits one column right of its database
        if d["replicates"] and a in depth and b not in depth:
            depth[b] = depth[a] + 1
    last = max(depth.values(), default=-1) + 1
    columns: list[list[str]] = [[] for _ in range(last + 1)]
    for c in design.ids:
        columns[depth.get(c, last)].append(c)
    for col in columns:
        col.sort(key=order.__getitem__)
    return [col for col in columns if col]
