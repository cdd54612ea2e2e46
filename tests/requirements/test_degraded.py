"""degraded: a fallback's degraded answers are judged outside the story's fault only."""

from __future__ import annotations

import math

import pytest

from playground.requirements.degraded import DegradedRequirement
from tests.core.helpers import challenge, design, run, service

DEP = {"id": "dep", "kind": "external", "latency": {"distribution": "exponential", "mean_ms": 50}}
HANG = [{"kind": "hang", "target": "dep", "at_s": 10, "duration_s": 10}]
REQ = DegradedRequirement(kind="degraded", fault="hang", grace_s=5, max=0.01)


def page(timeout_ms: float, **kw):
    return design(service(workers=64, mean_ms=1.0, call_timeout_ms=timeout_ms, fallback=True,
                          calls=[{"to": "dep", "optional": True}], **kw), DEP)


def test_a_timeout_at_the_dependencys_mean_degrades_a_share_e_to_the_minus_one_outside_the_fault():
    """An exponential latency of mean 50 ms outlasts a 50 ms timeout with probability e^-1
    (the survival function of the exponential). Outside the hang and its 5 s of grace, 25 s at
    100 a second: ~2,500 requests, a standard error of sqrt(p (1 - p) / 2500) ~ 0.0096 on the
    share; 0.04 is four of them."""
    r = run(page(50.0), challenge(100.0, 40.0, faults=HANG))
    got = REQ.measure(r, None)  # type: ignore[arg-type]
    assert got.actual == pytest.approx(math.exp(-1.0), abs=0.04)
    assert not got.passed
    # the hang's own degraded answers are not judged: every call made in it timed out
    assert sum(r.components["api"].series.extra["fallbacks"][10:20]) > 900


def test_a_timeout_beyond_the_dependencys_tail_passes_and_a_run_without_the_fault_cannot_be_judged():
    """At 400 ms, e^-8 ~ 0.03 % of calls outlast the timeout."""
    r = run(page(400.0), challenge(100.0, 40.0, faults=HANG))
    got = REQ.measure(r, None)  # type: ignore[arg-type]
    assert got.actual is not None and got.actual < 0.003 and got.passed
    quiet = REQ.measure(run(page(400.0), challenge(100.0, 5.0)), None)  # type: ignore[arg-type]
    assert quiet.actual is None and not quiet.passed and "no hang fault" in quiet.detail


def test_a_design_without_a_fallback_degrades_nothing():
    plain = design(service(workers=64, mean_ms=1.0, call_timeout_ms=50.0, calls=["dep"]), DEP)
    r = run(plain, challenge(100.0, 40.0, faults=HANG))
    assert "fallbacks" not in r.components["api"].series.extra
    assert REQ.measure(r, None).actual == 0.0  # type: ignore[arg-type]
