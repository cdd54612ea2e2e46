"""Read access to a run's results for the findings: per-component series, fault events, traces.

The results are the engine's plain dict (see docs/results.md); every accessor here tolerates a key
the engine left out, so a finding is simply not made when its evidence is missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from playground.design.challenge import Challenge
from playground.design.graph import Links, descendants, links
from playground.design.model import Design
from playground.faults import FAULTS
from playground.kinds.base import ComponentBase

FAULT_KINDS = tuple(kind for kind, fault in FAULTS.items() if fault.harms)


def slots(c: ComponentBase) -> tuple[int, str] | None:
    """How many requests a component can serve at once, and what they are called."""
    return c.concurrency()


def columns(series: Any) -> dict[str, list[Any]]:
    """A series as columns, whether the engine gave columns or a list of rows."""
    if isinstance(series, Mapping):
        return {k: list(v) for k, v in series.items() if isinstance(v, (list, tuple))}
    if isinstance(series, list) and series and isinstance(series[0], Mapping):
        return {k: [row.get(k) for row in series] for k in series[0]}
    return {}


@dataclass(frozen=True)
class FaultEvent:
    t_s: float
    kind: str
    target: str
    data: Mapping[str, Any]

    @property
    def what(self) -> str:
        """`payments` hung, `db` was down, ... (the fault as its kind tells it)."""
        return FAULTS[self.kind].describe(f"`{self.target}`", self.data)


class Evidence:
    """A run's results, indexed for the questions findings ask."""

    def __init__(self, design: Design, challenge: Challenge, result: Mapping[str, Any]):
        self.design = design
        self.challenge = challenge
        self.result = result
        self.by_id = {c.id: c for c in design.components}
        self.components: Mapping[str, Mapping[str, Any]] = result.get("components") or {}
        self.total = int((result.get("requests") or {}).get("total", 0))

    @cached_property
    def graph(self) -> Links:
        return links(self.design)

    def downstream(self, cid: str) -> set[str]:
        return descendants(self.graph, cid)

    def stat(self, cid: str, key: str, default: float = 0.0) -> float:
        value = (self.components.get(cid) or {}).get(key)
        return default if value is None else float(value)

    def series(self, cid: str) -> dict[str, list[Any]]:
        return columns((self.components.get(cid) or {}).get("series"))

    @cached_property
    def faults(self) -> list[FaultEvent]:
        """Fault events from the run's timeline (`at_s`), or else from the challenge's faults."""
        events = [e for e in self.result.get("events") or [] if e.get("kind") in FAULT_KINDS]
        if not events:
            events = [f.model_dump() for f in self.challenge.faults if f.kind in FAULT_KINDS]
        out = []
        for e in events:
            t = float(e.get("at_s", e.get("t_s", 0.0)))
            between = e.get("between") or str(e.get("target", "")).split(" | ")
            if e["kind"] == "partition" and len(between) == 2:
                out.append(
                    FaultEvent(t, "partition", str(between[0]), e | {"other": f"`{between[1]}`"})
                )
            elif e.get("target"):
                out.append(FaultEvent(t, e["kind"], str(e["target"]), e))
        return sorted(out, key=lambda f: f.t_s)

    def fault_hitting(self, cids: set[str], before_s: float) -> FaultEvent | None:
        """The latest fault that struck one of `cids` (by id, zone, or the components the run
        says it struck) by `before_s`."""
        zones = {
            f"zone:{self.by_id[c].zone}" for c in cids if c in self.by_id and self.by_id[c].zone
        }
        hits = [
            f
            for f in self.faults
            if f.t_s <= before_s
            and (
                f.target in cids or f.target in zones or cids & set(f.data.get("components") or ())
            )
        ]
        return hits[-1] if hits else None

    @staticmethod
    def t(seconds: float) -> str:
        """A moment of the run as a finding writes it: t=12s, t=3.5s."""
        return f"t={seconds:.0f}s" if seconds >= 10 else f"t={seconds:.1f}s"

    def traces(self) -> list[Mapping[str, Any]]:
        return [t for t in self.result.get("traces") or [] if isinstance(t, Mapping)]
