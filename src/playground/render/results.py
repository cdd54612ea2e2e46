"""A run's score card and summary as rich renderables, from the plain data of a run: what
`ScoreCard.to_dict()` and `RunResult.to_dict()` give, or a results file written from them.

`card`: scores{consistency, latency, availability, cost, overall} (a category may be None: not
judged), requirements[{name, target, actual, unit, passed}], passed, findings[{message, points}
or str], cost{monthly_usd, by_component}. `result`: requests{...}, latency_ms{overall{...}},
availability, anomalies{...}.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

AXES = ("consistency", "latency", "availability", "cost")


def _score_style(value: float | None) -> str:
    if value is None:
        return "dim"
    return "green" if value >= 80 else "yellow" if value >= 50 else "red"


def _bar(value: float | None, width: int = 20) -> Text:
    if value is None:
        return Text("not judged".ljust(width), style="dim")
    filled = max(0, min(width, round(value / 100 * width)))
    return Text("█" * filled, style=_score_style(value)) + Text("░" * (width - filled), style="dim")


def _num(value: Any, unit: str = "") -> str:
    if value is None:
        return "-"
    if unit == "ms":
        return f"{float(value):,.1f} ms"
    if unit == "usd":
        return f"${float(value):,.0f}"
    if unit == "fraction":
        return f"{float(value) * 100:.3f}".rstrip("0").rstrip(".") + " %"
    if unit == "rate":
        return f"{float(value):.2%}"
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1000 else f"{value:,.0f}"
    return str(value)


def score_card(card: dict[str, Any]) -> RenderableType:
    """Overall score, the four axes as bars, each requirement met or not, and the reasons."""
    scores = card.get("scores", {})
    overall = float(scores.get("overall") or 0)
    verdict = Text("PASSED" if card.get("passed") else "NOT PASSED",
                   style="bold green" if card.get("passed") else "bold red")
    head = Text.assemble(("score ", "bold"), (f"{overall:.0f}", f"bold {_score_style(overall)}"),
                         ("/100  ", "dim"), verdict)
    axes = Table.grid(padding=(0, 1))
    for axis in AXES:
        if axis in scores:
            value = None if scores[axis] is None else float(scores[axis])
            shown = "    -" if value is None else f"{value:5.1f}"
            axes.add_row(axis, _bar(value), Text(shown, style=_score_style(value)))
    reqs = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    reqs.add_column("")
    reqs.add_column("requirement")
    reqs.add_column("target", justify="right")
    reqs.add_column("actual", justify="right")
    for r in card.get("requirements", []):
        ok = bool(r.get("passed"))
        unit = str(r.get("unit") or "")
        actual = _num(r.get("actual"), unit) if r.get("actual") is not None else str(r.get("detail") or "-")
        reqs.add_row(Text("✓" if ok else "✗", style="green" if ok else "bold red"), str(r.get("name", "")),
                     _num(r.get("target"), unit), Text(actual, style="" if ok else "red"))
    parts: list[RenderableType] = [head, Text(""), axes]
    if card.get("requirements"):
        parts += [Text(""), reqs]
    cost = card.get("cost") or {}
    if "monthly_usd" in cost:
        line = Text.assemble(("cost ", "bold"), f"${float(cost['monthly_usd']):,.0f}/month")
        by = cost.get("by_component") or {}
        if by:
            top = sorted(by.items(), key=lambda kv: -float(kv[1]))[:4]
            line.append("  (" + ", ".join(f"{k} ${float(v):,.0f}" for k, v in top) + ")", style="dim")
        parts += [Text(""), line]
    findings = card.get("findings") or []
    if findings:
        parts += [Text(""), Text("why", style="bold")]
        for f in findings:
            line = Text("• " + str(f.get("message", "") if isinstance(f, dict) else f))
            if isinstance(f, dict) and f.get("points"):
                line.append(f"  (-{float(f['points']):.0f} pts)", style="dim")
            parts.append(line)
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
