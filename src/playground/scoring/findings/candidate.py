"""What a finding is, and a candidate for one: a component, a message, the score categories it
explains and how strongly, and its evidence."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Finding:
    component: str | None
    message: str
    categories: tuple[str, ...]
    points: float
    evidence: tuple[tuple[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "component": self.component,
            "message": self.message,
            "categories": list(self.categories),
            "points": round(self.points, 1),
            "evidence": dict(self.evidence),
        }


@dataclass
class Candidate:
    component: str | None
    message: str
    explains: dict[str, float]
    evidence: dict[str, Any] = field(default_factory=dict)
