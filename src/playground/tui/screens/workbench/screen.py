"""The workbench: the diagram and the YAML of one design, an inspector, the problems, and a run.

Both views edit the same text (`DesignBuffer`): typing in the YAML re-checks it and the diagram
follows; a key in the diagram or a field in the inspector edits the text through
`playground.design.edit`, and the YAML follows with comments kept.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.widget import Widget
from textual.widgets import Header, TabbedContent, TabPane, TextArea

from playground.tui.dialogs.confirm import ConfirmDialog
from playground.tui.kinds import kind_choices
from playground.tui.messages import ComponentSelected, JumpTo
from playground.tui.screens.workbench.editing import DesignEditing
from playground.tui.screens.workbench.files import AUTOSAVE_S, DesignFiles
from playground.tui.screens.workbench.running import ChallengeRunning
from playground.tui.screens.workbench.yaml_tools import YamlTools
from playground.tui.widgets.brief_pane import BriefPane
from playground.tui.widgets.diagram import DiagramView
from playground.tui.widgets.find_bar import FindBar
from playground.tui.widgets.inspector import Inspector
from playground.tui.widgets.key_bar import KeyBar
from playground.tui.widgets.problems import ProblemList
from playground.tui.widgets.yaml_editor import YamlEditor

LAYOUTS = ("side-by-side", "wide-inspector", "left", "inspector")


class WorkbenchScreen(DesignEditing, DesignFiles, ChallengeRunning, YamlTools):
    # The screen's keys are priority bindings: the YAML editor and the inspector's inputs would
    # otherwise take f6 (TextArea: select the line) and other keys before the screen sees them.
    # None of them is a key an editor needs for typing or moving.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "Save", id="workbench.save", priority=True),
        Binding("ctrl+r", "run", "Run", id="workbench.run", priority=True,
                tooltip="Run the challenge against this design"),
        Binding("f2", "toggle_view", "View", id="workbench.toggle", priority=True),
        Binding("f3", "hint", "Hint", id="workbench.hint", priority=True),
        Binding("f4", "layout", "Layout", id="workbench.layout", priority=True,
                tooltip="Wider inspector, then each pane alone, then back"),
        Binding("f5", "share", "Share", id="workbench.share", priority=True),
        Binding("f6", "submit", "Submit", id="workbench.submit", priority=True),
        Binding("f8", "export_svg", "SVG", id="workbench.export", priority=True),
        Binding("ctrl+o", "external_editor", "$EDITOR", id="workbench.editor", priority=True,
                tooltip="Edit the YAML in your own editor"),
        Binding("escape", "home", "Home", id="workbench.home"),
    ]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """True: shown and works; None: shown dim (not now); False: not shown at all."""
        loads = self.buffer.checked.model is not None
        if action in ("run", "export_svg") and not loads:
            return None
        if action == "hint":
            return bool(self.challenge is not None and self.challenge.model.hints)
        if action == "submit":
            return (None if not loads else True) if self.attempt is not None else False
        if action == "external_editor":  # a browser has no terminal to lend an editor
            return not self.app.is_web
        return True

    # ------------------------------------------------------------------ layout

    def compose(self):
        yield Header()
        with Horizontal(id="wb-main"):
            with Vertical(id="wb-left"):
                with TabbedContent(id="wb-tabs", initial="tab-diagram"):
                    with TabPane("Diagram", id="tab-diagram"):
                        yield DiagramView(id="diagram")
                    with TabPane("YAML", id="tab-yaml"):
                        editor = YamlEditor(self.buffer.text, id="yaml")
                        yield editor
                        yield FindBar(editor, id="find")
                    with TabPane("Brief", id="tab-brief"):
                        yield BriefPane(id="brief")
                yield ProblemList(id="problems")
            yield Inspector(id="inspector")
        yield KeyBar()

    layout_step = 0

    async def on_mount(self) -> None:
        self._title()
        self.show_brief()
        self.query_one(DiagramView).show(self.buffer.model)
        self.query_one(ProblemList).show(self.buffer.checked.problems)
        if self.buffer.model and self.buffer.model.components:
            start = self.buffer.model.entry or self.buffer.model.components[0].id
            self.query_one(DiagramView).select(start if start in self.buffer.model.ids else None)
        self.keeper.open(self.notify)
        self.set_interval(AUTOSAVE_S, self.autosave)
        if self.attempt is not None:
            self.set_interval(1.0, self._title)
        if self.buffer.checked.model is None:  # nothing to draw: the text and its problems first
            first = next((p for p in self.buffer.checked.problems if p.line is not None), None)
            self.post_message(JumpTo(first.line or 1, first.col or 1) if first else JumpTo(1, 1))
        else:
            self.query_one(DiagramView).focus()

    # ------------------------------------------------------------------ keeping views in step

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

    def action_toggle_view(self) -> None:
        """Diagram, YAML, and the brief when there is a challenge, in turn."""
        tabs = self.query_one(TabbedContent)
        order = ["tab-diagram", "tab-yaml", *(["tab-brief"] if self.challenge is not None else [])]
        self.action_view(order[(order.index(tabs.active) + 1) % len(order)] if tabs.active in order else order[0])

    def action_view(self, tab: str) -> None:
        """Show one tab and give its view the keys."""
        self.query_one(TabbedContent).active = tab
        views: dict[str, type[Widget]] = {"tab-yaml": YamlEditor, "tab-diagram": DiagramView,
                                          "tab-brief": BriefPane}
        self.query_one(views[tab]).focus()

    def action_layout(self) -> None:
        """Cycle: side by side, a wider inspector, the diagram/YAML alone, the inspector alone."""
        self.layout_step = (self.layout_step + 1) % len(LAYOUTS)
        name = LAYOUTS[self.layout_step]
        self.set_class(name == "wide-inspector", "-wide-inspector")
        if name == "left":
            self.maximize(self.query_one("#wb-tabs"), container=False)
        elif name == "inspector":
            self.maximize(self.query_one(Inspector), container=False)
        else:
            self.minimize()

    def action_home(self) -> None:
        if self.maximized is not None:  # escape first gives the other panes back
            self.minimize()
            self.layout_step = 0
            return
        if not self.unsaved_edits():
            self.app.pop_screen()
            return

        def answer(leave: bool | None) -> None:
            if leave:
                self.app.pop_screen()

        self.app.push_screen(ConfirmDialog(
            f"Leave {self.buffer.name} with unsaved changes?",
            "They stay in the recovery file, offered the next time the playground starts; "
            "ctrl+s saves them.", yes="Leave", no="Stay"), answer)

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
            ("Switch diagram / YAML / brief", "f2", self.action_toggle_view),
            ("Show the challenge's brief", "Story, requirements, faults, hints shown",
             lambda: self.action_view("tab-brief")),
            ("Change the layout", "Wider inspector, each pane alone (f4)", self.action_layout),
            ("Share this design as one line", "Shown and copied to the clipboard (f5)", self.action_share),
            ("Export diagram as SVG", "A vector drawing next to the design file (f8)", self.action_export_svg),
            ("Export diagram as a terminal picture", "SVG of the diagram as the terminal draws it",
             lambda: self.action_export_svg(terminal=True)),
            ("Find in the YAML", "ctrl+f", self.action_find),
            ("Complete a key in the YAML", "From the schema, at the cursor's line (ctrl+space)",
             self.action_complete),
            ("Edit the YAML in $EDITOR", "ctrl+o", self.action_external_editor),
            ("Connect selected component", "c in the diagram", self.action_connect),
            ("Disconnect a call of the selected component", "x in the diagram", self.action_disconnect),
            ("Rename selected component", "r in the diagram", self.action_rename),
            ("Delete selected component", "d in the diagram", lambda: self.run_worker(self.action_delete())),
            ("Make selected component the entry", "e in the diagram", lambda: self.run_worker(self.action_entry())),
            ("Go home", "The challenge list and recent designs (escape)", self.action_home),
        ]
        if self.challenge is not None and self.challenge.model.hints:
            cmds.append(("Next hint", "Kept in the Brief tab (f3)", self.action_hint))
        if self.attempt is not None:
            cmds.append(("Submit attempt", "Run and record the score (f6)", self.action_submit))
        return cmds
