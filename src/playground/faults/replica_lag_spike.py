"""A replica lag spike: writes reach the replica at least lag_ms after their commit while it
lasts (a backup or a long query slowing its apply)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from playground.faults.base import Strike
from playground.formats.base import Millis, Span

if TYPE_CHECKING:
    from playground.core.faults import Timeline
    from playground.core.kernel import Node


class ReplicaLagSpike(Strike):
    needs: ClassVar[str | None] = "replication lag"

    kind: Literal["replica_lag_spike"]
    lag_ms: Millis
    duration_s: Span | None = None

    def detail(self) -> dict[str, Any]:
        return {"lag_ms": self.lag_ms}

    def strike(self, t: float, node: Node, timeline: Timeline) -> None:
        node.lag_spike(self.lag_ms / 1000.0)

    def lift(self, t: float, node: Node, timeline: Timeline) -> None:
        node.lag_spike(None)

    @classmethod
    def describe(cls, target: str, data: Any) -> str:
        lag = data.get("lag_ms")
        return f"{target} lagged" + (f" {lag / 1000:g} s" if lag else "")
