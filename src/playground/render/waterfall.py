"""A sampled request's hops as a waterfall: when each hop started, how long it waited, how long it
was served. The slowest requests first, so the one that hurt is on top."""

from __future__ import annotations

from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

NAME_W = 14


def slowest(traces: list[dict[str, Any]], n: int = 5) -> list[dict[str, Any]]:
    return sorted(traces, key=lambda tr: -float(tr.get("latency_ms", 0)))[:n]


def waterfall(trace: dict[str, Any], width: int = 72) -> RenderableType:
    bar_w = max(10, width - NAME_W - 12)
    start = float(trace.get("start_ms", 0))
    total = float(trace.get("latency_ms", 0)) or 1.0
    outcome = str(trace.get("outcome", ""))
    head = Text.assemble(
        (f"{trace.get('op', '?')} ", "bold"), f"#{trace.get('id', '')}  ",
        (f"{total:,.1f} ms", "bold"), "  ", (outcome, "green" if outcome == "ok" else "bold red"),
    )
    rows = [head]
    for hop in trace.get("hops") or []:
        offset = float(hop.get("start_ms", start)) - start
        wait = float(hop.get("wait_ms", 0))
        service = float(hop.get("service_ms", 0))
        x0 = max(0, min(bar_w - 1, int(offset / total * bar_w)))
        w_wait = min(bar_w - x0, round(wait / total * bar_w))
        w_serv = max(1, min(bar_w - x0 - w_wait, round(service / total * bar_w)))
        ok = hop.get("outcome", "ok") == "ok"
        line = Text(str(hop.get("component", ""))[:NAME_W].ljust(NAME_W), style="bold" if not ok else "")
        line.append(" " * x0)
        line.append("░" * w_wait, style="yellow")
        line.append("█" * w_serv, style="cyan" if ok else "red")
        line.append(" " * (bar_w - x0 - w_wait - w_serv))
        line.append(f" {wait + service:8,.1f} ms", style="dim")
        rows.append(line)
    return Group(*rows)


def waterfalls(traces: list[dict[str, Any]], n: int = 5, width: int = 72) -> RenderableType:
    picked = slowest(traces, n)
    if not picked:
        return Text("no sampled traces in this run", style="dim")
    legend = Text.assemble(("░", "yellow"), " waiting for a worker  ", ("█", "cyan"), " being served  ",
                           ("█", "red"), " failed", style="dim")
    parts: list[RenderableType] = [legend, Text("")]
    for tr in picked:
        parts += [waterfall(tr, width), Text("")]
    return Group(*parts)
