"""Whether an operation's path reaches data: a store that keeps a write, a source for a read.

The path of an operation is every call the design makes for it, from the entry on: most
components make all their calls for the operation, one that `forwards` (a load balancer, a
rate limiter) passes it to its first. A write (`write`, `charge`, `decrement`) is stored when
its path reaches a node that `keeps_data` (a database, a replica, a shard), also through a
queue (its consumers store it later). A read has a data source when its path reaches one of
those, or a node where a read's search `reads_end` with state of its own (a session store: it
answers with the session's state, which the engine does not version); it has none when the
search ends with nothing read (a queue answers before anything is read). A cache's own calls
decide for it (it holds only what it was filled with from behind it).

The walk is iterative: a design may chain hundreds of components.
"""

from __future__ import annotations

from playground.core.kernel import READ, Node


def reaches_data(node: Node, op: int) -> bool:
    seen: set[int] = set()
    todo = [node]
    while todo:
        n = todo.pop().reached()
        if n.keeps_data:
            return True
        if op == READ and n.reads_end is not None:
            if n.reads_end:
                return True
            continue
        if n.index in seen:
            continue
        seen.add(n.index)
        route = n.route[op][:1] if n.forwards else n.route[op]
        todo.extend(reversed(route))
    return False
