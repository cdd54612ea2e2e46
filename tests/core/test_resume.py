"""Calls stuck behind a hang or a partition go on when it ends, unless their caller gave up."""

from __future__ import annotations

import pytest

from tests.core.helpers import challenge, design, run, service

AT, LASTS, TIMEOUT_S, END = 10.0, 10.0, 1.0, 40.0


def stuck_behind(fault: dict) -> object:
    """A service that calls a vendor with no timeout of its own (the hanging-dependency
    starter's shape): its slots wait on the vendor for as long as the vendor is gone."""
    d = design(service(workers=32, instances=2, mean_ms=4.0, queue_limit=20, calls=["vendor"]),
               {"id": "vendor", "kind": "external", "latency": {"distribution": "exponential", "mean_ms": 40}})
    return run(d, challenge(200.0, END, client={"timeout_ms": TIMEOUT_S * 1000}, faults=[fault]))


def down_seconds(r: object) -> list[int]:
    """The seconds in which fewer than half the requests that ended were answered ok."""
    s = r.series  # type: ignore[attr-defined]
    return [t for t, ok, bad in zip(s.t, s.ok, s.errors, strict=True) if ok + bad and ok < bad]


@pytest.mark.parametrize("fault", [
    {"kind": "hang", "target": "vendor", "at_s": AT, "duration_s": LASTS},
    {"kind": "partition", "between": ["api", "vendor"], "at_s": AT, "duration_s": LASTS},
], ids=["hang", "partition"])
def test_a_service_behind_a_fault_is_down_for_its_length_plus_at_most_one_timeout(fault: dict):
    down = down_seconds(stuck_behind(fault))
    # Its slots fill within a second of the start; when the fault ends the calls in them are
    # answered (40 ms on average), the slots free, and new requests are served. A request the
    # client sent within one timeout of the end may still fail, so the outage is the fault's
    # length plus at most one client timeout, never until the end of the run.
    assert down[0] == AT
    assert LASTS - 1 <= len(down) <= LASTS + TIMEOUT_S
    assert down == list(range(int(AT), int(AT) + len(down)))
    assert max(down) < AT + LASTS + TIMEOUT_S


def test_a_caller_whose_timeout_fired_ignores_the_late_answer():
    d = design(service(workers=32, instances=2, mean_ms=4.0, queue_limit=20,
                       call_timeout_ms=200, calls=["vendor"]),
               {"id": "vendor", "kind": "external", "latency": {"distribution": "exponential", "mean_ms": 40}})
    r = run(d, challenge(200.0, END, client={"timeout_ms": TIMEOUT_S * 1000},
                         faults=[{"kind": "hang", "target": "vendor", "at_s": AT, "duration_s": LASTS}]))
    api, vendor = r.components["api"], r.components["vendor"]
    # every call the vendor kept is answered when the hang ends, yet each of the service's calls
    # was answered once: by the vendor, or (during the hang) by its own timeout
    assert vendor.calls == api.calls
    assert sum(r.series.ok) + sum(r.series.errors) == sum(r.series.rps)
    assert sum(r.series.errors[int(AT):int(AT + LASTS)]) > 0.9 * 200 * LASTS


def test_the_hanging_dependency_starter_is_down_for_the_hang_plus_at_most_one_timeout():
    from playground.core import simulate
    from playground.design import bundled
    from playground.design.bundled import challenge_files
    from playground.design.load import load_challenge, load_design

    path = next(p for p in challenge_files() if p.stem == "hanging-dependency")
    c = load_challenge(path).model
    hang = next(f for f in c.faults if f.kind == "hang")
    start = path.parent / c.starting_design  # type: ignore[operator]
    r = simulate(load_design(start, bundled.given_for(start)).model, c)  # it calls the vendor the world gives
    down = down_seconds(r)
    timeout_s = c.traffic.client.timeout_ms / 1000
    assert down and down[0] >= hang.at_s
    assert hang.duration_s - 1 <= len(down) <= hang.duration_s + timeout_s  # it was down to the end
    assert max(down) < hang.at_s + hang.duration_s + timeout_s
