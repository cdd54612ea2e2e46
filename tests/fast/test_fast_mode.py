"""The fast mode: what it reduces, what it refuses to, and whether its intervals are honest."""

from __future__ import annotations

import json
from math import log, sqrt

import pytest

from playground import fast
from playground.cli import main
from playground.core.record import RunResult
from playground.core.simulation import simulate
from playground.design.challenge import Challenge
from playground.fast import run, run_fast
from playground.fast.symmetry import reduce
from playground.scoring import decided_run, score
from tests.core.helpers import challenge, design, service

LAM, MU = 5000.0, 10000.0  # M/M/1 at load 0.5


def mm1(duration_s: float = 120.0, **kw) -> tuple:
    c = challenge(LAM, duration_s, **kw)
    return (design(service(workers=1, mean_ms=1000.0 / MU)),
            c.model_copy(update={"measure": c.measure.model_copy(update={"warmup_s": 2.0})}))


def test_a_shared_database_or_a_fault_or_hot_keys_leave_the_system_whole():
    lb = {"id": "lb", "kind": "load_balancer", "calls": ["api"]}
    api = service(instances=64, calls=["db"])
    db = {"id": "db", "kind": "database"}
    c = challenge(5000, 30, keys={"count": 100_000}, sessions=100_000)
    r = reduce(design(lb, api, db), c)
    assert r.factor == 1 and any("`db` is one database that every request shares" in w for w in r.why_not)
    crash = c.model_copy(update={"faults": Challenge.model_validate({
        "title": "t", "story": "t", "teaches": ["t"], "difficulty": "easy", "time_limit_min": 1,
        "traffic": {"phases": [{"duration_s": 1, "rps": 1}]},
        "faults": [{"kind": "crash", "target": "api", "at_s": 5}]}).faults})
    assert reduce(design(lb, service(instances=64)), crash).why_not[0].startswith("its faults strike single parts")
    hot = challenge(5000, 30, keys={"count": 100_000, "distribution": "zipf"}, sessions=100_000)
    assert "skewed" in reduce(design(lb, service(instances=64)), hot).why_not[0]
    weighed = {**lb, "policy": "weighted", "weights": [1] * 63 + [9]}
    assert "weighs its instances apart" in reduce(design(weighed, service(instances=64)), c).why_not[0]


def test_with_nothing_to_approximate_the_fast_mode_runs_exactly_and_says_why():
    d = design(service(workers=1, mean_ms=1.0))
    c = challenge(0, 0, phases=[{"duration_s": 5, "rps": 100}, {"duration_s": 5, "rps": 300, "ramp_s": 2}])
    fast, exact = run_fast(d, c, 3), simulate(d, c, 3)
    assert fast.approximation is not None and fast.approximation.factor == 1
    assert fast.approximation.simulated_s == fast.approximation.measured_s
    assert any("rate changes" in w for w in fast.approximation.exact)
    assert fast.requests == exact.requests and fast.latency_ms == exact.latency_ms
    assert run(d, c, 3).approximation is None  # auto: small enough to run exactly


def test_steady_traffic_stops_early_and_its_counts_stand_for_the_whole_window():
    d, c = mm1()
    r = run_fast(d, c, 5)
    a = r.approximation
    assert a is not None and a.batches == 20 and a.simulated_s < a.measured_s == 118.0
    # the simulated requests are Poisson(LAM * simulated_s); scaled by measured / simulated
    expected, sd = LAM * a.measured_s, sqrt(LAM * a.simulated_s) * a.measured_s / a.simulated_s
    assert abs(r.requests.total - expected) <= 4 * sd
    assert r.duration_s == 120.0


@pytest.mark.slow  # ~15 s: twelve runs
def test_the_intervals_cover_the_closed_form_as_often_as_they_say():
    """An M/M/1 (FCFS) queue's time in system is exponential of rate mu - lam (Kleinrock,
    Queueing Systems vol. 1, 1975, section 3.2): mean 0.2 ms, p99 ln(100) / (mu - lam). A 95 %
    interval should miss in one run of twenty; over 12 runs, 8 or fewer covering would happen by
    chance with probability below 0.2 % (binomial, p = 0.95). The p99's interval is widened by
    the histogram's ±0.55 % bin error."""
    d, c = mm1(60.0)
    mean, p99 = 1000.0 / (MU - LAM), 1000.0 * log(100.0) / (MU - LAM)
    covered = {"mean": 0, "p99": 0}
    for seed in range(12):
        intervals = run_fast(d, c, seed).approximation.intervals  # type: ignore[union-attr]
        lo, hi = intervals["latency_ms.overall.mean"]
        covered["mean"] += lo <= mean <= hi
        lo, hi = intervals["latency_ms.overall.p99"]
        covered["p99"] += lo * 0.9945 <= p99 <= hi * 1.0055
    assert min(covered.values()) >= 9, covered


def test_a_fast_result_is_deterministic_and_reads_back():
    d, c = mm1(60.0)
    first, second = run_fast(d, c, 9), run_fast(d, c, 9)
    assert json.dumps(first.to_dict()) == json.dumps(second.to_dict())
    assert RunResult.from_dict(first.to_dict()) == first


def test_a_requirement_whose_target_is_inside_the_interval_is_uncertain():
    d, c = mm1(60.0)
    r = run_fast(d, c, 4)
    lo, hi = r.approximation.intervals["latency_ms.overall.p99"]  # type: ignore[union-attr]

    def judged(max_ms: float):
        asked = c.model_copy(update={"requirements": challenge(1, 1, requirements=[
            {"kind": "latency", "percentile": 99, "max_ms": max_ms}]).requirements})
        return score(d, asked, r).requirements[0]

    inside, far = judged((lo + hi) / 2), judged(hi * 3)
    assert inside.uncertain and "uncertain" in json.dumps(inside.to_dict())
    assert not far.uncertain and far.passed and "uncertain" not in far.to_dict()


def test_the_cli_says_what_it_approximated_and_refuses_the_exact_run_too_big(capsys):
    assert main(["run", "benchmarks/internet-scale-design.yaml", "-c", "benchmarks/internet-scale.yaml",
                 "--seed", "7", "--exact"]) == 2
    err = capsys.readouterr().err
    assert "internet-scale.yaml" in err and "600,000,000" in err


def test_auto_runs_again_exactly_when_a_verdict_is_in_doubt_and_the_exact_run_fits(monkeypatch):
    d, c = mm1(60.0)
    lo, hi = run_fast(d, c, 4).approximation.intervals["latency_ms.overall.p99"]  # type: ignore[union-attr]
    asked = c.model_copy(update={"requirements": challenge(1, 1, requirements=[
        {"kind": "latency", "percentile": 99, "max_ms": (lo + hi) / 2}]).requirements})
    monkeypatch.setattr(fast, "AUTO_ABOVE", 1000)  # so that auto takes the fast mode here
    kept, card = decided_run(d, asked, 4, mode="fast")
    assert kept.approximation is not None and card.requirements[0].uncertain
    exact, card = decided_run(d, asked, 4, mode="auto")
    assert exact.approximation is None and not card.requirements[0].uncertain
    assert exact.to_dict() == simulate(d, asked, 4).to_dict()


def test_a_store_that_slowly_falls_behind_cannot_pass_on_the_first_minutes(monkeypatch):
    """A dodge of the stationarity stop: a design loaded a little beyond its capacity (1 % here)
    queues ever longer, so its latency at the end of a long window is far above that of its
    first minutes. Stopped at its size cap after some 100 s, the fast mode would tell the first
    minutes' figures as the window's and pass a p99 the real system fails."""
    d = design(service(workers=1, mean_ms=1.0))
    c = challenge(1010.0, 600.0, requirements=[{"kind": "latency", "percentile": 99, "max_ms": 3000}])
    monkeypatch.setattr(fast, "MOST_SIMULATED", 100_000)
    monkeypatch.setattr(fast, "AUTO_ABOVE", 1000)
    quick = run_fast(d, c, 1)
    assert quick.approximation is not None and quick.approximation.simulated_s < 200
    assert any("kept rising" in why for why in quick.approximation.exact)
    card = score(d, c, quick)
    assert card.requirements[0].uncertain  # not a pass: its interval reaches the window's end
    exact, card = decided_run(d, c, 1, mode="auto")
    assert exact.approximation is None and not card.passed  # run again exactly, it fails
