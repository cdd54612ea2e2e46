"""The cache's eviction policies and TTLs against the analyses of caching under independent
requests with Zipf popularity: Che's approximation for LRU, the FIFO/random approximation, the
two TTL formulas of Martina, Garetto & Leonardi (INFOCOM 2014), and an independent simulation of
LFU. Every expected number is computed here; each tolerance is stated where it is used.

The cache fronts an origin that answers at once (1 µs), so an entry is filled the instant a
read misses, as the analyses assume."""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate
from math import exp, sqrt
from statistics import mean, stdev
from typing import Any

import pytest

from playground.design.challenge import Challenge
from tests.core import theory
from tests.core.helpers import challenge, design, run
from tests.kinds.test_cdn import expected_misses

INSTANT = {"distribution": "deterministic", "mean_ms": 0.001}
KEYS, ZIPF_S, CAPACITY, RATE = 1000, 0.8, 100, 1000.0
WARMUP_S, MEASURED_S, SEEDS = 10.0, 60.0, range(1, 6)


def cache(**fields: Any) -> Any:
    return design({"id": "cache", "kind": "cache", "hit_time": INSTANT, "calls": ["origin"], **fields},
                  {"id": "origin", "kind": "external", "latency": INSTANT})


def zipf_traffic(seed: int, duration_s: float, warmup_s: float = 0.0, keys: int = KEYS, s: float = ZIPF_S,
                 rate: float = RATE) -> Challenge:
    c = challenge(rate, duration_s, keys={"count": keys, "distribution": "zipf", "zipf_s": s}, seed=seed)
    return Challenge.model_validate({**c.model_dump(), "measure": {"warmup_s": warmup_s}})


def hit_ratios(policy: str, capacity: int = CAPACITY, **traffic: Any) -> list[float]:
    """The hit ratio after a warm-up (the cache filled), over independent replications."""
    d = cache(capacity_items=capacity, ttl_s=None, eviction=policy)
    return [run(d, zipf_traffic(seed, WARMUP_S + MEASURED_S, WARMUP_S, **traffic)).components["cache"].extra["hit_ratio"]
            for seed in SEEDS]


def characteristic_time(p: list[float], capacity: int, held: Any) -> float:
    """T with sum_i held(p_i T) = capacity, by bisection."""
    lo, hi = 0.0, 1.0
    while sum(held(pi * hi) for pi in p) < capacity:
        hi *= 2
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if sum(held(pi * mid) for pi in p) < capacity else (lo, mid)
    return (lo + hi) / 2


# The approximations are not exact for a finite cache. A plain Python cache (an ordered dict)
# fed 2,000,000 independent Zipf requests with these parameters, written while writing these
# tests, differed from them by -0.0006 (LRU), 0.0000 (FIFO) and +0.0001 (random), each within
# its own standard error of about 0.0006: the allowance below covers that.
APPROXIMATION = 0.001


def replicated(values: list[float]) -> tuple[float, float]:
    """Mean and standard error of independent replications (Law & Kelton, ch. 9). Hits within a
    run are correlated through the cache's contents; across seeds they are independent."""
    return mean(values), stdev(values) / sqrt(len(values))


def test_lru_follows_ches_approximation():
    """Che, Tung & Wang (IEEE JSAC 2002): an LRU cache of C items under independent requests
    holds item i with probability 1 - exp(-p_i T), T the characteristic time solving
    sum_i (1 - exp(-p_i T)) = C; the hit ratio is sum_i p_i (1 - exp(-p_i T))."""
    p = theory.zipf_probabilities(KEYS, ZIPF_S)
    t = characteristic_time(p, CAPACITY, lambda x: 1 - exp(-x))
    expected = sum(pi * (1 - exp(-pi * t)) for pi in p)
    assert expected == pytest.approx(theory.che_hit_ratio(p, CAPACITY), abs=1e-9)
    got, se = replicated(hit_ratios("lru"))
    assert got == pytest.approx(expected, abs=4 * se + APPROXIMATION)


@pytest.mark.parametrize("policy", ["fifo", "random"])
def test_fifo_and_random_follow_their_approximation(policy):
    """Martina, Garetto & Leonardi (INFOCOM 2014): FIFO and random replacement under
    independent requests behave as a TTL cache without reset whose TTL is the characteristic
    time T: item i is held with probability p_i T / (1 + p_i T), T solving their sum = C (the
    same for both, as Gelenbe (1973) showed their miss ratios equal)."""
    p = theory.zipf_probabilities(KEYS, ZIPF_S)
    t = characteristic_time(p, CAPACITY, lambda x: x / (1 + x))
    expected = sum(pi * pi * t / (1 + pi * t) for pi in p)
    got, se = replicated(hit_ratios(policy))
    assert got == pytest.approx(expected, abs=4 * se + APPROXIMATION)
    lru, _ = replicated(hit_ratios("lru"))
    assert got < lru  # recency keeps popular items longer than arrival order does


def perfect_lfu(p: list[float], capacity: int, warm: int, measured: int, seed: int) -> float:
    """An independent simulation of LFU as the cache defines it: every request counts for its key
    (held or not); a request for a key not held fills it, and the held key with the fewest
    requests (ties: the least recently used) leaves, which may be the one just filled."""
    r = random.Random(seed)
    cum = list(accumulate(p))
    counts = [0] * len(p)
    held: dict[int, int] = {}  # key -> when last used
    hits = 0
    for i in range(warm + measured):
        k = min(bisect(cum, r.random() * cum[-1]), len(p) - 1)
        counts[k] += 1
        if k in held and i >= warm:
            hits += 1
        held[k] = i
        if len(held) > capacity:
            del held[min(held, key=lambda j: (counts[j], held[j]))]
    return hits / measured


def test_lfu_against_an_independent_simulation_and_the_most_popular_items():
    """Under independent requests, the replacement that keeps the C most probable items is
    optimal (Aho, Denning & Ullman, JACM 1971): its hit ratio is the sum of their probabilities.
    LFU, counting requests, converges to it as the counts rank the keys; over a finite run it
    is a little below, by the keys near the C-th whose counts are not yet in order. So the run
    is compared with a simulation of the same LFU written here (different random numbers; the
    two replications' SEs combined), and both with the optimum, which neither may exceed by more
    than their noise."""
    keys, s, capacity = 500, 0.9, 50
    p = theory.zipf_probabilities(keys, s)
    got, se = replicated(hit_ratios("lfu", capacity, keys=keys, s=s))
    sims = [perfect_lfu(p, capacity, int(WARMUP_S * RATE), int(MEASURED_S * RATE), seed) for seed in SEEDS]
    sim, sim_se = replicated(sims)
    assert got == pytest.approx(sim, abs=4 * sqrt(se**2 + sim_se**2))
    best = sum(sorted(p, reverse=True)[:capacity])
    assert got < best + 4 * se
    assert got > best - 0.01  # converging: within a point of the optimum after 10 s of counts


TTL, HORIZON, TTL_KEYS, TTL_RATE, TTL_S = 2.0, 300.0, 500, 400.0, 0.9


def ttl_run(mode: str) -> tuple[dict[str, Any], list[float]]:
    d = cache(capacity_items=10**8, ttl_s=TTL, ttl_mode=mode)
    r = run(d, zipf_traffic(1, HORIZON, keys=TTL_KEYS, s=TTL_S, rate=TTL_RATE))
    rates = [TTL_RATE * q for q in theory.zipf_probabilities(TTL_KEYS, TTL_S)]
    return dict(r.components["cache"].extra), rates


def test_a_ttl_from_insertion_follows_the_ttl_cache_without_reset():
    """Martina, Garetto & Leonardi (INFOCOM 2014), TTL cache without reset: a key read at Poisson
    rate lam is found with probability lam T / (1 + lam T). Over the run, each key's misses are
    a renewal process (a miss; T held; the next read misses), counted exactly in expected_misses;
    its variance is D Var(X) / E[X]^3 with X = T + Exp(lam) (Cox, Renewal Theory, 1962, ch. 4)."""
    stats, rates = ttl_run("insertion")
    misses = sum(expected_misses(lam, TTL, HORIZON) for lam in rates)
    variance = sum(HORIZON * lam**-2 / (TTL + 1 / lam) ** 3 for lam in rates)
    assert stats["misses"] == pytest.approx(misses, abs=4 * sqrt(variance))
    steady = sum(lam * (lam * TTL) / (1 + lam * TTL) for lam in rates) / TTL_RATE
    assert stats["hit_ratio"] == pytest.approx(steady, abs=0.01)


def test_a_sliding_ttl_follows_the_ttl_cache_with_reset():
    """Martina, Garetto & Leonardi (INFOCOM 2014), TTL cache with reset (every hit renews the
    entry): a key read at Poisson rate lam is found with probability 1 - exp(-lam T). Exactly:
    a read misses when no read of its key came in the T before it (a fill renews as a hit does),
    so a read at s misses with probability exp(-lam min(s, T)), and the expected misses in
    [0, D] are (1 - exp(-lam T)) + lam (D - T) exp(-lam T). Each read after the first misses on
    its own gap, independently: the count is nearly Poisson, variance lam D exp(-lam T)."""
    stats, rates = ttl_run("sliding")
    misses = sum((1 - exp(-lam * TTL)) + lam * (HORIZON - TTL) * exp(-lam * TTL) for lam in rates)
    variance = sum(lam * HORIZON * exp(-lam * TTL) for lam in rates)
    assert stats["misses"] == pytest.approx(misses, abs=4 * sqrt(variance))
    steady = sum(lam * (1 - exp(-lam * TTL)) for lam in rates) / TTL_RATE
    assert stats["hit_ratio"] == pytest.approx(steady, abs=0.01)
    insertion, _ = ttl_run("insertion")
    assert stats["hit_ratio"] > insertion["hit_ratio"]  # a hit buys an entry more time


def test_every_policy_keeps_the_capacity_and_counts_its_evictions():
    d_keys = 300
    for policy in ("lru", "fifo", "random", "lfu"):
        d = cache(capacity_items=50, ttl_s=None, eviction=policy)
        r = run(d, challenge(500.0, 10.0, keys={"count": d_keys}))
        stats = r.components["cache"].extra
        assert stats["items"] == 50, policy
        assert stats["evictions"] == stats["misses"] - 50, policy  # every fill past the 50th evicts


def test_a_flush_and_an_invalidation_reach_every_policy():
    for policy in ("lru", "fifo", "random", "lfu"):
        d = design({"id": "api", "kind": "service", "workers": 8, "calls": ["cache", {"to": "db", "ops": ["write"]}]},
                   {"id": "cache", "kind": "cache", "capacity_items": 20, "eviction": policy,
                    "invalidation": "on_write", "calls": ["db"]},
                   {"id": "db", "kind": "database"})
        c = challenge(200.0, 10.0, mix={"read": 0.8, "write": 0.2}, keys={"count": 40},
                      faults=[{"kind": "cache_flush", "target": "cache", "at_s": 5.0}])
        r = run(d, c)
        assert r.components["cache"].extra["invalidations"] > 0, policy
        assert r.components["cache"].extra["items"] <= 20, policy
