"""A design's monthly bill: every provisioned machine, disk and backup, plus per-request charges.

Each line of the bill says how it was computed, so a person can redo the sum by hand:
machines x hours per month x price per hour, GB x price per GB-month, millions of requests x price
per million. Idle capacity is billed like busy capacity: a replica nobody reads from still costs.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping
from dataclasses import asdict, dataclass
from typing import Any

from playground.design.model import Design
from playground.kinds.base import ComponentBase
from playground.scoring.prices import PriceTable, price_table

SECONDS_PER_HOUR = 3600


@dataclass(frozen=True)
class CostLine:
    """One item of the bill: `quantity` of `unit` at `unit_usd` each, per month."""

    component: str
    kind: str
    item: str
    quantity: float
    unit: str
    unit_usd: float
    monthly_usd: float
    how: str


@dataclass(frozen=True)
class Cost:
    monthly_usd: float
    lines: tuple[CostLine, ...]
    unpriced: tuple[str, ...] = ()
    """Components billed per request whose request rate was not given, so not in the total."""

    def by_component(self) -> dict[str, float]:
        out: dict[str, float] = {}
        for line in self.lines:
            out[line.component] = out.get(line.component, 0.0) + line.monthly_usd
        return out

    def to_dict(self) -> dict[str, Any]:
        return {
            "monthly_usd": round(self.monthly_usd, 2),
            "by_component": {k: round(v, 2) for k, v in self.by_component().items()},
            "breakdown": [asdict(line) for line in self.lines],
            "unpriced": list(self.unpriced),
        }


def monthly_cost(
    design: Design, rps: Mapping[str, float] | None = None, table: PriceTable | None = None
) -> Cost:
    """The monthly cost of `design`. `rps` gives the average requests per second reaching a
    component, for the kinds metered by use (a queue's messages, a third party's calls, what an
    edge serves per request and per GB); components without a rate are listed in `unpriced`
    instead of guessed at."""
    table = table or price_table()
    rps = rps or {}
    lines: list[CostLine] = []
    unpriced: list[str] = []
    for c in design.components:
        lines.extend(_machines(c, table))
        lines.extend(_storage(c, table))
        if metered(table, c):
            if c.id in rps:
                lines.extend(_usage(c, rps[c.id], table))
            else:
                unpriced.append(c.id)
    total = sum(line.monthly_usd for line in lines)
    return Cost(total, tuple(lines), tuple(unpriced))


def _machines(c: ComponentBase, table: PriceTable) -> Iterator[CostLine]:
    row = table.kind(c.kind)
    if not row.per_hour:
        return
    hourly = row.per_hour[c.size]
    copies, copy_name = c.copies()
    asked = c.billed_units()
    per_copy = 1
    parts = [_count(copies, copy_name)] if copies > 1 else []
    if asked is not None and row.per_machine:
        fits = row.per_machine[c.size]
        per_copy = max(1, math.ceil(asked / fits))
        parts.append(
            f"{_count(per_copy, 'machine')} ({asked:,} {row.capacity}, "
            f"{fits:,} per {c.size} machine)"
        )
    how = " x ".join(parts) or "1 machine"
    machines = copies * per_copy
    hours = table.hours_per_month
    yield CostLine(
        c.id,
        c.kind,
        f"{c.size} machines",
        machines,
        "machine-month",
        hourly * hours,
        machines * hourly * hours,
        f"{how} x {hours:g} h x ${hourly:g}/h",
    )


def _storage(c: ComponentBase, table: PriceTable) -> Iterator[CostLine]:
    disk = c.disk_gb()
    if disk is None:
        return
    copies, copy_name = c.copies()
    gb = disk * copies
    price = table.storage_gb_month
    each = f"{_count(copies, copy_name)} x " if copies > 1 else ""
    yield CostLine(
        c.id,
        c.kind,
        "storage",
        gb,
        "GB-month",
        price,
        gb * price,
        f"{each}{disk:g} GB x ${price:g}/GB-month",
    )
    if c.backed_up():
        price = table.backup_gb_month
        yield CostLine(
            c.id,
            c.kind,
            "backups",
            disk,
            "GB-month",
            price,
            disk * price,
            f"{disk:g} GB kept as backup x ${price:g}/GB-month",
        )


def metered(table: PriceTable, c: ComponentBase) -> bool:
    """Whether its bill depends on how much it is used (a rate is needed to price it)."""
    row = table.kind(c.kind)
    return row.per_million_requests is not None or row.per_gb is not None


def _usage(c: ComponentBase, rate: float, table: PriceTable) -> Iterator[CostLine]:
    row = table.kind(c.kind)
    seconds = SECONDS_PER_HOUR * table.hours_per_month
    if row.per_million_requests is not None:
        price = row.per_million_requests
        millions = rate * seconds / 1e6
        yield CostLine(c.id, c.kind, "requests", millions, "million requests", price, millions * price,
                       f"{rate:g} req/s x {table.hours_per_month:g} h x 3600 s = {millions:,.1f} M x ${price:g}/M")
    if row.per_gb is not None:
        price, each = row.per_gb, c.gb_per_request()
        gb = rate * seconds * each
        yield CostLine(c.id, c.kind, "data out", gb, "GB", price, gb * price,
                       f"{rate:g} req/s x {table.hours_per_month:g} h x 3600 s x {each * 1e6:g} KB "
                       f"= {gb:,.1f} GB x ${price:g}/GB")


def _count(n: int, what: str) -> str:
    return f"{n} {what}" + ("" if n == 1 else "s")
