"""A run's result, summarised from the simulation's state into its record (core/record.py).

Aggregates over components use the traffic window [0, window): utilization, throughput and
queue length are time averages over it. Series cover every whole second simulated so far.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from playground.core.histogram import Histogram, ms, percentile, percentile_key
from playground.core.kernel import (
    ATTEMPT,
    CLIENT,
    H_ENTER,
    H_INST,
    H_NODE,
    H_OUT,
    H_START,
    H_SVC,
    KEY,
    OP,
    OPS,
    OUTCOMES,
    RID,
    SESSION,
    T0,
    Node,
)
from playground.core.network import NET
from playground.core.record import RunResult
from playground.core.staleness import StalenessByAge

STANDARD_PERCENTILES = (50.0, 95.0, 99.0)

if TYPE_CHECKING:
    from playground.core.recorder import Recorder
    from playground.core.simulation import Simulation


def ratio(a: float, b: float, digits: int = 6) -> float | None:
    return round(a / b, digits) if b else None


def summarise(sim: Simulation, version: str) -> RunResult:
    client = sim.client
    rec = sim.recorder
    window = min(sim.now, sim.window)
    counts = dict(zip(OUTCOMES, client.counts, strict=True))
    begun, attempts = client.measured()
    requests = {"total": begun, **counts, "in_flight": client.in_flight(),
                "attempts": attempts, "retries": attempts - begun}
    finished = sum(client.counts)
    degraded = sim.degraded.by_op if sim.degraded is not None else None
    if degraded is not None:
        requests["degraded"] = sum(degraded)

    overall = Histogram()
    for h in client.by_op:
        overall.merge(h)
    mixed = [op for op, w in sim.challenge.traffic.mix.items() if w > 0]
    named = named_percentiles(sim.challenge)
    by_op = {}
    for op in OPS:
        if op in mixed:
            i = OPS.index(op)
            by_op[op] = {**latency_summary(client.by_op[i], named),
                         **dict(zip(OUTCOMES, client.outcomes_by_op()[i], strict=True))}
            if degraded is not None:
                by_op[op]["degraded"] = degraded[i]
    latency = {"overall": latency_summary(overall, named), "by_op": by_op}

    measured = sim.measured
    totals, bases = measured.measured(rec.totals_at(sim.now, window), sim.now)  # after any warm-up
    span = measured.since(window)
    ages = sim.ledger.ages
    components = {n.id: component(rec, i, n, totals[i], span, bases[i], ages) for i, n in enumerate(sim.nodes.values())}
    traces = [trace(sim, r) for r in client.traces.kept()]
    warmup = {"warmup": {"discarded_s": measured.at, "measured_s": round(span, 6),
                         "requests": client.measured_from()}} if measured.at else {}
    return RunResult.from_dict({
        "engine_version": version,
        "seed": sim.seed,
        "duration_s": round(window, 6),
        **warmup,
        "requests": requests,
        "availability": ratio(client.counts[0] - sum(degraded or ()), finished),
        "latency_ms": latency,
        "components": components,
        "series": overall_series(rec),
        "traces": traces,
        "events": sim.events,
        "anomalies": sim.anomalies,
        **({"clients": sim.tally.summary()} if sim.tally is not None else {}),
        **({"horizon": sim.horizon.to_dict()} if sim.horizon is not None else {}),
    })


def named_percentiles(challenge: Any) -> tuple[float, ...]:
    """Percentiles the challenge's latency requirements name beyond the three always reported."""
    return tuple(q for q in challenge.percentiles() if q not in STANDARD_PERCENTILES)


def latency_summary(h: Histogram, named: tuple[float, ...]) -> dict[str, Any]:
    """count, mean, p50, p95, p99 and every named percentile (in increasing order), then max."""
    out = h.summary_ms()
    if not named:
        return out
    n, top = h.n, h.max
    pct = {percentile_key(q): ms(min(percentile(h.counts, n, q), top)) if n else None for q in named}
    pct.update((percentile_key(q), out[percentile_key(q)]) for q in STANDARD_PERCENTILES)
    ordered = sorted(pct, key=lambda k: float(k[1:]))
    return {"count": n, "mean": out["mean"], **{k: pct[k] for k in ordered}, "max": out["max"]}


def component(rec: Recorder, i: int, n: Node, totals: tuple[float, float, int, int, float],
              window: float, base: tuple[int, int, int, float] = (0, 0, 0, 0.0),
              ages: StalenessByAge | None = None) -> dict[str, Any]:
    """One component over `window` seconds; `base` is what it had counted when a warm-up ended
    (calls, answered, errors, time spent), left out; `ages`, the run's staleness by age if asked."""
    busy, waiting, done, _, cpu = totals
    slots = n.slots
    answered = n.answered - base[1]
    out: dict[str, Any] = {
        "kind": n.kind,
        "utilization": ratio(busy, slots * window) if slots and window else None,
        "throughput_rps": ratio(done, window, 3),
        "queue_length": ratio(waiting, window, 4),
        "calls": n.entered - base[0],
        "answered": answered,
        "errors": n.errors - base[2],
        "mean_time_ms": ms((n.sojourn - base[3]) / answered) if answered else None,
        "slots": slots,
    }
    out.update(n.extra())
    vcpus = n.vcpus
    if vcpus:  # CPUs are modelled: their use apart from the slots'
        out["cpu_utilization"] = ratio(cpu, vcpus * window) if window else None
    curve = ages.series(i) if ages is not None else None
    if curve is not None:
        out["staleness_by_age"] = curve
    b, w, d, e, c = rec.node_series(i)
    out["series"] = {
        "t": rec.times(len(b)),
        "utilization": [round(x / slots, 4) for x in b] if slots else [None] * len(b),
        "throughput": d,
        "queue_length": [round(x, 4) for x in w],
        "errors": e,
    }
    if vcpus:
        out["series"]["cpu"] = [round(x / vcpus, 4) for x in c]
    out["series"].update(n.series(rec.gauges[i]))
    return out


def overall_series(rec: Recorder) -> dict[str, list]:
    new, ok, failed = rec.client_series()
    return {"t": rec.times(len(new)), "rps": new, "ok": ok, "errors": failed,
            "p50_ms": list(rec.p50), "p99_ms": list(rec.p99)}


def trace(sim: Simulation, rec: tuple) -> dict[str, Any]:
    req, outcome, latency, hops = rec
    ids = sim.design.ids
    nodes = list(sim.nodes.values())
    rows = sorted(((h[H_NODE], h[H_INST], h[H_ENTER], h[H_START], h[H_SVC], h[H_OUT]) for h in hops),
                  key=lambda h: (h[2], h[0]))
    return {
        "id": req[RID],
        "op": OPS[req[OP]],
        "key": req[KEY],
        "session": req[SESSION],
        "client": req[CLIENT],
        "attempts": req[ATTEMPT] + 1,
        "start_ms": ms(req[T0]),
        "latency_ms": ms(latency),
        "outcome": OUTCOMES[outcome],
        "hops": [hop_dict(ids, nodes, *row) for row in rows],
    }


def hop_dict(ids: list[str], nodes: list[Node], node: int, inst: Any, enter: float, start: float, svc: float,
             out: int) -> dict[str, Any]:
    """A hop of a trace: a call a component served, or (`network`) a message on a wire to or
    from it, whose time on the wire is its service_ms."""
    if inst == NET:
        return {"component": ids[node], "instance": None, "start_ms": ms(enter), "wait_ms": 0.0,
                "service_ms": ms(svc), "outcome": OUTCOMES[out], "network": True}
    return {"component": ids[node],
            "instance": None if inst is None or len(nodes[node].instances) == 1 else inst.index,
            "start_ms": ms(enter), "wait_ms": ms(start - enter), "service_ms": ms(svc),
            "outcome": OUTCOMES[out]}
