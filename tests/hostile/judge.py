"""What each command must do with a case, and what went wrong when it did not."""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import signal
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


@dataclass
class Verdict:
    """What went wrong with one case, by kind; empty when the commands behaved."""

    problems: list[tuple[str, str]] = field(default_factory=list)
    seconds: dict[str, float] = field(default_factory=dict)
    codes: dict[str, int | None] = field(default_factory=dict)

    def add(self, kind: str, detail: str) -> None:
        self.problems.append((kind, detail))

    @property
    def ok(self) -> bool:
        return not self.problems


class TimedOut(BaseException):
    """A command ran past its time (a BaseException so no `except Exception` swallows it)."""


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    def ring(signum: int, frame: Any) -> None:
        raise TimedOut()

    old = signal.signal(signal.SIGALRM, ring)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def _where(exc: BaseException) -> str:
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/playground/" in f.filename]
    last = frames[-1] if frames else traceback.extract_tb(exc.__traceback__)[-1]
    return f"{type(exc).__name__} at {Path(last.filename).name}:{last.lineno}: {str(exc)[:120]}"


def cli(argv: list[str], limit_s: float) -> tuple[int | None, str, str, BaseException | None]:
    """Run the command in this process: exit status, stdout, stderr, and what escaped it."""
    from playground.cli import main

    out, err = io.StringIO(), io.StringIO()
    code: int | None = None
    escaped: BaseException | None = None
    debug = os.environ.get("PLAYGROUND_DEBUG")
    os.environ["PLAYGROUND_DEBUG"] = "1"  # a bug raises, so its place is counted
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            with time_limit(limit_s):
                code = main(argv)
        except SystemExit as e:
            code = e.code if isinstance(e.code, int) else 2
        except TimedOut as e:
            escaped = e
        except BaseException as e:
            escaped = e
        finally:
            if debug is None:
                os.environ.pop("PLAYGROUND_DEBUG")
            else:
                os.environ["PLAYGROUND_DEBUG"] = debug
    return code, out.getvalue(), err.getvalue(), escaped


def _located(stderr: str, files: list[str]) -> list[str]:
    """Lines of stderr that do not start with one of the files, then `:` (or `:line:col:`)."""
    bad = []
    for line in stderr.splitlines():
        if not line.strip():
            continue
        if not any(re.match(re.escape(f) + r"(:\d+:\d+)?: \S", line) for f in files):
            for f in files:
                line = line.replace(f, Path(f).name)
            bad.append(line[:160])
    return bad


def check_command(verdict: Verdict, name: str, argv: list[str], files: list[str], limit_s: float,
                  allowed: set[int], json_out: bool = False, report_on_stdout: bool = False) -> int | None:
    """`report_on_stdout`: the problems are what the command prints (`validate`), so they are
    looked for, and held to being located, on stdout as well as stderr."""
    started = time.perf_counter()
    code, out, err, escaped = cli(argv, limit_s)
    verdict.seconds[name] = time.perf_counter() - started
    verdict.codes[name] = code
    if isinstance(escaped, TimedOut):
        verdict.add("timeout", f"{name}: still running after {limit_s:g} s")
        return None
    if escaped is not None:
        verdict.add("traceback", f"{name}: {_where(escaped)}")
        return None
    if code not in allowed:
        verdict.add("exit", f"{name}: exit status {code}")
    report = out + err if report_on_stdout else err
    if code == 2 and not report.strip():
        verdict.add("unlocated", f"{name}: exit 2 with nothing {'printed' if report_on_stdout else 'on stderr'}")
    for line in _located(report, files):
        verdict.add("unlocated", f"{name}: {line!r}")
    if _CONTROL.search(out + err.replace("\t", " ")):
        found = sorted({repr(c) for c in _CONTROL.findall(out + err) if c != "\t"})
        if found:
            verdict.add("control", f"{name}: raw {', '.join(found)} on the terminal")
    if json_out and code in (0, 1):
        try:
            data = json.loads(out)
        except ValueError:
            verdict.add("json", f"{name}: stdout is not JSON")
        else:
            if bool(data.get("passed")) != (code == 0):
                verdict.add("exit", f"{name}: exit {code} but passed={data.get('passed')}")
    return code


def check_app_loader(verdict: Verdict, design: Path, challenge: Path, limit_s: float) -> None:
    """What the app does with the files: read, check as the workbench does, draw the diagram and
    the problem list, load the challenge."""
    from rich.console import Console

    from playground.design.load import load_challenge
    from playground.design.problems import LoadError
    from playground.design.yamlio import read_text
    from playground.render.diagram import diagram_renderable
    from playground.tui.document import DesignBuffer
    from playground.tui.widgets.problems import _line

    started = time.perf_counter()
    console = Console(file=io.StringIO(), width=100)
    try:
        with time_limit(limit_s):
            try:
                buffer = DesignBuffer(read_text(design), design)
            except LoadError as e:
                _check_problems(verdict, "app", e.problems, str(design))
            else:
                _check_problems(verdict, "app", buffer.checked.problems, str(design))
                for p in buffer.checked.problems:
                    console.print(_line(p))
                if buffer.model is not None:
                    console.print(diagram_renderable(buffer.model))
            try:
                load_challenge(challenge)
            except LoadError as e:
                _check_problems(verdict, "app", e.problems, str(challenge))
    except TimedOut:
        verdict.add("timeout", f"app: still loading after {limit_s:g} s")
    except BaseException as e:
        verdict.add("traceback", f"app: {_where(e)}")
    verdict.seconds["app"] = time.perf_counter() - started


FILE_LEVEL = ("larger than", "not UTF-8", "no such file", "is a directory", "cannot be read",
              "not a regular file")


def _check_problems(verdict: Verdict, name: str, problems: list[Any], file: str) -> None:
    for p in problems:
        if p.file != file:
            verdict.add("unlocated", f"{name}: a problem names {p.file!r}, not {file!r}")
        elif p.line is None and not any(s in p.message for s in FILE_LEVEL):
            verdict.add("unlocated", f"{name}: no line for {p.message[:100]!r}")
        if "\n" in p.message or _CONTROL.search(p.message + p.path + (p.hint or "")):
            verdict.add("unlocated", f"{name}: a message on more than one line or with control characters")


def judge(design_text: str, challenge_text: str, limit_s: float = 20.0,
          commands: tuple[str, ...] = ("validate", "run", "run-text", "cost", "app"),
          validate_allowed: set[int] = frozenset({0, 2})) -> Verdict:  # type: ignore[assignment]
    """Every command on one case; the verdict says what misbehaved."""
    verdict = Verdict()
    with tempfile.TemporaryDirectory() as tmp:
        design, challenge = Path(tmp, "design.yaml"), Path(tmp, "challenge.yaml")
        design.write_text(design_text, encoding="utf-8", newline="")
        challenge.write_text(challenge_text, encoding="utf-8", newline="")
        files = [str(design), str(challenge)]
        run = ["run", str(design), "-c", str(challenge), "--requests-limit", "100"]
        todo: dict[str, Callable[[], Any]] = {
            "validate": lambda: check_command(verdict, "validate", ["validate", "-q", *files], files,
                                              limit_s, set(validate_allowed), report_on_stdout=True),
            "run": lambda: check_command(verdict, "run", [*run, "--json"], files, limit_s,
                                         {0, 1, 2}, json_out=True),
            "run-text": lambda: check_command(verdict, "run-text", run, files, limit_s, {0, 1, 2}),
            "cost": lambda: check_command(verdict, "cost", ["cost", str(design)], files, limit_s, {0, 2}),
            "app": lambda: check_app_loader(verdict, design, challenge, limit_s),
        }
        for name in commands:
            todo[name]()
    json_code, text_code = verdict.codes.get("run"), verdict.codes.get("run-text")
    if json_code is not None and text_code is not None and json_code != text_code:
        verdict.add("exit", f"run: exit {json_code} with --json, {text_code} without")
    return verdict
