"""fault_latency: every second of a fault, after its grace, has its p99 under the bound."""

from __future__ import annotations

from playground.requirements.fault_latency import FaultLatencyRequirement, fault_window
from tests.core.helpers import challenge, design, run, service

HANG = [{"kind": "hang", "target": "dep", "at_s": 5.0, "duration_s": 6.0}]
DEP = {"id": "dep", "kind": "external", "latency": {"distribution": "deterministic", "mean_ms": 2}}
REQ = FaultLatencyRequirement(kind="fault_latency", fault="hang", grace_s=2, max_ms=100)


def guarded(**kw: object) -> object:
    return design(service(workers=64, mean_ms=1.0, calls=[{"to": "dep", "optional": True}], call_timeout_ms=200, fallback=True, **kw), DEP)


def test_the_window_is_the_faults_own_from_its_events():
    r = run(guarded(), challenge(100.0, 15.0, faults=HANG))
    assert fault_window(r, "hang") == (5.0, 11.0)
    assert fault_window(r, "partition") is None


def test_a_timeout_alone_pays_it_every_second_and_fails():
    r = run(guarded(), challenge(100.0, 15.0, faults=HANG))
    got = REQ.measure(r, None)  # type: ignore[arg-type]
    judged = [p for t, p in zip(r.series.t, r.series.p99_ms, strict=True) if t >= 7 and t + 1 <= 11]
    assert got.actual == max(judged) and got.actual >= 200  # type: ignore[operator]
    assert not got.passed


def test_a_breaker_answers_at_once_after_the_grace_and_passes():
    r = run(guarded(circuit_breaker={"failure_ratio": 0.5, "window": 10, "open_s": 30}),
            challenge(100.0, 15.0, faults=HANG))
    got = REQ.measure(r, None)  # type: ignore[arg-type]
    assert got.passed and got.actual < 10  # type: ignore[operator]
    whole_run = REQ.model_copy(update={"grace_s": 0.0}).measure(r, None)  # type: ignore[arg-type]
    assert not whole_run.passed  # the first second paid the timeouts that opened it


def test_a_run_without_the_fault_cannot_be_judged():
    got = REQ.measure(run(guarded(), challenge(100.0, 5.0)), None)  # type: ignore[arg-type]
    assert got.actual is None and not got.passed and "no hang fault" in got.detail
