"""Wall time of grading: a 5-seed grade of each pack challenge, and a class of designs on the
serial executor, the process pool and a Dask LocalCluster, at each number of workers.

    PYTHONPATH=src python benchmarks/grading.py                  # both parts
    PYTHONPATH=src python benchmarks/grading.py --part pack --repeat 3
    PYTHONPATH=src python benchmarks/grading.py --part class --designs 100 --workers 1,2 --challenge first-crud

Pack: each challenge's reference solution graded at its five grading seeds as `playground run`
does it (a process pool started and stopped inside the timing, the seeds spread over its
workers), `--repeat` times; the best time is reported, since a shared machine only ever slows a
run down. Class: `--designs` variants of the challenge's solution (its instances, worker slots
and database slots turned, so no two are the same task), each at every grading seed, graded
by each executor and worker count, the configurations taking turns a chunk of the class each so
that they share the spells of a shared machine; the last lines give each configuration's wall
time (its start-up and its chunks), its speed-up over serial, and the runs per second.
"""

from __future__ import annotations

import argparse
import itertools
import os
import subprocess
import sys
import time

from playground.design import bundled
from playground.design.load import load_challenge
from playground.design.yamlio import read_text
from playground.runs.executors import PoolExecutor, SerialExecutor, executor_for
from playground.runs.knobs import candidate_text, parse_knob
from playground.runs.plan import Entry, grade_all
from playground.runs.submissions import design_for


def solution_entry(challenge_id: str) -> Entry:
    path = bundled.challenge_path(challenge_id)
    text = read_text(path.parent / "solutions" / path.name)
    challenge = load_challenge(path).model
    design, problems = design_for(text, path.name, challenge)
    assert design is not None, problems
    return Entry(challenge_id, challenge_id, design, text, challenge)


def command_s(challenge_id: str) -> float:
    """The whole `playground run SOLUTION -c ID --json` in a new interpreter: start-up included."""
    path = bundled.challenge_path(challenge_id)
    started = time.perf_counter()
    subprocess.run([sys.executable, "-m", "playground", "run", str(path.parent / "solutions" / path.name),
                    "-c", challenge_id, "--json"], capture_output=True, check=False)
    return time.perf_counter() - started


def pack(repeat: int) -> None:
    print(f"5-seed grade of each pack challenge's solution, process pool of {os.cpu_count()} workers, "
          f"best of {repeat}; then the whole command, in a new interpreter")
    worst = worst_command = 0.0
    for path in bundled.challenge_files():
        entry = solution_entry(path.stem)
        times = []
        for _ in range(repeat):
            started = time.perf_counter()
            pool = PoolExecutor()
            grade = grade_all([entry], pool)[0]
            pool.close()
            times.append(time.perf_counter() - started)
        command = min(command_s(path.stem) for _ in range(repeat))
        worst, worst_command = max(worst, min(times)), max(worst_command, command)
        print(f"  {path.stem:20} {min(times):5.2f} s  (runs: {', '.join(f'{t:.2f}' for t in times)})  "
              f"command {command:5.2f} s  score {grade.overall:5.1f} {'passed' if grade.passed else 'FAILED'}")
    print(f"slowest_5_seed_grade_s: {worst:.2f}")
    print(f"slowest_run_command_s: {worst_command:.2f}")


def variants(challenge_id: str, count: int) -> list[Entry]:
    base = solution_entry(challenge_id)
    design = base.design
    service = next(c for c in design.components if c.kind == "service")
    store = next((c for c in design.components if c.kind == "database"), None)
    knobs = [parse_knob(f"{service.id}.instances=1..5"), parse_knob(f"{service.id}.workers=8,12,16,24,32")]
    if store is not None:
        knobs.append(parse_knob(f"{store.id}.workers=4,8,12,14,16"))  # a small database holds 16
    out = []
    for values in itertools.islice(itertools.product(*(k.values for k in knobs)), count):
        text = candidate_text(base.design_text, tuple(knobs), values)
        design, problems = design_for(text, "variant", base.challenge)
        assert design is not None, problems
        out.append(Entry(f"student-{len(out) + 1:03}", challenge_id, design, text, base.challenge))
    return out


def klass(challenge_id: str, designs: int, workers: list[int], executors: list[str], chunk: int) -> None:
    """Every configuration grades the same chunks of the class, taking turns chunk by chunk (the
    order rotating), so that each goes through the same spells of a shared machine's speed; a
    configuration's time is its start-up plus its chunks."""
    entries = variants(challenge_id, designs)
    runs = sum(e.challenge.grading_seeds for e in entries)
    print(f"a class of {len(entries)} designs on {challenge_id}, {runs} runs, in chunks of {chunk} designs "
          "taken in turns")
    configs: list[tuple[str, object, float]] = []
    for name in executors:
        for n in [1] if name == "serial" else workers:
            started = time.perf_counter()
            ex = SerialExecutor() if name == "serial" else executor_for(name, n)
            grade_all(entries[:1], ex)  # start its workers (a pool starts on first use)
            configs.append((name if name == "serial" else f"{name} x{n}", ex, time.perf_counter() - started))
    walls = {label: startup for label, _, startup in configs}
    passed: dict[str, int] = dict.fromkeys(walls, 0)
    chunks = [entries[i:i + chunk] for i in range(0, len(entries), chunk)]
    for k, part in enumerate(chunks):
        order = configs[k % len(configs):] + configs[:k % len(configs)]
        for label, ex, _ in order:
            started = time.perf_counter()
            grades = grade_all(part, ex)  # type: ignore[arg-type]
            walls[label] += time.perf_counter() - started
            passed[label] += sum(g.passed for g in grades)
    for _, ex, _ in configs:
        ex.close()  # type: ignore[attr-defined]
    serial = walls.get("serial")
    for label, _, startup in configs:
        wall = walls[label]
        speedup = f"  speed-up {serial / wall:4.2f}" if serial else ""
        print(f"class_wall_s[{label}]: {wall:.2f}  (start-up {startup:.2f} s, {runs / wall:.1f} runs/s, "
              f"{passed[label]} of {len(entries)} passed){speedup}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=["pack", "class", "both"], default="both")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--designs", type=int, default=100)
    parser.add_argument("--challenge", default="first-crud")
    parser.add_argument("--workers", default="1,2", help="worker counts to try, comma-separated")
    parser.add_argument("--executors", default="serial,pool,dask")
    parser.add_argument("--chunk", type=int, default=10, help="designs per turn")
    args = parser.parse_args()
    if args.part in ("pack", "both"):
        pack(args.repeat)
    if args.part in ("class", "both"):
        klass(args.challenge, args.designs, [int(w) for w in args.workers.split(",")], args.executors.split(","),
              args.chunk)


if __name__ == "__main__":
    main()
