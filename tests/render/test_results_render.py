"""Run summary, charts and waterfalls: what they show follows the numbers they are given."""

from __future__ import annotations

import io

import pytest
from rich.console import Console

from playground.render.charts import line_chart, run_charts
from playground.render.results import run_summary
from playground.render.waterfall import NAME_W, attempts_of, slowest, waterfall


def text(renderable, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


RESULT = {  # the shape of RunResult.to_dict(), the keys the summary reads
    "seed": 3, "duration_s": 10.0,
    "requests": {"total": 1000, "ok": 990, "timeout": 6, "rejected": 4, "error": 0},
    "availability": 0.99,
    "latency_ms": {"overall": {"count": 990, "mean": 7.5, "p50": 5, "p95": 9, "p99": 20.25, "max": 80},
                   "by_op": {"read": {"count": 600, "mean": 4.0, "p50": 3, "p95": 6, "p99": 9, "max": 12},
                             "write": {"count": 390, "mean": None, "p50": None, "p95": None, "p99": None,
                                       "max": None}}},
    "components": {
        "api": {"kind": "service", "utilization": 0.9, "throughput_rps": 99.0, "queue_length": 3.25,
                "errors": 1200, "hit_ratio": None},
        "cache": {"kind": "cache", "utilization": 0.1, "throughput_rps": 60.0, "queue_length": 0.0,
                  "errors": 0, "hit_ratio": 0.8125},
    },
    "anomalies": {
        "counts": {"stale_read": 3, "lost_write": 0, "oversell": 2},
        "by_op": {"read": {"stale_read": 3, "lost_write": 0, "oversell": 0},
                  "write": {"stale_read": 0, "lost_write": 0, "oversell": 2}},
        "rates": {"read": {"stale_read": 0.005, "lost_write": 0.0, "oversell": 0.0},
                  "write": {"stale_read": 0.0, "lost_write": 0.0, "oversell": 2 / 390}},
        "examples": {"stale_read": [{"id": 41, "op": "read"}, {"id": 7, "op": "read"}]},
    },
}


def rows(out: str) -> dict[str, list[str]]:
    return {line.split()[0]: line.split()[1:] for line in out.splitlines() if line.strip()}


def test_run_summary_reads_requests_latency_and_components() -> None:
    out = text(run_summary(RESULT), width=80)
    assert "requests 1,000: ok 990, timeout 6, rejected 4, error 0  availability 99.000 %" in out
    table = rows(out)
    assert table["all"] == ["990", "7.5", "5.0", "9.0", "20.2", "80.0"]
    assert table["write"] == ["390", "-", "-", "-", "-", "-"]  # no ok writes: no percentiles
    assert table["api"] == ["service", "90.0", "%", "99.0", "3.25", "1,200", "-"]
    assert table["cache"] == ["cache", "10.0", "%", "60.0", "0.00", "0", "0.812"]


def test_anomalies_read_as_a_short_table_and_not_at_all_when_none() -> None:
    out = text(run_summary(RESULT), width=80)
    table = rows(out)
    assert table["stale_read"] == ["3", "read", "0.5", "%", "request", "#41"]
    assert table["oversell"] == ["2", "write", "0.513", "%", "-"]  # no example kept
    assert "lost_write" not in out  # none found
    for line in out.splitlines():
        assert len(line.rstrip()) <= 80
    calm = dict(RESULT, anomalies={"counts": {"stale_read": 0}, "rates": {"read": {"stale_read": 0.0}},
                                   "examples": {}})
    assert "anomal" not in text(run_summary(calm))


def test_line_chart_puts_the_peak_and_the_fault_where_they_happened() -> None:
    t = [float(i) for i in range(101)]
    values = [10.0] * 101
    values[75] = 50.0  # a spike three quarters in
    out = text(line_chart("p99", t, {"p99": values}, width=8 + 1 + 100, height=5, marks=[(25.0, "crash db")]))
    rows = out.splitlines()
    top = rows[1]  # the first grid row holds the maximum
    assert top.startswith("      50│")
    assert top.index("•") - 9 == 75
    assert rows[1][9 + 25] == "┊"  # the fault's column
    assert "┊25s crash db" in out


def test_charts_of_a_run_are_three() -> None:
    result = {"series": {"t": [0, 1, 2], "rps": [1, 2, 3], "ok": [1, 2, 3], "errors": [0, 0, 1],
                         "p50_ms": [1, 1, 1], "p99_ms": [2, 3, 4]}, "events": []}
    out = text(run_charts(result, 80))
    assert [line.split()[0] for line in out.splitlines() if line and line[0].isalpha()] == [
        "latency", "throughput", "errors"]


def test_waterfall_bars_start_when_the_hop_started_and_last_as_long() -> None:
    trace = {"id": 3, "op": "write", "start_ms": 1000.0, "latency_ms": 100.0, "outcome": "timeout",
             "hops": [{"component": "api", "start_ms": 1000.0, "wait_ms": 0.0, "service_ms": 100.0, "outcome": "ok"},
                      {"component": "db", "start_ms": 1050.0, "wait_ms": 25.0, "service_ms": 25.0,
                       "outcome": "error"}]}
    n = NAME_W
    out = text(waterfall(trace, width=n + 12 + 40), width=120).splitlines()
    assert out[0].startswith("write #3  100.0 ms  timeout")
    api, db = out[1], out[2]
    assert api[n:n + 40] == "█" * 40
    assert db[n:n + 20].strip() == "" and db[n + 20:n + 30] == "░" * 10 and db[n + 30:n + 40] == "█" * 10
    assert [tr["id"] for tr in slowest([{"id": 1, "latency_ms": 5}, {"id": 2, "latency_ms": 50}], 1)] == [2]


def test_a_retried_request_shows_its_earlier_attempts_and_backoff_before_the_last() -> None:
    """The 1,307 ms charge of double-charge's starter: two attempts, the last one's hops kept.
    The first attempt and the backoff fill the 1,186 ms before the last attempt's first hop."""
    trace = {"id": 4087, "op": "charge", "attempts": 2, "start_ms": 27341.4108, "latency_ms": 1307.3992,
             "outcome": "ok", "hops": [
                 {"component": "checkout", "start_ms": 28527.4641, "wait_ms": 0.0, "service_ms": 2.6093,
                  "outcome": "ok"},
                 {"component": "payments", "start_ms": 28542.5309, "wait_ms": 0.0, "service_ms": 106.2792,
                  "outcome": "ok"}]}
    spans = attempts_of(trace)
    assert [s.name for s in spans] == ["attempt 1", "checkout", "payments"]
    assert not spans[0].hops_kept and spans[0].wait_ms == pytest.approx(28527.4641 - 27341.4108)
    n = NAME_W
    out = text(waterfall(trace, width=n + 12 + 40), width=120).splitlines()
    assert "2 attempts" in out[0]
    earlier = out[1][n:n + 40]
    assert earlier == "▒" * round(1186.0533 / 1307.3992 * 40) + " " * (40 - round(1186.0533 / 1307.3992 * 40))
    assert out[2][n:n + 40].index("█") == int((28527.4641 - 27341.4108) / 1307.3992 * 40)
    assert "1,186.1 ms" in out[1]


def test_summary_shows_the_fault_timeline_only_when_faults_struck():
    assert "events" not in text(run_summary(RESULT))
    struck = {**RESULT, "events": [
        {"at_s": 20.0, "kind": "crash", "target": "db"},
        {"at_s": 42.5, "kind": "failover", "target": "db", "promoted": "r1", "lost_writes": 3},
    ]}
    shown = text(run_summary(struck))
    assert "20.0 s   crash" in shown
    assert "42.5 s   failover   db       promoted r1, lost_writes 3" in shown


def test_charts_mark_a_fault_where_the_engine_says_it_struck() -> None:
    t = list(range(100))
    result = {"series": {"t": t, "rps": [5] * 100, "ok": [5] * 100, "errors": [0] * 100,
                         "p50_ms": [1] * 100, "p99_ms": [2] * 100},
              "events": [{"at_s": 50.0, "kind": "crash", "target": "db"}]}
    out = text(run_charts(result, 80))
    assert "┊50s crash db" in out


def test_a_quorum_reports_its_t_visibility_as_a_chart() -> None:
    result = {"series": {"t": [0, 1], "rps": [1, 1], "ok": [1, 1], "errors": [0, 0], "p50_ms": [1, 1],
                         "p99_ms": [2, 2]}, "events": [],
              "components": {"db": {"t_visibility": {"t_ms": [1.0, 1.1892, 1.4142], "reads": [10, 10, 10],
                                                     "consistent": [5, 8, 10], "p_consistent": [0.5, 0.8, 1.0]}}}}
    out = text(run_charts(result, 80))
    assert "t-visibility, reads that saw the last commit, by t after it: db" in out
    assert "1.4142 ms (log scale)" in out
