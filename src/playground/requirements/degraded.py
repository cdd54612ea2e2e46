"""A requirement that a fallback's degraded answers come only while the story's fault lasts: a
page without recommendations is the story's answer while the vendor hangs, and a failure of the
feature while the vendor answers. A timeout shorter than the vendor's ordinary tail survives
the hang by throwing recommendations away every day; this judges the days.

The seconds judged are the traffic's, outside the first fault of the kind named and `grace_s`
after its end (the time a breaker takes to find the vendor answering again); the answers each
component degraded in them (its `fallbacks` series: one count per request, at the first that
degraded it) against the requests that began in them."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playground.core.record import RunResult
from playground.formats.base import Fraction
from playground.requirements.base import Bill, RequirementBase, RequirementResult, percent
from playground.requirements.fault_latency import fault_window


class DegradedRequirement(RequirementBase):
    category = "availability"
    kind: Literal["degraded"]
    fault: str = Field(pattern=r"^[a-z_]{1,40}$", description="The fault's kind (`hang` ...): degraded "
                       "answers are the story's own while the first fault of that kind lasts.")
    grace_s: float = Field(10.0, ge=0, le=3600, description="Seconds after the fault ends that are not judged "
                           "(the time a circuit breaker takes to find the dependency answering again).")
    max: Fraction = Field(description="Share of the requests begun outside the fault that may be answered degraded.")

    def measure(self, run: RunResult, bill: Bill, implicit: bool = False) -> RequirementResult:
        name = f"degraded outside the {self.fault.replace('_', ' ')} ≤ {percent(self.max)}"
        window = fault_window(run, self.fault)
        if window is None:
            return self.verdict(name, self.max, None, "fraction", None, False, implicit,
                                f"no {self.fault} fault in this run")
        start, end = window[0], window[1] + self.grace_s
        series = run.series
        judged = [i for i, t in enumerate(series.t) if t + 1 <= start or t >= end]
        began = sum(series.rps[i] for i in judged)
        if not began:
            return self.verdict(name, self.max, None, "fraction", None, False, implicit,
                                "no request began outside the fault")
        degraded = 0
        for comp in run.components.values():
            fallbacks = comp.series.extra.get("fallbacks")
            if fallbacks is not None:
                degraded += sum(fallbacks[i] for i in judged if i < len(fallbacks))
        actual = degraded / began
        allowed = max(self.max, 0.5 / began)
        return self.verdict(name, self.max, actual, "fraction", actual / allowed, actual <= self.max, implicit,
                            f"{degraded:,} degraded of {began:,} requests outside {start:g}-{end:g} s")
