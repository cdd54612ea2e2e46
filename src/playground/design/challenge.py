"""A challenge: a story, the traffic and faults it throws at a design, and what must hold."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Annotated, Literal

from pydantic import Field, field_validator, model_validator

from playground.design.base import Fraction, Millis, Name, Operation, Prose, StrictModel

Anomaly = Literal[
    "stale_read",
    "read_your_writes",
    "monotonic_read",
    "lost_write",
    "duplicate_side_effect",
    "oversell",
    "lost_session",
]
ANOMALIES: tuple[str, ...] = Anomaly.__args__  # type: ignore[attr-defined]

Target = Annotated[
    str,
    Field(
        pattern=r"^(zone:)?[a-z][a-z0-9_-]{0,39}$",
        description="A component id, or `zone:NAME` for every component in a zone.",
    ),
]
At = Annotated[float, Field(ge=0, le=86_400, description="Seconds from the start of the run.")]
Span = Annotated[float, Field(gt=0, le=86_400, description="Seconds.")]


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


class Traffic(StrictModel):
    phases: list[Phase] = Field(min_length=1, max_length=100)
    mix: dict[Operation, Annotated[float, Field(ge=0, le=1_000_000)]] = Field(
        default_factory=lambda: {"read": 1.0},
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
    def _one_day_at_most(cls, phases: list[Phase]) -> list[Phase]:
        total = sum(p.duration_s for p in phases)
        if total > MAX_TRAFFIC_S:
            raise ValueError(
                f"the phases last {_duration(total)} together; at most {_duration(MAX_TRAFFIC_S)} "
                "(a run covers one simulated day): shorten duration_s or use fewer phases")
        return phases

    @model_validator(mode="after")
    def _mix_not_empty(self) -> Traffic:
        if not self.mix or sum(self.mix.values()) <= 0:
            raise ValueError("mix needs at least one operation with a weight above 0")
        return self

    @property
    def duration_s(self) -> float:
        return sum(p.duration_s for p in self.phases)


class FaultBase(StrictModel):
    at_s: At


class Crash(FaultBase):
    kind: Literal["crash"]
    target: Target
    instance: int | None = Field(None, ge=0, le=999, description="One instance of a service only.")
    duration_s: Span | None = Field(None, description="Recover after this long; none: stays down.")


class Recover(FaultBase):
    kind: Literal["recover"]
    target: Target


class Partition(FaultBase):
    kind: Literal["partition"]
    between: list[Target] = Field(min_length=2, max_length=2)
    one_way: bool = Field(False, description="Only calls from the first to the second are cut.")
    duration_s: Span | None = None


class SlowDown(FaultBase):
    kind: Literal["slow_down"]
    target: Target
    factor: float = Field(gt=1, le=1000, description="Service times are multiplied by this.")
    duration_s: Span | None = None


class Hang(FaultBase):
    kind: Literal["hang"]
    target: Target
    duration_s: Span | None = None


class ReplicaLagSpike(FaultBase):
    kind: Literal["replica_lag_spike"]
    target: Target
    lag_ms: Millis
    duration_s: Span | None = None


class CacheFlush(FaultBase):
    kind: Literal["cache_flush"]
    target: Target


Fault = Annotated[
    Crash | Recover | Partition | SlowDown | Hang | ReplicaLagSpike | CacheFlush,
    Field(discriminator="kind"),
]


class RequirementBase(StrictModel):
    name: Name | None = Field(None, max_length=80, description="Shown on the score card.")


class LatencyRequirement(RequirementBase):
    kind: Literal["latency"]
    percentile: float = Field(99.0, gt=0, lt=100)
    op: Operation | None = Field(None, description="One operation only; none: every request.")
    max_ms: Millis


def percentile_key(percentile: float) -> str:
    """50 -> 'p50', 99.9 -> 'p99.9': the key a latency percentile has in a run's results."""
    return f"p{percentile:g}"


class AvailabilityRequirement(RequirementBase):
    kind: Literal["availability"]
    min: Fraction = Field(description="Share of requests answered ok within the client timeout.")


class AnomalyRequirement(RequirementBase):
    kind: Literal["anomaly"]
    anomaly: Anomaly
    max_count: int | None = Field(None, ge=0, le=1_000_000_000)
    max_rate: Fraction | None = Field(None, description="Share of the affected operations.")

    @model_validator(mode="after")
    def _one_limit(self) -> AnomalyRequirement:
        if self.max_count is None and self.max_rate is None:
            raise ValueError("give max_count or max_rate")
        return self


class CostRequirement(RequirementBase):
    kind: Literal["cost"]
    max_monthly_usd: float = Field(gt=0, le=100_000_000)


Requirement = Annotated[
    LatencyRequirement | AvailabilityRequirement | AnomalyRequirement | CostRequirement,
    Field(discriminator="kind"),
]


class Weights(StrictModel):
    consistency: float = Field(1.0, ge=0, le=100)
    latency: float = Field(1.0, ge=0, le=100)
    availability: float = Field(1.0, ge=0, le=100)
    cost: float = Field(1.0, ge=0, le=100)


class Challenge(StrictModel):
    title: Name = Field(min_length=1, max_length=120)
    story: Prose = Field(min_length=1, max_length=8000)
    teaches: list[Name] = Field(min_length=1, max_length=20, description="Lessons, one line each.")
    difficulty: Literal["warm-up", "easy", "medium", "hard"]
    time_limit_min: int = Field(ge=1, le=480, description="Minutes the person has.")
    hints: list[Prose] = Field(default_factory=list, max_length=20, description="Revealed in order.")
    starting_design: str | None = Field(
        None, description="Path of the starting design, relative to this file and inside its folder."
    )
    seed: int = Field(1, ge=0, le=2**63 - 1, description="Seed the challenge is scored at.")
    traffic: Traffic
    faults: list[Fault] = Field(default_factory=list, max_length=200)
    requirements: list[Requirement] = Field(default_factory=list, max_length=100)
    weights: Weights = Field(default_factory=Weights)

    @field_validator("starting_design")
    @classmethod
    def _inside_folder(cls, value: str | None) -> str | None:
        """A shared challenge must not make the app read a file anywhere else on the disk."""
        if value is None:
            return None
        path = PurePosixPath(value.replace("\\", "/"))
        if path.is_absolute() or ".." in path.parts or PureWindowsPath(value).drive:
            raise ValueError("must be a path inside the challenge's folder, "
                             "such as starters/NAME.yaml (no '..', not absolute)")
        if path.suffix not in (".yaml", ".yml"):
            raise ValueError("must name a .yaml file")
        return value
