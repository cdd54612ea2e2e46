"""The problems of the design being edited; choosing one jumps the YAML editor to its line."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from playground.design.problems import Problem
from playground.formats.printable import visible
from playground.tui.messages import JumpTo


def _line(p: Problem) -> Text:
    where = f"{p.line}:{p.col or 1}" if p.line is not None else "-"
    text = Text(f"{where:>7} ", style="bold")
    if p.severity == "warning":
        text.append("warning ", style="yellow")
    if p.path:
        text.append(f"{visible(p.path)}: ", style="cyan")
    text.append(visible(p.message), style="red" if p.severity == "error" else "")
    if p.hint:
        text.append(f"  ({visible(p.hint)})", style="dim")
    return text


class ProblemList(OptionList):
    """Errors and warnings, in file order; hidden when there are none."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.problems: list[Problem] = []

    def show(self, problems: list[Problem]) -> None:
        if problems == self.problems:
            return
        self.problems = list(problems)
        self.clear_options()
        self.add_options([Option(_line(p), id=str(i)) for i, p in enumerate(self.problems)])
        self.display = bool(self.problems)
        if self.problems:
            self.highlighted = 0
        errors = sum(p.severity == "error" for p in self.problems)
        warnings = len(self.problems) - errors
        self.border_title = f"{errors} error{'s' * (errors != 1)}" + (
            f", {warnings} warning{'s' * (warnings != 1)}" if warnings else "")

    @on(OptionList.OptionSelected)
    def _jump(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        p = self.problems[int(event.option.id or 0)]
        if p.line is not None:
            self.post_message(JumpTo(p.line, p.col or 1))
