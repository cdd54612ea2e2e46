"""The card tells every outcome a user would not call success: degraded answers per operation,
and every anomaly the run had, those no requirement names marked as not graded."""

from __future__ import annotations

from playground.core import simulate
from playground.render.scorecard import score_card
from playground.scoring import score
from tests.core.helpers import challenge, design, service
from tests.render.test_results_render import text

TINY = {"distribution": "deterministic", "mean_ms": 0.001}


def lagging_replica() -> object:
    return design(
        service(workers=256, mean_ms=0.001, distribution="deterministic", calls=["db"]),
        {"id": "db", "kind": "database", "workers": 256, "read_time": TINY, "write_time": TINY,
         "read_from": "replicas"},
        {"id": "replica", "kind": "replica", "of": "db", "workers": 256, "read_time": TINY,
         "lag": {"distribution": "exponential", "mean_ms": 500}},
    )


def test_a_pass_still_shows_the_stale_reads_no_requirement_grades():
    # the challenge grades availability and lost writes only: stale reads pass unseen today
    c = challenge(400.0, 10.0, mix={"read": 1, "write": 1}, keys={"count": 20},
                  requirements=[{"kind": "availability", "min": 0.99},
                                {"kind": "anomaly", "anomaly": "lost_write", "max_count": 0}])
    d = lagging_replica()
    result = simulate(d, c)
    card = score(d, c, result)
    assert card.passed
    stale = result.anomalies.counts["stale_read"]
    assert stale > 0
    assert [o.to_dict() for o in card.observed if o.anomaly == "stale_read"] == [
        {"anomaly": "stale_read", "count": stale, "rate": round(result.anomaly("stale_read").rate, 6),
         "graded": False}]
    out = text(score_card(card.to_dict()))
    line = next(x for x in out.splitlines() if "stale reads" in x)
    assert f"{stale:,} stale reads" in line and "not graded by this challenge" in line


def test_an_anomaly_a_requirement_names_is_shown_without_the_mark():
    c = challenge(400.0, 10.0, mix={"read": 1, "write": 1}, keys={"count": 20},
                  requirements=[{"kind": "anomaly", "anomaly": "stale_read", "max_rate": 0.99}])
    d = lagging_replica()
    card = score(d, c, simulate(d, c))
    assert [o.graded for o in card.observed if o.anomaly == "stale_read"] == [True]
    line = next(x for x in text(score_card(card.to_dict())).splitlines() if "stale reads" in x)
    assert "not graded" not in line


def test_the_card_counts_degraded_answers_per_operation():
    vendor = {"id": "dep", "kind": "external", "latency": {"distribution": "deterministic", "mean_ms": 5},
              "error_rate": 0.5}
    d = design(service(workers=32, mean_ms=1.0, fallback=True, calls=[{"to": "dep", "optional": True}]), vendor)
    c = challenge(100.0, 10.0)
    result = simulate(d, c)
    card = score(d, c, result)
    n = result.requests.degraded
    assert card.degraded == {"read": n} and n > 0
    assert f"{n:,} read answers" in text(score_card(card.to_dict()))
