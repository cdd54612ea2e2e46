"""Field reference tables for docs/design-format.md and docs/challenge-format.md, from the models,
and the price table in docs/cost.md, from the kinds.

The tables sit between two markers in each doc; `python -m playground.design.reference` rewrites
them, and a test fails when a model changed and the doc did not.
"""

from __future__ import annotations

import re
import sys
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel
from pydantic_core import PydanticUndefined

from playground.design import challenge as ch
from playground.design.availability import Horizon
from playground.design.model import Design
from playground.design.world import Network, World
from playground.faults import FAULTS
from playground.formats.base import MixturePart, Timing
from playground.formats.measure import Measure
from playground.formats.traffic import ClientPolicy, Keys, Phase, Traffic, Users
from playground.kinds import KINDS
from playground.kinds.base import Call, Machine
from playground.kinds.database import Failover, Quorum
from playground.kinds.service import CircuitBreaker, Retry
from playground.requirements import REQUIREMENTS

BEGIN, END = "<!-- fields:begin -->", "<!-- fields:end -->"
PRICES_BEGIN, PRICES_END = "<!-- prices:begin -->", "<!-- prices:end -->"
CATALOG_BEGIN, CATALOG_END = "<!-- catalog:begin -->", "<!-- catalog:end -->"

DESIGN_MODELS: list[type[BaseModel]] = [
    Design, Timing, MixturePart, Call, *KINDS.values(),
    Retry, CircuitBreaker, Failover, Quorum,
]
CHALLENGE_MODELS: list[type[BaseModel]] = [
    ch.Challenge, Traffic, Phase, Users, Timing, MixturePart, Keys, ClientPolicy, Measure,
    *FAULTS.values(),
    *REQUIREMENTS,
    ch.Weights, Horizon, World, Network, Machine,
]


def _type_name(tp: Any) -> str:
    origin = typing.get_origin(tp)
    if origin is typing.Annotated:
        return _type_name(typing.get_args(tp)[0])
    if origin is typing.Literal:
        return " \\| ".join(f"`{a}`" for a in typing.get_args(tp))
    if origin in (typing.Union, __import__("types").UnionType):
        parts = [a for a in typing.get_args(tp) if a is not type(None)]
        text = " \\| ".join(_type_name(a) for a in parts)
        return text + (" or none" if len(parts) < len(typing.get_args(tp)) else "")
    if origin is list:
        return f"list of {_type_name(typing.get_args(tp)[0])}"
    if origin is dict:
        k, v = typing.get_args(tp)
        return f"map {_type_name(k)} → {_type_name(v)}"
    if isinstance(tp, type) and issubclass(tp, BaseModel):
        return f"[{tp.__name__}](#{tp.__name__.lower()})"
    return getattr(tp, "__name__", str(tp))


def _bounds(field: Any) -> str:
    words = []
    for m in field.metadata:
        for attr, sym in (("ge", "≥"), ("gt", ">"), ("le", "≤"), ("lt", "<")):
            if getattr(m, attr, None) is not None:
                words.append(f"{sym} {getattr(m, attr):,}")
    return ", ".join(words)


def _default(field: Any) -> str:
    if field.is_required():
        return "**required**"
    if field.default_factory is not None:
        value = field.default_factory()
        if isinstance(value, BaseModel):
            return "see " + type(value).__name__ + ": " + ", ".join(
                f"{k}={v}" for k, v in value.model_dump(exclude_none=True).items())
        return f"`{value!r}`" if value not in ([], {}) else "empty"
    if field.default is PydanticUndefined:
        return ""
    return f"`{field.default}`" if field.default is not None else "none"


def table(model: type[BaseModel]) -> str:
    doc = (model.__doc__ or "").strip().split("\n\n")[0].replace("\n", " ")
    doc = re.sub(r"\s+", " ", doc)
    lines = [f"### {model.__name__}", "", doc, "", "| field | type | default | range | meaning |",
             "|---|---|---|---|---|"]
    for name, field in model.model_fields.items():
        desc = (field.description or "").replace("|", "\\|").replace("\n", " ")
        lines.append(f"| `{name}` | {_type_name(field.annotation)} | {_default(field)} | "
                     f"{_bounds(field)} | {desc} |")
    return "\n".join(lines) + "\n"


def prices() -> str:
    """Every kind's price, as each kind's module states it (docs/cost.md)."""
    lines = ["| kind | what it stands for | per hour (small / medium / large / xlarge) | one machine carries "
             "| metered |", "|---|---|---|---|---|"]
    for name, model in KINDS.items():
        p = model.price
        hourly = f"${' / '.join(f'{v:g}' for v in p.per_hour.values())}" if p.per_hour else "-"
        carries = (f"{' / '.join(f'{v:,}' for v in p.per_machine.values())} {p.capacity}"
                   if p.per_machine else "-")
        metered = "; ".join(m for m in (
            f"${p.per_million_requests:g} per million requests" if p.per_million_requests is not None else "",
            f"${p.per_gb:g} per GB out" if p.per_gb is not None else "") if m) or "-"
        lines.append(f"| {name} | {p.what} | {hourly} | {carries} | {metered} |")
    return "\n".join(lines) + "\n"


def _timing(t: Timing) -> str:
    tail = f", p99 {t.p99_ms:g} ms" if t.p99_ms is not None else ""
    return f"{t.mean_ms:g} ms ({t.distribution}{tail})"


def catalog() -> str:
    """Every kind's machines, as each kind's module states them (docs/catalog.md)."""
    lines = ["| kind | vCPUs (small / medium / large / xlarge) | one machine holds | its own work takes |",
             "|---|---|---|---|"]
    for name, model in KINDS.items():
        rows = model.catalog
        if not rows:
            continue
        cpus = " / ".join("-" if r.vcpus is None else str(r.vcpus) for r in rows.values())
        p = model.price
        holds = f"{' / '.join(f'{v:,}' for v in p.per_machine.values())} {p.capacity}" if p.per_machine else "-"
        first = next(iter(rows.values()))
        times = "; ".join(f"`{k}` {_timing(t)}" for k, t in first.times.items()) or "-"
        lines.append(f"| {name} | {cpus} | {holds} | {times} |")
    return "\n".join(lines) + "\n"


def section(models: list[type[BaseModel]]) -> str:
    return "\n".join(table(m) for m in models if m is not None)


def refresh(path: Path, models: list[type[BaseModel]] | None) -> str:
    """The doc with its generated part made anew: field tables, or (models None) the prices and
    the machine catalog, whichever markers the doc has."""
    text = path.read_text()
    parts = ([(BEGIN, END, lambda: section(models))] if models is not None else
             [(PRICES_BEGIN, PRICES_END, prices), (CATALOG_BEGIN, CATALOG_END, catalog)])
    for begin, end, body in parts:
        if begin not in text:
            continue
        head, rest = text.split(begin, 1)
        _, tail = rest.split(end, 1)
        text = f"{head}{begin}\n\n{body()}\n{end}{tail}"
    return text


def main() -> int:
    docs = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("docs")
    docs_models: tuple[tuple[str, list[type[BaseModel]] | None], ...] = (
        ("design-format.md", DESIGN_MODELS), ("challenge-format.md", CHALLENGE_MODELS), ("cost.md", None),
        ("catalog.md", None))
    for name, models in docs_models:
        path = docs / name
        path.write_text(refresh(path, models))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
