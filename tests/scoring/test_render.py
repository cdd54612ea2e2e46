"""The score card as a person reads it in a terminal."""

from __future__ import annotations

from rich.console import Console

from playground.render.scorecard import cost_table, scorecard
from playground.scoring import score
from tests.scoring.runs import challenge, component, result
from tests.scoring.test_score import HEALTHY, SHOP, SLO


def text_of(renderable, width=110) -> str:
    console = Console(width=width, record=True, color_system=None)
    console.print(renderable)
    return console.export_text()


def test_a_failing_card_shows_verdict_scores_requirements_reasons_and_how_to_reproduce():
    comps = dict(HEALTHY, api=component("service", series_utilization=[0.2] * 5 + [1.0] * 5))
    card = score(
        SHOP, challenge(*SLO), result(p99=250, timeout=300, components=comps, anomalies={})
    )
    text = text_of(scorecard(card))
    assert "FAILED: 2 of 4 requirements met" in text
    assert "p99 latency ≤ 100 ms" in text and "250.0 ms" in text and "FAIL" in text
    assert "availability ≥ 99.9%" in text and "97%" in text
    assert "1. api: all 32 worker slots busy from t=5.0s" in text
    assert f"seed 7 · digest {card.digest} · engine test-1" in text
    assert "engine" not in text_of(scorecard(card, show_version=False)).split("digest")[-1]


def test_cost_without_a_budget_reads_not_judged():
    card = score(
        SHOP,
        challenge({"kind": "latency", "max_ms": 100}),
        result(components=HEALTHY, anomalies={}),
    )
    line = next(ln for ln in text_of(scorecard(card)).splitlines() if " cost " in ln)
    assert "not judged" in line
    assert "PASSED: 1 of 1" in text_of(scorecard(card))


def test_cost_table_totals_and_explains():
    text = text_of(cost_table(card_cost()), width=140)
    assert (
        "2 instances x 1 machine (16 worker slots, 32 per small machine) x 730 h x $0.05/h" in text
    )
    assert "$73.00" in text and "total" in text


def card_cost():
    return score(SHOP, challenge(*SLO), result(components=HEALTHY, anomalies={})).cost
