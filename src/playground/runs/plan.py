"""Grading many designs: one batch per design x challenge, run on an executor, read back as grades.

A batch holds every seed of its design x challenge; when there are too few of them to keep
every worker busy (one design graded on its own), the batches are cut into single seeds so that
the seeds themselves spread over the workers.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from playground.core import ENGINE_VERSION
from playground.design.challenge import Challenge
from playground.design.model import Design
from playground.runs.executors import Executor
from playground.runs.grade import Grade
from playground.runs.row import Row
from playground.runs.seeds import grading_seeds
from playground.runs.task import Batch, challenge_data

SeedProgress = Callable[[int, int], None]
"""Called as runs finish: seeds done, seeds in all."""


@dataclass(frozen=True)
class Entry:
    """One design to grade on one challenge."""

    submission: str
    challenge_id: str
    design: Design
    design_text: str
    challenge: Challenge

    def batch(self, keep_results: bool = False, requests_limit: int | None = None,
              seeds: int | None = None, mode: str = "auto") -> Batch:
        count = self.challenge.grading_seeds if seeds is None else seeds
        return Batch(self.design_text, challenge_data(self.challenge), tuple(range(count)), ENGINE_VERSION,
                     requests_limit, keep_results, mode)


def plan(entries: Sequence[Entry], workers: int, keep_results: bool = False,
         requests_limit: int | None = None, mode: str = "auto") -> list[tuple[int, Batch]]:
    """(entry index, batch) pairs: whole batches when there are at least two per worker, else
    each seed on its own."""
    whole = [(i, e.batch(keep_results, requests_limit, mode=mode)) for i, e in enumerate(entries)]
    if len(whole) >= 2 * workers:
        return whole
    return [(i, part) for i, b in whole for part in b.split(len(b.seed_indices))]


def grade_all(entries: Sequence[Entry], executor: Executor, progress: SeedProgress | None = None,
              keep_results: bool = False, requests_limit: int | None = None, mode: str = "auto") -> list[Grade]:
    """Each entry's grade, in the entries' order, whatever order the executor finished in."""
    planned = plan(entries, executor.workers, keep_results, requests_limit, mode)
    total = sum(len(b.seed_indices) for _, b in planned)
    done = 0

    def finished(_: int, rows: tuple[Row, ...]) -> None:
        nonlocal done
        done += len(rows)
        if progress is not None:
            progress(done, total)

    if progress is not None:
        progress(0, total)
    results = executor.run([b for _, b in planned], finished)
    rows: list[list[Row]] = [[] for _ in entries]
    for (i, _), batch_rows in zip(planned, results, strict=True):
        rows[i].extend(batch_rows)
    return [Grade.of(e.submission, e.challenge_id, e.design, e.challenge, grading_seeds(e.challenge),
                     tuple(rows[i])) for i, e in enumerate(entries)]
