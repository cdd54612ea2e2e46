"""A warm-up left out of the measurements: what the result says of it, what it leaves out and
what it keeps, checked against the same run without one and against closed forms."""

from __future__ import annotations

from math import sqrt

import pytest

from playground.core.data import Ledger
from playground.design.challenge import Challenge
from tests.core import theory
from tests.core.helpers import challenge, design, run, service


def warmed(c: Challenge, warmup_s: float, **measure: object) -> Challenge:
    return Challenge.model_validate({**c.model_dump(), "measure": {"warmup_s": warmup_s, **measure}})


def test_the_result_says_what_was_left_out_and_the_counts_still_add_up():
    """The warm-up changes no draw: the run with it is the run without it, measured from 10 s.
    Requests begun in it are E = rate x 10 s (Poisson: SE sqrt(E)); the per-second series,
    which cover the whole run, are the same with and without it."""
    d = design(service(workers=2, mean_ms=8.0, queue_limit=5), entry="api")
    c = challenge(200.0, 40.0, client={"timeout_ms": 50, "retries": 1, "backoff_ms": 5})
    before, after = run(d, c), run(d, warmed(c, 10.0))
    assert before.warmup is None and "warmup" not in before.to_dict()
    w = after.warmup
    assert w is not None and w["discarded_s"] == 10.0 and w["measured_s"] == 30.0
    assert w["requests"] == pytest.approx(200 * 10, abs=4 * sqrt(200 * 10))
    req = after.requests
    assert req.total + w["requests"] == before.requests.total
    assert req.ok + req.timeout + req.rejected + req.error + req.in_flight == req.total
    assert req.rejected > 0 and req.retries > 0  # a run where every outcome and retries occur
    assert after.series == before.series
    assert after.latency_ms.overall.count == req.ok
    assert list(after.to_dict())[:5] == ["engine_version", "seed", "duration_s", "warmup", "requests"]


def test_components_are_measured_over_the_time_after_the_warm_up():
    """20 s at 20 req/s, then 60 s at 80 req/s, one server of 5 ms (deterministic). Measured
    after 20 s, the server is busy 80 x 5 ms = 40 % of the time (its busy time is the arrivals'
    count times 5 ms, a Poisson count of mean 4,800: SE 0.005 sqrt(4800) / 60 = 0.6 %), against
    (400 + 4800) x 5 ms / 80 s = 32.5 % over the whole run; and the measured requests wait as in
    an M/D/1 at rho = 0.4 (Pollaczek-Khinchine), not at the first phase's 0.1."""
    d = design(service(workers=1, mean_ms=5.0, distribution="deterministic"))
    c = challenge(0, 0, phases=[{"duration_s": 20, "rps": 20}, {"duration_s": 60, "rps": 80}])
    whole, later = run(d, c), run(d, warmed(c, 20.0))
    se = 0.005 * sqrt(4800) / 60
    assert later.components["api"].utilization == pytest.approx(0.4, abs=4 * se)
    assert whole.components["api"].utilization == pytest.approx(0.325, abs=4 * 0.005 * sqrt(5200) / 80)
    assert later.components["api"].throughput_rps == pytest.approx(80, abs=4 * sqrt(4800) / 60)
    assert later.components["api"].answered == later.requests.total
    mean = theory.md1_mean_sojourn(80.0, 0.005) * 1000
    n_eff = theory.mm1_effective_samples(later.latency_ms.overall.count, 80.0, 200.0)
    assert later.latency_ms.overall.mean == pytest.approx(mean, rel=4 / sqrt(n_eff))


def test_a_cold_cache_is_measured_once_warm():
    """A cache of 1,000 items, 2,000 keys read uniformly at 10,000 a second. Once full, any
    policy holds 1,000 keys and each read hits with probability exactly 1/2 (the key is uniform,
    whatever the past): the hit indicators are independent Bernoulli(1/2). Filling it takes
    about 1,400 reads that hit less (at least 1,000 misses; the first read of a key always
    misses): some 700 hits short of a warm cache. Measured after 0.5 s (5,000 reads, full long
    before), the hit ratio is 1/2 within 4 binomial SEs; over the whole 1.5 s, it is not."""
    d = design({"id": "cache", "kind": "cache", "capacity_items": 1000, "ttl_s": None, "calls": ["db"],
                "hit_time": {"distribution": "deterministic", "mean_ms": 0.01}},
               {"id": "db", "kind": "database", "workers": 64})
    c = challenge(10_000.0, 1.5, keys={"count": 2000})
    cold, warm = run(d, c), run(d, warmed(c, 0.5))
    stats, whole = warm.components["cache"].extra, cold.components["cache"].extra
    n = stats["hits"] + stats["misses"]
    assert n == pytest.approx(10_000, abs=4 * sqrt(10_000))
    assert stats["hit_ratio"] == pytest.approx(0.5, abs=4 * sqrt(0.25 / n))
    assert whole["misses"] - stats["misses"] >= 1000  # the fill, left out
    assert whole["hit_ratio"] < 0.5 - 4 * sqrt(0.25 / (whole["hits"] + whole["misses"]))


def test_anomalies_of_requests_begun_in_the_warm_up_are_not_counted():
    ledger = Ledger(horizon_s=60.0)
    ledger.measured_from = 10.0
    early = [1, 0, 5, 3, 0, 9.0, 9.0, 0, 0, [], 0]  # a read begun at 9 s
    late = [2, 0, 5, 3, 0, 11.0, 11.0, 0, 0, [], 0]
    ledger.found("stale_read", early, 12.0)
    ledger.found("stale_read", late, 12.0)
    ledger.lost_in_failover(5.0, 3)
    ledger.lost_in_failover(15.0, 2)
    assert sum(ledger.counts["stale_read"]) == 1 and len(ledger.examples["stale_read"]) == 1
    assert ledger.counts["lost_write"][1] == 2


def test_a_warm_up_must_leave_something_to_measure():
    with pytest.raises(ValueError, match="leaves nothing to measure"):
        warmed(challenge(10.0, 30.0), 30.0)
