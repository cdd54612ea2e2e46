"""Speed of the engine against SimPy on the reference network, and a challenge end to end.

Reference network: Poisson arrivals at 900 req/s -> round-robin load balancer -> 4 service
instances, 1 worker each, exponential 4 ms -> a database with 8 workers, exponential 2 ms; one
database call per request; 1,000,000 requests. The service holds its worker while it waits for
the database (the playground's semantics), so each instance needs about 6 ms per request at
225 req/s: it is overloaded (about 135 %) and its wait queue (100, the default) overflows;
both implementations reject a request that finds 100 waiting at its instance.

    PYTHONPATH=src python benchmarks/engine.py [--requests N] [--repeat 3] [--skip-e2e] [--profile]

Each implementation runs --repeat times, in back-to-back pairs (the order alternating), and the
median run of each is reported; the speedup is the median of the pairs' ratios, since a shared
machine drifts by 30 % and more from one minute to the next and a pair sees the same spell.
Prints the pairs' ratios, then for each implementation requests simulated per second, peak
memory (peak RSS of a process running only that implementation), and mean and p99 latency (of
the requests answered); the last line is `speedup_vs_simpy: <ratio>`.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
RATE, INSTANCES, QUEUE_LIMIT, SERVICE_MS, DB_WORKERS, DB_MS = 900.0, 4, 100, 4.0, 8, 2.0


def peak_rss_mb() -> float:
    """Peak resident memory of this process (each implementation runs in a process of its own)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0


def reference(requests: int):  # type: ignore[no-untyped-def]
    """The reference design (benchmarks/reference.yaml) and a challenge long enough for
    `requests` arrivals at 900 req/s; the run stops after exactly `requests`."""
    from playground.design.challenge import Challenge
    from playground.design.load import load_design

    design = load_design(HERE / "reference.yaml").model
    challenge = Challenge.model_validate({
        "title": "reference", "story": "benchmark", "teaches": ["speed"], "difficulty": "easy",
        "time_limit_min": 1, "seed": 1,
        "traffic": {"phases": [{"duration_s": requests / RATE * 1.1 + 10, "rps": RATE}],
                    "mix": {"read": 1}, "client": {"timeout_ms": 10_000}},
    })
    return design, challenge


def run_engine(requests: int) -> dict:
    from playground.core import Simulation

    design, challenge = reference(requests)
    t = time.perf_counter()
    sim = Simulation(design, challenge, seed=1, requests_limit=requests)
    sim.run()
    result = sim.result()
    elapsed = time.perf_counter() - t
    lat = result.latency_ms["overall"]
    return {"name": "playground", "seconds": elapsed, "rps": requests / elapsed, "peak_mb": peak_rss_mb(),
            "mean_ms": lat["mean"], "p99_ms": lat["p99"], "rejected": result.requests["rejected"]}


def run_simpy(requests: int, seed: int = 1) -> dict:
    import simpy

    from playground.core.histogram import Histogram

    t = time.perf_counter()
    env = simpy.Environment()
    rng = random.Random(seed)
    instances = [simpy.Resource(env, 1) for _ in range(INSTANCES)]
    db = simpy.Resource(env, DB_WORKERS)
    hist = Histogram()
    rejected = 0

    def request(env, inst):  # type: ignore[no-untyped-def]
        nonlocal rejected
        start = env.now
        if len(inst.queue) >= QUEUE_LIMIT and inst.count >= inst.capacity:
            rejected += 1
            return
        with inst.request() as slot:
            yield slot
            yield env.timeout(rng.expovariate(1000.0 / SERVICE_MS))
            with db.request() as conn:
                yield conn
                yield env.timeout(rng.expovariate(1000.0 / DB_MS))
        hist.add(env.now - start)

    def source(env):  # type: ignore[no-untyped-def]
        for i in range(requests):
            yield env.timeout(rng.expovariate(RATE))
            env.process(request(env, instances[i % INSTANCES]))

    env.process(source(env))
    env.run()
    elapsed = time.perf_counter() - t
    lat = hist.summary_ms()
    return {"name": "simpy", "seconds": elapsed, "rps": requests / elapsed, "peak_mb": peak_rss_mb(),
            "mean_ms": lat["mean"], "p99_ms": lat["p99"], "rejected": rejected}


def child(name: str, requests: int) -> dict:
    """Run one implementation in a fresh process, so that peak memory is its own."""
    done = subprocess.run([sys.executable, __file__, "--only", name, "--requests", str(requests)],
                          check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


def end_to_end(runs: int) -> float:
    """`playground run` on a 200,000-request challenge, from process start to printed result:
    the median of `runs` runs after one untimed run that leaves Python's bytecode cache in place,
    as a person's every run after the first finds it (with PYTHONDONTWRITEBYTECODE set, as on
    some machines, every module would be compiled again at each start: ~0.5 s more)."""
    design = HERE / "reference.yaml"
    challenge = HERE / "reference-200k.yaml"
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    cmd = [sys.executable, "-m", "playground", "run", str(design), "--challenge", str(challenge), "--json"]
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, env=env)
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--requests", type=int, default=1_000_000)
    ap.add_argument("--skip-e2e", action="store_true")
    ap.add_argument("--repeat", type=int, default=3,
                    help="runs of each implementation, interleaved; the median is reported")
    ap.add_argument("--profile", action="store_true", help="profile the engine with pyinstrument")
    ap.add_argument("--only", choices=["playground", "simpy"], help=argparse.SUPPRESS)
    args = ap.parse_args()
    if args.only:
        print(json.dumps((run_engine if args.only == "playground" else run_simpy)(args.requests)))
        return
    if args.profile:
        from pyinstrument import Profiler

        from playground.core import Simulation

        design, challenge = reference(args.requests)
        with Profiler(interval=0.0005) as prof:
            sim = Simulation(design, challenge, seed=1, requests_limit=args.requests)
            sim.run()
            sim.result()
        prof.print(show_all=False)
        return
    runs: dict[str, list[dict]] = {"playground": [], "simpy": []}
    ratios = []
    for i in range(args.repeat):  # in pairs, back to back, so that a slow spell hits both
        order = list(runs) if i % 2 == 0 else list(runs)[::-1]
        pair = {name: child(name, args.requests) for name in order}
        for name in runs:
            runs[name].append(pair[name])
        ratios.append(pair["playground"]["rps"] / pair["simpy"]["rps"])
    ours, theirs = (sorted(runs[name], key=lambda r: r["rps"])[len(runs[name]) // 2] for name in runs)
    print("pair ratios: " + " ".join(f"{r:.2f}" for r in ratios))
    for r in (ours, theirs):
        print(f"{r['name']:>10}: {r['rps']:>10,.0f} requests/s  {r['seconds']:6.2f} s  "
              f"peak RSS {r['peak_mb']:6.1f} MB  mean {r['mean_ms']:8.2f} ms  "
              f"p99 {r['p99_ms']:8.2f} ms  rejected {r['rejected']:,}")
    if not args.skip_e2e:
        print(f"end_to_end_200k_s: {end_to_end(max(args.repeat, 3)):.2f}")
    print(f"speedup_vs_simpy: {statistics.median(ratios):.2f}")


if __name__ == "__main__":
    main()
