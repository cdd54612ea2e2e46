"""What a fast run approximated, and how sure its figures are (playground.fast makes it).

A result with an `approximation` was not simulated request by request at the challenge's full
size: a smaller system stood for it (`factor`), or its steady traffic was simulated until its
estimates settled and the counts scaled to the whole window (`simulated_s` of `measured_s`).
`intervals` holds each graded figure's 95 % confidence interval by batch means; `bounded`
makes the result with every such figure at one end of its interval, so scoring can tell a
verdict the interval decides from one inside it (uncertain).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Any

from playground.core.keyed import take

KEYS = ("factor", "reduced", "simulated_s", "measured_s", "batches", "confidence", "intervals", "exact")


@dataclass(frozen=True)
class Approximation:
    factor: int
    """The system simulated was this many times smaller (1: the design as it is)."""
    reduced: Mapping[str, str]
    """Each component made smaller, and how ("500 → 20 instances")."""
    simulated_s: float
    """Seconds of the measured window simulated ..."""
    measured_s: float
    """... of the challenge's measured window; the counts are scaled by their ratio and the factor."""
    batches: int | None
    """Batches the intervals come from (None: the traffic changes over the run, so none)."""
    confidence: float
    intervals: Mapping[str, tuple[float, float]]
    """Each graded figure's interval, by its path in the result: `availability`,
    `latency_ms.overall.p99`, `latency_ms.by_op.read.mean`, `anomalies.rate.stale_read`."""
    exact: tuple[str, ...]
    """Why what was not approximated was not (a design with no symmetry runs whole)."""

    @property
    def scale(self) -> float:
        """How many requests of the challenge each simulated one stands for."""
        return self.factor * (self.measured_s / self.simulated_s if self.simulated_s else 1.0)

    def describe(self) -> str:
        """In a sentence, what was approximated: the card's line."""
        parts = []
        if self.factor > 1:
            how = ", ".join(f"{cid} {what}" for cid, what in self.reduced.items())
            parts.append(f"a system {self.factor} times smaller ({how})")
        if self.simulated_s < self.measured_s:
            parts.append(f"{self.simulated_s:.3g} s of {self.measured_s:g} s of steady traffic, counts scaled")
        said = "; ".join(parts) if parts else "nothing: run exactly"
        if self.batches:
            said += f"; {self.confidence:.0%} intervals by {self.batches} batch means"
        if self.exact:
            said += f" (exact where: {'; '.join(self.exact)})"
        return f"fast mode simulated {said}"

    @classmethod
    def from_dict(cls, data: Any, where: str = "result.approximation") -> Approximation:
        factor, reduced, simulated, measured, batches, confidence, intervals, exact = take(data, where, KEYS)
        return cls(factor, MappingProxyType(dict(reduced)), simulated, measured, batches, confidence,
                   MappingProxyType({k: (float(v[0]), float(v[1])) for k, v in intervals.items()}),
                   tuple(exact))

    def to_dict(self) -> dict[str, Any]:
        return {"factor": self.factor, "reduced": dict(self.reduced), "simulated_s": self.simulated_s,
                "measured_s": self.measured_s, "batches": self.batches, "confidence": self.confidence,
                "intervals": {k: [lo, hi] for k, (lo, hi) in self.intervals.items()},
                "exact": list(self.exact)}


def bounded(result: Any, side: int) -> Any:
    """`result` (a RunResult) with every figure that has an interval at its low end (side 0) or
    its high end (side 1)."""
    approx: Approximation = result.approximation
    at = {path: bounds[side] for path, bounds in approx.intervals.items()}
    latency = result.latency_ms
    overall = _latency(latency.overall, at, "latency_ms.overall")
    by_op = {op: _latency(lat, at, f"latency_ms.by_op.{op}") for op, lat in latency.by_op.items()}
    anomalies = result.anomalies
    counts = dict(anomalies.counts)
    by_op_counts = {op: dict(c) for op, c in anomalies.by_op.items()}
    finished = sum(result.finished_by_op().values())
    for name, count in anomalies.counts.items():
        rate = at.get(f"anomalies.rate.{name}")
        if rate is None or not count:  # none seen: every batch had none, and so has the interval
            continue
        new = round(max(0.0, rate) * finished)
        counts[name] = new
        for c in by_op_counts.values():  # spread over the operations as the run spread it
            if name in c:
                c[name] = round(c[name] * new / count)
    return replace(
        result,
        availability=at.get("availability", result.availability),
        latency_ms=replace(latency, overall=overall, by_op=MappingProxyType(by_op)),
        anomalies=replace(anomalies, counts=MappingProxyType(counts),
                          by_op=MappingProxyType({op: MappingProxyType(c) for op, c in by_op_counts.items()})),
    )


def _latency(lat: Any, at: Mapping[str, float], path: str) -> Any:
    percentiles = {k: at.get(f"{path}.{k}", v) for k, v in lat.percentiles.items()}
    return replace(lat, mean=at.get(f"{path}.mean", lat.mean), percentiles=MappingProxyType(percentiles))
