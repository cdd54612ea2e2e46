"""A run's summary as rich renderables, from the plain data of a run: what `RunResult.to_dict()`
gives, or a results file written from it.

`result`: requests{...}, latency_ms{overall{...}}, availability, anomalies{...}.
"""

from __future__ import annotations

from typing import Any

from rich.console import RenderableType
from rich.table import Table
from rich.text import Text


def run_summary(result: dict[str, Any]) -> RenderableType:
    """Requests by outcome, availability, and the overall latency percentiles."""
    req = result.get("requests", {})
    lat = result.get("latency_ms", {}).get("overall", {})
    t = Table.grid(padding=(0, 2))
    t.add_row(Text("requests", style="bold"),
              "  ".join(f"{k} {int(req.get(k, 0)):,}" for k in ("total", "ok", "timeout", "rejected", "error")))
    if "availability" in result:
        t.add_row(Text("availability", style="bold"), f"{float(result['availability']) * 100:.3f} %")
    if lat:
        t.add_row(Text("latency", style="bold"),
                  "  ".join(f"{k} {float(lat[k]):,.1f} ms" for k in ("p50", "p95", "p99", "max") if k in lat))
    anomalies = {k: v for k, v in (result.get("anomalies") or {}).items() if v}
    if anomalies:
        t.add_row(Text("anomalies", style="bold red"), ", ".join(f"{k} {v}" for k, v in anomalies.items()))
    return t
