"""Checks a schema cannot make: names that must refer to something, and the shape of the graph."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from playground.design.graph import call_cycle, descendants, links
from playground.design.messages import near_miss
from playground.design.model import Design

Finding = tuple[tuple[Any, ...], str, str | None, str]  # path, message, hint, severity


def check_design(design: Design, given: frozenset[str] = frozenset()) -> list[Finding]:
    """Every problem of the design's graph; `given`: ids of parts a challenge's world provides,
    which the design may call without defining."""
    return list(_findings(design, given))


def _findings(d: Design, given: frozenset[str]) -> Iterator[Finding]:
    ids = d.ids
    first: dict[str, int] = {}
    for i, c in enumerate(d.components):
        if c.id in first:
            yield (("components", i, "id"), f"id {c.id!r} is already used by components[{first[c.id]}]",
                   "every component needs its own id", "error")
        first.setdefault(c.id, i)
    known = set(ids)

    if d.entry is None:
        hint = f"for example entry: {ids[0]}" if ids else "add a component, then name it here"
        yield ((), "the design has no entry: which component does outside traffic reach first?", hint, "error")
    elif d.entry not in known:
        yield (("entry",), f"no component is called {d.entry!r}", near_miss(d.entry, ids), "error")

    by_id = {c.id: c for c in d.components}
    for i, c in enumerate(d.components):
        for j, call in enumerate(c.calls):
            if call.to not in known and call.to not in given:
                near = near_miss(call.to, [*ids, *given]) or (
                    None if given else "a part a challenge gives is known when the design is checked with it")
                yield (("components", i, "calls", j, "to"), f"no component is called {call.to!r}", near, "error")
            elif call.to == c.id:
                yield (("components", i, "calls", j, "to"), f"{c.id} calls itself", None, "error")
        for name, kind in c.refers.items():
            other: str = getattr(c, name)
            target = by_id.get(other)
            if target is None and other in given:
                continue  # a part the world gives: its kind is the world's to say
            if target is None:
                yield (("components", i, name), f"no component is called {other!r}", near_miss(other, ids), "error")
            elif target.kind != kind:
                yield (("components", i, name), f"{other!r} is a {target.kind}, not a {kind}",
                       f"a {c.kind} names a {kind} here", "error")
        for where, problem, advice, severity in c.checks(d):
            yield ("components", i, *where), problem, advice, severity

    graph = links(d)
    cycle = call_cycle(graph)
    if cycle:
        i = ids.index(cycle[0])
        yield (("components", i, "calls"), f"call cycle {' -> '.join(cycle)} would recurse forever",
               None, "error")

    if d.entry in known:
        reached = descendants(graph, d.entry) | {d.entry}
        for i, c in enumerate(d.components):
            if c.id not in reached and c.id in first and first[c.id] == i:
                yield (("components", i), f"no traffic reaches {c.id!r} from the entry {d.entry!r}",
                       "call it from a component that traffic reaches, or remove it", "warning")
