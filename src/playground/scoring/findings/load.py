"""Where the time went: components whose every slot was busy, partitions that took more than
their share, and the component the slowest requests spent their time in."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from playground.core.record import Trace
from playground.scoring.evidence import Evidence, FaultEvent, moment
from playground.scoring.findings.candidate import Candidate

BUSY = 0.98
"""Utilisation of a second at which every slot counts as busy (a second is an average)."""
SLOWEST = 10
"""How many of the slowest sampled requests a trace finding reads."""


def lost_requests(ev: Evidence) -> str:
    """'; 3% of requests timed out, 57% were rejected' (shares under half a percent left out)."""
    requests = ev.result.requests
    parts = []
    for count, verb in ((requests.timeout, "timed out"), (requests.rejected, "were rejected"),
                        (requests.error, "failed")):
        share = count / max(ev.total, 1)
        if share >= 0.005:
            parts.append(f"{share:.0%} {verb}")
    if not parts:
        return ""
    first, _, verb = parts[0].partition(" ")
    return "; " + ", ".join([f"{first} of requests {verb}", *parts[1:]])


@dataclass(frozen=True)
class Busy:
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
            return f"all {n:,} {what} busy from {moment(self.first)}"
        return f"all {n:,} {what} busy in {self.seconds} of {self.total} s, {self.mean:.0%} on average"


def busy(ev: Evidence, cid: str) -> Busy:
    stats = ev.components[cid]
    util = [u if u is not None else 0.0 for u in stats.series.utilization]
    times = stats.series.t or tuple(range(len(util)))
    full = [i for i, u in enumerate(util) if u >= BUSY]
    queue = max((q for q in stats.series.queue_length if q is not None), default=stats.queue_length or 0.0)
    first = float(times[full[0]]) if full else 0.0
    return Busy(len(full), first, len(util), stats.utilization or 0.0, queue)


def saturation(ev: Evidence) -> Iterator[Candidate]:
    for c in ev.design.components:
        capacity = c.concurrency()
        if capacity is None or c.id not in ev.components:
            continue
        n, what = capacity
        b = busy(ev, c.id)
        if b.seconds:
            strength = b.seconds / max(b.total, 1)
        elif b.mean >= 0.9:
            strength = b.mean / 2
        else:
            continue
        fault = ev.fault_hitting(ev.downstream(c.id) | {c.id}, b.first + 1.0) if b.seconds else None
        holder = slot_holder(ev, c.id)
        cause = f" while {fault.what} (from {moment(fault.t_s)})" if fault else ""
        if holder and not fault:
            cause = f", held by calls to {holder[0]} ({holder[1]})"
        waiting = f"; {b.peak_queue:,.0f} requests waiting at the peak" if b.peak_queue >= 1 else ""
        evidence: dict[str, Any] = {
            "slots": n,
            "utilization": round(b.mean, 3),
            "peak_queue": b.peak_queue,
            "busy_from_s": b.first if b.seconds else None,
            "busy_seconds": b.seconds,
        }
        if fault:
            evidence["fault"] = fault_dict(fault)
        yield Candidate(
            c.id,
            f"{c.id}: {b.describe(n, what)}{cause}{waiting}{lost_requests(ev)}",
            {"latency": strength, "availability": strength},
            evidence,
        )


def partition_calls(ev: Evidence, cid: str) -> list[int]:
    """Calls per partition, for a component that reports them (a shard), else []."""
    stats = ev.components.get(cid)
    calls = stats.extra.get("calls_by_partition") if stats is not None else None
    return list(calls) if calls and sum(calls) > 0 else []


def skew(ev: Evidence) -> Iterator[Candidate]:
    """A partitioned store whose calls pile onto one partition: a hot key or a hot range."""
    for c in ev.design.components:
        calls = partition_calls(ev, c.id)
        if len(calls) < 2:
            continue
        hot = max(range(len(calls)), key=lambda i: calls[i])
        share, even = calls[hot] / sum(calls), 1 / len(calls)
        if share < 2 * even:
            continue
        yield Candidate(
            c.id,
            f"{c.id}: partition {hot} took {share:.0%} of all calls (an even spread is "
            f"{even:.0%}), {c.skew_note()}",
            {"latency": share - even},
            {"hot_partition": hot, "share": round(share, 3), "even_share": round(even, 3)},
        )


def fault_dict(fault: FaultEvent) -> dict[str, Any]:
    return {"kind": fault.kind, "target": fault.target, "t_s": fault.t_s}


def slot_holder(ev: Evidence, cid: str) -> tuple[str, str] | None:
    """The busiest saturated component downstream of `cid`, and how busy: waiting for `cid`'s
    slots is then waiting for it, since a slot is held for the whole downstream call. A
    partitioned store counts by its hottest partition."""
    best: tuple[float, str, str] | None = None
    for d in ev.downstream(cid):
        c = ev.by_id.get(d)
        capacity = c.concurrency() if c is not None else None
        if capacity is None or d not in ev.components:
            continue
        b = busy(ev, d)
        level, how = b.mean, b.describe(*capacity)
        calls = partition_calls(ev, d)
        if calls:
            hot = max(range(len(calls)), key=lambda i: calls[i])
            level = min(1.0, b.mean * calls[hot] * len(calls) / sum(calls))
            how = f"partition {hot} took {calls[hot] / sum(calls):.0%} of its calls"
        if (b.seconds or level >= 0.8) and (best is None or level > best[0]):
            best = (level, d, how)
    return None if best is None else (best[1], best[2])


def slow_traces(ev: Evidence) -> Iterator[Candidate]:
    traces: list[Trace] = sorted(ev.traces(), key=lambda tr: tr.latency_ms, reverse=True)[:SLOWEST]
    if len(traces) < 3:
        return
    wait: dict[str, float] = {}
    work: dict[str, float] = {}
    for trace in traces:
        for hop in trace.hops:
            wait[hop.component] = wait.get(hop.component, 0.0) + hop.wait_ms
            work[hop.component] = work.get(hop.component, 0.0) + hop.service_ms
    total = sum(wait.values()) + sum(work.values())
    if total <= 0:
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
    holder = slot_holder(ev, cid) if wait[cid] > work[cid] else None
    if holder is not None:
        culprit, how = holder
        message += f"; its slots are held by calls to {culprit} ({how})"
    c = ev.by_id.get(cid)
    if c is not None:
        message += c.waiting_note([ev.by_id[d] for d in ev.downstream(cid) if d in ev.by_id])
    yield Candidate(
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
