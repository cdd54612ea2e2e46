"""Distributions of durations, one class each (the shape of Ciw's `dists`): how to draw them from
a stream, a block at a time, and what is known of them in closed form (mean, variance, cdf,
quantile), so a test or a finding asks the distribution and never repeats its formula.

A Timing names its distribution; `of(timing)` looks the class up in REGISTRY and builds it from
the timing's fields. Values are in seconds. `block(rng)` returns a function that makes BLOCK
draws at a time: `Draws` keeps them in a list whose `pop()` the hot paths read.
"""

from __future__ import annotations

import random
from abc import ABC, abstractmethod
from bisect import bisect, bisect_left
from collections.abc import Callable
from itertools import accumulate, pairwise, repeat, starmap
from math import ceil, exp, expm1, floor, inf, isfinite, log, log1p, sqrt
from statistics import NormalDist
from typing import ClassVar

from playground.formats.base import Timing

BLOCK = 1024
Z99 = 2.3263478740408408  # the standard normal's 99th percentile
Block = Callable[[], list[float]]


def uniforms(r: Callable[[], float], n: int = BLOCK) -> starmap[float]:
    """n draws of r(), called from C (no bytecode per draw)."""
    return starmap(r, repeat((), n))


class Distribution(ABC):
    """A distribution of durations in seconds, with its mean and variance."""

    name: ClassVar[str]
    mean: float
    variance: float

    @classmethod
    @abstractmethod
    def from_timing(cls, t: Timing) -> Distribution:
        """Built from a Timing's fields (milliseconds there, seconds here)."""

    @abstractmethod
    def sample(self, rng: random.Random) -> float:
        """One draw."""

    def block(self, rng: random.Random) -> Block:
        """A function returning BLOCK draws each call; classes with a faster form override it."""
        sample = self.sample
        return lambda: [sample(rng) for _ in range(BLOCK)]

    @abstractmethod
    def cdf(self, x: float) -> float:
        """P(X <= x)."""

    def quantile(self, q: float) -> float:
        """The least x with cdf(x) >= q, by bisection where there is no closed form."""
        lo, hi = 0.0, max(self.mean, 1e-9)
        while self.cdf(hi) < q:
            lo, hi = hi, hi * 2.0
            if not isfinite(hi):
                return inf
        for _ in range(200):
            mid = (lo + hi) / 2.0
            if self.cdf(mid) < q:
                lo = mid
            else:
                hi = mid
        return hi


class Exponential(Distribution):
    name = "exponential"

    def __init__(self, mean: float):
        self.m = mean
        self.mean = self.m
        self.variance = self.m * self.m

    @classmethod
    def from_timing(cls, t: Timing) -> Exponential:
        return cls((t.mean_ms or 0.0) / 1000.0)

    def sample(self, rng: random.Random) -> float:
        return -log1p(-rng.random()) * self.m

    def block(self, rng: random.Random) -> Block:
        r, scale = rng.random, -self.m
        # -log(1 - U)·mean, written log1p(-U)·(-mean): exact for small U, and a one-argument C call
        return lambda: [log1p(-u) * scale for u in uniforms(r)]

    def cdf(self, x: float) -> float:
        return -expm1(-x / self.m) if x > 0 else 0.0

    def quantile(self, q: float) -> float:
        return -log1p(-q) * self.m


class Deterministic(Distribution):
    name = "deterministic"

    def __init__(self, value: float):
        self.d = value
        self.mean = self.d
        self.variance = 0.0

    @classmethod
    def from_timing(cls, t: Timing) -> Deterministic:
        return cls((t.mean_ms or 0.0) / 1000.0)

    def sample(self, rng: random.Random) -> float:
        return self.d

    def block(self, rng: random.Random) -> Block:
        block = [self.d] * BLOCK
        return lambda: block

    def cdf(self, x: float) -> float:
        return 1.0 if x >= self.d else 0.0

    def quantile(self, q: float) -> float:
        return self.d


def lognormal_params(mean: float, p99: float) -> tuple[float, float]:
    """(mu, sigma) of the lognormal with this mean and 99th percentile.

    mean = exp(mu + sigma²/2) and p99 = exp(mu + z·sigma) give sigma²/2 - z·sigma + ln(p99/mean) = 0;
    the smaller root is the one whose tail matches. A ratio p99/mean above exp(z²/2) ≈ 15 has no
    lognormal; sigma is then capped at z (the heaviest tail a lognormal with that mean can have).
    """
    d = log(p99 / mean)
    disc = Z99 * Z99 - 2.0 * d
    sigma = Z99 - sqrt(disc) if disc > 0 else Z99
    return log(mean) - sigma * sigma / 2.0, sigma


class Lognormal(Distribution):
    name = "lognormal"

    def __init__(self, mu: float, sigma: float):
        self.mu, self.sigma = mu, sigma
        self.normal = NormalDist(mu, sigma)
        self.mean = exp(self.mu + self.sigma**2 / 2.0)
        self.variance = expm1(self.sigma**2) * exp(2.0 * self.mu + self.sigma**2)

    @classmethod
    def from_timing(cls, t: Timing) -> Lognormal:
        return cls(*lognormal_params((t.mean_ms or 0.0) / 1000.0, (t.p99_ms or 0.0) / 1000.0))

    def sample(self, rng: random.Random) -> float:
        return exp(self.mu + self.sigma * rng.gauss(0.0, 1.0))

    def block(self, rng: random.Random) -> Block:
        mu, sigma, gauss = self.mu, self.sigma, rng.gauss
        return lambda: [exp(mu + sigma * gauss(0.0, 1.0)) for _ in range(BLOCK)]

    def cdf(self, x: float) -> float:
        return self.normal.cdf(log(x)) if x > 0 else 0.0

    def quantile(self, q: float) -> float:
        return exp(self.normal.inv_cdf(q))


class Uniform(Distribution):
    name = "uniform"

    def __init__(self, low: float, high: float):
        self.low, self.high = low, high
        self.mean = (self.low + self.high) / 2.0
        self.variance = (self.high - self.low) ** 2 / 12.0

    @classmethod
    def from_timing(cls, t: Timing) -> Uniform:
        return cls((t.low_ms or 0.0) / 1000.0, (t.high_ms or 0.0) / 1000.0)

    def sample(self, rng: random.Random) -> float:
        return self.low + (self.high - self.low) * rng.random()

    def block(self, rng: random.Random) -> Block:
        a, w, r = self.low, self.high - self.low, rng.random
        return lambda: [a + w * u for u in uniforms(r)]

    def cdf(self, x: float) -> float:
        return min(1.0, max(0.0, (x - self.low) / (self.high - self.low)))

    def quantile(self, q: float) -> float:
        return self.low + (self.high - self.low) * q


class Erlang(Distribution):
    """The sum of k independent exponential stages of mean mean/k."""

    name = "erlang"

    def __init__(self, k: int, mean: float):
        self.k, self.m = k, mean
        self.mean = self.m
        self.variance = self.m * self.m / self.k

    @classmethod
    def from_timing(cls, t: Timing) -> Erlang:
        return cls(t.k or 1, (t.mean_ms or 0.0) / 1000.0)

    def sample(self, rng: random.Random) -> float:
        return -sum(log1p(-rng.random()) for _ in range(self.k)) * self.m / self.k

    def block(self, rng: random.Random) -> Block:
        k, r, scale = self.k, rng.random, -self.m / self.k

        def block() -> list[float]:
            stages = [log1p(-u) for u in uniforms(r, k * BLOCK)]
            return [sum(g) * scale for g in zip(*[iter(stages)] * k, strict=True)]

        return block

    def cdf(self, x: float) -> float:
        if x <= 0:
            return 0.0
        y = x * self.k / self.m  # P(Poisson(y) >= k)
        term = total = exp(-y)
        for n in range(1, self.k):
            term *= y / n
            total += term
        return max(0.0, 1.0 - total)


class Mixture(Distribution):
    """One of several distributions, picked with probability proportional to its weight (a
    mixture of exponentials is a hyperexponential)."""

    name = "mixture"

    def __init__(self, parts: list[tuple[float, Distribution]]):
        total = sum(w for w, _ in parts)
        self.weights = [w / total for w, _ in parts]
        self.parts = [d for _, d in parts]
        self.cum = list(accumulate(self.weights))
        self.mean = sum(w * d.mean for w, d in zip(self.weights, self.parts, strict=True))
        second = sum(w * (d.variance + d.mean**2) for w, d in zip(self.weights, self.parts, strict=True))
        self.variance = second - self.mean**2

    @classmethod
    def from_timing(cls, t: Timing) -> Mixture:
        return cls([(p.weight, of(p)) for p in t.of or ()])

    def pick(self, u: float) -> int:
        return min(bisect(self.cum, u), len(self.parts) - 1)

    def sample(self, rng: random.Random) -> float:
        return self.parts[self.pick(rng.random())].sample(rng)

    def block(self, rng: random.Random) -> Block:
        makers = [d.block(rng) for d in self.parts]
        bufs: list[list[float]] = [[] for _ in self.parts]
        pick, r = self.pick, rng.random

        def block() -> list[float]:
            out = []
            for u in uniforms(r):
                i = pick(u)
                buf = bufs[i]
                if not buf:
                    buf.extend(makers[i]())
                out.append(buf.pop())
            return out

        return block

    def cdf(self, x: float) -> float:
        return sum(w * d.cdf(x) for w, d in zip(self.weights, self.parts, strict=True))

class BoundedPareto(Distribution):
    """Pareto of shape alpha cut to [low, high]: cdf (1 - (low/x)^a) / (1 - (low/high)^a)
    (Harchol-Balter, Performance Modeling and Design of Computer Systems, 2013, ch. 20)."""

    name = "bounded_pareto"

    def __init__(self, alpha: float, low: float, high: float):
        self.alpha, self.low, self.high = alpha, low, high
        self.span = 1.0 - (low / high) ** alpha  # the untruncated Pareto's mass in [low, high]
        self.mean = self.moment(1)
        self.variance = self.moment(2) - self.moment(1) ** 2

    @classmethod
    def from_timing(cls, t: Timing) -> BoundedPareto:
        return cls(t.alpha or 1.0, (t.low_ms or 0.0) / 1000.0, (t.high_ms or 0.0) / 1000.0)

    def sample(self, rng: random.Random) -> float:
        return self.quantile(rng.random())

    def block(self, rng: random.Random) -> Block:
        low, span, e, r = self.low, self.span, -1.0 / self.alpha, rng.random
        return lambda: [low * (1.0 - u * span) ** e for u in uniforms(r)]

    def moment(self, j: int) -> float:
        a, lo, hi = self.alpha, self.low, self.high
        c = a * lo**a / self.span
        if abs(j - a) < 1e-12:
            return c * log(hi / lo)
        return c * (hi ** (j - a) - lo ** (j - a)) / (j - a)

    def cdf(self, x: float) -> float:
        if x <= self.low:
            return 0.0
        if x >= self.high:
            return 1.0
        return (1.0 - (self.low / x) ** self.alpha) / self.span

    def quantile(self, q: float) -> float:
        return self.low * (1.0 - q * self.span) ** (-1.0 / self.alpha)


class Empirical(Distribution):
    """Measured durations. From samples: each draw is one of them, equally likely (the samples'
    own distribution, a step cdf). From percentiles: the quantile function is the straight line
    between each two given points, so durations between them are spread evenly."""

    name = "empirical"

    def __init__(self, points: list[tuple[float, float]], steps: bool):
        self.ps = [p for p, _ in points]  # cumulative probabilities, increasing, 0 .. 1
        self.xs = [x for _, x in points]
        self.steps = steps
        self.mean = sum(w * (a + b) / 2.0 for w, a, b in self.pieces())
        self.variance = sum(w * (a * a + a * b + b * b) / 3.0 for w, a, b in self.pieces()) - self.mean**2

    @classmethod
    def from_timing(cls, t: Timing) -> Empirical:
        if t.samples_ms is not None:
            return cls.from_samples([x / 1000.0 for x in t.samples_ms])
        return cls(sorted((p / 100.0, x / 1000.0) for p, x in (t.percentiles_ms or {}).items()), steps=False)

    @classmethod
    def from_samples(cls, samples: list[float]) -> Empirical:
        xs, n = sorted(samples), len(samples)
        return cls([((i + 1) / n, x) for i, x in enumerate(xs)], steps=True)

    def quantile(self, q: float) -> float:
        ps, xs = self.ps, self.xs
        if self.steps:  # the ceil(q n)-th smallest sample
            return xs[min(max(ceil(q * len(xs)) - 1, 0), len(xs) - 1)]
        i = min(max(bisect_left(ps, q), 1), len(ps) - 1)
        p0, p1 = ps[i - 1], ps[i]
        return xs[i - 1] + (xs[i] - xs[i - 1]) * ((q - p0) / (p1 - p0) if p1 > p0 else 1.0)

    def sample(self, rng: random.Random) -> float:
        return self.draw(rng.random())

    def draw(self, u: float) -> float:
        """The draw for a uniform u in [0, 1): a sample by its index, or the line's value."""
        if self.steps:
            return self.xs[floor(u * len(self.xs))]
        return self.quantile(u)

    def block(self, rng: random.Random) -> Block:
        draw, r = self.draw, rng.random
        return lambda: [draw(u) for u in uniforms(r)]

    def pieces(self) -> list[tuple[float, float, float]]:
        """(probability, from, to) of each piece: a point mass (from = to) or an even spread."""
        if self.steps:
            n = len(self.xs)
            return [(1.0 / n, x, x) for x in self.xs]
        return [(p1 - p0, a, b) for (p0, p1), (a, b) in zip(pairwise(self.ps), pairwise(self.xs), strict=True)]

    def cdf(self, x: float) -> float:
        if self.steps:
            return bisect(self.xs, x) / len(self.xs)
        total = 0.0
        for w, a, b in self.pieces():
            if x >= b:
                total += w
            elif x > a:
                total += w * (x - a) / (b - a)
        return min(total, 1.0)


REGISTRY: dict[str, type[Distribution]] = {
    d.name: d for d in (Exponential, Deterministic, Lognormal, Uniform, Erlang, Mixture, BoundedPareto, Empirical)
}
"""Every distribution a Timing may name, by that name."""


def of(timing: Timing) -> Distribution:
    """The distribution a Timing describes."""
    return REGISTRY[timing.distribution].from_timing(timing)
