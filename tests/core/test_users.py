"""Closed-loop users against the laws of closed systems: the interactive response-time law, the
exact mean-value analysis of a closed network, and a user who thinks from the moment the client
gave up. Every expected number is computed here; tolerances are about four standard errors."""

from __future__ import annotations

from math import sqrt
from statistics import mean, stdev
from typing import Any

import pytest

from playground.core import simulate
from playground.design.challenge import Challenge
from tests.core.helpers import design, run, service


def closed(count: int, think: Any, duration_s: float, *, seed: int = 1, mix: dict | None = None,
           client: dict | None = None, faults: list | None = None) -> Challenge:
    return Challenge.model_validate({
        "title": "closed", "story": "users", "teaches": ["closed loops"], "difficulty": "easy",
        "time_limit_min": 1, "seed": seed, "faults": faults or [],
        "traffic": {"users": {"count": count, "think_time": think, "duration_s": duration_s},
                    "mix": mix or {"read": 1}, "client": client or {"timeout_ms": 3_600_000}},
    })


@pytest.mark.parametrize("think", ["deterministic", "exponential"])
def test_the_interactive_response_time_law(think):
    """N = X (R + Z) (Denning & Buzen, "The operational analysis of queueing network models",
    Computing Surveys 1978, the interactive response time law): over the run, N users' time is
    the sum of their cycles, think plus response. X is requests ended per second of traffic, R
    their mean time (all end ok here) and Z the think time's mean. Two errors: each user's cycle
    in progress at the start and at the end of the run, at most N (R + Z) user-seconds at each
    edge of D seconds; and, for exponential think times, their average is Z only up to its SE,
    Z / sqrt(n) (sd = mean), which moves X (R + Z) by X Z / sqrt(n)."""
    n_users, z, d = 50, 1.0, 300.0
    r = run(design(service(workers=1, mean_ms=10.0)), closed(n_users, {"distribution": think, "mean_ms": z * 1000}, d))
    req = r.requests
    assert req.ok == req.total and req.in_flight == 0
    x = req.ok / d
    resp = r.latency_ms.overall.mean / 1000
    sampling = 4 * x * z / sqrt(req.ok) if think == "exponential" else 0.0
    assert x * (resp + z) == pytest.approx(n_users, abs=sampling + 2 * n_users * (resp + z) / d)


def mva(n_users: int, s: float, z: float) -> tuple[float, float]:
    """Exact mean-value analysis (Reiser & Lavenberg, "Mean-value analysis of closed multichain
    queuing networks", JACM 1980) of one FCFS exponential server of mean S and a think (delay)
    station of mean Z: R(n) = S (1 + Q(n-1)), X(n) = n / (R(n) + Z), Q(n) = X(n) R(n).
    Returns (R, X) at n_users. The think station is insensitive: only Z's mean matters."""
    q = 0.0
    for n in range(1, n_users + 1):
        r = s * (1 + q)
        x = n / (r + z)
        q = x * r
    return r, x


@pytest.mark.parametrize("think", [
    500.0,  # exponential, mean 500 ms
    {"distribution": "uniform", "low_ms": 250, "high_ms": 750},  # the same mean, another shape
], ids=["exponential think", "uniform think"])
def test_a_closed_network_has_the_mean_response_time_of_mean_value_analysis(think):
    """15 users, one server of 40 ms (exponential), think 0.5 s: the server is 90 % busy. Ten
    independent replications give the SE of the mean response time (sd of their means /
    sqrt(10)); 4 SE is about the 0.3 % point of Student's t with 9 degrees of freedom. The
    throughput is checked the same way."""
    n_users, s, z, d = 15, 0.040, 0.5, 300.0
    expected_r, expected_x = mva(n_users, s, z)
    runs = [run(design(service(workers=1, mean_ms=s * 1000)), closed(n_users, think, d, seed=k))
            for k in range(1, 11)]
    rs = [r.latency_ms.overall.mean / 1000 for r in runs]
    xs = [r.requests.ok / d for r in runs]
    assert mean(rs) == pytest.approx(expected_r, abs=4 * stdev(rs) / sqrt(len(rs)))
    # X over a finite run also loses each user's cycle cut at the end: at most N / D a second
    assert mean(xs) == pytest.approx(expected_x, abs=4 * stdev(xs) / sqrt(len(xs)) + n_users / d)


def test_a_user_thinks_from_the_moment_the_client_gave_up():
    """The service hangs for the whole run, so every request times out at T = 200 ms; each user
    then cycles T + Z with Z deterministic 300 ms, so sends D / (T + Z) requests, less the last
    cycle cut at the end (each user begins with a think). Exact: the count is deterministic."""
    n_users, t, z, d = 10, 0.2, 0.3, 60.0
    c = closed(n_users, {"distribution": "deterministic", "mean_ms": z * 1000}, d,
               client={"timeout_ms": t * 1000},
               faults=[{"kind": "hang", "target": "api", "at_s": 0.0, "duration_s": 3600}])
    r = run(design(service(workers=4, mean_ms=5.0)), c)
    # a user sends at z, z + (t + z), ... while before d: k = ceil((d - z) / (t + z)) requests
    per_user = -(-(d - z) // (t + z))
    assert r.requests.total == r.requests.timeout == n_users * per_user
    assert r.requests.ok == 0


def test_each_user_is_a_session_of_its_own():
    """With writes in the mix sessions are drawn: a closed loop's requests carry their user."""
    c = closed(7, 50.0, 20.0, mix={"read": 0.7, "write": 0.3})
    r = run(design(service(workers=4, mean_ms=2.0, calls=["db"]), {"id": "db", "kind": "database"}), c)
    sessions = {t.session for t in r.traces}
    assert sessions and sessions <= set(range(7))


def test_a_slower_system_is_offered_less_where_open_arrivals_are_not():
    """The closed loop's throughput falls with the service's speed (N / (R + Z)); the open
    traffic of the same nominal rate keeps arriving. Checked against MVA for both speeds."""
    n_users, z, d = 20, 0.2, 200.0
    for s in (0.002, 0.012):
        r = simulate(design(service(workers=1, mean_ms=s * 1000)), closed(n_users, z * 1000, d))
        _, x = mva(n_users, s, z)
        # X's SE: requests per second over d is nearly Poisson in count, sqrt(X d) / d
        assert r.requests.total / d == pytest.approx(x, abs=4 * sqrt(x * d) / d + n_users / d)


def test_requests_limit_cuts_a_closed_loop():
    r = simulate(design(service(workers=1, mean_ms=1.0)), closed(5, 10.0, 100.0), requests_limit=300)
    assert r.requests.total == 300
    assert r.duration_s < 100.0
