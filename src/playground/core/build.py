"""From a design's components to the nodes that behave like them."""

from __future__ import annotations

from typing import Any

from playground.core.balancer import Balancer, RateLimiter
from playground.core.cache import Cache
from playground.core.database import Database, QuorumDatabase, Replica
from playground.core.kernel import OPS, READ, Kernel, Node
from playground.core.service import Service
from playground.core.station import Station
from playground.core.stores import External, Queue, Shard
from playground.core.streams import Draws, stream
from playground.design.model import Design
from playground.formats.base import Timing


def per_op(kernel: Kernel, comp_id: str, timing_of: Any) -> list[Draws]:
    """One Draws per operation, shared by operations with the same timing (one stream each)."""
    made: dict[str, Draws] = {}
    out = []
    for op in OPS:
        timing: Timing = timing_of(op)
        key = timing.model_dump_json()
        if key not in made:
            made[key] = Draws(timing, stream(kernel.seed, f"time:{comp_id}:{len(made)}"))
        out.append(made[key])
    return out


def build(kernel: Kernel, design: Design, keys: int) -> dict[str, Node]:
    nodes: dict[str, Node] = {}
    for index, c in enumerate(design.components):
        nodes[c.id] = make(kernel, c, index, keys)
    for node in nodes.values():
        node.link(nodes)
    for node in nodes.values():
        node.relink()  # shortcuts that look at a callee, now that every callee has linked
    return nodes


def make(kernel: Kernel, c: Any, index: int, keys: int) -> Node:
    kind = c.kind
    if kind == "load_balancer":
        return Balancer(kernel, c, index)
    if kind == "rate_limiter":
        return RateLimiter(kernel, c, index)
    if kind == "cache":
        return Cache(kernel, c, index)
    if kind == "service":
        times = per_op(kernel, c.id, lambda op: c.op_service_time.get(op, c.service_time))
        stateful = c.idempotency_keys or c.sessions == "memory"
        node = (Service if stateful else Station)(kernel, c, index, instances=c.instances, workers=c.workers,
                                                  queue_limit=c.queue_limit, draws=times)
        node.kind = "service"
        node.resilience(timeout_ms=c.call_timeout_ms, retry=c.retry, breaker=c.circuit_breaker,
                        parallel=c.parallel_calls, fallback=c.fallback)
        return node
    if kind in ("database", "shard"):
        times = per_op(kernel, c.id, lambda op: c.read_time if OPS.index(op) == READ else c.write_time)
        if kind == "shard":
            return Shard(kernel, c, index, keys=keys, instances=c.partitions, workers=c.workers,
                         queue_limit=None, draws=times)
        cls = QuorumDatabase if c.quorum is not None else Database
        return cls(kernel, c, index, instances=1, workers=c.workers, queue_limit=None, draws=times)
    if kind == "replica":
        return Replica(kernel, c, index, instances=1, workers=c.workers, queue_limit=None,
                       draws=per_op(kernel, c.id, lambda op: c.read_time))
    if kind == "session_store":
        node = Station(kernel, c, index, instances=1, workers=c.workers, queue_limit=None,
                       draws=per_op(kernel, c.id, lambda op: c.op_time))
        node.kind = kind
        return node
    if kind == "external":
        return External(kernel, c, index, instances=1, workers=None, queue_limit=None,
                        draws=per_op(kernel, c.id, lambda op: c.latency))
    if kind == "queue":
        return Queue(kernel, c, index, instances=1, workers=c.consumers, queue_limit=None,
                     draws=per_op(kernel, c.id, lambda op: c.consumer_time))
    raise ValueError(f"unknown component kind {kind!r}")
