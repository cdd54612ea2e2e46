"""Random failures and repairs (`random_failures`): each component struck fails after a drawn time up and is
repaired after a drawn time down, again and again, each on its own random stream.

Times up are exponential (a constant hazard) or Weibull (shape > 1: wearing out; < 1: infant
failures), of mean `mtbf_s`; times down exponential of mean `mttr_s`. In the long run a
component is up MTBF / (MTBF + MTTR) of the time whatever the distributions (the alternating
renewal theorem), which is what a challenge asking for "99.95 %" is about. The process stops
failing things when the traffic ends.
"""

from __future__ import annotations

import random
from math import gamma
from typing import TYPE_CHECKING, Annotated, Any, ClassVar, Literal

from pydantic import Field

from playground.faults.base import Strike

if TYPE_CHECKING:
    from playground.core.faults import Timeline
    from playground.core.kernel import Node

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

    def detail(self) -> dict[str, Any]:
        return {"mtbf_s": self.mtbf_s, "mttr_s": self.mttr_s}

    def strike(self, t: float, node: Node, timeline: Timeline) -> None:
        """Start the node's own process of failures: the first after a time up."""
        rng = random.Random(f"{timeline.kernel.seed}/failures:{node.id}:{self.at_s}:{self.instance}")
        timeline.kernel.at(t + self.time_up(rng), self.fail, (node, timeline, rng))

    def time_up(self, rng: random.Random) -> float:
        if self.up == "weibull":
            return rng.weibullvariate(self.mtbf_s / gamma(1.0 + 1.0 / self.shape), self.shape)
        return rng.expovariate(1.0 / self.mtbf_s)

    def fail(self, t: float, arg: tuple[Node, Timeline, random.Random]) -> None:
        node, timeline, rng = arg
        if t >= timeline.sim.duration:
            return  # the traffic is over: nothing more to fail
        timeline.crashed_at.setdefault(node.id, t)
        node.on_crash(t, self.instance, timeline)
        timeline.log(t, "failure", node.id, **({} if self.instance is None else {"instance": self.instance}))
        timeline.relink()
        timeline.kernel.at(t + rng.expovariate(1.0 / self.mttr_s), self.repair, arg)

    def repair(self, t: float, arg: tuple[Node, Timeline, random.Random]) -> None:
        node, timeline, rng = arg
        timeline.recover(t, node, self.instance)
        timeline.log(t, self.ended, node.id)
        timeline.relink()
        timeline.kernel.at(t + self.time_up(rng), self.fail, arg)

    @classmethod
    def describe(cls, target: str, data: Any) -> str:
        return f"{target} failed and was repaired, at random"
