"""The fast mode against the exact engine, on a system both can run: 20,000 requests a second
over 80 instances and 40 partitions (tests/fast/family.py; benchmarks/fast.py --compare runs
the larger sizes). Each figure's mean over the fast runs must lie within four standard errors
of the exact runs' mean (the two sets of seeds independent), and each fast run's interval
must hold the exact mean in all runs but one at most."""

from __future__ import annotations

from statistics import fmean, stdev

import pytest

from playground.core.simulation import simulate
from playground.fast import run_fast
from tests.fast import family

RPS = 20_000
BIN = 0.011  # a percentile is a histogram bin's middle: two runs may differ by one bin (1.09 %)
FIGURES = {"p50": "latency_ms.overall.p50", "p99": "latency_ms.overall.p99",
           "availability": "availability", "stale_read": "anomalies.rate.stale_read"}


def figures(result) -> dict[str, float]:
    finished = sum(result.finished_by_op().values())
    return {"p50": result.latency_ms.overall.p(50), "p99": result.latency_ms.overall.p(99),
            "availability": result.availability,
            "stale_read": result.anomalies.counts["stale_read"] / finished}


@pytest.mark.slow  # ~40 s: three exact runs of 280,000 requests, four fast ones
def test_the_fast_mode_agrees_with_the_exact_engine():
    d, c = family.design(RPS), family.challenge(RPS, 14.0)
    exact = [figures(simulate(d, c, 100 + s)) for s in range(3)]
    runs = [run_fast(d, c, 200 + s) for s in range(4)]
    assert all(r.approximation is not None and r.approximation.factor == 5 for r in runs)
    fast = [figures(r) for r in runs]
    for name, path in FIGURES.items():
        e, f = [x[name] for x in exact], [x[name] for x in fast]
        se = (stdev(e) ** 2 / len(e) + stdev(f) ** 2 / len(f)) ** 0.5
        widen = BIN if name.startswith("p") else 0.0
        assert abs(fmean(f) - fmean(e)) <= 4 * se + widen * fmean(e), (name, e, f)
        held = sum(lo * (1 - widen) - 1e-9 <= fmean(e) <= hi * (1 + widen) + 1e-9
                   for lo, hi in (r.approximation.intervals[path] for r in runs))  # type: ignore[union-attr]
        assert held >= len(runs) - 1, (name, fmean(e), [r.approximation.intervals[path] for r in runs])  # type: ignore[union-attr]
