"""CPU is not threads: calls in worker slots share their instance's CPUs for their own work, so
slots beyond the CPUs buy concurrency for waiting on calls, never CPU throughput."""

from __future__ import annotations

from math import sqrt

import pytest

from tests.core import theory
from tests.core.helpers import challenge, design, run, service

N = 60_000


@pytest.mark.parametrize("workers", [2, 8, 64])
def test_a_cpu_bound_service_saturates_at_its_cpus_over_the_mean_cpu_time_whatever_its_slots(workers):
    """The most a CPU-bound station can do is vcpus / E[S] a second (its CPUs always busy):
    offered 300 req/s of 10 ms work on 2 CPUs, it answers 200 a second, with 2 slots or 64."""
    d = design(service(workers=workers, mean_ms=10.0, queue_limit=1_000_000, vcpus=2))
    r = run(d, challenge(300.0, 60.0, client={"timeout_ms": 3_600_000}))
    api = r.components["api"]
    answered_rate = sum(api.series.throughput[10:60]) / 50  # seconds 10..60, once it is saturated
    assert answered_rate == pytest.approx(2 / 0.010, rel=0.03)
    assert api.extra["cpu_utilization"] == pytest.approx(1.0, abs=0.02)


def test_with_slots_to_spare_and_no_downstream_calls_it_is_an_m_m_c_queue_with_c_cpus():
    """Erlang C (Kleinrock vol. 1, 3.5): with more slots than CPUs, a call waits for a slot and
    then for a CPU, in arrival order throughout, so the station is M/M/c with c = vcpus."""
    lam, mu, c = 150.0, 100.0, 2
    d = design(service(workers=8, mean_ms=1000 / mu, queue_limit=1_000_000, vcpus=c))
    r = run(d, challenge(lam, N / lam))
    lat = r.latency_ms.overall
    mean = theory.mmc_mean_sojourn(lam, mu, c) * 1000
    p99 = theory.mmc_sojourn_quantile(lam, mu, c, 0.99) * 1000
    n_eff = theory.mm1_effective_samples(lat.count, lam, c * mu)
    assert lat.mean == pytest.approx(mean, rel=4 / sqrt(n_eff))
    assert lat.p(99) == pytest.approx(p99, rel=4 * theory.quantile_rel_se(0.99, n_eff) + 0.0055)
    api = r.components["api"]
    assert api.extra["cpu_utilization"] == pytest.approx(lam / (c * mu), rel=0.03)


def test_waiting_on_a_call_holds_a_slot_but_no_cpu():
    """Four slots and one CPU in front of a slow dependency: each call spends 1 ms of CPU and
    40 ms waiting on the database, so the one CPU serves four calls at a time (it is free while
    they wait), and throughput is set by the slots: 4 / 41 ms, about 97 a second, not 1 / 1 ms."""
    d = design(service(workers=4, mean_ms=1.0, distribution="deterministic", queue_limit=1_000_000,
                       vcpus=1, calls=["db"]),
               {"id": "db", "kind": "database", "workers": 100,
                "read_time": {"distribution": "deterministic", "mean_ms": 40.0}})
    r = run(d, challenge(300.0, 30.0, client={"timeout_ms": 3_600_000}))
    api = r.components["api"]
    answered_rate = sum(api.series.throughput[5:30]) / 25
    assert answered_rate == pytest.approx(4 / 0.041, rel=0.02)
    assert api.utilization == pytest.approx(1.0, abs=0.01)  # the slots are all held ...
    assert api.extra["cpu_utilization"] == pytest.approx(answered_rate * 0.001, rel=0.05)  # ... the CPU is not


def test_a_crash_fails_the_calls_waiting_for_a_cpu_and_the_cpu_stops():
    d = design(service(workers=16, mean_ms=20.0, queue_limit=0, vcpus=1))
    c = challenge(200.0, 10.0, client={"timeout_ms": 3_600_000},
                  faults=[{"kind": "crash", "target": "api", "at_s": 5.0, "duration_s": 1.0}])
    r = run(d, c)
    api = r.components["api"]
    assert r.requests.in_flight == 0
    assert api.errors > 0
    assert api.calls == api.answered  # every call it took was answered, those waiting for a CPU too
    assert 0.0 < api.extra["cpu_utilization"] <= 1.0
