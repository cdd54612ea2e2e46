"""A cache flush: the cache loses every entry at once (a restart, a deploy)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, Literal

from playground.faults.base import Strike

if TYPE_CHECKING:
    from playground.core.faults import Timeline
    from playground.core.kernel import Node


class CacheFlush(Strike):
    needs: ClassVar[str | None] = "memory to flush"

    kind: Literal["cache_flush"]

    def strike(self, t: float, node: Node, timeline: Timeline) -> None:
        node.flush()

    @classmethod
    def describe(cls, target: str, data: Any) -> str:
        return f"{target} was flushed"
