"""The reasons a run lost points: each names a component and the evidence for it.

Candidates come from the evidence (saturated slots, failing dependencies, slow traces, anomalies,
the bill); each says which score categories it explains and how strongly. A category's lost points
are shared among its candidates by strength, and the two or three candidates with most points
become the findings. A category with a failing requirement always gets its strongest reason in.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from playground.scoring.cost import Cost
from playground.scoring.evidence import Evidence, FaultEvent, slots
from playground.scoring.measure import ANOMALY_NAMES, RequirementResult, anomaly_entry

MAX_FINDINGS = 3
BUSY = 0.98
"""Utilisation of a second at which every slot counts as busy (a second is an average)."""
SLOWEST = 10
"""How many of the slowest sampled requests a trace finding reads."""


@dataclass(frozen=True)
class Finding:
    component: str | None
    message: str
    categories: tuple[str, ...]
    points: float
    evidence: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "component": self.component,
            "message": self.message,
            "categories": list(self.categories),
            "points": round(self.points, 1),
            "evidence": dict(self.evidence),
        }


@dataclass
class _Candidate:
    component: str | None
    message: str
    explains: dict[str, float]
    evidence: dict[str, Any] = field(default_factory=dict)


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
        *_saturation(ev),
        *_skew(ev),
        *_errors(ev),
        *_slow_traces(ev),
        *_anomalies(ev, requirements),
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


def _share(candidates: list[_Candidate], lost: Mapping[str, float]) -> list[float]:
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


def _t(seconds: float) -> str:
    return f"t={seconds:.0f}s" if seconds >= 10 else f"t={seconds:.1f}s"


def _lost_requests(ev: Evidence) -> str:
    """'; 3% of requests timed out, 57% were rejected' (shares under half a percent left out)."""
    requests = ev.result.get("requests") or {}
    parts = []
    for outcome, verb in (
        ("timeout", "timed out"),
        ("rejected", "were rejected"),
        ("error", "failed"),
    ):
        share = int(requests.get(outcome) or 0) / max(ev.total, 1)
        if share >= 0.005:
            parts.append(f"{share:.0%} {verb}")
    if not parts:
        return ""
    first, _, verb = parts[0].partition(" ")
    return "; " + ", ".join([f"{first} of requests {verb}", *parts[1:]])


@dataclass(frozen=True)
class _Busy:
    """When a component had every slot busy: seconds fully busy, the first of them, of how many."""

    seconds: int
    first: float
    total: int
    mean: float
    peak_queue: float

    @property
    def sustained(self) -> bool:
        """Busy from the first such second on, give or take one in five."""
        return self.seconds >= 0.8 * (self.total - self.first)

    def describe(self, n: int, what: str) -> str:
        if self.seconds == 0:
            return f"{self.mean:.0%} of its {n:,} {what} busy on average"
        if self.sustained:
            return f"all {n:,} {what} busy from {_t(self.first)}"
        return (
            f"all {n:,} {what} busy in {self.seconds} of {self.total} s, {self.mean:.0%} on average"
        )


def _busy(ev: Evidence, cid: str) -> _Busy:
    cols = ev.series(cid)
    util = [u if u is not None else 0.0 for u in cols.get("utilization") or []]
    times = cols.get("t") or list(range(len(util)))
    busy = [i for i, u in enumerate(util) if u >= BUSY]
    queue = max(
        (q for q in cols.get("queue_length") or [] if q is not None),
        default=ev.stat(cid, "queue_length"),
    )
    first = float(times[busy[0]]) if busy else 0.0
    return _Busy(len(busy), first, len(util), ev.stat(cid, "utilization"), queue)


def _saturation(ev: Evidence) -> Iterator[_Candidate]:
    for c in ev.design.components:
        capacity = slots(c)
        if capacity is None or c.id not in ev.components:
            continue
        n, what = capacity
        b = _busy(ev, c.id)
        if b.seconds:
            strength = b.seconds / max(b.total, 1)
        elif b.mean >= 0.9:
            strength = b.mean / 2
        else:
            continue
        fault = ev.fault_hitting(ev.downstream(c.id) | {c.id}, b.first + 1.0) if b.seconds else None
        holder = _slot_holder(ev, c.id)
        cause = f" while {fault.what} (from {_t(fault.t_s)})" if fault else ""
        if holder and not fault:
            cause = f", held by calls to {holder[0]} ({holder[1]})"
        waiting = f"; {b.peak_queue:,.0f} requests waiting at the peak" if b.peak_queue >= 1 else ""
        evidence = {
            "slots": n,
            "utilization": round(b.mean, 3),
            "peak_queue": b.peak_queue,
            "busy_from_s": b.first if b.seconds else None,
            "busy_seconds": b.seconds,
        }
        if fault:
            evidence["fault"] = _fault_dict(fault)
        yield _Candidate(
            c.id,
            f"{c.id}: {b.describe(n, what)}{cause}{waiting}{_lost_requests(ev)}",
            {"latency": strength, "availability": strength},
            evidence,
        )


def _skew(ev: Evidence) -> Iterator[_Candidate]:
    """A partitioned store whose calls pile onto one partition: a hot key or a hot range."""
    for c in ev.design.components:
        calls = (ev.components.get(c.id) or {}).get("calls_by_partition")
        if not calls or sum(calls) <= 0 or len(calls) < 2:
            continue
        hot = max(range(len(calls)), key=lambda i: calls[i])
        share, even = calls[hot] / sum(calls), 1 / len(calls)
        if share < 2 * even:
            continue
        yield _Candidate(
            c.id,
            f"{c.id}: partition {hot} took {share:.0%} of all calls (an even spread is "
            f"{even:.0%}), {c.skew_note()}",
            {"latency": share - even},
            {"partition": hot, "share": round(share, 3), "even_share": round(even, 3)},
        )


def _fault_dict(fault: FaultEvent) -> dict[str, Any]:
    return {"kind": fault.kind, "target": fault.target, "t_s": fault.t_s}


def _errors(ev: Evidence) -> Iterator[_Candidate]:
    for cid, stats in ev.components.items():
        errors = int(stats.get("errors") or 0)
        if errors <= 0 or ev.total <= 0:
            continue
        passed_on = max((ev.stat(d, "errors") for d in ev.downstream(cid)), default=0.0)
        if passed_on >= 0.8 * errors:
            continue  # the failures came from further down; that component is the finding
        if _busy(ev, cid).seconds:
            continue  # saturated: the saturation finding tells why its calls failed
        c = ev.by_id.get(cid)
        cols = ev.series(cid)
        times = [
            t for t, e in zip(cols.get("t") or [], cols.get("errors") or [], strict=False) if e
        ]
        window = f" between {_t(times[0])} and {_t(times[-1])}" if len(times) > 1 else ""
        share = errors / ev.total
        note = c.errors_note(errors, share, window, ev) if c is not None else None
        if note is not None:
            message = note
        else:
            message = f"{cid}: {errors:,} failed calls{window}"
            fault = ev.fault_hitting({cid}, times[-1] if times else float("inf"))
            if fault:
                message += f" after {fault.what} at {_t(fault.t_s)}"
                if fault.kind == "crash" and c is not None:
                    message += c.outage_note(ev.design)
        yield _Candidate(
            cid,
            message,
            {"availability": min(share, 1.0)},
            {"errors": errors, "share_of_requests": round(share, 4)},
        )


def _hops(trace: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    hops = trace.get("hops") or trace.get("spans") or []
    return [h for h in hops if isinstance(h, Mapping) and h.get("component")]


def _duration(trace: Mapping[str, Any]) -> float:
    for key in ("latency_ms", "duration_ms", "total_ms"):
        if trace.get(key) is not None:
            return float(trace[key])
    return sum(float(h.get("wait_ms") or 0) + float(h.get("service_ms") or 0) for h in _hops(trace))


def _slow_traces(ev: Evidence) -> Iterator[_Candidate]:
    traces = sorted(ev.traces(), key=_duration, reverse=True)[:SLOWEST]
    if len(traces) < 3:
        return
    wait: dict[str, float] = {}
    work: dict[str, float] = {}
    for trace in traces:
        for hop in _hops(trace):
            cid = str(hop["component"])
            wait[cid] = wait.get(cid, 0.0) + float(hop.get("wait_ms") or 0)
            work[cid] = work.get(cid, 0.0) + float(hop.get("service_ms") or 0)
    total = sum(wait.values()) + sum(work.values())
    if not traces or total <= 0:
        return
    cid = max(wait, key=lambda k: wait[k] + work[k])
    share = (wait[cid] + work[cid]) / total
    if share < 0.3:
        return
    n = len(traces)
    message = (
        f"{cid}: {share:.0%} of the time in the {n} slowest requests is spent here "
        f"({wait[cid] / n:,.0f} ms waiting for a slot, {work[cid] / n:,.0f} ms of work, "
        "per request)"
    )
    culprit = cid
    holder = _slot_holder(ev, cid) if wait[cid] > work[cid] else None
    if holder is not None:
        culprit, how = holder
        message += f"; its slots are held by calls to {culprit} ({how})"
    c = ev.by_id.get(cid)
    if c is not None:
        message += c.waiting_note([ev.by_id[d] for d in ev.downstream(cid) if d in ev.by_id])
    yield _Candidate(
        culprit,
        message,
        {"latency": share},
        {
            "slowest_traces": n,
            "share": round(share, 3),
            "wait_ms_per_request": round(wait[cid] / n, 1),
            "work_ms_per_request": round(work[cid] / n, 1),
            "held_by": culprit if holder else None,
        },
    )


def _slot_holder(ev: Evidence, cid: str) -> tuple[str, str] | None:
    """The busiest saturated component downstream of `cid`, and how busy: waiting for `cid`'s
    slots is then waiting for it, since a slot is held for the whole downstream call. A shard
    counts by its hottest partition."""
    best: tuple[float, str, str] | None = None
    for d in ev.downstream(cid):
        c = ev.by_id.get(d)
        capacity = slots(c) if c is not None else None
        if capacity is None or d not in ev.components:
            continue
        b = _busy(ev, d)
        level, how = b.mean, b.describe(*capacity)
        calls = (ev.components.get(d) or {}).get("calls_by_partition")
        if calls and sum(calls) > 0:
            hot = max(range(len(calls)), key=lambda i: calls[i])
            level = min(1.0, b.mean * calls[hot] * len(calls) / sum(calls))
            how = f"partition {hot} took {calls[hot] / sum(calls):.0%} of its calls"
        if (b.seconds or level >= 0.8) and (best is None or level > best[0]):
            best = (level, d, how)
    return None if best is None else (best[1], best[2])


def _anomalies(ev: Evidence, requirements: list[RequirementResult]) -> Iterator[_Candidate]:
    seen = set()
    for req in requirements:
        if req.category != "consistency" or (req.passed and req.score >= 100):
            continue
        anomaly = req.anomaly
        if anomaly is None or anomaly in seen:
            continue
        seen.add(anomaly)
        entry = anomaly_entry(ev.result, anomaly) or {}
        count = int(entry.get("count", 0))
        if count <= 0:
            continue
        plural = ANOMALY_NAMES[anomaly]
        component, mechanism = _anomaly_source(ev, anomaly, entry)
        rate = entry.get("rate")
        of = f" ({float(rate):.1%} of the operations it can affect)" if rate is not None else ""
        example = _example(ev, entry)
        message = f"{component or 'data'}: {count:,} {plural}{of}; {mechanism}{example}"
        yield _Candidate(
            component,
            message,
            {"consistency": max(1.0 - req.score / 100, 0.05)},
            {"anomaly": anomaly, "count": count, "rate": rate},
        )


def _example(ev: Evidence, entry: Mapping[str, Any]) -> str:
    examples = [ex for ex in entry.get("examples") or [] if isinstance(ex, Mapping)]
    if not examples:
        return ""
    ex = examples[0]
    parts = []
    rid = ex.get("id", ex.get("trace_id"))
    if rid is not None:
        parts.append(f"request #{rid}")
    when = ex.get("found_ms")
    if when is not None:
        parts.append(f"at {_t(float(when) / 1000)}")
    if ex.get("op") and ex.get("key") is not None:
        by = f" by session {ex['session']}" if ex.get("session") is not None else ""
        parts.append(f"{ex['op']} of key {ex['key']}{by}")
    server = _holder(ev, ex)
    if server:
        parts.append(f"answered by {server}")
    return f" (e.g. {', '.join(parts)})" if parts else ""


def _holder(ev: Evidence, example: Mapping[str, Any]) -> str | None:
    """The last component on an example request's path that holds data or applies an effect."""
    named = example.get("component") or example.get("served_by")
    if named:
        return str(named)
    for hop in reversed(example.get("hops") or []):
        c = ev.by_id.get(str(hop.get("component")))
        if c is not None and (c.keeps or c.applies_effects):
            return c.id
    return None


def _storeless(ev: Evidence, entry: Mapping[str, Any]) -> str | None:
    """The component that answered an example request whose path had no store on it (the engine
    counts such a write as lost and such a read as showing nothing written), if there is one."""
    for ex in entry.get("examples") or []:
        hops = [h for h in (ex.get("hops") or []) if isinstance(h, Mapping)] if isinstance(ex, Mapping) else []
        kept = [getattr(ev.by_id.get(str(h.get("component"))), "keeps", None) for h in hops]
        if hops and not any(kept):
            return str(hops[-1].get("component"))
    return None


def _anomaly_source(ev: Evidence, anomaly: str, entry: Mapping[str, Any]) -> tuple[str | None, str]:
    """Which component let the anomaly through and how, from the example if it names one, else
    from the design's choices."""
    named = next(
        (
            h
            for ex in entry.get("examples") or []
            if isinstance(ex, Mapping) and (h := _holder(ev, ex))
        ),
        None,
    )
    answered = _storeless(ev, entry)
    if answered is not None and anomaly == "lost_write":
        return answered, "writes are answered ok with no store on their path, so nothing keeps them"
    if answered is not None and anomaly in ("stale_read", "read_your_writes", "monotonic_read"):
        return answered, "reads are answered with no data source on their path, so they show no write"
    first = [ev.by_id[named]] if named in ev.by_id else []
    for c in [*first, *ev.design.components]:
        mechanism = c.cause(anomaly, ev)
        if mechanism is not None:
            return c.id, mechanism
    return named, "see the examples in the run's anomalies"


def _cost(ev: Evidence, cost: Cost, requirements: list[RequirementResult]) -> Iterator[_Candidate]:
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
        yield _Candidate(
            cid, message, {"cost": share}, {"monthly_usd": round(usd, 2), "share": round(share, 3)}
        )


def _fallback(category: str, requirements: list[RequirementResult]) -> Iterator[_Candidate]:
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
    yield _Candidate(None, message, {category: 1.0}, {"requirement": worst.name})


def _value(x: float, unit: str) -> str:
    if unit == "ms":
        return f"{x:,.1f} ms"
    if unit == "usd":
        return f"${x:,.2f}"
    if unit in ("fraction", "rate"):
        return f"{x:.4%}"
    return f"{x:,.0f}"
