"""The challenge pack: every challenge is complete, its starter fails it for the reason its story
names, its reference solution passes it, and the empty design passes none."""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.design import bundled
from playground.design.load import check_pairing, load_challenge, load_design
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
}


def starter(path: Path) -> Path:
    return path.parent / load_challenge(path).model.starting_design  # type: ignore[operator]


def solution(path: Path) -> Path:
    return path.parent / "solutions" / path.name


def test_the_pack_covers_every_story():
    assert len(CHALLENGES) >= 14
    assert set(STORIES) <= set(IDS)


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
        design = load_design(design_path)
        assert design.warnings == []
        assert check_pairing(design.model, challenge) == []


@pytest.mark.parametrize("path", CHALLENGES, ids=IDS)
def test_solution_fits_the_budget_with_room(path):
    """Provisioned cost alone (per-request charges come from the run) within 60 % of budget."""
    budget = next(r for r in load_challenge(path).model.requirements if r.kind == "cost")
    cost = monthly_cost(load_design(solution(path)).model).monthly_usd
    assert cost <= 0.6 * budget.max_monthly_usd  # type: ignore[union-attr]
