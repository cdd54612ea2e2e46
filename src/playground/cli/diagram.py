"""`playground diagram DESIGN`: the architecture as text, Mermaid or Graphviz."""

from __future__ import annotations

import argparse
import sys

from playground.cli.common import EXIT_OK, Output, load_design_or_exit
from playground.design.export import dot, mermaid


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("diagram", help="draw a design as text, Mermaid or Graphviz dot",
                       description="Print the architecture of a design.")
    p.add_argument("design", metavar="DESIGN")
    p.add_argument("--format", choices=["text", "mermaid", "dot"], default="text")
    p.add_argument("--width", type=int, default=None, help="columns for --format text")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: Output) -> int:
    design = load_design_or_exit(out, args.design).model
    if args.format == "mermaid":
        sys.stdout.write(mermaid(design))
    elif args.format == "dot":
        sys.stdout.write(dot(design))
    else:
        from playground.render.diagram import diagram_text

        width = args.width or (out.console.width if out.console.is_terminal else 100)
        sys.stdout.write(diagram_text(design, width=width))
    return EXIT_OK
