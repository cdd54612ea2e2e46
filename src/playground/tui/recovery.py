"""Autosaved copies of unsaved designs, so that a crash, a quit or a full disk never loses one.

Each design being edited has a slot of its own: a design with a file the slot of its path, a
new design one made up for it, so two unsaved designs never write over each other. A slot is
two files in the recovery directory: KEY.yaml, the text, written only while there are unsaved
changes, and KEY.json, a note of the file it belongs to, the design's name, when it was saved,
and the process holding it. The note is written when the workbench opens the design: a second
playground opening the same file finds it held by a live process, says so, and takes a slot of
its own. Closing the workbench lets go of the note; the next start offers every text left
behind by a process that let go or died, naming its design and the time it was saved.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from playground import locations
from playground.design.files import pid_alive, write_atomic


@dataclass(frozen=True)
class Recovery:
    """Unsaved text a closed or crashed playground left behind."""

    slot: Slot
    text: str
    name: str
    saved_at: float

    @property
    def source(self) -> Path | None:
        return self.slot.source

    def describe(self) -> str:
        """`NAME (PATH)`, or `NAME, a new design never saved`: what the offer names."""
        where = str(self.source) if self.source else "a new design never saved"
        return f"{self.name} ({where})" if self.source else f"{self.name}, {where}"

    def when(self) -> str:
        return time.strftime("%H:%M on %Y-%m-%d", time.localtime(self.saved_at))


@dataclass(frozen=True)
class Slot:
    key: str
    source: Path | None

    @property
    def body(self) -> Path:
        return locations.recovery_dir() / f"{self.key}.yaml"

    @property
    def note(self) -> Path:
        return locations.recovery_dir() / f"{self.key}.json"

    @classmethod
    def claim(cls, source: Path | None) -> tuple[Slot, int | None]:
        """The slot for a design, and the process id of another live playground editing the same
        file, if one is. A file's own slot is taken unless someone holds it or has left text in
        it; then this editor gets a slot of its own, so neither overwrites the other."""
        if source is None:
            return cls(uuid.uuid4().hex[:16], None).hold(), None
        source = source.resolve()
        own = cls(hashlib.sha1(str(source).encode()).hexdigest()[:16], source)
        meta = own.meta()
        holder = meta.get("pid") if meta else None
        live = isinstance(holder, int) and pid_alive(holder)
        if meta is None or (not live and not own.body.exists()):
            return own.hold(), None
        other = holder if live and holder != os.getpid() else None
        return cls(f"{own.key}-{uuid.uuid4().hex[:8]}", source).hold(), other

    def meta(self) -> dict[str, Any] | None:
        try:
            data = json.loads(self.note.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        return data if isinstance(data, dict) else None

    def _write_note(self, pid: int | None, name: str | None = None, saved_at: float | None = None) -> None:
        old = self.meta() or {}
        write_atomic(self.note, json.dumps({
            "source": str(self.source) if self.source else None,
            "name": name if name is not None else old.get("name"),
            "saved_at": saved_at if saved_at is not None else old.get("saved_at"),
            "pid": pid,
        }))

    def hold(self) -> Slot:
        """Mark the slot as held by this process (best effort: a read-only disk must not stop the
        design from opening; the next autosave tries again and says what is wrong)."""
        with contextlib.suppress(OSError):
            self._write_note(os.getpid())
        return self

    def save(self, text: str, name: str) -> None:
        """Keep the unsaved text; OSError when it cannot be written (the caller says so)."""
        write_atomic(self.body, text)
        self._write_note(os.getpid(), name, time.time())

    def saved(self) -> None:
        """The design was saved to its file: no text to keep, the slot still held."""
        with contextlib.suppress(OSError):
            self.body.unlink(missing_ok=True)

    def release(self) -> None:
        """The workbench closes: an empty slot goes, one with text is left for the next start."""
        with contextlib.suppress(OSError):
            if self.body.exists():
                self._write_note(None)
            else:
                self.note.unlink(missing_ok=True)

    def discard(self) -> None:
        for f in (self.body, self.note):
            with contextlib.suppress(OSError):
                f.unlink(missing_ok=True)


def pending() -> list[Recovery]:
    """Texts no live process holds that differ from the file they came from, newest first."""
    out = []
    for note in locations.recovery_dir().glob("*.json"):
        slot = Slot(note.stem, None)
        meta = slot.meta()
        if meta is None:
            continue
        holder = meta.get("pid")
        if isinstance(holder, int) and pid_alive(holder):
            continue  # being edited right now, here or in another playground
        source = Path(meta["source"]) if isinstance(meta.get("source"), str) else None
        slot = Slot(note.stem, source)
        try:
            text = slot.body.read_text(encoding="utf-8")
        except FileNotFoundError:
            slot.discard()  # a crash with nothing unsaved: nothing to offer
            continue
        except OSError:
            continue  # unreadable now; kept for a later start
        with contextlib.suppress(OSError):  # an unreadable source: keep the recovery file
            if source is not None and source.read_text(encoding="utf-8") == text:
                slot.discard()
                continue
        name = meta.get("name") if isinstance(meta.get("name"), str) else None
        saved_at = meta.get("saved_at")
        out.append(Recovery(slot, text, name or (source.stem if source else "untitled"),
                            float(saved_at) if isinstance(saved_at, (int, float)) else 0.0))
    return sorted(out, key=lambda r: -r.saved_at)
