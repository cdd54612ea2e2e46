"""Which entry leaves a full cache: one small class per policy, asked by the cache node.

A cache node keeps its entries in the policy's `items` (key -> (expiry, version)) and reads
them itself; it tells the policy of a hit (`touch`), of an entry it fills (`put`, which answers
whether another had to leave), of an entry it drops (`drop`, `discard`) and of a flush
(`clear`). Where a policy needs no more than an ordered dict does, these are the dict's own C
methods, so the common cache (LRU) costs what it did before policies had a class of their own.
"""

from __future__ import annotations

import random
from collections import OrderedDict
from collections.abc import Callable
from heapq import heapify, heappop, heappush
from math import floor
from typing import Any, ClassVar

Entry = tuple[float, int]  # (expiry, version)


class Eviction:
    """The interface a cache node asks, on an ordered dict: the oldest fill leaves first, and a
    hit changes nothing (which is FIFO)."""

    name: ClassVar[str] = ""

    def __init__(self, capacity: int, rng: random.Random):
        self.capacity = capacity
        self.items: dict[int, Entry] = OrderedDict()
        self.drop: Callable[[int], None] = self.items.__delitem__
        self.touch: Callable[[int], Any] = _nothing

    def put(self, key: int, entry: Entry) -> bool:
        """Fill key with entry (it becomes the newest); True when an entry left to make room."""
        items = self.items
        items[key] = entry
        items.move_to_end(key)  # type: ignore[attr-defined]
        if len(items) > self.capacity:
            items.popitem(last=False)  # type: ignore[call-arg]
            return True
        return False

    def discard(self, key: int) -> bool:
        """Drop key if held; whether it was."""
        return self.items.pop(key, None) is not None

    def clear(self) -> None:
        self.items.clear()


def _nothing(key: int) -> None:
    return None


class Fifo(Eviction):
    """First in, first out: the entry filled longest ago leaves, however often it was hit."""

    name = "fifo"


class Lru(Eviction):
    """The least recently used leaves: a hit moves the entry to the newest end."""

    name = "lru"

    def __init__(self, capacity: int, rng: random.Random):
        super().__init__(capacity, rng)
        self.touch = self.items.move_to_end  # type: ignore[attr-defined]


class RandomChoice(Eviction):
    """A uniformly random entry leaves (drawn from its own stream): the keys are also kept in a
    list, so a draw picks one at once and a removal swaps the last key into its place."""

    name = "random"

    def __init__(self, capacity: int, rng: random.Random):
        super().__init__(capacity, rng)
        self.items = {}
        self.keys: list[int] = []
        self.where: dict[int, int] = {}
        self.r = rng.random
        self.drop = self.remove

    def put(self, key: int, entry: Entry) -> bool:
        items = self.items
        if key in items:
            items[key] = entry
            return False
        evicted = len(items) >= self.capacity
        if evicted:
            self.remove(self.keys[floor(self.r() * len(self.keys))])
        items[key] = entry
        self.where[key] = len(self.keys)
        self.keys.append(key)
        return evicted

    def remove(self, key: int) -> None:
        del self.items[key]
        i = self.where.pop(key)
        last = self.keys.pop()
        if last != key:
            self.keys[i] = last
            self.where[last] = i

    def discard(self, key: int) -> bool:
        if key not in self.items:
            return False
        self.remove(key)
        return True

    def clear(self) -> None:
        self.items.clear()
        self.keys.clear()
        self.where.clear()


class Lfu(Eviction):
    """The key used least often leaves, which may be the one just filled: every hit and every
    fill of a key counts, for the whole run, whether or not the key is held (counts kept as a
    frequency sketch keeps them, exactly here), so under steady popularity the cache comes to
    hold the most requested keys. Ties: the least recently used leaves. A heap of (count, last
    use, key) finds it; entries made stale by a later use are skipped, and the heap is rebuilt
    from the held keys when stale ones outnumber them."""

    name = "lfu"

    def __init__(self, capacity: int, rng: random.Random):
        super().__init__(capacity, rng)
        self.items = {}
        self.counts: dict[int, int] = {}
        self.used: dict[int, int] = {}  # key -> the tick of its last use
        self.heap: list[tuple[int, int, int]] = []
        self.tick = 0
        self.drop = self.items.__delitem__
        self.touch = self.use

    def use(self, key: int) -> None:
        self.tick += 1
        n = self.counts.get(key, 0) + 1
        self.counts[key] = n
        self.used[key] = self.tick
        heappush(self.heap, (n, self.tick, key))
        if len(self.heap) > 4 * len(self.items) + 64:
            self.heap = [(self.counts[k], self.used[k], k) for k in self.items]
            heapify(self.heap)

    def put(self, key: int, entry: Entry) -> bool:
        self.items[key] = entry
        self.use(key)
        if len(self.items) <= self.capacity:
            return False
        heap, items, used = self.heap, self.items, self.used
        while True:
            _, tick, k = heappop(heap)
            if used.get(k) == tick and k in items:  # not made stale by a later use, and held
                del items[k]
                return True

    def discard(self, key: int) -> bool:
        return self.items.pop(key, None) is not None


POLICIES: dict[str, type[Eviction]] = {p.name: p for p in (Lru, Fifo, RandomChoice, Lfu)}
"""Every eviction policy a cache may name, by that name."""
