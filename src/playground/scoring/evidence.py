"""A run's results indexed for the questions findings ask: per-component figures and series,
the faults that struck, the traces."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from playground.core.record import ComponentStats, RunResult, Trace
from playground.design.challenge import Challenge
from playground.design.graph import Links, descendants, links
from playground.design.model import Design
from playground.faults import FAULTS


def moment(seconds: float) -> str:
    """A moment of the run as a finding writes it: t=12s, t=3.5s."""
    return f"t={seconds:.0f}s" if seconds >= 10 else f"t={seconds:.1f}s"


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


def _other(sides: list[str]) -> dict[str, str]:
    """A fault with two sides (a partition) names the far one as `other`."""
    return {"other": f"`{sides[1]}`"} if len(sides) == 2 else {}


class Evidence:
    def __init__(self, design: Design, challenge: Challenge, result: RunResult):
        self.design = design
        self.challenge = challenge
        self.result = result
        self.by_id = {c.id: c for c in design.components}
        self.components: Mapping[str, ComponentStats] = result.components
        self.total = result.requests.total

    @cached_property
    def graph(self) -> Links:
        return links(self.design)

    def downstream(self, cid: str) -> set[str]:
        return descendants(self.graph, cid)

    def errors(self, cid: str) -> int:
        stats = self.components.get(cid)
        return 0 if stats is None else stats.errors

    @cached_property
    def faults(self) -> list[FaultEvent]:
        """The faults that struck, from the run's timeline (the challenge's own faults when the
        run wrote none, as for a result read before the first fault)."""
        out = []
        events = [e for e in self.result.events if e.kind in FAULTS and FAULTS[e.kind].harms]
        for e in events:
            sides = FAULTS[e.kind].sides(e.target)
            data = {"at_s": e.at_s, "kind": e.kind, "target": e.target, **e.detail}
            out.append(FaultEvent(e.at_s, e.kind, sides[0], data | _other(sides)))
        if not events:
            for f in self.challenge.faults:
                if f.harms and f.aims():
                    out.append(FaultEvent(f.at_s, f.kind, f.aims()[0], f.model_dump() | _other(f.aims())))
        return sorted(out, key=lambda f: f.t_s)

    def fault_hitting(self, cids: set[str], before_s: float) -> FaultEvent | None:
        """The latest fault that struck one of `cids` (by id, zone, or the components the run
        says it struck) by `before_s`."""
        zones = {f"zone:{self.by_id[c].zone}" for c in cids if c in self.by_id and self.by_id[c].zone}
        hits = [
            f
            for f in self.faults
            if f.t_s <= before_s
            and (f.target in cids or f.target in zones or cids & set(f.data.get("components") or ()))
        ]
        return hits[-1] if hits else None

    t = staticmethod(moment)

    def traces(self) -> tuple[Trace, ...]:
        return self.result.traces
