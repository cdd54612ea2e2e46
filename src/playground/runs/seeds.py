"""The seeds that grade a challenge: its own seed first, then seeds derived from it.

A seed depends only on the challenge's `seed` and its place in the set, never on the design,
on a worker or on the order runs finish in: every design meets the same worlds, and anyone can
name the set from the challenge file alone. One lucky seed no longer decides a grade.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playground.design.challenge import Challenge

SEED_BITS = 32
"""Derived seeds are 32-bit numbers: short enough to read on a card and to type as --seed."""


def derived_seed(base: int, index: int) -> int:
    """The seed at `index` in the set of a challenge whose seed is `base` (index 0 is `base`)."""
    if index == 0:
        return base
    digest = hashlib.sha256(f"playground grading seed:{base}:{index}".encode()).digest()
    return int.from_bytes(digest[: SEED_BITS // 8], "big")


def seed_set(base: int, count: int) -> tuple[int, ...]:
    """`count` distinct seeds: `base`, then derived ones (a repeat, however unlikely, is skipped)."""
    seeds: list[int] = []
    index = 0
    while len(seeds) < count:
        seed = derived_seed(base, index)
        if seed not in seeds:
            seeds.append(seed)
        index += 1
    return tuple(seeds)


def grading_seeds(challenge: Challenge) -> tuple[int, ...]:
    """The seeds that grade `challenge`: as many as its `grading_seeds`, the first its `seed`."""
    return seed_set(challenge.seed, challenge.grading_seeds)
