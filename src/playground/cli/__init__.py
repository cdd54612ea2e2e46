"""The `playground` command: the Textual app with no arguments, subcommands for everything else."""

from __future__ import annotations

import argparse
import os
import sys
from types import ModuleType

from playground import __version__
from playground.cli import (
    challenges,
    compare,
    cost,
    diagram,
    grade,
    run,
    schema,
    search,
    serve,
    share,
    validate,
    verify,
)
from playground.cli import open as open_design
from playground.cli.common import EXIT_BUG, EXIT_INVALID, CliFailure, Output

COMMANDS: list[ModuleType] = [validate, schema, challenges, diagram, run, grade, verify, search, compare,
                              open_design, cost, share, serve]


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="playground",
        description="A terminal system-design playground. With no command, opens the app.",
        epilog="Run `playground COMMAND --help` for a command's options.",
    )
    parser.add_argument("--version", action="version", version=f"playground {__version__}")
    sub = parser.add_subparsers(title="commands", metavar="COMMAND")
    for command in COMMANDS:
        command.add_parser(sub)
    return parser


def launch_app() -> int:
    """The Textual app; imported late so plain commands start fast."""
    from playground.tui.app import launch

    return launch()


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    out = Output()
    handler = getattr(args, "handler", None)
    try:
        if handler is None:
            return launch_app()
        return handler(args, out)
    except CliFailure as failure:
        return failure.code
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()
        return 0
    except OSError as e:
        out.error(out.plain(e))
        return EXIT_INVALID
    except Exception as e:  # a bug: never a traceback, and never 1, which means "requirements failed"
        if os.environ.get("PLAYGROUND_DEBUG"):
            raise
        out.error(f"internal error: {out.plain(type(e).__name__)}: {out.plain(e)}. This is a bug "
                  "in playground; PLAYGROUND_DEBUG=1 shows where it happened.")
        return EXIT_BUG
