"""Invariants that hold for any design and traffic (Hypothesis): conservation of requests,
Little's law on every station, determinism."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.helpers import challenge, design, run, service


@st.composite
def scenarios(draw):  # type: ignore[no-untyped-def]
    workers = draw(st.integers(1, 6))
    instances = draw(st.integers(1, 3))
    api = service(instances=instances, workers=workers, mean_ms=draw(st.floats(0.5, 20.0)),
                  queue_limit=draw(st.integers(0, 50)), calls=["db"],
                  call_timeout_ms=draw(st.sampled_from([None, 30.0])),
                  retry=draw(st.sampled_from([None, {"attempts": 1, "backoff_ms": 5}])))
    db = {"id": "db", "kind": "database", "workers": draw(st.integers(1, 8)),
          "read_time": draw(st.floats(0.5, 10.0)), "write_time": draw(st.floats(0.5, 10.0))}
    lb = {"id": "lb", "kind": "load_balancer", "calls": ["api"],
          "policy": draw(st.sampled_from(["round_robin", "least_connections", "random"]))}
    c = challenge(draw(st.floats(20.0, 600.0)), draw(st.floats(1.0, 5.0)),
                  mix={"read": 3, "write": draw(st.integers(0, 2))},
                  client={"timeout_ms": draw(st.floats(20.0, 500.0)), "retries": draw(st.integers(0, 2)),
                          "backoff_ms": 10},
                  seed=draw(st.integers(0, 1000)))
    return design(lb, api, db, entry="lb"), c


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_conservation_littles_law_and_determinism(scenario):
    d, c = scenario
    r = run(d, c)
    req = r.requests
    assert req["ok"] + req["timeout"] + req["rejected"] + req["error"] + req["in_flight"] == req["total"]
    assert req["in_flight"] == 0
    assert req["attempts"] == req["total"] + req["retries"]
    for cid in ("api", "db"):
        comp = r.components[cid]
        assert 0.0 <= comp["utilization"] <= 1.0 + 1e-9
        assert comp["answered"] <= comp["calls"]
        if comp["answered"] > 50:
            in_system = comp["utilization"] * comp["slots"] + comp["queue_length"]
            lam_w = comp["throughput_rps"] * comp["mean_time_ms"] / 1000.0
            # calls straddling the window's end make the two sides differ by at most a few calls
            assert in_system == pytest.approx(lam_w, rel=0.1, abs=comp["slots"] * 0.05)
    assert json.dumps(r.to_dict()) == json.dumps(run(d, c).to_dict())
