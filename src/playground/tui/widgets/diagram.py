"""The architecture diagram as a focusable, scrollable widget: arrow keys or a click select a box.

Drawing is `playground.render.diagram`; this widget only lays it out at its own width, keeps the
selection, and turns keys into `DiagramCommand` messages for its screen.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import ClassVar

from textual import events
from textual.binding import Binding, BindingType
from textual.containers import ScrollableContainer
from textual.geometry import Region
from textual.reactive import reactive
from textual.widgets import Static

from playground.design.model import Design
from playground.render.diagram import DiagramLayout, diagram_renderable, layout
from playground.tui.messages import ComponentSelected, DiagramCommand


class _Canvas(Static):
    def on_click(self, event: events.Click) -> None:
        view = self.parent
        offset = event.get_content_offset(self)
        if isinstance(view, DiagramView) and view.layout_ is not None and offset is not None:
            hit = view.layout_.box_at(offset.x, offset.y)
            if hit is not None:
                view.focus()
                view.select(hit)


class DiagramView(ScrollableContainer, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("left,h", "move(-1, 0)", "Left", show=False, id="diagram.left"),
        Binding("right,l", "move(1, 0)", "Right", show=False, id="diagram.right"),
        Binding("up,k", "move(0, -1)", "Up", show=False, id="diagram.up"),
        Binding("down,j", "move(0, 1)", "Down", show=False, id="diagram.down"),
        Binding("a", "command('add')", "Add", id="diagram.add", tooltip="Add a component of any kind"),
        Binding("c", "command('connect')", "Connect", id="diagram.connect",
                tooltip="Make the selected component call another"),
        Binding("x", "command('disconnect')", "Unlink", id="diagram.disconnect",
                tooltip="Remove one of the selected component's calls"),
        Binding("r", "command('rename')", "Rename", id="diagram.rename"),
        Binding("delete,d", "command('delete')", "Delete", id="diagram.delete",
                tooltip="Remove the selected component and the calls to it"),
        Binding("e", "command('entry')", "Entry", id="diagram.entry",
                tooltip="Make the selected component the entry"),
        Binding("enter", "command('inspect')", "Edit", id="diagram.inspect",
                tooltip="Edit the selected component's fields"),
        Binding("question_mark", "app.help", "Help", show=False, id="diagram.help"),
    ]

    selected: reactive[str | None] = reactive(None)

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.design: Design | None = None
        self.heat: Mapping[str, float] | None = None
        self.layout_: DiagramLayout | None = None
        self._width = 0

    def compose(self):
        yield _Canvas(id="diagram-canvas")

    def show(self, design: Design | None, heat: Mapping[str, float] | None = None) -> None:
        self.design = design
        self.heat = heat
        if self.selected is not None and (design is None or self.selected not in design.ids):
            self.selected = None
        self._redraw(relayout=True)

    def select(self, component_id: str | None) -> None:
        if component_id != self.selected:
            self.selected = component_id
            self.post_message(ComponentSelected(component_id))

    def watch_selected(self) -> None:
        self._redraw(relayout=False)
        box = self.layout_.boxes.get(self.selected) if self.layout_ and self.selected else None
        if box is not None:
            self.scroll_to_region(Region(box.x, box.y, box.w, box.h), animate=False)

    def on_resize(self, event: events.Resize) -> None:
        if event.size.width != self._width:
            self._redraw(relayout=True)

    def _redraw(self, relayout: bool) -> None:
        if not self.is_mounted:
            return
        canvas = self.query_one(_Canvas)
        if self.design is None:
            self.layout_ = None
            canvas.update("(the design does not load: see the problems below)")
            return
        if relayout or self.layout_ is None:
            self._width = self.size.width
            self.layout_ = layout(self.design, max(24, self.size.width - 1))
        canvas.update(diagram_renderable(self.design, heat=self.heat, selected=self.selected, lay=self.layout_))

    def action_move(self, dx: int, dy: int) -> None:
        if self.layout_ is not None:
            self.select(self.layout_.neighbour(self.selected, dx, dy))

    def action_command(self, action: str) -> None:
        self.post_message(DiagramCommand(action))
