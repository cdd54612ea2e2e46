"""The one place the app reaches the engine and the scoring: swap or fake them here.

A run goes in slices (`Simulation.run(until=t)`) so the app can show progress and cancel
between slices; results and score cards reach the app as plain dicts (`to_dict()`).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playground.design.challenge import Challenge
from playground.design.model import Design

SLICES = 50


class Unavailable(RuntimeError):
    """The engine or the scoring is not part of this build."""


def simulation(design: Design, challenge: Challenge, seed: int | None = None) -> Any:
    """A new `playground.core.Simulation` (with `.now`, `.end_time`, `.run(until=)`, `.result()`)."""
    try:
        from playground.core import Simulation
    except ImportError as e:
        raise Unavailable("the simulation engine is not part of this build yet") from e
    return Simulation(design, challenge, seed)


def score(design: Design, challenge: Challenge, result: Any) -> dict[str, Any]:
    """The score card of a finished run, as a dict."""
    try:
        from playground.scoring import score as score_run
    except ImportError as e:
        raise Unavailable("scoring is not part of this build yet") from e
    return score_run(design, challenge, result).to_dict()


@dataclass
class Outcome:
    result: dict[str, Any]
    card: dict[str, Any] | None
    seed: int | None


class Cancelled(Exception):
    pass


def run(
    design: Design,
    challenge: Challenge,
    seed: int | None,
    progress: Callable[[float, float], None],
    cancelled: Callable[[], bool],
) -> Outcome:
    """Run to the end in slices, calling `progress(now, end)` after each; raise Cancelled when
    `cancelled()` turns true between slices."""
    sim = simulation(design, challenge, seed)
    end = float(sim.end_time)
    for k in range(1, SLICES + 1):
        if cancelled():
            raise Cancelled()
        t = end * k / SLICES
        sim.run(until=t)
        progress(t, end)
    finished = sim.result()
    try:
        card = score(design, challenge, finished)
    except Unavailable:
        card = None
    return Outcome(finished.to_dict(), card, seed)
