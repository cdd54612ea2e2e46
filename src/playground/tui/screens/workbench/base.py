"""What every part of the workbench shares: the design being edited, the challenge, the selection,
and how an edit brings the YAML, the diagram, the problems and the inspector along."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from textual.screen import Screen

from playground.design import edit
from playground.design.load import Loaded
from playground.design.problems import LoadError
from playground.tui.document import DesignBuffer
from playground.tui.keeper import Keeper
from playground.tui.screens.workbench.attempt import Attempt
from playground.tui.widgets.diagram import DiagramView
from playground.tui.widgets.inspector import Inspector
from playground.tui.widgets.problems import ProblemList
from playground.tui.widgets.yaml_editor import YamlEditor

if TYPE_CHECKING:
    from playground.tui.app import PlaygroundApp


class WorkbenchBase(Screen):
    def __init__(self, buffer: DesignBuffer, challenge: Loaded | None = None,
                 challenge_id: str | None = None, timed: bool = False) -> None:
        super().__init__()
        self.buffer = buffer
        self.challenge = challenge
        self.challenge_id = challenge_id
        buffer.against(challenge)  # checked for the challenge's world, as `playground run` checks it
        self.attempt = (Attempt(challenge_id or "challenge", challenge.model.time_limit_min, challenge.model.hints)
                        if timed and challenge is not None else None)
        self.selected: str | None = None
        self.hints_shown = 0
        self.lessons_earned: set[str] = set()  # challenges passed in this workbench: their lessons show
        self.last_result: Any = None
        self._autosaved = buffer.text
        self._opened = buffer.text
        self.keeper = Keeper(buffer)

    @property
    def playground(self) -> PlaygroundApp:
        """The app, typed as ours (its opening, results and history)."""
        return cast("PlaygroundApp", self.app)

    def unsaved_edits(self) -> bool:
        """Whether leaving would lose typing: text changed since the last save, or since opening
        for a design that has no file (a share line, a challenge's starting design)."""
        reference = self.buffer.saved_text if self.buffer.saved_text is not None else self._opened
        return self.buffer.text != reference

    def _title(self) -> None:
        """The header: the clock first (it must survive 80 columns), then the challenge, then the
        design and whether it has unsaved changes."""
        where = str(self.buffer.path) if self.buffer.path else "unsaved"
        parts = [f"{self.buffer.name} — {where}{' *' if self.buffer.dirty else ''}"]
        if self.challenge is not None:
            parts.insert(0, self.challenge_id or self.challenge.model.title)
        if self.attempt is not None:
            parts.insert(0, self.attempt.clock())
            if self.attempt.left_s <= 0 and not self.attempt.told:
                self.attempt.told = True
                self.notify("Time is up. You can still submit (f6); the attempt is marked late.",
                            title=self.attempt.challenge_id, timeout=15)
        self.sub_title = " · ".join(parts)

    async def refresh_views(self, model_changed: bool = True) -> None:
        if model_changed:
            self.query_one(DiagramView).show(self.buffer.model)
        self.query_one(ProblemList).show(self.buffer.checked.problems)
        await self._inspect()
        self._title()
        self.refresh_bindings()  # run and export dim while the YAML does not load

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

