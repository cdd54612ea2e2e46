"""`playground validate FILE...`: check designs and challenges, report every problem located."""

from __future__ import annotations

import argparse

from playground.cli.common import EXIT_INVALID, EXIT_OK, Output
from playground.design.load import load_file
from playground.design.problems import LoadError


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check design or challenge files; exit 2 if any has an error",
        description="Check design and challenge files. A file with a challenge's fields "
        "(traffic, title, story, requirements...) is read as a challenge, anything else as a "
        "design. Every problem is printed as file:line:col: field.path: message, on standard "
        "output (so `| grep` sees them). Exit status: 0 when every file is valid, 2 when any "
        "has an error (as for every command: 1 means only that a run's requirements failed).",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--quiet", "-q", action="store_true", help="print problems only")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: Output) -> int:
    failed = 0
    for path in args.files:
        try:
            loaded = load_file(path)
        except LoadError as e:
            out.problems(e.problems, to_stdout=True)
            failed += 1
            continue
        out.problems(loaded.warnings, to_stdout=True)
        if not args.quiet:
            out.say(f"[green]ok[/] {out.plain(path)}")
    if len(args.files) > 1 and not args.quiet:
        out.say(f"{len(args.files) - failed} of {len(args.files)} valid")
    return EXIT_INVALID if failed else EXIT_OK
