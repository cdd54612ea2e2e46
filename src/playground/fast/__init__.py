"""The fast mode: internet-scale traffic in seconds, saying what it approximated.

`run(design, challenge, seed, mode)` is what every caller asks for a result. `exact` runs the
engine request by request (the reference); `fast` runs a smaller system of the same shape
(playground.fast.symmetry) and simulates steady traffic only until its estimates settle
(playground.fast.steady), then tells the result at the challenge's size with each graded
figure's interval (`RunResult.approximation`); `auto` is exact up to `AUTO_ABOVE` attempts and
fast above. A design with no symmetry and traffic that is never steady runs exactly, and the
approximation says why.
"""

from __future__ import annotations

from typing import Literal

from playground.core.approximation import Approximation
from playground.core.estimate import MAX_ATTEMPTS, RunSize, estimate
from playground.core.record import RunResult
from playground.core.simulation import Simulation, simulate
from playground.design.challenge import Challenge
from playground.design.model import Design
from playground.fast.batches import BATCHES, CONFIDENCE
from playground.fast.extrapolate import told_at_size
from playground.fast.steady import Window, run_until_settled, steady_window
from playground.fast.symmetry import reduce

Mode = Literal["auto", "fast", "exact"]
MODES: tuple[Mode, ...] = ("auto", "fast", "exact")

AUTO_ABOVE = 4_000_000
"""Attempts above which `auto` runs fast: some 20-40 s of the exact engine on this machine."""
MOST_SIMULATED = MAX_ATTEMPTS // 2
"""Requests a fast run simulates at most, whatever its estimates' state."""


def chooses_fast(challenge: Challenge, mode: str, requests_limit: int | None = None) -> bool:
    if mode not in MODES:
        raise ValueError(f"no mode {mode!r}: {', '.join(MODES)}")
    if mode == "exact" or requests_limit is not None:
        return False
    return mode == "fast" or estimate(challenge).attempts > AUTO_ABOVE


def size(design: Design, challenge: Challenge, mode: str = "auto", requests_limit: int | None = None) -> RunSize:
    """How big the run `mode` makes will be, at most (what `refusal` judges)."""
    if not chooses_fast(challenge, mode, requests_limit):
        return estimate(challenge, requests_limit)
    reduction = reduce(design, challenge)
    whole = estimate(reduction.challenge)
    kept, every = reduction.sampled or (1, 1)
    requests = whole.requests * kept // every
    if isinstance(steady_window(reduction.challenge), Window):
        requests = min(requests, MOST_SIMULATED // whole.attempts_each)
    return RunSize(requests, whole.attempts_each, whole.closed)


def run(design: Design, challenge: Challenge, seed: int | None = None, *, mode: str = "auto",
        requests_limit: int | None = None) -> RunResult:
    if not chooses_fast(challenge, mode, requests_limit):
        return simulate(design, challenge, seed, requests_limit=requests_limit)
    return run_fast(design, challenge, seed)


def run_fast(design: Design, challenge: Challenge, seed: int | None = None) -> RunResult:
    reduction = reduce(design, challenge)
    window = steady_window(reduction.challenge)
    exact = list(reduction.why_not)
    sim = Simulation(reduction.design, reduction.challenge, seed, sampled=reduction.sampled)
    measured_s = challenge.traffic.duration_s - challenge.measure.warmup_s
    if isinstance(window, Window):
        settled = run_until_settled(sim, window, MOST_SIMULATED // (challenge.traffic.client.retries + 1))
        simulated_s, widths, batches = settled.simulated_s, settled.widths, BATCHES
        behind = settled.falling_behind
    else:
        exact.append(window)
        sim.run()
        simulated_s, widths, batches, behind = measured_s, {}, None, False
    data = sim.result().to_dict()
    tau = measured_s / simulated_s if simulated_s else 1.0
    told = told_at_size(data, reduction.factor, tau, measured_s, challenge.traffic.duration_s,
                        set(reduction.reduced))
    bounds = intervals(told, widths)
    if behind:
        exact.append(f"its latency kept rising over the {simulated_s:.3g} s simulated: the system may be "
                     f"falling behind, so the window's latency may reach {tau:.3g} times what was measured")
        bounds = falling_behind(bounds, tau)
    told["approximation"] = Approximation(
        reduction.factor, reduction.reduced, round(simulated_s, 6), measured_s, batches if widths else None,
        CONFIDENCE, bounds, tuple(exact)).to_dict()
    return RunResult.from_dict(told)


def intervals(data: dict, widths: dict[str, float]) -> dict[str, tuple[float, float]]:
    """Each figure's interval around its value in the result told at size."""
    out = {}
    finished = sum(v.get("ok", 0) + v.get("timeout", 0) + v.get("rejected", 0) + v.get("error", 0)
                   - (v.get("degraded") or 0) for v in data["latency_ms"]["by_op"].values())
    for path, w in widths.items():
        value = _value(data, path, finished)
        if value is not None:
            lo, hi = value - w, value + w
            if not path.startswith("latency"):
                lo, hi = max(0.0, lo), min(1.0, hi)
            out[path] = (round(lo, 6), round(hi, 6))
    return out


def falling_behind(bounds: dict[str, tuple[float, float]], tau: float) -> dict[str, tuple[float, float]]:
    """Intervals of a run whose queues kept growing when it stopped: a queue growing at a steady
    rate makes the wait grow with time, so by the window's end a latency may be `tau` (its
    length over what was simulated) times larger, and requests may time out."""
    out = {}
    for path, (lo, hi) in bounds.items():
        if path.startswith("latency"):
            hi = round(hi * tau, 6)
        elif path == "availability":
            lo = 0.0
        out[path] = (lo, hi)
    return out


def _value(data: dict, path: str, finished: int) -> float | None:
    head, _, rest = path.partition(".")
    if head == "availability":
        return data["availability"]
    if head == "anomalies":
        name = rest.split(".", 1)[1]
        return data["anomalies"]["counts"].get(name, 0) / finished if finished else None
    node = data["latency_ms"]
    for part in rest.split(".")[:-1]:
        node = node.get(part, {})
    return node.get(rest.split(".")[-1])
