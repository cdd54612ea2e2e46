"""A primary's crash against theory: what asynchronous replication loses, and what the stricter
modes keep."""

from __future__ import annotations

from math import sqrt
from statistics import mean

import pytest

from tests.core.helpers import challenge, design, run, service, sim

FAST = {"distribution": "deterministic", "mean_ms": 0.5}


def primary(mode: str, replicas: int, lag_ms: float, **db: object) -> object:
    return design(
        service(workers=512, mean_ms=0.5, distribution="deterministic", calls=["db"]),
        {"id": "db", "kind": "database", "workers": 512, "read_time": FAST, "write_time": FAST,
         "replication": mode, **db},
        *({"id": f"r{i}", "kind": "replica", "of": "db", "workers": 64,
           "lag": {"distribution": "exponential", "mean_ms": lag_ms}} for i in range(replicas)),
    )


def crash(rate: float, crash_at: float, duration: float, seed: int, **kw: object) -> object:
    return challenge(rate, duration, mix={"write": 1}, keys={"count": 1_000_000}, seed=seed,
                     faults=[{"kind": "crash", "target": "db", "at_s": crash_at}],
                     client={"timeout_ms": 1000}, **kw)


def test_async_failover_loses_the_writes_in_flight_by_littles_law():
    # Acknowledged writes travel to the replica for an Exp(L) lag: the pipeline is an M/G/inf
    # queue with arrival rate w, so the number in flight at the crash is Poisson with mean w·L
    # (Little's law gives the mean; Poisson its variance w·L). The crash cuts them all, and one
    # replica has nothing else to catch up from: they are exactly the lost writes.
    w, lag_ms, seeds = 1000.0, 20.0, 60
    d = primary("async", 1, lag_ms, failover={"detection_s": 0.1, "promotion_s": 0.1})
    lost, rpo = [], []
    for seed in range(seeds):
        r = run(d, crash(w, 0.6, 1.0, seed))  # steady state long before 0.6 s (30 lags)
        (ev,) = [e for e in r.events if e.kind == "failover"]
        assert ev.detail["lost_writes"] == r.anomalies.counts["lost_write"]
        assert ev.detail["rto_s"] == pytest.approx(0.2)
        lost.append(ev.detail["lost_writes"])
        rpo.append(ev.detail["rpo_s"])
    expected = w * lag_ms / 1000.0  # 20 writes
    # SE of the mean over 60 crashes: sqrt(20 / 60) = 0.58; 4 SE = 2.3 writes (12 %)
    assert mean(lost) == pytest.approx(expected, abs=4 * sqrt(expected / seeds))
    # RPO: how long before the crash the oldest lost write was acknowledged; the oldest of ~20
    # Exp(20 ms) ages is near L·H_20 = 72 ms, and never more than the run before the crash
    assert all(0 < p < 0.6 for p, n in zip(rpo, lost, strict=True) if n)
    assert 2 * lag_ms / 1000 < mean(rpo) < 8 * lag_ms / 1000


@pytest.mark.parametrize(("mode", "loses"), [("async", True), ("semi_sync", False), ("sync", False)])
def test_only_async_loses_writes_with_several_replicas(mode, loses):
    # semi_sync acknowledges a write once one replica has it, and the promoted replica first
    # takes what the others received: nothing acknowledged is lost. async at 2,000 writes/s with
    # three 50 ms replicas loses about w·L/3 = 33 (a write is gone if none of the three has it).
    d = primary(mode, 3, 50.0, failover={"detection_s": 0.5, "promotion_s": 0.5})
    lost = run(d, crash(2000.0, 1.0, 1.5, 7)).anomalies.counts["lost_write"]
    assert (lost > 10) if loses else lost == 0


def test_a_replica_resumes_from_its_primary_after_a_crash_without_failover():
    # The crash cuts the writes on their way to the replica; the primary comes back with its data
    # and the replica fetches what it missed, so both end with the same versions.
    s = sim(primary("async", 1, 50.0),
            challenge(1000.0, 3.0, mix={"write": 1}, keys={"count": 1_000_000},
                      faults=[{"kind": "crash", "target": "db", "at_s": 1.0, "duration_s": 0.5}],
                      client={"timeout_ms": 1000}))
    s.run(until=1.2)
    db, replica = s.nodes["db"], s.nodes["r0"]
    missing = {k for k, v in db.versions.items() if replica.versions.get(k, 0) < v}  # type: ignore[attr-defined]
    assert len(missing) > 10  # ~50 writes were in flight at the crash
    s.run()
    assert replica.versions == db.versions  # type: ignore[attr-defined]
    assert s.result().anomalies.counts["lost_write"] == 0
