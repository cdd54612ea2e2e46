"""Small designs and challenges for engine tests, built in code."""

from __future__ import annotations

from typing import Any

from playground.core import RunResult, Simulation, simulate
from playground.design.challenge import Challenge
from playground.design.model import Design


def design(*components: dict[str, Any], entry: str | None = None) -> Design:
    return Design.model_validate({"name": "test", "entry": entry or components[0]["id"],
                                  "components": list(components)})


def challenge(rps: float, duration_s: float, *, phases: list[dict] | None = None,
              mix: dict[str, float] | None = None, keys: dict | None = None,
              client: dict | None = None, seed: int = 1, faults: list[dict] | None = None,
              requirements: list[dict] | None = None, **traffic: Any) -> Challenge:
    return Challenge.model_validate({
        "title": "test", "story": "test", "teaches": ["test"], "difficulty": "easy",
        "time_limit_min": 1, "seed": seed, "faults": faults or [], "requirements": requirements or [],
        "traffic": {"phases": phases or [{"duration_s": duration_s, "rps": rps}],
                    "mix": mix or {"read": 1}, "keys": keys or {},
                    "client": client or {"timeout_ms": 3_600_000}, **traffic},
    })


def service(id: str = "api", *, workers: int = 1, instances: int = 1, mean_ms: float = 10.0,
            distribution: str = "exponential", queue_limit: int = 1_000_000, **kw: Any) -> dict:
    return {"id": id, "kind": "service", "instances": instances, "workers": workers,
            "queue_limit": queue_limit,
            "service_time": {"distribution": distribution, "mean_ms": mean_ms}, **kw}


def run(d: Design, c: Challenge, seed: int | None = None, **kw: Any) -> RunResult:
    return simulate(d, c, seed, **kw)


def sim(d: Design, c: Challenge, seed: int | None = None, **kw: Any) -> Simulation:
    return Simulation(d, c, seed, **kw)
