"""Data versions and anomalies against theory (Engine II)."""

from __future__ import annotations

from math import sqrt

import pytest

from tests.core.helpers import challenge, design, run, service

TINY = {"distribution": "deterministic", "mean_ms": 0.001}


def replicated(lag_ms: float, **db: object) -> object:
    return design(
        service(workers=256, mean_ms=0.001, distribution="deterministic", calls=["db"]),
        {"id": "db", "kind": "database", "workers": 256, "read_time": TINY, "write_time": TINY,
         "read_from": "replicas", **db},
        {"id": "replica", "kind": "replica", "of": "db", "workers": 256, "read_time": TINY,
         "lag": {"distribution": "exponential", "mean_ms": lag_ms}},
    )


@pytest.mark.parametrize("lag_ms", [50.0, 200.0])
def test_stale_read_probability_follows_the_exponential_lag(lag_ms):
    # A read is stale when the key's latest write (age A) has not reached the replica:
    # P(stale | A = t) = exp(-t/L). Writes to a key are Poisson (rate w), so A ~ Exp(w) and
    # P(stale) = E[exp(-A/L)] = wL / (1 + wL).
    keys, w_per_key, n = 100, 5.0, 100_000
    rate = 2 * keys * w_per_key  # half reads, half writes
    r = run(replicated(lag_ms), challenge(rate, n / rate, mix={"read": 1, "write": 1}, keys={"count": keys}))
    reads = r.latency_ms.by_op["read"].outcomes["ok"]
    stale = r.anomalies.counts["stale_read"] / reads
    wl = w_per_key * lag_ms / 1000
    expected = wl / (1 + wl)
    # binomial SE sqrt(p(1-p)/reads) ~ 0.003; reads of one key within a lag are correlated
    # (about rate/keys * L of them), which at most doubles it
    assert stale == pytest.approx(expected, abs=4 * 2 * sqrt(expected * (1 - expected) / reads))


@pytest.mark.parametrize(("r_", "w_", "stale"), [(2, 2, False), (3, 1, False), (1, 3, False), (1, 1, True)])
def test_quorum_with_r_plus_w_above_n_never_reads_stale(r_, w_, stale):
    d = design(service(workers=256, mean_ms=0.5, calls=["db"]),
               {"id": "db", "kind": "database", "workers": 256,
                "quorum": {"n": 3, "r": r_, "w": w_, "replica_time": {"mean_ms": 5.0}}})
    res = run(d, challenge(1000.0, 20.0, mix={"read": 1, "write": 1}, keys={"count": 20}))
    assert (res.anomalies.counts["stale_read"] > 0) == stale


def test_sync_replication_loses_no_acknowledged_write_in_a_failover():
    def crash_run(mode: str) -> object:
        d = design(service(workers=64, mean_ms=1.0, calls=["db"]),
                   {"id": "db", "kind": "database", "workers": 32, "replication": mode,
                    "failover": {"detection_s": 2, "promotion_s": 1}},
                   {"id": "r1", "kind": "replica", "of": "db", "lag": {"mean_ms": 80}},
                   {"id": "r2", "kind": "replica", "of": "db", "lag": {"mean_ms": 80}})
        c = challenge(300.0, 20.0, mix={"read": 1, "write": 1}, keys={"count": 2000},
                      faults=[{"kind": "crash", "target": "db", "at_s": 10}],
                      client={"timeout_ms": 2000})
        return run(d, c)

    sync, async_ = crash_run("sync"), crash_run("async")
    assert sync.anomalies.counts["lost_write"] == 0
    assert async_.anomalies.counts["lost_write"] > 0  # ~150 writes/s x 80 ms in flight
    for r in (sync, async_):
        failover = next(e for e in r.events if e.kind == "failover")
        assert failover.at_s == pytest.approx(13.0)
        assert failover.detail["rto_s"] == pytest.approx(3.0)
    assert next(e for e in async_.events if e.kind == "failover").detail["lost_writes"] > 0


def _payments(idempotency_keys: bool) -> object:
    return design(
        service("checkout", workers=64, mean_ms=2.0, calls=["pay"], call_timeout_ms=150,
                retry={"attempts": 2, "backoff_ms": 20}, idempotency_keys=idempotency_keys),
        {"id": "pay", "kind": "external", "latency": {"distribution": "lognormal", "mean_ms": 80, "p99_ms": 600}},
    )


def test_idempotency_keys_prevent_duplicate_charges_under_retries():
    c = challenge(200.0, 30.0, mix={"charge": 1}, client={"timeout_ms": 1000, "retries": 2, "backoff_ms": 50})
    without, with_keys = run(_payments(False), c), run(_payments(True), c)
    assert without.anomalies.counts["duplicate_side_effect"] > 0
    assert with_keys.anomalies.counts["duplicate_side_effect"] == 0
    assert without.anomalies.examples["duplicate_side_effect"][0].op == "charge"


def test_read_modify_write_oversells_and_compare_and_set_does_not():
    def stock_run(updates: str) -> object:
        d = design(service(workers=64, mean_ms=1.0, calls=["db"]),
                   {"id": "db", "kind": "database", "workers": 32, "updates": updates,
                    "write_time": {"mean_ms": 10}})
        return run(d, challenge(400.0, 20.0, mix={"decrement": 1}, keys={"count": 20}))

    rmw, cas = stock_run("read_modify_write"), stock_run("conditional")
    assert rmw.anomalies.counts["oversell"] > 0
    assert cas.anomalies.counts["oversell"] == 0


def test_read_your_writes_routing_keeps_a_sessions_own_writes_visible():
    def ryw_run(read_from: str) -> object:
        return run(replicated(300.0, read_from=read_from, read_your_writes_window_s=2.0),
                   challenge(300.0, 20.0, mix={"read": 3, "write": 1}, keys={"count": 50}, sessions=20))

    plain, ryw = ryw_run("replicas"), ryw_run("read_your_writes")
    assert plain.anomalies.counts["read_your_writes"] > 0
    assert ryw.anomalies.counts["read_your_writes"] == 0


def test_cache_invalidation_on_write_and_versioned_cut_stale_reads():
    def cache_run(invalidation: str) -> object:
        d = design(service(workers=64, mean_ms=1.0, calls=[{"to": "cache", "ops": ["read"]},
                                                             {"to": "db", "ops": ["write"]}]),
                   {"id": "cache", "kind": "cache", "ttl_s": 60, "invalidation": invalidation, "calls": ["db"]},
                   {"id": "db", "kind": "database", "workers": 32})
        return run(d, challenge(300.0, 20.0, mix={"read": 4, "write": 1}, keys={"count": 100}))

    ttl, on_write, versioned = (cache_run(m) for m in ("ttl", "on_write", "versioned"))
    assert ttl.anomalies.counts["stale_read"] > 10 * max(1, on_write.anomalies.counts["stale_read"])
    assert versioned.anomalies.counts["stale_read"] == 0
    assert ttl.components["cache"].extra["hit_ratio"] > versioned.components["cache"].extra["hit_ratio"]



def test_a_versioned_cache_checks_the_store_behind_its_wire_in_a_world():
    """In a world every call crosses a wire; a versioned entry is still checked against the
    database behind it (it once compared against the wire, found no versions, and served a
    price changed seconds ago as if it were a TTL cache)."""
    from playground.design.challenge import Challenge

    d = design({"id": "api", "kind": "service", "workers": 32,
                "calls": [{"to": "cache", "ops": ["read"]}, {"to": "db", "ops": ["write"]}]},
               {"id": "cache", "kind": "cache", "ttl_s": 60, "invalidation": "versioned", "calls": ["db"]},
               {"id": "db", "kind": "database"})

    def stale(invalidation: str) -> int:
        raw = challenge(300.0, 20.0, mix={"read": 4, "write": 1}, keys={"count": 100}).model_dump()
        c = Challenge.model_validate({**raw, "world": {"work": {"read": 1, "write": 1}}})
        d.components[1].invalidation = invalidation  # type: ignore[union-attr]
        return run(d, c).anomalies.counts["stale_read"]

    assert stale("ttl") > 100
    assert stale("versioned") == 0

def test_sessions_in_memory_are_lost_when_the_balancer_moves_them():
    def session_run(policy: str, sessions: str) -> object:
        comps = [{"id": "lb", "kind": "load_balancer", "policy": policy, "calls": ["api"]},
                 service(instances=3, workers=8, mean_ms=2.0, sessions=sessions,
                         calls=["store"] if sessions == "store" else [])]
        if sessions == "store":
            comps.append({"id": "store", "kind": "session_store"})
        return run(design(*comps, entry="lb"), challenge(200.0, 10.0, sessions=100))

    assert session_run("round_robin", "memory").anomalies.counts["lost_session"] > 0
    assert session_run("sticky_session", "memory").anomalies.counts["lost_session"] == 0
    assert session_run("round_robin", "store").anomalies.counts["lost_session"] == 0


def test_at_least_once_redelivery_duplicates_unless_the_consumer_is_idempotent():
    def queue_run(idempotent: bool) -> object:
        d = design(service(workers=64, mean_ms=1.0, calls=["jobs"]),
                   {"id": "jobs", "kind": "queue", "consumers": 8, "visibility_timeout_s": 0.2,
                    "idempotent_consumer": idempotent, "consumer_time": {"mean_ms": 5}, "calls": ["mail"]},
                   {"id": "mail", "kind": "external",
                    "latency": {"distribution": "lognormal", "mean_ms": 60, "p99_ms": 500}})
        return run(d, challenge(50.0, 30.0, mix={"enqueue": 1}))

    plain, idem = queue_run(False), queue_run(True)
    assert plain.components["jobs"].extra["redelivered"] > 0
    assert plain.anomalies.counts["duplicate_side_effect"] > 0
    assert idem.anomalies.counts["duplicate_side_effect"] < plain.anomalies.counts["duplicate_side_effect"]
    assert idem.components["jobs"].extra["skipped"] > 0


def test_monotonic_reads_break_across_replicas_with_different_lags():
    def mono_run(read_from: str) -> object:
        d = design(service(workers=64, mean_ms=0.5, calls=["db"]),
                   {"id": "db", "kind": "database", "workers": 64, "read_from": read_from},
                   {"id": "fast", "kind": "replica", "of": "db", "lag": {"mean_ms": 5}},
                   {"id": "slow", "kind": "replica", "of": "db", "lag": {"mean_ms": 500}})
        return run(d, challenge(400.0, 20.0, mix={"read": 4, "write": 1}, keys={"count": 20}, sessions=10))

    assert mono_run("replicas").anomalies.counts["monotonic_read"] > 0
    primary = mono_run("primary").anomalies.counts
    assert primary["monotonic_read"] == primary["stale_read"] == 0


def test_a_backup_sets_the_recovery_point_of_a_crash():
    d = design(service(workers=64, mean_ms=1.0, calls=["db"]),
               {"id": "db", "kind": "database", "backup_interval_s": 4.0})
    c = challenge(100.0, 20.0, mix={"read": 1, "write": 1},
                  faults=[{"kind": "crash", "target": "db", "at_s": 10.0, "duration_s": 3.0}])
    r = run(d, c)
    events = {e.kind: e for e in r.events}
    assert events["backup_rpo"].detail["rpo_s"] == pytest.approx(2.0)  # backups at 4 and 8 s
    assert events["serving"].detail["rto_s"] == pytest.approx(3.0)
    assert r.components["db"].extra["backups"] >= 3
