"""Writes no store keeps and reads no store answers (docs/engine.md, "Data that no store holds")."""

from __future__ import annotations

import pytest

from playground.core.kernel import OP_INDEX
from playground.core.paths import reaches_data
from tests.core.helpers import challenge, design, run, service, sim

DB = {"id": "db", "kind": "database", "workers": 64}
TINY = {"distribution": "deterministic", "mean_ms": 1.0}


def test_a_lone_service_loses_every_write_and_reads_show_none_of_them():
    # One key, one session: once the first write is acknowledged, every later read returns the
    # initial value while a newer version was acknowledged before it began (stale), older than
    # the session's own write too (read-your-writes; the ledger judges that against the
    # session's latest own write, so a read during which it wrote again is not counted).
    # Only reads that began before the first write was answered are spared.
    d = design(service(workers=64, distribution="deterministic", mean_ms=1.0))
    r = run(d, challenge(200.0, 20.0, mix={"read": 1, "write": 1}, keys={"count": 1}, sessions=1))
    ok = {op: s.outcomes["ok"] for op, s in r.latency_ms.by_op.items()}
    counts = r.anomalies.counts
    assert counts["lost_write"] == ok["write"] > 1500
    assert r.anomalies.by_op["write"]["lost_write"] == ok["write"]
    assert 0.8 * counts["stale_read"] < counts["read_your_writes"] <= counts["stale_read"]
    # reads begun before the first write's answer: a few ms of traffic at 100 reads/s
    assert 0 <= ok["read"] - counts["stale_read"] <= 5
    assert counts["monotonic_read"] == 0  # every read returns the same initial value
    assert r.anomalies.examples["lost_write"][0].op == "write"


def test_writes_to_a_database_with_reads_answered_by_the_service_alone_are_stale_not_lost():
    d = design(service(workers=64, distribution="deterministic", mean_ms=1.0,
                       calls=[{"to": "db", "ops": ["write"]}]), DB)
    r = run(d, challenge(200.0, 10.0, mix={"read": 1, "write": 1}, keys={"count": 1}))
    counts = r.anomalies.counts
    assert counts["lost_write"] == 0
    assert counts["stale_read"] >= r.latency_ms.by_op["read"].outcomes["ok"] - 5


def test_a_charge_or_decrement_kept_nowhere_is_lost_and_an_enqueue_is_no_write():
    d = design(service(workers=64, mean_ms=1.0))
    r = run(d, challenge(100.0, 10.0, mix={"charge": 1, "decrement": 1, "enqueue": 1}))
    by_op = r.anomalies.by_op
    for op in ("charge", "decrement"):
        assert by_op[op]["lost_write"] == r.latency_ms.by_op[op].outcomes["ok"] > 200
    assert by_op["enqueue"]["lost_write"] == 0


def test_designs_that_store_everything_report_nothing_new():
    d = design(service(workers=64, mean_ms=1.0, calls=["db"]), DB)
    r = run(d, challenge(300.0, 10.0, mix={"read": 1, "write": 1}, keys={"count": 50000}))
    assert r.anomalies.counts["lost_write"] == 0
    assert r.anomalies.counts["stale_read"] == 0


def ops(kind: str) -> int:
    return OP_INDEX[kind]


@pytest.mark.parametrize(
    ("components", "read", "write"),
    [
        ([service()], False, False),
        ([service(calls=["db"]), DB], True, True),
        ([{"id": "lb", "kind": "load_balancer", "calls": ["api"]}, service(calls=["db"]), DB], True, True),
        # a cache holds only what it was filled with from behind it
        ([service(calls=["c"]), {"id": "c", "kind": "cache"}], False, False),
        ([service(calls=["c"]), {"id": "c", "kind": "cache", "calls": ["db"]}, DB], True, True),
        ([service(calls=["c"]), {"id": "c", "kind": "cache", "calls": ["x"]},
          {"id": "x", "kind": "external"}], False, False),
        # a queue answers before anything is read; its consumers may store a write later
        ([service(calls=["q"]), {"id": "q", "kind": "queue", "calls": ["db"]}, DB], False, True),
        ([service(calls=["q"]), {"id": "q", "kind": "queue"}], False, False),
        # a session store holds sessions: it is no source of a read's data, nor keeps a write
        ([service(calls=["s"]), {"id": "s", "kind": "session_store"}], False, False),
        ([service(calls=["r"]), {"id": "r", "kind": "replica", "of": "db"}, DB], True, True),
        ([service(calls=["sh"]), {"id": "sh", "kind": "shard"}], True, True),
        ([service(calls=["a"]), service("a", calls=["api"])], False, False),  # a cycle ends
    ],
    ids=["lone-service", "database", "balancer", "bare-cache", "backed-cache", "cache-of-third-party",
         "queue-to-db", "bare-queue", "session-store", "replica", "shard", "cycle"],
)
def test_which_paths_reach_data(components, read, write):
    s = sim(design(*components), challenge(1.0, 1.0))
    entry = s.nodes[s.design.entry]  # type: ignore[index]
    assert reaches_data(entry, ops("read")) == read
    assert reaches_data(entry, ops("write")) == write
