"""The fault timeline: what each fault does to a run, as someone on call would expect."""

from __future__ import annotations

import pytest

from tests.core.helpers import challenge, design, run, service

LB_API_DB = design(
    {"id": "lb", "kind": "load_balancer", "policy": "round_robin", "health_check_interval_s": 2.0,
     "calls": ["api"]},
    service(instances=4, workers=8, mean_ms=2.0, calls=["db"], zone="a"),
    {"id": "db", "kind": "database", "workers": 32, "zone": "b"},
    entry="lb",
)


def test_a_crashed_instance_gets_traffic_until_the_health_check_notices():
    c = challenge(400.0, 20.0, faults=[{"kind": "crash", "target": "api", "instance": 1, "at_s": 5.0,
                                        "duration_s": 6.0}])
    r = run(LB_API_DB, c)
    errors = r.series.errors
    # a quarter of the traffic fails from the crash to the next health check (at 6 s)
    assert sum(errors[5:6]) == pytest.approx(100, rel=0.3)
    assert sum(errors[6:11]) < 5
    assert sum(errors[:5]) == 0
    kinds = [e.kind for e in r.events]
    assert kinds[0] == "crash" and "health_check" in kinds and "recovered" in kinds
    removed = next(e for e in r.events if e.kind == "health_check")
    assert removed.at_s == pytest.approx(6.0) and list(removed.detail["removed"]) == [1]
    added = [e for e in r.events if e.kind == "health_check" and e.detail["added"]]
    assert added and added[0].at_s == pytest.approx(12.0)  # recovered at 11, seen at 12


def test_crash_of_a_whole_zone_takes_its_components_down_together():
    c = challenge(200.0, 10.0, faults=[{"kind": "crash", "target": "zone:b", "at_s": 3.0, "duration_s": 2.0}])
    r = run(LB_API_DB, c)
    assert sum(r.series.ok[3:5]) == 0
    assert sum(r.series.ok[6:9]) > 0.9 * 3 * 200
    assert list(r.events[0].detail["components"]) == ["db"]


def test_partition_makes_calls_hang_until_the_callers_timeout():
    d = design(service(workers=64, mean_ms=1.0, calls=["db"], call_timeout_ms=100),
               {"id": "db", "kind": "database"})
    c = challenge(100.0, 10.0, faults=[{"kind": "partition", "between": ["api", "db"], "at_s": 4.0,
                                        "duration_s": 2.0}])
    r = run(d, c)
    assert r.requests.error == pytest.approx(200, rel=0.2)  # two seconds of calls time out
    failed = [t for t in r.traces if t.outcome == "error"]
    assert failed and all(t.latency_ms >= 100 for t in failed)
    assert [e.kind for e in r.events] == ["partition", "partition_healed"]


def test_a_one_way_partition_cuts_one_direction_of_the_link_and_a_call_needs_both():
    """Cut from db to api only: api's requests still reach db, which does the work, but the
    answers cannot come back, so api's call timeout fails the calls all the same; the other
    way round, the requests never arrive. Either way a call needs the link both ways."""
    d = design(service(workers=64, mean_ms=1.0, calls=["db"], call_timeout_ms=100),
               {"id": "db", "kind": "database"})
    for between in (["db", "api"], ["api", "db"]):
        c = challenge(100.0, 6.0, faults=[{"kind": "partition", "between": between, "one_way": True,
                                           "at_s": 2.0, "duration_s": 2.0}])
        r = run(d, c)
        assert r.requests.error == pytest.approx(200, rel=0.25)
        reached_db = sum(r.components["db"].series.throughput[2:4])
        assert (reached_db > 150) == (between == ["db", "api"])


def test_slow_down_multiplies_service_time():
    d = design(service(workers=4, mean_ms=10.0))
    r = run(d, challenge(100.0, 20.0, faults=[{"kind": "slow_down", "target": "api", "factor": 3.0,
                                               "at_s": 10.0, "duration_s": 10.0}]))
    util = r.components["api"].series.utilization
    assert sum(util[2:9]) / 7 == pytest.approx(100 * 0.010 / 4, rel=0.15)
    assert sum(util[12:19]) / 7 == pytest.approx(100 * 0.030 / 4, rel=0.15)


def test_a_hung_dependency_exhausts_workers_without_a_call_timeout():
    dep = {"id": "dep", "kind": "external", "latency": {"distribution": "deterministic", "mean_ms": 5}}
    hang = [{"kind": "hang", "target": "dep", "at_s": 2.0, "duration_s": 3.0}]
    c = challenge(100.0, 10.0, faults=hang, client={"timeout_ms": 500})
    bare = run(design(service(workers=16, mean_ms=1.0, queue_limit=10, calls=["dep"]), dep), c)
    guarded = run(design(service(workers=16, mean_ms=1.0, queue_limit=10, calls=["dep"], call_timeout_ms=50),
                         dep), c)
    # without a timeout the 16 workers stay stuck after the hang: everything after it fails too
    assert sum(bare.series.ok[6:10]) == 0
    assert sum(guarded.series.ok[6:10]) > 0.9 * 400
    assert bare.components["api"].series.utilization[7] == 1.0


def test_replica_lag_spike_and_cache_flush():
    d = design(service(workers=64, mean_ms=1.0, calls=[{"to": "cache", "ops": ["read"]}, {"to": "db", "ops": ["write"]}]),
               {"id": "cache", "kind": "cache", "ttl_s": None, "calls": ["db"]},
               {"id": "db", "kind": "database", "read_from": "replicas"},
               {"id": "rep", "kind": "replica", "of": "db", "lag": {"mean_ms": 10}})
    c = challenge(200.0, 20.0, mix={"read": 9, "write": 1}, keys={"count": 500},
                  faults=[{"kind": "replica_lag_spike", "target": "rep", "lag_ms": 2000, "at_s": 5, "duration_s": 5},
                          {"kind": "cache_flush", "target": "cache", "at_s": 15}])
    r = run(d, c)
    lag = r.components["rep"].series.extra["lag_ms"]
    assert max(x for x in lag[7:11] if x is not None) >= 2000
    assert max(x for x in lag[1:5] if x is not None) < 100
    misses = r.components["rep"].series.throughput  # cache misses are read from the replica
    assert misses[15] > 3 * max(1, misses[13])  # the flush sends every key back to the store


def test_sticky_sessions_survive_until_their_instance_crashes():
    d = design({"id": "lb", "kind": "load_balancer", "policy": "sticky_session", "health_check_interval_s": 1.0,
                "calls": ["api"]},
               service(instances=3, workers=8, mean_ms=2.0, sessions="memory"), entry="lb")
    calm = run(d, challenge(200.0, 10.0, sessions=90))
    crash = run(d, challenge(200.0, 10.0, sessions=90,
                             faults=[{"kind": "crash", "target": "api", "instance": 0, "at_s": 4.0}]))
    assert calm.anomalies.counts["lost_session"] == 0
    # the sessions homed on the crashed instance move to the others: each is lost once
    assert 0 < crash.anomalies.counts["lost_session"] <= 90
    assert crash.components["api"].extra["lost_sessions"] == crash.anomalies.counts["lost_session"]


def test_a_recover_fault_ends_a_crash_without_a_duration():
    c = challenge(100.0, 10.0, faults=[{"kind": "crash", "target": "db", "at_s": 2.0},
                                       {"kind": "recover", "target": "db", "at_s": 5.0}])
    r = run(LB_API_DB, c)
    assert sum(r.series.ok[2:5]) == 0
    assert sum(r.series.ok[6:10]) > 0.9 * 400
    assert [e.kind for e in r.events] == ["crash", "recover", "serving"]
