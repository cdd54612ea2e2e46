"""The challenge's requirements measured on a run, with the defaults a challenge that sets none in
a category is still judged on, and the requirement that the story's faults struck the design.

Each requirement kind measures itself (playground.requirements); this module decides which
requirements a run is judged on.
"""

from __future__ import annotations

from playground.core.record import RunResult
from playground.design.challenge import Challenge
from playground.requirements import (
    AnomalyRequirement,
    AvailabilityRequirement,
    LatencyRequirement,
    Requirement,
    RequirementResult,
)
from playground.requirements.anomaly import ANOMALY_NAMES, NEVER_ACCEPTABLE, READ_ANOMALIES
from playground.requirements.base import CATEGORIES, ZERO_AT, Bill, curve

__all__ = [
    "ANOMALY_NAMES", "CATEGORIES", "READ_ANOMALIES", "ZERO_AT", "RequirementResult", "curve",
    "faults_struck", "implicit_requirements", "measure",
]


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


def measure(req: Requirement, result: RunResult, bill: Bill, implicit: bool = False) -> RequirementResult:
    return req.measure(result, bill, implicit)


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
        why="a design cannot pass by renaming or leaving out the part the story's fault is about",
    )
