"""The fast mode at internet scale, and against the exact engine where both can run.

    python benchmarks/fast.py                       # 1M requests/s for 10 min, fast mode
    python benchmarks/fast.py --compare 20000,100000,200000 --seeds 3 --duration 14

Default: `benchmarks/internet-scale.yaml` (a million requests a second for ten minutes) on
`benchmarks/internet-scale-design.yaml` (500 API instances, 250 store partitions), run as
`playground run --seed` runs it (loading included), `--repeat` times, the best kept. It prints
the wall time and its ratio to the 30 s budget, what was approximated, and the exact engine's
time for the same run, estimated from its cost per request on the first 200,000 requests of
the whole design (it cannot run it: 600M requests); the last line is `fast_vs_exact`, the
ratio of the two.

`--compare`: the family of tests/fast/family.py (80 instances and 40 partitions per 20,000
requests a second) at each rate, `--seeds` exact runs and as many fast ones, each figure's mean,
spread and range, and whether the fast mean lies within the exact runs' range (`in range`)
and within four standard errors of their mean (`4 se`).
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from statistics import fmean, stdev

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(1, str(ROOT))  # the family in tests/; the code under test as installed

from tests.fast import family  # noqa: E402

from playground.core.simulation import simulate  # noqa: E402
from playground.design.load import load_file  # noqa: E402
from playground.fast import run_fast  # noqa: E402

BUDGET_S = 30.0
HERE = Path(__file__).resolve().parent


def internet_scale(repeat: int) -> None:
    best = float("inf")
    for _ in range(repeat):
        started = time.perf_counter()
        design = load_file(HERE / "internet-scale-design.yaml").model
        challenge = load_file(HERE / "internet-scale.yaml").model
        result = run_fast(design, challenge)  # type: ignore[arg-type]
        best = min(best, time.perf_counter() - started)
    a = result.approximation
    assert a is not None
    print(f"fast: {best:.2f} s wall (best of {repeat}), {best / BUDGET_S:.2f} of the {BUDGET_S:g} s budget")
    print(f"  {a.describe()}")
    o = result.latency_ms.overall
    print(f"  requests {result.requests.total:,}  availability {result.availability}  "
          f"p50 {o.p(50)} ms  p99 {o.p(99)} ms  "
          f"p99 interval {a.intervals.get('latency_ms.overall.p99')}")
    limit = 200_000
    started = time.perf_counter()
    simulate(design, challenge, requests_limit=limit)  # type: ignore[arg-type]
    per_request = (time.perf_counter() - started) / limit
    exact_s = per_request * challenge.traffic.duration_s * challenge.traffic.phases[0].rps  # type: ignore[union-attr]
    print(f"exact: {per_request * 1e6:.1f} µs a request on the first {limit:,}: "
          f"{exact_s / 60:.0f} min for the whole run (estimated)")
    print(f"fast_vs_exact {exact_s / best:.0f}")


def compare(rates: list[float], seeds: int, duration: float) -> None:
    for rps in rates:
        d, c = family.design(rps), family.challenge(rps, duration)
        rows: dict[str, list[dict[str, float]]] = {"exact": [], "fast": []}
        walls = {}
        for name, fn, base in (("exact", simulate, 100), ("fast", run_fast, 200)):
            started = time.perf_counter()
            for s in range(seeds):
                r = fn(d, c, base + s)
                finished = sum(r.finished_by_op().values())
                rows[name].append({"p50": r.latency_ms.overall.p(50), "p99": r.latency_ms.overall.p(99),
                                   "availability": r.availability,
                                   "stale_read": r.anomalies.counts["stale_read"] / finished})
            walls[name] = (time.perf_counter() - started) / seeds
        print(f"{rps:,.0f} requests/s, {duration:g} s: exact {walls['exact']:.1f} s a run, "
              f"fast {walls['fast']:.1f} s a run (factor {r.approximation.factor})")  # type: ignore[union-attr]
        for k in rows["exact"][0]:
            e, f = [x[k] for x in rows["exact"]], [x[k] for x in rows["fast"]]
            se = (stdev(e) ** 2 / len(e) + stdev(f) ** 2 / len(f)) ** 0.5
            print(f"  {k:12} exact {fmean(e):.6g} ± {stdev(e):.2g} [{min(e):.6g}, {max(e):.6g}]   "
                  f"fast {fmean(f):.6g} ± {stdev(f):.2g}   "
                  f"in range {'yes' if min(e) <= fmean(f) <= max(e) else 'no'}   "
                  f"4 se {'yes' if abs(fmean(f) - fmean(e)) <= 4 * se + 0.011 * fmean(e) * k.startswith('p') else 'no'}")


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--repeat", type=int, default=1)
    p.add_argument("--compare", metavar="RATES", help="comma-separated requests a second")
    p.add_argument("--seeds", type=int, default=3)
    p.add_argument("--duration", type=float, default=14.0)
    args = p.parse_args()
    if args.compare:
        compare([float(x) for x in args.compare.split(",")], args.seeds, args.duration)
    else:
        internet_scale(args.repeat)


if __name__ == "__main__":
    main()
