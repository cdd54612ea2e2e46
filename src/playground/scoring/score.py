"""Score a run: requirements measured, four category scores, the overall, findings and cost."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from playground.core.approximation import bounded
from playground.core.data import ANOMALIES
from playground.core.record import RunResult
from playground.design.challenge import Challenge
from playground.design.model import Design
from playground.scoring.card import CategoryScore, Observed, ScoreCard, digests
from playground.scoring.cost import metered, monthly_cost
from playground.scoring.evidence import Evidence
from playground.scoring.findings import findings
from playground.scoring.measure import (
    CATEGORIES,
    RequirementResult,
    faults_struck,
    implicit_requirements,
    measure,
)
from playground.scoring.prices import price_table


def score(design: Design, challenge: Challenge, result: RunResult | Mapping[str, Any]) -> ScoreCard:
    """The score card of `result`, the engine's results of running `challenge` on `design`
    (its record, or its JSON form, read by RunResult.from_dict: a result missing a field, or
    with one the format does not have, is an error)."""
    if not isinstance(result, RunResult):
        result = RunResult.from_dict(result)
    system = challenge.assemble(design)  # with the parts the world gives: they are billed too
    cost = monthly_cost(system, measured_rates(system, result))
    roles = {c.id: c.roles | ({"entry"} if c.id == design.entry else set()) for c in system.components}
    explicit = [measure(r.within(roles), result, cost) for r in challenge.requirements]
    if result.approximation is not None and result.approximation.intervals:
        explicit = undecided(explicit, [r.within(roles) for r in challenge.requirements], result, cost)
    struck = faults_struck(challenge, result)
    if struck is not None:
        explicit.append(struck)
    judged = {r.category for r in explicit}
    defaults = [
        measure(r, result, cost, implicit=True) for r in implicit_requirements(challenge, judged)
    ]
    everything = explicit + defaults
    weights = challenge.weights.model_dump()
    categories = tuple(_category(name, weights[name], everything) for name in CATEGORIES)
    overall, lost = _overall(categories)
    failing = {r.category for r in explicit if not r.passed}
    reasons = findings(Evidence(system, challenge, result), lost, failing, everything, cost)
    return ScoreCard(
        design=design.name,
        challenge=challenge.title,
        categories=categories,
        overall=overall,
        requirements=tuple(everything),
        passed=all(r.passed for r in explicit),
        findings=reasons,
        cost=cost,
        seed=result.seed,
        digests=digests(design, challenge, result.engine_version),
        observed=observed(result, {r.anomaly for r in everything if r.anomaly}),
        degraded=degraded(result),
        approximated=None if result.approximation is None else result.approximation.describe(),
        horizon=None if result.horizon is None else result.horizon.to_dict(),
    )


def undecided(measured: list[RequirementResult], requirements: list, result: RunResult,
              bill: Any) -> list[RequirementResult]:
    """Each requirement marked uncertain when its verdict differs between the two ends of the
    fast run's intervals (a verdict moves one way with its figure, so the ends decide)."""
    ends = [bounded(result, side) for side in (0, 1)]
    return [replace(m, uncertain=True) if len({measure(r, end, bill).passed for end in ends}) > 1 else m
            for m, r in zip(measured, requirements, strict=True)]


def observed(result: RunResult, graded: set[str]) -> tuple[Observed, ...]:
    """Every anomaly the run had, in the ledger's order, each marked graded when a requirement
    names it."""
    out = []
    for name in ANOMALIES:
        entry = result.anomaly(name)
        if entry is not None and entry.count:
            out.append(Observed(name, entry.count, entry.rate, name in graded))
    return tuple(out)


def degraded(result: RunResult) -> dict[str, int] | None:
    """Per operation, the answers a fallback degraded; None when the design has no fallback."""
    if result.requests.degraded is None:
        return None
    return {op: lat.degraded or 0 for op, lat in result.latency_ms.by_op.items()}


def measured_rates(design: Design, result: RunResult) -> dict[str, float]:
    """Requests per second the run measured at each component billed per request."""
    table = price_table()
    return {
        c.id: _rate(result, c.id)
        for c in design.components
        if metered(table, c)
    }


def _rate(result: RunResult, cid: str) -> float:
    stats = result.components.get(cid)
    return 0.0 if stats is None or stats.throughput_rps is None else float(stats.throughput_rps)


def _category(name: str, weight: float, results: list[RequirementResult]) -> CategoryScore:
    """The worst requirement of the category sets its score. A default the engine cannot
    measure (anomalies from an engine that does not detect them) judges nothing."""
    mine = [r for r in results if r.category == name and not (r.implicit and r.ratio is None)]
    if not mine:
        return CategoryScore(name, None, weight, ())
    worst = min(r.score for r in mine)
    return CategoryScore(name, worst, weight, tuple(r.name for r in mine))


def _overall(categories: tuple[CategoryScore, ...]) -> tuple[float, dict[str, float]]:
    """Weighted mean of the judged categories, and the points each one cost the overall."""
    judged = {c.name: (c.weight, c.score) for c in categories if c.score is not None}
    if not judged:
        return 0.0, {}
    total = sum(w for w, _ in judged.values())
    weight = {name: (w / total if total > 0 else 1 / len(judged)) for name, (w, _) in judged.items()}
    overall = sum(weight[name] * s for name, (_, s) in judged.items())
    lost = {name: weight[name] * (100.0 - s) for name, (_, s) in judged.items()}
    return overall, lost
