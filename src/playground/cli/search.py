"""`playground search DESIGN --challenge ID --vary KNOB ...`: the cheapest design that passes at
every grading seed, over the settings the knobs allow."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from playground.cli.common import (
    EXIT_INVALID,
    CliFailure,
    Output,
    design_text,
    load_challenge_ref,
    load_design_or_exit,
)
from playground.cli.executing import add_executor_args, executor, progress, refuse_oversize
from playground.design.problems import Problem
from playground.design.yamlio import write_atomic
from playground.runs.knobs import Knob, KnobError, check_knobs, parse_knob
from playground.runs.search import SearchError, SearchResult, Tried, search
from playground.scoring import EXIT_FAILED, EXIT_PASSED


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "search",
        help="find the cheapest variant of a design that passes a challenge",
        description="Try every combination of the knobs' values (an exhaustive grid, pruned: "
        "see docs/grading.md), each at every grading seed, spread over the executor, and print "
        "the cheapest variant that passes as YAML (the original's comments kept), its score "
        "card, and the frontier of cost against score. A knob is ID.FIELD=V1,V2,... or "
        "ID.FIELD=LO..HI, or ID=present,absent for a component kept or taken out. Exit status: "
        "0 when a passing variant is found, 1 when none is, 2 for invalid input.",
    )
    p.add_argument("design", metavar="DESIGN", help="the design to start from: a file or a share line")
    p.add_argument("--challenge", "-c", required=True, metavar="NAME_OR_PATH", help="the challenge to pass")
    p.add_argument("--vary", action="append", default=[], metavar="KNOB", required=True,
                   help="a knob to turn, e.g. api.instances=1..4, db.size=small,medium, cache=present,absent "
                   "(repeat for more)")
    p.add_argument("--json", action="store_true", help="print every candidate tried, and the winner, as JSON")
    p.add_argument("--write", metavar="FILE", help="also write the winner's YAML to FILE")
    add_executor_args(p)
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: Output) -> int:
    challenge = load_challenge_ref(out, args.challenge)
    design = load_design_or_exit(out, args.design, challenge=challenge)
    refuse_oversize(out, challenge, None)
    try:
        knobs = tuple(parse_knob(spec) for spec in args.vary)
        check_knobs(list(knobs), design.doc)
        with executor(out, args) as ex, progress(out, "searching", args.json) as update:
            found = search(design_text(args.design), knobs, args.challenge, challenge.model, ex, update)
    except (KnobError, SearchError) as e:
        out.problems([Problem(design.file, None, None, "", str(e))])
        raise CliFailure(EXIT_INVALID) from None
    winner = found.winner
    if args.write and winner is not None:
        write_atomic(Path(args.write), winner.candidate.text or "")
    if args.json:
        out.json(as_data(found))
    else:
        show(out, found)
    return EXIT_PASSED if winner is not None else EXIT_FAILED


def row(t: Tried, knobs: tuple[Knob, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {"candidate": t.candidate.index + 1, "settings": t.candidate.settings(knobs),
                           "cost_usd": round(t.cost, 2), "run": t.grade is not None, "passed": t.passed}
    if t.grade is not None:
        out.update(score=t.grade.overall, digest=t.grade.digest)
    else:
        out["why"] = t.why
    return out


def as_data(found: SearchResult) -> dict[str, Any]:
    winner = found.winner
    return {
        "knobs": [{"name": k.name, "values": list(k.values)} for k in found.knobs],
        "candidates": len(found.tried),
        "run": len(found.run),
        "winner": None if winner is None else {**row(winner, found.knobs), "yaml": winner.candidate.text,
                                               "card": winner.grade.to_dict()},  # type: ignore[union-attr]
        "frontier": [row(t, found.knobs) for t in found.frontier()],
        "tried": [row(t, found.knobs) for t in found.tried],
    }


def show(out: Output, found: SearchResult) -> None:
    from playground.render.grading import frontier_table
    from playground.render.scorecard import score_card

    winner = found.winner
    pruned = sum(1 for t in found.tried if t.grade is None)
    out.console.print(f"{len(found.tried)} candidates: {len(found.run)} run at every grading seed, "
                      f"{pruned} not run (pruned or invalid)", highlight=False)
    if winner is None:
        out.console.print("[bold red]No candidate passes at every seed.[/] The frontier below is the best "
                          "each budget bought.")
    else:
        out.console.print(f"[bold green]Cheapest that passes:[/] {', '.join(winner.candidate.settings(found.knobs))}",
                          highlight=False)
        out.console.rule("the winner, as YAML (the original's comments kept)", style="dim")
        out.console.out(winner.candidate.text or "", highlight=False, end="")
        out.console.rule(style="dim")
        out.console.print(score_card(winner.grade.to_dict(), framed=True))  # type: ignore[union-attr]
    frontier = [row(t, found.knobs) for t in found.frontier()]
    out.console.print(frontier_table(frontier, None if winner is None else winner.candidate.index + 1))
