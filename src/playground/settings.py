"""A person's settings: theme and recently opened designs, kept as JSON in the config directory."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path

from playground import locations
from playground.design.files import write_atomic

MAX_RECENT = 10


@dataclass
class Settings:
    theme: str = "textual-dark"
    recent: list[str] = field(default_factory=list)

    @classmethod
    def load(cls, path: Path | None = None) -> Settings:
        """The saved settings, or the defaults if there are none or the file is unreadable."""
        path = path or locations.settings_file()
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return cls()
        if not isinstance(data, dict):
            return cls()
        theme = data.get("theme")
        recent = data.get("recent")
        return cls(
            theme=theme if isinstance(theme, str) else cls.theme,
            recent=[r for r in recent if isinstance(r, str)][:MAX_RECENT] if isinstance(recent, list) else [],
        )

    def save(self, path: Path | None = None) -> None:
        write_atomic(path or locations.settings_file(), json.dumps(asdict(self), indent=2) + "\n")

    def remember(self, design: str | Path) -> None:
        """Put a design at the top of the recent list."""
        name = str(Path(design).resolve())
        self.recent = [name, *(r for r in self.recent if r != name)][:MAX_RECENT]
