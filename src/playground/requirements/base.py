"""What every requirement kind shares: its result, the curve from burn ratio to score, and the base
model a kind's module extends.

A requirement's score comes from one number, its *burn ratio*: how much of what the requirement
allows the run used (p99 / max_ms, unavailability / allowed unavailability, anomalies / allowed,
cost / budget). The curve from ratio to score is `curve`, documented in docs/scoring.md.
"""

from __future__ import annotations

import math
from abc import abstractmethod
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, ClassVar, Protocol, Self

from pydantic import Field

from playground.core.record import RunResult
from playground.formats.base import Name, StrictModel

CATEGORIES = ("consistency", "latency", "availability", "cost")
ZERO_AT = {"latency": 4.0, "cost": 4.0, "availability": 10.0, "consistency": 100.0}
"""The burn ratio at which a category's requirement scores 0 (see `curve`)."""


class Bill(Protocol):
    """What a requirement may ask of the design's monthly bill (scoring.cost.Cost)."""

    @property
    def monthly_usd(self) -> float: ...

    @property
    def unpriced(self) -> Sequence[str]: ...


@dataclass(frozen=True)
class RequirementResult:
    name: str
    kind: str
    category: str
    target: float
    actual: float | None
    unit: str
    passed: bool
    score: float
    ratio: float | None
    detail: str = ""
    implicit: bool = False
    """A default the score uses when the challenge sets no requirement in this category; it
    never decides `passed`."""
    anomaly: str | None = None
    why: str = ""
    """The one line the card shows for why the challenge asks this."""
    uncertain: bool = False
    """A fast run's interval for the figure holds both verdicts (playground.fast): measured, but
    not decided."""

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "category": self.category,
            "target": self.target,
            "actual": _round(self.actual),
            "unit": self.unit,
            "passed": self.passed,
            "score": round(self.score, 1),
            "detail": self.detail,
            "implicit": self.implicit,
            **({"anomaly": self.anomaly} if self.anomaly else {}),
            **({"why": self.why} if self.why else {}),
            **({"uncertain": True} if self.uncertain else {}),
        }


def curve(ratio: float, zero_at: float) -> float:
    """100 while at most half the allowance is used, 60 at exactly the allowance, then down
    logarithmically to 0 at `zero_at` times the allowance. Never increases with the ratio."""
    if ratio <= 0.5:
        return 100.0
    if ratio <= 1.0:
        return 100.0 - 80.0 * (ratio - 0.5)
    return max(0.0, 60.0 * (1.0 - math.log(ratio) / math.log(zero_at)))


class RequirementBase(StrictModel):
    """A requirement kind: its model (the fields a challenge writes), the category it is scored
    in, and how it is measured on a run."""

    category: ClassVar[str]
    long_run: ClassVar[bool] = False
    """It is judged on a long horizon of failures (the run makes one: Challenge.long_horizon)."""
    kind: str
    name: Name | None = Field(None, max_length=80, description="Shown on the score card.")
    why: Name | None = Field(None, max_length=200,
                             description="Why the story asks this, in one line the card shows.")

    def within(self, roles: Mapping[str, frozenset[str]]) -> Self:
        """The requirement aimed at this design, given the roles each component plays (by id);
        a kind that aims at a role (a CPU budget on `role:primary`) resolves it here."""
        return self

    @abstractmethod
    def measure(self, run: RunResult, bill: Bill, implicit: bool = False) -> RequirementResult:
        """The requirement judged on a run: every kind says how (pydantic's metaclass is an ABCMeta)."""

    def parts_counted(self) -> tuple[str, ...]:
        """Parts whose calls by operation it judges: a run counts those only (none by default)."""
        return ()

    def verdict(self, name: str, target: float, actual: float | None, unit: str, ratio: float | None,
                passed: bool, implicit: bool, detail: str = "", anomaly: str | None = None) -> RequirementResult:
        """The result, scored on the category's curve; a ratio the run could not give scores 0."""
        score = 0.0 if ratio is None else curve(ratio, ZERO_AT[self.category])
        return RequirementResult(self.name or name, self.kind, self.category, target, actual, unit, passed,
                                 score, ratio, detail, implicit, anomaly, self.why or "")


def percent(x: float) -> str:
    return f"{x * 100:.6g}%"


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 6)
