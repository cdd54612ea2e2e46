"""The challenge's fault timeline: crashes and recoveries, partitions, slow-downs, hangs,
replica lag spikes and cache flushes, aimed at components, one instance, or `zone:NAME`.

Each fault is applied at its `at_s` and undone after its `duration_s` (if any); what happened
is written to `events`. Load balancers run health checks every `health_check_interval_s` and
only then stop (or start again) sending to an instance.
"""

from __future__ import annotations

from typing import Any

from playground.core.balancer import Balancer
from playground.core.cache import Cache
from playground.core.database import Database, Replica
from playground.core.kernel import ERROR, Kernel, Node, Ret
from playground.core.station import Station
from playground.core.streams import Draws


class Blackhole(Node):
    """Stands in for a component on the far side of a partition (or a hung one): calls are
    accepted and never answered, so only the caller's timeout ends them."""

    kind = "blackhole"

    def __init__(self, behind: Node):
        self.behind = behind
        self.index = behind.index
        self.id = behind.id
        self.instances = getattr(behind, "instances", [])

    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        return None

    def admit(self, t: float, req: list, ctx: Any, ret: Ret, inst: Any) -> None:
        return None


class Scaled(Draws):
    """A slowed-down copy of a Draws: the same stream's values times a factor."""

    def __init__(self, base: Draws, factor: float):  # Draws.__init__ is not called on purpose
        self.mean = base.mean * factor
        self.buf = []
        buf = self.buf

        def refill() -> float:
            buf.extend([(base.buf.pop() if base.buf else base.refill()) * factor for _ in range(64)])
            return buf.pop()

        self.refill = refill


class Faults:
    def __init__(self, sim: Any):
        self.sim = sim
        self.kernel: Kernel = sim.kernel
        self.nodes: dict[str, Node] = sim.nodes
        self.events: list[dict[str, Any]] = sim.events
        self.crashed_at: dict[str, float] = {}
        self.blocked: dict[tuple[str, str], int] = {}  # (caller, callee) -> partitions cutting it
        faults = sorted(enumerate(sim.challenge.faults), key=lambda f: (f[1].at_s, f[0]))
        for _, fault in faults:
            self.kernel.at(fault.at_s, self.start, fault)
            if getattr(fault, "duration_s", None):
                self.kernel.at(fault.at_s + fault.duration_s, self.end, fault)
        if any(f.kind == "crash" for f in sim.challenge.faults):
            for node in self.nodes.values():
                if isinstance(node, Balancer) and node.healthy:
                    interval = node.comp.health_check_interval_s
                    self.kernel.at(interval, self.health_check, (node, interval))
        for node in self.nodes.values():
            if isinstance(node, Database) and node.comp.backup_interval_s:
                self.kernel.at(node.comp.backup_interval_s, self.backup, node)

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
                self.crash(t, node, fault.instance)
            elif kind == "recover":
                self.recover(t, node, None)
            elif kind == "slow_down":
                self.slow(node, fault.factor)
            elif kind == "hang":
                hole = Blackhole(node)
                node.enter = hole.enter  # type: ignore[method-assign]
                if isinstance(node, Station):
                    node.admit = hole.admit  # type: ignore[method-assign]
            elif kind == "replica_lag_spike" and isinstance(node, Replica):
                node.spike = fault.lag_ms / 1000.0
            elif kind == "cache_flush" and isinstance(node, Cache):
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
                self.slow(node, None)
            elif kind == "hang":
                node.__dict__.pop("enter", None)
                node.__dict__.pop("admit", None)
                node.relink()
            elif kind == "replica_lag_spike" and isinstance(node, Replica):
                node.spike = None
        self.log(t, f"{kind}_ended" if kind != "crash" else "recovered", fault.target)

    # -- crash and recover -----------------------------------------------------------------
    def crash(self, t: float, node: Node, instance: int | None) -> None:
        self.crashed_at.setdefault(node.id, t)
        if isinstance(node, Station) and node.kind != "queue":
            which = range(len(node.instances)) if instance is None else [instance % len(node.instances)]
            for i in which:
                node.crash(t, i)
            if isinstance(node, Replica):
                node.reachable = False
            if isinstance(node, Database):
                node.epoch += 1
            if isinstance(node, Database) and node.comp.failover is not None and node.replicas:
                f = node.comp.failover
                self.kernel.at(t + f.detection_s + f.promotion_s, self.failover, node)
            if isinstance(node, Database) and node.backups:
                last = node.backups[-1][0]
                self.log(t, "backup_rpo", node.id, rpo_s=round(t - last, 6))
            return
        if isinstance(node, Cache):
            node.flush()
        node.enter = refuse(node)  # type: ignore[method-assign]

    def recover(self, t: float, node: Node, instance: int | None) -> None:
        if isinstance(node, Station) and node.kind != "queue":
            which = range(len(node.instances)) if instance is None else [instance % len(node.instances)]
            for i in which:
                node.recover(t, i)
            if isinstance(node, Replica):
                node.catch_up(t)
        else:
            node.__dict__.pop("enter", None)
            node.relink()
        crashed = self.crashed_at.pop(node.id, None)
        if crashed is not None and isinstance(node, Database):
            for replica in node.replicas:  # the crash cut their stream; they resume from the primary
                replica.resync()
            self.log(t, "serving", node.id, rto_s=round(t - crashed, 6))

    def failover(self, t: float, db: Database) -> None:
        """Promote the most up-to-date reachable replica, after it has taken from the other
        reachable replicas what they received and it did not (as failover tools replay the most
        advanced replica's log): acknowledged writes no reachable replica got are lost."""
        if db.instances[0].alive:
            return
        candidates = [r for r in db.replicas if r.reachable]
        if not candidates:
            return
        best = max(candidates, key=lambda r: (sum(r.versions.values()), -r.index))
        for other in candidates:
            if other is not best:
                best.take(other.versions)
        ledger = db.ledger
        lost = 0
        oldest: float | None = None
        if db.tracking and ledger is not None:
            for key in list(ledger.acked):
                kept = best.versions.get(key, 0)
                n = ledger.rollback(t, key, kept)
                if n:
                    lost += n
            for times in ledger.lost_times:
                oldest = times if oldest is None else min(oldest, times)
            ledger.lost_times.clear()
            if lost:
                ledger.counts["lost_write"][1] += lost
        db.versions = dict(best.versions)
        db.replicas = [r for r in db.replicas if r is not best]
        best.promoted = True
        db.routing()
        db.recover(t, 0)
        crashed = self.crashed_at.pop(db.id, t)
        self.log(t, "failover", db.id, promoted=best.id, lost_writes=lost, rto_s=round(t - crashed, 6),
                 rpo_s=round(crashed - oldest, 6) if oldest is not None else 0.0)

    def backup(self, t: float, db: Database) -> None:
        if db.instances[0].alive:
            db.backups.append((t, len(db.versions)))
            if len(db.backups) > 8:
                del db.backups[0]
        interval = db.comp.backup_interval_s
        self.kernel.at(t + interval, self.backup, db)

    def health_check(self, t: float, arg: tuple[Balancer, float]) -> None:
        lb, interval = arg
        for target_index, up in lb.healthy.items():
            target = next(n for n in self.nodes.values() if n.index == target_index)
            now_up = [i for i in target.instances if i.alive]  # type: ignore[attr-defined]
            before = {i.index for i in up}  # what the balancer believed until now
            after = {i.index for i in now_up}
            if before != after or len(up) != len(now_up) or any(a is not b for a, b in zip(up, now_up, strict=False)):
                up[:] = now_up
                lb.rebuild(target_index)
                if before != after:
                    self.log(t, "health_check", lb.id, service=target.id,
                             removed=sorted(before - after), added=sorted(after - before))
        self.kernel.at(t + interval, self.health_check, arg)

    # -- partitions, slow-downs --------------------------------------------------------------
    def cut(self, a: Node, b: Node) -> None:
        key = (a.id, b.id)
        self.blocked[key] = self.blocked.get(key, 0) + 1
        if self.blocked[key] == 1:
            a.route = [tuple(Blackhole(n) if n is b else n for n in route) for route in a.route]
            a.relink()
        if isinstance(b, Replica) and b.comp.of == a.id:
            b.reachable = False
        if isinstance(a, Replica) and a.comp.of == b.id:
            a.reachable = False

    def heal(self, t: float, a: Node, b: Node) -> None:
        key = (a.id, b.id)
        self.blocked[key] -= 1
        if self.blocked[key] == 0:
            a.route = [tuple(n.behind if isinstance(n, Blackhole) and n.behind is b else n for n in route)
                       for route in a.route]
            a.relink()
            for r in (a, b):
                if isinstance(r, Replica) and r.instances[0].alive and not r.reachable:
                    r.catch_up(t)

    def slow(self, node: Node, factor: float | None) -> None:
        if isinstance(node, Station):
            if factor is None:
                node.draws = node.__dict__.pop("normal_draws", node.draws)
            else:
                node.normal_draws = node.__dict__.get("normal_draws", node.draws)  # type: ignore[attr-defined]
                node.draws = [Scaled(d, factor) for d in node.normal_draws]  # type: ignore[attr-defined]
        elif isinstance(node, Cache):
            if factor is None:
                node.look = node.__dict__.pop("normal_look", node.look)
            else:
                node.normal_look = node.__dict__.get("normal_look", node.look)  # type: ignore[attr-defined]
                node.look = Scaled(node.normal_look, factor)  # type: ignore[attr-defined]


def refuse(node: Node) -> Ret:
    """The `enter` of a component that is down: every call fails at once."""

    def enter(t: float, req: list, ctx: Any, ret: Ret) -> None:
        node.entered += 1
        node.answer_now(t, req, ERROR)
        ret(t, ctx, ERROR)

    return enter  # type: ignore[return-value]
