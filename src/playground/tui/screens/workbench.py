"""The workbench: the diagram and the YAML of one design, an inspector, the problems, and a run.

Both views edit the same text (`DesignBuffer`): typing in the YAML re-checks it and the diagram
follows; a key in the diagram or a field in the inspector edits the text through
`playground.design.edit`, and the YAML follows with comments kept.
"""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, TabPane, TextArea

from playground.design import edit
from playground.design.files import safe_stem, write_atomic
from playground.design.load import Loaded
from playground.design.problems import LoadError
from playground.kinds import KINDS
from playground.render.diagram import diagram_svg
from playground.tui.dialogs.choose import ChooseDialog
from playground.tui.dialogs.confirm import ConfirmDialog
from playground.tui.dialogs.connect import ConnectDialog
from playground.tui.dialogs.prompt import PromptDialog
from playground.tui.dialogs.run import RunDialog
from playground.tui.document import DesignBuffer
from playground.tui.keeper import Keeper, changed_on_disk
from playground.tui.messages import ComponentSelected, DiagramCommand, FieldEdited, JumpTo
from playground.tui.runner import Outcome
from playground.tui.widgets.diagram import DiagramView
from playground.tui.widgets.inspector import Inspector
from playground.tui.widgets.problems import ProblemList
from playground.tui.widgets.yaml_editor import YamlEditor

AUTOSAVE_S = 3.0


def kind_choices() -> list[tuple[str, str, str]]:
    return [(k, k, (m.__doc__ or "").strip().splitlines()[0]) for k, m in KINDS.items()]


class Attempt:
    """A timed challenge in progress: the clock, the hints shown so far."""

    def __init__(self, challenge_id: str, limit_min: int, hints: list[str]) -> None:
        self.challenge_id = challenge_id
        self.limit_s = limit_min * 60
        self.hints = hints
        self.shown = 0
        self.told = False
        self.started = time.monotonic()

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self.started

    @property
    def left_s(self) -> float:
        return self.limit_s - self.elapsed_s

    def clock(self) -> str:
        left = self.left_s
        if left <= 0:
            return "time is up"
        return f"{int(left) // 60:02d}:{int(left) % 60:02d} left"


class WorkbenchScreen(Screen):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="workbench.save"),
        Binding("ctrl+r", "run", "Run", id="workbench.run", tooltip="Run the challenge against this design"),
        Binding("f2", "toggle_view", "View", id="workbench.toggle"),
        Binding("f3", "hint", "Hint", id="workbench.hint", show=False),
        Binding("f6", "submit", "Submit", id="workbench.submit", show=False),
        Binding("ctrl+e", "export_svg", "Export SVG", id="workbench.export", show=False),
        Binding("f9", "home", "Home", id="workbench.home", show=False),
    ]

    def __init__(self, buffer: DesignBuffer, challenge: Loaded | None = None,
                 challenge_id: str | None = None, timed: bool = False) -> None:
        super().__init__()
        self.buffer = buffer
        self.challenge = challenge
        self.challenge_id = challenge_id
        self.attempt = (Attempt(challenge_id or "challenge", challenge.model.time_limit_min, challenge.model.hints)
                        if timed and challenge is not None else None)
        self.selected: str | None = None
        self.last_result: Any = None
        self._autosaved = buffer.text
        self.keeper = Keeper(buffer)

    # ------------------------------------------------------------------ layout

    def compose(self):
        yield Header()
        with Horizontal(id="wb-main"):
            with Vertical(id="wb-left"):
                with TabbedContent(id="wb-tabs", initial="tab-diagram"):
                    with TabPane("Diagram", id="tab-diagram"):
                        yield DiagramView(id="diagram")
                    with TabPane("YAML", id="tab-yaml"):
                        yield YamlEditor(self.buffer.text, id="yaml")
                yield ProblemList(id="problems")
            yield Inspector(id="inspector")
        yield Footer(compact=True)

    async def on_mount(self) -> None:
        self._title()
        self.query_one(DiagramView).show(self.buffer.model)
        self.query_one(ProblemList).show(self.buffer.checked.problems)
        if self.buffer.model and self.buffer.model.components:
            first = self.buffer.model.entry or self.buffer.model.components[0].id
            self.query_one(DiagramView).select(first if first in self.buffer.model.ids else None)
        self.keeper.open(self.notify)
        self.set_interval(AUTOSAVE_S, self.autosave)
        if self.attempt is not None:
            self.set_interval(1.0, self._title)
        self.query_one(DiagramView).focus()

    def _title(self) -> None:
        where = str(self.buffer.path) if self.buffer.path else "unsaved"
        parts = [f"{self.buffer.name} — {where}{' *' if self.buffer.dirty else ''}"]
        if self.challenge is not None:
            parts.append(self.challenge_id or self.challenge.model.title)
        if self.attempt is not None:
            parts.append(self.attempt.clock())
            if self.attempt.left_s <= 0 and not self.attempt.told:
                self.attempt.told = True
                self.notify("Time is up. You can still submit (f6); the attempt is marked late.",
                            title=self.attempt.challenge_id, timeout=15)
        self.sub_title = " · ".join(parts)

    # ------------------------------------------------------------------ keeping views in step

    async def refresh_views(self, model_changed: bool = True) -> None:
        if model_changed:
            self.query_one(DiagramView).show(self.buffer.model)
        self.query_one(ProblemList).show(self.buffer.checked.problems)
        await self._inspect()
        self._title()

    async def _inspect(self) -> None:
        model = self.buffer.model
        component = None
        if model is not None and self.selected in model.ids:
            component = model.component(self.selected)
        calls = ""
        if component is not None:
            shown = [c.to + (f" ({', '.join(c.ops)})" if c.ops else "") for c in component.calls]
            calls = "calls: " + (", ".join(shown) if shown else "none") + "   [dim]c connect · x disconnect[/]"
        choices = {name: [c.id for c in model.components if c.kind == kind]
                   for name, kind in component.refers.items()} if component is not None and model else {}
        await self.query_one(Inspector).show(component, calls, choices)

    @on(TextArea.Changed, "#yaml")
    async def _typed(self, event: TextArea.Changed) -> None:
        text = event.text_area.text
        if text == self.buffer.text:
            return
        changed = self.buffer.update(text)
        await self.refresh_views(model_changed=changed or self.buffer.checked.model is None)

    @on(ComponentSelected)
    async def _selected(self, event: ComponentSelected) -> None:
        self.selected = event.component_id
        await self._inspect()

    @on(JumpTo)
    def _jump(self, event: JumpTo) -> None:
        self.query_one(TabbedContent).active = "tab-yaml"
        editor = self.query_one(YamlEditor)
        editor.go_to(event.line, event.col)
        editor.focus()

    async def apply(self, change: edit.Edit, *args: Any) -> bool:
        """Apply an edit to the design and bring the YAML, the diagram and the inspector along.
        What the edit returned is left in `last_result`."""
        try:
            self.last_result = self.buffer.apply(change, *args)
        except edit.EditError as e:
            self.notify(str(e), severity="error")
            return False
        except LoadError:
            self.notify("The YAML does not parse: fix the problems listed first.", severity="warning")
            return False
        self.query_one(YamlEditor).replace_text(self.buffer.text)
        await self.refresh_views()
        return True

    def select(self, component_id: str | None) -> None:
        self.query_one(DiagramView).select(component_id)

    # ------------------------------------------------------------------ editing

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
    def _command(self, event: DiagramCommand) -> None:
        getattr(self, f"action_{event.action}")()

    def _need_selection(self) -> str | None:
        if self.selected is None or self.buffer.model is None or self.selected not in self.buffer.model.ids:
            self.notify("Select a component first (arrow keys or a click).", severity="warning")
            return None
        return self.selected

    def action_add(self, kind: str | None = None) -> None:
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
        if source is None:
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
        if source is None:
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
        if source is None:
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

    def action_toggle_view(self) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "tab-yaml" if tabs.active == "tab-diagram" else "tab-diagram"
        (self.query_one(YamlEditor) if tabs.active == "tab-yaml" else self.query_one(DiagramView)).focus()

    # ------------------------------------------------------------------ files

    def action_save(self) -> None:
        if self.buffer.path is None:
            self.app.push_screen(
                PromptDialog("Save the design as", f"{self.buffer.name}.yaml", _check_save_path,
                             help="A path relative to the directory the playground was started in."),
                lambda answer: self._save(Path(answer)) if answer else None,
            )
        else:
            self._save(None)

    def _save(self, path: Path | None, overwrite: bool = False) -> None:
        target = path or self.buffer.path
        question = None if overwrite or target is None else changed_on_disk(self.buffer, target)
        if question is not None:
            self.app.push_screen(ConfirmDialog(question, yes="Overwrite", no="Cancel"),
                                 lambda yes: self._save(path, overwrite=True) if yes else None)
            return
        try:
            saved = self.buffer.save(path)
        except LoadError as e:
            self.notify(f"Not saved: the YAML does not parse ({len(e.problems)} problem(s) listed). "
                        "Your text is kept in the recovery file.", severity="error")
            self.autosave()
            return
        except OSError as e:
            self.notify(f"Not saved: {e}", severity="error")
            return
        self.keeper.saved(saved)
        self._autosaved = self.buffer.text
        self.app.remember(saved)
        errors = len(self.buffer.checked.errors)
        note = f" with {errors} problem(s) still to fix" if errors else ""
        self.notify(f"Saved {saved}{note}.", severity="warning" if errors else "information")
        self._title()

    def autosave(self) -> None:
        if (self.buffer.dirty and self.buffer.text != self._autosaved
                and self.keeper.autosave(self.buffer.text, self.buffer.name, self.notify)):
            self._autosaved = self.buffer.text

    def on_unmount(self) -> None:
        self.autosave()
        self.keeper.close()

    def action_export_svg(self) -> None:
        if self.buffer.model is None:
            self.notify("Nothing to draw while the YAML does not load.", severity="warning")
            return
        target = (self.buffer.path.with_suffix(".svg") if self.buffer.path
                  else Path.cwd() / f"{safe_stem(self.buffer.name)}.svg")
        try:
            write_atomic(target, diagram_svg(self.buffer.model))
        except OSError as e:
            self.notify(f"Not exported: {e}", severity="error")
            return
        self.notify(f"Diagram written to {target}.")

    def action_home(self) -> None:
        self.app.pop_screen()

    # ------------------------------------------------------------------ running

    def action_run(self, submit: bool = False) -> None:
        model = self.buffer.checked.model
        if model is None or self.buffer.checked.errors:
            self.notify(f"Fix the {len(self.buffer.checked.errors)} problem(s) listed before running.",
                        severity="warning")
            return
        if self.challenge is None:
            self.app.push_screen(ChooseDialog("Run which challenge?", self.app.challenge_choices()),
                                 self._challenge_chosen)
            return
        seed = self.challenge.model.seed
        title = self.challenge.model.title

        def done(outcome: Outcome | None) -> None:
            if outcome is not None:
                self.app.show_results(self, outcome, submit)

        self.app.push_screen(RunDialog(model, self.challenge.model, title, seed), done)

    def _challenge_chosen(self, challenge_id: str | None) -> None:
        if challenge_id is None:
            return
        self.challenge, self.challenge_id = self.app.load_challenge(challenge_id), challenge_id
        self._title()
        if self.challenge is not None:
            self.action_run()

    def action_submit(self) -> None:
        if self.attempt is None:
            self.notify("Submitting is for a timed challenge: start one from the home screen.")
            return
        self.action_run(submit=True)

    def action_hint(self) -> None:
        hints = self.challenge.model.hints if self.challenge else []
        if not hints:
            self.notify("This challenge has no hints.")
            return
        shown = self.attempt.shown if self.attempt else 0
        index = min(shown, len(hints) - 1)
        if self.attempt:
            self.attempt.shown = min(len(hints), shown + 1)
        self.notify(hints[index], title=f"Hint {index + 1} of {len(hints)}", timeout=20)

    # ------------------------------------------------------------------ the command palette

    def palette_commands(self) -> list[tuple[str, str, Any]]:
        cmds: list[tuple[str, str, Any]] = [
            (f"Add {kind}", help, lambda kind=kind: self.action_add(kind)) for kind, _, help in kind_choices()
        ]
        for cid in self.buffer.model.ids if self.buffer.model else []:
            cmds.append((f"Select {cid}", "Select this component in the diagram",
                         lambda cid=cid: self.select(cid)))
        cmds += [
            ("Save design", "Write the YAML to its file (ctrl+s)", self.action_save),
            ("Run challenge", "Run the challenge against this design (ctrl+r)", self.action_run),
            ("Switch diagram / YAML", "f2", self.action_toggle_view),
            ("Export diagram as SVG", "Next to the design file", self.action_export_svg),
            ("Connect selected component", "c in the diagram", self.action_connect),
            ("Disconnect a call of the selected component", "x in the diagram", self.action_disconnect),
            ("Rename selected component", "r in the diagram", self.action_rename),
            ("Delete selected component", "d in the diagram", lambda: self.run_worker(self.action_delete())),
            ("Make selected component the entry", "e in the diagram", lambda: self.run_worker(self.action_entry())),
            ("Go home", "The challenge list and recent designs", self.action_home),
        ]
        if self.attempt is not None:
            cmds += [("Next hint", "f3", self.action_hint), ("Submit attempt", "f6", self.action_submit)]
        return cmds


def _check_save_path(answer: str) -> str | None:
    path = Path(answer).expanduser()
    if path.suffix not in (".yaml", ".yml"):
        return "end the name with .yaml"
    if not path.parent.exists():
        return f"no directory {path.parent}"
    return None

