"""The challenge's fault timeline: crashes and recoveries, partitions, slow-downs, hangs,
replica lag spikes and cache flushes, aimed at components, one instance, or `zone:NAME`.

Each fault is applied at its `at_s` and undone after its `duration_s` (if any); what happened
is written to `events`. What a fault does to a component is the component's own hook
(`Node.on_crash`, `hang`, `slow`, ...); the timeline only finds the targets and keeps time.
"""

from __future__ import annotations

from typing import Any

from playground.core.kernel import Blackhole, Kernel, Node


class Timeline:
    def __init__(self, sim: Any):
        self.sim = sim
        self.kernel: Kernel = sim.kernel
        self.nodes: dict[str, Node] = sim.nodes
        self.events: list[dict[str, Any]] = sim.events
        self.crashed_at: dict[str, float] = {}
        self.blocked: dict[tuple[str, str], int] = {}  # (caller, callee) -> partitions cutting it
        self.crashes = any(f.kind == "crash" for f in sim.challenge.faults)
        faults = sorted(enumerate(sim.challenge.faults), key=lambda f: (f[1].at_s, f[0]))
        for _, fault in faults:
            self.kernel.at(fault.at_s, self.start, fault)
            if getattr(fault, "duration_s", None):
                self.kernel.at(fault.at_s + fault.duration_s, self.end, fault)
        for node in self.nodes.values():
            node.start(self)

    # -- targets ---------------------------------------------------------------------------
    def targets(self, target: str) -> list[Node]:
        if target.startswith("zone:"):
            zone = target[5:]
            return [n for n in self.nodes.values() if n.comp.zone == zone]
        node = self.nodes.get(target)
        return [node] if node is not None else []

    def log(self, t: float, kind: str, target: str, **detail: Any) -> None:
        self.events.append({"at_s": round(t, 6), "kind": kind, "target": target, **detail})

    # -- the timeline ----------------------------------------------------------------------
    def start(self, t: float, fault: Any) -> None:
        kind = fault.kind
        if kind == "partition":
            a, b = (self.targets(x) for x in fault.between)
            for x in a:
                for y in b:
                    self.cut(x, y)
                    if not fault.one_way:
                        self.cut(y, x)
            self.log(t, "partition", " | ".join(fault.between), one_way=fault.one_way)
            return
        nodes = self.targets(fault.target)
        extra: dict[str, Any] = {}
        if kind == "crash" and fault.instance is not None:
            extra = {"instance": fault.instance}
        elif kind == "slow_down":
            extra = {"factor": fault.factor}
        elif kind == "replica_lag_spike":
            extra = {"lag_ms": fault.lag_ms}
        self.log(t, kind, fault.target, components=[n.id for n in nodes], **extra)
        for node in nodes:
            if kind == "crash":
                self.crashed_at.setdefault(node.id, t)
                node.on_crash(t, fault.instance, self)
            elif kind == "recover":
                self.recover(t, node, None)
            elif kind == "slow_down":
                node.slow(fault.factor)
            elif kind == "hang":
                node.hang()
            elif kind == "replica_lag_spike":
                node.lag_spike(fault.lag_ms / 1000.0)
            elif kind == "cache_flush":
                node.flush()

    def end(self, t: float, fault: Any) -> None:
        kind = fault.kind
        if kind == "partition":
            a, b = (self.targets(x) for x in fault.between)
            for x in a:
                for y in b:
                    self.heal(t, x, y)
                    if not fault.one_way:
                        self.heal(t, y, x)
            self.log(t, "partition_healed", " | ".join(fault.between))
            return
        for node in self.targets(fault.target):
            if kind == "crash":
                self.recover(t, node, fault.instance)
            elif kind == "slow_down":
                node.slow(None)
            elif kind == "hang":
                node.unhang()
            elif kind == "replica_lag_spike":
                node.lag_spike(None)
        self.log(t, f"{kind}_ended" if kind != "crash" else "recovered", fault.target)

    def recover(self, t: float, node: Node, instance: int | None) -> None:
        node.on_recover(t, instance, self)
        self.crashed_at.pop(node.id, None)

    # -- partitions --------------------------------------------------------------------------
    def cut(self, a: Node, b: Node) -> None:
        key = (a.id, b.id)
        self.blocked[key] = self.blocked.get(key, 0) + 1
        if self.blocked[key] == 1:
            a.route = [tuple(Blackhole(n) if n is b else n for n in route) for route in a.route]
            a.relink()
        b.cut_from(a)
        a.cut_from(b)

    def heal(self, t: float, a: Node, b: Node) -> None:
        key = (a.id, b.id)
        self.blocked[key] -= 1
        if self.blocked[key] == 0:
            a.route = [tuple(n.behind if isinstance(n, Blackhole) and n.behind is b else n for n in route)
                       for route in a.route]
            a.relink()
            a.rejoined(t)
            b.rejoined(t)
