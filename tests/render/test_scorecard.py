"""The score card as a person reads it in a terminal, drawn from `ScoreCard.to_dict()`: the same
data the CLI prints, the app keeps and an exported results file holds."""

from __future__ import annotations

import json

from playground.render.scorecard import cost_table, score_card
from playground.scoring import score
from tests.render.test_results_render import text
from tests.scoring.runs import challenge, component, result
from tests.scoring.test_score import HEALTHY, SHOP, SLO

CARD = {  # the shape of ScoreCard.to_dict(), with numbers chosen to be easy to check
    "scores": {"consistency": None, "latency": 50.0, "availability": 0.0, "cost": 75.0, "overall": 56.0},
    "weights": {"consistency": 3, "latency": 1, "availability": 2, "cost": 1},
    "requirements": [
        {"name": "p99 under 100 ms", "target": 100, "actual": 180.5, "unit": "ms", "passed": False},
        {"name": "budget", "target": 400, "actual": 310, "unit": "usd", "passed": True},
        {"name": "no stale reads", "target": 0, "actual": None, "unit": "count", "passed": True,
         "detail": "no reads"},
    ],
    "passed": False,
    "findings": [{"message": "db is saturated", "points": 30.0},
                 {"message": "no replica to fail over to", "points": 0.0}],
    "cost": {"monthly_usd": 310.0, "by_component": {"db": 200.0, "lb": 15.0, "cache": 20.0, "api": 75.0}},
    "seed": 11, "digest": "0123456789ab", "engine_version": "test-1",
    "design_name": "shop", "challenge_title": "Black Friday",
}


def test_card_shows_each_score_requirement_cost_and_reason() -> None:
    out = text(score_card(CARD))
    assert "score 56/100  NOT PASSED: 2 of 3 requirements met" in out
    bars = {line.split()[0]: line.count("█") for line in out.splitlines() if "░" in line or "█" in line}
    assert bars == {"latency": 10, "availability": 0, "cost": 15}  # 20 cells for 100 points
    assert "consistency  not judged" in out and "x3" in out
    assert "✗   p99 under 100 ms" in out and "180.5 ms" in out
    assert "✓   budget" in out and "$400" in out
    assert "no reads" in out
    assert "cost $310/month  (largest: db $200, api $75, cache $20)" in out  # the three largest
    assert "• db is saturated  (-30 pts)" in out
    assert "• no replica to fail over to\n" in out  # no points, none shown
    assert out.rstrip().endswith("seed 11 · digest 0123456789ab · engine test-1")


def test_card_of_a_real_score_survives_json_and_frames_with_challenge_and_design() -> None:
    comps = dict(HEALTHY, api=component("service", series_utilization=[0.2] * 5 + [1.0] * 5))
    card = score(SHOP, challenge(*SLO), result(p99=250, timeout=300, components=comps, anomalies={}))
    data = json.loads(json.dumps(card.to_dict()))  # as an exported results file holds it
    out = text(score_card(data, framed=True), width=110)
    assert out.splitlines()[0].startswith("╭─ ")
    assert "NOT PASSED: 2 of 4 requirements met" in out
    assert "p99 latency ≤ 100 ms" in out and "250.0 ms" in out and "✗" in out
    assert "availability ≥ 99.9%" in out and "97 %" in out
    assert "• api: all 32 worker slots busy from t=5.0s" in out
    assert f"seed 7 · digest {card.digest} · engine test-1" in out
    assert text(score_card(data, framed=True), width=110) == out  # the same card reads the same


def test_findings_wrap_under_their_bullet() -> None:
    card = {"scores": {"overall": 0.0}, "passed": False,
            "findings": [{"message": "word " * 30, "points": 12.0}]}
    lines = [ln for ln in text(score_card(card), width=40).splitlines() if ln.strip()]
    reason = lines[lines.index("why") + 1:]
    assert reason[0].startswith("• word") and len(reason) > 2
    assert all(ln.startswith("  word") for ln in reason[1:-1])
    assert reason[-1].rstrip().endswith("(-12 pts)")


def test_cost_without_a_budget_reads_not_judged():
    card = score(SHOP, challenge({"kind": "latency", "max_ms": 100}), result(components=HEALTHY, anomalies={}))
    out = text(score_card(card.to_dict()))
    axis = next(ln for ln in out.splitlines() if ln.startswith("cost "))  # the score's row
    assert "not judged" in axis
    assert "PASSED: 1 of 1" in out


def test_cost_table_totals_and_explains():
    out = text(cost_table(card_cost()), width=140)
    assert "2 instances x 1 machine (16 worker slots, 32 per small machine) x 730 h x $0.05/h" in out
    assert "$73.00" in out and "total" in out


def card_cost():
    return score(SHOP, challenge(*SLO), result(components=HEALTHY, anomalies={})).cost


def test_card_shows_the_year_of_failures_beside_its_analytic_value() -> None:
    year = {"days": 365.0, "availability": 0.99954, "analytic": 0.99991, "analytic_exact": True,
            "downtime_min": 241.8, "downtime_min_by_month": [0.0] * 11 + [241.8], "degraded_min": 12.4,
            "outages": 3, "longest_outage_min": 200.0, "failures": 40}
    out = text(score_card({**CARD, "horizon": year}), width=140)
    assert ("a year of failures up 99.954 % (analytic 99.991 %), 242 min down in 3 outages, "
            "worst month 242 min, 12 min degraded") in out
    assert "of failures" not in text(score_card(CARD), width=140)
