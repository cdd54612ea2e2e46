"""A circuit breaker on one dependency: closed, open until a time, or half open (one trial)."""

from __future__ import annotations

from collections import deque


class Breaker:
    """Opens when at least `ratio` of the last `window` calls failed; stays open `open_s`."""

    __slots__ = ("fails", "open_s", "ratio", "recent", "state", "trial", "until", "window")

    def __init__(self, ratio: float, window: int, open_s: float):
        self.ratio, self.window, self.open_s = ratio, window, open_s
        self.recent: deque[bool] = deque()
        self.fails = 0
        self.state = "closed"
        self.until = 0.0
        self.trial = False

    def allow(self, t: float) -> bool:
        if self.state == "closed":
            return True
        if self.state == "open":
            if t < self.until:
                return False
            self.state, self.trial = "half_open", False
        if self.trial:
            return False
        self.trial = True
        return True

    def record(self, t: float, ok: bool) -> None:
        if self.state == "half_open":
            if ok:
                self.state = "closed"
                self.recent.clear()
                self.fails = 0
            else:
                self.state, self.until = "open", t + self.open_s
            self.trial = False
            return
        if self.state == "open":
            return
        self.recent.append(ok)
        self.fails += not ok
        if len(self.recent) > self.window:
            self.fails -= not self.recent.popleft()
        if len(self.recent) >= self.window and self.fails >= self.ratio * self.window:
            self.state, self.until = "open", t + self.open_s
