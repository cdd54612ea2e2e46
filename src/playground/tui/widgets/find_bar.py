"""Find in the YAML: a line under the editor. Typing finds the next match from the cursor (case
ignored), enter finds the one after, escape closes the bar and gives the editor back its keys."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Input, Label
from textual.widgets.text_area import Selection

from playground.tui.widgets.yaml_editor import YamlEditor


def find_next(text: str, needle: str, after: int) -> tuple[int, int] | None:
    """(start, end) offsets of the first match at or after `after`, wrapping to the top."""
    if not needle:
        return None
    hay, low = text.lower(), needle.lower()
    at = hay.find(low, after)
    if at < 0:
        at = hay.find(low)
    return None if at < 0 else (at, at + len(needle))


def _location(text: str, offset: int) -> tuple[int, int]:
    before = text[:offset]
    row = before.count("\n")
    return row, offset - (before.rfind("\n") + 1)


def _offset(text: str, location: tuple[int, int]) -> int:
    lines = text.split("\n")
    row, col = location
    return sum(len(line) + 1 for line in lines[:row]) + col


class FindBar(Horizontal):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close find", id="find.close"),
    ]

    def __init__(self, editor: YamlEditor, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.editor = editor
        self.display = False

    def compose(self):
        yield Label("find ", id="find-label")
        yield Input(placeholder="text to find (enter: next)", compact=True, id="find-input")
        yield Label("", id="find-count")

    def open(self) -> None:
        self.display = True
        self.query_one(Input).focus()

    def action_close(self) -> None:
        self.display = False
        self.editor.focus()

    def _find(self, needle: str, after_current: bool) -> None:
        text = self.editor.text
        sel = self.editor.selection
        start = _offset(text, min(sel.start, sel.end))
        hit = find_next(text, needle, start + (1 if after_current else 0))
        count = self.query_one("#find-count", Label)
        if hit is None:
            count.update("not found" if needle else "")
            return
        total = text.lower().count(needle.lower())
        count.update(f"{total} match{'es' * (total != 1)}")
        self.editor.selection = Selection(_location(text, hit[0]), _location(text, hit[1]))
        self.editor.scroll_cursor_visible()

    @on(Input.Changed, "#find-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        self._find(event.value, after_current=False)

    @on(Input.Submitted, "#find-input")
    def _next(self, event: Input.Submitted) -> None:
        event.stop()
        self._find(event.value, after_current=True)
