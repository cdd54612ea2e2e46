"""A service's state beyond its slots: user sessions held in instance memory, and idempotency
keys that let a retried side effect (a charge) be applied once."""

from __future__ import annotations

from collections import deque
from typing import Any

from playground.core.kernel import EFFECTS, ERROR, OK, Kernel
from playground.core.station import Station

IN_PROGRESS, APPLIED = 1, 2


class Service(Station):
    """sessions: memory means a session's state lives in the instance that last served it; a
    request landing on an instance without it (moved by the balancer, or the instance crashed)
    has lost its session. idempotency_keys: the service remembers each request's key (its id,
    shared by its retries); a retry of an applied side effect is answered from memory, one of
    a side effect still under way is refused (a conflict) instead of applied twice."""

    kind = "service"

    def __init__(self, kernel: Kernel, comp: Any, index: int, **kw: Any):
        super().__init__(kernel, comp, index, **kw)
        self.memory_sessions = comp.sessions == "memory"
        self.idempotent = comp.idempotency_keys
        self.known_sessions: set[int] = set()
        self.keys: dict[int, int] = {}  # request id -> IN_PROGRESS or APPLIED
        self.owner: dict[int, list] = {}  # request id -> the frame applying it
        self.key_times: deque[tuple[float, int]] = deque()
        self.replayed = 0
        self.conflicts = 0
        self.lost_sessions = 0

    def own_done(self, t: float, frame: list) -> None:
        req = frame[0]
        if self.memory_sessions:
            held = frame[8].sessions
            s = req[3]
            if s not in held:
                if s in self.known_sessions:
                    self.lost_sessions += 1
                    if self.ledger is not None:
                        self.ledger.found("lost_session", req, t)
                else:
                    self.known_sessions.add(s)
                held.add(s)
        if self.idempotent and req[1] in EFFECTS:
            rid = req[0]
            if self.ledger is not None:
                self.ledger.key(t, rid)
            state = self.keys.get(rid)
            if state == APPLIED:
                self.replayed += 1
                self.release(t, frame, OK)
                return
            if state == IN_PROGRESS:
                self.conflicts += 1
                self.release(t, frame, ERROR)
                return
            self.keys[rid] = IN_PROGRESS
            self.owner[rid] = frame
            self.key_times.append((t, rid))
        Station.own_done(self, t, frame)

    def release(self, t: float, frame: list, outcome: int = OK) -> None:
        if self.idempotent:
            rid = frame[0][0]
            if self.owner.get(rid) is frame:
                del self.owner[rid]
                if outcome:
                    self.keys.pop(rid, None)  # it failed: a retry may apply it
                else:
                    self.keys[rid] = APPLIED
        Station.release(self, t, frame, outcome)

    def shortcuts(self) -> None:
        super().shortcuts()
        if getattr(self, "memory_sessions", False) or getattr(self, "idempotent", False):
            self.work = [self._own_done] * len(self.work)  # every call passes own_done

    def forget(self, horizon: float) -> None:
        q = self.key_times
        while q and q[0][0] < horizon:
            rid = q.popleft()[1]
            if self.keys.get(rid) == APPLIED:
                del self.keys[rid]

    def extra(self) -> dict[str, Any]:
        out = super().extra()
        if self.idempotent:
            out.update(replayed=self.replayed, conflicts=self.conflicts)
        if self.memory_sessions:
            out["lost_sessions"] = self.lost_sessions
        return out
