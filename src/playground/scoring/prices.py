"""The price table: a data file shipped with the package (prices.yaml), read and checked once."""

from __future__ import annotations

from functools import cache
from importlib.resources import files
from typing import Annotated

from pydantic import Field
from ruamel.yaml import YAML

from playground.formats.base import StrictModel
from playground.kinds import KINDS
from playground.kinds.base import Size

Usd = Annotated[float, Field(ge=0, le=1_000_000)]


class KindPrice(StrictModel):
    """What one machine of a kind costs by size, and how much of the kind's capacity it carries."""

    what: str
    per_hour: dict[Size, Usd] = Field(default_factory=dict)
    capacity: str | None = None
    per_machine: dict[Size, Annotated[int, Field(ge=1)]] = Field(default_factory=dict)
    per_million_requests: Usd | None = None


class PriceTable(StrictModel):
    hours_per_month: float = Field(gt=0, le=744)
    storage_gb_month: Usd
    backup_gb_month: Usd
    kinds: dict[str, KindPrice]

    def kind(self, kind: str) -> KindPrice:
        return self.kinds[kind]


@cache
def price_table() -> PriceTable:
    """The shipped table. Every component kind must have a row (checked here, once)."""
    text = files("playground.scoring").joinpath("prices.yaml").read_text(encoding="utf-8")
    table = PriceTable.model_validate(YAML(typ="safe").load(text))
    missing = sorted(set(KINDS) - set(table.kinds))
    if missing:
        raise ValueError(f"prices.yaml has no row for {', '.join(missing)}")
    return table
