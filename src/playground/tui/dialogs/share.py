"""The design as one line to paste anywhere (`playground run LINE`, Open in the app), shown in full
and put on the clipboard through the terminal (OSC 52), which works over ssh and in a browser."""

from __future__ import annotations

from textual import on
from textual.containers import Horizontal, Vertical
from textual.widgets import Button, Label, Static, TextArea

from playground.tui.dialogs.base import Dialog


class ShareDialog(Dialog[None]):
    def __init__(self, line: str) -> None:
        super().__init__()
        self.line = line

    def compose(self):
        with Vertical(classes="dialog"):
            yield Label("Share this design", classes="dialog-title")
            yield TextArea(self.line, read_only=True, soft_wrap=True, id="share-line")
            yield Static(f"{len(self.line):,} characters. Copied to the clipboard if your terminal "
                         "lets programs set it (OSC 52); otherwise select the line above. "
                         "`playground run LINE -c CHALLENGE` and Open (o) take it.",
                         classes="dialog-help", id="share-help")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Copy again", variant="primary", id="share-copy")
                yield Button("Close", id="share-close")

    def on_mount(self) -> None:
        self.app.copy_to_clipboard(self.line)

    @on(Button.Pressed, "#share-copy")
    def _copy(self) -> None:
        self.app.copy_to_clipboard(self.line)
        self.notify("Copied the share line.")

    @on(Button.Pressed, "#share-close")
    def _close(self) -> None:
        self.dismiss(None)
