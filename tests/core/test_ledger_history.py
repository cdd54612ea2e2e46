"""The ledger judges every read against what was acknowledged before it began, however many
writes land while it runs: two regressions, each against a number computed in the test."""

from __future__ import annotations

from math import exp, sqrt

import pytest

from tests.core.helpers import challenge, design, run

DET = "deterministic"


def test_a_strict_quorum_never_reads_stale_without_faults_even_on_one_hot_key():
    """r + w > n: every read quorum overlaps every acknowledged write's quorum (Gifford 1979;
    DeCandia et al., Dynamo, SOSP 2007, 4.5), so with no fault no read may be older than a
    write acknowledged before it began. One key written 1,000 times a second, n=3, r=2, w=2,
    and w=3."""
    for w in (2, 3):
        d = design({"id": "db", "kind": "database", "workers": 1000, "read_time": 0.5, "write_time": 0.5,
                    "quorum": {"n": 3, "r": 2, "w": w, "replica_time": 2.0}})
        r = run(d, challenge(2000.0, 10.0, mix={"read": 1, "write": 1}, keys={"count": 1}))
        assert r.requests.ok > 15_000
        assert r.anomalies.counts["stale_read"] == 0, f"w={w}"


def test_a_read_is_judged_against_the_write_acknowledged_before_it_began_however_many_land_during_it():
    """Writes to one key commit at Poisson rate λ and reach a replica L after; a read there
    that begins at b and takes s returns the newest write committed by b + s - L, so it is
    stale when a write was acknowledged in (b + s - L, b]: probability 1 - exp(-λ (L - s)).
    With λ s = 5, five writes land during a read on average: a ledger that forgot the older
    ones judged most stale reads fresh. Four standard errors of a proportion, over reads whose
    windows overlap about λ·(L - s) + 1 at a time (the effective count divided by that)."""
    lam, s, lag = 1000.0, 0.005, 0.0065
    d = design({"id": "db", "kind": "database", "workers": 10_000, "read_from": "replicas",
                "read_time": {"distribution": DET, "mean_ms": 0.001},
                "write_time": {"distribution": DET, "mean_ms": 0.001}},
               {"id": "r1", "kind": "replica", "of": "db", "workers": 10_000,
                "read_time": {"distribution": DET, "mean_ms": s * 1000},
                "lag": {"distribution": DET, "mean_ms": lag * 1000}})
    r = run(d, challenge(2 * lam, 20.0, mix={"read": 1, "write": 1}, keys={"count": 1}))
    p = 1 - exp(-lam * (lag - s))
    reads = r.latency_ms.by_op["read"].count
    n_eff = reads / (lam * (lag - s) + 1)
    rate = r.anomalies.rates["read"]["stale_read"]
    assert rate == pytest.approx(p, abs=4 * sqrt(p * (1 - p) / n_eff))
