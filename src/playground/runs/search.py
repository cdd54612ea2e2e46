"""The cheapest design that passes at every grading seed, over a grid of knob settings.

An exhaustive grid, pruned, rather than an optimizer: the spaces people search (a few knobs of a
few values each) are small enough to walk, the answer is then exact and the same on every run
and every executor, and no dependency is needed. Two prunings keep the runs few. A candidate
whose machines alone cost more than the challenge's budget fails its cost requirement, so it is
never run. The rest are run cheapest first, in rounds of a fixed size, and once one passes,
every candidate whose machines alone cost at least as much as that one's whole bill is dropped:
per-request charges only add to a bill, so none of them can be cheaper.
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from playground.design.challenge import Challenge
from playground.design.model import Design
from playground.requirements import CostRequirement
from playground.runs.executors import Executor
from playground.runs.grade import Grade
from playground.runs.knobs import Knob, KnobError, candidate_text
from playground.runs.plan import Entry, grade_all
from playground.runs.submissions import design_for
from playground.scoring import monthly_cost

MAX_CANDIDATES = 4096
ROUND = 8
"""Candidates run per round: fixed, so which ones are run does not depend on the workers."""


class SearchError(ValueError):
    """A search that is not started: too many candidates, or nothing to vary."""


@dataclass(frozen=True)
class Candidate:
    index: int
    values: tuple[Any, ...]
    text: str | None
    design: Design | None
    machines_usd: float
    """What its provisioned machines, disks and backups cost: a floor under its whole bill."""
    invalid: str | None = None

    def settings(self, knobs: tuple[Knob, ...]) -> list[str]:
        return [k.describe(v) for k, v in zip(knobs, self.values, strict=True)]


@dataclass(frozen=True)
class Tried:
    candidate: Candidate
    grade: Grade | None
    """None when it was not run (`why`)."""
    why: str = ""

    @property
    def cost(self) -> float:
        if self.grade is None:
            return self.candidate.machines_usd
        return float(self.grade.to_dict()["cost"].get("monthly_usd", self.candidate.machines_usd))

    @property
    def passed(self) -> bool:
        return self.grade is not None and self.grade.passed


@dataclass(frozen=True)
class SearchResult:
    knobs: tuple[Knob, ...]
    tried: tuple[Tried, ...]
    """Every candidate, in grid order: run, pruned or invalid."""

    @property
    def run(self) -> list[Tried]:
        return [t for t in self.tried if t.grade is not None]

    @property
    def winner(self) -> Tried | None:
        passing = [t for t in self.run if t.passed]
        return min(passing, key=lambda t: (round(t.cost, 2), -t.grade.overall, t.candidate.index),  # type: ignore[union-attr]
                   default=None)

    def frontier(self) -> list[Tried]:
        """The runs no other run beats on both cost and score, cheapest first."""
        out: list[Tried] = []
        for t in sorted(self.run, key=lambda t: (round(t.cost, 2), -t.grade.overall, t.candidate.index)):  # type: ignore[union-attr]
            if not out or t.grade.overall > out[-1].grade.overall:  # type: ignore[union-attr]
                out.append(t)
        return out


def candidates(text: str, knobs: tuple[Knob, ...], challenge: Challenge) -> list[Candidate]:
    grid = list(itertools.product(*(k.values for k in knobs)))
    if not knobs:
        raise SearchError("give at least one knob to vary (--vary ID.FIELD=V1,V2)")
    if len(grid) > MAX_CANDIDATES:
        raise SearchError(f"{len(grid):,} candidates ({' x '.join(str(len(k.values)) for k in knobs)}); "
                          f"at most {MAX_CANDIDATES:,} are searched: give fewer values")
    out = []
    for i, values in enumerate(grid):
        try:
            made = candidate_text(text, knobs, values)
        except KnobError as e:
            out.append(Candidate(i, values, None, None, 0.0, str(e)))
            continue
        design, problems = design_for(made, "<candidate>", challenge)
        if design is None:
            why = "; ".join(f"{p.path}: {p.message}" if p.path else p.message for p in problems) or "invalid"
            out.append(Candidate(i, values, None, None, 0.0, why))
            continue
        out.append(Candidate(i, values, made, design, monthly_cost(design).monthly_usd))
    return out


def budget(challenge: Challenge) -> float | None:
    limits = [r.max_monthly_usd for r in challenge.requirements if isinstance(r, CostRequirement)]
    return min(limits) if limits else None


def search(text: str, knobs: tuple[Knob, ...], challenge_id: str, challenge: Challenge, executor: Executor,
           progress: Callable[[int, int], None] | None = None, round_size: int = ROUND) -> SearchResult:
    """Every candidate tried, pruned or found invalid; `progress(done, to_run)` after each round."""
    everything = candidates(text, knobs, challenge)
    limit = budget(challenge)
    outcome: dict[int, Tried] = {}
    queue = []
    for c in everything:
        if c.design is None:
            outcome[c.index] = Tried(c, None, f"invalid: {c.invalid}")
        elif limit is not None and c.machines_usd > limit:
            outcome[c.index] = Tried(c, None, f"over the budget before running (${c.machines_usd:,.0f} of machines)")
        else:
            queue.append(c)
    queue.sort(key=lambda c: (round(c.machines_usd, 2), c.index))
    best: float | None = None
    done = 0
    while queue:
        if best is not None:
            for c in [c for c in queue if c.machines_usd >= best]:
                outcome[c.index] = Tried(c, None, "pruned: its machines cost at least the cheapest pass")
            queue = [c for c in queue if c.machines_usd < best]
            if not queue:
                break
        wave, queue = queue[:round_size], queue[round_size:]
        entries = [Entry(f"candidate {c.index + 1}", challenge_id, c.design, c.text, challenge)  # type: ignore[arg-type]
                   for c in wave]
        for c, grade in zip(wave, grade_all(entries, executor), strict=True):
            tried = Tried(c, grade)
            outcome[c.index] = tried
            if tried.passed and (best is None or tried.cost < best):
                best = tried.cost
        done += len(wave)
        if progress is not None:
            progress(done, done + len(queue))
    return SearchResult(knobs, tuple(outcome[c.index] for c in everything))
