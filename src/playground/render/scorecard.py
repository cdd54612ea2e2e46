"""A run's score card and summary as rich renderables, from the dicts the scoring and engine give.

`card` is `ScoreCard.to_dict()`: scores{consistency, latency, availability, cost, overall},
requirements[{name, target, actual, passed}], passed, findings[str], cost{monthly_usd, breakdown}.
`result` is `RunResult.to_dict()`: requests{...}, latency_ms{overall{...}}, availability, ...
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

AXES = ("consistency", "latency", "availability", "cost")


def _score_style(value: float) -> str:
    return "green" if value >= 80 else "yellow" if value >= 50 else "red"


def _bar(value: float, width: int = 20) -> Text:
    filled = max(0, min(width, round(value / 100 * width)))
    return Text("█" * filled, style=_score_style(value)) + Text("░" * (width - filled), style="dim")


def _num(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def score_card(card: dict[str, Any]) -> RenderableType:
    """Overall score, the four axes as bars, each requirement met or not, and the reasons."""
    scores = card.get("scores", {})
    overall = float(scores.get("overall", 0))
    verdict = Text("PASSED" if card.get("passed") else "NOT PASSED",
                   style="bold green" if card.get("passed") else "bold red")
    head = Text.assemble(("score ", "bold"), (f"{overall:.0f}", f"bold {_score_style(overall)}"),
                         ("/100  ", "dim"), verdict)
    axes = Table.grid(padding=(0, 1))
    for axis in AXES:
        if axis in scores:
            value = float(scores[axis])
            axes.add_row(axis, _bar(value), Text(f"{value:5.1f}", style=_score_style(value)))
    reqs = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    reqs.add_column("")
    reqs.add_column("requirement")
    reqs.add_column("target", justify="right")
    reqs.add_column("actual", justify="right")
    for r in card.get("requirements", []):
        ok = bool(r.get("passed"))
        reqs.add_row(Text("✓" if ok else "✗", style="green" if ok else "bold red"), str(r.get("name", "")),
                     _num(r.get("target", "")), Text(_num(r.get("actual", "")), style="" if ok else "red"))
    parts: list[RenderableType] = [head, Text(""), axes]
    if card.get("requirements"):
        parts += [Text(""), reqs]
    cost = card.get("cost") or {}
    if "monthly_usd" in cost:
        line = Text.assemble(("cost ", "bold"), f"${float(cost['monthly_usd']):,.0f}/month")
        breakdown = cost.get("breakdown") or {}
        if breakdown:
            top = sorted(breakdown.items(), key=lambda kv: -float(kv[1]))[:4]
            line.append("  (" + ", ".join(f"{k} ${float(v):,.0f}" for k, v in top) + ")", style="dim")
        parts += [Text(""), line]
    findings = card.get("findings") or []
    if findings:
        parts += [Text(""), Text("why", style="bold")]
        parts += [Text("• " + str(f)) for f in findings]
    return Group(*parts)


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
