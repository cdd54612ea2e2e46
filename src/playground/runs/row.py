"""What one task gave: an immutable row, the same bytes whichever worker made it.

The card (and, when asked, the full result) are kept as the canonical JSON text a run made
rather than as live objects: rows cross process and machine boundaries as plain strings, and two
executors' rows can be compared byte for byte.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any


def _compact(data: Any) -> str:
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


@dataclass(frozen=True)
class Row:
    key: str
    """The task's key (playground.runs.task.Task.key)."""
    seed_index: int
    seed: int
    engine_version: str
    passed: bool
    overall: float
    card_json: str
    """ScoreCard.to_dict() as compact JSON."""
    result_json: str | None = None
    """RunResult.to_dict() as compact JSON, when the batch kept results."""

    @classmethod
    def made(cls, key: str, seed_index: int, seed: int, engine_version: str, card: dict[str, Any],
             result: dict[str, Any] | None = None) -> Row:
        """The row of a run made elsewhere (the app's, in slices), from its card and result."""
        return cls(key, seed_index, seed, engine_version, bool(card.get("passed")),
                   round(float(card["scores"]["overall"]), 6), _compact(card),
                   None if result is None else _compact(result))

    @property
    def card(self) -> dict[str, Any]:
        return json.loads(self.card_json)

    @property
    def result(self) -> dict[str, Any] | None:
        return None if self.result_json is None else json.loads(self.result_json)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"key": self.key, "seed_index": self.seed_index, "seed": self.seed,
                               "engine_version": self.engine_version, "passed": self.passed,
                               "overall": self.overall, "card": self.card}
        if self.result_json is not None:
            out["result"] = self.result
        return out
