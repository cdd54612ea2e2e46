"""A load balancer: spreads requests over the instances of the service it calls."""

from __future__ import annotations

import random
from bisect import bisect
from contextlib import suppress
from heapq import heappush
from math import floor
from typing import Annotated, Any, Literal

from pydantic import Field

from playground.core.kernel import ERROR, OP, REJECTED, SESSION, Kernel, Node, Ret, origin
from playground.core.station import Instance, Station
from playground.kinds.base import ComponentBase


class LoadBalancer(ComponentBase):
    """Spreads requests over the instances of the services it calls."""

    new_id = "lb"
    drawn_as = "lb"
    drawn_short = "lb"
    mermaid = ("{{", "}}")
    dot = "hexagon"
    forwards = True

    kind: Literal["load_balancer"]
    policy: Literal[
        "round_robin", "least_connections", "random", "sticky_session", "consistent_hash"
    ] = Field("round_robin", description="How an instance is picked for each request.")
    health_check_interval_s: Annotated[float, Field(gt=0, le=600)] = Field(
        5.0, description="Seconds between health checks; a crashed instance gets traffic until one fails."
    )

    def node(self, kernel: Kernel, index: int, keys: int) -> Node:
        return Balancer(kernel, self, index)

    def attributes_read(self) -> frozenset[str]:
        return frozenset({"consistent_hash": ("key",), "sticky_session": ("session",)}.get(self.policy, ()))

    def checks(self, design: Any) -> Any:
        return forwarding_checks(self)


def forwarding_checks(c: ComponentBase) -> Any:
    """A component that forwards calls needs somewhere to forward them."""
    if not c.calls:
        yield (), f"{c.kind} {c.id!r} forwards to nothing", "add a call to it", "error"


def mix(x: int) -> int:
    """A fixed 32-bit integer hash (Knuth's multiplicative), stable across runs."""
    return ((x + 1) * 2654435761) & 0xFFFFFFFF


class Balancer(Node):
    """Picks an instance of the service it forwards to: round robin, least connections, random,
    sticky by session, or consistent hashing by key. It sees an instance as down only after a
    health check has found it down (`healthy` is refreshed every health_check_interval_s)."""

    forwards = True

    def __init__(self, kernel: Kernel, comp: Any, index: int):
        self.calls = 0  # entered, and answered: every call is passed on or refused as it enters
        self.skew = 0  # calls that did not move the round robin; its position is calls - skew
        super().__init__(kernel, comp, index)
        self.policy: str = comp.policy
        self.rng = random.Random(f"{kernel.seed}/balance:{comp.id}")
        self.healthy: dict[int, list[Instance]] = {}
        self.rings: dict[int, tuple[list[int], list[Instance]]] = {}
        self.targets: dict[int, Node] = {}  # the services it picks instances of, by index
        self.rejected = 0

    @property  # type: ignore[override]
    def entered(self) -> int:
        return self.calls

    @entered.setter
    def entered(self, n: int) -> None:
        """Counted from outside the balancer's own paths (a crashed one refusing calls): those
        calls do not move the round robin."""
        self.skew += n - self.calls
        self.calls = n

    @property  # type: ignore[override]
    def answered(self) -> int:
        return self.calls

    @answered.setter
    def answered(self, n: int) -> None:
        """Nothing to keep: a balancer answers every call as it enters (see calls)."""

    def link(self, nodes: dict[str, Node]) -> None:
        super().link(nodes)
        for route in self.route:
            for target in route[:1]:
                if target.instances:
                    self.healthy[target.index] = list(target.instances)
                    self.targets[target.index] = target
        for key in self.healthy:
            self.rebuild(key)
        self.relink()

    def relink(self) -> None:
        """Round robin to a single service for every operation takes the lean `enter_rr`, or
        `admit_rr` when no fault of the run can swap the service's admit (a hang does)."""
        with suppress(AttributeError):
            del self.enter  # not __dict__.pop: a materialised __dict__ makes every attribute slow
        targets = {route[0].index if route else -1 for route in self.route}
        if self.policy == "round_robin" and len(targets) == 1 and next(iter(targets)) in self.healthy:
            target = self.target = self.route[0][0]
            self.up = self.healthy[target.index]  # the same list health checks update
            if (not self.kernel.hangs and target.kind == "service"
                    and origin(type(target).admit) is origin(Station.admit)):
                self.enter = self.admit_rr  # type: ignore[method-assign]
            else:
                self.enter = self.enter_rr  # type: ignore[method-assign]

    def enter_rr(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        """Round robin to the one service every operation goes to: the common case, kept lean."""
        up = self.up
        n = self.calls + 1
        self.calls = n
        if not up:
            self.skew += 1
            self.refuse(t, req, ctx, ret)
            return
        self.target.admit(t, req, ctx, ret, up[(n - self.skew) % len(up)])

    def admit_rr(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        """enter_rr with the service's Station.admit inlined (a deliberate copy, kept in step
        with it): one Python call fewer for every request of the common case."""
        up = self.up
        n = self.calls + 1
        self.calls = n
        if not up:
            self.skew += 1
            self.refuse(t, req, ctx, ret)
            return
        st = self.target
        st.entered += 1
        inst = up[(n - self.skew) % len(up)]
        if inst.busy < inst.workers:
            inst.busy += 1
            st.busy -= t
            op = req[1]
            try:
                s = st.bufs[op].pop()
            except IndexError:  # the block is used up: draw the next
                s = st.draws[op].refill()
            heappush(self.heap, (t + s, next(self.ids), st.work[op],
                                 [req, ctx, ret, st.index, t, t, s, 0, inst, 0, 0, 0]))
        elif len(inst.queue) < inst.limit:
            inst.queue.append([req, ctx, ret, st.index, t, t, 0.0, 0, inst, 0, 0, 0])
            st.waited -= t
        else:  # no room; a crashed instance (no slots, no queue) refuses every call
            outcome = REJECTED if inst.alive else ERROR
            st.errors += 1
            req[9].append((None, None, None, st.index, t, t, 0.0, outcome, None))  # hop(), inlined
            ret(t, ctx, outcome)

    def rebuild(self, target_index: int) -> None:
        """The consistent-hash ring over the healthy instances: 64 points per instance."""
        points = sorted((mix(inst.index * 1000 + v), inst.index) for inst in self.healthy[target_index]
                        for v in range(64))
        by_index = {inst.index: inst for inst in self.healthy[target_index]}
        self.rings[target_index] = ([p for p, _ in points], [by_index[i] for _, i in points])

    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        n = self.calls + 1
        self.calls = n
        route = self.route[req[OP]]
        policy = self.policy
        if not route:
            self.skew += 1
            self.refuse(t, req, ctx, ret)
            return
        target = route[0]
        up = self.healthy.get(target.index)
        if up is None:
            self.skew += 1
            target.enter(t, req, ctx, ret)
            return
        if not up:
            self.skew += 1
            self.refuse(t, req, ctx, ret)
            return
        if policy == "round_robin":
            inst = up[(n - self.skew) % len(up)]
        elif policy == "least_connections":
            inst = min(up, key=lambda i: i.busy + len(i.queue))
        elif policy == "random":
            inst = up[floor(self.rng.random() * len(up))]
        elif policy == "sticky_session":
            inst = up[mix(req[SESSION]) % len(up)]
        else:
            points, owners = self.rings[target.index]
            inst = owners[bisect(points, mix(req[2] + 7919)) % len(owners)]
        target.admit(t, req, ctx, ret, inst)  # type: ignore[attr-defined]

    def refuse(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        self.rejected += 1
        self.answer_now(t, req, REJECTED)
        ret(t, ctx, REJECTED)

    def extra(self) -> dict[str, Any]:
        return {"policy": self.policy, "rejected": self.rejected}

    # -- health checks ---------------------------------------------------------------------
    def start(self, timeline: Any) -> None:
        """Health checks, when the run has crashes to notice."""
        if timeline.crashes and self.healthy:
            interval = self.comp.health_check_interval_s
            self.kernel.at(interval, self.health_check, (timeline, interval))

    def health_check(self, t: float, arg: tuple[Any, float]) -> None:
        """Every instance found up gets traffic from now on, and only those."""
        timeline, interval = arg
        for target_index, up in self.healthy.items():
            target = self.targets[target_index]
            now_up = [i for i in target.instances if i.alive]
            before = {i.index for i in up}  # what the balancer believed until now
            after = {i.index for i in now_up}
            if before != after or len(up) != len(now_up) or any(a is not b for a, b in zip(up, now_up, strict=False)):
                up[:] = now_up
                self.rebuild(target_index)
                if before != after:
                    timeline.log(t, "health_check", self.id, service=target.id,
                                 removed=sorted(before - after), added=sorted(after - before))
        self.kernel.at(t + interval, self.health_check, arg)

