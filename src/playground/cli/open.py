"""`playground open DESIGN [--challenge NAME]`: the design in the app's workbench."""

from __future__ import annotations

import argparse
from pathlib import Path

from playground.cli.common import EXIT_INVALID, Output, load_challenge_ref, shared_arg
from playground.design.problems import Problem
from playground.design.share import SHARED_FILE, ShareError, decode_share


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("open", help="open a design in the app",
                       description="Open a design in the workbench, optionally with a challenge to run.")
    p.add_argument("design", metavar="DESIGN", help="a design file (it may have problems: the app shows them), "
                   "or a line from `playground share`")
    p.add_argument("--challenge", "-c", metavar="NAME", help="a challenge of the pack, or a challenge file")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: Output) -> int:
    design: Path | str = args.design
    if shared_arg(args.design):
        try:
            decode_share(args.design)
        except ShareError as e:
            out.problems([Problem(SHARED_FILE, None, None, "", str(e))])
            return EXIT_INVALID
    elif not Path(args.design).is_file():
        what = "is not a regular file" if Path(args.design).exists() else "no such file"
        out.problems([Problem(args.design, None, None, "", what)])
        return EXIT_INVALID
    else:
        design = Path(args.design)
    if args.challenge:
        load_challenge_ref(out, args.challenge)  # a bad name fails here, before the screen clears
    from playground.tui.app import launch

    return launch(design, args.challenge)
