"""How a number reads on the card, in the summary and on the bill: one place for each unit."""

from __future__ import annotations

from typing import Any

NONE = "-"


def usd(amount: float, cents: bool = True) -> str:
    return f"${amount:,.2f}" if cents else f"${amount:,.0f}"


def percent(fraction: float, digits: int = 1) -> str:
    return f"{fraction * 100:.{digits}f} %"


def measured(value: Any, unit: str = "") -> str:
    """A requirement's target or measure in its unit (the units `RequirementResult` uses)."""
    if value is None:
        return NONE
    x = float(value)
    if unit == "ms":
        return f"{x:,.1f} ms"
    if unit == "usd":
        return usd(x, cents=False)
    if unit == "fraction":
        return f"{x * 100:.3f}".rstrip("0").rstrip(".") + " %"
    if unit == "rate":
        return percent(x, 2)
    return f"{x:,.4g}" if abs(x) < 1000 else f"{x:,.0f}"


def number(value: Any, fmt: str = "{:,.1f}") -> str:
    """`value` in `fmt`, or a dash when there is none (a percentile of no requests)."""
    return NONE if value is None else fmt.format(float(value))
