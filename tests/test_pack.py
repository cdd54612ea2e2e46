"""The challenge pack: every challenge is complete, its starter fails it for the reason its story
names, its reference solution passes it, and the empty design passes none."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.design import bundled
from playground.design.load import check_pairing, load_challenge, load_design
from playground.runs.seeds import grading_seeds
from playground.scoring import monthly_cost

CHALLENGES = bundled.challenge_files()
IDS = [p.stem for p in CHALLENGES]
STORIES = {
    # id: (the requirement kind and anomaly its starter must fail, as the story says)
    "first-crud": ("latency", None),
    "lost-sessions": ("anomaly", "lost_session"),
    "replica-lag": ("anomaly", "read_your_writes"),
    "double-charge": ("anomaly", "duplicate_side_effect"),
    "hanging-dependency": ("availability", None),
    "price-cache": ("anomaly", "stale_read"),
    "flash-sale": ("anomaly", "oversell"),
    "hot-key": ("latency", None),
    "slow-side-effects": ("latency", None),
    "noisy-neighbour": ("latency", None),
    "two-regions": ("availability", None),
    "disaster-recovery": ("availability", None),
    "traffic-spike": ("latency", None),
    "site-feels-slow": ("latency", None),
    "a-year-up": ("yearly_availability", None),
}


def starter(path: Path) -> Path:
    return path.parent / load_challenge(path).model.starting_design  # type: ignore[operator]


def solution(path: Path) -> Path:
    return path.parent / "solutions" / path.name


def test_the_pack_covers_every_story():
    assert len(CHALLENGES) >= 14
    assert set(STORIES) <= set(IDS)
    assert set(EMPTY_FAILS) == set(IDS)


@pytest.mark.parametrize("path", CHALLENGES, ids=IDS)
def test_challenge_is_complete(path):
    c = load_challenge(path).model
    assert c.story and c.teaches and c.time_limit_min
    assert len(c.hints) >= 2, "hints are revealed in order, so give more than one"
    assert c.starting_design == f"starters/{path.name}"
    assert c.requirements, "a challenge with no requirement is passed by anything"
    kinds = {r.kind for r in c.requirements}
    assert "cost" in kinds, "every challenge has a budget, so the cost score is judged"


@pytest.mark.parametrize("path", CHALLENGES, ids=IDS)
def test_starter_and_solution_load_cleanly_and_fit_the_faults(path):
    challenge = load_challenge(path)
    for design_path in (starter(path), solution(path)):
        design = load_design(design_path, bundled.given_for(design_path))
        assert design.warnings == []
        assert check_pairing(design.model, challenge) == []


@pytest.mark.parametrize("path", CHALLENGES, ids=IDS)
def test_solution_fits_the_budget_with_room(path):
    """Provisioned cost alone (per-request charges come from the run) within 60 % of budget."""
    budget = next(r for r in load_challenge(path).model.requirements if r.kind == "cost")
    cost = monthly_cost(load_design(solution(path), bundled.given_for(solution(path))).model).monthly_usd
    assert cost <= 0.6 * budget.max_monthly_usd  # type: ignore[union-attr]


# --- end to end, on the engine ------------------------------------------------------------------

EMPTY = {"name": "empty", "entry": "api", "components": [{"id": "api", "kind": "service"}]}
"""The least a design can be: one service that calls nothing."""


def run(challenge, design, seed):
    from playground.core import simulate
    from playground.scoring import score

    result = simulate(design, challenge, seed)
    return score(design, challenge, result), result


def failures(card, measured_only: bool = False) -> list:
    return [
        r
        for r in card.requirements
        if not r.implicit and not r.passed and (r.actual is not None or not measured_only)
    ]


def describe(failed) -> list[str]:
    return [f"{r.name}: {r.actual} against {r.target}" for r in failed]


@pytest.mark.parametrize("path", CHALLENGES, ids=IDS)
def test_solution_passes_at_every_grading_seed(path):
    """Every seed that grades the challenge (its own and those derived from it): the outcome
    must not depend on luck."""
    challenge = load_challenge(path).model
    design = load_design(solution(path), bundled.given_for(solution(path))).model
    for seed in grading_seeds(challenge):
        card, _ = run(challenge, design, seed)
        assert not failures(card), f"seed {seed}: {describe(failures(card))}"


@pytest.mark.parametrize("path", CHALLENGES, ids=IDS)
def test_starter_fails_for_the_reason_its_story_names(path):
    challenge = load_challenge(path).model
    design = load_design(starter(path), bundled.given_for(starter(path))).model
    kind, anomaly = STORIES[path.stem]
    for seed in grading_seeds(challenge):
        card, _ = run(challenge, design, seed)
        because = [
            r
            for r in failures(card, measured_only=True)
            if r.kind == kind and (anomaly is None or r.anomaly == anomaly)
        ]
        assert because, (
            f"seed {seed}: fails {describe(failures(card))}, not on {kind} {anomaly or ''}"
        )


EMPTY_FAILS = {
    # id: (the requirement kind and anomaly the empty design fails, for a reason the story knows)
    "first-crud": ("anomaly", "lost_write"),  # notes acknowledged and kept nowhere
    "lost-sessions": ("availability", None),  # its one instance is restarted mid-evening
    "replica-lag": ("anomaly", "read_your_writes"),  # a saved profile is never seen again
    "double-charge": ("anomaly", "lost_write"),  # paid orders recorded nowhere
    "hanging-dependency": ("anomaly", "lost_write"),
    "price-cache": ("anomaly", "stale_read"),  # prices read from nowhere
    "flash-sale": ("anomaly", "lost_write"),  # sales recorded nowhere
    "hot-key": ("anomaly", "lost_write"),
    "slow-side-effects": ("anomaly", "lost_write"),  # accounts created nowhere
    "noisy-neighbour": ("anomaly", "lost_write"),
    "two-regions": ("anomaly", "lost_write"),  # spending that never reaches the ledger
    "disaster-recovery": ("anomaly", "lost_write"),
    "traffic-spike": ("anomaly", "lost_write"),
    "site-feels-slow": ("anomaly", "lost_write"),
    "a-year-up": ("yearly_availability", None),  # one instance of one service: its own failures and its zone's
}


@pytest.mark.parametrize("path", CHALLENGES, ids=IDS)
def test_the_empty_design_passes_no_challenge(path):
    """It fails a requirement the run measured (not one the engine could not judge), and the one
    its story makes sense of: data written to a design that stores nothing is lost."""
    from playground.design.model import Design

    challenge = load_challenge(path).model
    card, _ = run(challenge, Design.model_validate(EMPTY), challenge.seed)
    kind, anomaly = EMPTY_FAILS[path.stem]
    failed = failures(card, measured_only=True)
    assert any(r.kind == kind and r.anomaly == anomaly for r in failed), (
        f"the empty design fails {describe(failed)}, not on {kind} {anomaly or ''}"
    )
