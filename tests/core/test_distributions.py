"""Distributions of durations against their closed forms: each one's draws against its CDF
(written here, not taken from the engine), its stated mean and variance, the percentiles a run
reports when a third party's latency follows it, and the M/G/1 mean time in system by
Pollaczek–Khinchine for uniform and hyperexponential service.

Tolerances are four standard errors, each stated where it is used."""

from __future__ import annotations

from collections.abc import Callable
from itertools import pairwise
from math import erfc, exp, factorial, log, sqrt
from statistics import NormalDist, mean, stdev

import pytest

from playground.core import distributions
from playground.core.streams import Draws, stream
from playground.formats.base import DISTRIBUTIONS, Timing
from tests.core.helpers import challenge, design, run, service

Cdf = Callable[[float], float]  # of a duration in milliseconds


def uniform_cdf(a: float, b: float) -> Cdf:
    return lambda x: min(1.0, max(0.0, (x - a) / (b - a)))


def exp_cdf(m: float) -> Cdf:
    return lambda x: 1.0 - exp(-x / m) if x > 0 else 0.0


def erlang_cdf(k: int, m: float) -> Cdf:
    """Erlang-k of mean m: P(k stages of mean m/k are done by x) = P(Poisson(kx/m) >= k)."""
    return lambda x: 1.0 - sum(exp(-k * x / m) * (k * x / m) ** n / factorial(n) for n in range(k))


def mixture_cdf(*parts: tuple[float, Cdf]) -> Cdf:
    return lambda x: sum(w * f(x) for w, f in parts)


def pareto_cdf(alpha: float, lo: float, hi: float) -> Cdf:
    """Bounded Pareto (Harchol-Balter, Performance Modeling and Design of Computer Systems, 2013,
    §20.3): (1 - (lo/x)^alpha) / (1 - (lo/hi)^alpha) on [lo, hi]."""
    return lambda x: 0.0 if x <= lo else 1.0 if x >= hi else (1 - (lo / x) ** alpha) / (1 - (lo / hi) ** alpha)


def lognormal_cdf(mean_ms: float, p99_ms: float) -> Cdf:
    """The lognormal whose mean and 99th percentile are given: exp(mu + sigma^2/2) = mean and
    exp(mu + z sigma) = p99, the smaller root for sigma."""
    z = NormalDist().inv_cdf(0.99)
    sigma = z - sqrt(z * z - 2 * log(p99_ms / mean_ms))
    mu = log(mean_ms) - sigma * sigma / 2
    return lambda x: 0.5 * erfc(-(log(x) - mu) / (sigma * sqrt(2))) if x > 0 else 0.0


def piecewise_cdf(points: dict[float, float]) -> Cdf:
    """Straight lines between (duration, percentile) points."""
    pts = sorted((x, p / 100) for p, x in points.items())

    def cdf(x: float) -> float:
        if x < pts[0][0]:
            return 0.0
        for (x0, p0), (x1, p1) in pairwise(pts):
            if x < x1:
                return p0 + (p1 - p0) * (x - x0) / (x1 - x0)
        return 1.0

    return cdf


SAMPLES = [round(1 + 9 * ((i * 0.618034) % 1) ** 2, 3) for i in range(50)]  # 50 distinct values, 1-10 ms


def step_cdf(samples: list[float]) -> Cdf:
    return lambda x: sum(s <= x for s in samples) / len(samples)


PERCENTILES = {0: 1.0, 50: 4.0, 90: 10.0, 99: 40.0, 100: 60.0}

CASES: dict[str, tuple[dict, Cdf]] = {
    "uniform": ({"distribution": "uniform", "low_ms": 2, "high_ms": 8}, uniform_cdf(2, 8)),
    "erlang": ({"distribution": "erlang", "mean_ms": 6, "k": 3}, erlang_cdf(3, 6)),
    "hyperexponential": (
        {"distribution": "mixture", "of": [{"mean_ms": 2, "weight": 0.9}, {"mean_ms": 30, "weight": 0.1}]},
        mixture_cdf((0.9, exp_cdf(2)), (0.1, exp_cdf(30))),
    ),
    "mixture": (
        {"distribution": "mixture", "of": [{"mean_ms": 3, "weight": 1},
                                           {"distribution": "uniform", "low_ms": 10, "high_ms": 20, "weight": 3}]},
        mixture_cdf((0.25, exp_cdf(3)), (0.75, uniform_cdf(10, 20))),
    ),
    "bounded_pareto": ({"distribution": "bounded_pareto", "alpha": 1.5, "low_ms": 1, "high_ms": 500},
                       pareto_cdf(1.5, 1, 500)),
    "lognormal": ({"distribution": "lognormal", "mean_ms": 80, "p99_ms": 400}, lognormal_cdf(80, 400)),
    "empirical percentiles": ({"distribution": "empirical", "percentiles_ms": PERCENTILES},
                              piecewise_cdf(PERCENTILES)),
    "empirical samples": ({"distribution": "empirical", "samples_ms": SAMPLES}, step_cdf(SAMPLES)),
}


def inverse(cdf: Cdf, q: float) -> float:
    """The q-quantile of a continuous CDF, by bisection."""
    lo, hi = 0.0, 1.0
    while cdf(hi) < q:
        hi *= 2
    for _ in range(100):
        mid = (lo + hi) / 2
        lo, hi = (mid, hi) if cdf(mid) < q else (lo, mid)
    return hi


def draws(spec: dict, n: int, seed: int = 1) -> list[float]:
    d = Draws(Timing.model_validate(spec), stream(seed, "test"))
    return [d.take() * 1000 for _ in range(n)]  # milliseconds


def test_every_distribution_a_timing_may_name_has_a_class_and_a_case_here():
    assert set(distributions.REGISTRY) == set(DISTRIBUTIONS)
    assert set(Timing.model_fields["distribution"].annotation.__args__) == set(DISTRIBUTIONS)  # type: ignore[union-attr]
    named = {spec["distribution"] for spec, _ in CASES.values()}
    assert named | {"exponential", "deterministic"} == set(DISTRIBUTIONS)


@pytest.mark.parametrize("name", list(CASES))
def test_draws_follow_the_cdf(name):
    """At each decile and at the 99th percentile x_q of the CDF, the share of draws at or
    below x_q is a binomial proportion: SE sqrt(q (1-q) / n) (draws are independent)."""
    spec, cdf = CASES[name]
    n = 100_000
    xs = draws(spec, n)
    for q in (0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.99):
        x = inverse(cdf, q)
        share = sum(v <= x for v in xs) / n
        expected = cdf(x)  # q, or the step's height for the samples' step CDF
        assert share == pytest.approx(expected, abs=4 * sqrt(expected * (1 - expected) / n) + 1e-9), (name, q)


@pytest.mark.parametrize("name", list(CASES))
def test_each_class_states_its_mean_variance_cdf_and_quantile(name):
    """The class's own closed forms against this file's CDF: its cdf at the deciles, its
    quantile inverting it, and its mean and variance against the draws' (SE of a mean
    sd / sqrt(n); of a variance, sqrt((m4 - s^4) / n) from the draws' fourth central moment)."""
    spec, cdf = CASES[name]
    dist = distributions.of(Timing.model_validate(spec))
    for q in (0.05, 0.25, 0.5, 0.75, 0.95):
        x = inverse(cdf, q)
        assert dist.cdf(x / 1000) == pytest.approx(cdf(x), abs=1e-6), (name, q)
        if name != "empirical samples":  # a step CDF's quantile is the step, checked below
            assert dist.quantile(q) * 1000 == pytest.approx(x, rel=1e-6), (name, q)
    if name == "empirical samples":
        s = sorted(SAMPLES)
        assert [dist.quantile(q) * 1000 for q in (0.1, 0.5, 1.0)] == [s[4], s[24], s[49]]
    n = 200_000
    xs = draws(spec, n, seed=2)
    m = mean(xs)
    var = sum((v - m) ** 2 for v in xs) / n
    m4 = sum((v - m) ** 4 for v in xs) / n
    assert dist.mean * 1000 == pytest.approx(m, abs=4 * sqrt(var / n)), name
    assert dist.variance * 1e6 == pytest.approx(var, abs=4 * sqrt((m4 - var * var) / n)), name


@pytest.mark.parametrize("name", [n for n in CASES if n != "empirical samples"])
def test_a_run_reports_the_percentiles_of_a_third_partys_latency(name):
    """A client calling a third party (unlimited concurrency) sees exactly its latency draws.
    The reported percentile is the histogram's bin (±0.55 %) of an order statistic whose SE is
    sqrt(q (1-q) / n) / f(x_q), f the density (a difference quotient of the CDF)."""
    spec, cdf = CASES[name]
    n, rate = 40_000, 500.0
    d = design({"id": "api", "kind": "external", "latency": spec})
    lat = run(d, challenge(rate, n / rate)).latency_ms.overall
    for q in (0.50, 0.95, 0.99):
        x = inverse(cdf, q)
        h = x * 1e-4
        density = (cdf(x + h) - cdf(x - h)) / (2 * h)
        se = sqrt(q * (1 - q) / lat.count) / density
        assert lat.p(q * 100) == pytest.approx(x, abs=4 * se + 0.0055 * x), (name, q)


def pollaczek_khinchine(lam: float, es: float, es2: float) -> float:
    """M/G/1 mean time in system: E[S] + lam E[S^2] / (2 (1 - rho)) (the Pollaczek–Khinchine
    mean-value formula; Kleinrock, Queueing Systems vol. 1, 1975, ch. 5)."""
    return es + lam * es2 / (2 * (1 - lam * es))


@pytest.mark.parametrize("service_time, es, es2", [
    # uniform on [2, 14] ms: E[S] = 8 ms, E[S^2] = (a^2 + ab + b^2) / 3 = 76 ms^2
    ({"distribution": "uniform", "low_ms": 2, "high_ms": 14}, 8.0, 76.0),
    # 0.9 Exp(4 ms) + 0.1 Exp(44 ms): E[S] = 8 ms, E[S^2] = sum p 2 m^2 = 416 ms^2 (squared CV 5.5)
    ({"distribution": "mixture", "of": [{"mean_ms": 4, "weight": 0.9}, {"mean_ms": 44, "weight": 0.1}]},
     8.0, 416.0),
], ids=["uniform", "hyperexponential"])
def test_mg1_mean_time_in_system_is_pollaczek_khinchine(service_time, es, es2):
    """One server at rho = 0.6. Sojourn times in one run are correlated (the queue's memory), so
    the standard error comes from independent replications (Law & Kelton, Simulation Modeling
    and Analysis, ch. 9): ten seeds, SE = sd of their means / sqrt(10); 4 SE is about the 0.3 %
    two-sided point of Student's t with 9 degrees of freedom."""
    lam, n, seeds = 75.0, 20_000, range(1, 11)
    d = design({**service(mean_ms=1.0), "service_time": service_time})
    means = [run(d, challenge(lam, n / lam, seed=s)).latency_ms.overall.mean for s in seeds]
    expected = pollaczek_khinchine(lam / 1000, es, es2)  # per millisecond, in milliseconds
    se = stdev(means) / sqrt(len(means))
    assert mean(means) == pytest.approx(expected, abs=4 * se)
    assert se < 0.05 * expected  # the replications are long enough to say something


def test_a_timing_names_what_its_distribution_lacks_or_does_not_take():
    def problem(spec: dict) -> str:
        with pytest.raises(ValueError) as e:
            Timing.model_validate(spec)
        return str(e.value)

    assert "needs high_ms" in problem({"distribution": "uniform", "low_ms": 1})
    assert "mean_ms does not apply to distribution: uniform" in problem(
        {"distribution": "uniform", "low_ms": 1, "high_ms": 2, "mean_ms": 1})
    assert "samples_ms or percentiles_ms" in problem({"distribution": "empirical"})
    assert "percentile 0" in problem({"distribution": "empirical", "percentiles_ms": {50: 1, 100: 2}})
    assert "must not decrease" in problem({"distribution": "empirical", "percentiles_ms": {0: 3, 50: 1, 100: 4}})
    assert "weight" in problem({"distribution": "mixture", "of": [{"mean_ms": 1}]})
    assert "high_ms must be larger" in problem({"distribution": "bounded_pareto", "alpha": 1, "low_ms": 5,
                                                "high_ms": 2})
    assert Timing.model_validate(5).distribution == "exponential"  # a bare number, as before
