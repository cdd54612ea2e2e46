"""Arrival times of a non-homogeneous Poisson process whose rate is piecewise linear in time.

Each phase ramps linearly from the previous phase's rate (0 before the first) over `ramp_s`,
then holds its own rate. The next arrival after t is found by inverting the integrated rate:
draw E ~ Exp(1) and solve ∫_t^{t+x} rate = E. One draw per arrival, so the arrival stream does
not depend on anything else in the run.
"""

from __future__ import annotations

from math import inf, sqrt

from playground.formats.traffic import Traffic


def segments(traffic: Traffic) -> list[tuple[float, float, float, float]]:
    """(start, end, rate at start, rate at end) pieces covering the traffic's duration."""
    out: list[tuple[float, float, float, float]] = []
    t, prev = 0.0, 0.0
    for phase in traffic.phases or ():  # none: closed-loop users send every request
        if phase.ramp_s > 0:
            out.append((t, t + phase.ramp_s, prev, phase.rps))
        if phase.duration_s > phase.ramp_s:
            out.append((t + phase.ramp_s, t + phase.duration_s, phase.rps, phase.rps))
        t += phase.duration_s
        prev = phase.rps
    return out


class Arrivals:
    """next(t, e): the first arrival after t given a unit-exponential draw e (inf when none)."""

    __slots__ = ("end", "i", "inv", "segs")

    def __init__(self, traffic: Traffic):
        self.segs = segments(traffic)
        self.i = 0
        self.inv = 0.0  # 1/rate while in a segment of constant rate, else 0: the caller's fast path
        self.end = 0.0  # where that segment ends

    def next(self, t: float, e: float) -> float:
        segs = self.segs
        while self.i < len(segs):
            t0, t1, r0, r1 = segs[self.i]
            t = max(t, t0)
            slope = (r1 - r0) / (t1 - t0)
            rate = r0 + slope * (t - t0)
            span = t1 - t
            avail = rate * span + 0.5 * slope * span * span
            if e < avail:
                if slope == 0.0:
                    self.inv, self.end = 1.0 / rate, t1
                    return t + e / rate
                self.inv = 0.0
                # rate·x + slope·x²/2 = e, in the form that is stable for either sign of slope
                return t + 2.0 * e / (rate + sqrt(max(rate * rate + 2.0 * slope * e, 0.0)))
            e -= avail
            t = t1
            self.i += 1
        self.inv = 0.0
        return inf
