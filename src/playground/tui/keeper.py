"""What keeps one workbench's work safe: its recovery slot, autosaves that can fail, and saves
that would overwrite a file someone else changed.

A full disk or a read-only data directory must not cost the person their design: a failed
autosave is said once on screen (and again only if the reason changes), the text stays in
memory, the next tick tries again, and the person is told when it works again.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

from playground import locations
from playground.tui import recovery
from playground.tui.document import DesignBuffer

Tell = Callable[..., None]
"""`notify(message, severity=..., timeout=...)` of a screen."""


class Keeper:
    def __init__(self, buffer: DesignBuffer) -> None:
        self.buffer = buffer
        self.slot: recovery.Slot | None = None
        self.failing: str | None = None  # why the last autosave failed, while it does

    def open(self, tell: Tell) -> None:
        """Take the design's recovery slot; tell if another playground has the file open."""
        recovered = self.buffer.recovered
        if isinstance(recovered, recovery.Slot):
            self.slot = recovered.hold()
            return
        self.slot, other = recovery.Slot.claim(self.buffer.path)
        if other is not None:
            tell(f"{self.buffer.path} is open in another playground too (process {other}). "
                 "Saving here asks first if that one has saved changes to the file.",
                 severity="warning", timeout=12)

    def autosave(self, text: str, name: str, tell: Tell) -> bool:
        """Keep `text` in the slot; False (and said once) when it cannot be written."""
        if self.slot is None:
            self.slot, _ = recovery.Slot.claim(self.buffer.path)
        try:
            self.slot.save(text, name)
        except OSError as e:
            reason = f"{e.strerror or e}" + (f": {e.filename}" if e.filename else "")
            if reason != self.failing:
                tell(f"Autosave failed ({reason}). Your changes are kept in memory and autosave "
                     "tries again every few seconds; save them with ctrl+s (to another place if "
                     "this one is full).", severity="error", timeout=15)
            self.failing = reason
            return False
        if self.failing is not None:
            tell(f"Autosave works again: unsaved changes are kept in {locations.recovery_dir()}.")
            self.failing = None
        return True

    def saved(self, path: Path) -> None:
        """The design was written to `path`: nothing to recover; a first save moves the slot to
        the file's own."""
        if self.slot is None:
            return
        if self.slot.source == path.resolve():
            self.slot.saved()
        else:
            self.slot.discard()
            self.slot, _ = recovery.Slot.claim(path)

    def close(self) -> None:
        if self.slot is not None:
            self.slot.release()


def changed_on_disk(buffer: DesignBuffer, target: Path) -> str | None:
    """Why writing `target` could lose someone else's work, as a question's detail; None if not."""
    try:
        current: Any = target.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None
    except (OSError, UnicodeDecodeError):
        current = None
    if buffer.path is not None and target.resolve() == buffer.path.resolve():
        if current is None or current == buffer.disk_text or current == buffer.text:
            return None
        return (f"{target} was changed on disk since it was opened here (by another program or "
                "playground). Overwrite those changes with this design?")
    return f"{target} already exists. Replace it with this design?"
