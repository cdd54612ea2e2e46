"""A requirement on the well-behaved clients alone: the share of their requests answered ok, while
one abusive client sends a flood. Overall availability cannot tell a limit that stops the abuser
from one that turns everyone away (both reject the same share); this one can."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playground.core.record import RunResult
from playground.formats.base import Fraction
from playground.requirements.base import Bill, RequirementBase, RequirementResult, percent


class ClientsServedRequirement(RequirementBase):
    category = "availability"
    kind: Literal["clients_served"]
    min: Fraction = Field(description="Share of the well-behaved clients' requests answered ok "
                          "(the abusive client's are not counted).")

    def measure(self, run: RunResult, bill: Bill, implicit: bool = False) -> RequirementResult:
        name = f"well-behaved clients served ≥ {percent(self.min)}"
        good = (run.clients or {}).get("well_behaved")
        if not good or not good.get("finished"):
            detail = "the traffic has no abusive client" if run.clients is None else "no request finished"
            return self.verdict(name, self.min, None, "fraction", None, False, implicit, detail)
        finished, ok = int(good["finished"]), int(good.get("ok", 0))
        actual = ok / finished
        allowed = max(1.0 - self.min, 0.5 / finished)  # a target of all counts as half a request
        return self.verdict(name, self.min, actual, "fraction", (1.0 - actual) / allowed,
                            actual >= self.min, implicit, f"{finished - ok:,} of {finished:,} not served")
