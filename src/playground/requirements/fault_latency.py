"""A requirement on the seconds a fault lasts: while the vendor hangs (after a grace for the
design to notice), every second's p99 stays under a bound. A whole run's percentile hides a
twenty-second fault behind thirty good seconds; this one looks at the fault only.

The fault is found in the run's events by its kind (the first such fault), and ends at the next
event on the same target (its end), or with the traffic."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playground.core.record import RunResult
from playground.formats.base import Millis
from playground.requirements.base import Bill, RequirementBase, RequirementResult


class FaultLatencyRequirement(RequirementBase):
    category = "latency"
    kind: Literal["fault_latency"]
    fault: str = Field(pattern=r"^[a-z_]{1,40}$", description="The fault's kind (`hang`, `partition` ...): "
                       "the first fault of that kind in the challenge.")
    grace_s: float = Field(2.0, ge=0, le=3600, description="Seconds after the fault starts that are not judged "
                           "(the time a timeout or breaker needs to notice).")
    percentile: Literal[50, 99] = Field(99, description="The percentile judged in each second.")
    max_ms: Millis

    def measure(self, run: RunResult, bill: Bill, implicit: bool = False) -> RequirementResult:
        name = f"p{self.percentile} while the {self.fault.replace('_', ' ')} lasts ≤ {self.max_ms:g} ms"
        window = fault_window(run, self.fault)
        if window is None:
            return self.verdict(name, self.max_ms, None, "ms", None, False, implicit,
                                f"no {self.fault} fault in this run")
        start, end = window[0] + self.grace_s, window[1]
        series = run.series
        values = series.p99_ms if self.percentile == 99 else series.p50_ms
        judged = [(t, v) for t, v in zip(series.t, values, strict=True) if t >= start and t + 1 <= end]
        if not judged:
            return self.verdict(name, self.max_ms, None, "ms", None, False, implicit,
                                "the fault is shorter than its grace")
        answered = [(t, v) for t, v in judged if v is not None]
        if len(answered) < len(judged):
            silent = next(t for t, v in judged if v is None)
            return self.verdict(name, self.max_ms, None, "ms", None, False, implicit,
                                f"no request answered ok in second {silent}")
        worst_t, worst = max(answered, key=lambda row: row[1])
        return self.verdict(name, self.max_ms, worst, "ms", worst / self.max_ms, worst <= self.max_ms, implicit,
                            f"worst second {worst_t} of {start:g}-{end:g} s")


def fault_window(run: RunResult, kind: str) -> tuple[float, float] | None:
    """When the first fault of `kind` started and ended (the traffic's end when it never did)."""
    events = run.events
    for i, e in enumerate(events):
        if e.kind == kind:
            end = next((later.at_s for later in events[i + 1:] if later.target == e.target), run.duration_s)
            return e.at_s, min(end, run.duration_s)
    return None
