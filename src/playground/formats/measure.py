"""What a run's results measure beyond what they always do: a warm-up left out of every
measurement, and the probability of a stale read by the time since the key's last write."""

from __future__ import annotations

from pydantic import Field

from playground.formats.base import StrictModel


class Measure(StrictModel):
    """How the results are measured. By default: every request from the first second, and no
    staleness series."""

    warmup_s: float = Field(
        0.0, ge=0, le=86_400,
        description="Seconds at the start left out of the measurements: requests begun then, "
        "and what the components did, as a system is measured once warm (caches filled, queues "
        "at their level). The per-second series still show them.",
    )
    staleness_by_age: bool = Field(
        False,
        description="Report, for each component that answers reads from data or copies (a "
        "database, a replica, a cache), the share of its reads that were stale by the time since "
        "the key's last acknowledged write.",
    )
