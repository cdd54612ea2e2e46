"""The requirement registry: every kind is in the challenge format, scored in a real category,
and its `why` reaches the card."""

from __future__ import annotations

import typing

from playground.render.scorecard import score_card
from playground.requirements import CATEGORIES, REQUIREMENTS, Requirement
from playground.scoring import score
from tests.render.test_results_render import text
from tests.scoring.runs import challenge, result
from tests.scoring.test_score import HEALTHY, SHOP


def test_the_union_holds_every_registered_kind_and_nothing_else() -> None:
    union = typing.get_args(typing.get_args(Requirement)[0])
    assert set(union) == set(REQUIREMENTS)
    kinds = [typing.get_args(k.model_fields["kind"].annotation)[0] for k in REQUIREMENTS]
    assert len(set(kinds)) == len(kinds)


def test_every_kind_counts_in_a_category_of_the_score() -> None:
    assert {k.category for k in REQUIREMENTS} <= set(CATEGORIES)


def test_why_is_on_the_card_under_its_requirement() -> None:
    why = "a page that waits on the vendor loses the sale"
    ch = challenge({"kind": "latency", "max_ms": 50, "why": why})
    card = score(SHOP, ch, result(p99=30, components=HEALTHY, anomalies={}))
    (req,) = [r for r in card.requirements if not r.implicit]
    assert req.why == why and req.to_dict()["why"] == why
    lines = text(score_card(card.to_dict())).splitlines()
    at = next(i for i, line in enumerate(lines) if "p99 latency ≤ 50 ms" in line)
    assert why in lines[at + 1]
