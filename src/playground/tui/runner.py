"""The one place the app reaches the engine and the scoring: swap or fake them here.

A run goes seed by seed over the challenge's grading seeds (or at one seed), each in slices of
about the same number of requests (`playground.runs.slices`), so the app can show progress over
the seeds and cancel between two slices within a fraction of a second. Results and score cards
reach the app as plain dicts (`to_dict()`); over several seeds the card is the grade's (the
median, the spread, the worst seed) and the result the worst seed's run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playground import fast
from playground.core import ENGINE_VERSION, Simulation, estimate
from playground.design.challenge import Challenge
from playground.design.model import Design
from playground.runs.grade import Grade
from playground.runs.row import Row
from playground.runs.seeds import grading_seeds
from playground.runs.slices import slice_ends
from playground.runs.task import Task, canonical, challenge_data
from playground.scoring import decided_run
from playground.scoring import score as score_run


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
    """The seed of the run `result` is (the worst one of several)."""
    seeds: int = 1
    """How many seeds the card grades."""


@dataclass(frozen=True)
class Step:
    """How far a run has got: seed `index` of `seeds`, simulated to `now` of `end` seconds."""

    index: int
    seeds: int
    now: float
    end: float

    @property
    def fraction(self) -> float:
        return (self.index + (self.now / self.end if self.end > 0 else 1.0)) / self.seeds


class Cancelled(Exception):
    """The person cancelled the run between two slices."""


class Refused(Exception):
    """The run is too big to start; the message says how big and what to lower."""


def refusal(challenge: Challenge, design: Design | None = None) -> str | None:
    """Why this challenge's run would not be started (the same estimate as the CLI's: with a
    design, of what the fast mode would simulate when it is chosen)."""
    return estimate.refusal(fast.size(design, challenge) if design is not None else estimate.estimate(challenge))


def run(
    design: Design,
    challenge: Challenge,
    seed: int | None,
    progress: Callable[[Step], Any],
    cancelled: Callable[[], bool],
) -> Outcome:
    """Run at `seed`, or at every grading seed when it is None, in slices, calling
    `progress(step)` after each; raise Cancelled when `cancelled()` turns true between slices,
    Refused before starting one too big to finish."""
    why = refusal(challenge, design)
    if why is not None:
        raise Refused(why)
    quick = fast.chooses_fast(challenge, "auto")  # one piece a seed: the fast mode is seconds
    seeds = grading_seeds(challenge) if seed is None else (seed,)
    text, data = canonical(design.model_dump(mode="json")), challenge_data(challenge)
    rows: list[Row] = []
    results: dict[int, dict[str, Any]] = {}
    for index, at in enumerate(seeds):
        if quick:
            if cancelled():
                raise Cancelled()
            finished = decided_run(design, challenge, at)[0]  # exactly again if a verdict is in doubt
            progress(Step(index, len(seeds), 1.0, 1.0))
        else:
            finished = sliced(design, challenge, at, Step(index, len(seeds), 0.0, 1.0), progress, cancelled)
        card = score(design, challenge, finished)
        results[index] = finished.to_dict()
        key = Task(text, data, index if seed is None else -1).key
        rows.append(Row.made(key, index, at, ENGINE_VERSION, card))
    if seed is not None:
        return Outcome(results[0], rows[0].card, seed)
    grade = Grade.of(design.name, "", design, challenge, seeds, tuple(rows))
    worst = grade.worst
    return Outcome(results[worst.seed_index], grade.to_dict(), worst.seed, len(seeds))


def sliced(design: Design, challenge: Challenge, seed: int, step: Step, progress: Callable[[Step], Any],
           cancelled: Callable[[], bool]) -> Any:
    """One exact run in slices, so that it shows progress and can be cancelled between two."""
    sim = simulation(design, challenge, seed)
    end = float(sim.end_time)
    for t in slice_ends(challenge.traffic, end):
        if cancelled():
            raise Cancelled()
        sim.run(until=t)
        progress(Step(step.index, step.seeds, t, end))
    return sim.result()
