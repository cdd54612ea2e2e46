"""The seed set comes from the challenge alone; a task's key from its content alone."""

from __future__ import annotations

import hashlib

import pytest
from pydantic import ValidationError

from playground.core import ENGINE_VERSION
from playground.design.challenge import Challenge
from playground.runs.seeds import derived_seed, grading_seeds, seed_set
from playground.runs.task import Batch, Task, challenge_data

from .helpers import entry


def test_the_set_starts_with_the_challenges_seed_and_derives_the_rest_by_hash():
    challenge = entry("replica-lag").challenge
    seeds = grading_seeds(challenge)
    assert len(seeds) == challenge.grading_seeds == 5
    assert seeds[0] == challenge.seed
    for i, seed in enumerate(seeds[1:], start=1):  # an independent computation of the rule
        digest = hashlib.sha256(f"playground grading seed:{challenge.seed}:{i}".encode()).digest()
        assert seed == int.from_bytes(digest[:4], "big")
    assert len(set(seeds)) == 5


def test_the_set_depends_on_the_seed_and_count_only():
    assert seed_set(11, 3) == seed_set(11, 5)[:3]
    assert seed_set(11, 5) != seed_set(12, 5)
    assert derived_seed(11, 0) == 11


def test_the_count_is_a_field_of_the_challenge_with_bounds():
    data = entry("first-crud").challenge.model_dump(mode="json")
    assert Challenge.model_validate({**data, "grading_seeds": 9}).grading_seeds == 9
    for bad in (0, 65, "many"):
        with pytest.raises(ValidationError):
            Challenge.model_validate({**data, "grading_seeds": bad})


def test_a_tasks_key_changes_with_each_thing_its_run_depends_on_and_nothing_else():
    e = entry("first-crud")
    base = Task(e.design_text, challenge_data(e.challenge), 0)
    assert base.key == Task(e.design_text, challenge_data(e.challenge), 0, ENGINE_VERSION).key
    others = [Task(e.design_text + "# note\n", base.challenge, 0), Task(e.design_text, base.challenge, 1),
              Task(e.design_text, base.challenge, 0, "0.0"), Task(e.design_text, base.challenge, 0, requests_limit=9),
              Task(e.design_text, challenge_data(entry("replica-lag").challenge), 0)]
    assert len({base.key, *(t.key for t in others)}) == 6


def test_a_batch_splits_into_the_same_tasks():
    e = entry("first-crud")
    batch = e.batch()
    assert batch.seed_indices == (0, 1, 2, 3, 4)
    parts = batch.split(5)
    assert [p.seed_indices for p in parts] == [(0,), (1,), (2,), (3,), (4,)]
    assert [t.key for p in parts for t in p.tasks] == [t.key for t in batch.tasks]
    assert [p.seed_indices for p in batch.split(2)] == [(0, 1, 2), (3, 4)]
    assert isinstance(batch, Batch) and batch.split(1) == [batch]
