"""An anomaly requirement: how many of one consistency anomaly the run may have, or what share."""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import Field, model_validator

from playground.core.data import ANOMALIES
from playground.core.record import RunResult
from playground.formats.base import Fraction
from playground.requirements.base import Bill, RequirementBase, RequirementResult, percent

if TYPE_CHECKING:
    Anomaly = str
else:
    Anomaly = Literal[ANOMALIES]  # the anomalies the engine detects (playground.core.data)

ANOMALY_NAMES = {
    "stale_read": "stale reads",
    "read_your_writes": "read-your-writes violations",
    "monotonic_read": "monotonic-read violations",
    "lost_write": "lost writes",
    "duplicate_side_effect": "duplicate side effects",
    "oversell": "oversells",
    "lost_session": "lost sessions",
}
READ_ANOMALIES = ("stale_read", "read_your_writes", "monotonic_read")
"""Anomalies a read suffers (the version it returned was wrong for it)."""
NEVER_ACCEPTABLE = ("lost_write", "duplicate_side_effect", "oversell", "lost_session")
"""Anomalies a challenge that says nothing about consistency is still judged on (at zero)."""


def plural(anomaly: str) -> str:
    return ANOMALY_NAMES.get(anomaly, anomaly.replace("_", " ") + "s")


class AnomalyRequirement(RequirementBase):
    category = "consistency"
    kind: Literal["anomaly"]
    anomaly: Anomaly
    max_count: int | None = Field(None, ge=0, le=1_000_000_000)
    max_rate: Fraction | None = Field(None, description="Share of the affected operations.")

    @model_validator(mode="after")
    def _one_limit(self) -> AnomalyRequirement:
        if self.max_count is None and self.max_rate is None:
            raise ValueError("give max_count or max_rate")
        return self

    def measure(self, run: RunResult, bill: Bill, implicit: bool = False) -> RequirementResult:
        many = plural(self.anomaly)
        entry = run.anomaly(self.anomaly)
        if self.max_count is not None:
            name = f"no {many}" if self.max_count == 0 else f"{many} ≤ {self.max_count:,}"
            target, unit = float(self.max_count), "count"
        else:
            name = f"{many} ≤ {percent(self.max_rate or 0.0)}"
            target, unit = float(self.max_rate or 0.0), "rate"
        if entry is None:  # an engine that does not detect it, not one that found none
            return self.verdict(name, target, None, unit, None, False, implicit,
                                f"this engine does not detect {many}", self.anomaly)
        total = max(run.requests.total, 1)
        ratios, passed = [], True
        if self.max_count is not None:
            ratios.append(entry.count / max(self.max_count, 0.5))
            passed = entry.count <= self.max_count
        if self.max_rate is not None:
            ratios.append(entry.rate / max(self.max_rate, 0.5 / total))
            passed = passed and entry.rate <= self.max_rate
        actual = float(entry.count) if unit == "count" else entry.rate
        return self.verdict(name, target, actual, unit, max(ratios), passed, implicit, anomaly=self.anomaly)
