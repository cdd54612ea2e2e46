"""clients_served: the well-behaved clients' share answered ok, the abuser left out."""

from __future__ import annotations

import pytest

from playground.requirements.clients_served import ClientsServedRequirement
from tests.core.helpers import challenge, design, run, service

REQ = ClientsServedRequirement(kind="clients_served", min=0.99)
ABUSED = challenge(500.0, 20.0, clients=100, hot_client_share=0.5)


def limited(scope: str, rate: float) -> object:
    return design({"id": "edge", "kind": "rate_limiter", "rate_rps": rate, "burst": 5, "scope": scope,
                   "calls": ["api"]}, service(workers=64, mean_ms=1.0))


def test_a_per_client_limit_serves_everyone_else_and_passes():
    r = run(limited("per_client", 20), ABUSED)
    got = REQ.measure(r, None)  # type: ignore[arg-type]
    good = r.clients["well_behaved"]  # type: ignore[index]
    assert got.actual == good["ok"] / good["finished"] == 1.0
    assert got.passed and got.score == 100.0


def test_a_global_limit_rejects_partners_too_and_fails_though_overall_availability_is_alike():
    per_client, global_ = run(limited("per_client", 20), ABUSED), run(limited("global", 270), ABUSED)
    assert global_.availability == pytest.approx(per_client.availability, abs=0.05)  # overall cannot tell
    got = REQ.measure(global_, None)  # type: ignore[arg-type]
    assert not got.passed
    assert got.actual == pytest.approx(270 / 500, abs=0.04)  # the partners get the bucket's share
    assert got.ratio == pytest.approx((1 - got.actual) / 0.01)  # type: ignore[operator]


def test_a_run_without_an_abuser_cannot_be_judged():
    got = REQ.measure(run(design(service(workers=8, mean_ms=1.0)), challenge(50.0, 5.0)), None)  # type: ignore[arg-type]
    assert got.actual is None and not got.passed and got.score == 0.0
    assert "no abusive client" in got.detail
