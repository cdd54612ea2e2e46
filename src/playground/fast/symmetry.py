"""Symmetry: a system of N exchangeable copies is simulated as one d times smaller.

A service of 500 instances behind a balancer, over a store of 250 partitions, serving a
million requests a second: every instance sees the same traffic (2,000 a second), every
partition too, every key is read and written as often. A system of 20 instances and 10
partitions serving 40,000 a second over 1/25 of the keys and sessions has the same load on
every machine, key and session, so each request meets the same queues, hit ratios and
staleness; only the counts are 25 times smaller. Each kind says what it is in the smaller
system (`ComponentBase.smaller`): a component every request shares (one database, one queue)
has no smaller self, and then the system is simulated whole.

What this does not keep (docs/engine.md): round robin over n instances gives each of them
every n-th arrival, whose gaps vary less as n grows (Erlang-n); least connections balances
better over more instances. Both matter little once the smaller system keeps `LEAST_COPIES`
instances, and the fast mode's comparison with the exact engine (tests/fast) measures it.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.design.challenge import Challenge
from playground.design.model import Design
from playground.kinds.base import ComponentBase

LEAST_COPIES = 16
"""Instances (partitions) each reduced group keeps at least."""
LEAST_KEYS = 1000
"""Keys (sessions, clients) the smaller system keeps at least, so that one key's traffic
still meets the others' as it would."""


@dataclass(frozen=True)
class Reduction:
    factor: int
    """d: the system simulated is d times smaller (1: not reduced)."""
    design: Design
    challenge: Challenge
    reduced: dict[str, str]
    """Each component made smaller, and how ("500 → 20 instances")."""
    why_not: tuple[str, ...] = ()
    """Why no smaller system stands for this one (when factor is 1)."""
    sampled: tuple[int, int] | None = None
    """(kept, all): the entry takes turns over `all` instances of which the smaller system
    keeps `kept`: it is sent the arrivals those instances get, at the traffic's full rate."""


def reduce(design: Design, challenge: Challenge) -> Reduction:
    """The smallest system that stands for `design` under `challenge`, or the reasons there is
    none (those that hold for the least reduction, halving)."""
    blocks = traffic_blocks(challenge)
    if blocks:
        return Reduction(1, design, challenge, {}, tuple(blocks))
    system = challenge.assemble(design)
    ours = {c.id for c in design.components}
    reasons = [f"no component has {2 * LEAST_COPIES} or more copies to group"]
    for d in range(max((c.instance_count() for c in system.components), default=1) // LEAST_COPIES, 1, -1):
        smaller = [c.smaller(d, LEAST_COPIES) for c in system.components]
        reasons = [s for s in smaller if isinstance(s, str)] + traffic_too_small(challenge, d)
        if reasons:
            continue
        if any(new is not old for old, new in zip(system.components, smaller, strict=True) if old.id not in ours):
            reasons = ["a part the world gives would have to shrink: it stays as the story says"]
            continue
        parts = {c.id: c for c in smaller if not isinstance(c, str)}
        design_d = design.model_copy(update={"components": [parts[c.id] for c in design.components]})
        reduced = {c.id: how(c, parts[c.id], d) for c in design.components if parts[c.id] is not c}
        sampled = turns(system, parts)
        return Reduction(d, design_d, scaled_challenge(challenge, d, 1 if sampled else d), reduced, sampled=sampled)
    return Reduction(1, design, challenge, {}, tuple(dict.fromkeys(reasons)))


def turns(system: Design, parts: dict[str, ComponentBase]) -> tuple[int, int] | None:
    """When the entry gives one component's instances every request in turn: how many of how
    many the smaller system keeps."""
    entry = next(c for c in system.components if c.id == system.entry)
    if not entry.takes_turns() or len(entry.calls) != 1 or entry.calls[0].ops is not None:
        return None
    callee = next((c for c in system.components if c.id == entry.calls[0].to), None)
    if callee is None:
        return None
    kept, every = parts[callee.id].instance_count(), callee.instance_count()
    return (kept, every) if kept < every else None


def how(before: ComponentBase, after: ComponentBase, d: int) -> str:
    n, m = before.instance_count(), after.instance_count()
    if n != m:
        return f"{n} → {m} {before.copies()[1]}s"
    return f"1/{d} of its capacity"


def traffic_blocks(challenge: Challenge) -> list[str]:
    """What in the challenge makes every copy unlike the others."""
    traffic = challenge.traffic
    out = []
    if challenge.faults:
        out.append("its faults strike single parts: a smaller system would lose a bigger share of itself")
    if traffic.keys.distribution != "uniform":
        out.append("its keys' popularity is skewed: the hottest keys' partitions are unlike the rest")
    if traffic.hot_client_share > 0:
        out.append("one client sends a share of all requests: it has no smaller self")
    return out


def traffic_too_small(challenge: Challenge, d: int) -> list[str]:
    traffic = challenge.traffic
    counts = {"keys": traffic.keys.count, "sessions": traffic.sessions}
    if traffic.users is not None:
        counts["users"] = traffic.users.count
    return [f"its {count:,} {name} make fewer than {LEAST_KEYS:,} groups of {d}"
            for name, count in counts.items() if count // d < LEAST_KEYS]


def scaled_challenge(challenge: Challenge, d: int, rate_d: int) -> Challenge:
    """The challenge's traffic for a system d times smaller: 1/d of the keys, sessions, clients
    and users, each key and session as busy as before, and 1/rate_d of the rate (1 when the
    smaller system is sent the arrivals its instances get: `Reduction.sampled`)."""
    traffic = challenge.traffic
    update: dict = {
        "keys": traffic.keys.model_copy(update={"count": traffic.keys.count // d}),
        "sessions": traffic.sessions // d,
        "clients": max(1, traffic.clients // d),
    }
    if traffic.phases is not None:
        update["phases"] = [p.model_copy(update={"rps": p.rps / rate_d}) for p in traffic.phases]
    if traffic.users is not None:
        update["users"] = traffic.users.model_copy(update={"count": traffic.users.count // d})
    return challenge.model_copy(update={"traffic": traffic.model_copy(update=update)})
