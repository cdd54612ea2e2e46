"""The well-behaved clients' outcomes apart from the abuser's (core/clients.py)."""

from __future__ import annotations

import math

import pytest

from playground.core.record import RunResult
from tests.core.helpers import challenge, design, run, service


def test_a_per_client_limit_rejects_the_abuser_only_and_the_tally_says_so():
    d = design({"id": "edge", "kind": "rate_limiter", "rate_rps": 20, "burst": 5, "scope": "per_client",
                "calls": ["api"]}, service(workers=64, mean_ms=1.0))
    r = run(d, challenge(500.0, 20.0, clients=100, hot_client_share=0.5))
    assert r.clients is not None
    good, bad = r.clients["well_behaved"], r.clients["abuser"]
    assert good["finished"] + bad["finished"] == r.requests.finished
    assert good["ok"] + bad["ok"] == r.requests.ok
    assert good["ok"] == good["finished"]  # ~2.5 req/s each, far below their own 20
    # the abuser sends half of 10,000 requests (binomial: within 4 standard deviations) and is
    # held to its bucket: 20 a second and a burst of 5
    n = r.requests.total
    assert abs(bad["finished"] - n / 2) < 4 * math.sqrt(n / 4)
    assert bad["ok"] == pytest.approx(20 * 20 + 5, abs=25)


def test_a_global_limit_rejects_the_well_behaved_as_readily_as_the_abuser():
    d = design({"id": "edge", "kind": "rate_limiter", "rate_rps": 100, "burst": 5, "scope": "global",
                "calls": ["api"]}, service(workers=64, mean_ms=1.0))
    r = run(d, challenge(500.0, 20.0, clients=100, hot_client_share=0.5))
    good, bad = r.clients["well_behaved"], r.clients["abuser"]  # type: ignore[index]
    assert good["ok"] / good["finished"] == pytest.approx(0.2, abs=0.03)
    assert bad["ok"] / bad["finished"] == pytest.approx(0.2, abs=0.03)


def test_without_an_abuser_nothing_is_tallied_and_the_result_has_no_clients_key():
    r = run(design(service(workers=4, mean_ms=1.0)), challenge(100.0, 5.0))
    assert r.clients is None
    assert "clients" not in r.to_dict()


def test_the_tally_survives_the_results_round_trip():
    d = design(service(workers=64, mean_ms=1.0))
    r = run(d, challenge(200.0, 5.0, clients=10, hot_client_share=0.3))
    again = RunResult.from_dict(r.to_dict())
    assert again.to_dict() == r.to_dict()
    assert again.clients == r.clients
