"""A network partition: calls from one side to the other (and back, unless one_way) vanish
while it lasts; only a caller's timeout ends them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from pydantic import Field

from playground.faults.base import FaultBase, Target
from playground.formats.base import Span

if TYPE_CHECKING:
    from playground.core.faults import Timeline


class Partition(FaultBase):
    kind: Literal["partition"]
    between: list[Target] = Field(min_length=2, max_length=2)
    one_way: bool = Field(False, description="Only calls from the first to the second are cut.")
    duration_s: Span | None = None

    def aimed(self) -> list[tuple[tuple[Any, ...], str]]:
        return [(("between", j), x) for j, x in enumerate(self.between)]

    def start(self, t: float, timeline: Timeline) -> None:
        a, b = (timeline.targets(x) for x in self.between)
        if not a or not b:
            timeline.missed(t, self)
        for x in a:
            for y in b:
                timeline.cut(x, y)
                if not self.one_way:
                    timeline.cut(y, x)
        timeline.log(t, "partition", " | ".join(self.between), one_way=self.one_way)

    def end(self, t: float, timeline: Timeline) -> None:
        a, b = (timeline.targets(x) for x in self.between)
        for x in a:
            for y in b:
                timeline.heal(t, x, y)
                if not self.one_way:
                    timeline.heal(t, y, x)
        timeline.log(t, "partition_healed", " | ".join(self.between))

    @classmethod
    def sides(cls, target: str) -> list[str]:
        return target.split(" | ")

    @classmethod
    def describe(cls, target: str, data: Any) -> str:
        other = data.get("other") or data.get("between")
        return f"{target} was cut off" + (f" from {other}" if isinstance(other, str) else "")
