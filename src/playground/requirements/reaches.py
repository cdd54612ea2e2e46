"""A requirement that a part the story gives is really used: the calls of one operation it received
against the requests of that operation answered ok. A checkout that never calls the payment provider charges
nobody twice, and a page that never asks the vendor cannot be hurt by its hang; this closes both.

Calls count every attempt (a retry is a call), so the share may pass 1; the target is a floor."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playground.core.record import RunResult
from playground.formats.base import Operation
from playground.requirements.base import Bill, RequirementBase, RequirementResult, percent


class ReachesRequirement(RequirementBase):
    category = "consistency"
    kind: Literal["reaches"]
    part: str = Field(pattern=r"^[a-z][a-z0-9_-]{0,39}$", description="The id of a part the challenge's world gives.")
    op: Operation = Field(description="The operation whose ok answers must have called it.")
    min: float = Field(1.0, gt=0, le=1, description="Calls to the part per ok request of `op`, at least.")

    def parts_counted(self) -> tuple[str, ...]:
        return (self.part,)

    def measure(self, run: RunResult, bill: Bill, implicit: bool = False) -> RequirementResult:
        name = f"{self.op} calls {self.part} ≥ {percent(self.min)}"
        stats = run.latency_ms.by_op.get(self.op)
        ok = int((stats.outcomes or {}).get("ok", 0)) if stats is not None else 0
        if not ok:
            return self.verdict(name, self.min, None, "fraction", None, False, implicit,
                                f"no {self.op} request was answered ok")
        part = run.components.get(self.part)
        by_op = part.extra.get("calls_by_op") if part is not None else None
        if part is not None and by_op is None:
            return self.verdict(name, self.min, None, "fraction", None, False, implicit,
                                f"{self.part} does not count its calls by operation")
        calls = int((by_op or {}).get(self.op, 0))
        actual = calls / ok
        shortfall = max(0.0, 1.0 - actual)
        allowed = max(1.0 - self.min, 0.5 / ok)
        return self.verdict(name, self.min, actual, "fraction", shortfall / allowed, actual >= self.min, implicit,
                            f"{calls:,} calls for {ok:,} ok {self.op} requests")
