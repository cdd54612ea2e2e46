"""Two runs side by side: what a change to the design bought (the line under the score card) and
two designs' cards next to each other (`playground compare`).

`figures()` is the one place that picks the compared numbers out of a run's result and card.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from playground.render.units import usd


@dataclass(frozen=True)
class Figures:
    """The numbers a person compares between two runs."""

    overall: float
    passed: bool
    p99_ms: float | None
    availability: float | None
    cost_usd: float | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Figures:
        return cls(float(data.get("overall") or 0), bool(data.get("passed")), data.get("p99_ms"),
                   data.get("availability"), data.get("cost_usd"))


def figures(result: dict[str, Any], card: dict[str, Any]) -> Figures:
    overall = (result.get("latency_ms") or {}).get("overall") or {}
    cost = (card.get("cost") or {}).get("monthly_usd")
    availability = result.get("availability")
    return Figures(
        overall=float((card.get("scores") or {}).get("overall") or 0),
        passed=bool(card.get("passed")),
        p99_ms=None if overall.get("p99") is None else float(overall["p99"]),
        availability=None if availability is None else float(availability),
        cost_usd=None if cost is None else float(cost),
    )


def _ms(x: float) -> str:
    return f"{x:,.0f}" if x >= 10 else f"{x:,.1f}"


def changes(before: Figures, after: Figures) -> list[tuple[str, str, bool | None]]:
    """(what, how it moved, better?) for each figure that moved; better is None when neutral."""
    out: list[tuple[str, str, bool | None]] = []
    if round(before.overall) != round(after.overall):
        out.append(("score", f"{before.overall:.0f} → {after.overall:.0f}", after.overall > before.overall))
    if before.p99_ms is not None and after.p99_ms is not None and _ms(before.p99_ms) != _ms(after.p99_ms):
        out.append(("p99", f"{_ms(before.p99_ms)} → {_ms(after.p99_ms)} ms", after.p99_ms < before.p99_ms))
    if before.availability is not None and after.availability is not None:
        a, b = before.availability * 100, after.availability * 100
        if f"{a:.2f}" != f"{b:.2f}":
            out.append(("availability", f"{a:.2f} → {b:.2f} %", b > a))
    if before.cost_usd is not None and after.cost_usd is not None:
        delta = after.cost_usd - before.cost_usd
        if round(delta) != 0:
            sign = "+" if delta > 0 else "-"
            out.append(("cost", f"{sign}{usd(abs(delta), cents=False)}/month", delta < 0))
    if before.passed != after.passed:
        out.append(("verdict", "now passes" if after.passed else "no longer passes", after.passed))
    return out


def change_line(before: Figures | None, after: Figures, since: str = "since the last run") -> Text:
    """`since the last run: p99 419 → 38 ms, cost +$12/month` (green better, red worse)."""
    if before is None:
        return Text("first run of this design against this challenge", style="dim")
    moved = changes(before, after)
    if not moved:
        return Text(f"{since}: no change in score, p99, availability or cost", style="dim")
    line = Text(f"{since}: ", style="bold")
    for k, (what, how, better) in enumerate(moved):
        if k:
            line.append(", ")
        style = "" if better is None else "green" if better else "red"
        line.append(f"{what} {how}", style=style)
    return line


def design_diff(a_name: str, a_text: str, b_name: str, b_text: str) -> Text:
    """The unified diff of two designs' YAML, coloured."""
    lines = list(difflib.unified_diff(a_text.splitlines(), b_text.splitlines(), a_name, b_name,
                                      lineterm="", n=2))
    if not lines:
        return Text("the two designs are the same text", style="dim")
    out = Text()
    for line in lines:
        style = ("bold" if line.startswith(("---", "+++")) else "cyan" if line.startswith("@@")
                 else "green" if line.startswith("+") else "red" if line.startswith("-") else "")
        out.append(line + "\n", style=style)
    return out


SIDE_BY_SIDE_MIN = 120  # narrower than this, the cards go one under the other


def side_by_side(left: RenderableType, right: RenderableType, diff: Text, moved: Text,
                 width: int = SIDE_BY_SIDE_MIN) -> RenderableType:
    """Two cards in two columns (one under the other when narrow), what moved from the first to
    the second, then the designs' diff."""
    if width < SIDE_BY_SIDE_MIN:
        cards: RenderableType = Group(left, right)
    else:
        grid = Table.grid(expand=True, padding=(0, 1))
        grid.add_column(ratio=1)
        grid.add_column(ratio=1)
        grid.add_row(left, right)
        cards = grid
    return Group(cards, Text(""), moved, Text(""), Text("the designs' difference", style="bold"), diff)
