"""Only real stores hold data: a session store holds sessions, a replica takes no writes until a
failover promotes it. Each is a located validation error in a design, and a run that reaches
one anyway (a design built in code) is told so in its results."""

from __future__ import annotations

import pytest

from playground.design.checks import check_design
from tests.core.helpers import challenge, design, run, service, sim

DB = {"id": "db", "kind": "database"}


def errors(d: object) -> list[tuple[tuple, str]]:
    return [(path, message) for path, message, _, severity in check_design(d) if severity == "error"]


def test_a_call_that_would_write_to_a_replica_is_a_located_error():
    d = design(service(calls=["db", {"to": "r", "ops": ["read", "write"]}]), DB,
               {"id": "r", "kind": "replica", "of": "db"})
    found = errors(d)
    assert [path for path, _ in found] == [("components", 0, "calls", 1, "ops")]
    assert "refuses writes (write)" in found[0][1]


def test_a_bare_call_to_a_replica_carries_every_write_so_it_is_an_error_at_its_to():
    d = design(service(calls=["r"]), DB, {"id": "r", "kind": "replica", "of": "db"})
    assert [path for path, _ in errors(d)] == [("components", 0, "calls", 0, "to")]


def test_reads_from_a_replica_are_fine():
    d = design(service(calls=[{"to": "r", "ops": ["read"]}, {"to": "db", "ops": ["write"]}]), DB,
               {"id": "r", "kind": "replica", "of": "db"})
    assert errors(d) == []


def test_a_write_reaching_a_replica_at_run_time_fails_and_is_not_stored():
    d = design(service(workers=64, mean_ms=1.0, calls=["r"]), DB, {"id": "r", "kind": "replica", "of": "db"})
    r = run(d, challenge(100.0, 10.0, mix={"read": 1, "write": 1}))
    writes = r.latency_ms.by_op["write"].outcomes
    assert writes["ok"] == 0 and writes["error"] > 0
    assert r.components["r"].extra["refused_writes"] == writes["error"]
    assert r.components["r"].extra.get("keys_written", 0) == 0


def test_a_promoted_replica_takes_writes():
    d = design(service(workers=64, mean_ms=1.0, calls=["r"]), DB, {"id": "r", "kind": "replica", "of": "db"})
    s = sim(d, challenge(100.0, 10.0, mix={"read": 1, "write": 1}))
    s.nodes["r"].promoted = True  # what a failover does to the replica it picks
    s.run()
    r = s.result()
    assert r.latency_ms.by_op["write"].outcomes["error"] == 0
    assert "refused_writes" not in r.components["r"].extra


def test_a_session_store_holds_sessions_only():
    keeps_no_sessions = design(service(calls=["s", "db"]), {"id": "s", "kind": "session_store"}, DB)
    found = errors(keeps_no_sessions)
    assert [path for path, _ in found] == [("components", 0, "calls", 0, "to")]
    assert "holds sessions only" in found[0][1]
    keeps_them_there = design(service(calls=["s", "db"], sessions="store"), {"id": "s", "kind": "session_store"}, DB)
    assert errors(keeps_them_there) == []


def test_a_read_answered_only_by_a_session_store_is_judged_as_no_data():
    # today a session store counted as the read's data source and was never judged; it holds
    # sessions, so a read with nothing else behind it returns the key's initial value: stale
    # once the key has been written (and the writes, kept nowhere, are lost)
    d = design(service(workers=64, mean_ms=1.0, calls=["s"], sessions="store"), {"id": "s", "kind": "session_store"})
    r = run(d, challenge(200.0, 10.0, mix={"read": 1, "write": 1}, keys={"count": 5}))
    reads = r.latency_ms.by_op["read"].outcomes["ok"]
    assert r.anomalies.counts["stale_read"] == pytest.approx(reads, rel=0.02)
    assert r.anomalies.counts["lost_write"] == r.latency_ms.by_op["write"].outcomes["ok"]
