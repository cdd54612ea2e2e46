"""Calls cross a network: a one-way time there and another back; partitions cut a direction."""

from __future__ import annotations

from math import sqrt

import pytest

from playground.core import Simulation
from playground.core.physics import FreePlay
from playground.formats.base import Timing
from tests.core.helpers import challenge, design, service


class Network(FreePlay):
    """Free play with a network: every call between two components pays `one_way` each way."""

    def __init__(self, keys: int, one_way: Timing):
        super().__init__(keys)
        self.one_way = one_way

    def link(self, caller, callee):
        return self.one_way, self.one_way


def chain(n: int, mean_ms: float):
    """n services, each doing `mean_ms` of work and calling the next."""
    parts = [service(f"s{i}", workers=10_000, mean_ms=mean_ms, distribution="deterministic",
                     calls=[f"s{i + 1}"] if i + 1 < n else []) for i in range(n)]
    return design(*parts)


def run_with(d, c, physics, seed=None):
    sim = Simulation(d, c, seed, physics=physics)
    sim.run()
    return sim.result()


def test_a_chain_of_n_calls_pays_two_one_way_hops_per_call_on_average():
    """n services in a chain, each 1 ms of deterministic work: the first is entered by the
    clients at no network cost here, and each of the n - 1 calls between services pays an
    exponential one-way time there and another back, so the mean latency is n·work plus
    2·(n - 1)·mean one-way time. The hops are independent exponentials: the sample mean's
    standard error is sqrt(2 (n - 1)) · mean / sqrt(count)."""
    n, work, hop = 4, 1.0, 0.5
    r = run_with(chain(n, work), challenge(200.0, 60.0), Network(10_000, Timing(mean_ms=hop)))
    lat = r.latency_ms.overall
    expected = n * work + 2 * (n - 1) * hop
    se = sqrt(2 * (n - 1)) * hop / sqrt(lat.count)
    assert lat.mean == pytest.approx(expected, abs=4 * se)
    without = run_with(chain(n, work), challenge(200.0, 60.0), FreePlay(10_000))
    assert without.latency_ms.overall.mean == pytest.approx(n * work, abs=1e-9)  # no network: exactly 3.000 -> 4.000


def test_network_time_is_its_own_segment_in_traces():
    r = run_with(chain(2, 1.0), challenge(50.0, 10.0), Network(10_000, Timing(distribution="deterministic", mean_ms=2.0)))
    trace = r.traces[0]
    wire = [h for h in trace.hops if h.network]
    assert [(h.component, h.service_ms) for h in wire] == [("s1", 2.0), ("s1", 2.0)]  # there and back
    assert trace.latency_ms == pytest.approx(1.0 + 2.0 + 1.0 + 2.0)


def test_a_one_way_partition_lets_requests_cross_and_holds_the_answers_until_it_heals():
    """api calls db; a one-way cut from db to api: api's requests reach db (db does the work)
    but db's answers wait on the wire, and cross when the cut heals; the callers, with a long
    enough timeout, get them then."""
    d = design(service("api", workers=10_000, mean_ms=1.0, calls=["db"]),
               {"id": "db", "kind": "database", "workers": 1000, "read_time": 1.0})
    faults = [{"kind": "partition", "between": ["db", "api"], "one_way": True, "at_s": 2.0, "duration_s": 3.0}]
    r = run_with(d, challenge(100.0, 10.0, client={"timeout_ms": 10_000}, faults=faults), FreePlay(10_000))
    db = r.components["db"].series
    api = r.components["api"].series
    assert sum(db.throughput[2:5]) == pytest.approx(300, rel=0.2)  # requests crossed: db answered them ...
    assert sum(api.throughput[2:5]) < 5  # ... but api heard nothing back
    assert sum(api.throughput[5:6]) > 250  # the held answers crossed when it healed
    assert r.requests.ok == r.requests.total  # and every request ended ok


def test_a_two_way_partition_holds_requests_and_a_caller_timeout_ends_the_wait():
    d = design(service("api", workers=10_000, mean_ms=1.0, calls=["db"], call_timeout_ms=200.0),
               {"id": "db", "kind": "database", "workers": 1000, "read_time": 1.0})
    faults = [{"kind": "partition", "between": ["api", "db"], "at_s": 2.0, "duration_s": 3.0}]
    r = run_with(d, challenge(100.0, 10.0, client={"timeout_ms": 10_000}, faults=faults), FreePlay(10_000))
    db = r.components["db"].series
    assert sum(db.throughput[2:5]) < 5  # nothing reached db while cut
    assert r.requests.error == pytest.approx(300, rel=0.2)  # the calls of the cut timed out at api
    assert sum(db.throughput[5:6]) > 250  # the held requests reached db when it healed (too late)
