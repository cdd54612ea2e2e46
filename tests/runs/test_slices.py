"""The app's slices hold about the same number of requests, however the traffic is shaped."""

from __future__ import annotations

from playground.core import Simulation
from playground.design.challenge import Challenge
from playground.design.model import Design
from playground.runs.slices import REQUESTS_PER_SLICE, slice_ends

DESIGN = Design.model_validate({"name": "d", "entry": "api",
                                "components": [{"id": "api", "kind": "service", "workers": 64}]})


def challenge(phases: list[dict]) -> Challenge:
    return Challenge.model_validate({
        "title": "t", "story": "s", "teaches": ["x"], "difficulty": "easy", "time_limit_min": 1, "seed": 3,
        "traffic": {"phases": phases, "mix": {"read": 1.0}, "keys": {"count": 100}, "sessions": 10,
                    "client": {"timeout_ms": 500, "retries": 0}},
    })


def test_a_spike_is_cut_finer_than_the_quiet_before_it():
    c = challenge([{"duration_s": 20, "rps": 100}, {"duration_s": 5, "rps": 20_000, "ramp_s": 1}])
    ends = slice_ends(c.traffic, 26.0)
    assert ends == sorted(ends) and ends[-1] == 26.0
    assert [t for t in ends if t <= 20] == [20.0]  # 2,000 requests at 100 a second take the 20 s
    assert len(ends) >= 45  # 98,000 requests in the spike, about 2,000 a slice


def test_each_slice_of_a_real_run_starts_about_the_fixed_number_of_requests():
    c = challenge([{"duration_s": 4, "rps": 5_000}, {"duration_s": 4, "rps": 50_000, "ramp_s": 2}])
    sim = Simulation(DESIGN, c)
    started = []
    for t in slice_ends(c.traffic, sim.end_time):
        before = sim.client.started
        sim.run(until=t)
        started.append(sim.client.started - before)
    assert sum(started) == sim.result().requests.total
    full = started[:-1]  # the last holds the rest, then the drain
    assert max(full) < 1.3 * REQUESTS_PER_SLICE and min(full) > 0.7 * REQUESTS_PER_SLICE


def test_the_slices_change_nothing_in_the_result():
    c = challenge([{"duration_s": 3, "rps": 3_000}])
    whole = Simulation(DESIGN, c)
    whole.run()
    sliced = Simulation(DESIGN, c)
    for t in slice_ends(c.traffic, sliced.end_time):
        sliced.run(until=t)
    assert sliced.result().to_dict() == whole.result().to_dict()
