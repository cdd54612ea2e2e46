"""The reasons a run lost points: each names a component and the evidence for it.

Candidates come from the evidence (saturated slots, failing dependencies, slow traces, anomalies,
the bill); each says which score categories it explains and how strongly. A category's lost points
are shared among its candidates by strength, and the two or three candidates with most points
become the findings. A category with a failing requirement always gets its strongest reason in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from playground.scoring.cost import Cost
from playground.scoring.evidence import Evidence
from playground.scoring.findings.candidate import Candidate, Finding
from playground.scoring.findings.data import anomalies
from playground.scoring.findings.failures import failures
from playground.scoring.findings.load import saturation, skew, slow_traces
from playground.scoring.measure import RequirementResult

__all__ = ["Finding", "findings"]

MAX_FINDINGS = 3


def findings(
    ev: Evidence,
    lost: Mapping[str, float],
    failing: set[str],
    requirements: list[RequirementResult],
    cost: Cost,
) -> tuple[Finding, ...]:
    """`lost`: points each category costs the overall score; `failing`: categories with a
    failing requirement."""
    candidates = [
        *saturation(ev),
        *skew(ev),
        *failures(ev),
        *slow_traces(ev),
        *anomalies(ev, requirements),
        *_cost(ev, cost, requirements),
    ]
    for category in lost:
        if (lost[category] > 0 or category in failing) and not any(
            category in c.explains for c in candidates
        ):
            candidates.extend(_fallback(category, requirements))
    points = _share(candidates, lost)
    order = sorted(range(len(candidates)), key=lambda i: -points[i])
    chosen: list[int] = []
    for category in sorted(failing, key=lambda c: -lost.get(c, 0.0)):
        best = next((i for i in order if category in candidates[i].explains), None)
        if best is not None and best not in chosen and len(chosen) < MAX_FINDINGS:
            chosen.append(best)
    for i in order:
        if len(chosen) >= MAX_FINDINGS:
            break
        if i not in chosen and points[i] >= 0.5:
            chosen.append(i)
    chosen.sort(key=lambda i: -points[i])
    return tuple(
        Finding(
            candidates[i].component,
            candidates[i].message,
            tuple(c for c in lost if c in candidates[i].explains),
            points[i],
            tuple(candidates[i].evidence.items()),
        )
        for i in chosen
    )


def _share(candidates: list[Candidate], lost: Mapping[str, float]) -> list[float]:
    totals: dict[str, float] = {}
    for c in candidates:
        for category, strength in c.explains.items():
            totals[category] = totals.get(category, 0.0) + strength
    return [
        sum(
            lost.get(cat, 0.0) * s / totals[cat] for cat, s in c.explains.items() if totals[cat] > 0
        )
        for c in candidates
    ]


def _cost(ev: Evidence, cost: Cost, requirements: list[RequirementResult]) -> Iterator[Candidate]:
    budget = next((r for r in requirements if r.category == "cost" and not r.implicit), None)
    if budget is None or budget.score >= 100 or cost.monthly_usd <= 0:
        return
    by = cost.by_component()
    for rank, (cid, usd) in enumerate(sorted(by.items(), key=lambda kv: -kv[1])[:2]):
        share = usd / cost.monthly_usd
        if rank and share < 0.25:
            break
        how = "; ".join(line.how for line in cost.lines if line.component == cid)
        message = (
            f"{cid}: ${usd:,.0f} of the ${cost.monthly_usd:,.0f} monthly bill "
            f"(budget ${budget.target:,.0f}): {how}"
        )
        yield Candidate(
            cid, message, {"cost": share}, {"monthly_usd": round(usd, 2), "share": round(share, 3)}
        )


def _fallback(category: str, requirements: list[RequirementResult]) -> Iterator[Candidate]:
    """When no component-level evidence explains a category: its worst requirement, as measured."""
    worst = min(
        (r for r in requirements if r.category == category), key=lambda r: r.score, default=None
    )
    if worst is None:
        return
    if worst.actual is None:
        message = f"{worst.name}: {worst.detail or 'not measured'}"
    else:
        message = f"{worst.name}: measured {_value(worst.actual, worst.unit)}"
    yield Candidate(None, message, {category: 1.0}, {"requirement": worst.name})


def _value(x: float, unit: str) -> str:
    if unit == "ms":
        return f"{x:,.1f} ms"
    if unit == "usd":
        return f"${x:,.2f}"
    if unit in ("fraction", "rate"):
        return f"{x:.4%}"
    return f"{x:,.0f}"
