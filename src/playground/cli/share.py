"""`playground share DESIGN`: a design as one line to paste; `--decode LINE` turns it back."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from playground.cli.common import EXIT_INVALID, EXIT_OK, Output, load_design_or_exit
from playground.design.files import read_text
from playground.design.share import ShareError, compact_text, decode_share, encode_share
from playground.formats.printable import visible


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "share",
        help="print a design as one compact line to paste",
        description="Print a design as one URL-safe line (pg1:...). `playground open` and "
        "`playground run` accept the line wherever they accept a design file. The line keeps the "
        "file's comments.",
    )
    p.add_argument("design", metavar="DESIGN", help="a design file (with --decode: a shared line)")
    p.add_argument(
        "--compact",
        action="store_true",
        help="leave out comments and default values for a shorter line",
    )
    p.add_argument(
        "--decode", action="store_true", help="print the design's YAML text back from a shared line"
    )
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: Output) -> int:
    if args.decode:
        try:
            text = decode_share(args.design)
        except ShareError as e:
            out.error(f"not a shared design: {out.plain(e)}")
            return EXIT_INVALID
        text = visible(text, lines=True)  # a line from anywhere must not drive the terminal
        sys.stdout.write(text if text.endswith("\n") else text + "\n")
        return EXIT_OK
    loaded = load_design_or_exit(out, args.design)  # only a design that loads is worth sharing
    text = compact_text(loaded.model) if args.compact else read_text(Path(args.design))
    sys.stdout.write(encode_share(text) + "\n")
    return EXIT_OK
