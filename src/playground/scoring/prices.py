"""The price table: what each kind states it costs (its `price`), with the figures shipped in
prices.yaml that are no kind's (hours in a month, disk and backup storage), read once."""

from __future__ import annotations

from functools import cache
from importlib.resources import files

from pydantic import Field
from ruamel.yaml import YAML

from playground.formats.base import StrictModel
from playground.kinds import KINDS
from playground.kinds.base import Price, Usd


class PriceTable(StrictModel):
    hours_per_month: float = Field(gt=0, le=744)
    storage_gb_month: Usd
    backup_gb_month: Usd
    kinds: dict[str, Price] = Field(default_factory=lambda: {name: m.price for name, m in KINDS.items()})

    def kind(self, kind: str) -> Price:
        return self.kinds[kind]


@cache
def price_table() -> PriceTable:
    """The shipped table."""
    text = files("playground.scoring").joinpath("prices.yaml").read_text(encoding="utf-8")
    return PriceTable.model_validate(YAML(typ="safe").load(text))
