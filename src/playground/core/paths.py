"""Whether an operation's path reaches data: a store that keeps a write, a source for a read.

The path of an operation is every call the design makes for it, from the entry on: a service,
a third party or a queue's consumers make all their calls for the operation, a load balancer
or a rate limiter passes it to its first. A write (`write`, `charge`, `decrement`) is stored
when its path reaches a database, a replica or a shard, also through a queue (its consumers
store it later). A read has a data source when its path reaches one of those, a cache whose own
calls lead to one, or a session store (it answers with the session's state, which the engine
does not version). A queue answers a read before anything is read: it is no source.
"""

from __future__ import annotations

from playground.core.kernel import READ, Node

STORES = frozenset(("database", "replica", "shard"))
FORWARDERS = frozenset(("load_balancer", "rate_limiter"))  # pass a call to their first target only


def reaches_data(node: Node, op: int, seen: set[int] | None = None) -> bool:
    kind = node.kind
    if kind in STORES:
        return True
    if op == READ and kind in ("session_store", "queue"):
        return kind == "session_store"
    seen = set() if seen is None else seen
    if node.index in seen:
        return False
    seen.add(node.index)
    route = node.route[op][:1] if kind in FORWARDERS else node.route[op]
    return any(reaches_data(callee, op, seen) for callee in route)
