"""Weighted balancing (issue 16, item 5) against its definition and queueing theory.

Smooth weighted round robin (nginx's upstream algorithm, ngx_http_upstream_round_robin.c): over
every sum(w) picks, instance i is picked exactly w_i times, and never more than once in a row
when some other instance's weight is as large. A weighted draw picks instance i with probability
p_i = w_i / sum(w): in n picks its count is Binomial(n, p_i), tolerance four of its standard
errors sqrt(n p_i (1 - p_i)). Thinning a Poisson stream by independent draws leaves Poisson
streams (Kleinrock, Queueing Systems vol. 1, 1975, sec. 2.7), so with weighted_random each
single-worker instance is an M/M/1 queue of arrival rate lam p_i: the mean time in system is
sum_i p_i / (mu - lam p_i).
"""

from __future__ import annotations

from math import sqrt

import pytest

from playground.design.checks import check_design
from tests.core import theory
from tests.core.helpers import challenge, design, run, service, sim

WEIGHTS = [1, 2, 5]


def weighted(policy: str, weights: list[int] = WEIGHTS, **svc) -> object:
    return design({"id": "lb", "kind": "load_balancer", "policy": policy, "weights": weights, "calls": ["api"]},
                  service(instances=len(weights), **svc), entry="lb")


def picks(policy: str, n: int, weights: list[int] = WEIGHTS) -> list[int]:
    s = sim(weighted(policy, weights), challenge(10.0, 1.0))
    lb = s.nodes["lb"]
    up = lb.healthy[s.nodes["api"].index]
    return [lb.weighted(up).index for _ in range(n)]


def test_smooth_weighted_round_robin_gives_each_instance_its_weight_in_every_cycle():
    got = picks("weighted", 8 * 50)
    for cycle in range(50):
        window = got[8 * cycle: 8 * (cycle + 1)]
        assert [window.count(i) for i in range(3)] == WEIGHTS
    assert got[:8] == [2, 1, 2, 0, 2, 2, 1, 2]  # nginx's order for weights 1, 2, 5: spread, not bunched


def test_a_weighted_draw_gives_each_instance_its_binomial_share():
    n = 40_000
    got = picks("weighted_random", n)
    for i, w in enumerate(WEIGHTS):
        p = w / sum(WEIGHTS)
        assert got.count(i) == pytest.approx(n * p, abs=4 * sqrt(n * p * (1 - p)))  # SE ~ 76 to 97 picks


def test_weighted_random_makes_each_instance_an_mm1_queue_of_its_share():
    lam, mu, n = 120.0, 100.0, 60_000  # shares 15, 30, 75 req/s: utilizations 0.15, 0.3, 0.75
    r = run(weighted("weighted_random", mean_ms=1000 / mu), challenge(lam, n / lam))
    shares = [w / sum(WEIGHTS) for w in WEIGHTS]
    expected = sum(p / (mu - lam * p) for p in shares) * 1000  # 20.9 ms
    # the busiest instance dominates the noise: its n_eff (relaxation time, theory.py), the
    # sojourn's sd equal to its mean, weighted by its share; the others add less
    se = sqrt(sum((p * theory.mm1_mean_sojourn(lam * p, mu) * 1000) ** 2
                  / theory.mm1_effective_samples(int(n * p), lam * p, mu) for p in shares))
    assert r.latency_ms.overall.mean == pytest.approx(expected, abs=4 * se)


def test_an_instance_down_leaves_the_rest_their_weights_between_them():
    s = sim(weighted("weighted"), challenge(10.0, 1.0))
    lb = s.nodes["lb"]
    up = [i for i in lb.healthy[s.nodes["api"].index] if i.index != 2]
    got = [lb.weighted(up).index for _ in range(300)]
    assert [got.count(i) for i in range(3)] == [100, 200, 0]


def test_the_checks_want_one_weight_per_instance_and_a_weighted_policy():
    def problems(lb: dict) -> list[str]:
        d = design({"id": "lb", "kind": "load_balancer", "calls": ["api"], **lb}, service(instances=3), entry="lb")
        return [message for _, message, _, _ in check_design(d)]

    assert any("2 weights for the 3 instances" in m for m in problems({"policy": "weighted", "weights": [1, 2]}))
    assert any("needs weights" in m for m in problems({"policy": "weighted_random"}))
    assert any("weighted policies only" in m for m in problems({"weights": [1, 1, 1]}))
    assert not problems({"policy": "weighted", "weights": [1, 1, 3]})
