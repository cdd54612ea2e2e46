"""A third-party dependency: its latency and its errors are not ours to fix; a charge or an email
it completes is a side effect, which the ledger counts, repeats included."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import Field

from playground.core.build import per_op
from playground.core.kernel import EFFECTS, ERROR, Kernel, Node
from playground.core.physics import Physics
from playground.core.station import Station
from playground.core.streams import stream
from playground.formats.base import Fraction, Timing
from playground.kinds.base import ComponentBase, Price, machines


class External(ComponentBase):
    """A third-party dependency: its latency and its errors are not ours to fix."""

    new_id = "external"
    drawn_short = "ext"
    mermaid = ("((", "))")
    dot = "ellipse"
    applies_effects = True
    given_only = True

    price = Price(
        what="a third-party API billed per call; nothing provisioned",
        per_million_requests=0.5,
    )

    catalog = machines()
    physics = {  # noqa: RUF012 - a fact of the kind, never changed
        "latency": "a third party's latency is its own: call the part the challenge gives",
        "error_rate": "a third party's errors are its own: call the part the challenge gives",
    }

    roles = frozenset({"third_party"})
    kind: Literal["external"]
    latency: Timing = Field(
        default_factory=lambda: Timing(distribution="lognormal", mean_ms=80.0, p99_ms=400.0)
    )
    error_rate: Fraction = Field(0.0, description="Share of calls that fail.")

    def node(self, kernel: Kernel, index: int, physics: Physics) -> Node:
        latency = physics.timing(self, "latency", self.latency)
        return ExternalNode(kernel, self, index, instances=1, workers=None, queue_limit=None,
                            draws=per_op(kernel, self.id, lambda op: latency))


    def smaller(self, d: int, least: int) -> ComponentBase | str:
        """Its concurrency has no limit: a smaller system's calls meet the same third party."""
        return self


class ExternalNode(Station):
    """A third party: unlimited concurrency, its own latency, and a share of calls that fail.
    A charge or an email it completes is a side effect; the ledger counts repeats."""

    def __init__(self, kernel: Kernel, comp: Any, index: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.error_rate = comp.error_rate
        self.fail_rng = stream(kernel.seed, f"errors:{comp.id}").random
        self.effects = False
        self.shortcuts()

    def track_effects(self) -> None:
        self.effects = True
        self.shortcuts()

    def shortcuts(self) -> None:
        super().shortcuts()
        if getattr(self, "error_rate", 0.0) or getattr(self, "effects", False):
            self.work = [self._own_done] * len(self.work)  # every call passes own_done

    def own_done(self, t: float, frame: list) -> None:
        if self.error_rate and self.fail_rng() < self.error_rate:
            self.release(t, frame, ERROR)
            return
        if self.effects and frame[0][1] in EFFECTS:
            self.ledger.applied(t, frame[0], self.index)
        super().own_done(t, frame)
