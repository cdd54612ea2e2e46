"""Messages the app's widgets and workers post; screens handle them with `@on`."""

from __future__ import annotations

from typing import Any

from textual.message import Message

from playground.tui.runner import Outcome, Step


class ComponentSelected(Message):
    """A component was picked (in the diagram, the palette or the command palette)."""

    def __init__(self, component_id: str | None) -> None:
        super().__init__()
        self.component_id = component_id


class DiagramCommand(Message):
    """A key on the diagram asked for an action on the selection: add, connect, disconnect,
    delete, rename, entry, inspect."""

    def __init__(self, action: str) -> None:
        super().__init__()
        self.action = action


class FieldEdited(Message):
    """The inspector has a new, valid value for one field of a component (None: the default)."""

    def __init__(self, component_id: str, path: tuple[Any, ...], value: Any) -> None:
        super().__init__()
        self.component_id = component_id
        self.path = path
        self.value = value


class JumpTo(Message):
    """Show this line and column (1-based) of the YAML text."""

    def __init__(self, line: int, col: int) -> None:
        super().__init__()
        self.line = line
        self.col = col


class RunProgress(Message):
    """How far the run has got (seed, simulated time); a newer one replaces a stale one still
    in the queue."""

    def __init__(self, step: Step) -> None:
        super().__init__()
        self.step = step

    def can_replace(self, message: Message) -> bool:
        return isinstance(message, RunProgress)


class RunFinished(Message):
    def __init__(self, outcome: Outcome) -> None:
        super().__init__()
        self.outcome = outcome


class RunFailed(Message):
    def __init__(self, reason: str) -> None:
        super().__init__()
        self.reason = reason
