"""Speed of the engine against SimPy on the reference network, and a challenge end to end.

Reference network: Poisson arrivals at 900 req/s -> round-robin load balancer -> 4 service
instances, 1 worker each, exponential 4 ms -> a database with 8 workers, exponential 2 ms; one
database call per request; 1,000,000 requests. The service holds its worker while it waits for
the database (the playground's semantics), so each instance needs about 6 ms per request at
225 req/s: it is overloaded (about 135 %) and its wait queue (100, the default) overflows;
both implementations reject a request that finds 100 waiting at its instance.

    PYTHONPATH=src python benchmarks/engine.py [--requests N] [--repeat 3] [--slice 20] [--skip-e2e] [--profile]
    PYTHONPATH=src python benchmarks/engine.py --against ../old/src   # also an older engine, in turn

With --against, a third process runs the same network on the engine found at that source tree
(an older commit checked out in a worktree), taking its turns with the other two; the report
adds its speedup and the ratio of the two engines' speedups (new / old) for each run.

The two implementations run at the same time in processes of their own, taking turns: each
advances its simulation by --slice simulated seconds (18,000 requests; a few hundredths of a
second of this engine's time, a few tenths of SimPy's), then the other does, the order
alternating. A shared machine's speed moves by 30 % and more within a minute; run one after the
other, the two would be timed in different spells, and a ratio of such times moved from 3.5 to
7.2 here. Taking turns, they go through the same spells. The whole is repeated --repeat times
and the median run reported: the speedup is SimPy's total time over this engine's (the same
requests each). Prints the runs' speedups, the spread of the per-slice time ratios, then for
each implementation requests simulated per second, peak memory (peak RSS of its process), and
mean and p99 latency (of the requests answered); the last line is `speedup_vs_simpy: <ratio>`.
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
from collections.abc import Generator
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


def engine_steps(requests: int) -> Generator[None, float, dict]:
    """The reference run on this engine, advanced to each simulated time sent to it."""
    from playground.core import Simulation

    design, challenge = reference(requests)
    until = yield  # loading the files is not timed: a run's work starts with the first slice
    sim = Simulation(design, challenge, seed=1, requests_limit=requests)
    while not sim.finished:
        sim.run(until=until)
        until = yield
    result = sim.result()
    data = result.to_dict()  # the JSON form, the same in an older engine run --against
    lat = data["latency_ms"]["overall"]
    return {"mean_ms": lat["mean"], "p99_ms": lat["p99"], "rejected": data["requests"]["rejected"]}


def simpy_steps(requests: int, seed: int = 1) -> Generator[None, float, dict]:
    """The same network in SimPy, one process per request, advanced the same way."""
    import simpy

    from playground.core.histogram import Histogram

    until = yield
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
    while rejected + hist.n < requests:  # not env.peek() < inf: a run(until) leaves its stop queued
        env.run(until=until)
        until = yield
    lat = hist.summary_ms()
    return {"mean_ms": lat["mean"], "p99_ms": lat["p99"], "rejected": rejected}


def serve(name: str, requests: int) -> None:
    """A child process running one implementation, a slice at a time: each line on stdin is a
    simulated time to advance to; each line out, the seconds its slices have taken so far (and
    at the end, its figures). Its peak memory is its own."""
    steps = (simpy_steps if name == "simpy" else engine_steps)(requests)
    next(steps)
    elapsed = 0.0
    for line in sys.stdin:
        start = time.perf_counter()
        try:
            steps.send(float(line))
            figures = None
        except StopIteration as stop:
            figures = stop.value
        elapsed += time.perf_counter() - start
        if figures is not None:
            figures.update(name=name, seconds=elapsed, rps=requests / elapsed, peak_mb=peak_rss_mb())
        print(json.dumps({"seconds": elapsed, "figures": figures}), flush=True)
        if figures is not None:
            return


def interleaved(requests: int, slice_s: float, against: str | None = None) -> tuple[dict[str, dict], list[float]]:
    """Both implementations in processes of their own, taking turns: each advances its
    simulation by slice_s simulated seconds, then the other does (the order alternating).
    They move through the same traffic at the same pace, a fraction of a second a turn, so a
    change in the machine's speed (this one's moves by 30 % and more within a minute) weighs
    on both alike. Returns each one's figures, and each slice's ratio of times."""
    names: tuple[str, ...] = ("playground", "simpy") + (("older",) if against else ())

    def start(name: str) -> subprocess.Popen:
        env = dict(os.environ)
        if name == "older":
            env["PYTHONPATH"] = str(Path(against).resolve()) + os.pathsep + str(HERE)  # type: ignore[arg-type]
        return subprocess.Popen([sys.executable, __file__, "--only", name, "--requests", str(requests)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env)

    procs = {name: start(name) for name in names}
    figures: dict[str, dict] = {}
    spent = {name: 0.0 for name in names}
    ratios = []
    turn = 0
    while len(figures) < len(names):
        turn += 1
        took = {}
        for name in names if turn % 2 else names[::-1]:
            if name in figures:
                continue
            proc = procs[name]
            assert proc.stdin is not None and proc.stdout is not None
            proc.stdin.write(f"{turn * slice_s}\n")
            proc.stdin.flush()
            reply = json.loads(proc.stdout.readline())
            took[name], spent[name] = reply["seconds"] - spent[name], reply["seconds"]
            if reply["figures"] is not None:
                figures[name] = reply["figures"]
                proc.stdin.close()
                proc.wait()
        if len(took) == len(names) and not figures:  # a slice both ran in full
            ratios.append(took["simpy"] / took["playground"])
    return figures, ratios


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
                    help="interleaved runs of both; the median run is reported")
    ap.add_argument("--slice", type=float, default=20.0,
                    help="simulated seconds each implementation runs in a turn")
    ap.add_argument("--profile", action="store_true", help="profile the engine with pyinstrument")
    ap.add_argument("--only", choices=["playground", "simpy", "older"], help=argparse.SUPPRESS)
    ap.add_argument("--against", metavar="SRC", help="an older engine's source tree, run in turn too")
    args = ap.parse_args()
    if args.only:
        serve(args.only, args.requests)
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
    runs = []
    for _ in range(args.repeat):
        figures, ratios = interleaved(args.requests, args.slice, args.against)
        runs.append((figures["simpy"]["seconds"] / figures["playground"]["seconds"], figures, ratios))
        if args.against:
            old = figures["simpy"]["seconds"] / figures["older"]["seconds"]
            print(f"run {len(runs)}: speedup {runs[-1][0]:.2f}, older engine {old:.2f}, new/old {runs[-1][0] / old:.3f}",
                  flush=True)
    speedup, figures, ratios = sorted(runs, key=lambda run: run[0])[len(runs) // 2]  # the median run
    q = statistics.quantiles(ratios, n=4) if len(ratios) > 1 else ratios * 3
    print("runs' speedups: " + " ".join(f"{run[0]:.2f}" for run in runs))
    print(f"median run, {len(ratios)} slices: time ratio per slice {min(ratios):.2f} min, "
          f"{q[0]:.2f} / {q[1]:.2f} / {q[2]:.2f} quartiles, {max(ratios):.2f} max")
    for r in (figures[name] for name in ("playground", "older", "simpy") if name in figures):
        print(f"{r['name']:>10}: {r['rps']:>10,.0f} requests/s  {r['seconds']:6.2f} s  "
              f"peak RSS {r['peak_mb']:6.1f} MB  mean {r['mean_ms']:8.2f} ms  "
              f"p99 {r['p99_ms']:8.2f} ms  rejected {r['rejected']:,}")
    if not args.skip_e2e:
        print(f"end_to_end_200k_s: {end_to_end(max(args.repeat, 3)):.2f}")
    print(f"speedup_vs_simpy: {speedup:.2f}")


if __name__ == "__main__":
    main()
