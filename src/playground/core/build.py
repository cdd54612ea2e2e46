"""From a design's components to the nodes that behave like them: each component makes its own
node (`node()`, in its kind's module); here they are made, then linked to each other."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from playground.core.kernel import OPS, Kernel, Node
from playground.core.network import wire
from playground.core.physics import Physics
from playground.core.streams import Draws, stream
from playground.formats.base import Operation, Timing

if TYPE_CHECKING:
    from playground.design.model import Design


def per_op(kernel: Kernel, comp_id: str, timing_of: Callable[[Operation], Timing]) -> list[Draws]:
    """One Draws per operation, shared by operations with the same timing (one stream each)."""
    made: dict[str, Draws] = {}
    out = []
    for op in OPS:
        timing = timing_of(op)
        key = timing.model_dump_json()
        if key not in made:
            made[key] = Draws(timing, stream(kernel.seed, f"time:{comp_id}:{len(made)}"))
        out.append(made[key])
    return out


def build(kernel: Kernel, design: Design, physics: Physics) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    for index, c in enumerate(design.components):
        nodes[c.id] = c.node(kernel, index, physics)
    for node in nodes.values():
        node.link(nodes)
    wire(nodes, physics, kernel.seed)
    relink(nodes)
    return nodes


def relink(nodes: dict[str, Node]) -> None:
    """Every node settles how it is entered, then every node takes its shortcuts to its
    callees' entries: in two passes, so no shortcut sees an entry that is about to change."""
    for node in nodes.values():
        node.settle()
    for node in nodes.values():
        node.relink()
