"""The traffic a challenge sends: phases of Poisson arrivals (open) or a number of users who each
wait for their answer and think before the next (closed), the operation mix, keys, sessions,
clients, and how the clients react to a slow or failed answer."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from playground.formats.base import Fraction, Millis, Operation, Span, StrictModel, Timing, timing


class Phase(StrictModel):
    """A stretch of traffic at one rate, reached by a linear ramp from the previous rate."""

    duration_s: Span
    rps: float = Field(ge=0, le=1_000_000, description="Arrivals per second (Poisson).")
    ramp_s: float = Field(0.0, ge=0, le=86_400, description="Seconds to ramp from the previous rate.")

    @model_validator(mode="after")
    def _ramp_fits(self) -> Phase:
        if self.ramp_s > self.duration_s:
            raise ValueError("ramp_s cannot be longer than the phase's duration_s")
        return self


class Keys(StrictModel):
    count: int = Field(10_000, ge=1, le=100_000_000, description="Distinct keys.")
    distribution: Literal["uniform", "zipf"] = "uniform"
    zipf_s: float = Field(1.0, gt=0, le=5, description="Zipf exponent; larger is more skewed.")
    initial_stock: int = Field(
        100, ge=0, le=1_000_000_000,
        description="Units of stock (or of a balance) every key starts with; each decrement takes one.",
    )


MAX_TRAFFIC_S = 86_400.0
"""Longest traffic a challenge may ask for, all phases together: one simulated day."""
MAX_REQUEST_S = 3_600.0
"""Longest one request may last with every attempt and backoff: a run waits that long after its
traffic for the last answers, so it bounds the drain as the one field bounds the timeout."""


class ClientPolicy(StrictModel):
    """How the outside world behaves when we are slow: it gives up, and it tries again."""

    timeout_ms: Millis = Field(1000.0, description="A request not answered by then has failed.")
    retries: int = Field(0, ge=0, le=10, description="Times a failed request is sent again.")
    backoff_ms: Millis = Field(100.0, description="Wait before the first retry, doubled each time.")
    jitter: bool = True

    @property
    def longest_request_s(self) -> float:
        """Every attempt timing out, with the backoffs between them (jitter only shortens them)."""
        return (self.retries + 1) * self.timeout_ms / 1000.0 + self.backoff_ms / 1000.0 * (
            (1 << self.retries) - 1)

    @model_validator(mode="after")
    def _bounded(self) -> ClientPolicy:
        longest = self.longest_request_s
        if longest > MAX_REQUEST_S:
            raise ValueError(
                f"a request could last {_duration(longest)} (timeout_ms x (retries + 1), plus "
                f"backoff_ms doubling between attempts); at most {_duration(MAX_REQUEST_S)}: "
                "lower timeout_ms, retries or backoff_ms")
        return self


def _duration(seconds: float) -> str:
    for unit, size in (("days", 86_400), ("hours", 3_600), ("minutes", 60)):
        if seconds >= size:
            return f"{seconds / size:,.1f} {unit}"
    return f"{seconds:,.1f} s"


class Users(StrictModel):
    """A closed loop: a fixed number of users, each sending one request, waiting for its end (an
    answer, or the client's timeout after its retries), thinking, then sending the next. Each
    user is a session of its own. Offered load follows the system: a slow answer delays the next
    request, as people at a screen do, where open arrivals keep coming."""

    count: int = Field(ge=1, le=100_000, description="Users, each with at most one request under way.")
    think_time: Timing = timing(1000.0)
    duration_s: Span = Field(description="Seconds the users keep sending.")


def _reads_only() -> dict[Operation, float]:
    return {"read": 1.0}


class Traffic(StrictModel):
    """Open arrivals in phases, or closed-loop users: one of the two."""

    phases: list[Phase] | None = Field(
        None, min_length=1, max_length=100, description="Open arrivals: Poisson phases, one after another."
    )
    users: Users | None = Field(None, description="Closed loop: users who wait, think and send again.")
    mix: dict[Operation, Annotated[float, Field(ge=0, le=1_000_000)]] = Field(
        default_factory=_reads_only,
        description="Relative weight of each operation.",
    )
    keys: Keys = Field(default_factory=Keys)
    sessions: int = Field(1000, ge=1, le=10_000_000, description="Distinct user sessions.")
    clients: int = Field(100, ge=1, le=10_000_000, description="Distinct clients (for rate limits).")
    hot_client_share: Fraction = Field(
        0.0, description="Share of all requests sent by one abusive client."
    )
    client: ClientPolicy = Field(default_factory=ClientPolicy)

    @field_validator("phases")
    @classmethod
    def _one_day_at_most(cls, phases: list[Phase] | None) -> list[Phase] | None:
        total = sum(p.duration_s for p in phases or ())
        if total > MAX_TRAFFIC_S:
            raise ValueError(
                f"the phases last {_duration(total)} together; at most {_duration(MAX_TRAFFIC_S)} "
                "(a run covers one simulated day): shorten duration_s or use fewer phases")
        return phases

    @model_validator(mode="after")
    def _mix_not_empty(self) -> Traffic:
        if not self.mix or sum(self.mix.values()) <= 0:
            raise ValueError("mix needs at least one operation with a weight above 0")
        if (self.phases is None) == (self.users is None):
            raise ValueError("give phases (open arrivals) or users (a closed loop), one of the two")
        return self

    @property
    def duration_s(self) -> float:
        if self.users is not None:
            return self.users.duration_s
        return sum(p.duration_s for p in self.phases or ())
