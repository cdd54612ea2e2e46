"""Results shaped as the engine reports them (docs/results.md), built by hand for scoring tests."""

from __future__ import annotations

import copy
from typing import Any

from playground.core.data import ANOMALIES
from playground.design.challenge import Challenge
from playground.design.model import Design


def stats(p50: float, p99: float, count: int = 1000, **outcomes: int) -> dict[str, Any]:
    """A latency entry; with `outcomes` (ok, timeout, rejected, error), an operation's."""
    out: dict[str, Any] = {"count": count, "mean": p50 * 1.2, "p50": p50, "p95": (p50 + p99) / 2,
                           "p99": p99, "max": p99 * 2}
    return out | ({"ok": count, "timeout": 0, "rejected": 0, "error": 0} | outcomes if outcomes else {})


def component(
    kind: str,
    utilization: float = 0.3,
    errors: int = 0,
    throughput_rps: float = 100.0,
    series_utilization: list[float] | None = None,
    queue: list[float] | None = None,
    series_errors: list[int] | None = None,
    **extra: Any,
) -> dict[str, Any]:
    util = series_utilization or [utilization] * 10
    n = len(util)
    return {
        "kind": kind,
        "utilization": utilization,
        "throughput_rps": throughput_rps,
        "queue_length": max(queue or [0]),
        "calls": int(throughput_rps * n),
        "answered": int(throughput_rps * n),
        "errors": errors,
        "mean_time_ms": 5.0,
        "slots": 8,
        **extra,
        "series": {
            "t": list(range(n)),
            "utilization": util,
            "throughput": [throughput_rps] * n,
            "queue_length": queue or [0] * n,
            "errors": series_errors or [0] * n,
        },
    }


def anomalies(found: dict[str, dict[str, Any]] | None = None, ops: tuple[str, ...] = ("read",)) -> dict[str, Any]:
    """The engine's columnar form: every anomaly counted (0 when none), by operation (under
    its `op`, else the first of `ops`), with each one's examples."""
    found = found or {}
    counts = {a: int(found.get(a, {}).get("count", 0)) for a in ANOMALIES}
    where = {a: found.get(a, {}).get("op", ops[0]) for a in ANOMALIES}
    by_op = {op: {a: counts[a] if where[a] == op else 0 for a in ANOMALIES} for op in ops}
    return {"counts": counts, "by_op": by_op,
            "rates": {op: {a: 0.0 for a in ANOMALIES} for op in ops},
            "examples": {a: list(v["examples"]) for a, v in found.items() if v.get("examples")}}


def trace(latency_ms: float, *hops: dict[str, Any], rid: int = 0, op: str = "read", key: int | None = 1,
          session: int | None = None, outcome: str = "ok", **more: Any) -> dict[str, Any]:
    """A request as a trace (or, with found_ms, an anomaly's example): hops give at least a
    component; the rest of each hop defaults to an instant ok call."""
    return {"id": rid, "op": op, "key": key, "session": session, "client": None, "attempts": 1,
            "start_ms": 0.0, "latency_ms": latency_ms, "outcome": outcome,
            "hops": [{"instance": None, "start_ms": 0.0, "wait_ms": 0.0, "service_ms": 0.0, "outcome": "ok"} | h
                     for h in hops], **more}


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
    """A whole result as RunResult.to_dict() gives it; `anomalies` maps an anomaly to
    {count, examples}, the rest counted 0."""
    ok = total - timeout - rejected - error if ok is None else ok
    ops = by_op or {"read": stats(p50, p99, count=ok, ok=ok, timeout=timeout, rejected=rejected, error=error)}
    return {
        "engine_version": "test-1",
        "seed": seed,
        "duration_s": 10.0,
        "requests": {"total": total, "ok": ok, "timeout": timeout, "rejected": rejected, "error": error,
                     "in_flight": 0, "attempts": total, "retries": 0},
        "availability": ok / total if total else None,
        "latency_ms": {"overall": stats(p50, p99, count=ok), "by_op": ops},
        "components": copy.deepcopy(components or {}),  # a test may edit its result
        "series": {"t": [], "rps": [], "ok": [], "errors": [], "p50_ms": [], "p99_ms": []},
        "traces": traces or [],
        "events": events or [],
        "anomalies": _anomalies(anomalies, tuple(ops)),
    }


_anomalies = anomalies


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
