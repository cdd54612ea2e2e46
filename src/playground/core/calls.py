"""How a station makes its downstream calls when it must watch them: in parallel, with a call
timeout, retries with backoff, a circuit breaker per dependency, or a fallback. Calls made in
order with none of these take the station's lean path (`Station.forward`), not this one.

A fallback covers only the calls marked optional (what a page can live without): when one of
those fails for good on a read, the read goes on without it and its answer is degraded
(`DEGRADED` on the request), which the run counts apart from ok. Any other failure, a
rejection included, passes up as it is."""

from __future__ import annotations

import random
from collections.abc import Callable
from heapq import heappush
from typing import TYPE_CHECKING, Any

from playground.core.breaker import Breaker
from playground.core.kernel import DEGRADED, ERROR, H_REQ, OK, OP, READ, TIMEOUT, Kernel, Node, Ret

# A station's frame: the hop fields (kernel.H_*), then the instance and the call state.
S_STEP, S_PEND, S_FAIL = 9, 10, 11
# A watched call's token: its frame, which callee, tries so far, still open, the callee's index.
T_FRAME, T_IDX, T_TRIES, T_OPEN, T_CALLEE = range(5)


class Calls:
    """The watched path of a Station's downstream calls (mixed into Station)."""

    route: list[tuple[Node, ...]]
    optional: list[tuple[bool, ...]]  # per operation, per call in its route: marked optional
    heap: list[Any]
    breakers: dict[int, Breaker] | None
    if TYPE_CHECKING:  # what the Station it is mixed into provides
        kernel: Kernel
        id: str
        seq: Callable[[], int]
        fallbacks: int
        _seq_done: Ret
        _tok_done: Ret
        _tok_timeout: Callable[[float, list], None]
        _reissue: Callable[[float, tuple[list, int, int]], None]

        def release(self, t: float, frame: list, outcome: int = OK) -> None: ...
        def shortcuts(self) -> None: ...
        def hand_on(self, t: float, frame: list) -> None: ...

    def resilience(self, *, timeout_ms: float | None, retry: Any, breaker: Any, parallel: bool,
                   fallback: bool, hand_on: bool = False) -> None:
        self.timeout = None if timeout_ms is None else timeout_ms / 1000.0
        if retry is not None:
            self.attempts, self.backoff = retry.attempts, retry.backoff_ms / 1000.0
            self.jitter = random.Random(f"{self.kernel.seed}/retry:{self.id}") if retry.jitter else None
        if breaker is not None:
            self._breaker_cfg = (breaker.failure_ratio, breaker.window, breaker.open_s)
            self.breakers = {}
        self.parallel = parallel
        self.fallback = self.degrades = fallback
        self.hands_on = hand_on  # pass each call on and free the slot (Station.hand_on)
        # Calls made in order with no timeout, retry or breaker take the lean path.
        self.careful = bool(self.timeout or self.attempts or self.breakers is not None or parallel)
        self.shortcuts()

    def seq_done(self, t: float, frame: list, outcome: int) -> None:
        """A call made in order answered, unwatched: on to the next, or the answer."""
        if outcome:
            if self.fallback and self.degrade(frame, frame[S_STEP]):
                self.go_on(t, frame, frame[S_STEP])
            else:
                self.failed(t, frame, outcome)
            return
        step = frame[S_STEP] + 1
        calls = self.route[frame[H_REQ][OP]]
        if step < len(calls):
            frame[S_STEP] = step
            calls[step].enter(t, frame[H_REQ], frame, self._seq_done)
        else:
            self.release(t, frame, OK)

    def begin_calls(self, t: float, frame: list, calls: tuple[Node, ...]) -> None:
        if self.parallel:
            frame[S_PEND] = len(calls)
            for i in range(len(calls)):
                self.issue(t, frame, i, 0)
        else:
            self.issue(t, frame, 0, 0)

    def issue(self, t: float, frame: list, idx: int, tries: int) -> None:
        req = frame[H_REQ]
        callee = self.route[req[OP]][idx]
        if self.breakers is not None:
            br = self.breakers.get(callee.index)
            if br is None:
                br = self.breakers[callee.index] = Breaker(*self._breaker_cfg)
            if not br.allow(t):
                self.settled(t, frame, idx, ERROR)
                return
        tok = [frame, idx, tries, True, callee.index]
        callee.enter(t, req, tok, self._tok_done)
        if self.timeout and tok[T_OPEN]:
            heappush(self.heap, (t + self.timeout, self.seq(), self._tok_timeout, tok))

    def tok_done(self, t: float, tok: list, outcome: int) -> None:
        if tok[T_OPEN]:
            tok[T_OPEN] = False
            self.tried(t, tok, outcome)

    def tok_timeout(self, t: float, tok: list) -> None:
        if tok[T_OPEN]:
            tok[T_OPEN] = False
            self.tried(t, tok, TIMEOUT)

    def tried(self, t: float, tok: list, outcome: int) -> None:
        frame, idx, tries = tok[T_FRAME], tok[T_IDX], tok[T_TRIES]
        if self.breakers is not None:
            self.breakers[tok[T_CALLEE]].record(t, not outcome)
        if outcome and tries < self.attempts:
            wait = self.backoff * (1 << tries)
            if self.jitter is not None:
                wait *= self.jitter.random()
            heappush(self.heap, (t + wait, self.seq(), self._reissue, (frame, idx, tries + 1)))
        else:
            self.settled(t, frame, idx, outcome)

    def reissue(self, t: float, arg: tuple[list, int, int]) -> None:
        self.issue(t, *arg)

    def settled(self, t: float, frame: list, idx: int, outcome: int) -> None:
        """A downstream call is over, retries included."""
        if self.parallel:
            if outcome and not frame[S_FAIL] and not (self.fallback and self.degrade(frame, idx)):
                frame[S_FAIL] = outcome
            frame[S_PEND] -= 1
            if frame[S_PEND] == 0:
                if frame[S_FAIL]:
                    self.failed(t, frame, frame[S_FAIL])
                else:
                    self.release(t, frame, OK)
        elif outcome and not (self.fallback and self.degrade(frame, idx)):
            self.failed(t, frame, outcome)
        elif idx + 1 < len(self.route[frame[H_REQ][OP]]):
            frame[S_STEP] = idx + 1
            self.issue(t, frame, idx + 1, 0)
        else:
            self.release(t, frame, OK)

    def degrade(self, frame: list, idx: int) -> bool:
        """Whether the failed call idx is one a read can do without (marked optional): then the
        read is marked degraded and goes on without it."""
        req = frame[H_REQ]
        if req[OP] != READ or not self.optional[READ][idx]:
            return False
        if not req[DEGRADED]:
            req[DEGRADED] = 1
            self.fallbacks += 1
        return True

    def go_on(self, t: float, frame: list, idx: int) -> None:
        """On to the call after idx, made in order unwatched (seq_done's path), or the answer."""
        calls = self.route[frame[H_REQ][OP]]
        if idx + 1 < len(calls):
            frame[S_STEP] = idx + 1
            calls[idx + 1].enter(t, frame[H_REQ], frame, self._seq_done)
        else:
            self.release(t, frame, OK)

    def failed(self, t: float, frame: list, outcome: int) -> None:
        """A dependency failed for good: pass the failure up (a dependency's timeout is this
        component's error)."""
        self.release(t, frame, ERROR if outcome == TIMEOUT else outcome)
