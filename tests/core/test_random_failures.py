"""Random failures and repairs (a `random_failures` fault; issue 16, item 6) against the availability
of independent components.

The long-run share of time an alternating up/down process is up is MTBF / (MTBF + MTTR),
whatever the distributions of the times up and down (the alternating renewal theorem; Barlow &
Proschan, Statistical Theory of Reliability and Life Testing, 1975, ch. 7). Poisson requests
see time averages (PASTA, Wolff 1982), so with no retries the share answered ok is that
availability; two components in series, failing independently, are up A1 x A2 of the time.

Tolerance: the up-time share over a horizon T has variance about
(mu_d^2 s_u^2 + mu_u^2 s_d^2) / ((mu_u + mu_d)^3 T) (Takacs 1957; Cox, Renewal Theory, 1962,
sec. 7.3), mu and s the means and standard deviations of the times up (u) and down (d); four of
its standard errors, and the requests' own binomial noise beside it.
"""

from __future__ import annotations

from math import gamma, sqrt

import pytest

from tests.core.helpers import challenge, design, run, service

T, RPS = 3000.0, 40.0
NO_RETRIES = {"timeout_ms": 3_600_000, "retries": 0}


def se_up_share(mu_u: float, s_u: float, mu_d: float, s_d: float, horizon: float) -> float:
    return sqrt((mu_d**2 * s_u**2 + mu_u**2 * s_d**2) / ((mu_u + mu_d) ** 3 * horizon))


def failures(target: str, mtbf: float, mttr: float, **kw) -> dict:
    return {"kind": "random_failures", "target": target, "at_s": 0, "mtbf_s": mtbf, "mttr_s": mttr, **kw}


def test_exponential_failures_give_the_steady_state_availability():
    mtbf, mttr = 1.0, 0.25
    r = run(design(service(mean_ms=0.01)), challenge(RPS, T, client=NO_RETRIES, faults=[failures("api", mtbf, mttr)]))
    expected = mtbf / (mtbf + mttr)  # 0.8
    se = se_up_share(mtbf, mtbf, mttr, mttr, T)  # ~0.0073
    assert r.availability == pytest.approx(expected, abs=4 * se + 4 * sqrt(expected * (1 - expected) / r.requests.total))
    assert sum(e.kind == "failure" for e in r.events) == pytest.approx(T / (mtbf + mttr), rel=0.05)


def test_weibull_times_up_of_the_same_mean_give_the_same_availability():
    mtbf, mttr, k = 1.0, 0.25, 2.0  # wearing out: far less spread than an exponential
    f = failures("api", mtbf, mttr, up="weibull", shape=k)
    r = run(design(service(mean_ms=0.01)), challenge(RPS, T, client=NO_RETRIES, faults=[f]))
    s_u = mtbf * sqrt(gamma(1 + 2 / k) / gamma(1 + 1 / k) ** 2 - 1)  # the Weibull's sd at this mean
    expected = mtbf / (mtbf + mttr)
    se = se_up_share(mtbf, s_u, mttr, mttr, T)
    assert r.availability == pytest.approx(expected, abs=4 * se + 4 * sqrt(expected * (1 - expected) / r.requests.total))


def test_two_components_in_series_are_up_the_product_of_their_availabilities():
    d = design(service("api", mean_ms=0.01, calls=["store"]), service("store", mean_ms=0.01))
    f = [failures("api", 2.0, 0.25), failures("store", 1.0, 0.25)]
    horizon = 20_000.0  # longer and sparser: two processes' noise, and a product to resolve
    r = run(d, challenge(10.0, horizon, client=NO_RETRIES, faults=f))
    a1, a2 = 2.0 / 2.25, 1.0 / 1.25
    expected = a1 * a2  # 0.711
    # the product's SE from each factor's (independent processes): sqrt((a2 se1)^2 + (a1 se2)^2)
    se = sqrt((a2 * se_up_share(2.0, 2.0, 0.25, 0.25, horizon)) ** 2
              + (a1 * se_up_share(1.0, 1.0, 0.25, 0.25, horizon)) ** 2)
    assert r.availability == pytest.approx(expected, abs=4 * se + 4 * sqrt(expected * (1 - expected) / r.requests.total))


def test_failures_stop_with_the_traffic_and_repeat_with_the_seed():
    c = challenge(RPS, 60.0, client=NO_RETRIES, faults=[failures("api", 5.0, 1.0)])
    a, b = run(design(service(mean_ms=0.01)), c), run(design(service(mean_ms=0.01)), c)
    assert a.events == b.events
    assert all(e.at_s < 60.0 for e in a.events if e.kind == "failure")
