"""A long horizon of failures and repairs, without requests: a year of a design's availability.

Per-request traffic for a simulated year is out of reach (billions of events), and none is
needed to know when the design can answer: that depends only on which of its parts are up. So
this run keeps, for each failure process, an alternating renewal process (up for a drawn time,
down for a drawn time, again and again), and after each change asks the design's *structure*
(series, k-of-n, failover, degradable) whether a read can be answered, answered degraded, or
not at all. It knows nothing of components: the design layer (playground.design.availability)
says which processes take which parts down and how the parts combine.

Every process draws from its own stream, seeded by (seed, `horizon:<name>`), so the same
design, challenge and seed give the same year to the last digit, and a process added elsewhere
reshuffles no other's draws. The analytic value beside the simulated one is the structure's
steady state with independent processes (each up MTBF / (MTBF + MTTR) of the time, whatever
the distributions: the alternating renewal theorem), exact under shared processes (a zone's,
or a part two paths need) by conditioning on their states, and with a failover counted as
instant (the run counts its switch time).
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from heapq import heappop, heappush
from itertools import product
from math import gamma
from typing import Any

from playground.core.keyed import take

DOWN, DEGRADED, UP = 0, 1, 2
MONTHS = 12
DAY_S = 86_400.0
MOST_SHARED = 12
"""The analytic value conditions on at most this many shared processes (2^12 states); beyond,
it treats them as independent (an approximation, said by `analytic_exact`)."""


@dataclass(frozen=True)
class Renewal:
    """One failure process: up for a draw of mean `mtbf_s` (exponential, or Weibull of `shape`),
    then down for an exponential draw of mean `mttr_s`."""

    name: str
    mtbf_s: float
    mttr_s: float
    up: str = "exponential"
    shape: float = 1.0

    @property
    def availability(self) -> float:
        return self.mtbf_s / (self.mtbf_s + self.mttr_s)

    def time_up(self, rng: random.Random) -> float:
        if self.up == "weibull":
            return rng.weibullvariate(self.mtbf_s / gamma(1.0 + 1.0 / self.shape), self.shape)
        return rng.expovariate(1.0 / self.mtbf_s)

    def time_down(self, rng: random.Random) -> float:
        return rng.expovariate(1.0 / self.mttr_s)


# -- the structure: what a read needs ---------------------------------------------------------
@dataclass(frozen=True)
class Part:
    """One machine (a component, or one of its instances): up while every process that can take
    it down (its own, its component's, its zone's) is up. `processes` index the run's list."""

    name: str
    processes: tuple[int, ...]


@dataclass(frozen=True)
class AtLeast:
    """Answers while at least k of its parts answer: k = len(parts) is a series, k = 1 parallel.
    Its state is its k-th best part's (a degraded part counts as answering, degraded)."""

    k: int
    parts: tuple[Structure, ...]


@dataclass(frozen=True)
class Degradable:
    """A call the read can do without (an optional call with a fallback): its failure makes the
    answer degraded, never failed."""

    part: Structure


@dataclass(frozen=True)
class Takeover:
    """A primary and the copies that can take its place: it answers while its current leader is
    up. When the leader goes down and another copy is up, that copy leads after `switch_s`
    (detection and promotion), unless the leader is back first."""

    parts: tuple[Structure, ...]
    switch_s: float


Structure = Part | AtLeast | Degradable | Takeover


def series(*parts: Structure) -> Structure:
    """Every one of `parts` is needed (a series within one is spliced in: the same structure)."""
    flat: list[Structure] = []
    for p in parts:
        if isinstance(p, AtLeast) and p.k == len(p.parts):
            flat += p.parts
        else:
            flat.append(p)
    return flat[0] if len(flat) == 1 else AtLeast(len(flat), tuple(flat))


# -- the analytic value -----------------------------------------------------------------------
def analytic(root: Structure, processes: list[Renewal]) -> tuple[float, bool]:
    """The steady-state share of time `root` answers (degraded counts as answering), with
    independent processes and instant failovers; and whether it is exact (the shared processes
    were few enough to condition on)."""
    uses: dict[int, int] = {}
    for p in _parts(root):
        for i in p.processes:
            uses[i] = uses.get(i, 0) + 1
    shared = [i for i, n in uses.items() if n > 1]
    exact = len(shared) <= MOST_SHARED
    if not exact:
        shared = []
    a = [p.availability for p in processes]
    total = 0.0
    for states in product((True, False), repeat=len(shared)):
        weight = 1.0
        fixed = dict(zip(shared, states, strict=True))
        for i, up in fixed.items():
            weight *= a[i] if up else 1.0 - a[i]
        if weight > 0.0:
            total += weight * _p_up(root, a, fixed)
    return total, exact


def _p_up(s: Structure, a: list[float], fixed: dict[int, bool]) -> float:
    if isinstance(s, Part):
        p = 1.0
        for i in s.processes:
            p *= (1.0 if fixed[i] else 0.0) if i in fixed else a[i]
        return p
    if isinstance(s, Degradable):
        return 1.0
    ps = [_p_up(c, a, fixed) for c in s.parts]
    if isinstance(s, Takeover):
        return at_least(1, ps)
    return at_least(s.k, ps)


def at_least(k: int, ps: list[float]) -> float:
    """P(at least k of independent events of probabilities ps): the Poisson-binomial tail, by
    the recurrence over the count (the binomial sum when the ps are equal)."""
    dist = [1.0]  # dist[j]: P(exactly j of those seen so far)
    for p in ps:
        nxt = [0.0] * (len(dist) + 1)
        for j, q in enumerate(dist):
            nxt[j] += q * (1.0 - p)
            nxt[j + 1] += q * p
        dist = nxt
    return sum(dist[k:])


def _parts(s: Structure) -> list[Part]:
    if isinstance(s, Part):
        return [s]
    if isinstance(s, Degradable):
        return _parts(s.part)
    return [p for c in s.parts for p in _parts(c)]


def _failovers(s: Structure) -> list[Takeover]:
    if isinstance(s, Part):
        return []
    if isinstance(s, Degradable):
        return _failovers(s.part)
    own = [s] if isinstance(s, Takeover) else []
    return own + [f for c in s.parts for f in _failovers(c)]


# -- the result -------------------------------------------------------------------------------
@dataclass(frozen=True)
class HorizonResult:
    """A long run of failures and repairs (docs/results.md, `horizon`)."""

    days: float
    availability: float
    analytic: float
    analytic_exact: bool
    downtime_min: float
    downtime_min_by_month: tuple[float, ...]
    degraded_min: float
    outages: int
    longest_outage_min: float
    failures: int

    KEYS = ("days", "availability", "analytic", "analytic_exact", "downtime_min", "downtime_min_by_month",
            "degraded_min", "outages", "longest_outage_min", "failures")

    @classmethod
    def from_dict(cls, data: Any) -> HorizonResult:
        values = dict(zip(cls.KEYS, take(data, "horizon", cls.KEYS), strict=True))
        values["downtime_min_by_month"] = tuple(values["downtime_min_by_month"])
        return cls(**values)

    def to_dict(self) -> dict[str, Any]:
        return {k: list(v) if isinstance(v, tuple) else v for k, v in ((k, getattr(self, k)) for k in self.KEYS)}


# -- the run ----------------------------------------------------------------------------------
@dataclass
class _Leader:
    node: Takeover
    leader: int = 0
    pending: bool = False


@dataclass
class _Tally:
    horizon_s: float
    down_s: list[float] = field(default_factory=lambda: [0.0] * MONTHS)
    degraded_s: float = 0.0
    outages: int = 0
    longest_s: float = 0.0

    def spend(self, a: float, b: float, state: int) -> None:
        """The time from a to b in `state`, spread over the months it falls in."""
        if b <= a or state == UP:
            return
        if state == DEGRADED:
            self.degraded_s += b - a
            return
        month = self.horizon_s / MONTHS
        m = min(int(a / month), MONTHS - 1)
        while a < b:
            end = b if m == MONTHS - 1 else min(b, (m + 1) * month)
            self.down_s[m] += end - a
            a, m = end, m + 1


def run_horizon(root: Structure, processes: list[Renewal], days: float, seed: int) -> HorizonResult:
    """`days` of the processes failing and repairing, every one up at the start, and when the
    structure could answer a read."""
    horizon = days * DAY_S
    down = [False] * len(processes)
    rngs = [random.Random(f"{seed}/horizon:{p.name}") for p in processes]
    leaders = {id(f): _Leader(f) for f in _failovers(root)}
    heap: list[tuple[float, int, int, int]] = []  # (time, seq, what, index): what 0 a process, 1 a switch
    seq = 0
    for i, p in enumerate(processes):
        heappush(heap, (p.time_up(rngs[i]), seq, 0, i))
        seq += 1
    switches = list(leaders.values())

    def state(s: Structure) -> int:
        if isinstance(s, Part):
            return DOWN if any(down[i] for i in s.processes) else UP
        if isinstance(s, Degradable):
            return UP if state(s.part) == UP else DEGRADED
        if isinstance(s, Takeover):
            return state(s.parts[leaders[id(s)].leader])
        if s.k > len(s.parts):
            return DOWN  # the load needs more than there are
        states = sorted((state(c) for c in s.parts), reverse=True)
        return states[s.k - 1]

    tally = _Tally(horizon)
    now_state, since, outage_start, failures = UP, 0.0, 0.0, 0
    while heap and heap[0][0] < horizon:
        t, _, what, i = heappop(heap)
        if what == 0:
            down[i] = not down[i]
            if down[i]:
                failures += 1
                heappush(heap, (t + processes[i].time_down(rngs[i]), seq, 0, i))
            else:
                heappush(heap, (t + processes[i].time_up(rngs[i]), seq, 0, i))
        else:
            f = switches[i]
            f.pending = False
            others = [j for j, c in enumerate(f.node.parts) if j != f.leader and state(c) != DOWN]
            if state(f.node.parts[f.leader]) == DOWN and others:
                f.leader = others[0]
        seq += 1
        for j, f in enumerate(switches):  # a leader down with a copy up: the switch begins
            if not f.pending and state(f.node.parts[f.leader]) == DOWN and any(
                    state(c) != DOWN for k, c in enumerate(f.node.parts) if k != f.leader):
                f.pending = True
                heappush(heap, (t + f.node.switch_s, seq, 1, j))
                seq += 1
        new = state(root)
        if new != now_state:
            tally.spend(since, t, now_state)
            if new == DOWN:
                tally.outages += 1
                outage_start = t
            elif now_state == DOWN:
                tally.longest_s = max(tally.longest_s, t - outage_start)
            now_state, since = new, t
    tally.spend(since, horizon, now_state)
    if now_state == DOWN:
        tally.longest_s = max(tally.longest_s, horizon - outage_start)
    down_s = sum(tally.down_s)
    value, exact = analytic(root, processes)
    return HorizonResult(
        days=days,
        availability=round(1.0 - down_s / horizon, 9),
        analytic=round(value, 9),
        analytic_exact=exact,
        downtime_min=round(down_s / 60.0, 3),
        downtime_min_by_month=tuple(round(s / 60.0, 3) for s in tally.down_s),
        degraded_min=round(tally.degraded_s / 60.0, 3),
        outages=tally.outages,
        longest_outage_min=round(tally.longest_s / 60.0, 3),
        failures=failures,
    )
