"""The plain-dict graph the checks and the findings use answers as networkx did before it."""

from __future__ import annotations

import networkx as nx
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.design import bundled
from playground.design.graph import call_cycle, descendants, design_graph, links
from playground.design.load import load_design
from playground.design.model import Design

IDS = ["a", "b", "c", "d", "e", "f"]

# Components in any order, duplicate ids, calls to themselves, to nobody, twice to one id, and
# replicas whose database also calls them: every way the two graphs could part.
component = st.builds(
    lambda cid, kind, calls, of: {"id": cid, "kind": kind, "calls": calls}
    | ({"of": of} if kind == "replica" else {}),
    st.sampled_from(IDS),
    st.sampled_from(["service", "database", "replica"]),
    st.lists(st.sampled_from([*IDS, "zz"]), max_size=4),
    st.sampled_from([*IDS, "zz"]),
)
designs = st.lists(component, max_size=8).map(
    lambda cs: Design.model_validate({"name": "g", "entry": "a", "components": cs})
)


def networkx_cycle(design: Design) -> list[str]:
    """What the checks named before, with networkx."""
    g = design_graph(design)
    calls = nx.DiGraph((a, b) for a, b, data in g.edges(data=True) if not data["replicates"])
    try:
        cycle = nx.find_cycle(calls)
    except nx.NetworkXNoCycle:
        return []
    return [a for a, _ in cycle] + [cycle[0][0]]


@settings(max_examples=400, deadline=None)
@given(designs)
def test_links_cycle_and_descendants_match_networkx(design):
    graph = links(design)
    g = design_graph(design)
    assert [(a, b, r) for a, to in graph.items() for b, r in to.items()] == [
        (a, b, d["replicates"]) for a, b, d in g.edges(data=True)
    ]
    assert call_cycle(graph) == networkx_cycle(design)
    for cid in [*IDS, "zz"]:
        assert descendants(graph, cid) == (nx.descendants(g, cid) if cid in g else set())


def test_shipped_designs_have_the_same_links_as_their_networkx_graph():
    for path in bundled.design_files():
        design = load_design(path).model
        graph = links(design)
        assert [(a, b) for a, to in graph.items() for b in to] == list(design_graph(design).edges())
        assert call_cycle(graph) == []
