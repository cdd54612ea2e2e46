"""An availability requirement: the share of requests answered ok within the client timeout. A
fallback's degraded answer counts as failed, unless the requirement accepts degraded answers for
its operation (a page without recommendations may be good enough; a balance without data is not)."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playground.core.record import RunResult
from playground.formats.base import Fraction, Operation
from playground.requirements.base import Bill, RequirementBase, RequirementResult, percent


class AvailabilityRequirement(RequirementBase):
    category = "availability"
    kind: Literal["availability"]
    min: Fraction = Field(description="Share of requests answered ok within the client timeout.")
    degraded_ok: list[Operation] = Field(
        default_factory=list,
        description="Operations whose degraded answers (a fallback's, without an optional call) count "
        "as answered; any other degraded answer counts as failed.",
    )

    def measure(self, run: RunResult, bill: Bill, implicit: bool = False) -> RequirementResult:
        name = f"availability ≥ {percent(self.min)}"
        total = run.requests.total
        if not total or run.availability is None:
            return self.verdict(name, self.min, None, "fraction", None, False, implicit, "no request was answered")
        actual = float(run.availability) + self.accepted(run) / run.requests.finished
        allowed = max(1.0 - self.min, 0.5 / total)  # a target of zero counts as half a request
        ratio = (1.0 - actual) / allowed
        return self.verdict(name, self.min, actual, "fraction", ratio, actual >= self.min, implicit)

    def accepted(self, run: RunResult) -> int:
        """The degraded answers it accepts: those of the operations it names."""
        by_op = run.latency_ms.by_op
        return sum(by_op[op].degraded or 0 for op in self.degraded_ok if op in by_op)
