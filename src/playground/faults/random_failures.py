"""Random failures and repairs (`random_failures`): each component struck fails after a drawn time up and is
repaired after a drawn time down, again and again, each on its own random stream.

Times up are exponential (a constant hazard) or Weibull (shape > 1: wearing out; < 1: infant
failures), of mean `mtbf_s`; times down exponential of mean `mttr_s`. In the long run a
component is up MTBF / (MTBF + MTTR) of the time whatever the distributions (the alternating
renewal theorem), which is what a challenge asking for "99.95 %" is about. The process stops
failing things when the traffic ends.

`per` says what fails as one: each component struck (all its instances together), each of
their instances on its own, or the whole target at once (`zone:NAME` with `per: target` is a
zone's outage: every component in it down together, and back together). Over a long horizon
(playground.core.horizon) each such unit is one renewal process of the same laws.
"""

from __future__ import annotations

import random
from math import gamma
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import Field

from playground.core.horizon import Renewal
from playground.faults.base import Strike, Struck

if TYPE_CHECKING:
    from playground.core.faults import Timeline
    from playground.core.kernel import Node

Unit = tuple[tuple[tuple["Node", "int | None"], ...], "Timeline", random.Random]
"""One process on the heap: what it takes down (each node with its instance; None: all), its stream."""

Mean = Annotated[float, Field(gt=0, le=31_536_000)]


class RandomFailures(Strike):
    takes_down: ClassVar[bool] = True
    ended: ClassVar[str] = "repaired"

    kind: Literal["random_failures"]
    mtbf_s: Mean = Field(description="Mean time between failures: the mean time up, seconds.")
    mttr_s: Mean = Field(description="Mean time to repair: the mean time down, seconds.")
    up: Literal["exponential", "weibull"] = Field(
        "exponential", description="How the time up is distributed (its mean is mtbf_s)."
    )
    shape: float = Field(1.0, gt=0, le=20, description="The Weibull's shape (up: weibull); 1 is exponential.")
    instance: int | None = Field(None, ge=0, le=999, description="One instance of a service only.")
    per: Literal["component", "instance", "target"] = Field(
        "component",
        description="What fails as one: each component struck (all its instances together), each of its "
        "instances on its own, or the whole target at once (`zone:NAME`: the zone's outage, every "
        "component in it down together).",
    )

    def detail(self) -> dict[str, Any]:
        return {"mtbf_s": self.mtbf_s, "mttr_s": self.mttr_s}

    def start(self, t: float, timeline: Timeline) -> None:
        if self.per == "component":
            super().start(t, timeline)  # each component struck: strike() below
            return
        pairs = self.reached(timeline)
        nodes = list(dict.fromkeys(node for node, _ in pairs))
        if not nodes:
            timeline.missed(t, self)
        timeline.log(t, self.kind_name(), self.target, components=[n.id for n in nodes], **self.detail())
        seed, kernel = timeline.kernel.seed, timeline.kernel
        if self.per == "target":
            if pairs:
                rng = random.Random(f"{seed}/failures:{self.target}:{self.at_s}:{self.instance}")
                kernel.at(t + self.time_up(rng), self.fail, (tuple(pairs), timeline, rng))
            return
        for node, i in pairs:
            for j in ([i] if i is not None else range(node.comp.instance_count())):
                rng = random.Random(f"{seed}/failures:{node.id}:{self.at_s}:{j}")
                kernel.at(t + self.time_up(rng), self.fail, (((node, j),), timeline, rng))

    def reached(self, timeline: Timeline) -> list[tuple[Node, int | None]]:
        """What it strikes: each node with its instance (None: all of them); of a component
        spread over a region's zones, a zone reaches the instances placed there, and none of a
        kind that keeps a node in each zone (one zone's outage leaves it up)."""
        how, _, name = self.target.rpartition(":")
        if how != "zone":
            return [(n, self.instance) for n in timeline.targets(self.target)]
        out: list[tuple[Node, int | None]] = []
        for node in timeline.nodes.values():
            zones = timeline.sim.physics.zones_of(node.comp)
            if len(zones) == 1:
                if zones[0] == name:
                    out.append((node, self.instance))
            elif not node.comp.spans_zones:
                out += [(node, i) for i in range(node.comp.instance_count())
                        if zones[i % len(zones)] == name and self.instance in (None, i)]
        return out

    def strike(self, t: float, node: Node, timeline: Timeline) -> None:
        """Start the node's own process of failures: the first after a time up."""
        rng = random.Random(f"{timeline.kernel.seed}/failures:{node.id}:{self.at_s}:{self.instance}")
        timeline.kernel.at(t + self.time_up(rng), self.fail, (((node, self.instance),), timeline, rng))

    def time_up(self, rng: random.Random) -> float:
        if self.up == "weibull":
            return rng.weibullvariate(self.mtbf_s / gamma(1.0 + 1.0 / self.shape), self.shape)
        return rng.expovariate(1.0 / self.mtbf_s)

    def fail(self, t: float, arg: Unit) -> None:
        pairs, timeline, rng = arg
        if t >= timeline.sim.duration:
            return  # the traffic is over: nothing more to fail
        for node, instance in pairs:
            timeline.crashed_at.setdefault(node.id, t)
            node.on_crash(t, instance, timeline)
            timeline.log(t, "failure", node.id, **({} if instance is None else {"instance": instance}))
        timeline.relink()
        timeline.kernel.at(t + rng.expovariate(1.0 / self.mttr_s), self.repair, arg)

    def repair(self, t: float, arg: Unit) -> None:
        pairs, timeline, rng = arg
        for node, instance in pairs:
            timeline.recover(t, node, instance)
            timeline.log(t, self.ended, node.id)
        timeline.relink()
        timeline.kernel.at(t + self.time_up(rng), self.fail, arg)

    # -- a long horizon ----------------------------------------------------------------------
    def long_run(self, index: int, struck: list[tuple[str, tuple[int, ...]]]) -> list[tuple[Renewal, Struck]]:
        def law(name: str) -> Renewal:
            return Renewal(f"{index}:{name}", self.mtbf_s, self.mttr_s, self.up, self.shape)

        reached = [(cid, tuple(i for i in insts if self.instance in (None, i))) for cid, insts in struck]
        reached = [(cid, insts) for cid, insts in reached if insts]
        if self.per == "target":
            return [(law(self.target), tuple((cid, i) for cid, insts in reached for i in insts))] if reached else []
        if self.per == "component":
            return [(law(cid), tuple((cid, i) for i in insts)) for cid, insts in reached]
        return [(law(f"{cid}[{i}]"), ((cid, i),)) for cid, insts in reached for i in insts]

    @classmethod
    def describe(cls, target: str, data: Any) -> str:
        return f"{target} failed and was repaired, at random"
