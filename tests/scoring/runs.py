"""Results shaped as the engine reports them (docs/results.md), built by hand for scoring tests."""

from __future__ import annotations

from typing import Any

from playground.design.challenge import ANOMALIES, Challenge
from playground.design.model import Design


def stats(p50: float, p99: float, **more: float) -> dict[str, float]:
    return {
        "mean": p50 * 1.2,
        "p50": p50,
        "p95": (p50 + p99) / 2,
        "p99": p99,
        "max": p99 * 2,
        **more,
    }


def component(
    kind: str,
    utilization: float = 0.3,
    errors: int = 0,
    throughput_rps: float = 100.0,
    series_utilization: list[float] | None = None,
    queue: list[float] | None = None,
    series_errors: list[int] | None = None,
) -> dict[str, Any]:
    util = series_utilization or [utilization] * 10
    n = len(util)
    return {
        "kind": kind,
        "utilization": utilization,
        "throughput_rps": throughput_rps,
        "queue_length": max(queue or [0]),
        "errors": errors,
        "series": {
            "t": list(range(n)),
            "utilization": util,
            "throughput": [throughput_rps] * n,
            "queue_length": queue or [0] * n,
            "errors": series_errors or [0] * n,
        },
    }


def result(
    total: int = 10_000,
    ok: int | None = None,
    timeout: int = 0,
    rejected: int = 0,
    error: int = 0,
    p50: float = 10.0,
    p99: float = 30.0,
    by_op: dict | None = None,
    components: dict | None = None,
    anomalies: dict | None = None,
    events: list | None = None,
    traces: list | None = None,
    seed: int = 7,
) -> dict[str, Any]:
    ok = total - timeout - rejected - error if ok is None else ok
    out = {
        "requests": {
            "total": total,
            "ok": ok,
            "timeout": timeout,
            "rejected": rejected,
            "error": error,
        },
        "latency_ms": {
            "overall": stats(p50, p99),
            "by_op": by_op or {"read": stats(p50, p99, count=total)},
        },
        "availability": ok / total if total else 0.0,
        "components": components or {},
        "series": {"t": [], "rps": [], "ok": [], "errors": [], "p50_ms": [], "p99_ms": []},
        "traces": traces or [],
        "events": events or [],
        "seed": seed,
        "engine_version": "test-1",
    }
    if anomalies is not None:  # an engine that detects anomalies reports every kind, found or not
        out["anomalies"] = {a: {"count": 0, "rate": 0.0} for a in ANOMALIES} | anomalies
    return out


def design(*components: dict[str, Any], name: str = "d") -> Design:
    return Design.model_validate(
        {"name": name, "entry": components[0]["id"], "components": components}
    )


def challenge(
    *requirements: dict[str, Any],
    weights: dict | None = None,
    faults: list | None = None,
    **traffic: Any,
) -> Challenge:
    return Challenge.model_validate(
        {
            "title": "t",
            "story": "s",
            "teaches": ["x"],
            "difficulty": "easy",
            "time_limit_min": 5,
            "traffic": {"phases": [{"duration_s": 10, "rps": 100}], **traffic},
            "faults": faults or [],
            "requirements": list(requirements),
            **({"weights": weights} if weights else {}),
        }
    )
