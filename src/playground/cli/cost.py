"""`playground cost DESIGN`: the monthly bill of a design, line by line."""

from __future__ import annotations

import argparse

from playground.cli.common import EXIT_INVALID, EXIT_OK, CliFailure, Output, load_design_or_exit
from playground.formats.printable import visible
from playground.scoring.cost import monthly_cost

MAX_RPS = 1_000_000
"""The most a --rps rate may be: a phase's rate has the same bound, and a bill stays finite."""


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "cost",
        help="print a design's monthly cost, line by line",
        description="Print what a design costs per month from the price table: every machine, "
        "disk and backup it provisions (idle ones included), each line with how it was computed. "
        "Queues and third-party APIs are billed per request: give their rate with --rps.",
    )
    p.add_argument("design", metavar="DESIGN", help="a design file")
    p.add_argument(
        "--rps",
        action="append",
        default=[],
        metavar="ID=RATE",
        help="average requests per second reaching a component billed per request "
        "(repeat for each)",
    )
    p.add_argument("--json", action="store_true", help="print the bill as JSON")
    p.set_defaults(handler=handle)


def _rates(out: Output, pairs: list[str]) -> dict[str, float]:
    rates = {}
    for pair in pairs:
        name, _, value = pair.partition("=")
        try:
            rate = float(value)
        except ValueError:
            rate = -1.0
        if not name or not 0 <= rate <= MAX_RPS:
            out.error(f"--rps {out.plain(repr(pair))}: expected ID=RATE with a rate from 0 to "
                      f"{MAX_RPS:,}, e.g. mailer=20")
            raise CliFailure(EXIT_INVALID)
        rates[name] = rate
    return rates


def handle(args: argparse.Namespace, out: Output) -> int:
    design = load_design_or_exit(out, args.design).model
    rates = _rates(out, args.rps)
    unknown = sorted(set(rates) - set(design.ids))
    if unknown:
        out.error(f"--rps names no component of {out.plain(design.name)}: "
                  f"{out.plain(', '.join(unknown))}")
        return EXIT_INVALID
    cost = monthly_cost(design, rates)
    if args.json:
        out.json(cost.to_dict())
    else:
        from playground.render.scorecard import cost_table  # here: `--json` draws nothing

        out.console.print(cost_table(cost, title=f"{visible(design.name)}: monthly cost"))
    return EXIT_OK
