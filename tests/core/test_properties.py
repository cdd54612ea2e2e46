"""Invariants that hold for any design and traffic (Hypothesis): conservation of requests,
Little's law on every station, determinism."""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.core.helpers import challenge, design, run, service, sim


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
    c = challenge(draw(st.floats(20.0, 600.0)), draw(st.floats(1.0, 8.0)),
                  mix={"read": 3, "write": draw(st.integers(0, 2))},
                  client={"timeout_ms": draw(st.floats(20.0, 500.0)), "retries": draw(st.integers(0, 2)),
                          "backoff_ms": 10},
                  seed=draw(st.integers(0, 1000)))
    return design(lb, api, db, entry="lb"), c


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(scenarios())
def test_conservation_littles_law_and_determinism(scenario):
    d, c = scenario
    s = sim(d, c)
    s.run()
    r = s.result()
    req = r.requests
    assert req.ok + req.timeout + req.rejected + req.error + req.in_flight == req.total
    assert req.in_flight == 0
    assert req.attempts == req.total + req.retries
    for cid in ("api", "db"):
        comp = r.components[cid]
        assert 0.0 <= comp.utilization <= 1.0 + 1e-9
        assert comp.answered <= comp.calls
        # Little's law over the whole run, once every call has left: the time-integral of the
        # number inside (slots held + waiting, kept as running sums) equals the sum of every
        # call's time inside (kept call by call). Two separate books that must agree.
        node = s.nodes[cid]
        if all(i.busy == 0 and not i.queue for i in node.instances):
            held, waited, *_ = node.totals(s.now)
            assert held + waited == pytest.approx(node.sojourn, rel=1e-9, abs=1e-9)
    assert json.dumps(r.to_dict()) == json.dumps(run(d, c).to_dict())
