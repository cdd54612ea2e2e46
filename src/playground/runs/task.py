"""One unit of work as data: a design's text, a challenge, a seed index, the engine version.

A task carries everything its run depends on and nothing else, so its key (a hash of that
content) names its result: two tasks with one key give the same row on any machine. A batch is
every seed of one design x challenge, sent to a worker as one piece so that what a task costs
to ship and to start is paid once per design, not once per seed.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from playground.core import ENGINE_VERSION
from playground.design.challenge import Challenge
from playground.runs.seeds import grading_seeds


def canonical(data: Any) -> str:
    """The one JSON text of `data` that hashes the same everywhere."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def compact(data: Any) -> str:
    """`data` as short JSON text, its keys in their own (documented) order."""
    return json.dumps(data, separators=(",", ":"), ensure_ascii=False)


def challenge_data(challenge: Challenge) -> str:
    """A challenge as the canonical JSON of its model: comments and key order do not count."""
    return canonical(challenge.model_dump(mode="json"))


@dataclass(frozen=True)
class Task:
    design_text: str
    challenge: str
    """The challenge's model as canonical JSON (challenge_data)."""
    seed_index: int
    engine_version: str = ENGINE_VERSION
    requests_limit: int | None = None
    mode: str = "auto"
    """exact, fast or auto (playground.fast)."""

    @property
    def key(self) -> str:
        """A content hash of everything the run depends on."""
        asked = [self.mode] if self.mode != "auto" else []  # auto's keys are those from before modes
        content = canonical([self.design_text, self.challenge, self.seed_index, self.engine_version,
                             self.requests_limit, *asked])
        return hashlib.sha256(content.encode("utf-8")).hexdigest()[:20]

    def seed(self, challenge: Challenge) -> int:
        """The seed the task runs at: the challenge's set at this index (playground.runs.seeds)."""
        return grading_seeds(challenge)[self.seed_index]


@dataclass(frozen=True)
class Batch:
    """Seeds of one design x challenge that one worker runs in a row."""

    design_text: str
    challenge: str
    seed_indices: tuple[int, ...]
    engine_version: str = ENGINE_VERSION
    requests_limit: int | None = None
    keep_results: bool = False
    """Rows carry each run's full result (for `run --json`), not only its card."""
    mode: str = "auto"

    @property
    def tasks(self) -> tuple[Task, ...]:
        return tuple(Task(self.design_text, self.challenge, i, self.engine_version, self.requests_limit, self.mode)
                     for i in self.seed_indices)

    @property
    def key(self) -> str:
        content = canonical([[t.key for t in self.tasks], self.keep_results])
        return hashlib.sha256(content.encode("utf-8")).hexdigest()[:20]

    def split(self, parts: int) -> list[Batch]:
        """The same seeds in up to `parts` batches, in order (so a lone design can use every worker)."""
        parts = max(1, min(parts, len(self.seed_indices)))
        size = -(-len(self.seed_indices) // parts)
        return [Batch(self.design_text, self.challenge, self.seed_indices[i:i + size], self.engine_version,
                      self.requests_limit, self.keep_results, self.mode)
                for i in range(0, len(self.seed_indices), size)]
