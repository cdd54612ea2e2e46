"""What every command shares: where output goes, and loading files or failing with located problems."""

from __future__ import annotations

import json
import math
import sys
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any

from playground.design import bundled
from playground.design.challenge import Challenge
from playground.design.load import Loaded, check_pairing, check_world, load_challenge, load_design
from playground.design.model import Design
from playground.design.problems import LoadError, Problem
from playground.design.share import PREFIX, decode_share, load_shared_design
from playground.design.yamlio import read_text
from playground.formats.printable import visible

if TYPE_CHECKING:
    from rich.console import Console

EXIT_OK, EXIT_FAILED, EXIT_INVALID = 0, 1, 2
EXIT_BUG = 70  # EX_SOFTWARE (sysexits.h): an internal error, not the input's fault


class CliFailure(Exception):
    """Ends a command with an exit status once its message has been printed."""

    def __init__(self, code: int):
        self.code = code


class Output:
    """Rich for people, plain text when piped (rich drops colour when stdout is not a terminal).

    Rich is imported when something is first printed through it, not at start: `run --json`
    and the other machine-readable outputs never need it. Emoji codes are off: `design.yaml:100:5`
    is a location, not `design.yaml💯5`. Text that came from a file goes through `plain`, which
    shows its control characters as escapes and keeps rich from reading it as markup.
    """

    @cached_property
    def console(self) -> Console:
        from rich.console import Console

        return Console(emoji=False)

    @cached_property
    def errors(self) -> Console:
        from rich.console import Console

        return Console(stderr=True, emoji=False)

    @staticmethod
    def plain(text: Any) -> str:
        """Text from a file (a name, a path), ready to put inside rich markup."""
        from rich.markup import escape

        return escape(visible(str(text)))

    def say(self, markup: str) -> None:
        self.console.print(markup, highlight=False, soft_wrap=True)

    def error(self, markup: str) -> None:
        """`error: ...` on stderr, for what is wrong with the command line rather than a file."""
        self.errors.print(f"[red]error:[/] {markup}", highlight=False, soft_wrap=True)

    def problems(self, problems: list[Problem], to_stdout: bool = False) -> None:
        """Each problem as `file:line:col: path: message (hint)`, on stderr unless the problems are
        what the command was asked for (`validate`), so that `| grep` sees them."""
        if not problems:
            return
        plain = self.plain
        stream = self.console if to_stdout else self.errors
        for p in problems:
            colour = "red" if p.severity == "error" else "yellow"
            where = f"[bold]{plain(p.where)}[/]"
            label = "" if p.severity == "error" else f"[{colour}]warning:[/] "
            path = f"[cyan]{plain(p.path)}[/]: " if p.path else ""
            hint = f" [dim]({plain(p.hint)})[/]" if p.hint else ""
            stream.print(f"{where}: {label}{path}[{colour}]{plain(p.message)}[/]{hint}",
                         highlight=False, soft_wrap=True)

    def json(self, data: Any) -> None:
        """JSON as the standard has it: a number that is not finite is written `null`, not as
        `Infinity` or `NaN`, which no JSON reader accepts."""
        try:
            text = json.dumps(data, indent=2, allow_nan=False)
        except ValueError:
            text = json.dumps(_finite(data), indent=2, allow_nan=False)
        self.json_text(text + "\n")

    def json_text(self, text: str) -> None:
        sys.stdout.write(text)
        sys.stdout.flush()


def _finite(data: Any) -> Any:
    if isinstance(data, float) and not math.isfinite(data):
        return None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(v) for v in data]
    return data


def shared_arg(arg: str) -> bool:
    """Whether a design argument is meant as a share line (even a damaged one), not a path.
    A line longer than a file name may be is no path at all (`exists()` raises ENAMETOOLONG)."""
    if not arg.strip().startswith(PREFIX):
        return False
    try:
        return not Path(arg).exists()
    except OSError:
        return True


def load_design_or_exit(out: Output, path: str, code: int = EXIT_INVALID,
                        challenge: Loaded[Challenge] | None = None) -> Loaded[Design]:
    """A design from a file, or from a line `playground share` printed; with the challenge it
    is for, checked against it too (the parts its world gives, what its world owns, the faults'
    targets), and every error there ends the command as invalid input."""
    world = challenge.model.world if challenge is not None else None
    given = frozenset(world.given_ids()) if world is not None else frozenset()
    try:
        loaded = load_shared_design(path, given) if shared_arg(path) else load_design(path, given)
    except LoadError as e:
        out.problems(e.problems)
        raise CliFailure(code) from None
    out.problems(loaded.warnings)
    if challenge is not None:
        problems = check_world(loaded, challenge.model) + check_pairing(loaded.model, challenge)
        out.problems(problems)
        if any(p.severity == "error" for p in problems):
            raise CliFailure(code)
    return loaded


def design_text(arg: str) -> str:
    """The YAML text of a design argument that has loaded (a file's, or a share line's)."""
    return decode_share(arg) if shared_arg(arg) else read_text(Path(arg))


def load_challenge_ref(out: Output, ref: str, code: int = EXIT_INVALID) -> Loaded[Challenge]:
    """A challenge by id from the pack, or by path."""
    path = bundled.challenge_path(ref)
    if not path.exists() and path.parent == bundled.challenges_dir():
        known = [p.stem for p in bundled.challenge_files()]
        from playground.design.messages import near_miss

        hint = near_miss(ref, known) or "see `playground challenges`"
        out.problems([Problem(ref, None, None, "", "no such challenge in the pack or on disk", hint)])
        raise CliFailure(code)
    try:
        return load_challenge(path)
    except LoadError as e:
        out.problems(e.problems)
        raise CliFailure(code) from None
