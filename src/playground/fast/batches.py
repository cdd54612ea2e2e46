"""Batch means: how sure an estimate from one long run of steady traffic is.

Successive requests of a queue are correlated, so the spread of single requests says nothing
of the error of their mean. Cut the run into B batches long enough to be nearly independent;
the batch estimates then vary as independent draws would, and the mean of B of them lies
within t(B-1) · s / √B of the truth with 95 % confidence (Law & Kelton, "Simulation Modeling
and Analysis", 3rd ed., §9.5.3). Twenty batches is the usual choice (Schmeiser 1982, "Batch
size effects in the analysis of simulation output"): fewer widen t, more shorten the batches
until they correlate. A percentile's batches are its value in each batch ("batch quantiles");
a rate's are its ratio in each batch.
"""

from __future__ import annotations

from math import sqrt
from statistics import fmean, stdev

from playground.core.histogram import ms, percentile, percentile_key
from playground.core.tally import Tally

BATCHES = 20
T_975 = 2.093
"""Student's t, 97.5th percentile, 19 degrees of freedom (two-sided 95 % over 20 batches)."""
CONFIDENCE = 0.95


def batches(tallies: list[Tally], count: int = BATCHES) -> list[Tally]:
    """The run between the first and last tally cut into `count` batches of as many slices
    each (the earliest slices left out when they do not divide)."""
    slices = len(tallies) - 1
    per = slices // count
    if per < 1:
        return []
    first = slices - per * count
    return [tallies[first + (i + 1) * per].since(tallies[first + i * per]) for i in range(count)]


def figures(batch: Tally, percentiles: tuple[float, ...]) -> dict[str, float]:
    """One batch's graded figures, by their path in a result (core/approximation.py)."""
    ok, *failed = batch.outcomes
    finished = ok + sum(failed)
    out: dict[str, float] = {}
    if finished:
        out["availability"] = (ok - batch.degraded) / finished
        judged = finished - batch.degraded
        for name, n in batch.anomalies.items():
            out[f"anomalies.rate.{name}"] = n / judged if judged else 0.0
    total_bins: list[int] = []
    total_s = 0.0
    for op, (bins, seconds) in batch.latency.items():
        _latency(out, f"latency_ms.by_op.{op}", bins, seconds, percentiles)
        total_bins = bins if not total_bins else [a + b for a, b in zip(total_bins, bins, strict=True)]
        total_s += seconds
    _latency(out, "latency_ms.overall", total_bins, total_s, percentiles)
    return out


def _latency(out: dict[str, float], path: str, bins: list[int], seconds: float,
             percentiles: tuple[float, ...]) -> None:
    n = sum(bins)
    if not n:
        return
    out[f"{path}.mean"] = ms(seconds / n)
    for q in percentiles:
        out[f"{path}.{percentile_key(q)}"] = ms(percentile(bins, n, q))


def half_widths(tallies: list[Tally], percentiles: tuple[float, ...]) -> dict[str, float]:
    """Each figure's 95 % half-width by batch means; a figure some batch lacks (no ok request of
    an operation in it) has none."""
    per_batch = [figures(b, percentiles) for b in batches(tallies)]
    if not per_batch:
        return {}
    keys = set(per_batch[0]).intersection(*per_batch[1:])
    return {k: T_975 * stdev([f[k] for f in per_batch]) / sqrt(len(per_batch)) for k in sorted(keys)}


def drifting(tallies: list[Tally]) -> bool:
    """The mean latency of the later half of the batches is above the earlier half's by more
    than 4 standard errors: the system is falling behind (a queue that keeps growing), so no
    stretch of it stands for the rest."""
    means = [figures(b, ()).get("latency_ms.overall.mean") for b in batches(tallies)]
    if len(means) < BATCHES or any(m is None for m in means):
        return False
    half = BATCHES // 2
    early, late = [m for m in means[:half] if m is not None], [m for m in means[half:] if m is not None]
    se = sqrt(stdev(early) ** 2 / half + stdev(late) ** 2 / half)
    return fmean(late) - fmean(early) > 4 * se


def settled(widths: dict[str, float], centres: dict[str, float], relative: float, absolute: float) -> bool:
    """Every latency within `relative` of its value, every rate within `absolute`."""
    if not widths:
        return False
    for k, w in widths.items():
        limit = absolute if not k.startswith("latency") else relative * abs(centres.get(k, 0.0))
        if w > limit:
            return False
    return True


def centres(tallies: list[Tally], percentiles: tuple[float, ...]) -> dict[str, float]:
    """The figures over the whole stretch the tallies cover."""
    whole = tallies[-1].since(tallies[0])
    return figures(whole, percentiles)
