"""Editing the design from the diagram and the inspector: add, connect, disconnect, rename, delete,
make the entry, and a field typed in the inspector. Every change goes through
`playground.design.edit` on the text, so the YAML keeps its comments."""

from __future__ import annotations

import inspect

from textual import on

from playground.design import edit
from playground.kinds import KINDS
from playground.tui.dialogs.choose import ChooseDialog
from playground.tui.dialogs.connect import ConnectDialog
from playground.tui.dialogs.prompt import PromptDialog
from playground.tui.kinds import kind_choices
from playground.tui.messages import DiagramCommand, FieldEdited
from playground.tui.screens.workbench.base import WorkbenchBase
from playground.tui.widgets.inspector import Inspector


class DesignEditing(WorkbenchBase):
    @on(FieldEdited)
    async def _field(self, event: FieldEdited) -> None:
        if event.path == ("id",):
            if await self.apply(edit.rename_component, event.component_id, event.value):
                self.select(event.value)
            return
        model = self.buffer.model
        if model is None:
            return
        index = model.ids.index(event.component_id)
        await self.apply(edit.set_field, ("components", index, *event.path), event.value)

    @on(DiagramCommand)
    async def _command(self, event: DiagramCommand) -> None:
        done = getattr(self, f"action_{event.action}")()
        if inspect.isawaitable(done):  # delete and entry edit at once; the others open a dialog
            await done

    def _need_selection(self) -> str | None:
        if self.selected is None or self.buffer.model is None or self.selected not in self.buffer.model.ids:
            self.notify("Select a component first (arrow keys or a click).", severity="warning")
            return None
        return self.selected

    def action_add(self, kind: str | None = None) -> None:
        if self.buffer.checked.model is None:
            self.notify("The YAML does not parse: fix the problems listed first.", severity="warning")
            return
        if kind is None:
            self.app.push_screen(ChooseDialog("Add a component", kind_choices()), self.add_kind)
        else:
            self.run_worker(self.add_kind(kind))

    async def add_kind(self, kind: str | None) -> None:
        if kind is None:
            return
        caller = self.selected if self.buffer.model and self.selected in self.buffer.model.ids else None
        if not await self.apply(edit.add_component, kind):
            return
        new = self.last_result
        if caller is not None and not KINDS[kind].refers:  # a kind that joins by naming another is not called
            await self.apply(edit.connect, caller, new)
        self.select(new)

    def action_connect(self) -> None:
        source = self._need_selection()
        if source is None or self.buffer.model is None:
            return
        targets = [i for i in self.buffer.model.ids if i != source]
        if not targets:
            self.notify("Add another component to connect to.", severity="warning")
            return

        async def done(answer: tuple[str, list[str] | None] | None) -> None:
            if answer is not None:
                await self.apply(edit.connect, source, answer[0], answer[1])

        self.app.push_screen(ConnectDialog(source, targets), done)

    def action_disconnect(self) -> None:
        source = self._need_selection()
        if source is None or self.buffer.model is None:
            return
        calls = self.buffer.model.component(source).calls
        if not calls:
            self.notify(f"{source} calls nothing.", severity="warning")
            return

        async def done(target: str | None) -> None:
            if target is not None:
                await self.apply(edit.disconnect, source, target)

        choices = [(c.to, c.to, ", ".join(c.ops) if c.ops else "every operation") for c in calls]
        self.app.push_screen(ChooseDialog(f"Remove a call of {source}", choices), done)

    def action_rename(self) -> None:
        source = self._need_selection()
        if source is None or self.buffer.model is None:
            return
        taken = set(self.buffer.model.ids) - {source}

        def check(name: str) -> str | None:
            if not edit.ID_RULE.match(name):
                return "use lower-case letters, digits, '_' or '-', starting with a letter"
            return f"{name!r} is already used" if name in taken else None

        async def done(name: str | None) -> None:
            if name and name != source and await self.apply(edit.rename_component, source, name):
                self.select(name)

        self.app.push_screen(PromptDialog(f"Rename {source}", source, check), done)

    async def action_delete(self) -> None:
        source = self._need_selection()
        if source is None:
            return
        if not await self.apply(edit.remove_component, source):
            return
        self.notify(f"Removed {source} (ctrl+z in the YAML view brings it back).")
        model = self.buffer.model
        ids = model.ids if model else []
        self.select(model.entry if model and model.entry in ids else (ids[0] if ids else None))

    async def action_entry(self) -> None:
        source = self._need_selection()
        if source is not None:
            await self.apply(edit.set_field, "entry", source)

    def action_inspect(self) -> None:
        if self._need_selection() is not None:
            inputs = self.query_one(Inspector).query("Input, Select, Checkbox")
            if inputs:
                inputs.first().focus()
