"""Latency histograms of fixed size: log-spaced bins, so memory never grows with requests.

Bin i holds latencies x with log2(1 + x/1µs) in [i/64, (i+1)/64): above a few µs that is 1/64
of an octave (relative width 1.09 %), and the +1 keeps x = 0 in bin 0 without a test on the
hot path. A percentile reads the bin's middle on that scale, so it is within ±0.55 % of the
exact order statistic. Mean and max are exact. A coarse view (8 bins per octave) serves the
per-second series.
"""

from __future__ import annotations

from bisect import bisect_left
from itertools import accumulate
from math import floor, log2

PER_OCTAVE = 64
COARSE_SHIFT = 3  # 64 -> 8 bins per octave
OCTAVES = 40  # 1 µs .. ~12.7 days: longer than any run, so no latency falls off the end
NBINS = PER_OCTAVE * OCTAVES
FLOOR_S = 1e-6


def bin_of(seconds: float) -> int:
    """floor, not int: the same for a value >= 0, and a call straight into C (int() goes
    through the type's constructor: ~280 instructions a request on the hot path)."""
    i = floor(log2(seconds / FLOOR_S + 1.0) * PER_OCTAVE)
    return i if i < NBINS else NBINS - 1


def bin_value(i: int, per_octave: int = PER_OCTAVE) -> float:
    """The middle of bin i (on the bins' log scale), in seconds."""
    return FLOOR_S * (2.0 ** ((i + 0.5) / per_octave) - 1.0)


def percentile(counts: list[int], n: int, q: float, per_octave: int = PER_OCTAVE) -> float:
    """The q-th percentile (0..100) of n values held in counts, in seconds."""
    rank = max(1, -(-n * q // 100))  # the ceil(n*q/100)-th smallest value
    i = bisect_left(list(accumulate(counts)), rank)  # the first bin whose running count reaches it
    return bin_value(min(i, len(counts) - 1), per_octave)


class Histogram:
    """Count, sum and max of latencies in seconds, with log-spaced bins."""

    __slots__ = ("counts", "max", "total")

    def __init__(self) -> None:
        self.counts = [0] * NBINS
        self.total = 0.0
        self.max = 0.0

    @property
    def n(self) -> int:
        return sum(self.counts)

    def add(self, seconds: float) -> int:
        i = bin_of(seconds)
        self.counts[i] += 1
        self.total += seconds
        if seconds > self.max:
            self.max = seconds
        return i

    def merge(self, other: Histogram) -> None:
        self.counts = [a + b for a, b in zip(self.counts, other.counts, strict=True)]
        self.total += other.total
        self.max = max(self.max, other.max)

    def summary_ms(self) -> dict[str, float | int | None]:
        """count, mean, p50, p95, p99 and max in milliseconds (None when empty)."""
        n = self.n
        if not n:
            return {"count": 0, "mean": None, "p50": None, "p95": None, "p99": None, "max": None}
        top = self.max
        return {
            "count": n,
            "mean": ms(self.total / n),
            "p50": ms(min(percentile(self.counts, n, 50), top)),
            "p95": ms(min(percentile(self.counts, n, 95), top)),
            "p99": ms(min(percentile(self.counts, n, 99), top)),
            "max": ms(top),
        }


def ms(seconds: float) -> float:
    return round(seconds * 1000.0, 4)


def percentile_key(percentile: float) -> str:
    """50 -> 'p50', 99.9 -> 'p99.9': the key a latency percentile has in a run's results."""
    return f"p{percentile:g}"
