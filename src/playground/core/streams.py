"""Random streams: one seeded generator per purpose, and draws taken from it in blocks.

A stream is named (`arrivals`, `keys`, `time:api:read`, ...) and seeded from the run's seed and
its name, so adding a component or changing one's timing leaves every other stream's draws alone.
"""

from __future__ import annotations

import random
import sys
from array import array
from bisect import bisect
from collections.abc import Callable
from itertools import repeat
from math import exp, expm1, log, log1p
from operator import mod

from playground.core import distributions
from playground.core.distributions import BLOCK, lognormal_params, uniforms
from playground.formats.base import Timing

__all__ = ["BLOCK", "Draws", "Scaled", "exponentials", "lognormal_params", "stream", "uniform_block",
           "uniforms", "zipf_block"]


def stream(seed: int, name: str) -> random.Random:
    """A generator seeded by (seed, name); string seeds hash with SHA-512, stable across runs."""
    return random.Random(f"{seed}/{name}")


class Draws:
    """Durations in seconds from a Timing, drawn in blocks of BLOCK from their own stream, by the
    timing's distribution (playground.core.distributions).

    The hot path reads `buf.pop() if buf else refill()`; `refill` extends the same list in place.
    """

    __slots__ = ("buf", "mean", "refill")

    def __init__(self, timing: Timing, rng: random.Random):
        dist = distributions.of(timing)
        self.mean = dist.mean
        self.buf: list[float] = []
        buf, block = self.buf, dist.block(rng)

        def refill() -> float:
            buf.extend(block())
            return buf.pop()

        self.refill = refill

    def take(self) -> float:
        buf = self.buf
        return buf.pop() if buf else self.refill()


def exponentials(r: Callable[[], float], n: int = BLOCK) -> list[float]:
    """n unit-exponential draws by inversion, -log(1 - U), written -log1p(-U): exact for small U
    where 1 - U would round, and a one-argument C function, several times cheaper to call than
    log (whose optional base makes every call parse an argument tuple)."""
    return [-log1p(-u) for u in uniforms(r, n)]


def uniform_block(n: int, rng: random.Random) -> Callable[[], list[int]]:
    """Blocks of integers 0..n-1, equally likely: 64 random bits modulo n, computed in C (the
    modulo's bias, n / 2^64, is far below anything a run could show)."""
    rb = rng.randbytes
    swap = sys.byteorder == "big"  # randbytes is little-endian; read it the same way everywhere

    def block() -> list[int]:
        words = array("Q", rb(8 * BLOCK))
        if swap:
            words.byteswap()
        return list(map(mod, words, repeat(n)))  # operator.mod: a fast call, unlike n.__rmod__

    return block


def zipf_block(n: int, s: float, rng: random.Random) -> Callable[[], list[int]]:
    """Blocks of ranks 0..n-1 with P(k) proportional to 1/(k+1)^s; rank 0 is the hottest key.

    A cumulative table with bisection for n up to ZIPF_TABLE_MAX; above it, rejection-inversion
    (Hörmann and Derflinger 1996), which needs no table and is exact.
    """
    r = rng.random
    if n <= ZIPF_TABLE_MAX:
        cum, total = [], 0.0
        for k in range(1, n + 1):
            total += k ** -s
            cum.append(total)
        last = n - 1
        return lambda: [min(bisect(cum, u * total), last) for u in uniforms(r)]
    draw = _rejection_inversion(n, s, r)
    return lambda: [draw() for _ in range(BLOCK)]


ZIPF_TABLE_MAX = 1 << 16


def _helper1(x: float) -> float:  # log1p(x)/x, stable near 0
    return log1p(x) / x if abs(x) > 1e-8 else 1.0 - x / 2.0 + x * x / 3.0


def _helper2(x: float) -> float:  # expm1(x)/x, stable near 0
    return expm1(x) / x if abs(x) > 1e-8 else 1.0 + x / 2.0 + x * x / 6.0


def _rejection_inversion(n: int, s: float, r: Callable[[], float]) -> Callable[[], int]:
    def h(x: float) -> float:
        return exp(-s * log(x))

    def big_h(x: float) -> float:
        lx = log(x)
        return _helper2((1.0 - s) * lx) * lx

    def big_h_inv(x: float) -> float:
        t = max(-1.0, x * (1.0 - s))
        return exp(_helper1(t) * x)

    h_x1 = big_h(1.5) - 1.0
    h_n = big_h(n + 0.5)
    cut = 2.0 - big_h_inv(big_h(2.5) - h(2.0))

    def draw() -> int:
        while True:
            u = h_n + r() * (h_x1 - h_n)
            x = big_h_inv(u)
            k = min(max(int(x + 0.5), 1), n)
            if k - x <= cut or u >= big_h(k + 0.5) - h(k):
                return k - 1

    return draw


class Scaled(Draws):
    """A slowed-down copy of a Draws: the same stream's values times a factor."""

    def __init__(self, base: Draws, factor: float):  # Draws.__init__ is not called on purpose
        self.mean = base.mean * factor
        self.buf = []
        buf = self.buf

        def refill() -> float:
            buf.extend([(base.buf.pop() if base.buf else base.refill()) * factor for _ in range(64)])
            return buf.pop()

        self.refill = refill
