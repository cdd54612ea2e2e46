"""A run's summary as rich renderables, shared by `playground run` and the app's results screen.

Drawn from the plain data of a run (`RunResult.to_dict()`, or a results file written from it; every
key is in docs/results.md): requests{total, ok, timeout, rejected, error}, availability,
latency_ms{overall, by_op}, components{id: {kind, utilization, throughput_rps, queue_length, errors,
hit_ratio}}, anomalies{counts, rates, examples}.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from playground.render.units import NONE, number, percent

LATENCY = ("mean", "p50", "p95", "p99", "max")
BUSY = 0.85  # utilization shown in red from here


def run_summary(result: dict[str, Any]) -> RenderableType:
    """Requests by outcome and availability, latency per operation, each component's load, and
    the consistency anomalies found (nothing when there were none)."""
    parts: list[RenderableType] = [_requests(result)]
    if (result.get("latency_ms") or {}).get("overall"):
        parts += [Text(""), _latency(result["latency_ms"])]
    if result.get("components"):
        parts += [Text(""), _components(result["components"])]
    anomalies = _anomalies(result.get("anomalies") or {})
    if anomalies is not None:
        parts += [Text(""), anomalies]
    if result.get("events"):
        parts += [Text(""), _events(result["events"])]
    return Group(*parts)


def _events(events: list[dict[str, Any]]) -> Table:
    """The fault timeline as it happened: what struck, when, and what followed (failover, RTO)."""
    table = _table("events", "at", "event", "target", "detail", words=("event", "target", "detail"))
    for e in events:
        detail = ", ".join(f"{k} {v}" for k, v in e.items() if k not in ("at_s", "kind", "target"))
        table.add_row(f"{float(e['at_s']):,.1f} s", e["kind"], str(e.get("target", "")), detail)
    return table


def _table(title: str, *columns: str, words: tuple[str, ...] = ()) -> Table:
    """A compact table: a name first, then numbers (right-aligned) or the columns in `words`."""
    table = Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                  show_edge=False, pad_edge=False)
    for i, name in enumerate(columns):
        table.add_column(name, justify="left" if i == 0 or name in words else "right")
    return table


def _requests(result: dict[str, Any]) -> Text:
    req = result.get("requests") or {}
    line = Text.assemble(("requests ", "bold"), f"{int(req.get('total', 0)):,}: ",
                         (f"ok {int(req.get('ok', 0)):,}", "green"),
                         "".join(f", {k} {int(req.get(k, 0)):,}" for k in ("timeout", "rejected", "error")))
    if result.get("availability") is not None:
        line.append("  availability ", style="bold")
        line.append(percent(float(result["availability"]), 3), style="bold")
    return line


def _latency(latency: dict[str, Any]) -> Table:
    table = _table("latency of ok requests (ms)", "op", "count", *LATENCY)
    for op, s in [("all", latency["overall"]), *(latency.get("by_op") or {}).items()]:
        count = NONE if s.get("count") is None else f"{int(s['count']):,}"
        table.add_row(op, count, *(number(s.get(k)) for k in LATENCY))
    return table


def _components(components: dict[str, Any]) -> Table:
    table = _table("components", "id", "kind", "utilization", "req/s", "queue", "errors", "hit ratio",
                   words=("kind",))
    for cid, s in components.items():
        util = s.get("utilization")
        busy = util is not None and float(util) >= BUSY
        table.add_row(cid, s.get("kind", ""),
                      Text(NONE if util is None else percent(float(util)), style="red" if busy else ""),
                      number(s.get("throughput_rps")), number(s.get("queue_length"), "{:,.2f}"),
                      f"{int(s.get('errors') or 0):,}", number(s.get("hit_ratio"), "{:.3f}"))
    return table


def _anomalies(anomalies: dict[str, Any]) -> Table | None:
    """One row per anomaly that happened: how many, the rate in each operation that suffered it,
    and one request that did (its id, to find among the examples)."""
    found = {a: n for a, n in (anomalies.get("counts") or {}).items() if n}
    if not found:
        return None
    table = _table("anomalies", "anomaly", "count", "rate by operation", "example",
                   words=("rate by operation", "example"))
    rates, examples = anomalies.get("rates") or {}, anomalies.get("examples") or {}
    for a, n in found.items():
        by_op = ", ".join(f"{op} {float(r[a]) * 100:.3g} %" for op, r in rates.items() if r.get(a))
        example = examples.get(a) or []
        table.add_row(Text(a, style="red"), f"{int(n):,}", by_op or NONE,
                      f"request #{example[0]['id']}" if example else NONE)
    return table
