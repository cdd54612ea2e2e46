"""The design as a directed graph: who calls whom (and which database a replica copies).

Two forms of the one graph. `links` is plain dicts, for what runs on every load and every
score (the checks, the findings): importing networkx takes ~0.16 s, which every start of
`playground` would pay. `design_graph` is the networkx graph, for laying out diagrams; it
imports networkx when first called.
"""

from __future__ import annotations

from graphlib import CycleError, TopologicalSorter
from typing import TYPE_CHECKING

from playground.design.model import Design

if TYPE_CHECKING:
    import networkx as nx

Links = dict[str, dict[str, bool]]
"""Component id -> the ids it links to -> whether the link is a replica's (b copies database a)
rather than a call."""


def links(design: Design) -> Links:
    """The edges of `design_graph`, in its order (nodes as listed, each one's links in the order
    first made), without networkx."""
    known = set(design.ids)
    out: Links = {c.id: {} for c in design.components}
    for c in design.components:
        for call in c.calls:
            if call.to in known:
                out[c.id][call.to] = False
        for name in c.refers:  # b copies a: drawn as a's link to b
            if getattr(c, name) in known:
                out[getattr(c, name)][c.id] = True
    return out


def descendants(graph: Links, source: str) -> set[str]:
    """Every id reachable from `source`, not `source` itself (as networkx's `descendants`)."""
    seen: set[str] = set()
    todo = [source]
    while todo:
        for b in graph.get(todo.pop(), ()):
            if b not in seen and b != source:
                seen.add(b)
                todo.append(b)
    return seen


def call_cycle(graph: Links) -> list[str]:
    """A cycle of calls as `[a, b, ..., a]`, or `[]`: the one networkx's `find_cycle` named.

    That is the first cycle a depth-first walk meets, starting from each component in the
    design's order and following its calls in their order: graphlib's walk, given them so.
    """
    sorter: TopologicalSorter[str] = TopologicalSorter()
    for a in graph:
        sorter.add(a)
    for a, to in graph.items():
        for b, replica in to.items():
            if not replica:
                sorter.add(b, a)  # b after a: a's successors are the ids it calls, in order
    try:
        sorter.prepare()
    except CycleError as e:
        return list(e.args[1])
    return []


def design_graph(design: Design) -> nx.DiGraph:
    """Nodes are component ids (attribute `kind`); an edge a -> b means a calls b (attribute
    `ops`, None for every operation) or, with `replicates=True`, b is a replica of database a."""
    import networkx as nx  # here, not at the top: only diagrams pay for it

    g = nx.DiGraph()
    known = set(design.ids)
    for c in design.components:
        g.add_node(c.id, kind=c.kind)
    for c in design.components:
        for call in c.calls:
            if call.to in known:
                g.add_edge(c.id, call.to, ops=call.ops, replicates=False)
        for name in c.refers:
            if getattr(c, name) in known:
                g.add_edge(getattr(c, name), c.id, ops=None, replicates=True)
    return g


def layers(design: Design) -> list[list[str]]:
    """Components in columns, left to right from the entry: the longest call path to each.

    Components that no traffic reaches come last, in a column of their own.
    """
    import networkx as nx

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
