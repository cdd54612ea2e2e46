"""The YAML view of a design: a TextArea highlighted by tree-sitter's YAML grammar (Textual's
`syntax` extra), with find and completion keys that the workbench answers.

This module is the one place that subclasses TextArea; Textual is pinned for it.
"""

from __future__ import annotations

from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.widgets import TextArea


class YamlEditor(TextArea):
    """A YAML TextArea; tab indents with two spaces, escape leaves it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "screen.find", "Find", id="yaml.find"),
        Binding("ctrl+space,ctrl+@", "screen.complete", "Complete", id="yaml.complete",
                tooltip="Keys that may be written here, from the design's schema"),
        Binding("escape", "screen.view('tab-diagram')", "Diagram", id="yaml.leave"),
    ]

    def __init__(self, text: str = "", **kwargs) -> None:
        kwargs.setdefault("tab_behavior", "indent")
        kwargs.setdefault("show_line_numbers", True)
        super().__init__(text, language="yaml", soft_wrap=False, **kwargs)
        self.indent_width = 2

    async def _on_key(self, event: events.Key) -> None:
        """Escape is left to the binding (back to the diagram): TextArea would move the focus to
        the next widget, which is not what the footer says. Textual calls each class's `_on_key`
        down the MRO; preventing the default stops it before TextArea's."""
        if event.key == "escape":
            event.prevent_default()

    def go_to(self, line: int, col: int) -> None:
        """Put the cursor at a 1-based line and column, the line in the middle of the view, and
        the view scrolled sideways only when the column would be out of sight."""
        row = max(0, min(line - 1, self.document.line_count - 1))
        column = max(0, min(col - 1, len(self.document.get_line(row))))
        self.move_cursor((row, column))

        def centre() -> None:  # after layout: the editor has no size yet when a file first opens
            region = self.scrollable_content_region
            x = 0 if column < region.width - self.gutter_width - 1 else None
            self.scroll_to(x=x, y=max(0, row - region.height // 2), animate=False)

        self.call_after_refresh(centre)

    def replace_text(self, new: str) -> None:
        """Change the text to `new` through an edit of only the lines that differ, so the undo
        history and the cursor survive a change made from the diagram or the inspector."""
        old = self.text
        if old == new:
            return
        a, b = old.split("\n"), new.split("\n")
        head = 0
        while head < min(len(a), len(b)) and a[head] == b[head]:
            head += 1
        tail = 0
        while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
            tail += 1
        old_end, new_end = len(a) - tail, len(b) - tail
        lines = "\n".join(b[head:new_end])
        some = new_end > head
        if old_end < len(a):  # whole lines, up to the first line kept after them
            self.replace(lines + "\n" if some else "", (head, 0), (old_end, 0), maintain_selection_offset=True)
        elif head > 0:  # to the end, after the last line kept before them
            self.replace("\n" + lines if some else "", (head - 1, len(a[head - 1])),
                         (len(a) - 1, len(a[-1])), maintain_selection_offset=True)
        else:
            self.replace(lines, (0, 0), (len(a) - 1, len(a[-1])), maintain_selection_offset=True)
