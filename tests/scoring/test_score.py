"""Scores, requirements, findings and reproducibility, on results built by hand."""

from __future__ import annotations

import json
import math
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playground.core.record import ResultError, RunResult
from playground.design.load import load_design_text
from playground.scoring import EXIT_FAILED, EXIT_PASSED, exit_code, score
from playground.scoring.measure import ZERO_AT, curve
from tests.scoring.runs import challenge, component, design, result, stats, trace

SHOP = design(
    {"id": "lb", "kind": "load_balancer", "calls": ["api"]},
    {
        "id": "api",
        "kind": "service",
        "instances": 2,
        "workers": 16,
        "calls": ["db", {"to": "payments", "ops": ["charge"]}],
    },
    {"id": "db", "kind": "database"},
    {"id": "payments", "kind": "external"},
)
SLO = (
    {"kind": "latency", "percentile": 99, "max_ms": 100},
    {"kind": "availability", "min": 0.999},
    {"kind": "anomaly", "anomaly": "duplicate_side_effect", "max_count": 0},
    {"kind": "cost", "max_monthly_usd": 400},
)
HEALTHY = {
    "lb": component("load_balancer"),
    "api": component("service"),
    "db": component("database"),
    "payments": component("external", throughput_rps=5),
}


def test_curve_is_100_with_room_60_at_the_limit_and_0_at_the_zero_point():
    assert curve(0.0, 4) == curve(0.5, 4) == 100
    assert curve(1.0, 4) == pytest.approx(60)
    assert curve(4.0, 4) == pytest.approx(0) and curve(40.0, 4) == 0
    assert curve(2.0, 4) == pytest.approx(30)  # halfway to the zero point on a log scale


@given(st.floats(0, 1000), st.floats(0, 1000), st.sampled_from(sorted(ZERO_AT.values())))
def test_curve_never_rises_with_the_ratio(a, b, zero_at):
    lo, hi = sorted((a, b))
    assert curve(lo, zero_at) >= curve(hi, zero_at)


def test_meeting_everything_with_room_scores_100_and_passes():
    card = score(SHOP, challenge(*SLO), result(p99=30, components=HEALTHY, anomalies={}))
    assert card.passed and exit_code(card) == EXIT_PASSED
    assert card.scores == {
        "consistency": 100,
        "latency": 100,
        "availability": 100,
        "cost": 100,
        "overall": 100,
    }
    assert card.findings == ()
    assert [r.passed for r in card.requirements if not r.implicit] == [True] * 4


def test_a_missed_latency_target_fails_scores_by_the_curve_and_weights_overall():
    card = score(
        SHOP,
        challenge(*SLO, weights={"latency": 2, "consistency": 1, "availability": 1, "cost": 0}),
        result(p99=200, components=HEALTHY, anomalies={}),
    )
    assert not card.passed and exit_code(card) == EXIT_FAILED
    latency = card.category("latency").score
    assert latency == pytest.approx(60 * (1 - math.log(2) / math.log(4)))
    assert card.overall == pytest.approx((2 * latency + 100 + 100) / 4)
    (req,) = [r for r in card.requirements if r.kind == "latency"]
    assert (req.target, req.actual, req.passed) == (100, 200, False)


@given(st.floats(1, 5000), st.floats(1, 5000))
def test_latency_score_never_rises_with_the_latency(a, b):
    lo, hi = sorted((a, b))
    c = challenge(*SLO)
    s = [
        score(SHOP, c, result(p99=p, components=HEALTHY, anomalies={})).category("latency").score
        for p in (lo, hi)
    ]
    assert s[0] >= s[1]


@given(st.integers(0, 10_000), st.integers(0, 10_000))
def test_availability_score_never_falls_as_more_requests_succeed(a, b):
    lo, hi = sorted((a, b))
    c = challenge(*SLO)
    s = [
        score(SHOP, c, result(timeout=t, components=HEALTHY, anomalies={}))
        .category("availability")
        .score
        for t in (hi, lo)
    ]
    assert s[0] <= s[1]


@pytest.mark.parametrize("instances", [1, 2, 4, 8, 16])
def test_cost_score_never_rises_with_more_instances(instances):
    def cost_score(n):
        d = SHOP.model_copy(deep=True)
        d.components[1].instances = n
        return (
            score(d, challenge(*SLO), result(components=HEALTHY, anomalies={}))
            .category("cost")
            .score
        )

    assert cost_score(instances) >= cost_score(instances * 2)


def test_per_request_charges_use_the_measured_rate():
    card = score(SHOP, challenge(*SLO), result(components=HEALTHY, anomalies={}))
    # 5 calls/s to payments for 730 h at $0.50 per million
    assert card.cost.by_component()["payments"] == pytest.approx(5 * 3600 * 730 / 1e6 * 0.5)


def test_zero_tolerance_anomalies_fail_at_one_and_fall_logarithmically():
    c = challenge(*SLO)
    one = score(
        SHOP, c, result(components=HEALTHY, anomalies={"duplicate_side_effect": {"count": 1}})
    )
    many = score(
        SHOP, c, result(components=HEALTHY, anomalies={"duplicate_side_effect": {"count": 50}})
    )
    assert not one.passed
    assert one.category("consistency").score == pytest.approx(
        60 * (1 - math.log(2) / math.log(100))
    )
    assert many.category("consistency").score == 0


def test_an_engine_without_anomaly_detection_cannot_pass_an_anomaly_requirement():
    r = result(components=HEALTHY)
    for table in (r["anomalies"]["counts"], *r["anomalies"]["by_op"].values(), *r["anomalies"]["rates"].values()):
        del table["duplicate_side_effect"]  # a result from an engine that does not detect it
    card = score(SHOP, challenge(*SLO), r)
    (req,) = [r for r in card.requirements if r.kind == "anomaly"]
    assert not req.passed and req.actual is None and "does not detect" in req.detail


def test_categories_without_requirements_use_defaults_and_cost_without_budget_is_not_judged():
    c = challenge({"kind": "latency", "percentile": 99, "max_ms": 100}, client={"timeout_ms": 800})
    card = score(SHOP, c, result(p99=30, timeout=200, components=HEALTHY, anomalies={}))
    assert card.category("cost").score is None and card.scores["cost"] is None
    assert card.category("availability").basis == ("availability ≥ 99%",)
    # 2% timed out against a default 1% allowance: ratio 2 on the availability curve
    assert card.category("availability").score == pytest.approx(
        60 * (1 - math.log(2) / math.log(10))
    )
    assert card.passed  # defaults never decide pass or fail
    assert len(card.category("consistency").basis) == 5  # lost writes, lost effects, duplicates, oversells, lost sessions
    judged = [card.category(n) for n in ("consistency", "latency", "availability")]
    assert card.overall == pytest.approx(sum(c.score for c in judged) / 3)


def test_percentiles_other_than_the_usual_three_are_read_by_key():
    c = challenge({"kind": "latency", "percentile": 99.9, "max_ms": 100})
    r = result(components=HEALTHY, anomalies={})
    assert not score(SHOP, c, r).passed
    assert "did not report the p99.9" in score(SHOP, c, r).requirements[0].detail
    r["latency_ms"]["overall"]["p99.9"] = 80.0
    assert score(SHOP, c, r).requirements[0].actual == 80.0


def test_per_operation_latency():
    c = challenge({"kind": "latency", "percentile": 99, "op": "charge", "max_ms": 300})
    r = result(
        components=HEALTHY,
        anomalies={},
        by_op={"read": stats(10, 20, count=90, ok=90), "charge": stats(100, 450, count=10, ok=10)},
    )
    (req,) = [x for x in score(SHOP, c, r).requirements if not x.implicit]
    assert (req.actual, req.passed, req.name) == (450, False, "p99 latency of charge ≤ 300 ms")


def test_a_hung_dependency_is_named_with_the_slots_it_exhausted():
    util = [0.3] * 41 + [1.0] * 19
    comps = dict(
        HEALTHY,
        api=component(
            "service", utilization=0.5, series_utilization=util, queue=[0] * 41 + [120] * 19
        ),
    )
    faults = [{"kind": "hang", "at_s": 40, "target": "payments", "duration_s": 20}]
    r = result(
        timeout=1800,
        components=comps,
        anomalies={},
        events=[{"at_s": 40.0, "kind": "hang", "target": "payments", "components": ["payments"]}],
    )
    card = score(SHOP, challenge(*SLO, faults=faults), r)
    top = card.findings[0]
    assert top.component == "api"
    assert top.message == (
        "api: all 32 worker slots busy from t=41s while `payments` hung "
        "(from t=40s); 120 requests waiting at the peak; 18% of requests timed out"
    )
    assert set(top.categories) <= {"latency", "availability"}


def test_findings_are_at_most_three_and_cover_each_failing_category():
    comps = dict(
        HEALTHY,
        api=component("service", series_utilization=[1.0] * 10, queue=[50] * 10),
        db=component("database", errors=300, series_errors=[0] * 5 + [60] * 5),
    )
    r = result(
        p99=900,
        timeout=500,
        components=comps,
        anomalies={"duplicate_side_effect": {"count": 7, "rate": 0.07}},
    )
    c = challenge(*SLO, client={"retries": 2})
    card = score(SHOP, c, r)
    assert 2 <= len(card.findings) <= 3
    covered = {cat for f in card.findings for cat in f.categories}
    assert {"latency", "availability", "consistency"} <= covered
    dup = next(f for f in card.findings if "consistency" in f.categories)
    assert dup.component == "api" and "no idempotency keys" in dup.message
    assert [f.points for f in card.findings] == sorted(
        (f.points for f in card.findings), reverse=True
    )


def test_the_slowest_traces_point_at_the_component_they_wait_on():
    traces = [
        trace(400 + i, {"component": "api", "wait_ms": 0, "service_ms": 5},
              {"component": "db", "wait_ms": 300, "service_ms": 90 + i}, rid=i)
        for i in range(30)
    ]
    r = result(p99=420, components=HEALTHY, anomalies={}, traces=traces)
    card = score(SHOP, challenge(*SLO), r)
    assert card.findings[0].component == "db"
    assert card.findings[0].message.startswith("db: 99% of the time in the 10 slowest requests")


def test_over_budget_names_the_biggest_line():
    d = SHOP.model_copy(deep=True)
    d.components[1].instances = 20
    card = score(d, challenge(*SLO), result(components=HEALTHY, anomalies={}))
    assert not card.passed
    (f,) = card.findings
    assert f.component == "api" and f.message.startswith("api: $730 of the $")


def test_digest_follows_the_models_not_the_text_and_names_the_seed():
    text = "name: x\nentry: api\ncomponents:\n  - {id: api, kind: service, workers: 8}\n"
    commented = (
        "# a comment\nname: x\nentry: api   # where traffic enters\ncomponents:\n"
        "  - id: api\n    kind: service\n    workers: 8\n"
    )
    changed = text.replace("workers: 8", "workers: 9")
    c = challenge(*SLO)
    cards = [
        score(load_design_text(t).model, c, result(seed=s, anomalies={}))
        for t, s in ((text, 1), (commented, 2), (changed, 1))
    ]
    assert cards[0].digest == cards[1].digest != cards[2].digest
    assert len(cards[0].digest) == 12 and (cards[0].seed, cards[1].seed) == (1, 2)
    other = challenge(*SLO[:2])
    assert (
        score(load_design_text(text).model, other, result(anomalies={})).digest != cards[0].digest
    )


def test_card_is_immutable_and_its_dict_is_json():
    card = score(SHOP, challenge(*SLO), result(p99=200, components=HEALTHY, anomalies={}))
    with pytest.raises(AttributeError):
        card.passed = True  # type: ignore[misc]
    data = json.loads(json.dumps(card.to_dict()))
    assert set(data["scores"]) == {"consistency", "latency", "availability", "cost", "overall"}
    assert {"name", "target", "actual", "passed"} <= set(data["requirements"][0])
    assert data["seed"] == 7 and data["engine_version"] == "test-1" and data["passed"] is False
    assert data["cost"]["monthly_usd"] == round(card.cost.monthly_usd, 2)


def test_a_run_where_nothing_finished_scores_zero_without_crashing():
    r = result(total=0, anomalies={})
    r["availability"] = None
    empty = {"count": 0, "mean": None, "p50": None, "p95": None, "p99": None, "max": None}
    r["latency_ms"] = {"overall": empty, "by_op": {"read": empty | {"ok": 0, "timeout": 0, "rejected": 0, "error": 0}}}
    card = score(SHOP, challenge(*SLO), r)
    assert not card.passed
    assert card.category("latency").score == 0 and card.category("availability").score == 0
    assert {f.component for f in card.findings} == {None}


def test_an_anomaly_rate_is_over_the_operations_it_struck():
    by_op = {"read": stats(10, 20, count=900, ok=900), "charge": stats(10, 20, count=97, ok=97, timeout=3)}
    r = result(components=HEALTHY, by_op=by_op,
               anomalies={"duplicate_side_effect": {"count": 3, "op": "charge",
                                                    "examples": [trace(5, {"component": "payments"}, rid=41,
                                                                       op="charge", key=7, found_ms=1234.5)]}})
    record = RunResult.from_dict(r)
    entry = record.anomaly("duplicate_side_effect")
    assert entry.count == 3 and entry.rate == pytest.approx(3 / 100)  # of the 100 charges
    assert record.anomaly("oversell").rate == 0
    card = score(SHOP, challenge(*SLO), r)
    assert next(x.actual for x in card.requirements if x.anomaly == "duplicate_side_effect") == 3


def test_a_result_with_a_misspelt_or_missing_field_is_refused_by_name():
    r = result(components=HEALTHY)
    r["requests"]["rejectd"] = r["requests"].pop("rejected")
    with pytest.raises(ResultError, match="requests: missing 'rejected'"):
        score(SHOP, challenge(*SLO), r)
    r = result(components=HEALTHY)
    del r["components"]["api"]["errors"]
    with pytest.raises(ResultError, match=re.escape("components.api: missing 'errors'")):
        score(SHOP, challenge(*SLO), r)


def test_a_crashed_database_without_a_replica_says_why_it_stayed_down():
    comps = dict(HEALTHY, db=component("database", errors=4000, series_errors=[0] * 4 + [900] * 6))
    r = result(
        error=4000,
        components=comps,
        anomalies={},
        events=[{"at_s": 4.0, "kind": "crash", "target": "db", "components": ["db"]}],
    )
    faults = [{"kind": "crash", "at_s": 4, "target": "db"}]
    (top, *_) = score(SHOP, challenge(*SLO, faults=faults), r).findings
    assert top.message == (
        "db: 4,000 failed calls between t=4.0s and t=9.0s after `db` was down "
        "at t=4.0s; it has no replica to promote, so it stays down until it is "
        "repaired"
    )


def test_a_write_no_store_keeps_is_named_with_the_component_that_answered_it():
    lone = design({"id": "api", "kind": "service"})
    example = trace(1.0, {"component": "api"}, rid=4, op="write", key=17, session=3, found_ms=100.0)
    r = result(
        components={"api": component("service")},
        by_op={"read": stats(1, 2, count=50, ok=50), "write": stats(1, 2, count=50, ok=50)},
        anomalies={"lost_write": {"count": 50, "op": "write", "examples": [example]},
                   "stale_read": {"count": 30, "examples": [dict(example, op="read")]}},
    )
    c = challenge({"kind": "anomaly", "anomaly": "lost_write", "max_count": 0},
                  {"kind": "anomaly", "anomaly": "stale_read", "max_count": 0})
    messages = [f.message for f in score(lone, c, r).findings]
    assert any(m.startswith("api: 50 lost writes") and "no store on their path" in m for m in messages)
    assert any(m.startswith("api: 30 stale reads") and "no data source on their path" in m
               for m in messages)
