"""Availability over a long horizon (`yearly_availability`): the share of a simulated year of
failures and repairs in which the design could answer a read (playground.core.horizon). A
challenge asking for it gets a long-horizon run with every seed; the share is a percentage, as
an availability target is written ("99.95 % over a year": 263 minutes down at most). Time
answered only degraded counts as down unless the requirement accepts it (`degraded_ok`), as for
the availability of requests: a default answer is not the data."""

from __future__ import annotations

from typing import Annotated, ClassVar, Literal

from pydantic import Field

from playground.core.record import RunResult
from playground.requirements.base import Bill, RequirementBase, RequirementResult


class YearlyAvailabilityRequirement(RequirementBase):
    category = "availability"
    long_run: ClassVar[bool] = True
    kind: Literal["yearly_availability"]
    at_least: Annotated[float, Field(gt=0, lt=100)] = Field(
        description="Percent of the long horizon (a year unless the challenge's `horizon` says) the design "
        "must be able to answer a read.",
    )
    degraded_ok: bool = Field(
        False, description="A degraded answer (a fallback's, without an optional call) counts as answered. By "
        "default it counts as down: a page without its data is no answer to the person who asked.",
    )

    def measure(self, run: RunResult, bill: Bill, implicit: bool = False) -> RequirementResult:
        name = f"up {self.at_least:g}% of a year"
        target = self.at_least / 100.0
        h = run.horizon
        if h is None:
            return self.verdict(name, target, None, "fraction", None, False, implicit,
                                "the run made no long horizon of failures")
        allowed_min = (1.0 - target) * h.days * 1440.0
        worst = max(h.downtime_min_by_month)
        degraded = 0.0 if self.degraded_ok else h.degraded_min
        availability = h.availability - degraded / (h.days * 1440.0)
        detail = (f"{h.downtime_min:,.0f} min down in {h.outages} outage{'s' * (h.outages != 1)} over "
                  f"{h.days:g} days (at most {allowed_min:,.0f} allowed; worst month {worst:,.0f} min); "
                  + (f"{degraded:,.0f} min answered degraded, counted as down; " if degraded else "")
                  + f"analytic {h.analytic * 100:.4f}%")
        ratio = (1.0 - availability) / (1.0 - target)
        return self.verdict(name, target, availability, "fraction", ratio, availability >= target, implicit, detail)
