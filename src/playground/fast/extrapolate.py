"""A smaller, shorter run's result, told at the challenge's size.

Counts of requests, calls, anomalies and effects grow with the system (`factor`) and with the
length of steady traffic they stand for (`tau`, measured seconds over simulated ones); rates,
shares, percentiles, utilisations and times stay as measured. Per-second series cover the
seconds simulated, their counts grown by the factor. A component's levels (a queue's length, a
cache's items) grow with the factor alone. Traces and events are the simulated ones.
"""

from __future__ import annotations

from typing import Any

LEVELS = frozenset({"items", "backlog", "keys_written", "slots"})
"""A component's fields that are amounts held at a moment, not counts of things that happened."""
KEPT = frozenset({"kind", "policy", "quorum", "hit_ratio", "utilization", "cpu_utilization", "mean_time_ms",
                  "calls_by_partition", "staleness_by_age", "t_visibility", "k_staleness"})
"""Fields that are shares, times or shapes: as measured."""
COUNTED_SERIES = ("throughput", "queue_length", "errors", "fallbacks")
"""A component's per-second series that count things: grown by the factor."""


def told_at_size(data: dict[str, Any], factor: int, tau: float, measured_s: float, duration_s: float,
                 reduced: set[str]) -> dict[str, Any]:
    """`data` (a result's JSON form) with its counts grown by factor × tau."""
    k = factor * tau
    out = dict(data)
    out["duration_s"] = duration_s
    out["requests"] = {name: _count(v, k) for name, v in data["requests"].items()}
    if "warmup" in data:
        out["warmup"] = {**data["warmup"], "measured_s": measured_s,
                         "requests": _count(data["warmup"]["requests"], factor)}
    out["latency_ms"] = {
        "overall": _latency(data["latency_ms"]["overall"], k),
        "by_op": {op: _latency(v, k) for op, v in data["latency_ms"]["by_op"].items()},
    }
    out["components"] = {cid: _component(c, k, factor, cid in reduced) for cid, c in data["components"].items()}
    series = data["series"]
    out["series"] = {**series, **{name: [_count(x, factor) for x in series[name]] for name in ("rps", "ok", "errors")}}
    anomalies = data["anomalies"]
    out["anomalies"] = {**anomalies, "counts": _grown(anomalies["counts"], k), "by_op": _grown(anomalies["by_op"], k)}
    if "clients" in data:
        out["clients"] = _grown(data["clients"], k)
    return out


def _count(value: Any, k: float) -> Any:
    return round(value * k) if isinstance(value, int) and not isinstance(value, bool) else value


def _grown(value: Any, k: float) -> Any:
    if isinstance(value, dict):
        return {name: _grown(v, k) for name, v in value.items()}
    return _count(value, k)


def _latency(entry: dict[str, Any], k: float) -> dict[str, Any]:
    counted = ("count", "ok", "timeout", "rejected", "error", "degraded")
    return {name: _count(v, k) if name in counted else v for name, v in entry.items()}


def _component(c: dict[str, Any], k: float, factor: int, reduced: bool) -> dict[str, Any]:
    """A component of the smaller system told as the whole one: its counts grown; its rate of
    work and its queue grown by the factor (it stands for `factor` of itself, or it took
    1/factor of the traffic); its shares and times as measured."""
    out: dict[str, Any] = {}
    for name, v in c.items():
        if name in KEPT or name == "series":
            out[name] = v
        elif name in ("throughput_rps", "queue_length"):
            out[name] = None if v is None else round(v * factor, 4)
        elif name in LEVELS:  # held by each of its copies: a smaller part held 1/factor of it
            out[name] = _count(v, factor) if reduced else v
        else:
            out[name] = _grown(v, k)
    series = c["series"]
    out["series"] = {**series, **{name: [_times(x, factor) for x in series[name]]
                                  for name in COUNTED_SERIES if name in series}}
    return out


def _times(x: Any, factor: int) -> Any:
    if isinstance(x, int):
        return x * factor
    return None if x is None else round(x * factor, 4)
