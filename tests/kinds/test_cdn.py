"""The CDN: its hit ratio against the TTL cache's closed form, the share of keys it holds, its
bill by hand, the stale reads an edge serves, and its place in diagrams, edits and the picker."""

from __future__ import annotations

import math

import pytest

from playground.design.edit import add_component, edit_text
from playground.design.export import dot, mermaid
from playground.kinds import KINDS
from playground.scoring import monthly_cost
from playground.scoring.prices import price_table
from tests.core.helpers import challenge, design, run

ZIPF_S, KEYS, RATE, TTL, DURATION = 0.9, 500, 400.0, 2.0, 300.0


def zipf(n: int, s: float) -> list[float]:
    weights = [(k + 1) ** -s for k in range(n)]
    total = sum(weights)
    return [w / total for w in weights]


def edge(**cdn: object) -> object:
    """A CDN in front of an origin that answers at once (so an entry is kept the instant it misses)."""
    return design(
        {"id": "cdn", "kind": "cdn", "ttl_s": TTL, "capacity_items": 10**8,
         "edge_time": {"distribution": "deterministic", "mean_ms": 0.001}, "calls": ["origin"], **cdn},
        {"id": "origin", "kind": "external", "latency": {"distribution": "deterministic", "mean_ms": 0.001}},
    )


def expected_misses(lam: float, ttl: float, horizon: float) -> float:
    """Misses of one key in [0, horizon] at an insertion-TTL cache under Poisson reads at rate lam:
    the j-th miss comes at (j-1)·ttl + a Gamma(j, lam) time (each miss keeps the key ttl, the next
    read after that misses), so E[misses] = sum_j P(Gamma(j, lam) <= horizon - (j-1)·ttl)."""
    total, j = 0.0, 1
    while (x := horizon - (j - 1) * ttl) > 0:
        m = lam * x  # P(Gamma(j, lam) <= x) = P(Poisson(m) >= j)
        term, cdf = math.exp(-m), 0.0
        for i in range(j):
            cdf += term
            term *= m / (i + 1)
        total += 1.0 - cdf
        j += 1
    return total


def test_the_hit_ratio_is_the_ttl_caches_closed_form_under_zipf_popularity():
    """Martina, Garetto & Leonardi, "A unified approach to the performance analysis of caching
    systems", INFOCOM 2014, TTL cache without reset: a key read at Poisson rate λ is found with
    probability λT/(1 + λT) in steady state. Over a finite run each key's misses form a renewal
    process (a miss, T held, then the next read misses), counted exactly in expected_misses;
    the tolerance is four standard errors of the total misses, summed over keys from each
    renewal process's variance, D·Var(X)/E[X]^3 with X = T + Exp(λ) (Cox 1962, ch. 4)."""
    r = run(edge(), challenge(RATE, DURATION, keys={"count": KEYS, "distribution": "zipf", "zipf_s": ZIPF_S}))
    stats = r.components["cdn"].extra
    rates = [RATE * p for p in zipf(KEYS, ZIPF_S)]
    misses = sum(expected_misses(lam, TTL, DURATION) for lam in rates)
    variance = sum(DURATION * lam**-2 / (TTL + 1 / lam) ** 3 for lam in rates)
    looked = stats["hits"] + stats["misses"]
    assert looked == r.requests.total
    assert stats["misses"] == pytest.approx(misses, abs=4 * math.sqrt(variance))
    steady = sum(p * (lam * TTL) / (1 + lam * TTL) for p, lam in zip(zipf(KEYS, ZIPF_S), rates, strict=True))
    assert stats["hit_ratio"] == pytest.approx(steady, abs=0.02)  # the warm-up is a few seconds of 300


def mix(x: int) -> int:
    """The hash that decides which keys are cacheable: Knuth's multiplicative hash, 32 bits."""
    return ((x + 1) * 2654435761) & 0xFFFFFFFF


def test_only_the_cacheable_share_of_keys_is_held_the_rest_go_to_the_origin():
    share = 0.3
    r = run(edge(cacheable=share), challenge(RATE, 60.0, keys={"count": KEYS, "distribution": "zipf", "zipf_s": ZIPF_S}))
    held = [mix(k) % 10_000 < round(share * 10_000) for k in range(KEYS)]
    p_held = sum(p for p, h in zip(zipf(KEYS, ZIPF_S), held, strict=True) if h)
    n = r.requests.total
    stats = r.components["cdn"].extra
    looked = stats["hits"] + stats["misses"]
    assert looked == pytest.approx(n * p_held, abs=4 * math.sqrt(n * p_held * (1 - p_held)))
    assert r.components["origin"].calls == n - stats["hits"]  # every other read reached the origin


def test_its_bill_is_per_request_and_per_gb_by_hand():
    d = design({"id": "cdn", "kind": "cdn", "object_kb": 200, "calls": ["api"]}, {"id": "api", "kind": "service"})
    cost = monthly_cost(d, {"cdn": 100.0})
    lines = {line.item: line for line in cost.lines if line.component == "cdn"}
    seconds = 730 * 3600
    price = price_table().kind("cdn")
    assert set(lines) == {"requests", "data out"}  # no machines: nothing is provisioned
    assert lines["requests"].monthly_usd == pytest.approx(100 * seconds / 1e6 * price.per_million_requests)
    assert lines["data out"].quantity == pytest.approx(100 * seconds * 200 / 1e6)  # GB
    assert lines["data out"].monthly_usd == pytest.approx(100 * seconds * 200e-6 * price.per_gb)
    assert monthly_cost(d).unpriced == ("cdn",)  # without a rate it is not guessed at


def test_an_edge_serves_what_it_was_given_until_it_expires():
    """Writes change the data at the origin; the edge keeps the old answer for ttl_s: stale reads,
    more of them the longer the edge keeps answers."""
    def stale(ttl: float) -> float:
        d = design({"id": "cdn", "kind": "cdn", "ttl_s": ttl, "calls": ["api"]},
                   {"id": "api", "kind": "service", "workers": 32, "service_time": 1.0, "calls": ["db"]},
                   {"id": "db", "kind": "database", "workers": 32, "read_time": 1.0, "write_time": 1.0})
        c = challenge(300.0, 30.0, mix={"read": 0.8, "write": 0.2},
                      keys={"count": 200, "distribution": "zipf", "zipf_s": 1.0})
        return run(d, c).anomalies.rates["read"]["stale_read"]

    short, long = stale(0.2), stale(20.0)
    assert 0 < short < long
    assert long > 0.3


def test_it_is_drawn_exported_edited_and_offered_like_any_kind():
    assert "cdn" in KINDS
    text, new = edit_text("name: x\ncomponents: []\n", add_component, "cdn")
    assert new == "cdn" and "kind: cdn" in text and "entry: cdn" in text
    d = design({"id": "cdn", "kind": "cdn", "calls": ["api"]}, {"id": "api", "kind": "service"})
    assert 'n_cdn>"cdn<br/>cdn"]' in mermaid(d)
    assert '"cdn" [shape=tab' in dot(d)
