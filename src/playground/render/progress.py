"""A progress bar over runs (seeds, submissions, candidates), drawn on stderr while they go."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn


@contextmanager
def run_progress(console: Console, label: str) -> Iterator[Callable[[int, int], None]]:
    """`update(done, total)` moves the bar; nothing is drawn when `console` is no terminal."""
    if not console.is_terminal:
        yield lambda done, total: None
        return
    bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                   TimeElapsedColumn(), console=console, transient=True)
    task = bar.add_task(escape(label), total=None)
    with bar:
        yield lambda done, total: bar.update(task, completed=done, total=total)
