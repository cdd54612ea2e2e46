"""A run's result: an immutable record, and its JSON form (see docs/results.md for every field).

Aggregates over components use the traffic window [0, window): utilization, throughput and
queue length are time averages over it. Series cover every whole second simulated so far.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import ceil
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from playground.core.histogram import COARSE_SHIFT, PER_OCTAVE, Histogram, ms, percentile
from playground.core.kernel import OPS, OUTCOMES, Node

if TYPE_CHECKING:
    from playground.core.simulation import Simulation


def freeze(value: Any) -> Any:
    if isinstance(value, dict):
        return MappingProxyType({k: freeze(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return tuple(freeze(v) for v in value)
    return value


def thaw(value: Any) -> Any:
    if isinstance(value, (dict, MappingProxyType)):
        return {k: thaw(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [thaw(v) for v in value]
    return value


@dataclass(frozen=True)
class RunResult:
    """What happened in one run. Mappings are read-only; `to_dict()` gives plain JSON data."""

    seed: int
    duration_s: float
    engine_version: str
    requests: MappingProxyType
    latency_ms: MappingProxyType
    availability: float | None
    components: MappingProxyType
    series: MappingProxyType
    traces: tuple
    events: tuple
    anomalies: MappingProxyType

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine_version": self.engine_version,
            "seed": self.seed,
            "duration_s": self.duration_s,
            "requests": thaw(self.requests),
            "availability": self.availability,
            "latency_ms": thaw(self.latency_ms),
            "components": thaw(self.components),
            "series": thaw(self.series),
            "traces": thaw(self.traces),
            "events": thaw(self.events),
            "anomalies": thaw(self.anomalies),
        }


def ratio(a: float, b: float, digits: int = 6) -> float | None:
    return round(a / b, digits) if b else None


def summarise(sim: Simulation, version: str) -> RunResult:
    client = sim.client
    window = min(sim.now, sim.window)
    seconds = min(int(ceil(sim.now)), sim.kernel.nbins)
    counts = dict(zip(OUTCOMES, client.counts, strict=True))
    requests = {"total": client.started, **counts, "in_flight": client.in_flight(),
                "attempts": client.attempts, "retries": client.attempts - client.started}
    finished = sum(client.counts)

    overall = Histogram()
    for h in client.by_op:
        overall.merge(h)
    mixed = [op for op, w in sim.challenge.traffic.mix.items() if w > 0]
    by_op = {}
    for op in OPS:
        if op in mixed:
            i = OPS.index(op)
            by_op[op] = {**client.by_op[i].summary_ms(),
                         **dict(zip(OUTCOMES, client.op_counts[i], strict=True))}
    latency = {"overall": overall.summary_ms(), "by_op": by_op}

    components = {n.id: component(n, window, seconds) for n in sim.nodes.values()}
    series = overall_series(client, seconds)
    traces = [trace(sim, rec) for rec in client.traces.kept()]
    return RunResult(
        seed=sim.seed,
        duration_s=round(window, 6),
        engine_version=version,
        requests=freeze(requests),
        latency_ms=freeze(latency),
        availability=ratio(client.counts[0], finished),
        components=freeze(components),
        series=freeze(series),
        traces=freeze(traces),
        events=freeze(getattr(sim, "events", [])),
        anomalies=freeze(getattr(sim, "anomalies", {})),
    )


def component(n: Node, window: float, seconds: int) -> dict[str, Any]:
    full = int(ceil(window))
    busy = sum(n.busy[:full])
    waiting = sum(n.wait[:full])
    done = sum(n.done[:full])
    out: dict[str, Any] = {
        "kind": n.kind,
        "utilization": ratio(busy, n.slots * window) if n.slots else None,
        "throughput_rps": ratio(done, window, 3),
        "queue_length": ratio(waiting, window, 4),
        "calls": n.entered,
        "answered": n.answered,
        "errors": n.errors,
        "mean_time_ms": ms(n.sojourn / n.answered) if n.answered else None,
        "slots": n.slots,
    }
    out.update(n.extra(window))
    slots = n.slots
    out["series"] = {
        "t": list(range(seconds)),
        "utilization": [round(b / slots, 4) for b in n.busy[:seconds]] if slots else [None] * seconds,
        "throughput": n.done[:seconds],
        "queue_length": [round(w, 4) for w in n.wait[:seconds]],
        "errors": n.errs[:seconds],
    }
    return out


def overall_series(client: Any, seconds: int) -> dict[str, list]:
    p50, p99 = [], []
    per_octave = PER_OCTAVE >> COARSE_SHIFT
    for sec in range(seconds):
        h = client.s_hist[sec]
        n = sum(h) if h else 0
        p50.append(ms(percentile(h, n, 50, per_octave)) if n else None)
        p99.append(ms(percentile(h, n, 99, per_octave)) if n else None)
    return {
        "t": list(range(seconds)),
        "rps": client.s_new[:seconds],
        "ok": client.s_ok[:seconds],
        "errors": client.s_err[:seconds],
        "p50_ms": p50,
        "p99_ms": p99,
    }


def trace(sim: Simulation, rec: tuple) -> dict[str, Any]:
    req, outcome, latency, hops = rec
    ids = sim.design.ids
    return {
        "id": req[0],
        "op": OPS[req[1]],
        "key": req[2],
        "session": req[3],
        "client": req[4],
        "attempts": req[7] + 1,
        "start_ms": ms(req[5]),
        "latency_ms": ms(latency),
        "outcome": OUTCOMES[outcome],
        "hops": [
            {"component": ids[h[0]], "instance": h[1] if h[1] >= 0 else None, "start_ms": ms(h[2]),
             "wait_ms": ms(h[3]), "service_ms": ms(h[4]), "outcome": OUTCOMES[h[5]]}
            for h in sorted(hops, key=lambda h: (h[2], h[0]))
        ],
    }
