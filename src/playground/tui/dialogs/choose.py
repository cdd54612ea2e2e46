"""Pick one of a list (a component kind, a challenge, a call to remove), with a line of help each."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.containers import Vertical
from textual.widgets import Label, OptionList
from textual.widgets.option_list import Option

from playground.tui.dialogs.base import Dialog


class ChooseDialog(Dialog[str]):
    def __init__(self, title: str, choices: list[tuple[str, str, str]]) -> None:
        """`choices`: (value, label, help)."""
        super().__init__()
        self.title_text = title
        self.choices = choices

    def compose(self):
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield OptionList(
                *[Option(Text.assemble((label, "bold"), ("  " + help, "dim") if help else ""), id=value)
                  for value, label, help in self.choices],
                id="choose-list",
            )

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)
