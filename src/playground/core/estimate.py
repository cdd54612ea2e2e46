"""How big a run will be, known before it starts, so that one too big is refused with a reason.

The engine simulates every attempt of every request, some 200,000 a second on this project's
reference network; a challenge of 1,000,000 requests a second for ten minutes would keep it
busy for an hour. The size is the expected number of requests (the integral of the traffic's
rate, or `requests_limit`) times the attempts each may make (1 + the client's retries): the
work if every attempt fails. Closed-loop users send at most one request per think time each
(were every answer instant): count x (duration / mean think + 1). The CLI and the app both ask `refusal()` before they start.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from playground.core import distributions
from playground.core.arrivals import segments

if TYPE_CHECKING:
    from playground.design.challenge import Challenge

MAX_ATTEMPTS = 20_000_000
"""Most attempts a run may make: about two minutes of the engine on a small design."""


@dataclass(frozen=True)
class RunSize:
    requests: int
    """Requests the traffic is expected to send (its rate integrated), or the limit if smaller."""
    attempts_each: int
    """Attempts one request may make: the first and the client's retries."""
    closed: bool = False
    """Sent by closed-loop users (what to lower is then theirs)."""

    @property
    def attempts(self) -> int:
        return self.requests * self.attempts_each


def estimate(challenge: Challenge, requests_limit: int | None = None) -> RunSize:
    users = challenge.traffic.users
    if users is None:
        expected = sum((t1 - t0) * (r0 + r1) / 2 for t0, t1, r0, r1 in segments(challenge.traffic))
    else:
        expected = users.count * (users.duration_s / distributions.of(users.think_time).mean + 1)
    requests = round(expected)
    if requests_limit is not None:
        requests = min(requests, requests_limit)
    return RunSize(requests, challenge.traffic.client.retries + 1, users is not None)


def refusal(size: RunSize, limit: int = MAX_ATTEMPTS, *, cli: bool = False) -> str | None:
    """Why a run of this size is not started, with what to lower; None when it may run."""
    if size.attempts <= limit:
        return None
    fits = max(1, limit // size.attempts_each)
    traffic = ("traffic.users' count or duration_s, raise its think_time" if size.closed
               else "traffic.phases' rps or duration_s")
    lower = (f"lower {traffic}, or traffic.client.retries"
             + (f", or run the first {fits:,} requests only with --requests-limit {fits}"
                if cli else ""))
    each = f"{size.attempts_each} attempt{'s' * (size.attempts_each != 1)} each"
    return (f"the run would make up to {size.attempts:,} attempts ({size.requests:,} requests x "
            f"{each}); at most {limit:,} are simulated: {lower}")
