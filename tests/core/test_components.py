"""Each component kind behaves as someone who has run one in production would expect.

Numbers are exact seeded behaviour or simple arithmetic on the design, never a copy of output.
"""

from __future__ import annotations

import pytest

from playground.core.streams import lognormal_params
from playground.kinds.load_balancer import mix
from tests.core import theory
from tests.core.helpers import challenge, design, run, service


def test_a_slow_dependency_exhausts_every_upstream_worker():
    # api needs 1 ms of its own; the db takes 50 ms with 2 workers (40 req/s at most). The api's
    # 16 workers are held for the db's wait and work, so the api saturates though its own work
    # would use 1 %.
    d = design(service(workers=16, mean_ms=1.0, queue_limit=10, calls=["db"]),
               {"id": "db", "kind": "database", "workers": 2, "read_time": 50.0})
    r = run(d, challenge(200.0, 20.0, client={"timeout_ms": 5000}))
    api, db = r.components["api"], r.components["db"]
    assert api.utilization > 0.95
    assert db.utilization > 0.95
    assert db.throughput_rps == pytest.approx(40.0, rel=0.1)
    assert r.requests.rejected > 0.7 * r.requests.total


def test_token_bucket_admits_its_rate_and_rejects_the_rest():
    d = design({"id": "edge", "kind": "rate_limiter", "rate_rps": 100, "burst": 10, "calls": ["api"]},
               service(workers=64, mean_ms=1.0))
    r = run(d, challenge(300.0, 30.0))
    admitted = r.requests.ok / 30.0
    assert admitted == pytest.approx(100.0, rel=0.02)
    assert r.requests.rejected == r.components["edge"].extra["rejected"]


def test_per_client_limit_stops_only_the_abusive_client():
    d = design({"id": "edge", "kind": "rate_limiter", "rate_rps": 20, "burst": 5, "scope": "per_client",
                "calls": ["api"]}, service(workers=64, mean_ms=1.0))
    r = run(d, challenge(500.0, 20.0, clients=100, hot_client_share=0.5))
    # the hot client sends 250 req/s and is held to 20; the other 99 send ~2.5 req/s each
    assert r.requests.rejected / 20.0 == pytest.approx(250 - 20, rel=0.05)


def test_client_timeout_and_retries_with_backoff():
    d = design(service(workers=1, mean_ms=30.0, distribution="deterministic", queue_limit=1000))
    r = run(d, challenge(50.0, 20.0, client={"timeout_ms": 100, "retries": 2, "backoff_ms": 20}))
    req = r.requests
    assert req.ok + req.timeout + req.rejected + req.error == req.total
    assert req.timeout > 0 and req.retries > 0
    assert req.attempts == req.total + req.retries
    # every ok answer came within the timeout of its last attempt: at most 3 attempts' worth
    assert r.latency_ms.overall.max <= 3 * 100 + 20 + 40 + 1


def test_call_timeout_retry_and_fallback_keep_reads_answered():
    d = design(service(workers=32, mean_ms=1.0, calls=[{"to": "dep", "optional": True}], call_timeout_ms=50,
                       retry={"attempts": 1, "backoff_ms": 10}, fallback=True),
               {"id": "dep", "kind": "external", "latency": {"distribution": "deterministic", "mean_ms": 5},
                "error_rate": 0.3})
    r = run(d, challenge(200.0, 20.0))
    assert r.requests.ok == r.requests.total  # reads degrade instead of failing (tests/core/test_degraded.py)
    # a call fails only if both tries fail: 0.3² = 9 % of reads fall back
    assert r.components["api"].extra["fallbacks"] / r.requests.total == pytest.approx(0.09, abs=0.015)


def test_circuit_breaker_fails_fast_while_open():
    dep = {"id": "dep", "kind": "external", "latency": {"distribution": "deterministic", "mean_ms": 5},
           "error_rate": 1.0}
    plain = design(service(workers=32, mean_ms=1.0, calls=["dep"]), dep)
    guarded = design(service(workers=32, mean_ms=1.0, calls=["dep"],
                             circuit_breaker={"failure_ratio": 0.5, "window": 10, "open_s": 1.0}), dep)
    c = challenge(200.0, 10.0)
    a, b = run(plain, c), run(guarded, c)
    assert a.requests.error == b.requests.error == a.requests.total
    # the breaker stops calls: about one trial per second gets through once it has opened
    assert b.components["dep"].calls < 0.02 * a.components["dep"].calls
    assert b.latency_ms.overall.count == 0


def test_lognormal_timing_has_the_mean_and_p99_it_was_given():
    d = design({"id": "dep", "kind": "external", "latency": {"distribution": "lognormal", "mean_ms": 80,
                                                              "p99_ms": 400}})
    r = run(d, challenge(500.0, 100.0))
    lat = r.latency_ms.overall
    assert lat.mean == pytest.approx(80, rel=0.03)
    assert lat.p(99) == pytest.approx(400, rel=0.05)
    mu, sigma = lognormal_params(0.08, 0.4)
    assert sigma > 0 and mu < 0


def test_cache_ttl_expires_entries():
    d = design(service(workers=64, mean_ms=1.0, calls=["cache"]),
               {"id": "cache", "kind": "cache", "capacity_items": 100, "ttl_s": 1.0, "calls": ["db"]},
               {"id": "db", "kind": "database", "workers": 64})
    # 10 keys at 100 req/s: each key is read ~10 times a second and refetched once a second
    r = run(d, challenge(100.0, 60.0, keys={"count": 10}))
    assert r.components["cache"].extra["hit_ratio"] == pytest.approx(0.9, abs=0.02)
    assert r.components["db"].throughput_rps == pytest.approx(10.0, rel=0.1)


def test_hot_key_overloads_its_own_shard_partition_only():
    d = design(service(workers=256, mean_ms=1.0, calls=["store"]),
               {"id": "store", "kind": "shard", "partitions": 4, "workers": 2, "read_time": 5.0})
    r = run(d, challenge(400.0, 20.0, keys={"count": 1000, "distribution": "zipf", "zipf_s": 1.3}))
    parts = r.components["store"].extra["calls_by_partition"]
    p = theory.zipf_probabilities(1000, 1.3)  # key 0 alone takes 28 % of the calls
    expected = [sum(pk for k, pk in enumerate(p) if mix(k) % 4 == i) for i in range(4)]
    n = sum(parts)
    for got, share in zip(parts, expected, strict=True):  # multinomial SE <= 0.0055
        assert got / n == pytest.approx(share, abs=0.022)
    hot = expected.index(max(expected))
    assert r.components["store"].utilization < 0.5  # the store as a whole is far from full
    assert parts[hot] == max(parts)


def test_queue_answers_producers_at_once_and_consumers_drain():
    d = design(service(workers=64, mean_ms=1.0, calls=["jobs"]),
               {"id": "jobs", "kind": "queue", "capacity": 1000, "consumers": 2,
                "consumer_time": {"distribution": "deterministic", "mean_ms": 10}, "calls": ["mail"]},
               {"id": "mail", "kind": "external", "latency": {"distribution": "deterministic", "mean_ms": 5}})
    r = run(d, challenge(100.0, 30.0, mix={"enqueue": 1}))
    assert r.latency_ms.overall.max < 1.0 + 20  # producers never wait for consumers
    q = r.components["jobs"]
    assert q.extra["accepted"] == r.requests.total
    # consumers hold 15 ms per message: 2 of them sustain 133 msg/s, enough for 100
    assert q.utilization == pytest.approx(100 * 0.015 / 2, rel=0.05)


def test_full_queue_pushes_back_on_producers():
    d = design(service(workers=64, mean_ms=1.0, calls=["jobs"]),
               {"id": "jobs", "kind": "queue", "capacity": 50, "consumers": 1,
                "consumer_time": {"distribution": "deterministic", "mean_ms": 20}})
    r = run(d, challenge(100.0, 20.0, mix={"enqueue": 1}))
    # one consumer does 50 msg/s of the 100 offered: about half are refused once the backlog is full
    assert r.requests.rejected / r.requests.total == pytest.approx(0.5, abs=0.05)
    backlog = r.components["jobs"].series.extra["backlog"]
    assert backlog[0] < 50 and max(backlog[5:20]) == 50


@pytest.mark.parametrize("policy", ["round_robin", "least_connections", "random", "sticky_session",
                                    "consistent_hash"])
def test_every_balancing_policy_spreads_the_load(policy):
    d = design({"id": "lb", "kind": "load_balancer", "policy": policy, "calls": ["api"]},
               service(instances=4, workers=4, mean_ms=10.0))
    r = run(d, challenge(400.0, 20.0, sessions=500, keys={"count": 5000}))
    assert r.requests.ok == r.requests.total
    assert r.components["api"].utilization == pytest.approx(400 * 0.010 / 16, rel=0.1)


def test_reads_spread_over_replicas():
    d = design(service(workers=64, mean_ms=1.0, calls=["db"]),
               {"id": "db", "kind": "database", "read_from": "replicas"},
               {"id": "r1", "kind": "replica", "of": "db"}, {"id": "r2", "kind": "replica", "of": "db"})
    r = run(d, challenge(300.0, 20.0, mix={"read": 2, "write": 1}))
    reads, writes = r.latency_ms.by_op["read"].count, r.latency_ms.by_op["write"].count
    assert r.components["db"].answered == writes
    assert r.components["r1"].answered + r.components["r2"].answered == reads
    assert abs(r.components["r1"].answered - r.components["r2"].answered) <= 1


def test_traces_hold_the_slowest_and_a_sample_with_hops():
    d = design({"id": "lb", "kind": "load_balancer", "calls": ["api"]},
               service(instances=2, workers=2, mean_ms=5.0, calls=["db"]),
               {"id": "db", "kind": "database", "workers": 4}, entry="lb")
    r = run(d, challenge(300.0, 20.0))
    traces = r.traces
    slowest = traces[0]
    assert slowest.latency_ms == r.latency_ms.overall.max
    assert 10 < len(traces) <= 20
    for t in traces:
        assert [h.component for h in t.hops] == ["api", "db"]
        api, db = t.hops
        assert db.start_ms >= api.start_ms + api.wait_ms + api.service_ms - 1e-3
        assert t.latency_ms >= api.wait_ms + api.service_ms + db.wait_ms + db.service_ms - 1e-3


def test_coalescing_misses_sends_one_fetch_per_key_to_the_store():
    def stampede(coalesce: bool) -> object:
        d = design(service(workers=256, mean_ms=0.5, calls=["cache"]),
                   {"id": "cache", "kind": "cache", "ttl_s": 0.5, "coalesce_misses": coalesce, "calls": ["db"]},
                   {"id": "db", "kind": "database", "workers": 64, "read_time": {"distribution": "deterministic",
                                                                                "mean_ms": 50}})
        return run(d, challenge(1000.0, 10.0, keys={"count": 5}))

    plain, guarded = stampede(False), stampede(True)
    # 5 hot keys expire every 0.5 s: without coalescing every read in the 50 ms fetch misses too
    assert guarded.components["db"].calls <= 5 * (10 / 0.5 + 2)
    assert plain.components["db"].calls > 5 * guarded.components["db"].calls
    assert guarded.components["cache"].extra["coalesced"] > 0
