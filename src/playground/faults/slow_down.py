"""A slow-down: the component's own work takes `factor` times as long while it lasts."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from playground.faults.base import Strike
from playground.formats.base import Span

if TYPE_CHECKING:
    from playground.core.faults import Timeline
    from playground.core.kernel import Node


class SlowDown(Strike):
    kind: Literal["slow_down"]
    factor: float = Field(gt=1, le=1000, description="Service times are multiplied by this.")
    duration_s: Span | None = None

    def detail(self) -> dict[str, Any]:
        return {"factor": self.factor}

    def strike(self, t: float, node: Node, timeline: Timeline) -> None:
        node.slow(self.factor)

    def lift(self, t: float, node: Node, timeline: Timeline) -> None:
        node.slow(None)

    @classmethod
    def describe(cls, target: str, data: Any) -> str:
        factor = data.get("factor")
        return f"{target} ran {factor:g}x slower" if factor else f"{target} was slowed down"
