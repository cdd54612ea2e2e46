"""A challenge: a story, the traffic and faults it throws at a design, and what must hold."""

from __future__ import annotations

from pathlib import PurePosixPath, PureWindowsPath
from typing import Any, Literal

from pydantic import Field, field_validator, model_validator

from playground.core.horizon import Renewal, Structure
from playground.core.physics import Physics
from playground.design.availability import Horizon
from playground.design.availability import model as availability_model
from playground.design.model import Design
from playground.design.world import World
from playground.design.world import physics as world_physics
from playground.faults import Fault
from playground.formats.base import Name, Prose, StrictModel
from playground.formats.measure import Measure
from playground.formats.traffic import Traffic
from playground.requirements import LatencyRequirement, Requirement

MOST_CYCLES = 20_000
"""Failures of one process a long horizon may hold (a year of one every 26 minutes)."""


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
    grading_seeds: int = Field(
        5, ge=1, le=64,
        description="How many seeds grade it: `seed` and the ones derived from it (docs/scoring.md).",
    )
    traffic: Traffic
    grace_s: float = Field(
        10.0, ge=0, le=3600,
        description="Seconds after the traffic window for work still under way (queued messages, "
        "redeliveries) to be done; a write or side effect not done by then is lost (lost_write, "
        "lost_effect). The run also waits for the client's longest request.",
    )
    faults: list[Fault] = Field(default_factory=list, max_length=200)
    requirements: list[Requirement] = Field(default_factory=list, max_length=100)
    measure: Measure = Field(default_factory=Measure)
    weights: Weights = Field(default_factory=Weights)
    horizon: Horizon | None = Field(
        None, description="Also run a long horizon (a simulated year) of the faults' random failures and "
        "repairs, without requests, for availability over months (docs/engine.md); a requirement judged on "
        "it (yearly_availability) asks for it with the defaults.",
    )
    world: World | None = Field(
        None, description="The world the challenge owns: its places and network, its given parts, the "
        "application's work and the machine catalog. Without it, a design's own fields are the physics "
        "(free play).",
    )

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

    @model_validator(mode="after")
    def _warmup_fits(self) -> Challenge:
        if self.measure.warmup_s >= self.traffic.duration_s:
            raise ValueError(f"measure.warmup_s ({self.measure.warmup_s:g} s) leaves nothing to measure: "
                             f"the traffic lasts {self.traffic.duration_s:g} s")
        return self

    def checks(self) -> list[tuple[tuple[Any, ...], str, str | None, str]]:
        """What a schema cannot catch (path, message, hint, severity): a long horizon is for
        failures of hours and days; one of seconds would cycle millions of times over a year
        (and take minutes to run), so it is refused."""
        horizon = self.long_horizon()
        out: list[tuple[tuple[Any, ...], str, str | None, str]] = []
        if horizon is None:
            return out
        span = horizon.days * 86_400.0
        for i, fault in enumerate(self.faults):
            for law, _ in fault.long_run(i, [("any", (0,))]):
                cycles = span / (law.mtbf_s + law.mttr_s)
                if cycles > MOST_CYCLES:
                    least = span / MOST_CYCLES
                    out.append((("faults", i, "mtbf_s"),
                                f"it would fail {cycles:,.0f} times over the {horizon.days:g}-day horizon "
                                f"(at most {MOST_CYCLES:,})",
                                f"mtbf_s + mttr_s of {least:,.0f} s or more, or a shorter horizon", "error"))
        return out

    def percentiles(self) -> tuple[float, ...]:
        """The latency percentiles its requirements name, in increasing order."""
        return tuple(sorted({r.percentile for r in self.requirements if isinstance(r, LatencyRequirement)}))

    def parts_counted(self) -> frozenset[str]:
        """The parts whose calls by operation its requirements judge (a run counts only those)."""
        return frozenset(p for r in self.requirements for p in r.parts_counted())

    def long_horizon(self) -> Horizon | None:
        """The long horizon a run makes: the challenge's own, or the defaults when a requirement
        is judged on one."""
        if self.horizon is None and any(r.long_run for r in self.requirements):
            return Horizon()
        return self.horizon

    def availability_model(self, system: Design) -> tuple[Structure, list[Renewal], float] | None:
        """What the long horizon runs on `system` (the assembled design): the structure a read
        needs, the failure processes, and the days; None when the challenge asks for none."""
        horizon = self.long_horizon()
        if horizon is None:
            return None
        root, processes = availability_model(system, list(self.faults), horizon, self.physics())
        return root, processes, horizon.days

    def physics(self) -> Physics:
        """What the run's times, CPUs and network come from: the world when the challenge owns
        one, else the design's own fields (free play)."""
        return world_physics(self.world, self.traffic.keys.count)

    def assemble(self, design: Design) -> Design:
        """The system a run simulates: the design, and the parts the world gives; a given part
        whose fields the design chooses stands where the design lists it, with those fields."""
        world = self.world
        if world is None or not world.given:
            return design
        components, listed = [], set()
        for c in design.components:
            sized = world.sized(c)
            components.append(c if sized is None else sized)
            if sized is not None:
                listed.add(c.id)
        rest = [g for g in world.given if g.id not in listed]
        return design.model_copy(update={"components": [*components, *rest]})
