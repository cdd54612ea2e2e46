"""The engine: a deterministic discrete-event simulation of a design under a challenge's traffic.

    simulate(design, challenge, seed=None) -> RunResult
    Simulation(design, challenge, seed).run(until=None); .now; .end_time; .result()
"""

from playground.core.record import RunResult
from playground.core.simulation import ENGINE_VERSION, Simulation, simulate

__all__ = ["ENGINE_VERSION", "RunResult", "Simulation", "simulate"]
