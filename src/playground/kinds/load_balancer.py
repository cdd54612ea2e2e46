"""A load balancer: spreads requests over the instances of the service it calls."""

from __future__ import annotations

import random
from bisect import bisect
from math import floor
from typing import Annotated, Any, Literal

from pydantic import Field

from playground.core.kernel import HOPS, OP, REJECTED, SESSION, Kernel, Node, Ret, hop
from playground.core.physics import Physics
from playground.core.station import Instance
from playground.core.streams import stream
from playground.kinds.base import ComponentBase, Price


class LoadBalancer(ComponentBase):
    """Spreads requests over the instances of the services it calls."""

    new_id = "lb"
    drawn_as = "lb"
    drawn_short = "lb"
    mermaid = ("{{", "}}")
    dot = "hexagon"
    forwards = True
    spans_zones = True  # placed in a region, the provider runs it in every zone of it

    price = Price(
        what="a managed load balancer",
        per_hour={"small": 0.025, "medium": 0.05, "large": 0.1, "xlarge": 0.2},
    )

    roles = frozenset({"balancer"})
    kind: Literal["load_balancer"]
    policy: Literal[
        "round_robin", "least_connections", "random", "sticky_session", "consistent_hash", "weighted",
        "weighted_random",
    ] = Field("round_robin", description="How an instance is picked for each request (weighted: smooth "
              "weighted round robin, as nginx does; weighted_random: a draw in proportion to the weights).")
    weights: list[Annotated[int, Field(ge=1, le=1000)]] | None = Field(
        None, min_length=1, max_length=999,
        description="With a weighted policy, one weight per instance of the service it calls, in instance "
        "order: instance i gets weights[i] of every sum(weights) calls (of those up).",
    )
    health_check_interval_s: Annotated[float, Field(gt=0, le=600)] = Field(
        5.0, description="Seconds between health checks; a crashed instance gets traffic until one fails."
    )

    def node(self, kernel: Kernel, index: int, physics: Physics) -> Node:
        return Balancer(kernel, self, index)

    def smaller(self, d: int, least: int) -> ComponentBase | str:
        """It only routes: the same balancer spreads a smaller system's traffic alike, unless
        its weights make each instance unlike the others."""
        if self.weights is not None:
            return f"`{self.id}` weighs its instances apart: no one of them stands for another"
        return self

    def takes_turns(self) -> bool:
        return self.policy == "round_robin"

    def attributes_read(self) -> frozenset[str]:
        return frozenset({"consistent_hash": ("key",), "sticky_session": ("session",)}.get(self.policy, ()))

    def checks(self, design: Any) -> Any:
        yield from forwarding_checks(self)
        weighted = self.policy.startswith("weighted")
        if weighted and self.weights is None:
            yield ("policy",), f"policy {self.policy} needs weights, one per instance", \
                "add weights: [..] or choose another policy", "error"
        elif not weighted and self.weights is not None:
            yield ("weights",), f"weights are used by the weighted policies only, not {self.policy}", \
                "set policy: weighted, or remove the weights", "warning"
        elif weighted and self.weights is not None and self.calls and self.calls[0].to in design.ids:
            n = design.component(self.calls[0].to).instance_count()
            if len(self.weights) != n:
                yield ("weights",), f"{len(self.weights)} weights for the {n} instances of {self.calls[0].to!r}", \
                    f"give {n} weights, one per instance", "error"


def forwarding_checks(c: ComponentBase) -> Any:
    """A component that forwards calls needs somewhere to forward them."""
    if not c.calls:
        yield (), f"{c.kind} {c.id!r} forwards to nothing", "add a call to it", "error"


def mix(x: int) -> int:
    """A fixed 32-bit integer hash (Knuth's multiplicative), stable across runs."""
    return ((x + 1) * 2654435761) & 0xFFFFFFFF


def scatter(x: int) -> int:
    """A 32-bit hash that looks random on structured input (murmur3's finaliser), for the ring:
    `mix` keeps consecutive numbers evenly spaced, which leaves a ring's arcs uneven (one of
    ten instances owned under 5 %)."""
    x &= 0xFFFFFFFF
    x = ((x ^ (x >> 16)) * 0x85EBCA6B) & 0xFFFFFFFF
    x = ((x ^ (x >> 13)) * 0xC2B2AE35) & 0xFFFFFFFF
    return x ^ (x >> 16)


class Balancer(Node):
    """Picks an instance of the service it forwards to: round robin, least connections, random,
    sticky by session, consistent hashing by key (sessions hash onto the same ring, so an
    instance leaving moves only its own), or by weight: smooth weighted round robin (nginx's:
    each pick adds every instance's weight to its credit, takes the one with the most and
    takes the total from it, so over every sum(weights) picks instance i gets exactly w_i, spread
    out rather than in runs) or a weighted draw. It sees an instance as down only after a health check
    has found it down (`healthy` is refreshed every health_check_interval_s)."""

    forwards = True

    def __init__(self, kernel: Kernel, comp: Any, index: int):
        super().__init__(kernel, comp, index)
        self.entered = 0
        self.policy: str = comp.policy
        self.rng = random.Random(f"{kernel.seed}/balance:{comp.id}")
        self.healthy: dict[int, list[Instance]] = {}
        self.rings: dict[int, tuple[list[int], list[Instance]]] = {}
        self.targets: dict[int, Node] = {}  # the services it picks instances of, by index
        self.turn = 0  # round robin's position: the calls it has sent round
        self.lean = False
        self.rejected = 0
        self.weights: list[int] = list(comp.weights or ())
        self.credit: dict[int, int] = {}  # smooth weighted round robin's current weight, by instance

    @property
    def answered(self) -> int:  # type: ignore[override]  # a count on Node, implied here
        """Every call it enters it answers at once (passed on or refused): nothing to count."""
        return self.entered

    def answer_now(self, t: float, req: list, outcome: int) -> None:
        if outcome:
            self.errors += 1
        req[HOPS].append(hop(self.index, t, outcome))

    def link(self, nodes: dict[str, Node]) -> None:
        super().link(nodes)
        for route in self.route:
            for target in route[:1]:
                if target.instances:
                    self.healthy[target.index] = list(target.instances)
                    self.targets[target.index] = target
        for key in self.healthy:
            self.rebuild(key)
        most = max((len(t.instances) for t in self.targets.values()), default=0)
        self.weights += [1] * (most - len(self.weights))  # the design checks refuse too few; never a crash

    def own_entry(self) -> None:
        """Round robin to a single service for every operation takes the lean `enter_rr`."""
        targets = {route[0].index if route else -1 for route in self.route}
        self.lean = self.policy == "round_robin" and len(targets) == 1 and next(iter(targets)) in self.healthy
        if self.lean:
            self.target = self.route[0][0]
            self.up = self.healthy[self.target.index]  # the same list health checks update
            self.enter = self.enter_rr  # type: ignore[method-assign]

    def relink(self) -> None:
        if self.lean and self.stand_in is None:  # the lean entry admits straight into its one service
            self.admit_up = self.target.admit

    def enter_rr(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        """Round robin to the one service every operation goes to: the common case, kept lean."""
        self.entered += 1
        up = self.up
        if not up:
            self.refuse(t, req, ctx, ret)
            return
        n = self.turn = self.turn + 1
        self.admit_up(t, req, ctx, ret, up[n % len(up)])

    def rebuild(self, target_index: int) -> None:
        """The consistent-hash ring over the healthy instances: 64 points per instance."""
        points = sorted((scatter(inst.index * 1000 + v), inst.index) for inst in self.healthy[target_index]
                        for v in range(64))
        by_index = {inst.index: inst for inst in self.healthy[target_index]}
        self.rings[target_index] = ([p for p, _ in points], [by_index[i] for _, i in points])

    def owner(self, target_index: int, point: int) -> Instance:
        """The instance whose ring arc holds the point: when one of n instances leaves, only the
        sessions (or keys) it owned move, about 1/n of them, where a modulo rehash moves most."""
        points, owners = self.rings[target_index]
        return owners[bisect(points, point) % len(owners)]

    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        self.entered += 1
        route = self.route[req[OP]]
        if not route:
            self.refuse(t, req, ctx, ret)
            return
        target = route[0]
        up = self.healthy.get(target.index)
        if up is None:  # a component with no instances to pick among: passed on as it is
            target.enter(t, req, ctx, ret)
            return
        if not up:
            self.refuse(t, req, ctx, ret)
            return
        policy = self.policy
        if policy == "round_robin":
            self.turn += 1
            inst = up[self.turn % len(up)]
        elif policy == "least_connections":
            inst = min(up, key=lambda i: i.busy + len(i.queue))
        elif policy == "random":
            inst = up[floor(self.rng.random() * len(up))]
        elif policy == "sticky_session":
            inst = self.owner(target.index, scatter(req[SESSION] + 104729))
        elif policy == "consistent_hash":
            inst = self.owner(target.index, scatter(req[2] + 7919))
        else:
            inst = self.weighted(up)
        target.admit(t, req, ctx, ret, inst)

    def weighted(self, up: list[Instance]) -> Instance:
        """An instance of those up, in proportion to its weight: smooth weighted round robin, or
        with `weighted_random` a draw (stream `balance:<id>`)."""
        w = self.weights
        if self.policy == "weighted_random":
            x = self.rng.random() * sum(w[i.index] for i in up)
            for inst in up:
                x -= w[inst.index]
                if x < 0:
                    return inst
            return up[-1]
        credit = self.credit
        total, best, most = 0, up[0], None
        for inst in up:
            c = credit[inst.index] = credit.get(inst.index, 0) + w[inst.index]
            total += w[inst.index]
            if most is None or c > most:
                best, most = inst, c
        credit[best.index] -= total
        return best

    def refuse(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        self.rejected += 1
        self.answer_now(t, req, REJECTED)
        ret(t, ctx, REJECTED)

    def extra(self) -> dict[str, Any]:
        return {"policy": self.policy, "rejected": self.rejected}

    # -- health checks ---------------------------------------------------------------------
    def start(self, timeline: Any) -> None:
        """Health checks, when the run has crashes to notice: every interval, on the balancer's
        own phase (drawn once per run), so a crash waits a uniform share of an interval to be
        noticed instead of coinciding with a check whenever it falls on a round second."""
        if timeline.crashes and self.healthy:
            interval = self.comp.health_check_interval_s
            phase = interval * stream(self.kernel.seed, f"health:{self.id}").random()
            self.kernel.at(phase, self.health_check, (timeline, interval))

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

