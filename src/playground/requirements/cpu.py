"""A CPU budget: the share of its CPUs a part the story is about may use ("the primary stays
under 60 % CPU"). Latency alone lets a design pass by buying a machine big enough to do all the
work itself; a budget on the part that should be relieved (by a cache, replicas, a shard) asks
for the lesson instead.

It aims, as a fault does, at `role:NAME` (every component playing the role) or at the id of a
part the world gives, never at a name the design chooses; a design in which nothing plays the
role fails it, so leaving the part out is no way around it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Annotated, Literal

from pydantic import Field, PrivateAttr

from playground.core.record import RunResult
from playground.formats.base import Fraction
from playground.requirements.base import Bill, RequirementBase, RequirementResult, percent

Aim = Annotated[str, Field(pattern=r"^(role:)?[a-z][a-z0-9_-]{0,39}$",
                           description="`role:NAME` (every component playing it) or a given part's id.")]


class CpuRequirement(RequirementBase):
    category = "cost"
    kind: Literal["cpu"]
    of: Aim
    max: Fraction = Field(description="Share of its CPUs each component it aims at may use.")
    over: Literal["mean", "peak"] = Field(
        "mean", description="mean: over the whole run; peak: in its busiest second.")
    _ids: tuple[str, ...] | None = PrivateAttr(None)

    def within(self, roles: Mapping[str, frozenset[str]]) -> CpuRequirement:
        """A copy aimed at the components of this design that play the role (or the given id)."""
        how, _, name = self.of.rpartition(":")
        aimed = self.model_copy()
        aimed._ids = tuple(c for c, played in roles.items() if (name in played if how else c == name))
        return aimed

    def measure(self, run: RunResult, bill: Bill, implicit: bool = False) -> RequirementResult:
        who = self.of.removeprefix("role:")
        name = f"{who} CPU ≤ {percent(self.max)}" + (" in any second" if self.over == "peak" else "")
        ids = self._ids if self._ids is not None else (self.of,)
        measured = {c: cpu_of(run, c, self.over) for c in ids}
        if not ids:
            return self.verdict(name, self.max, None, "fraction", None, False, implicit,
                                f"nothing in the design plays {self.of}: the story's part is missing")
        if any(v is None for v in measured.values()):
            unknown = ", ".join(c for c, v in measured.items() if v is None)
            return self.verdict(name, self.max, None, "fraction", None, False, implicit,
                                f"the run measured no CPU for {unknown}")
        worst = max(measured, key=lambda c: measured[c] or 0.0)
        actual = measured[worst] or 0.0
        detail = f"busiest: {worst}" if len(ids) > 1 else ""
        return self.verdict(name, self.max, actual, "fraction", actual / max(self.max, 1e-9),
                            actual <= self.max, implicit, detail)


def cpu_of(run: RunResult, cid: str, over: str) -> float | None:
    """A component's CPU use: over the run, or its busiest second; None when it has no CPUs."""
    stats = run.components.get(cid)
    if stats is None:
        return None
    if over == "mean":
        mean = stats.extra.get("cpu_utilization")
        return None if mean is None else float(mean)
    seconds = [v for v in stats.series.extra.get("cpu", ()) if v is not None]
    return max(seconds) if seconds else None
