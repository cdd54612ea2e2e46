"""A requirement that work parked on a queue is done: by the end of the run no message waits in a
backlog and none was dropped. A queue answers the producer at once, so without this a design can
park every email on a queue that never sends them, or drop the ones that fail."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playground.core.record import RunResult
from playground.requirements.base import Bill, RequirementBase, RequirementResult


class DrainedRequirement(RequirementBase):
    category = "consistency"
    kind: Literal["drained"]
    max_left: int = Field(0, ge=0, le=1_000_000_000,
                          description="Messages still waiting or dropped at the end, at most.")

    def measure(self, run: RunResult, bill: Bill, implicit: bool = False) -> RequirementResult:
        name = "every queued message delivered" if not self.max_left else f"≤ {self.max_left:,} messages left"
        waiting = dropped = 0
        for stats in run.components.values():
            waiting += int(stats.extra.get("backlog") or 0)
            dropped += int(stats.extra.get("dropped") or 0)
        left = waiting + dropped
        ratio = left / max(self.max_left, 0.5)  # an allowance of none counts as half a message
        return self.verdict(name, self.max_left, float(left), "messages", ratio, left <= self.max_left, implicit,
                            f"{waiting:,} waiting, {dropped:,} dropped")
