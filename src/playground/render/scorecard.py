"""The score card and the cost bill as rich renderables, shared by the CLI and the TUI."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text

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
            "with --rps ID=RATE)", style="yellow")
        table.caption_justify = "left"
    return table
