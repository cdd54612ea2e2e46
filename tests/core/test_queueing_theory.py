"""The engine against queueing theory: every number here comes from a closed form (theory.py).

Each test states its sample size and the standard error that justifies its tolerance; the
tolerance is about four standard errors, so a correct engine fails by chance very rarely (and,
with a fixed seed, never flakes).
"""

from __future__ import annotations

from math import sqrt

import pytest

from tests.core import theory
from tests.core.helpers import challenge, design, run, service

N = 100_000  # requests per single-queue test


def test_mm1_mean_and_p99_time_in_system():
    lam, mu = 50.0, 100.0  # rho = 0.5
    r = run(design(service(mean_ms=1000 / mu)), challenge(lam, N / lam))
    lat = r.latency_ms.overall
    n_eff = theory.mm1_effective_samples(lat.count, lam, mu)
    mean = theory.mm1_mean_sojourn(lam, mu) * 1000
    p99 = theory.mm1_sojourn_quantile(lam, mu, 0.99) * 1000
    # sojourn is exponential: sd = mean, so the mean's relative SE is 1/sqrt(n_eff) (~1.1 %)
    assert lat.mean == pytest.approx(mean, rel=4 / sqrt(n_eff))
    # the p99's relative SE (~2.3 %), plus the histogram's bin half-width (0.55 %)
    assert lat.p(99) == pytest.approx(p99, rel=4 * theory.quantile_rel_se(0.99, n_eff) + 0.0055)


def test_mm1_p99_9_when_a_requirement_names_it():
    """A percentile beyond p50/p95/p99 is reported when a latency requirement names it."""
    lam, mu = 20.0, 100.0  # rho = 0.2: short correlation, so the far tail is well sampled
    c = challenge(lam, N / lam, requirements=[{"kind": "latency", "percentile": 99.9, "max_ms": 1000}])
    r = run(design(service(mean_ms=1000 / mu)), c)
    lat = r.latency_ms.overall
    assert list(lat.to_dict()) == ["count", "mean", "p50", "p95", "p99", "p99.9", "max"]
    assert r.latency_ms.by_op["read"].p(99.9) == lat.p(99.9)
    n_eff = theory.mm1_effective_samples(lat.count, lam, mu)
    p999 = theory.mm1_sojourn_quantile(lam, mu, 0.999) * 1000  # 86.3 ms
    # relative SE of the p99.9 with n_eff ~ 76,000: ~1.7 %; plus the bin half-width
    assert lat.p(99.9) == pytest.approx(p999, rel=4 * theory.quantile_rel_se(0.999, n_eff) + 0.0055)


def test_mmc_mean_and_p99_time_in_system_erlang_c():
    lam, mu, c = 300.0, 100.0, 4  # rho = 0.75, P(wait) = 0.51
    r = run(design(service(workers=c, mean_ms=1000 / mu)), challenge(lam, N / lam))
    lat = r.latency_ms.overall
    mean = theory.mmc_mean_sojourn(lam, mu, c) * 1000
    p99 = theory.mmc_sojourn_quantile(lam, mu, c, 0.99) * 1000
    # correlation: the c-server queue relaxes like an M/M/1 with rate c·mu (a pessimistic bound)
    n_eff = theory.mm1_effective_samples(lat.count, lam, c * mu)
    assert lat.mean == pytest.approx(mean, rel=4 / sqrt(n_eff))
    assert lat.p(99) == pytest.approx(p99, rel=4 * theory.quantile_rel_se(0.99, n_eff) + 0.0055)
    util = r.components["api"].utilization
    assert util == pytest.approx(lam / (c * mu), rel=0.02)


@pytest.mark.parametrize("distribution", ["exponential", "deterministic"])
def test_erlang_b_blocking_without_a_wait_queue(distribution):
    lam, mu, c = 400.0, 100.0, 5  # a = 4 erlangs: B = 0.199
    n = 60_000
    r = run(design(service(workers=c, mean_ms=1000 / mu, queue_limit=0, distribution=distribution)),
            challenge(lam, n / lam))
    req = r.requests
    blocked = req.rejected / req.total
    b = theory.erlang_b(c, lam / mu)
    # binomial SE sqrt(B(1-B)/n) = 0.0016; blocking is insensitive to the service distribution
    assert blocked == pytest.approx(b, abs=4 * sqrt(b * (1 - b) / n) + 0.002)
    assert req.ok + req.rejected == req.total


def test_md1_pollaczek_khinchine():
    lam, d = 70.0, 0.010  # rho = 0.7
    r = run(design(service(mean_ms=d * 1000, distribution="deterministic")), challenge(lam, N / lam))
    mean = theory.md1_mean_sojourn(lam, d) * 1000
    # M/D/1 relaxes faster than M/M/1 at the same load: the M/M/1 n_eff is a safe lower bound;
    # sojourn sd is below its mean, so 1/sqrt(n_eff) bounds the relative SE
    n_eff = theory.mm1_effective_samples(r.latency_ms.overall.count, lam, 1 / d)
    assert r.latency_ms.overall.mean == pytest.approx(mean, rel=4 / sqrt(n_eff))
    assert r.latency_ms.overall.p(50) >= d * 1000 * 0.995  # never faster than D


def test_lru_hit_ratio_matches_che_under_zipf():
    n_keys, s, capacity, n = 2000, 0.9, 200, 100_000
    d = design(
        service(workers=64, mean_ms=1.0, calls=["cache"]),
        {"id": "cache", "kind": "cache", "capacity_items": capacity, "ttl_s": None, "calls": ["db"]},
        {"id": "db", "kind": "database", "workers": 64},
    )
    r = run(d, challenge(1000.0, n / 1000.0, keys={"count": n_keys, "distribution": "zipf", "zipf_s": s}))
    hit = r.components["cache"].extra["hit_ratio"]
    expected = theory.che_hit_ratio(theory.zipf_probabilities(n_keys, s), capacity)
    # sampling SE sqrt(h(1-h)/n) = 0.0016; Che's approximation itself is within ~1 % here
    assert hit == pytest.approx(expected, abs=4 * sqrt(expected * (1 - expected) / n) + 0.01)


def test_littles_law_on_every_component():
    d = design(
        {"id": "lb", "kind": "load_balancer", "policy": "least_connections", "calls": ["api"]},
        service(instances=3, workers=4, mean_ms=8.0, calls=["cache", {"to": "db", "ops": ["write"]}]),
        {"id": "cache", "kind": "cache", "capacity_items": 500, "calls": ["db"]},
        {"id": "db", "kind": "database", "workers": 4},
        entry="lb",
    )
    r = run(d, challenge(800.0, 60.0, mix={"read": 0.8, "write": 0.2}))
    for cid in ("api", "db"):
        c = r.components[cid]
        in_system = c.utilization * c.slots + c.queue_length  # time-average L
        lam_w = c.throughput_rps * c.mean_time_ms / 1000.0  # lambda times mean W
        # the two sides differ only by the calls straddling the window's edges
        assert in_system == pytest.approx(lam_w, rel=0.02), cid
