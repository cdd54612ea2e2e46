"""The one place the app reaches the engine and the scoring: swap or fake them here.

A run goes in slices (`Simulation.run(until=t)`) so the app can show progress and cancel
between slices; results and score cards reach the app as plain dicts (`to_dict()`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playground.core import Simulation, estimate
from playground.design.challenge import Challenge
from playground.design.model import Design
from playground.scoring import score as score_run

SLICES = 50


def simulation(design: Design, challenge: Challenge, seed: int | None = None) -> Simulation:
    """A new simulation, with `.now`, `.end_time`, `.run(until=)` and `.result()`."""
    return Simulation(design, challenge, seed)


def score(design: Design, challenge: Challenge, result: Any) -> dict[str, Any]:
    """The score card of a finished run, as a dict."""
    return score_run(design, challenge, result).to_dict()


@dataclass
class Outcome:
    result: dict[str, Any]
    card: dict[str, Any]
    seed: int | None


class Cancelled(Exception):
    """The person cancelled the run between two slices."""


class Refused(Exception):
    """The run is too big to start; the message says how big and what to lower."""


def refusal(challenge: Challenge) -> str | None:
    """Why this challenge's run would not be started (the same estimate as the CLI's)."""
    return estimate.refusal(estimate.estimate(challenge))


def run(
    design: Design,
    challenge: Challenge,
    seed: int | None,
    progress: Callable[[float, float], None],
    cancelled: Callable[[], bool],
) -> Outcome:
    """Run to the end in slices, calling `progress(now, end)` after each; raise Cancelled when
    `cancelled()` turns true between slices, Refused before starting one too big to finish."""
    why = refusal(challenge)
    if why is not None:
        raise Refused(why)
    sim = simulation(design, challenge, seed)
    end = float(sim.end_time)
    for k in range(1, SLICES + 1):
        if cancelled():
            raise Cancelled()
        t = end * k / SLICES
        sim.run(until=t)
        progress(t, end)
    finished = sim.result()
    return Outcome(finished.to_dict(), score(design, challenge, finished), seed)
