"""A hang: the component accepts calls and answers none while it lasts; when it ends, the calls
it kept go on (a caller whose timeout fired meanwhile ignores the answer)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from playground.faults.base import Strike
from playground.formats.base import Span

if TYPE_CHECKING:
    from playground.core.faults import Timeline
    from playground.core.kernel import Node


class Hang(Strike):
    kind: Literal["hang"]
    duration_s: Span | None = None

    def strike(self, t: float, node: Node, timeline: Timeline) -> None:
        node.hang()

    def lift(self, t: float, node: Node, timeline: Timeline) -> None:
        node.unhang(t)

    @classmethod
    def describe(cls, target: str, data: Any) -> str:
        return f"{target} hung"
