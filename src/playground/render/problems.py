"""Problems found in a file, as a rich table: where, field path, what is wrong, what to try."""

from __future__ import annotations

from collections.abc import Iterable

from rich import box
from rich.table import Table
from rich.text import Text

from playground.design.problems import Problem


def problems_table(problems: Iterable[Problem]) -> Table:
    """One row per problem, in the order given; warnings say so in yellow, errors in red."""
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False, expand=False)
    table.add_column("where", no_wrap=True, style="bold")
    table.add_column("field")
    table.add_column("problem", ratio=3)
    table.add_column("hint", ratio=2, style="dim")
    for p in problems:
        severity = Text("warning: ", style="yellow") if p.severity == "warning" else Text("")
        table.add_row(p.where, p.path or "", severity + Text(p.message, style="red" if p.severity == "error" else ""), p.hint or "")
    return table
