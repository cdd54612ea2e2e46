"""A timed challenge in progress: its clock and how many of its hints have been shown."""

from __future__ import annotations

import time


class Attempt:
    """A timed challenge in progress: the clock, the hints shown so far."""

    def __init__(self, challenge_id: str, limit_min: int, hints: list[str]) -> None:
        self.challenge_id = challenge_id
        self.limit_s = limit_min * 60
        self.hints = hints
        self.shown = 0
        self.told = False
        self.started = time.monotonic()

    @property
    def elapsed_s(self) -> float:
        return time.monotonic() - self.started

    @property
    def left_s(self) -> float:
        return self.limit_s - self.elapsed_s

    def clock(self) -> str:
        left = self.left_s
        if left <= 0:
            return "time is up"
        return f"{int(left) // 60:02d}:{int(left) % 60:02d} left"
