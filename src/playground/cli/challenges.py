"""`playground challenges`: the challenge pack, with what each one teaches."""

from __future__ import annotations

import argparse

from playground.cli.common import EXIT_INVALID, EXIT_OK, Output
from playground.design import bundled
from playground.design.load import load_challenge
from playground.design.problems import LoadError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("challenges", help="list the challenge pack",
                       description="List the challenges that ship with playground.")
    p.add_argument("--json", action="store_true", help="print the list as JSON")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: Output) -> int:
    rows, broken = [], []
    for path in bundled.challenge_files():
        try:
            c = load_challenge(path).model
        except LoadError as e:
            broken += e.problems
            continue
        rows.append({
            "id": path.stem, "title": c.title, "difficulty": c.difficulty,
            "time_limit_min": c.time_limit_min, "teaches": c.teaches, "path": str(path),
        })
    if args.json:
        out.json(rows)
    else:
        from rich.table import Table  # here: `challenges --json` needs no table

        table = Table(title="Challenges", title_justify="left")
        for col in ("id", "title", "difficulty", "minutes", "teaches"):
            table.add_column(col, overflow="fold")
        for r in rows:
            table.add_row(str(r["id"]), str(r["title"]), str(r["difficulty"]), str(r["time_limit_min"]),
                          str(r["teaches"][0]))  # type: ignore[index]
        out.console.print(table)
    out.problems(broken)
    return EXIT_INVALID if broken else EXIT_OK
