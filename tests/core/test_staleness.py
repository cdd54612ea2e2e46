"""Staleness by age: the share of a component's reads that were stale, by the time since the
key's last write, against closed forms for an asynchronous replica and a TTL cache. Expected
numbers are computed here; each age bin is checked at four binomial standard errors."""

from __future__ import annotations

from collections.abc import Callable
from math import exp, sqrt

from playground.design.challenge import Challenge
from tests.core.helpers import challenge, design, run

INSTANT = {"distribution": "deterministic", "mean_ms": 0.001}
KEYS, READS, WRITES, SECONDS = 1000, 2000.0, 100.0, 120.0
W = WRITES / KEYS  # writes a second to each key (keys are uniform)


def traffic(**measure: object) -> Challenge:
    c = challenge(READS + WRITES, SECONDS, mix={"read": READS, "write": WRITES}, keys={"count": KEYS})
    return Challenge.model_validate({**c.model_dump(), "measure": measure})


def bin_mean(f: Callable[[float], float], a1: float, a2: float) -> float:
    """The mean of f(age) over ages in [a1, a2), ages weighted by their density w e^{-w a}: the
    time since the last of a key's Poisson writes at a random moment is exponential (of rate
    W); a midpoint rule on 400 points, exact to far below the tests' tolerances."""
    n = 400
    h = (a2 - a1) / n
    ages = [a1 + (k + 0.5) * h for k in range(n)]
    weights = [exp(-W * a) for a in ages]
    return sum(f(a) * w for a, w in zip(ages, weights, strict=True)) / sum(weights)


def check_curve(curve: dict, p_stale: Callable[[float], float], min_reads: int = 100) -> int:
    """Each bin with enough reads: its stale count against its reads times the expected share,
    at 4 binomial SEs (reads after one write share its lag, but at these rates two reads of one
    key land in one bin after the same write rarely: 2 reads a second per key, bins of 19 %
    of their age). Returns how many bins were checked."""
    lo, checked = 0.0, 0
    for age_ms, n, stale in zip(curve["age_ms"], curve["reads"], curve["stale"], strict=True):
        hi = age_ms / 1000
        if n >= min_reads:
            p = bin_mean(p_stale, lo, hi)
            assert abs(stale - n * p) <= 4 * sqrt(n * p * (1 - p)) + 1, (age_ms, n, stale, n * p)
            checked += 1
        lo = hi
    return checked


def test_an_async_replica_is_stale_with_the_probability_its_lag_is_longer():
    """A write reaches the replica an exponential lag of mean L = 100 ms after its commit (each
    write its own draw; the replica keeps the newest version it has received), and async
    replication acknowledges at the commit: a read begun a ms after the key's last acknowledged
    write is stale when that write's lag exceeds a, P = exp(-a / L). Every other time is 1 µs."""
    lag = 0.1
    d = design({"id": "db", "kind": "database", "workers": 64, "read_from": "replicas",
                "read_time": INSTANT, "write_time": INSTANT},
               {"id": "r1", "kind": "replica", "of": "db", "workers": 64, "read_time": INSTANT,
                "lag": {"distribution": "exponential", "mean_ms": lag * 1000}})
    r = run(d, traffic(staleness_by_age=True))
    curve = r.components["r1"].extra["staleness_by_age"]
    assert check_curve(curve, lambda a: exp(-a / lag)) >= 15
    assert sum(curve["stale"]) == r.anomalies.counts["stale_read"]  # every stale read is the replica's
    assert len(curve["age_ms"]) == len(curve["reads"]) == len(curve["p_stale"])
    assert "staleness_by_age" not in r.components["db"].extra  # the primary answered no read


def test_a_ttl_cache_hit_is_stale_while_its_entry_predates_the_write():
    """A cache keeps an entry T = 1 s from its fill (invalidation: ttl, so a write leaves it).
    Under Poisson reads (2 a second per key) the entries' life is a renewal process, T held,
    then an exponential gap to the next read's miss; writes, independent of it, see it in
    steady state (PASTA): held with probability lam T / (1 + lam T), and a held entry's age is
    then uniform on [0, T] (Martina, Garetto & Leonardi, INFOCOM 2014, the TTL cache without
    reset). So a hit at age a after a write was filled before it with probability 1 - a / T
    (0 from T on); the misses, served by the database, are never stale."""
    ttl = 1.0
    d = design({"id": "cache", "kind": "cache", "capacity_items": 10**8, "ttl_s": ttl, "invalidation": "ttl",
                "hit_time": INSTANT, "calls": ["db"]},
               {"id": "db", "kind": "database", "workers": 64, "read_time": INSTANT, "write_time": INSTANT})
    r = run(d, traffic(staleness_by_age=True))
    cache = r.components["cache"].extra["staleness_by_age"]
    assert check_curve(cache, lambda a: max(0.0, 1 - a / ttl)) >= 15
    db = r.components["db"].extra["staleness_by_age"]
    assert sum(db["reads"]) > 1000 and sum(db["stale"]) == 0
    assert sum(cache["stale"]) == r.anomalies.counts["stale_read"]


def test_without_being_asked_the_results_have_no_curve():
    d = design({"id": "db", "kind": "database"}, {"id": "r1", "kind": "replica", "of": "db"})
    r = run(d, challenge(200.0, 5.0, mix={"read": 0.9, "write": 0.1}))
    assert all("staleness_by_age" not in c.extra for c in r.components.values())


def test_a_warm_up_leaves_its_reads_out_of_the_curve():
    d = design({"id": "db", "kind": "database", "read_from": "replicas"}, {"id": "r1", "kind": "replica", "of": "db"})
    c = challenge(500.0, 20.0, mix={"read": 0.9, "write": 0.1}, keys={"count": 100})
    whole = run(d, Challenge.model_validate({**c.model_dump(), "measure": {"staleness_by_age": True}}))
    later = run(d, Challenge.model_validate({**c.model_dump(), "measure": {"staleness_by_age": True, "warmup_s": 10}}))
    n_whole = sum(whole.components["r1"].extra["staleness_by_age"]["reads"])
    n_later = sum(later.components["r1"].extra["staleness_by_age"]["reads"])
    assert 0 < n_later < n_whole
    assert sum(later.components["r1"].extra["staleness_by_age"]["stale"]) == later.anomalies.counts["stale_read"]
