"""Figures for the fuzz of issue 19: how many generated and hostile cases misbehave, and how.

    python benchmarks/fuzz.py [--cases 1000] [--limit 5] [--max-chain 400] [--out figures.json]

The cases come from `tests/hostile/`, the generator the fuzz test uses, run derandomized so
two runs (before and after a change, or on two checkouts with PYTHONPATH=OTHER/src) see the
same cases. Every case goes through validate, run (JSON and text), cost and the app's loader;
each command gets --limit seconds. Prints, and writes as JSON: cases, cases that misbehaved,
each kind of misbehaviour (traceback, exit status, unlocated message, raw control characters,
timeout) with its count and the distinct places it came from, and the slowest command.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(1, str(ROOT))  # the generator in tests/; the code under test as imported

from hypothesis import HealthCheck, given, settings  # noqa: E402
from tests.hostile import (  # noqa: E402
    cases,
    generate,
    judge,
)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cases", type=int, default=1000)
    parser.add_argument("--limit", type=float, default=5.0, help="seconds per command")
    parser.add_argument("--max-chain", type=int, default=generate.MAX_CHAIN,
                        help="longest call chain generated (default: 500, the most a design may have)")
    parser.add_argument("--out", type=Path, default=None)
    args = parser.parse_args()
    generate.MAX_CHAIN = args.max_chain

    verdicts = []

    @settings(max_examples=args.cases, derandomize=True, database=None, deadline=None,
              suppress_health_check=list(HealthCheck))
    @given(cases())
    def one(case: tuple[str, str]) -> None:
        verdicts.append(judge(*case, limit_s=args.limit))
        if len(verdicts) % 100 == 0:
            print(f"{len(verdicts)} cases", file=sys.stderr, flush=True)

    started = time.perf_counter()
    one()
    kinds: collections.Counter[str] = collections.Counter()
    cases_with: collections.Counter[str] = collections.Counter()
    places: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    slowest = (0.0, "", 0)
    for n, v in enumerate(verdicts):
        for kind in {k for k, _ in v.problems}:
            cases_with[kind] += 1
        for kind, detail in v.problems:
            kinds[kind] += 1
            places[kind][_place(kind, detail)] += 1
        for command, s in v.seconds.items():
            if s > slowest[0]:
                slowest = (s, command, n)
    figures = {
        "cases": len(verdicts),
        "cases_misbehaving": sum(not v.ok for v in verdicts),
        "cases_with": dict(cases_with),
        "events": dict(kinds),
        "places": {k: dict(c.most_common(15)) for k, c in places.items()},
        "slowest_s": round(slowest[0], 2),
        "slowest_command": slowest[1],
        "wall_s": round(time.perf_counter() - started, 1),
    }
    text = json.dumps(figures, indent=2)
    print(text)
    if args.out:
        args.out.write_text(text + "\n")


def _place(kind: str, detail: str) -> str:
    """A detail without its case-specific part, so that the same fault is counted once."""
    command, _, rest = detail.partition(": ")
    if kind == "traceback":
        return f"{command}: {rest.split(': ')[0]}"
    if kind == "unlocated":
        return f"{command}: {rest[:70]}"
    return f"{command}: {rest[:60]}"


if __name__ == "__main__":
    main()
