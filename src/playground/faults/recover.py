"""A recovery: a crashed component starts again (for a crash with no duration_s)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from playground.faults.base import Strike

if TYPE_CHECKING:
    from playground.core.faults import Timeline
    from playground.core.kernel import Node


class Recover(Strike):
    harms: ClassVar[bool] = False

    kind: Literal["recover"]

    def strike(self, t: float, node: Node, timeline: Timeline) -> None:
        timeline.recover(t, node, None)

    @classmethod
    def describe(cls, target: str, data: Any) -> str:
        return f"{target} came back"
