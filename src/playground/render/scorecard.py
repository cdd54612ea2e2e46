"""The score card and the cost bill as rich renderables, shared by the CLI and the TUI."""

from __future__ import annotations

from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from playground.scoring.card import ScoreCard
from playground.scoring.cost import Cost


def usd(amount: float) -> str:
    return f"${amount:,.2f}"


def cost_table(cost: Cost, title: str | None = "Monthly cost") -> Table:
    """One row per line of the bill, with how it was computed, and the total."""
    table = Table(title=title, title_justify="left", show_footer=True)
    table.add_column("component", footer="total")
    table.add_column("item")
    table.add_column("how", overflow="fold", style="dim")
    table.add_column("per month", justify="right", footer=usd(cost.monthly_usd))
    for line in cost.lines:
        table.add_row(line.component, line.item, line.how, usd(line.monthly_usd))
    if cost.unpriced:
        table.caption = Text(
            f"Not in the total: {', '.join(cost.unpriced)} (billed per request; give a rate "
            "with --rps ID=RATE)",
            style="yellow",
        )
        table.caption_justify = "left"
    return table


BAR = 20


def _colour(score: float | None) -> str:
    if score is None:
        return "dim"
    return "green" if score >= 80 else "yellow" if score >= 60 else "red"


def _bar(score: float | None) -> Text:
    if score is None:
        return Text("not judged", style="dim")
    filled = round(score / 100 * BAR)
    return Text("█" * filled + "░" * (BAR - filled), style=_colour(score))


def _value(x: float | None, unit: str) -> str:
    if x is None:
        return "-"
    if unit == "ms":
        return f"{x:,.1f} ms"
    if unit == "usd":
        return usd(x)
    if unit == "fraction":
        return f"{x * 100:.3f}".rstrip("0").rstrip(".") + "%"
    if unit == "rate":
        return f"{x:.2%}"
    return f"{x:,.0f}"


def scores_table(card: ScoreCard) -> Table:
    table = Table(box=None, show_header=False, padding=(0, 1))
    table.add_column("category")
    table.add_column("bar")
    table.add_column("score", justify="right")
    table.add_column("weight", style="dim")
    for c in card.categories:
        shown = "-" if c.score is None else f"{c.score:.0f}"
        table.add_row(c.name, _bar(c.score), Text(shown, style=_colour(c.score)), f"x{c.weight:g}")
    table.add_row(
        Text("overall", style="bold"),
        _bar(card.overall),
        Text(f"{card.overall:.0f}", style=f"bold {_colour(card.overall)}"),
        "",
    )
    return table


def requirements_table(card: ScoreCard) -> Table:
    table = Table(title="Requirements", title_justify="left", expand=False)
    for name, justify in (
        ("requirement", "left"),
        ("target", "right"),
        ("measured", "right"),
        ("", "left"),
    ):
        table.add_column(name, justify=justify)  # type: ignore[arg-type]
    for r in card.requirements:
        if r.implicit:
            continue
        verdict = Text("pass", style="green") if r.passed else Text("FAIL", style="bold red")
        measured = _value(r.actual, r.unit) if r.actual is not None else Text(r.detail, style="dim")
        table.add_row(r.name, _value(r.target, r.unit), measured, verdict)
    return table


def findings_list(card: ScoreCard) -> Text:
    text = Text()
    for i, f in enumerate(card.findings, 1):
        text.append(f"{i}. ", style="bold")
        text.append(f.message)
        text.append(f"  (-{f.points:.0f} pts)", style="dim")
        if i < len(card.findings):
            text.append("\n")
    return text


def scorecard(card: ScoreCard, show_version: bool = True) -> Panel:
    """The whole card. `show_version=False` leaves the engine version out (for snapshots)."""
    passed = sum(1 for r in card.requirements if not r.implicit and r.passed)
    total = sum(1 for r in card.requirements if not r.implicit)
    verdict = (
        Text(f"PASSED: {passed} of {total} requirements met", style="bold green")
        if card.passed
        else Text(f"FAILED: {passed} of {total} requirements met", style="bold red")
    )
    parts: list[RenderableType] = [verdict, Text(), scores_table(card)]
    if total:
        parts += [Text(), requirements_table(card)]
    if card.findings:
        parts += [Text(), Text("Why", style="bold"), findings_list(card)]
    top = sorted(card.cost.by_component().items(), key=lambda kv: -kv[1])[:3]
    parts += [
        Text(),
        Text.assemble(
            ("Cost ", "bold"),
            f"{usd(card.cost.monthly_usd)} a month",
            (f"  (largest: {', '.join(f'{k} {usd(v)}' for k, v in top)})" if top else "", "dim"),
        ),
    ]
    version = f" · engine {card.digests.engine_version}" if show_version else ""
    parts.append(Text(f"seed {card.seed} · digest {card.digest}{version}", style="dim"))
    return Panel(
        Group(*parts),
        title=f"{card.challenge} · {card.design}",
        title_align="left",
        border_style=_colour(card.overall) if card.passed else "red",
    )
