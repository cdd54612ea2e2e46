"""An availability requirement: the share of requests answered ok within the client timeout."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playground.core.record import RunResult
from playground.formats.base import Fraction
from playground.requirements.base import Bill, RequirementBase, RequirementResult, percent


class AvailabilityRequirement(RequirementBase):
    category = "availability"
    kind: Literal["availability"]
    min: Fraction = Field(description="Share of requests answered ok within the client timeout.")

    def measure(self, run: RunResult, bill: Bill, implicit: bool = False) -> RequirementResult:
        name = f"availability ≥ {percent(self.min)}"
        total = run.requests.total
        if not total or run.availability is None:
            return self.verdict(name, self.min, None, "fraction", None, False, implicit, "no request was answered")
        actual = float(run.availability)
        allowed = max(1.0 - self.min, 0.5 / total)  # a target of zero counts as half a request
        ratio = (1.0 - actual) / allowed
        return self.verdict(name, self.min, actual, "fraction", ratio, actual >= self.min, implicit)
