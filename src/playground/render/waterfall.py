"""A sampled request's hops as a waterfall: when each hop started, how long it waited, how long it
was served, and the attempts before the last one with the backoff between them. The slowest
requests first, so the one that hurt is on top.

A trace today keeps the hops of its last attempt only, with the number of attempts: the time from
the request's start to that attempt's first hop is the earlier attempts and their backoff, drawn
as one span. `attempts_of` is the one place that reads a trace's attempts; when traces carry each
attempt's own hops, only it changes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

NAME_W = 16


@dataclass(frozen=True)
class Span:
    """One row of the waterfall: a hop, or the earlier attempts and backoff (`hops_kept` False)."""

    name: str
    start_ms: float  # from the request's start
    wait_ms: float
    service_ms: float
    ok: bool
    hops_kept: bool = True


def slowest(traces: list[dict[str, Any]], n: int = 5) -> list[dict[str, Any]]:
    return sorted(traces, key=lambda tr: -float(tr.get("latency_ms", 0)))[:n]


def attempts_of(trace: dict[str, Any]) -> list[Span]:
    """The trace's rows in time order: the earlier attempts with their backoff (one span, when
    there were any), then each hop of the last attempt."""
    start = float(trace.get("start_ms", 0))
    hops = trace.get("hops") or []
    rows: list[Span] = []
    attempts = int(trace.get("attempts") or 1)
    if attempts > 1:
        last_began = min((float(h.get("start_ms", start)) for h in hops), default=start)
        before = max(0.0, last_began - start)
        earlier = "attempt 1" if attempts == 2 else f"attempts 1-{attempts - 1}"
        rows.append(Span(earlier, 0.0, before, 0.0, False, hops_kept=False))
    for hop in hops:
        rows.append(Span(str(hop.get("component", "")), float(hop.get("start_ms", start)) - start,
                         float(hop.get("wait_ms", 0)), float(hop.get("service_ms", 0)),
                         hop.get("outcome", "ok") == "ok"))
    return rows


def waterfall(trace: dict[str, Any], width: int = 72) -> RenderableType:
    bar_w = max(10, width - NAME_W - 12)
    total = float(trace.get("latency_ms", 0)) or 1.0
    outcome = str(trace.get("outcome", ""))
    attempts = int(trace.get("attempts") or 1)
    head = Text.assemble(
        (f"{trace.get('op', '?')} ", "bold"), f"#{trace.get('id', '')}  ",
        (f"{total:,.1f} ms", "bold"), "  ", (outcome, "green" if outcome == "ok" else "bold red"),
        (f"  {attempts} attempts" if attempts > 1 else "", "yellow"),
    )
    rows: list[RenderableType] = [head]
    for span in attempts_of(trace):
        x0 = max(0, min(bar_w - 1, int(span.start_ms / total * bar_w)))
        line = Text(span.name[:NAME_W].ljust(NAME_W), style="" if span.ok else "bold")
        line.append(" " * x0)
        if not span.hops_kept:
            w = max(1, min(bar_w - x0, round(span.wait_ms / total * bar_w)))
            line.append("▒" * w, style="magenta")
            used = w
        else:
            w_wait = min(bar_w - x0, round(span.wait_ms / total * bar_w))
            w_serv = max(1, min(bar_w - x0 - w_wait, round(span.service_ms / total * bar_w)))
            line.append("░" * w_wait, style="yellow")
            line.append("█" * w_serv, style="cyan" if span.ok else "red")
            used = w_wait + w_serv
        line.append(" " * max(0, bar_w - x0 - used))
        line.append(f" {span.wait_ms + span.service_ms:8,.1f} ms", style="dim")
        rows.append(line)
    return Group(*rows)


def waterfalls(traces: list[dict[str, Any]], n: int = 5, width: int = 72) -> RenderableType:
    picked = slowest(traces, n)
    if not picked:
        return Text("no sampled traces in this run", style="dim")
    legend = Text.assemble(("░", "yellow"), " waiting for a worker  ", ("█", "cyan"), " being served  ",
                           ("█", "red"), " failed  ", ("▒", "magenta"),
                           " earlier attempts and the backoff after them (their hops are not kept)", style="dim")
    parts: list[RenderableType] = [legend, Text("")]
    for tr in picked:
        parts += [waterfall(tr, width), Text("")]
    return Group(*parts)
