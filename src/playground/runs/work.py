"""What a worker does with a batch: load the design once, run each seed, score it, make rows.

This module is what a process pool or a Dask worker imports: the engine, the formats and the
scoring, nothing of the terminal. Its one entry point, `run_batch`, is a plain top-level
function of plain data, so any start method (fork, forkserver, spawn) and any pickler reach it.
"""

from __future__ import annotations

from functools import lru_cache

from playground.core import ENGINE_VERSION
from playground.design.challenge import Challenge
from playground.design.load import load_design_text
from playground.design.model import Design
from playground.runs.row import Row
from playground.runs.task import Batch, Task, compact
from playground.scoring import decided_run


class EngineMismatch(RuntimeError):
    """A worker whose engine is not the version the task names (a cluster of mixed installs)."""


@lru_cache(maxsize=64)
def _challenge(data: str) -> Challenge:
    return Challenge.model_validate_json(data)


@lru_cache(maxsize=64)
def _design(text: str, challenge: str) -> Design:
    world = _challenge(challenge).world
    return load_design_text(text, given=frozenset(world.given_ids()) if world is not None else frozenset()).model


def run_batch(batch: Batch) -> tuple[Row, ...]:
    """Every seed of the batch, in its order. A design or challenge that does not load is the
    caller's to report before it makes tasks; an exception from the engine or the scoring is a
    bug in playground, and reaches the caller as one (`playground` exits 70), never a grade."""
    if batch.engine_version != ENGINE_VERSION:
        raise EngineMismatch(f"this worker runs engine {ENGINE_VERSION}; the task asks for "
                             f"{batch.engine_version}")
    design = _design(batch.design_text, batch.challenge)
    challenge = _challenge(batch.challenge)
    return tuple(run_task(task, design, challenge, batch.keep_results) for task in batch.tasks)


def run_task(task: Task, design: Design, challenge: Challenge, keep_result: bool) -> Row:
    seed = task.seed(challenge)
    result, card = decided_run(design, challenge, seed, mode=task.mode, requests_limit=task.requests_limit)
    return Row(task.key, task.seed_index, seed, task.engine_version, card.passed,
               round(card.overall, 6), compact(card.to_dict()),
               compact(result.to_dict()) if keep_result else None)
