"""A checkbox that reads at a glance: a tick when on, empty when off (Textual draws an X in both
states and tells them apart by colour alone)."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class Tick(Checkbox):
    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button
