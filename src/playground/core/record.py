"""A run's result as typed, immutable records, read by attribute (docs/results.md has every field).

`RunResult.to_dict()` is the JSON form `playground run --json` prints, keys in the documented
order; `RunResult.from_dict()` reads it back and refuses a key missing or unknown (naming where),
so a misspelt key is an error, not a silent zero. The engine builds its result the same way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any

from playground.core.approximation import Approximation
from playground.core.histogram import percentile_key
from playground.core.horizon import HorizonResult
from playground.core.keyed import ResultError as ResultError  # where callers have always found it
from playground.core.keyed import frozen, is_number, optional, plain, take

OUTCOME_KEYS = ("ok", "timeout", "rejected", "error")
WARMUP_KEYS = ("discarded_s", "measured_s", "requests")


@dataclass(frozen=True)
class Requests:
    total: int
    ok: int
    timeout: int
    rejected: int
    error: int
    in_flight: int
    attempts: int
    retries: int
    degraded: int | None = None
    """Of the ok answers, those a fallback gave without an optional call (None: the design has
    no fallback, so none can be)."""

    KEYS = ("total", "ok", "timeout", "rejected", "error", "in_flight", "attempts", "retries")

    @classmethod
    def from_dict(cls, data: Any, where: str = "requests") -> Requests:
        *values, rest = take(data, where, cls.KEYS, more=True)
        degraded = rest.get("degraded")
        unknown = [k for k in rest if k != "degraded"]
        if unknown:
            raise ResultError(f"{where}: unknown {', '.join(map(repr, unknown))}")
        return cls(**dict(zip(cls.KEYS, values, strict=True)), degraded=degraded)

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.KEYS}
        if self.degraded is not None:
            out["degraded"] = self.degraded
        return out

    @property
    def finished(self) -> int:
        return self.ok + self.timeout + self.rejected + self.error


@dataclass(frozen=True)
class Latency:
    """Of the requests that ended ok: count, mean, max, and percentiles by key (`p50`, `p99.9`,
    in increasing order). An operation's entry also counts its requests by outcome."""

    count: int
    mean: float | None
    percentiles: Mapping[str, float | None]
    max: float | None
    outcomes: Mapping[str, int] | None = None  # by_op entries only: {ok, timeout, rejected, error}
    degraded: int | None = None  # by_op entries of a design with a fallback: ok answers that were degraded

    def p(self, percentile: float) -> float | None:
        """The latency at a percentile; None when there was no ok request, or when this result
        does not report that percentile (it was made for a challenge that names none)."""
        return self.percentiles.get(percentile_key(percentile))

    def reports(self, percentile: float) -> bool:
        return percentile_key(percentile) in self.percentiles

    @property
    def finished(self) -> int:
        """Requests of this operation that ended, any outcome (0 for the overall entry)."""
        return sum((self.outcomes or {}).values())

    @classmethod
    def from_dict(cls, data: Any, where: str, by_op: bool) -> Latency:
        count, mean, top, rest = take(data, where, ("count", "mean", "max"), more=True)
        outcomes = None
        if by_op:
            *counts, rest = take(rest, where, OUTCOME_KEYS, more=True)
            outcomes = MappingProxyType(dict(zip(OUTCOME_KEYS, counts, strict=True)))
        degraded = rest.get("degraded") if by_op else None
        rest = MappingProxyType({k: v for k, v in rest.items() if not (by_op and k == "degraded")})
        unknown = [k for k in rest if not (k.startswith("p") and is_number(k[1:]))]
        if unknown:
            raise ResultError(f"{where}: unknown {', '.join(map(repr, unknown))}")
        return cls(count, mean, MappingProxyType(dict(rest)), top, outcomes, degraded)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"count": self.count, "mean": self.mean, **self.percentiles, "max": self.max}
        if self.outcomes is not None:
            out.update(self.outcomes)
        if self.degraded is not None:
            out["degraded"] = self.degraded
        return out


@dataclass(frozen=True)
class LatencyReport:
    overall: Latency
    by_op: Mapping[str, Latency]

    def of(self, op: str | None) -> Latency | None:
        """Overall (op None), or one operation's (None when it was not in the mix)."""
        return self.overall if op is None else self.by_op.get(op)

    @classmethod
    def from_dict(cls, data: Any) -> LatencyReport:
        overall, by_op = take(data, "latency_ms", ("overall", "by_op"))
        ops = MappingProxyType({op: Latency.from_dict(v, f"latency_ms.by_op.{op}", True)
                                for op, v in take(by_op, "latency_ms.by_op", (), more=True)[0].items()})
        return cls(Latency.from_dict(overall, "latency_ms.overall", False), ops)

    def to_dict(self) -> dict[str, Any]:
        return {"overall": self.overall.to_dict(), "by_op": {k: v.to_dict() for k, v in self.by_op.items()}}


@dataclass(frozen=True)
class ComponentSeries:
    """Per second: utilization, calls answered, calls waiting, failures; plus a kind's own
    series (a replica's `lag_ms`, a queue's `backlog`) in `extra`."""

    t: tuple[int, ...]
    utilization: tuple[float | None, ...]
    throughput: tuple[int, ...]
    queue_length: tuple[float, ...]
    errors: tuple[int, ...]
    extra: Mapping[str, tuple[Any, ...]]

    KEYS = ("t", "utilization", "throughput", "queue_length", "errors")

    @classmethod
    def from_dict(cls, data: Any, where: str) -> ComponentSeries:
        t, utilization, throughput, queue_length, errors, extra = take(data, where, cls.KEYS, more=True)
        return cls(tuple(t), tuple(utilization), tuple(throughput), tuple(queue_length), tuple(errors),
                   frozen(extra))

    def to_dict(self) -> dict[str, Any]:
        return {**{k: list(getattr(self, k)) for k in self.KEYS}, **plain(self.extra)}


@dataclass(frozen=True)
class ComponentStats:
    """One component over the traffic window; `extra` holds its kind's own fields (a cache's
    hit_ratio, a shard's calls_by_partition ...; docs/results.md lists them)."""

    kind: str
    utilization: float | None
    throughput_rps: float | None
    queue_length: float | None
    calls: int
    answered: int
    errors: int
    mean_time_ms: float | None
    slots: int | None
    extra: Mapping[str, Any]
    series: ComponentSeries

    KEYS = ("kind", "utilization", "throughput_rps", "queue_length", "calls", "answered", "errors",
            "mean_time_ms", "slots")

    @classmethod
    def from_dict(cls, data: Any, where: str) -> ComponentStats:
        kind, utilization, throughput, queue, calls, answered, errors, mean_time, slots, rest = take(
            data, where, cls.KEYS, more=True)
        if "series" not in rest:
            raise ResultError(f"{where}: missing 'series'")
        extra = frozen({k: v for k, v in rest.items() if k != "series"})
        return cls(kind, utilization, throughput, queue, calls, answered, errors, mean_time, slots, extra,
                   ComponentSeries.from_dict(rest["series"], f"{where}.series"))

    def to_dict(self) -> dict[str, Any]:
        return {**{k: getattr(self, k) for k in self.KEYS}, **plain(self.extra), "series": self.series.to_dict()}


@dataclass(frozen=True)
class Series:
    """The whole system per second: new requests, requests ended ok and not, ok latency."""

    t: tuple[int, ...]
    rps: tuple[int, ...]
    ok: tuple[int, ...]
    errors: tuple[int, ...]
    p50_ms: tuple[float | None, ...]
    p99_ms: tuple[float | None, ...]

    KEYS = ("t", "rps", "ok", "errors", "p50_ms", "p99_ms")

    @classmethod
    def from_dict(cls, data: Any) -> Series:
        return cls(*(tuple(c) for c in take(data, "series", cls.KEYS)))

    def to_dict(self) -> dict[str, Any]:
        return {k: list(getattr(self, k)) for k in self.KEYS}


@dataclass(frozen=True)
class Hop:
    """A call a component served, or (`network`) a message on the wire to or from it."""

    component: str
    instance: int | None
    start_ms: float
    wait_ms: float
    service_ms: float
    outcome: str
    network: bool = False

    KEYS = ("component", "instance", "start_ms", "wait_ms", "service_ms", "outcome")

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Hop:
        component, instance, start, wait, service, outcome, rest = take(data, where, cls.KEYS, more=True)
        unknown = [k for k in rest if k != "network"]
        if unknown:
            raise ResultError(f"{where}: unknown {', '.join(map(repr, unknown))}")
        return cls(component, instance, start, wait, service, outcome, bool(rest.get("network", False)))

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.KEYS}
        return out | {"network": True} if self.network else out


@dataclass(frozen=True)
class Trace:
    """One request with every hop of its last attempt; an anomaly's example also says when
    the anomaly was found (`found_ms`)."""

    id: int
    op: str
    key: int | None
    session: int | None
    client: int | None
    attempts: int
    start_ms: float
    latency_ms: float
    outcome: str
    hops: tuple[Hop, ...]
    found_ms: float | None = None

    KEYS = ("id", "op", "key", "session", "client", "attempts", "start_ms", "latency_ms", "outcome")

    @classmethod
    def from_dict(cls, data: Any, where: str, example: bool = False) -> Trace:
        keys = (*cls.KEYS, "hops", "found_ms") if example else (*cls.KEYS, "hops")
        rid, op, key, session, client, attempts, start, latency, outcome, hops, *found = take(data, where, keys)
        return cls(rid, op, key, session, client, attempts, start, latency, outcome,
                   tuple(Hop.from_dict(h, f"{where}.hops[{i}]") for i, h in enumerate(hops)),
                   found[0] if found else None)

    def to_dict(self) -> dict[str, Any]:
        out = {k: getattr(self, k) for k in self.KEYS}
        out["hops"] = [h.to_dict() for h in self.hops]
        if self.found_ms is not None:
            out["found_ms"] = self.found_ms
        return out


@dataclass(frozen=True)
class Event:
    """A fault or what it caused, at `at_s`; `detail` holds the keys of its kind (docs/results.md)."""

    at_s: float
    kind: str
    target: str
    detail: Mapping[str, Any]

    @classmethod
    def from_dict(cls, data: Any, where: str) -> Event:
        return cls(*take(data, where, ("at_s", "kind", "target"), more=True))

    def to_dict(self) -> dict[str, Any]:
        return {"at_s": self.at_s, "kind": self.kind, "target": self.target, **plain(self.detail)}


@dataclass(frozen=True)
class Anomaly:
    """One anomaly's record: how many, the share of the operations it struck, by operation,
    and a few requests that suffered it."""

    count: int
    rate: float
    by_op: Mapping[str, int]
    examples: tuple[Trace, ...]


@dataclass(frozen=True)
class Anomalies:
    counts: Mapping[str, int]
    by_op: Mapping[str, Mapping[str, int]]
    rates: Mapping[str, Mapping[str, float]]
    examples: Mapping[str, tuple[Trace, ...]]

    @classmethod
    def from_dict(cls, data: Any) -> Anomalies:
        counts, by_op, rates, examples = take(data, "anomalies", ("counts", "by_op", "rates", "examples"))
        ex = {a: tuple(Trace.from_dict(e, f"anomalies.examples.{a}[{i}]", example=True) for i, e in enumerate(v))
              for a, v in examples.items()}
        return cls(frozen(counts), frozen(by_op), frozen(rates), MappingProxyType(ex))

    def to_dict(self) -> dict[str, Any]:
        return {"counts": plain(self.counts), "by_op": plain(self.by_op), "rates": plain(self.rates),
                "examples": {a: [e.to_dict() for e in v] for a, v in self.examples.items()}}

    def detects(self, anomaly: str) -> bool:
        return anomaly in self.counts

    def of(self, anomaly: str, finished_by_op: Mapping[str, int]) -> Anomaly | None:
        """One anomaly, or None when this result does not report it (an engine that does not
        detect it, not one that found none). Its rate is over the operations it struck."""
        if anomaly not in self.counts:
            return None
        by_op = {op: int(n.get(anomaly) or 0) for op, n in self.by_op.items()}
        struck = sum(finished_by_op.get(op, 0) for op, n in by_op.items() if n)
        count = int(self.counts[anomaly] or 0)
        return Anomaly(count, count / struck if struck else 0.0, MappingProxyType(by_op),
                       self.examples.get(anomaly, ()))


@dataclass(frozen=True)
class RunResult:
    """What happened in one run."""

    seed: int
    duration_s: float
    engine_version: str
    requests: Requests
    availability: float | None
    latency_ms: LatencyReport
    components: Mapping[str, ComponentStats]
    series: Series
    traces: tuple[Trace, ...]
    events: tuple[Event, ...]
    anomalies: Anomalies
    clients: Mapping[str, Mapping[str, int]] | None = None
    """With an abusive client only: finished and ok requests of `well_behaved` and `abuser`."""
    warmup: Mapping[str, float] | None = None
    """Only when the challenge left a warm-up out: discarded_s, measured_s, requests (begun in it)."""
    approximation: Approximation | None = None
    """Only from the fast mode: what it approximated, and each graded figure's interval."""
    horizon: HorizonResult | None = None
    """Only when the challenge asks for a long horizon of failures (playground.core.horizon)."""

    KEYS = ("engine_version", "seed", "duration_s", "requests", "availability", "latency_ms",
            "components", "series", "traces", "events", "anomalies")

    @classmethod
    def from_dict(cls, data: Any) -> RunResult:
        (version, seed, duration, requests, availability, latency, components, series, traces, events,
         anomalies, rest) = take(data, "result", cls.KEYS, more=True)
        clients, warmup, approx, horizon = optional(rest, "result", ("clients", "warmup", "approximation", "horizon"))
        comps = take(components, "components", (), more=True)[0]
        return cls(
            seed=seed, duration_s=duration, engine_version=version,
            requests=Requests.from_dict(requests), availability=availability,
            latency_ms=LatencyReport.from_dict(latency),
            components=MappingProxyType({cid: ComponentStats.from_dict(c, f"components.{cid}")
                                         for cid, c in comps.items()}),
            series=Series.from_dict(series),
            traces=tuple(Trace.from_dict(t, f"traces[{i}]") for i, t in enumerate(traces)),
            events=tuple(Event.from_dict(e, f"events[{i}]") for i, e in enumerate(events)),
            anomalies=Anomalies.from_dict(anomalies),
            clients=None if clients is None else frozen(take(clients, "result.clients", (), more=True)[0]),
            warmup=None if warmup is None else MappingProxyType(
                dict(zip(WARMUP_KEYS, take(warmup, "result.warmup", WARMUP_KEYS), strict=True))),
            approximation=None if approx is None else Approximation.from_dict(approx),
            horizon=None if horizon is None else HorizonResult.from_dict(horizon),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "engine_version": self.engine_version,
            "seed": self.seed,
            "duration_s": self.duration_s,
            **({"warmup": dict(self.warmup)} if self.warmup is not None else {}),
            "requests": self.requests.to_dict(),
            "availability": self.availability,
            "latency_ms": self.latency_ms.to_dict(),
            "components": {cid: c.to_dict() for cid, c in self.components.items()},
            "series": self.series.to_dict(),
            "traces": [t.to_dict() for t in self.traces],
            "events": [e.to_dict() for e in self.events],
            "anomalies": self.anomalies.to_dict(),
            **({"clients": plain(self.clients)} if self.clients is not None else {}),
            **({"approximation": self.approximation.to_dict()} if self.approximation is not None else {}),
            **({"horizon": self.horizon.to_dict()} if self.horizon is not None else {}),
        }

    # -- questions scoring asks ------------------------------------------------------------
    def finished_by_op(self) -> dict[str, int]:
        """Requests of each operation an anomaly could strike: those finished, less the degraded
        answers (a fallback's default is no read of data, consistent or not)."""
        return {op: lat.finished - (lat.degraded or 0) for op, lat in self.latency_ms.by_op.items()}

    def anomaly(self, name: str) -> Anomaly | None:
        return self.anomalies.of(name, self.finished_by_op())

    def component(self, cid: str) -> ComponentStats | None:
        return self.components.get(cid)
