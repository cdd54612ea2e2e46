"""A problem found in a file a person wrote, located at its line and column."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from playground.formats.printable import visible

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a file: where (file, line, col, field path), what, and what to try."""

    file: str
    line: int | None
    col: int | None
    path: str
    message: str
    hint: str | None = None
    severity: Severity = "error"

    @property
    def where(self) -> str:
        if self.line is None:
            return self.file
        return f"{self.file}:{self.line}:{self.col or 1}"

    def __str__(self) -> str:
        text = f"{self.where}: {self.path + ': ' if self.path else ''}{self.message}"
        if self.severity == "warning":
            text = f"{self.where}: warning: {self.path + ': ' if self.path else ''}{self.message}"
        return visible(f"{text} ({self.hint})" if self.hint else text)  # one line, no escapes


class LoadError(Exception):
    """A file could not be loaded; `problems` holds every reason, in file order."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.line or 0, p.col or 0))
        super().__init__("\n".join(str(p) for p in self.problems))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def dotted(path: tuple[str | int, ...]) -> str:
    """('components', 2, 'instances') -> 'components[2].instances'; a key as a person could have
    typed it, control characters shown as escapes."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{visible(str(part))}" if out else visible(str(part))
    return out
