"""Closed-form answers the engine is checked against, in one place.

Notation: lam = arrival rate (1/s), mu = service rate of one server (1/s), c = servers.
Times are in seconds.
"""

from __future__ import annotations

from math import exp, factorial, log, sqrt


def mm1_mean_sojourn(lam: float, mu: float) -> float:
    """M/M/1 mean time in system: 1/(mu - lam)."""
    return 1.0 / (mu - lam)


def mm1_sojourn_quantile(lam: float, mu: float, q: float) -> float:
    """M/M/1 time in system is exponential with rate mu - lam: its q-quantile (0 < q < 1)."""
    return -log(1.0 - q) / (mu - lam)


def erlang_c(c: int, a: float) -> float:
    """Probability that an arrival waits in M/M/c with offered load a = lam/mu (Erlang C)."""
    rho = a / c
    top = a**c / factorial(c) / (1.0 - rho)
    return top / (sum(a**k / factorial(k) for k in range(c)) + top)


def mmc_mean_sojourn(lam: float, mu: float, c: int) -> float:
    """M/M/c mean time in system: C(c, a) / (c mu - lam) + 1/mu."""
    return erlang_c(c, lam / mu) / (c * mu - lam) + 1.0 / mu


def mmc_sojourn_tail(lam: float, mu: float, c: int, x: float) -> float:
    """P(T > x) for M/M/c FIFO: T = S + W, S ~ Exp(mu), W = 0 w.p. 1 - C, else Exp(theta),
    theta = c mu - lam; for independent exponentials P(S + W > x) =
    (theta e^{-mu x} - mu e^{-theta x}) / (theta - mu)."""
    pc = erlang_c(c, lam / mu)
    theta = c * mu - lam
    if abs(theta - mu) < 1e-12:
        both = exp(-mu * x) * (1.0 + mu * x)
    else:
        both = (theta * exp(-mu * x) - mu * exp(-theta * x)) / (theta - mu)
    return (1.0 - pc) * exp(-mu * x) + pc * both


def mmc_sojourn_quantile(lam: float, mu: float, c: int, q: float) -> float:
    lo, hi = 0.0, 1.0
    while mmc_sojourn_tail(lam, mu, c, hi) > 1.0 - q:
        hi *= 2.0
    for _ in range(100):
        mid = (lo + hi) / 2.0
        if mmc_sojourn_tail(lam, mu, c, mid) > 1.0 - q:
            lo = mid
        else:
            hi = mid
    return (lo + hi) / 2.0


def erlang_b(c: int, a: float) -> float:
    """Blocking probability of M/G/c/c (no waiting room) with offered load a (Erlang B);
    it depends on the service time only through its mean. Computed by the stable recursion."""
    b = 1.0
    for k in range(1, c + 1):
        b = a * b / (k + a * b)
    return b


def md1_mean_sojourn(lam: float, d: float) -> float:
    """M/D/1 mean time in system (Pollaczek–Khinchine): D + rho D / (2 (1 - rho))."""
    rho = lam * d
    return d + rho * d / (2.0 * (1.0 - rho))


def zipf_probabilities(n: int, s: float) -> list[float]:
    w = [k ** -s for k in range(1, n + 1)]
    total = sum(w)
    return [x / total for x in w]


def che_hit_ratio(p: list[float], capacity: int) -> float:
    """LRU hit ratio under independent requests (Che's approximation): find the characteristic
    time T with sum_i (1 - e^{-p_i T}) = C; then hit = sum_i p_i (1 - e^{-p_i T})."""
    lo, hi = 0.0, 1.0
    while sum(1.0 - exp(-pi * hi) for pi in p) < capacity:
        hi *= 2.0
    for _ in range(100):
        mid = (lo + hi) / 2.0
        if sum(1.0 - exp(-pi * mid) for pi in p) < capacity:
            lo = mid
        else:
            hi = mid
    t = (lo + hi) / 2.0
    return sum(pi * (1.0 - exp(-pi * t)) for pi in p)


def mm1_effective_samples(n: int, lam: float, mu: float) -> float:
    """Roughly how many independent sojourn times n consecutive ones are worth. The queue's
    relaxation time (Morse) is tau = 1 / (mu (1 - sqrt(rho))^2) = 1 / (sqrt(mu) - sqrt(lam))^2
    seconds; customers within about 2 tau of each other are correlated, so a sample mean's
    standard error is roughly sd / sqrt(n / (2 lam tau))."""
    tau = 1.0 / (sqrt(mu) - sqrt(lam)) ** 2
    return n / max(1.0, 2.0 * lam * tau)


def quantile_rel_se(q: float, n_eff: float) -> float:
    """Relative standard error of an exponential's q-quantile estimated from n_eff samples:
    sqrt(q (1 - q) / n) / (f(x_q) x_q), and for Exp, f(x_q) x_q = (1 - q) ln(1 / (1 - q))."""
    return sqrt(q * (1.0 - q) / n_eff) / ((1.0 - q) * log(1.0 / (1.0 - q)))
