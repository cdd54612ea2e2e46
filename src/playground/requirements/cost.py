"""A cost requirement: the design's monthly bill within a budget."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playground.core.record import RunResult
from playground.requirements.base import Bill, RequirementBase, RequirementResult


class CostRequirement(RequirementBase):
    category = "cost"
    kind: Literal["cost"]
    max_monthly_usd: float = Field(gt=0, le=100_000_000)

    def measure(self, run: RunResult, bill: Bill, implicit: bool = False) -> RequirementResult:
        name = f"monthly cost ≤ ${self.max_monthly_usd:,.0f}"
        actual = bill.monthly_usd
        detail = f"not counted: {', '.join(bill.unpriced)}" if bill.unpriced else ""
        return self.verdict(name, self.max_monthly_usd, actual, "usd", actual / self.max_monthly_usd,
                            actual <= self.max_monthly_usd, implicit, detail)
