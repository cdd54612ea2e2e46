"""Only real stores hold data: a session store holds sessions, a replica takes no writes until a
failover promotes it. Each is a located validation error in a design, and a run that reaches
one anyway (a design built in code) is told so in its results."""

from __future__ import annotations

import pytest

from playground.design.checks import check_design
from tests.core.helpers import challenge, design, run, service

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


def test_a_replica_takes_writes_once_a_failover_promotes_it():
    # writes sent straight to the replica (a design built in code, past validation) fail until
    # the primary crashes at 5 s and the failover promotes the replica at 5.2 s; then they land
    fast = {"distribution": "deterministic", "mean_ms": 0.5}
    d = design(service(workers=64, mean_ms=0.5, distribution="deterministic", calls=["r"]),
               {"id": "db", "kind": "database", "write_time": fast,
                "failover": {"detection_s": 0.1, "promotion_s": 0.1}},
               {"id": "r", "kind": "replica", "of": "db", "read_time": fast})
    c = challenge(100.0, 10.0, mix={"write": 1}, client={"timeout_ms": 1000},
                  faults=[{"kind": "crash", "target": "db", "at_s": 5.0}])
    r = run(d, c)
    (failover,) = [e for e in r.events if e.kind == "failover"]
    assert failover.detail["promoted"] == "r" and failover.at_s == pytest.approx(5.2)
    writes = r.latency_ms.by_op["write"].outcomes
    refused = r.components["r"].extra["refused_writes"]
    assert refused == writes["error"]
    assert refused == pytest.approx(100 * 5.2, rel=0.1)  # every write before the promotion
    assert writes["ok"] == pytest.approx(100 * 4.8, rel=0.1)  # every one after it


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
