"""Closed-loop users: each sends a request, waits for it to end, thinks, and sends the next.

Open arrivals (playground.core.arrivals) keep coming whatever the system does; a closed loop's
next request waits for the last answer, so a slow system is offered less, and throughput obeys
the interactive response-time law N = X (R + Z) (N users, X requests ended a second, R their mean
time, Z the mean think time). A request ends when it is answered or when the client gives up on
it after its retries; its user starts thinking then. Each user begins by thinking (so they do not
all arrive at once) and sends nothing that would begin after the users' duration.

A user is a session of its own (its requests carry its number as their session, when sessions
are read at all); operations, keys and clients are drawn as for open traffic, from the same
streams. Think times come from the stream `think`.
"""

from __future__ import annotations

from typing import Any

from playground.core.client import Client
from playground.core.kernel import Kernel
from playground.core.streams import Draws, stream
from playground.formats.traffic import Users as UsersFormat


class Users:
    def __init__(self, kernel: Kernel, client: Client, users: UsersFormat):
        self.kernel = kernel
        self.client = client
        self.think = Draws(users.think_time, stream(kernel.seed, "think"))
        self.until = users.duration_s
        self.user_of: dict[int, int] = {}  # request id -> its user, while it lasts
        # A user thinks from the moment the client gave up: each attempt's timeout is an event of
        # its own (not the line of deadlines drained once a second).
        client.track = client.expire_at
        heard = client.finished_hook
        client.finished_hook = self.ended if heard is None else self.chain(heard)
        self._begin = self.begin
        for user in range(users.count):
            self.after_thinking(0.0, user)

    def chain(self, heard: Any) -> Any:
        ended = self.ended

        def both(t: float, req: list, outcome: int) -> None:
            heard(t, req, outcome)
            ended(t, req, outcome)

        return both

    def after_thinking(self, t: float, user: int) -> None:
        d = self.think
        at = t + (d.buf.pop() if d.buf else d.refill())
        if at < self.until:
            self.kernel.at(at, self._begin, user)

    def begin(self, t: float, user: int) -> None:
        """The user sends its next request."""
        c = self.client
        if c.started >= c.limit:  # requests_limit: the traffic is cut here
            if c.cut_at is None:
                c.cut_at = t
                c.on_cut(t)
            return
        rid = c.started
        c.started = rid + 1
        try:
            _, op, key, session, client = c.buf.pop()
        except IndexError:
            _, op, key, session, client = c.refill()
        req: list[Any] = [rid, op, key, None if session is None else user, client, t, t, 0, 0, [], -1]
        self.user_of[rid] = user
        c.track(req)
        c.entry.enter(t, req, req, c._answer)

    def ended(self, t: float, req: list, outcome: int) -> None:
        user = self.user_of.pop(req[0], None)
        if user is not None:
            self.after_thinking(t, user)
