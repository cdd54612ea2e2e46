"""`playground run DESIGN --challenge NAME_OR_PATH`: run a challenge's traffic through a design,
at every seed that grades the challenge (in parallel), or at one with `--seed`."""

from __future__ import annotations

import argparse
import time
from typing import Any

from playground.cli.common import Output, design_text, load_challenge_ref, load_design_or_exit
from playground.cli.executing import (
    add_executor_args,
    add_mode_args,
    executor,
    positive_int,
    progress,
    refuse_oversize,
)
from playground.design.challenge import Challenge
from playground.design.load import Loaded
from playground.design.model import Design
from playground.design.share import SHARED_FILE
from playground.runs.grade import Grade
from playground.runs.plan import Entry, grade_all
from playground.scoring import EXIT_FAILED, EXIT_PASSED, decided_run, exit_code


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run",
        help="simulate a challenge's traffic through a design",
        description="Run the challenge's traffic (and faults) through the design, request by "
        "request, at every seed that grades the challenge (docs/scoring.md), spread over the "
        "machine's cores, and print what happened at the worst seed, then the score card: the "
        "median score, its spread and the worst seed. `--seed N` runs that one seed only. "
        "`--json` prints the card and every seed's full result (docs/results.md). Exit status: "
        "0 when every requirement passes at every seed, 1 when any fails, 2 for invalid input.",
    )
    p.add_argument("design", metavar="DESIGN", help="a design file, or a line from `playground share`")
    p.add_argument("--challenge", "-c", required=True, metavar="NAME_OR_PATH",
                   help="a challenge from the pack (see `playground challenges`) or a file")
    p.add_argument("--seed", type=int, default=None,
                   help="run at this one seed (default: every seed that grades the challenge)")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument("--requests-limit", type=positive_int, default=None, metavar="N",
                   help="stop the traffic after N requests (a quicker, shorter run)")
    add_executor_args(p)
    add_mode_args(p)
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: Output) -> int:
    challenge = load_challenge_ref(out, args.challenge)
    design = load_design_or_exit(out, args.design, challenge=challenge)
    refuse_oversize(out, challenge, args.requests_limit, design.model, args.mode)
    if args.seed is None:
        return every_seed(args, out, design, challenge)
    started = time.perf_counter()
    result, card = decided_run(design.model, challenge.model, args.seed, mode=args.mode,
                               requests_limit=args.requests_limit)
    data = result.to_dict()
    if args.json:
        out.json({**data, **card.to_dict()})
    else:
        from playground.render.scorecard import score_card  # here: `--json` draws nothing

        summary(out, data, challenge.model.title, f"seed {data['seed']}", time.perf_counter() - started)
        out.console.print(score_card(card.to_dict(), framed=True))
    return exit_code(card)


def every_seed(args: argparse.Namespace, out: Output, design: Loaded[Design],
               challenge: Loaded[Challenge]) -> int:
    name = design.file if design.file != SHARED_FILE else design.model.name
    entry = Entry(name, args.challenge, design.model, design_text(args.design), challenge.model)
    title = challenge.model.title
    started = time.perf_counter()
    with executor(out, args) as ex, progress(out, f"{title}: seeds", args.json) as update:
        grade = grade_all([entry], ex, update, keep_results=True, requests_limit=args.requests_limit,
                          mode=args.mode)[0]
    card = grade.to_dict()
    if args.json:
        out.json({**card, "runs": runs(grade)})
    else:
        from playground.render.scorecard import score_card

        worst = grade.worst
        if worst.result is not None:
            summary(out, worst.result, title, f"seed {worst.seed} (the worst of {len(grade.rows)})",
                    time.perf_counter() - started)
        out.console.print(score_card(card, framed=True))
    return EXIT_PASSED if grade.passed else EXIT_FAILED


def runs(grade: Grade) -> list[dict[str, Any]]:
    """Every seed's full result and card, in the seed set's order (the single-seed JSON form)."""
    return [{"seed_index": row.seed_index, **(row.result or {}), **row.card} for row in grade.rows]


def summary(out: Output, data: dict, title: str, which: str, wall_s: float) -> None:
    from playground.render.results import run_summary

    warm = data.get("warmup")
    left_out = f" (the first {warm['discarded_s']:g} s not measured)" if warm else ""
    out.say(f"[bold]{out.plain(title)}[/]  {which}, {data['duration_s']:g} s of traffic{left_out}, "
            f"simulated in {wall_s:.2f} s")
    out.console.print(run_summary(data))
    out.console.print()
