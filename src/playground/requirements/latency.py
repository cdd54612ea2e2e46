"""A latency requirement: a percentile of the answered requests' times, overall or of one operation."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playground.core.record import RunResult
from playground.formats.base import Millis, Operation
from playground.requirements.base import Bill, RequirementBase, RequirementResult


class LatencyRequirement(RequirementBase):
    category = "latency"
    kind: Literal["latency"]
    percentile: float = Field(99.0, gt=0, lt=100)
    op: Operation | None = Field(None, description="One operation only; none: every request.")
    max_ms: Millis

    def measure(self, run: RunResult, bill: Bill, implicit: bool = False) -> RequirementResult:
        of = f" of {self.op}" if self.op else ""
        name = f"p{self.percentile:g} latency{of} ≤ {self.max_ms:g} ms"
        actual = latency_of(run, self.percentile, self.op)
        if actual is None:
            stats = run.latency_ms.of(self.op) if self.op else None
            detail = (f"no {self.op} request completed" if self.op and (stats is None or stats.count == 0)
                      else f"the run did not report the p{self.percentile:g}")
            return self.verdict(name, self.max_ms, None, "ms", None, False, implicit, detail)
        return self.verdict(name, self.max_ms, actual, "ms", actual / self.max_ms, actual <= self.max_ms, implicit)


def latency_of(run: RunResult, percentile: float, op: str | None) -> float | None:
    """The run's latency at a percentile, overall or for one operation; None when the run did not
    report it (no such request completed, or a result made for another challenge)."""
    stats = run.latency_ms.of(op)
    return None if stats is None else stats.p(percentile)
