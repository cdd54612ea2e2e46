"""Run summary, charts and waterfalls: what they show follows the numbers they are given."""

from __future__ import annotations

import io

from rich.console import Console

from playground.render.charts import line_chart, run_charts
from playground.render.results import run_summary
from playground.render.waterfall import slowest, waterfall


def text(renderable, width: int = 100) -> str:
    console = Console(width=width, record=True, color_system=None, file=io.StringIO())
    console.print(renderable)
    return console.export_text()


def test_run_summary() -> None:
    out = text(run_summary({
        "requests": {"total": 1000, "ok": 990, "timeout": 6, "rejected": 4, "error": 0},
        "availability": 0.99, "latency_ms": {"overall": {"p50": 5, "p95": 9, "p99": 20.25, "max": 80}},
        "anomalies": {"stale_read": 3, "lost_write": 0},
    }))
    assert "total 1,000  ok 990  timeout 6  rejected 4  error 0" in out
    assert "99.000 %" in out and "p99 20.2 ms" in out
    assert "stale_read 3" in out and "lost_write" not in out


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
    out = text(waterfall(trace, width=14 + 12 + 40), width=120).splitlines()
    assert out[0].startswith("write #3  100.0 ms  timeout")
    api, db = out[1], out[2]
    assert api[14:54] == "█" * 40
    assert db[14:34].strip() == "" and db[34:44] == "░" * 10 and db[44:54] == "█" * 10
    assert [tr["id"] for tr in slowest([{"id": 1, "latency_ms": 5}, {"id": 2, "latency_ms": 50}], 1)] == [2]
