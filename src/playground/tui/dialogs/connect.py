"""Choose whom the selected component calls, and for which operations (none ticked: all)."""

from __future__ import annotations

from textual import on
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, OptionList, SelectionList, Static

from playground.formats.base import OPERATIONS
from playground.tui.dialogs.base import Dialog


class ConnectDialog(Dialog[tuple[str, list[str] | None]]):
    def __init__(self, source: str, targets: list[str]) -> None:
        super().__init__()
        self.source = source
        self.targets = targets

    def compose(self):
        with Vertical(classes="dialog"):
            yield Label(f"{self.source} calls…", classes="dialog-title")
            with Horizontal(id="connect-body"):
                yield OptionList(*self.targets, id="connect-target")
                yield SelectionList[str](*[(op, op) for op in OPERATIONS], id="connect-ops")
            yield Static("Enter on a target connects it; tick operations first to limit the call "
                        "(none ticked: every operation).", classes="dialog-help")
            yield Button("Connect", variant="primary", id="connect-ok")

    def _answer(self) -> None:
        targets = self.query_one("#connect-target", OptionList)
        if targets.highlighted is None:
            return
        ops = list(self.query_one("#connect-ops", SelectionList).selected)
        self.dismiss((self.targets[targets.highlighted], ops or None))

    @on(OptionList.OptionSelected, "#connect-target")
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._answer()

    @on(Button.Pressed, "#connect-ok")
    def _ok(self) -> None:
        self._answer()
