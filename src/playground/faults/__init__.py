"""The fault kinds a challenge's timeline is made of. Each kind is one class, in a module of
its own: its fields, what it does at its start and its end, the event it writes, how a finding
tells it, and what it needs of its target. Adding a kind: write its module, add one line to
REGISTRY."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Union

from pydantic import Field

from playground.faults.base import FaultBase
from playground.faults.cache_flush import CacheFlush
from playground.faults.crash import Crash
from playground.faults.hang import Hang
from playground.faults.partition import Partition
from playground.faults.random_failures import RandomFailures
from playground.faults.recover import Recover
from playground.faults.replica_lag_spike import ReplicaLagSpike
from playground.faults.slow_down import SlowDown

REGISTRY: tuple[type[FaultBase], ...] = (
    Crash,
    Recover,
    Partition,
    SlowDown,
    Hang,
    ReplicaLagSpike,
    CacheFlush,
    RandomFailures,
)

FAULTS: dict[str, type[FaultBase]] = {m.kind_name(): m for m in REGISTRY}

if TYPE_CHECKING:
    Fault = FaultBase
else:
    Fault = Annotated[Union[REGISTRY], Field(discriminator="kind")]  # noqa: UP007
