"""Where to pause a run so that each slice simulates about the same number of requests.

The app runs in slices to show progress and to answer cancel between them; a slice of a fixed
share of simulated time holds millions of requests in a heavy phase, and cancel waits for it.
Cutting where the traffic's expected request count (its rate integrated) reaches each multiple
of a fixed number bounds what one slice costs, whatever the traffic looks like.
"""

from __future__ import annotations

from math import sqrt

from playground.core.arrivals import segments
from playground.formats.traffic import Traffic

REQUESTS_PER_SLICE = 2_000
"""About 10 ms of the engine on a small design (some 200,000 requests a second)."""
MAX_SLICES = 100_000


def slice_ends(traffic: Traffic, end_time: float, per_slice: int = REQUESTS_PER_SLICE) -> list[float]:
    """Increasing times, the last `end_time`, each about `per_slice` expected requests after the
    one before (the traffic's drain after its last arrival is one slice)."""
    per_slice = max(per_slice, 1)
    ends: list[float] = []
    done = 0.0  # expected requests before the current segment
    goal = float(per_slice)
    for t0, t1, r0, r1 in segments(traffic):
        span = t1 - t0
        mass = span * (r0 + r1) / 2
        slope = (r1 - r0) / span if span > 0 else 0.0
        while done + mass >= goal and len(ends) < MAX_SLICES:
            ends.append(t0 + _time_for(goal - done, r0, slope))
            goal += per_slice
        done += mass
    ends = [t for t in ends if t < end_time]
    ends.append(end_time)
    return ends


def _time_for(need: float, rate: float, slope: float) -> float:
    """x with rate*x + slope*x^2/2 = need (the expected arrivals x seconds into a segment)."""
    if abs(slope) < 1e-12:
        return need / rate if rate > 0 else 0.0
    disc = rate * rate + 2 * slope * need
    return (-rate + sqrt(max(disc, 0.0))) / slope
