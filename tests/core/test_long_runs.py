"""Runs that ask for a lot (issue 19.3, 19.13): estimated before they start, bounded in memory."""

from __future__ import annotations

import pytest

from playground.core.estimate import MAX_ATTEMPTS, estimate, refusal
from playground.core.recorder import MAX_SNAPSHOTS, snapshot_step
from playground.design import bundled
from playground.design.load import load_challenge

from .helpers import challenge, design, run, service


def test_the_estimate_integrates_the_rate_ramps_included() -> None:
    c = challenge(0, 0, phases=[{"duration_s": 10, "rps": 100},
                                {"duration_s": 30, "rps": 300, "ramp_s": 5}],
                  client={"timeout_ms": 1000, "retries": 2})
    size = estimate(c)
    assert size.requests == 10 * 100 + 5 * 200 + 25 * 300 and size.attempts_each == 3
    assert size.attempts == 3 * 9500
    assert estimate(c, requests_limit=100).requests == 100


@pytest.mark.parametrize("path", bundled.challenge_files(), ids=lambda p: p.stem)
def test_every_shipped_challenge_is_far_below_the_limit(path) -> None:
    size = estimate(load_challenge(path).model)
    assert refusal(size) is None and size.attempts < MAX_ATTEMPTS // 100


def test_a_run_above_the_limit_is_refused_with_the_estimate_and_what_to_lower() -> None:
    c = challenge(1000, 86_400, client={"timeout_ms": 1000, "retries": 1})
    why = refusal(estimate(c), cli=True)
    assert why == ("the run would make up to 172,800,000 attempts (86,400,000 requests x 2 "
                   "attempts each); at most 20,000,000 are simulated: lower traffic.phases' rps or "
                   "duration_s, or traffic.client.retries, or run the first 10,000,000 requests only "
                   "with --requests-limit 10000000")
    assert refusal(estimate(c, requests_limit=10_000_000)) is None


def test_snapshots_stay_per_second_up_to_an_hour_then_get_coarser() -> None:
    assert [snapshot_step(s) for s in (1, 60, 3600, 3601, 7200, 86_400)] == [1, 1, 1, 2, 2, 24]


def test_a_day_of_traffic_keeps_a_bounded_number_of_snapshots() -> None:
    """100 phases of a day at rps 0 kept 226 MB a simulated day in per-second snapshots; a day
    (the most a challenge may ask now) keeps 3,600 of them, each the average of 24 s."""
    d = design(service(calls=["db"]), {"id": "db", "kind": "database"})
    c = challenge(0, 0, phases=[{"duration_s": 3600, "rps": 1}, {"duration_s": 82_800, "rps": 0}],
                  client={"timeout_ms": 1000})
    result = run(d, c).to_dict()
    series = result["series"]
    assert len(series["t"]) <= MAX_SNAPSHOTS + 1 and series["t"][:3] == [0, 24, 48]
    assert len(result["components"]["api"]["series"]["t"]) == len(series["t"])
    total = result["requests"]["total"]
    assert total > 3000 and round(sum(series["rps"]) * 24) == total  # averages per second of each step
    assert result["requests"]["in_flight"] == 0


def test_a_short_run_still_snapshots_every_second() -> None:
    d = design(service())
    result = run(d, challenge(50, 30, client={"timeout_ms": 1000})).to_dict()
    assert result["series"]["t"] == list(range(31)) and all(isinstance(x, int) for x in result["series"]["rps"])


def test_a_long_chain_with_writes_runs() -> None:
    """19.3: a chain of 400 components (500 are allowed) with writes overflowed the stack in
    `core/paths.py:reaches_data` while it walked the chain recursively (iterative since the
    paths rewrite)."""
    n = 400
    chain = [service(f"s{i}", calls=[f"s{i + 1}"]) for i in range(n - 1)]
    d = design(*chain, {"id": f"s{n - 1}", "kind": "database"})
    result = run(d, challenge(100, 2, mix={"read": 1, "write": 1}, client={"timeout_ms": 60_000}),
                 requests_limit=20).to_dict()
    assert result["requests"]["total"] == 20
