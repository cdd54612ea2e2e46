"""The network between components: a call pays a one-way time there and another back, and a
partition cuts a direction of a link.

A `Wire` stands in a caller's route for a callee it reaches over the network (and for the entry,
from the clients). A request crosses it after a draw of the link's one-way time to the callee;
the answer crosses back after a draw of the time back. A link cut in one direction holds what
would cross it that way until the cut heals, then sends it on (as TCP would retransmit): a
one-way cut from a to b holds a's requests to b and b's answers to a's calls, while b's
requests to a cross. Whoever is waiting meanwhile has only its timeout.

A wire is made only where a call pays network time, or while a partition cuts a link, so a run
without either has no wire and no event for the network.
"""

from __future__ import annotations

from collections.abc import Callable
from heapq import heappush
from typing import Any

from playground.core.kernel import HOPS, OK, Node, Ret, origin
from playground.core.streams import Draws, stream

NET = "net"  # a hop's instance field: this hop is a message on the network, not a call served
ADMIT = "admit"  # a message's instance field: the callee already routed it (admit, not enter)


class Wire(Node):
    kind = "wire"

    def __init__(self, caller: Any, callee: Node, times: Callable[[Node], tuple[Draws, Draws] | None]):
        # Node.__init__ is not called: a wire holds no counts of its own, only messages in flight
        self.caller = caller  # a Node, or the clients (playground.core.client.Client)
        self.behind = callee
        self.index = callee.index
        self.id = callee.id
        self.instances = callee.instances
        self.heap = callee.heap
        self.ids = callee.ids
        self.times = times  # the one-way draws (there, back) to a destination, or None: instant
        self.redirects = origin(type(callee).redirect) is not origin(Node.redirect)
        self.draws: dict[int, tuple[Draws, Draws] | None] = {}
        self.cut_there = 0  # partitions cutting the caller -> callee direction
        self.cut_back = 0  # ... and the callee -> caller direction
        self.held_there: list[tuple[Node, list, Any, Ret, Any]] = []
        self.held_back: list[tuple[tuple[Node, Any, Ret, list], int]] = []
        self._arrive = self.arrive
        self._answer = self.answer
        self._deliver = self.deliver

    # -- there -----------------------------------------------------------------------------
    def reached(self) -> Node:
        return self.behind

    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        if self.redirects:  # the callee decides where the call really goes: the wire goes there
            self.send(t, self.behind.redirect(t, req), req, ctx, ret, ADMIT)
        else:
            self.send(t, self.behind, req, ctx, ret, None)

    def admit(self, t: float, req: list, ctx: Any, ret: Ret, inst: Any = None) -> None:
        self.send(t, self.behind, req, ctx, ret, inst)

    def send(self, t: float, dest: Node, req: list, ctx: Any, ret: Ret, inst: Any) -> None:
        if self.cut_there:
            self.held_there.append((dest, req, ctx, ret, inst))
            return
        d = self.delay(dest, 0)
        if d:
            req[HOPS].append((None, None, None, dest.index, t, t, d, OK, NET))
        heappush(self.heap, (t + d, next(self.ids), self._arrive, (dest, req, ctx, ret, inst)))

    def arrive(self, t: float, arg: tuple[Node, list, Any, Ret, Any]) -> None:
        dest, req, ctx, ret, inst = arg
        token = (dest, ctx, ret, req)
        if inst is None:
            dest.enter(t, req, token, self._answer)
        elif inst is ADMIT:  # already routed: admitted where it was sent
            dest.admit(t, req, token, self._answer)
        else:
            dest.admit(t, req, token, self._answer, inst)

    # -- back ------------------------------------------------------------------------------
    def answer(self, t: float, token: tuple[Node, Any, Ret, list], outcome: int) -> None:
        if self.cut_back:
            self.held_back.append((token, outcome))
            return
        self.reply(t, token, outcome)

    def reply(self, t: float, token: tuple[Node, Any, Ret, list], outcome: int) -> None:
        dest, _, _, req = token
        d = self.delay(dest, 1)
        if d:  # a finished request's hops are a sink: the record is dropped
            req[HOPS].append((None, None, None, dest.index, t, t, d, OK, NET))
        heappush(self.heap, (t + d, next(self.ids), self._deliver, (token, outcome)))

    def deliver(self, t: float, arg: tuple[tuple[Node, Any, Ret, list], int]) -> None:
        (_, ctx, ret, _), outcome = arg
        ret(t, ctx, outcome)

    def delay(self, dest: Node, way: int) -> float:
        if dest.index not in self.draws:
            self.draws[dest.index] = self.times(dest)
        draws = self.draws[dest.index]
        if draws is None:
            return 0.0
        d = draws[way]
        return d.buf.pop() if d.buf else d.refill()

    # -- partitions ------------------------------------------------------------------------
    def heal_there(self, t: float) -> None:
        held, self.held_there = self.held_there, []
        for dest, req, ctx, ret, inst in held:
            self.send(t, dest, req, ctx, ret, inst)

    def heal_back(self, t: float) -> None:
        held, self.held_back = self.held_back, []
        for token, outcome in held:
            self.reply(t, token, outcome)


def link_draws(seed: int, caller_id: str, physics: Any, caller_comp: Any) -> Callable[[Node], tuple[Draws, Draws] | None]:
    """For a caller, the one-way draws to each destination it may reach: each link its own
    streams (`net:<caller>:<callee>` there, `...:back` back), made when first needed."""

    def times(dest: Node) -> tuple[Draws, Draws] | None:
        pair = physics.link(caller_comp, dest.comp)
        if pair is None:
            return None
        there, back = pair
        return (Draws(there, stream(seed, f"net:{caller_id}:{dest.id}")),
                Draws(back, stream(seed, f"net:{caller_id}:{dest.id}:back")))

    return times


def wire(nodes: dict[str, Node], physics: Any, seed: int) -> None:
    """Put a wire in every route where a call pays network time: one wire per caller and
    callee, shared by every operation's route."""
    for node in nodes.values():
        for i, route in enumerate(node.route):
            node.route[i] = tuple(reach(node, callee, physics, seed) for callee in route)


def reach(caller: Node, callee: Node, physics: Any, seed: int, *, always: bool = False) -> Node:
    """The callee itself, or the caller's one wire to it (made when a call to it pays network
    time, or `always`: a partition needs one to cut)."""
    made = caller.wires
    if callee.id in made:
        return made[callee.id]
    if not always and physics.link(caller.comp, callee.comp) is None:
        return callee
    made[callee.id] = Wire(caller, callee, link_draws(seed, caller.id, physics, caller.comp))
    return made[callee.id]


def wires_to(caller: Node, callee: Node, physics: Any, seed: int) -> list[Wire]:
    """The caller's wire to the callee, put in its routes if there was none (a partition
    between them needs it); none when the caller does not call it."""
    if not any(n.reached() is callee for route in caller.route for n in route):
        return []
    w = reach(caller, callee, physics, seed, always=True)
    caller.route = [tuple(w if n is callee else n for n in route) for route in caller.route]
    return [w] if isinstance(w, Wire) else []


class Clients:
    """The users, as a wire's caller: they have no component, only a place (the world says
    how far they are from the entry)."""

    id = "clients"
    comp = None


def from_clients(entry: Node, physics: Any, seed: int) -> Node:
    """The entry as the clients reach it: through a wire when the way from them costs time."""
    pair = physics.from_clients(entry.comp)
    if pair is None:
        return entry
    there, back = pair
    draws = (Draws(there, stream(seed, f"net:clients:{entry.id}")), Draws(back, stream(seed, f"net:clients:{entry.id}:back")))
    return Wire(Clients(), entry, lambda dest: draws)
