"""`playground challenges`: the challenge pack, each with its story's premise (its lessons are kept
for `--lessons`: listed first, they give the answers away); `challenges show ID`: one challenge's
brief (story, requirements, budget, traffic, faults, time limit) before a run."""

from __future__ import annotations

import argparse

from playground.cli.common import EXIT_INVALID, EXIT_OK, Output, load_challenge_ref
from playground.design import bundled
from playground.design.load import load_challenge
from playground.design.problems import LoadError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("challenges", help="list the challenge pack, or show one challenge's brief",
                       description="List the challenges that ship with playground; "
                       "`challenges show ID` prints one challenge's brief.")
    p.add_argument("--json", action="store_true", help="print the list (with each brief) as JSON")
    p.set_defaults(handler=handle)
    inner = p.add_subparsers(title="commands", metavar="COMMAND")
    show = inner.add_parser("show", help="a challenge's brief: story, requirements, budget, faults",
                            description="Print what a challenge asks for before you run it.")
    show.add_argument("challenge", metavar="ID", help="a challenge of the pack, or a challenge file")
    show.add_argument("--json", action="store_true", help="print the brief as JSON")
    show.add_argument("--lessons", action="store_true", help="show what the challenge teaches (the answer, in a word)")
    show.set_defaults(handler=handle_show)


def handle(args: argparse.Namespace, out: Output) -> int:
    from playground.render.brief import brief  # here: every other command starts without rich

    rows, broken = [], []
    for path in bundled.challenge_files():
        try:
            c = load_challenge(path).model
        except LoadError as e:
            broken += e.problems
            continue
        rows.append({**brief(path.stem, c), "path": str(path)})
    if args.json:
        out.json(rows)
    else:
        from rich.table import Table  # here: `challenges --json` needs no table

        table = Table(title="Challenges", title_justify="left")
        table.add_column("id", no_wrap=True)  # an id is typed back: never broken over lines
        table.add_column("title", overflow="fold")
        table.add_column("difficulty", no_wrap=True)
        table.add_column("minutes", no_wrap=True, justify="right")
        table.add_column("story", overflow="fold")
        for r in rows:
            table.add_row(str(r["id"]), str(r["title"]), str(r["difficulty"]), str(r["time_limit_min"]),
                          str(r["premise"]))
        out.console.print(table)
        out.console.print("[dim]playground challenges show ID: a challenge's brief[/]", highlight=False)
    out.problems(broken)
    return EXIT_INVALID if broken else EXIT_OK


def handle_show(args: argparse.Namespace, out: Output) -> int:
    from pathlib import Path

    from playground.render.brief import brief

    loaded = load_challenge_ref(out, args.challenge)
    data = brief(Path(loaded.file).stem, loaded.model)
    if args.json:
        out.json(data)
        return EXIT_OK
    from rich.panel import Panel

    from playground.render.brief import brief_renderable

    out.console.print(Panel(brief_renderable(data, lessons=args.lessons), title=data["id"], title_align="left"))
    out.console.print(f"[dim]playground run DESIGN -c {data['id']}  ·  "
                      f"playground open DESIGN -c {data['id']}[/]", highlight=False)
    return EXIT_OK
