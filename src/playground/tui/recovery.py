"""Autosaved copies of unsaved designs, so a crash or a quit never loses one.

Each design (or the untitled one) has one recovery file, named by a hash of its path, with a
small JSON note of where it came from. Saving the design removes it; the next start offers what
is left.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import time
from dataclasses import dataclass
from pathlib import Path

from playground import locations
from playground.design.yamlio import write_atomic


@dataclass(frozen=True)
class Recovery:
    source: Path | None
    text: str
    saved_at: float
    file: Path


def _key(source: Path | None) -> str:
    name = str(source.resolve()) if source else "untitled"
    return hashlib.sha1(name.encode()).hexdigest()[:16]


def _files(source: Path | None) -> tuple[Path, Path]:
    base = locations.recovery_dir() / _key(source)
    return base.with_suffix(".yaml"), base.with_suffix(".json")


def autosave(source: Path | None, text: str) -> Path:
    body, note = _files(source)
    write_atomic(body, text)
    write_atomic(note, json.dumps({"source": str(source.resolve()) if source else None, "saved_at": time.time()}))
    return body


def discard(source: Path | None) -> None:
    for f in _files(source):
        f.unlink(missing_ok=True)


def pending() -> list[Recovery]:
    """Recovery files whose text differs from the file they came from, newest first."""
    out = []
    for note in locations.recovery_dir().glob("*.json"):
        body = note.with_suffix(".yaml")
        try:
            meta = json.loads(note.read_text(encoding="utf-8"))
            text = body.read_text(encoding="utf-8")
        except (OSError, ValueError):
            continue
        source = Path(meta["source"]) if meta.get("source") else None
        with contextlib.suppress(OSError):  # an unreadable source: keep the recovery file
            if source is not None and source.read_text(encoding="utf-8") == text:
                discard(source)
                continue
        out.append(Recovery(source, text, float(meta.get("saved_at", 0)), body))
    return sorted(out, key=lambda r: -r.saved_at)
