"""What the commands that make runs share: where they run (--executor, --workers), a progress bar
while they go, and the refusal of a run too big to finish."""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from playground import fast
from playground.cli.common import EXIT_INVALID, CliFailure, Output
from playground.core.estimate import estimate, refusal
from playground.design.challenge import Challenge
from playground.design.load import Loaded
from playground.design.model import Design
from playground.design.problems import Problem
from playground.design.yamlio import position
from playground.runs.executors import Executor, ExecutorUnavailable, executor_for


def positive_int(text: str) -> int:
    """argparse's type for a count of at least 1 (a bad one is exit 2, like any bad argument)."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {value}")
    return value


def refuse_oversize(out: Output, challenge: Loaded[Challenge], requests_limit: int | None,
                    design: Design | None = None, mode: str = "exact") -> None:
    """Stop before a run too big to finish, pointing at the traffic that makes it so (every seed
    of a grade is a run of that size). With a design, the size is what `mode` would simulate
    (the fast mode simulates a smaller, shorter system)."""
    why = oversize(challenge.model, requests_limit, design, mode)
    if why is not None:
        sender = "phases" if challenge.model.traffic.users is None else "users"
        line, col = position(challenge.doc, ("traffic", sender)) or (None, None)
        out.problems([Problem(challenge.file, line, col, "traffic", why)])
        raise CliFailure(EXIT_INVALID)


def oversize(challenge: Challenge, requests_limit: int | None, design: Design | None = None,
             mode: str = "exact") -> str | None:
    size = fast.size(design, challenge, mode, requests_limit) if design is not None else estimate(challenge, requests_limit)
    why = refusal(size, cli=True)
    if why is not None and design is not None and fast.chooses_fast(challenge, mode, requests_limit):
        why += " (even in the fast mode: no smaller system or steady traffic to shorten was found)"
    return why


def add_mode_args(p: argparse.ArgumentParser) -> None:
    which = p.add_mutually_exclusive_group()
    which.add_argument("--fast", dest="mode", action="store_const", const="fast",
                       help="simulate a smaller system of the same shape, and steady traffic only until its "
                       "estimates settle, and say what was approximated (docs/engine.md)")
    which.add_argument("--exact", dest="mode", action="store_const", const="exact",
                       help="simulate every request (the default below "
                       f"{fast.AUTO_ABOVE:,} attempts; above it, the fast mode)")
    p.set_defaults(mode="auto")


def add_executor_args(p: argparse.ArgumentParser) -> None:
    p.add_argument("--executor", default="pool", metavar="WHERE",
                   help="where the runs go: pool (the default: a process per core), serial (this "
                   "process), dask (a Dask cluster on this machine) or a Dask scheduler's address "
                   "(tcp://host:8786)")
    p.add_argument("--workers", type=positive_int, default=None, metavar="N",
                   help="worker processes for pool and dask (default: one per core)")


@contextmanager
def executor(out: Output, args: argparse.Namespace) -> Iterator[Executor]:
    """The executor the arguments name, closed afterwards; one that cannot be had ends the
    command with exit 2 and what to do about it."""
    try:
        chosen = executor_for(args.executor, args.workers)
    except ExecutorUnavailable as e:
        _refused(out, e)
    try:
        yield chosen
    except ExecutorUnavailable as e:
        _refused(out, e)
    finally:
        chosen.close()


def _refused(out: Output, e: Exception) -> None:
    from rich.markup import escape

    out.errors.print(f"[red]error:[/] {escape(str(e))}", highlight=False)
    raise CliFailure(EXIT_INVALID) from None


@contextmanager
def progress(out: Output, label: str, quiet: bool) -> Iterator[Callable[[int, int], None] | None]:
    """A bar on stderr while runs go (none with `quiet`, for --json: rich is then never loaded)."""
    if quiet:
        yield None
        return
    from playground.render.progress import run_progress

    with run_progress(out.errors, label) as update:
        yield update
