"""A round-robin entry's instances see every N-th arrival (Erlang-N gaps), also in the smaller
system the fast mode simulates: checked against the GI/M/1 queue's closed form."""

from __future__ import annotations

from statistics import fmean, stdev

import pytest

from playground.core.simulation import simulate
from playground.fast.symmetry import reduce
from tests.core.helpers import challenge, design, service

N, KEPT = 64, 16
LAM, MU = 80.0, 100.0  # per instance: arrivals and services a second (load 0.8)


def gi_m_1_response_ms(k: int, lam: float, mu: float) -> float:
    """Mean time in a GI/M/1 queue with Erlang-k gaps of mean 1/lam: 1 / (mu (1 - s)) where s
    is the root in (0, 1) of s = A*(mu - mu s), A*(z) = (k lam / (k lam + z))^k the gaps'
    Laplace-Stieltjes transform (Kleinrock, Queueing Systems vol. 1, 1975, section 6.4)."""
    s = 0.5
    for _ in range(5000):  # a contraction on (0, 1): converges to the root
        s = (k * lam / (k * lam + mu * (1.0 - s))) ** k
    return 1000.0 / (mu * (1.0 - s))


def whole(instances: int):
    return design({"id": "lb", "kind": "load_balancer", "policy": "round_robin", "calls": ["api"]},
                  service(instances=instances, workers=1, mean_ms=1000.0 / MU))


def test_the_smaller_system_keeps_16_of_64_instances_and_their_arrivals():
    c = challenge(N * LAM, 60.0, keys={"count": 100_000}, sessions=100_000)
    r = reduce(whole(N), c)
    assert r.factor == N // KEPT
    assert r.sampled == (KEPT, N)
    assert r.reduced == {"api": f"{N} → {KEPT} instances"}
    assert r.challenge.traffic.phases[0].rps == N * LAM  # the full rate: only the kept turns arrive
    assert r.challenge.traffic.keys.count == 100_000 // r.factor


@pytest.mark.slow  # ~12 s: 1.2M requests, so that 4 s.e. tells Erlang-64 from Erlang-16
def test_each_kept_instance_queues_as_under_erlang_n_arrivals():
    c = challenge(N * LAM, 150.0)
    means = []
    for seed in range(6):
        res = simulate(whole(KEPT), c, seed, sampled=(KEPT, N))
        means.append(res.latency_ms.overall.mean)
    observed = fmean(means)
    se = stdev(means) / len(means) ** 0.5  # six independent replications
    expected, thinned = gi_m_1_response_ms(N, LAM, MU), gi_m_1_response_ms(KEPT, LAM, MU)
    # 4 s.e. of the replications' mean (a histogram's mean is exact: no binning error)
    assert abs(observed - expected) <= 4 * se, (observed, expected, se)
    # and the test can tell: every KEPT-th arrival of a thinned stream (Erlang-16) queues longer
    assert abs(observed - thinned) > 4 * se, (observed, thinned, se)
