"""A crash: the component (or one instance of it) goes down, and comes back after duration_s."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from pydantic import Field

from playground.faults.base import Strike
from playground.formats.base import Span

if TYPE_CHECKING:
    from playground.core.faults import Timeline
    from playground.core.kernel import Node


class Crash(Strike):
    takes_down: ClassVar[bool] = True
    ended: ClassVar[str] = "recovered"

    kind: Literal["crash"]
    instance: int | None = Field(None, ge=0, le=999, description="One instance of a service only.")
    duration_s: Span | None = Field(None, description="Recover after this long; none: stays down.")

    def detail(self) -> dict[str, Any]:
        return {} if self.instance is None else {"instance": self.instance}

    def strike(self, t: float, node: Node, timeline: Timeline) -> None:
        timeline.crashed_at.setdefault(node.id, t)
        node.on_crash(t, self.instance, timeline)

    def lift(self, t: float, node: Node, timeline: Timeline) -> None:
        timeline.recover(t, node, self.instance)

    @classmethod
    def describe(cls, target: str, data: Any) -> str:
        return f"{target} was down"
