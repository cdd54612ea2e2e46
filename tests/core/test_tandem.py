"""Stations that hand a request on (a service's `hand_on`) against Jackson networks (issue 16,
item 2).

In a tandem of M/M/1 FIFO queues fed by Poisson arrivals, the sojourn times of one customer at
the successive stations are independent, each exponential with rate mu_i - lam (Reich, "Waiting
times when queues are in tandem", Ann. Math. Stat. 28, 1957; Burke 1956 for the output being
Poisson). More generally, on an overtake-free path of a feed-forward Jackson network the
sojourns are independent (Walrand & Varaiya, "Sojourn times and the overtaking condition in
Jacksonian networks", Adv. Appl. Prob. 12, 1980). So the end-to-end time is the convolution of
exponentials: its mean is the sum of the means, and for two stations of rates a != b

    P(T > x) = (b e^{-a x} - a e^{-b x}) / (b - a).

Tolerances: the end-to-end mean's relative SE is sd / (mean sqrt(n_eff)), with n_eff from the
most correlated station (tests/core/theory.py, mm1_effective_samples); four of them, plus the
latency histogram's bin half-width (0.55 %) for percentiles.
"""

from __future__ import annotations

from math import exp, sqrt

import pytest

from playground.design.checks import check_design
from playground.design.model import Design
from tests.core import theory
from tests.core.helpers import challenge, design, run, service

N = 80_000


def hypoexponential_tail(a: float, b: float, x: float) -> float:
    return (b * exp(-a * x) - a * exp(-b * x)) / (b - a)


def quantile(tail, q: float) -> float:
    lo, hi = 0.0, 1.0
    while tail(hi) > 1 - q:
        hi *= 2
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if tail(mid) > 1 - q else (lo, mid)
    return (lo + hi) / 2


def tandem(*means_ms: float, hand_on: bool = True) -> Design:
    ids = [f"s{i}" for i in range(len(means_ms))]
    stages = [service(sid, mean_ms=m, hand_on=hand_on and i + 1 < len(ids),
                      calls=[ids[i + 1]] if i + 1 < len(ids) else [])
              for i, (sid, m) in enumerate(zip(ids, means_ms, strict=True))]
    return design(*stages)


def test_two_stations_in_tandem_mean_and_percentiles_are_the_convolution():
    lam, mu1, mu2 = 50.0, 100.0, 80.0  # rho 0.5 and 0.625
    r = run(tandem(1000 / mu1, 1000 / mu2), challenge(lam, N / lam))
    lat = r.latency_ms.overall
    a, b = mu1 - lam, mu2 - lam
    mean = (1 / a + 1 / b) * 1000  # 53.3 ms
    sd = sqrt(1 / a**2 + 1 / b**2) * 1000
    n_eff = min(theory.mm1_effective_samples(lat.count, lam, mu) for mu in (mu1, mu2))
    assert lat.mean == pytest.approx(mean, rel=4 * sd / mean / sqrt(n_eff))
    for q in (0.5, 0.95, 0.99):
        expected = quantile(lambda x: hypoexponential_tail(a, b, x), q) * 1000
        # an order statistic's SE is sqrt(q (1-q) / n) / f(x_q); bounded here as for the slower
        # exponential alone (its density at the quantile is the smaller), plus the bin width
        rel = 4 * theory.quantile_rel_se(q, n_eff) + 0.0055
        assert lat.p(q * 100) == pytest.approx(expected, rel=rel), q
    # the first stage frees its slot when its own work is done: busy lam / mu1 of the time
    assert r.components["s0"].utilization == pytest.approx(lam / mu1, abs=4 * sqrt(lam / mu1 / n_eff))


def test_holding_the_slot_instead_makes_the_first_stage_wait_on_the_second():
    # the same tandem, but s0 holds its slot until s1 answers: it is then one server whose
    # service is s0's work plus s1's sojourn, busy well beyond lam / mu1
    lam, mu1, mu2 = 50.0, 100.0, 80.0
    held = run(tandem(1000 / mu1, 1000 / mu2, hand_on=False), challenge(lam, 20_000 / lam))
    handed = run(tandem(1000 / mu1, 1000 / mu2), challenge(lam, 20_000 / lam))
    assert held.components["s0"].utilization > 0.8
    assert handed.components["s0"].utilization < 0.6
    assert held.latency_ms.overall.mean > 2 * handed.latency_ms.overall.mean


def test_three_stations_in_tandem_mean_is_the_sum_of_the_sojourns():
    lam, mus = 40.0, (100.0, 70.0, 90.0)
    r = run(tandem(*(1000 / m for m in mus)), challenge(lam, N / lam))
    lat = r.latency_ms.overall
    means = [1 / (m - lam) for m in mus]
    mean = sum(means) * 1000  # 69.6 ms
    sd = sqrt(sum(x * x for x in means)) * 1000
    n_eff = min(theory.mm1_effective_samples(lat.count, lam, m) for m in mus)
    assert lat.mean == pytest.approx(mean, rel=4 * sd / mean / sqrt(n_eff))
    for s in ("s0", "s1", "s2"):
        stats = r.components[s]
        assert stats.calls == stats.answered  # every call it took it answered (or handed on)


def test_a_feed_forward_split_by_operation_each_path_is_its_own_convolution():
    # A router stage sends reads to one station and writes to another: each is an M/M/1 fed by
    # a thinned Poisson stream (rates 0.6 lam and 0.4 lam), and each path is overtake-free.
    lam, mu0, mu_r, mu_w = 60.0, 150.0, 60.0, 40.0
    d = design(service("router", mean_ms=1000 / mu0, hand_on=True,
                       calls=[{"to": "reads", "ops": ["read"]}, {"to": "writes", "ops": ["write"]}]),
               service("reads", mean_ms=1000 / mu_r), service("writes", mean_ms=1000 / mu_w))
    r = run(d, challenge(lam, N / lam, mix={"read": 0.6, "write": 0.4}))
    for op, share, mu in (("read", 0.6, mu_r), ("write", 0.4, mu_w)):
        lat = r.latency_ms.by_op[op]
        a, b = mu0 - lam, mu - share * lam
        mean = (1 / a + 1 / b) * 1000
        sd = sqrt(1 / a**2 + 1 / b**2) * 1000
        n_eff = min(theory.mm1_effective_samples(lat.count, lam, mu0),
                    theory.mm1_effective_samples(lat.count, share * lam, mu))
        assert lat.mean == pytest.approx(mean, rel=4 * sd / mean / sqrt(n_eff)), op
        p95 = quantile(lambda x, a=a, b=b: hypoexponential_tail(a, b, x), 0.95) * 1000
        assert lat.p(95) == pytest.approx(p95, rel=4 * theory.quantile_rel_se(0.95, n_eff) + 0.0055), op


def test_hand_on_with_two_callees_for_one_operation_is_an_error():
    d = design(service("a", hand_on=True, calls=["b", "c"]), service("b"), service("c"))
    problems = check_design(d)
    assert any(path[-1:] == ("calls",) and severity == "error" and "hand_on" in message
               for path, message, _, severity in problems)


@pytest.mark.parametrize("watching", [{"retry": {}}, {"call_timeout_ms": 100}, {"parallel_calls": True},
                                      {"fallback": True}, {"idempotency_keys": True},
                                      {"circuit_breaker": {}}])
def test_hand_on_cannot_go_with_what_watches_the_answer(watching):
    with pytest.raises(ValueError, match="hand_on"):
        design(service("a", hand_on=True, calls=["b"], **watching), service("b"))


@pytest.mark.parametrize("hand_on", [True, False])
def test_a_crash_of_the_handing_stage_spares_the_requests_it_handed_on(hand_on):
    # s1 takes 500 ms, so some ten requests are at s1 when s0 crashes as the traffic ends.
    # Handed on, they are s1's alone and all succeed; held, they die with s0's slots.
    d = design(service("s0", mean_ms=0.01, hand_on=hand_on, calls=["s1"]),
               service("s1", workers=100, mean_ms=500.0, distribution="deterministic"))
    r = run(d, challenge(20.0, 10.0, faults=[{"kind": "crash", "target": "s0", "at_s": 10.0}]))
    failed = r.requests.total - r.requests.ok
    assert failed == 0 if hand_on else failed >= 5
