"""Stationarity: steady traffic is simulated until its estimates settle, not to its end.

Within a window whose rate does not change and which no fault touches, a stable system's
state soon forgets where it started; from then on every second is like every other, so the
window's figures are those of any long enough stretch of it. The run is cut into slices, and
once 20 batches of them (playground.fast.batches) give every graded figure an interval narrow
enough and the latency is not rising, or the run has simulated as much as it may, the traffic
stops: the counts are scaled to the window's length (playground.fast.extrapolate). A run stopped
by its size while its latency still rose is falling behind: the window's end may be far worse
than what was simulated, and its intervals say so. A window with a ramp or a fault in it is
simulated in full (docs/engine.md).
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.core.arrivals import segments
from playground.core.simulation import Simulation
from playground.core.summary import STANDARD_PERCENTILES
from playground.core.tally import Tally
from playground.design.challenge import Challenge
from playground.fast.batches import BATCHES, centres, drifting, half_widths, settled

SLICE_S = 0.5
"""Seconds simulated between two tallies: twenty batches of them after 10 s."""
LEAST_S = 10.0
"""Seconds of the window simulated at least before the estimates are trusted."""
RELATIVE = 0.02
"""A latency figure has settled when its interval is within ±2 % of it ..."""
ABSOLUTE = 0.0002
"""... a rate (availability, an anomaly's share) within ±0.02 percentage points."""


@dataclass(frozen=True)
class Window:
    start: float
    """Where measurement starts: the warm-up's end, or 0."""
    end: float


def steady_window(challenge: Challenge) -> Window | str:
    """The measured window when its traffic is steady from start to end, or why it is not."""
    traffic = challenge.traffic
    if traffic.users is not None:
        return "closed-loop users: their traffic is simulated in full"
    if challenge.faults:
        return "faults change the system during the window: it is simulated in full"
    start = challenge.measure.warmup_s
    rates = {r for t0, t1, r0, r1 in segments(traffic) if t1 > start for r in (r0, r1)}
    if len(rates) != 1:
        return "the traffic's rate changes during the measured window: it is simulated in full"
    return Window(start, traffic.duration_s)


@dataclass(frozen=True)
class Settled:
    simulated_s: float
    """Seconds of the window simulated before the traffic stopped."""
    widths: dict[str, float]
    """Each figure's 95 % half-width by batch means."""
    falling_behind: bool = False
    """Stopped by its size while its latency still rose (`batches.drifting`)."""


def run_until_settled(sim: Simulation, window: Window, most_requests: int) -> Settled:
    """Run `sim` through `window` until its estimates settle (then stop its traffic) and on
    to its end."""
    percentiles = tuple(sorted({*STANDARD_PERCENTILES, *sim.challenge.percentiles()}))
    sim.run(until=window.start)
    tallies: list[Tally] = [sim.so_far()]
    widths: dict[str, float] = {}
    while sim.now < window.end:
        sim.run(until=min(sim.now + SLICE_S, window.end))
        tallies.append(sim.so_far())
        if sim.now - window.start < LEAST_S or (len(tallies) - 1) % BATCHES:
            continue  # check when the slices make whole batches
        widths = half_widths(tallies, percentiles)
        if sim.client.started >= most_requests:
            break
        if not drifting(tallies) and settled(widths, centres(tallies, percentiles), RELATIVE, ABSOLUTE):
            break
    else:
        widths = half_widths(tallies, percentiles)
    falling_behind = sim.now < window.end and drifting(tallies)
    if sim.now < window.end:
        sim.end_traffic()
    sim.run()
    return Settled(sim.window - window.start, widths, falling_behind)
