"""Ask for one line of text (a new name, a file path), checked before it is accepted."""

from __future__ import annotations

from collections.abc import Callable

from textual import on
from textual.containers import Vertical
from textual.widgets import Input, Label, Static

from playground.tui.dialogs.base import Dialog


class PromptDialog(Dialog[str]):
    def __init__(self, title: str, value: str = "", check: Callable[[str], str | None] | None = None,
                 help: str = "") -> None:
        super().__init__()
        self.title_text = title
        self.value = value
        self.check = check
        self.help = help

    def compose(self):
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            yield Input(self.value, id="prompt-input")
            yield Static(self.help, classes="dialog-help")
            yield Static("", id="prompt-error", classes="field-error", markup=False)

    @on(Input.Submitted)
    def _submit(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        problem = self.check(value) if self.check else None
        if problem:
            error = self.query_one("#prompt-error", Static)
            error.update(problem)
            error.display = True
            return
        self.dismiss(value)
