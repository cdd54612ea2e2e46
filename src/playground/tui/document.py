"""The design being edited: its text (the one source of truth), where it lives, and the last check.

The text is what the person typed; the model follows it when it loads. Edits from the diagram or
the inspector go through `playground.design.edit` on the text, so comments and untouched lines
stay as they were.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playground.design import edit, typed
from playground.design.challenge import Challenge
from playground.design.files import write_atomic
from playground.design.load import Loaded
from playground.design.model import Design
from playground.design.yamlio import parse

NEW_DESIGN = """\
# A new design. Add components with `a` in the diagram (or ctrl+p), or type them here.
name: untitled
description: ""
components: []
"""


class DesignBuffer:
    def __init__(self, text: str, path: Path | None = None, saved: bool = True, *,
                 disk_text: str | None = None, recovered: Any = None) -> None:
        self.path = path
        self.text = text
        self.saved_text = text if saved else None
        self.disk_text = text if saved else disk_text
        """The file's text when it was read or last written here: a save that finds something
        else on disk would overwrite another program's (or playground's) changes."""
        self.recovered = recovered
        """The recovery slot (`recovery.Slot`) the text was recovered from, if it was."""
        self.challenge: Loaded[Challenge] | None = None
        """The challenge the design is checked against (its world's parts, what it owns)."""
        self.checked = typed.check_text(text, self.file)
        self.model: Design | None = self.checked.model  # the last model that loaded

    @property
    def file(self) -> str:
        return str(self.path) if self.path else "<new design>"

    @property
    def dirty(self) -> bool:
        return self.text != self.saved_text

    @property
    def name(self) -> str:
        return self.model.name if self.model else (self.path.stem if self.path else "untitled")

    def against(self, challenge: Loaded[Challenge] | None) -> None:
        """Check the design for `challenge` from now on (None: free play)."""
        self.challenge = challenge
        self.checked = typed.check_text(self.text, self.file, challenge)

    def update(self, text: str) -> bool:
        """Take new text; True if the model changed."""
        self.text = text
        self.checked = typed.check_text(text, self.file, self.challenge)
        if self.checked.model is not None and self.checked.model != self.model:
            self.model = self.checked.model
            return True
        return False

    def apply(self, change: edit.Edit, *args: Any) -> Any:
        """Apply an edit to the text (EditError if it cannot be made, LoadError while the text
        does not parse); returns what the edit returned."""
        new, result = edit.edit_text(self.text, change, *args, file=self.file)
        self.update(new)
        return result

    def save(self, path: Path | None = None) -> Path:
        """Write the text atomically; refuses text that does not parse as YAML (LoadError)."""
        target = path or self.path
        if target is None:
            raise ValueError("the design has no file yet")
        parse(self.text, str(target))  # raises LoadError: nothing is written
        write_atomic(target, self.text)
        self.path = target
        self.saved_text = self.disk_text = self.text
        return target
