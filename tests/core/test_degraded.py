"""Degraded is its own outcome: a fallback covers only calls marked optional, its answers are
counted apart from ok, availability counts them as failed, and the ledger never judges one."""

from __future__ import annotations

import pytest

from playground.design.checks import check_design
from tests.core.helpers import challenge, design, run, service

FLAKY = {"id": "dep", "kind": "external", "latency": {"distribution": "deterministic", "mean_ms": 5},
         "error_rate": 0.3}


def test_an_optional_call_that_fails_makes_a_degraded_answer_not_an_ok_one():
    d = design(service(workers=32, mean_ms=1.0, calls=[{"to": "dep", "optional": True}], call_timeout_ms=50,
                       retry={"attempts": 1, "backoff_ms": 10}, fallback=True), FLAKY)
    r = run(d, challenge(200.0, 20.0))
    req = r.requests
    assert req.ok == req.total  # every read was answered ...
    # ... a call fails only if both tries fail: 0.3² = 9 % of reads are degraded
    assert req.degraded / req.total == pytest.approx(0.09, abs=0.015)
    assert req.degraded == r.components["api"].extra["fallbacks"] == r.latency_ms.by_op["read"].degraded
    assert r.availability == pytest.approx((req.ok - req.degraded) / req.total, abs=1e-6)


def test_a_failed_call_not_marked_optional_still_fails_the_read():
    calls = [{"to": "db"}, {"to": "dep", "optional": True}]
    db = {"id": "db", "kind": "external", "latency": {"distribution": "deterministic", "mean_ms": 1},
          "error_rate": 0.2}
    r = run(design(service(workers=32, mean_ms=1.0, calls=calls, fallback=True), db, FLAKY),
            challenge(200.0, 20.0))
    req = r.requests
    assert req.error / req.total == pytest.approx(0.2, abs=0.02)
    # of the reads the db answered, the vendor failed 30 %: those, and only those, are degraded
    assert req.degraded / req.ok == pytest.approx(0.3, abs=0.03)


def test_a_rejection_stays_a_rejection_under_a_fallback():
    limiter = {"id": "edge", "kind": "rate_limiter", "rate_rps": 50, "burst": 5, "calls": ["store"]}
    store = service("store", workers=64, mean_ms=1.0)
    front = service(workers=64, mean_ms=1.0, fallback=True,
                    calls=[{"to": "edge"}, {"to": "dep", "optional": True}])
    dep = dict(FLAKY, error_rate=0.0)
    r = run(design(front, limiter, store, dep), challenge(200.0, 20.0))
    assert r.requests.rejected / 20.0 == pytest.approx(150, rel=0.05)
    assert r.requests.degraded == 0


def test_a_degraded_read_is_never_judged_a_consistent_one():
    # every read's data call is optional and always fails: no read returned data, so none can
    # count as a consistent read (the stale-read rate's denominator has no reads in it)
    db = {"id": "db", "kind": "external", "latency": {"distribution": "deterministic", "mean_ms": 1},
          "error_rate": 1.0}
    store = {"id": "data", "kind": "database"}
    d = design(service(workers=32, mean_ms=1.0, fallback=True,
                       calls=[{"to": "db", "optional": True, "ops": ["read"]}, {"to": "data", "ops": ["write"]}]),
               db, store)
    r = run(d, challenge(200.0, 10.0, mix={"read": 0.5, "write": 0.5}))
    reads = r.latency_ms.by_op["read"]
    assert reads.degraded == reads.count > 0
    assert r.finished_by_op()["read"] == 0
    assert r.availability == pytest.approx(0.5, abs=0.05)


def test_a_fallback_without_an_optional_call_is_a_located_error():
    d = design(service(calls=["dep"], fallback=True), FLAKY)
    found = [(path, message) for path, message, _, severity in check_design(d) if severity == "error"]
    assert [path for path, _ in found] == [("components", 0, "fallback")]
    assert "optional" in found[0][1]


def test_availability_counts_degraded_answers_as_failed_unless_the_requirement_accepts_them():
    from playground.scoring import score

    d = design(service(workers=32, mean_ms=1.0, fallback=True, calls=[{"to": "dep", "optional": True}]),
               dict(FLAKY, error_rate=0.5))
    strict = challenge(100.0, 10.0, requirements=[{"kind": "availability", "min": 0.9}])
    lenient = challenge(100.0, 10.0, requirements=[{"kind": "availability", "min": 0.9, "degraded_ok": ["read"]}])
    r = run(d, strict)
    assert r.requests.degraded / r.requests.total == pytest.approx(0.5, abs=0.05)
    judged = {name: score(d, c, r).requirements[0] for name, c in (("strict", strict), ("lenient", lenient))}
    assert judged["strict"].actual == pytest.approx(1 - r.requests.degraded / r.requests.total, abs=1e-6)
    assert not judged["strict"].passed
    assert judged["lenient"].actual == pytest.approx(1.0) and judged["lenient"].passed


def test_parallel_calls_degrade_on_an_optional_failure_and_fail_on_any_other():
    db = {"id": "db", "kind": "external", "latency": {"distribution": "deterministic", "mean_ms": 1},
          "error_rate": 0.2}
    calls = [{"to": "db"}, {"to": "dep", "optional": True}]
    r = run(design(service(workers=32, mean_ms=1.0, calls=calls, fallback=True, parallel_calls=True), db, FLAKY),
            challenge(200.0, 20.0))
    req = r.requests
    assert req.error / req.total == pytest.approx(0.2, abs=0.02)
    # made at once, the vendor fails 30 % of the reads whatever the db did: degraded are those the db answered
    assert req.degraded / req.ok == pytest.approx(0.3, abs=0.03)
