"""The database's routing of reads: a share of them to its replicas (issue 16, item 5)."""

from __future__ import annotations

from math import sqrt

import pytest

from playground.design.checks import check_design
from tests.core import theory
from tests.core.helpers import challenge, design, run, service

TINY = {"distribution": "deterministic", "mean_ms": 0.001}


def shared(share: float, read_from: str = "replicas", mean_ms: float = 10.0) -> object:
    return design(
        service(workers=1024, mean_ms=0.001, distribution="deterministic", calls=["db"]),
        {"id": "db", "kind": "database", "workers": 1, "read_from": read_from,
         "read_time": {"distribution": "exponential", "mean_ms": mean_ms},
         "replica_read_share": share},
        {"id": "r1", "kind": "replica", "of": "db", "workers": 1024, "read_time": TINY},
        {"id": "r2", "kind": "replica", "of": "db", "workers": 1024, "read_time": TINY},
    )


def test_a_share_of_reads_goes_to_the_replicas_and_the_primary_sees_a_thinned_poisson_stream():
    lam, mu, share, n = 60.0, 100.0, 0.3, 60_000
    r = run(shared(share), challenge(lam, n / lam))
    db = r.components["db"]
    reads = r.latency_ms.by_op["read"].count
    to_replicas = db.extra["reads_to_replicas"]
    # each read goes to a replica with probability `share`, independently: binomial, SE ~0.0019
    assert to_replicas / reads == pytest.approx(share, abs=4 * sqrt(share * (1 - share) / reads))
    # An independent thinning of a Poisson stream is Poisson (Kingman, Poisson Processes, 1993,
    # sec. 5.1), so the primary (one slot, exponential reads) is an M/M/1 at rate (1 - share) lam:
    # mean sojourn 1 / (mu - (1 - share) lam) = 17.2 ms. A deterministic split (every third read)
    # would be smoother than Poisson and wait less.
    lam_db = (1 - share) * lam
    expected_ms = theory.mm1_mean_sojourn(lam_db, mu) * 1000
    n_eff = theory.mm1_effective_samples(db.answered, lam_db, mu)  # ~11,000: SE ~1 %
    assert db.mean_time_ms == pytest.approx(expected_ms, rel=4 / sqrt(n_eff))


@pytest.mark.parametrize("share", [0.0, 1.0])
def test_a_whole_share_or_none_sends_every_read_one_way(share):
    r = run(shared(share), challenge(100.0, 20.0))
    reads = r.latency_ms.by_op["read"].count
    assert r.components["db"].extra["reads_to_replicas"] == (reads if share else 0)


def test_read_your_writes_sends_only_the_share_of_what_it_would_send_to_replicas():
    # sessions that never write are always eligible for a replica: the share applies to them
    c = challenge(200.0, 100.0, mix={"read": 1}, sessions=50)
    r = run(shared(0.5, read_from="read_your_writes", mean_ms=1.0), c)
    reads = r.latency_ms.by_op["read"].count
    assert r.components["db"].extra["reads_to_replicas"] / reads == pytest.approx(0.5, abs=4 * sqrt(0.25 / reads))


def test_a_share_without_reads_to_replicas_is_a_warning():
    problems = check_design(shared(0.5, read_from="primary"))
    assert any(path[-1:] == ("replica_read_share",) and severity == "warning" for path, _, _, severity in problems)
