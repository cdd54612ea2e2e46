"""Each requirement of a challenge measured on a run: target, actual, pass or fail, and a score.

A requirement's score comes from one number, its *burn ratio*: how much of what the requirement
allows the run used (p99 / max_ms, unavailability / allowed unavailability, anomalies / allowed,
cost / budget). The curve from ratio to score is in `curve` and documented in docs/scoring.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from playground.core.record import RunResult
from playground.design.challenge import (
    AnomalyRequirement,
    AvailabilityRequirement,
    Challenge,
    CostRequirement,
    LatencyRequirement,
    Requirement,
)
from playground.scoring.cost import Cost

CATEGORIES = ("consistency", "latency", "availability", "cost")
CATEGORY_OF = {
    "anomaly": "consistency",
    "latency": "latency",
    "availability": "availability",
    "cost": "cost",
}
ZERO_AT = {"latency": 4.0, "cost": 4.0, "availability": 10.0, "consistency": 100.0}
"""The burn ratio at which a category's requirement scores 0 (see `curve`)."""

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
        }


def curve(ratio: float, zero_at: float) -> float:
    """100 while at most half the allowance is used, 60 at exactly the allowance, then down
    logarithmically to 0 at `zero_at` times the allowance. Never increases with the ratio."""
    if ratio <= 0.5:
        return 100.0
    if ratio <= 1.0:
        return 100.0 - 80.0 * (ratio - 0.5)
    return max(0.0, 60.0 * (1.0 - math.log(ratio) / math.log(zero_at)))


def implicit_requirements(challenge: Challenge, judged: set[str]) -> list[Requirement]:
    """Defaults for the categories the challenge sets no requirement in. Cost has none: without a
    budget there is nothing to judge a bill against."""
    out: list[Requirement] = []
    if "latency" not in judged:
        out.append(
            LatencyRequirement(
                kind="latency",
                percentile=99,
                max_ms=challenge.traffic.client.timeout_ms,
                name="p99 within the client timeout",
            )
        )
    if "availability" not in judged:
        out.append(AvailabilityRequirement(kind="availability", min=0.99))
    if "consistency" not in judged:
        out += [
            AnomalyRequirement(kind="anomaly", anomaly=a, max_count=0)
            for a in NEVER_ACCEPTABLE
        ]
    return out


def measure(
    req: Requirement, result: RunResult, cost: Cost, implicit: bool = False
) -> RequirementResult:
    if isinstance(req, LatencyRequirement):
        return _latency(req, result, implicit)
    if isinstance(req, AvailabilityRequirement):
        return _availability(req, result, implicit)
    if isinstance(req, AnomalyRequirement):
        return _anomaly(req, result, implicit)
    return _cost(req, cost, implicit)


def _done(
    req: Requirement,
    name: str,
    target: float,
    actual: float | None,
    unit: str,
    ratio: float | None,
    passed: bool,
    implicit: bool,
    detail: str = "",
) -> RequirementResult:
    category = CATEGORY_OF[req.kind]
    score = 0.0 if ratio is None else curve(ratio, ZERO_AT[category])
    return RequirementResult(
        req.name or name,
        req.kind,
        category,
        target,
        actual,
        unit,
        passed,
        score,
        ratio,
        detail,
        implicit,
        getattr(req, "anomaly", None),
    )


def latency_of(result: RunResult, percentile: float, op: str | None) -> float | None:
    """The run's latency at a percentile, overall or for one operation; None when the run did not
    report it (no such request completed, or a result made for another challenge)."""
    stats = result.latency_ms.of(op)
    return None if stats is None else stats.p(percentile)


def _latency(req: LatencyRequirement, result: RunResult, implicit: bool) -> RequirementResult:
    of = f" of {req.op}" if req.op else ""
    name = f"p{req.percentile:g} latency{of} ≤ {req.max_ms:g} ms"
    actual = latency_of(result, req.percentile, req.op)
    if actual is None:
        detail = (
            f"no {req.op} request completed"
            if req.op and _completed(result, req.op) == 0
            else f"the run did not report the p{req.percentile:g}"
        )
        return _done(req, name, req.max_ms, None, "ms", None, False, implicit, detail)
    ratio = actual / req.max_ms
    return _done(req, name, req.max_ms, actual, "ms", ratio, actual <= req.max_ms, implicit)


def _completed(result: RunResult, op: str) -> int:
    stats = result.latency_ms.of(op)
    return 0 if stats is None else stats.count


def _availability(req: AvailabilityRequirement, result: RunResult, implicit: bool) -> RequirementResult:
    name = f"availability ≥ {_percent(req.min)}"
    total = result.requests.total
    if not total or result.availability is None:
        return _done(
            req, name, req.min, None, "fraction", None, False, implicit, "no request was answered"
        )
    actual = float(result.availability)
    allowed = max(1.0 - req.min, 0.5 / total)  # a target of zero counts as half a request
    ratio = (1.0 - actual) / allowed
    return _done(req, name, req.min, actual, "fraction", ratio, actual >= req.min, implicit)


def _anomaly(req: AnomalyRequirement, result: RunResult, implicit: bool) -> RequirementResult:
    plural = ANOMALY_NAMES[req.anomaly]
    entry = result.anomaly(req.anomaly)
    if req.max_count is not None:
        name = f"no {plural}" if req.max_count == 0 else f"{plural} ≤ {req.max_count:,}"
        target, unit = float(req.max_count), "count"
    else:
        name = f"{plural} ≤ {_percent(req.max_rate or 0.0)}"
        target, unit = float(req.max_rate or 0.0), "rate"
    if entry is None:  # an engine that does not detect it, not one that found none
        return _done(req, name, target, None, unit, None, False, implicit, f"this engine does not detect {plural}")
    total = max(result.requests.total, 1)
    ratios, passed = [], True
    if req.max_count is not None:
        ratios.append(entry.count / max(req.max_count, 0.5))
        passed = entry.count <= req.max_count
    if req.max_rate is not None:
        ratios.append(entry.rate / max(req.max_rate, 0.5 / total))
        passed = passed and entry.rate <= req.max_rate
    actual = float(entry.count) if unit == "count" else entry.rate
    return _done(req, name, target, actual, unit, max(ratios), passed, implicit)


def _cost(req: CostRequirement, cost: Cost, implicit: bool) -> RequirementResult:
    name = f"monthly cost ≤ ${req.max_monthly_usd:,.0f}"
    actual = cost.monthly_usd
    detail = f"not counted: {', '.join(cost.unpriced)}" if cost.unpriced else ""
    return _done(
        req,
        name,
        req.max_monthly_usd,
        actual,
        "usd",
        actual / req.max_monthly_usd,
        actual <= req.max_monthly_usd,
        implicit,
        detail,
    )


def faults_struck(challenge: Challenge, result: RunResult) -> RequirementResult | None:
    """The faults the story needs must strike the design: one aimed at a role nothing plays (a
    design that renamed or left out the part a fault is about) fails the run, so a design
    cannot pass by dodging its story. None for a challenge without faults."""
    if not challenge.faults:
        return None
    missed = [e for e in result.events if e.kind == "missed"]
    detail = "; ".join(f"{e.detail.get('fault', 'a fault')} at {e.at_s:g} s found nothing to strike ({e.target})"
                       for e in missed)
    return RequirementResult(
        "the story's faults strike the design", "faults", "availability", 0.0, float(len(missed)), "count",
        not missed, 0.0 if missed else 100.0, float(len(missed)), detail,
    )


def _percent(x: float) -> str:
    return f"{x * 100:.6g}%"


def _round(x: float | None) -> float | None:
    return None if x is None else round(x, 6)
