"""`playground schema design|challenge`: the JSON Schema, for editors' autocompletion."""

from __future__ import annotations

import argparse

from playground.cli.common import EXIT_OK, Output
from playground.design.schema import json_schema


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "schema",
        help="print the JSON Schema of the design or challenge format",
        description="Print a JSON Schema. Save it and start a YAML file with "
        "`# yaml-language-server: $schema=PATH` so editors complete and check it.",
    )
    p.add_argument("format", choices=["design", "challenge"])
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: Output) -> int:
    out.json(json_schema(args.format))
    return EXIT_OK
