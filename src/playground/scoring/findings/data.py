"""Anomalies: which component let each one through and how, with an example request."""

from __future__ import annotations

from collections.abc import Iterator

from playground.core.record import Anomaly, Trace
from playground.scoring.evidence import Evidence, moment
from playground.scoring.findings.candidate import Candidate
from playground.scoring.measure import ANOMALY_NAMES, READ_ANOMALIES, RequirementResult


def anomalies(ev: Evidence, requirements: list[RequirementResult]) -> Iterator[Candidate]:
    seen = set()
    for req in requirements:
        if req.category != "consistency" or (req.passed and req.score >= 100):
            continue
        anomaly = req.anomaly
        if anomaly is None or anomaly in seen:
            continue
        seen.add(anomaly)
        entry = ev.result.anomaly(anomaly)
        if entry is None or entry.count <= 0:
            continue
        component, mechanism = source(ev, anomaly, entry)
        of = f" ({entry.rate:.1%} of the operations it can affect)"
        message = f"{component or 'data'}: {entry.count:,} {ANOMALY_NAMES[anomaly]}{of}; {mechanism}{example(ev, entry)}"
        yield Candidate(
            component,
            message,
            {"consistency": max(1.0 - req.score / 100, 0.05)},
            {"anomaly": anomaly, "count": entry.count, "rate": entry.rate},
        )


def example(ev: Evidence, entry: Anomaly) -> str:
    if not entry.examples:
        return ""
    ex = entry.examples[0]
    parts = [f"request #{ex.id}"]
    if ex.found_ms is not None:
        parts.append(f"at {moment(ex.found_ms / 1000)}")
    if ex.key is not None:
        by = f" by session {ex.session}" if ex.session is not None else ""
        parts.append(f"{ex.op} of key {ex.key}{by}")
    server = holder(ev, ex)
    if server:
        parts.append(f"answered by {server}")
    return f" (e.g. {', '.join(parts)})"


def holder(ev: Evidence, example: Trace) -> str | None:
    """The last component on an example request's path that holds data or applies an effect."""
    for hop in reversed(example.hops):
        c = ev.by_id.get(hop.component)
        if c is not None and (c.keeps or c.applies_effects):
            return c.id
    return None


def storeless(ev: Evidence, entry: Anomaly) -> str | None:
    """The component that answered an example request whose path had no store on it (the engine
    counts such a write as lost and such a read as showing nothing written), if there is one."""
    for ex in entry.examples:
        kept = [getattr(ev.by_id.get(h.component), "keeps", None) for h in ex.hops]
        if ex.hops and not any(kept):
            return ex.hops[-1].component
    return None


def source(ev: Evidence, anomaly: str, entry: Anomaly) -> tuple[str | None, str]:
    """Which component let the anomaly through and how: the one its example names first, else
    the first whose configuration explains it."""
    named = next((h for ex in entry.examples if (h := holder(ev, ex))), None)
    answered = storeless(ev, entry)
    if answered is not None and anomaly == "lost_write":
        return answered, "writes are answered ok with no store on their path, so nothing keeps them"
    if answered is not None and anomaly in READ_ANOMALIES:
        return answered, "reads are answered with no data source on their path, so they show no write"
    first = [ev.by_id[named]] if named in ev.by_id else []
    for c in [*first, *ev.design.components]:
        mechanism = c.cause(anomaly, ev)
        if mechanism is not None:
            return c.id, mechanism
    return named, "see the examples in the run's anomalies"
