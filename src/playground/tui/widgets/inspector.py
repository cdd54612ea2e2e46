"""A form for the selected component, built from its pydantic model: one row per field, with the
field's unit, its help when focused, and a message under it while what is typed is not valid.

A valid value is posted at once as `FieldEdited`; the id is renamed on Enter. The form is built
again only when its shape changes (another component, an optional part switched on or off), so
typing is never interrupted by the YAML following along.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass
from typing import Any, Literal

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from textual import events, on
from textual.containers import Horizontal, VerticalGroup, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Checkbox, Input, Label, Select, Static

from playground.design import edit, typed
from playground.kinds import KINDS
from playground.kinds.base import ComponentBase
from playground.tui.kinds import kind_summary
from playground.tui.messages import FieldEdited
from playground.tui.widgets.tick import Tick

UNITS = {"_ms": "ms", "_s": "s", "_rps": "req/s", "_gb": "GB", "_usd": "USD", "_items": "items"}
SKIP = {"id", "kind", "calls"}
NAME_MAX = 20  # the name column is as wide as the longest name of the form, up to this


def unit_of(name: str) -> str:
    return next((u for suffix, u in UNITS.items() if name.endswith(suffix)), "")


def _types(tp: Any) -> list[Any]:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _types(typing.get_args(tp)[0])
    if origin in (typing.Union, types.UnionType):
        return [t for a in typing.get_args(tp) for t in _types(a)]
    return [tp]


@dataclass
class Row:
    path: tuple[str, ...]
    model: type[BaseModel]
    name: str
    info: FieldInfo
    editor: str  # input, select, check, model, optional, note

    @property
    def help(self) -> str:
        unit = unit_of(self.name)
        default = self.info.get_default(call_default_factory=True)
        shown = default.model_dump(exclude_none=True) if isinstance(default, BaseModel) else default
        text = self.info.description or (self.model.__doc__ or "").strip().split("\n")[0]
        extra = [f"unit: {unit}"] if unit else []
        if not self.info.is_required():
            extra.append(f"default: {shown}")
        return f"{'.'.join(self.path)}: {text}" + (f"  ({'; '.join(extra)})" if extra else "")


def rows_for(model: type[BaseModel], value: BaseModel, prefix: tuple[str, ...] = ()) -> list[Row]:
    """The form's rows for a model, nested models flattened one level ('retry.attempts')."""
    rows: list[Row] = []
    applies = getattr(value, "applies", None)  # a timing shows only its distribution's fields
    for name, info in model.model_fields.items():
        if name in SKIP or (applies is not None and not applies(name)):
            continue
        types = [t for t in _types(info.annotation) if t is not type(None)]
        path = (*prefix, name)
        sub = next((t for t in types if isinstance(t, type) and issubclass(t, BaseModel)), None)
        if sub is not None:
            current = getattr(value, name, None)
            optional = type(None) in _types(info.annotation)
            if optional:
                rows.append(Row(path, model, name, info, "optional"))
            if current is not None:
                if not optional:
                    rows.append(Row(path, model, name, info, "model"))
                rows += rows_for(sub, current, path)
            continue
        if any(typing.get_origin(t) is Literal for t in types):
            rows.append(Row(path, model, name, info, "select"))
        elif bool in types:
            rows.append(Row(path, model, name, info, "check"))
        elif any(typing.get_origin(t) in (dict, list) for t in types):
            rows.append(Row(path, model, name, info, "note"))
        else:
            rows.append(Row(path, model, name, info, "input"))
    return rows


def _get(value: Any, path: tuple[str, ...]) -> Any:
    for part in path:
        value = getattr(value, part, None)
    return value


def _show(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


class Inspector(VerticalScroll):
    """The selected component's fields."""

    ALLOW_MAXIMIZE = True

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.component: ComponentBase | None = None
        self.others: list[str] = []
        self._rows: dict[str, Row] = {}
        self._shape: tuple[Any, ...] | None = None
        self._name_w = NAME_MAX
        self._unit_w = 0

    def compose(self):
        yield Static("Select a component in the diagram to edit it here.", id="inspector-empty")

    async def show(self, component: ComponentBase | None, calls: str = "",
                   choices: dict[str, list[str]] | None = None) -> None:
        """`choices`: for a field that names another component, the ids it may name."""
        """Show `component` (None: nothing selected); builds the form again only if its shape changed."""
        self.component = component
        self.choices = choices or {}
        if component is None:
            self._shape = None
            await self._rebuild([])
            return
        rows = rows_for(KINDS[component.kind], component)
        shape = (component.id, component.kind, tuple(r.path for r in rows), tuple(sorted((k, tuple(v)) for k, v in self.choices.items())))
        if shape != self._shape:
            self._shape = shape
            await self._rebuild(rows)
        else:
            self._refresh_values()
        self.query_one("#inspector-calls", Static).update(calls or "calls: none")

    async def _rebuild(self, rows: list[Row]) -> None:
        with self.app.batch_update():
            await self.remove_children()
            if self.component is None:
                await self.mount(Static("Select a component in the diagram to edit it here.", id="inspector-empty"))
                return
            widgets: list[Widget] = [
                Static(f"[b]{self.component.kind}[/b]  {kind_summary(self.component.kind)}",
                       id="inspector-title"),
            ]
            self._rows = {}
            labels = ["id", *(("  " if len(r.path) > 1 else "") + r.name for r in rows)]
            self._name_w = min(NAME_MAX, max(len(label) for label in labels) + 1)
            self._unit_w = max((len(unit_of(r.name)) + 1 for r in rows if unit_of(r.name)), default=0)
            widgets.append(self._field_row("id", Input(self.component.id, compact=True, id="f-id"), ""))
            self._rows["f-id"] = Row(("id",), KINDS[self.component.kind], "id",
                                     KINDS[self.component.kind].model_fields["id"], "input")
            for row in rows:
                wid = "f-" + "--".join(row.path)
                self._rows[wid] = row
                widgets.append(self._field_row(".".join(row.path), self._editor(row, wid), unit_of(row.name),
                                               nested=len(row.path) > 1))
            widgets.append(Static("", id="inspector-calls"))
            widgets.append(Static("", id="inspector-help"))
            await self.mount_all(widgets)

    def _field_row(self, label: str, editor: Widget, unit: str, nested: bool = False) -> Widget:
        name = label.split(".")[-1]
        shown = Label(("  " if nested else "") + name, classes="field-name")
        shown.styles.width = self._name_w
        units = Label(unit, classes="field-unit")
        units.styles.width = self._unit_w
        units.display = self._unit_w > 0
        error = Static("", classes="field-error", markup=False)
        error.styles.padding = (0, 0, 0, self._name_w)
        row = Horizontal(shown, editor, units, classes="field")
        return VerticalGroup(row, error, classes="field-block")

    def _editor(self, row: Row, wid: str) -> Widget:
        value = _get(self.component, row.path)
        if row.editor == "select":
            choices = [a for t in _types(row.info.annotation) if typing.get_origin(t) is Literal
                       for a in typing.get_args(t)]
            return Select([(c, c) for c in choices], value=value, allow_blank=False, compact=True, id=wid)
        if row.editor == "check":
            return Tick("yes" if value else "no", value=bool(value), compact=True, id=wid)
        if row.editor == "optional":
            return Tick("on" if value is not None else "off", value=value is not None, compact=True, id=wid)
        if row.editor in ("model", "note"):
            text = "in the YAML (f2)" if row.editor == "note" else ""
            return Label(text, classes="field-note", id=wid)
        if self.choices.get(row.name):
            ids = self.choices[row.name]
            return Select([(d, d) for d in ids], value=value if value in ids else Select.BLANK,
                          compact=True, id=wid)
        return Input(_show(value), compact=True, id=wid, select_on_focus=False)

    def _refresh_values(self) -> None:
        for wid, row in self._rows.items():
            widget = self.query_one(f"#{wid}")
            if widget.has_focus:
                continue
            value = _get(self.component, row.path)
            if isinstance(widget, Input) and widget.value != _show(value):
                with widget.prevent(Input.Changed):
                    widget.value = _show(value)
            elif isinstance(widget, Checkbox) and row.editor == "check" and widget.value != bool(value):
                with widget.prevent(Checkbox.Changed):
                    widget.value = bool(value)
                    widget.label = "yes" if value else "no"
            elif isinstance(widget, Select) and value is not None and widget.value != value:
                with widget.prevent(Select.Changed):
                    widget.value = value

    def _error(self, wid: str, message: str) -> None:
        widget = self.query_one(f"#{wid}")
        block = widget.parent.parent if widget.parent else None
        if block is None:
            return
        error = block.query_one(".field-error", Static)
        error.update(message)
        error.display = bool(message)
        widget.set_class(bool(message), "-invalid")

    def _row_of(self, event: Message, widget: Widget) -> Row | None:
        """The row of the field that sent `event` (which goes no further), if a component is shown."""
        event.stop()
        return self._rows.get(widget.id or "") if self.component is not None else None

    @on(Input.Changed)
    def _typed(self, event: Input.Changed) -> None:
        row = self._row_of(event, event.input)
        if row is None:
            return
        try:
            value = typed.parse_field(row.model, row.name, event.value)
        except edit.EditError as e:
            self._error(event.input.id or "", str(e))
            return
        default = row.info.get_default(call_default_factory=True)
        if value is None and not typed.allows_none(row.info.annotation):
            self._error(event.input.id or "", f"enter: back to the default ({_show(default)})")
            return
        self._error(event.input.id or "", "")
        if row.path == ("id",) or value == _get(self.component, row.path):
            return
        if value is None and default is not None:
            value = edit.NULL  # an empty optional field whose default is something: write null
        self.post_message(FieldEdited(self._shown.id, row.path, value))

    @property
    def _shown(self) -> ComponentBase:
        """The component whose form is up: its fields exist, and send edits, only while one is."""
        assert self.component is not None, "a field of the inspector changed with no component shown"
        return self.component

    @on(Input.Submitted)
    def _entered(self, event: Input.Submitted) -> None:
        row = self._row_of(event, event.input)
        if row is None:
            return
        if row.path == ("id",):
            if event.value.strip() != self._shown.id:
                self.post_message(FieldEdited(self._shown.id, ("id",), event.value.strip()))
        elif not event.value.strip() and not typed.allows_none(row.info.annotation):
            self._error(event.input.id or "", "")
            self.post_message(FieldEdited(self._shown.id, row.path, None))  # the default

    @on(Select.Changed)
    def _chosen(self, event: Select.Changed) -> None:
        row = self._row_of(event, event.select)
        if row is None or event.value is Select.BLANK:
            return
        if event.value != _get(self.component, row.path):
            self.post_message(FieldEdited(self._shown.id, row.path, event.value))

    @on(Checkbox.Changed)
    def _ticked(self, event: Checkbox.Changed) -> None:
        row = self._row_of(event, event.checkbox)
        if row is None:
            return
        event.checkbox.label = ("on" if event.value else "off") if row.editor == "optional" else (
            "yes" if event.value else "no")
        if row.editor == "optional":
            present = _get(self.component, row.path) is not None
            if event.value != present:
                self.post_message(FieldEdited(self._shown.id, row.path, {} if event.value else None))
        elif event.value != bool(_get(self.component, row.path)):
            self.post_message(FieldEdited(self._shown.id, row.path, event.value))

    def on_descendant_focus(self, event: events.DescendantFocus) -> None:
        row = self._rows.get(event.widget.id or "")
        if row is not None and self.query("#inspector-help"):
            self.query_one("#inspector-help", Static).update(row.help)

