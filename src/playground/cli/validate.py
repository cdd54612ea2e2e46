"""`playground validate FILE...`: check designs and challenges, report every problem located."""

from __future__ import annotations

import argparse
from pathlib import Path

from playground.cli.common import EXIT_FAILED, EXIT_OK, Output
from playground.design.load import load_challenge, load_design
from playground.design.problems import LoadError
from playground.design.yamlio import parse, read_text


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "validate",
        help="check design or challenge files; exit 1 if any has an error",
        description="Check design and challenge files. A file with `traffic:` is read as a "
        "challenge, anything else as a design. Every problem is printed as "
        "file:line:col: field.path: message, on standard output (so `| grep` sees them).",
    )
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--quiet", "-q", action="store_true", help="print problems only")
    p.set_defaults(handler=handle)


def _is_challenge(path: str) -> bool:
    try:
        doc = parse(read_text(Path(path)), path)
    except LoadError:
        return False
    return isinstance(doc, dict) and "traffic" in doc


def handle(args: argparse.Namespace, out: Output) -> int:
    failed = 0
    for path in args.files:
        loader = load_challenge if _is_challenge(path) else load_design
        try:
            loaded = loader(path)
        except LoadError as e:
            out.problems(e.problems, to_stdout=True)
            failed += 1
            continue
        out.problems(loaded.warnings, to_stdout=True)
        if not args.quiet:
            out.console.print(f"[green]ok[/] {path}", highlight=False)
    if len(args.files) > 1 and not args.quiet:
        out.console.print(f"{len(args.files) - failed} of {len(args.files)} valid", highlight=False)
    return EXIT_FAILED if failed else EXIT_OK
