"""A challenge crosses to a grading worker as canonical JSON, and its world must be the same world
there: a machine row that names only a time must keep the catalog's CPUs after the round trip
(it once lost them, so `playground run` graded price-cache with a database of unlimited CPU
while the in-process run limited it)."""

from __future__ import annotations

import pytest

from playground.design import bundled
from playground.design.challenge import Challenge
from playground.design.load import load_challenge, load_design
from playground.runs.task import challenge_data

PACK = sorted(bundled.challenge_files())


@pytest.mark.parametrize("path", PACK, ids=lambda p: p.stem)
def test_every_machine_of_the_solution_is_the_same_after_the_round_trip(path) -> None:
    challenge = load_challenge(path).model
    if challenge.world is None:
        pytest.skip("no world")
    again = Challenge.model_validate_json(challenge_data(challenge))
    solution = load_design(path.parent / "solutions" / path.name, frozenset(challenge.world.given_ids())).model
    for comp in challenge.assemble(solution).components:
        assert again.world is not None
        assert again.world.machine(comp) == challenge.world.machine(comp), comp.id


def test_a_row_that_names_only_a_time_keeps_the_catalogs_cpus() -> None:
    challenge = load_challenge(bundled.challenge_path("price-cache")).model
    again = Challenge.model_validate_json(challenge_data(challenge))
    solution = load_design(bundled.challenge_path("price-cache").parent / "solutions" / "price-cache.yaml").model
    db = next(c for c in solution.components if c.kind == "database")
    assert again.world is not None and again.world.machine(db).vcpus == type(db).catalog[db.size].vcpus
