"""`playground run DESIGN --challenge NAME_OR_PATH`: run a challenge's traffic through a design."""

from __future__ import annotations

import argparse
import time

from playground.cli.common import (
    EXIT_INVALID,
    CliFailure,
    Output,
    load_challenge_ref,
    load_design_or_exit,
)
from playground.core import simulate
from playground.core.estimate import estimate, refusal
from playground.design.challenge import Challenge
from playground.design.load import Loaded
from playground.design.problems import Problem
from playground.design.yamlio import position
from playground.scoring import exit_code, score


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run",
        help="simulate a challenge's traffic through a design",
        description="Run the challenge's traffic (and faults) through the design, request by "
        "request, and print what happened: a summary, or the full result as JSON "
        "(every field is described in docs/results.md), then the score card. Exit status: 0 "
        "when every requirement passes, 1 when any fails, 2 for invalid input.",
    )
    p.add_argument("design", metavar="DESIGN", help="a design file, or a line from `playground share`")
    p.add_argument("--challenge", "-c", required=True, metavar="NAME_OR_PATH",
                   help="a challenge from the pack (see `playground challenges`) or a file")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the challenge's)")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument("--requests-limit", type=positive_int, default=None, metavar="N",
                   help="stop the traffic after N requests (a quicker, shorter run)")
    p.set_defaults(handler=handle)


def positive_int(text: str) -> int:
    """argparse's type for a count of at least 1 (a bad one is exit 2, like any bad argument)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def handle(args: argparse.Namespace, out: Output) -> int:
    challenge = load_challenge_ref(out, args.challenge)
    design = load_design_or_exit(out, args.design, challenge=challenge)
    refuse_oversize(out, challenge, args.requests_limit)
    started = time.perf_counter()
    result = simulate(design.model, challenge.model, args.seed, requests_limit=args.requests_limit)
    data = result.to_dict()
    card = score(design.model, challenge.model, data)
    if args.json:
        out.json({**data, **card.to_dict()})
    else:
        from playground.render.scorecard import score_card  # here: `--json` draws nothing

        summary(out, data, challenge.model.title, time.perf_counter() - started)
        out.console.print(score_card(card.to_dict(), framed=True))
    return exit_code(card)


def refuse_oversize(out: Output, challenge: Loaded[Challenge], requests_limit: int | None) -> None:
    """Stop before a run too big to finish, pointing at the traffic that makes it so."""
    why = refusal(estimate(challenge.model, requests_limit), cli=True)
    if why is not None:
        line, col = position(challenge.doc, ("traffic", "phases")) or (None, None)
        out.problems([Problem(challenge.file, line, col, "traffic", why)])
        raise CliFailure(EXIT_INVALID)


def summary(out: Output, data: dict, title: str, wall_s: float) -> None:
    from playground.render.results import run_summary

    warm = data.get("warmup")
    left_out = f" (the first {warm['discarded_s']:g} s not measured)" if warm else ""
    out.say(f"[bold]{out.plain(title)}[/]  seed {data['seed']}, {data['duration_s']:g} s of traffic{left_out}, "
            f"simulated in {wall_s:.2f} s")
    out.console.print(run_summary(data))
    out.console.print()
