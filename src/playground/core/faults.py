"""The challenge's fault timeline: each fault starts at its `at_s` and ends after its duration
(if it has one); what happened is written to `events`.

A fault kind says what it does (`playground.faults`); what that does to a component is the
component's own hook (`Node.on_crash`, `hang`, `slow`, ...). The timeline finds the targets,
keeps time, logs, and cuts and heals the links a partition separates.
"""

from __future__ import annotations

from typing import Any

from playground.core.build import relink
from playground.core.kernel import Kernel, Node
from playground.core.network import wires_to


class Timeline:
    def __init__(self, sim: Any):
        self.sim = sim
        self.kernel: Kernel = sim.kernel
        self.nodes: dict[str, Node] = sim.nodes
        self.events: list[dict[str, Any]] = sim.events
        self.crashed_at: dict[str, float] = {}
        self.blocked: dict[tuple[str, str], int] = {}  # (caller, callee) -> partitions cutting it
        self.crashes = any(f.takes_down for f in sim.challenge.faults)  # health checks have work
        faults = sorted(enumerate(sim.challenge.faults), key=lambda f: (f[1].at_s, f[0]))
        for _, fault in faults:
            self.kernel.at(fault.at_s, self.start, fault)
            if fault.lasts():
                self.kernel.at(fault.at_s + fault.lasts(), self.end, fault)
        for node in self.nodes.values():
            node.start(self)

    # -- targets ---------------------------------------------------------------------------
    def targets(self, target: str) -> list[Node]:
        """The nodes a fault aimed at `target` strikes: those playing a role in the design, those
        in a zone or region of the world, or one by its id (a part the world gives)."""
        how, _, name = target.rpartition(":")
        nodes = list(self.nodes.values())
        if how == "role":
            if name == "entry":
                return [self.nodes[self.sim.entry_id]]
            return [n for n in nodes if name in n.comp.roles]
        if how == "zone":
            return [n for n in nodes if self.sim.physics.zone_of(n.comp) == name]
        if how == "region":
            return [n for n in nodes if self.sim.physics.region_of(n.comp) == name]
        node = self.nodes.get(target)
        return [node] if node is not None else []

    def missed(self, t: float, fault: Any) -> None:
        """A fault the story needs found nothing to strike: the run says so, and fails."""
        if fault.required:
            self.log(t, "missed", " | ".join(fault.aims()), fault=fault.kind_name())

    def log(self, t: float, kind: str, target: str, **detail: Any) -> None:
        self.events.append({"at_s": round(t, 6), "kind": kind, "target": target, **detail})

    # -- the timeline ----------------------------------------------------------------------
    def start(self, t: float, fault: Any) -> None:
        fault.start(t, self)
        self.relink()

    def end(self, t: float, fault: Any) -> None:
        fault.end(t, self)
        self.relink()

    def relink(self) -> None:
        """A fault may have changed how a component is entered (a hang, a crash, a failover)
        or whom it calls (a partition): every node settles and takes its shortcuts again."""
        relink(self.nodes)

    def recover(self, t: float, node: Node, instance: int | None) -> None:
        node.on_recover(t, instance, self)
        self.crashed_at.pop(node.id, None)

    # -- partitions: directed cuts of the links between components ---------------------------
    def cut(self, a: Node, b: Node) -> None:
        """Messages from a to b stop: a's calls to b wait on the wire, and so do the answers a
        sends to b's calls."""
        key = (a.id, b.id)
        self.blocked[key] = self.blocked.get(key, 0) + 1
        if self.blocked[key] == 1:
            for w in wires_to(a, b, self.sim.physics, self.kernel.seed):
                w.cut_there += 1
            for w in wires_to(b, a, self.sim.physics, self.kernel.seed):
                w.cut_back += 1
        b.cut_from(a)
        a.cut_from(b)

    def heal(self, t: float, a: Node, b: Node) -> None:
        key = (a.id, b.id)
        self.blocked[key] -= 1
        if self.blocked[key] == 0:
            for w in wires_to(a, b, self.sim.physics, self.kernel.seed):
                w.cut_there -= 1
                if not w.cut_there:
                    w.heal_there(t)
            for w in wires_to(b, a, self.sim.physics, self.kernel.seed):
                w.cut_back -= 1
                if not w.cut_back:
                    w.heal_back(t)
            a.rejoined(t)
            b.rejoined(t)
