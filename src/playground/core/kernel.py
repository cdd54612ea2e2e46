"""What every part of the engine shares: outcome and operation codes, the layouts of requests
and frames, the event heap, and the base of every component's behaviour.

Hot paths use plain lists and tuples indexed by the constants below, not objects: an event is
`(time, seq, fn, arg)` on one heap, and `fn(time, arg)` runs it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator
from contextlib import suppress
from dataclasses import dataclass, field
from heapq import heappop, heappush
from itertools import count
from math import inf
from types import FunctionType
from typing import TYPE_CHECKING, Any

from playground.formats.base import OPERATIONS

# Outcomes of a call or a request; 0 is success so `if outcome:` means "failed".
OK, TIMEOUT, REJECTED, ERROR = 0, 1, 2, 3
OUTCOMES: tuple[str, ...] = ("ok", "timeout", "rejected", "error")

OPS = OPERATIONS
OP_INDEX = {op: i for i, op in enumerate(OPS)}
READ, WRITE, CHARGE, ENQUEUE, DECREMENT = (OP_INDEX[o] for o in ("read", "write", "charge", "enqueue", "decrement"))

# A request attempt is a list with these fields (one list per attempt; a retry makes a new one).
# VSEEN is the version of the key a read returned (-1: none, e.g. a degraded fallback answer);
# DEGRADED is set when an optional call failed and a fallback answered without it.
RID, OP, KEY, SESSION, CLIENT, T0, TA, ATTEMPT, STATE, HOPS, VSEEN, DEGRADED = range(12)
WRITES = frozenset((1, 2, 4))  # write, charge, decrement: operations that change the key's data
EFFECTS = frozenset((2, 3))  # charge, enqueue: side effects that must happen once
LIVE, DONE, ABANDONED = 0, 1, 2

# A frame is one call being served by a node. Its first fields are also the call's hop record:
# the frame itself is appended to the request's hops when it answers (no copy on the hot path).
H_REQ, H_CTX, H_RET, H_NODE, H_ENTER, H_START, H_SVC, H_OUT, H_INST = range(9)

Ret = Callable[[float, Any, int], None]
"""How a callee answers: ret(time, ctx, outcome), exactly once per call it accepted."""


class Sink:
    """Stands in for a finished request's hop list: later hops (from servers still working on
    an attempt the client gave up on) are dropped, and the request's frames can be freed."""

    __slots__ = ()

    def append(self, hop: Any) -> None:
        return None


SINK = Sink()


@dataclass
class Kernel:
    """The event heap and the run's fixed facts every component needs while it runs.

    Events scheduled past `horizon` (the recorder's next tick) wait in `later` and join the
    heap when the tick before them moves the horizon (`advance`). The order of events is the
    same, since each keeps the (time, seq) it was given; but the heap that every request's
    events sift through stays small: the end of the traffic window, the halt, the faults and
    the health checks are not in it most of the run (on the reference network, the window's end
    alone cost 418 instructions a request while it sat there)."""

    heap: list[tuple[float, int, Callable[[float, Any], None], Any]]
    seq: Callable[[], int]
    seed: int
    ids: Iterator[int]  # what seq draws from; hot paths call next(ids), a little cheaper
    later: list[tuple[float, int, Callable[[float, Any], None], Any]] = field(default_factory=list)
    horizon: float = inf  # no recorder ticking: every event goes on the heap

    @classmethod
    def new(cls, seed: int) -> Kernel:
        ids = count()
        return cls([], ids.__next__, seed, ids)

    def at(self, t: float, fn: Callable[[float, Any], None], arg: Any = None) -> None:
        self.push((t, self.seq(), fn, arg))

    def push(self, event: tuple[float, int, Callable[[float, Any], None], Any]) -> None:
        """Put an event on the heap, or aside in `later` when it is due after the horizon."""
        heappush(self.heap if event[0] <= self.horizon else self.later, event)

    def advance(self, horizon: float) -> None:
        """Move the horizon on to the next tick, and the events due by then onto the heap."""
        self.horizon = horizon
        later, heap = self.later, self.heap
        while later and later[0][0] <= horizon:
            heappush(heap, heappop(later))


def own_code(fn: Callable) -> Callable:
    """A copy of a function with a code object of its own. CPython specialises attribute access
    in place, per code object: one method shared by two classes whose instances lay out their
    attributes differently (a Station and a Database both releasing, once per request each)
    keeps missing and falls back to generic lookups. A copy per class keeps each one fast."""
    copy = FunctionType(fn.__code__.replace(), fn.__globals__, fn.__name__, fn.__defaults__, fn.__closure__)
    copy.__kwdefaults__ = fn.__kwdefaults__
    copy.__qualname__ = fn.__qualname__
    copy.__doc__ = fn.__doc__
    copy.__dict__.update(fn.__dict__, origin=origin(fn))
    return copy


def origin(fn: Any) -> Any:
    """The function an own_code copy was made from (itself when it is not a copy)."""
    return getattr(fn, "origin", fn)


def hop(node: int, t: float, outcome: int) -> tuple:
    """A hop record for a call answered at once (a rejection, a pass-through)."""
    return (None, None, None, node, t, t, 0.0, outcome, None)


class Node(ABC):
    """The behaviour of one component. Subclasses implement `enter`; every other method is a hook
    with the behaviour most components have, which a kind overrides where it differs.

    Counters are cumulative; the per-second series are differences of snapshots taken each
    second, so the hot path never touches a per-second bin. A time-weighted total (slot-seconds
    held, seconds waited) is kept as one number: `busy` gets -t when a slot is taken and +t when
    it is freed, so at time t the total is busy + (slots held now)·t; likewise `waited`.
    """

    kind = ""
    # Calls entered and answered: each kind counts one or both (setting them in its __init__)
    # and may derive the other where it is implied (a balancer answers every call it enters).
    entered = 0
    answered = 0
    slots: int | None = None  # worker slots in all; None where utilization has no meaning
    vcpus: int | None = None  # CPUs in all, where they are modelled apart from the slots
    keeps_data = False  # a store: it keeps the writes that reach it, and answers reads from them
    forwards = False  # passes each call on to its first callee only (a balancer, a rate limiter)
    degrades = False  # answers with a fallback's default when an optional call fails (core/calls.py)
    defers = False  # accepts work it does later (a queue): the run gives it the challenge's grace
    reads_end: bool | None = None
    """Where a read's search for data stops: True, at state of its own the engine does not
    version (a session store); False, here, with nothing read (a queue answers first); None,
    with its callees."""
    instances: list[Any] = []  # noqa: RUF012 - the machines a balancer may pick among (none here)
    stand_in: Node | None = None  # what a fault puts in its place while it lasts (see settle)
    if TYPE_CHECKING:
        admit: Callable[..., None]  # a station's admission, which a balancer calls (and a fault swaps)

    def __init_subclass__(cls, **kw: Any) -> None:
        """Every kind of node gets its own copy of each method it inherits (see own_code)."""
        super().__init_subclass__(**kw)
        for klass in cls.__mro__[1:]:
            for name, value in vars(klass).items():
                if isinstance(value, FunctionType) and not name.startswith("__") and name not in vars(cls):
                    inherited = getattr(cls, name)
                    if inherited is value:  # the nearest definition, not one further up the MRO
                        setattr(cls, name, own_code(value))

    def __init__(self, kernel: Kernel, comp: Any, index: int):
        self.comp = comp
        self.id: str = comp.id
        self.kind = comp.kind
        self.index = index
        self.kernel = kernel
        self.heap = kernel.heap
        self.seq = kernel.seq
        self.ids = kernel.ids
        self.errors = 0
        self.sojourn = 0.0
        self.busy = 0.0
        self.waited = 0.0
        self.route: list[tuple[Node, ...]] = [() for _ in OPS]
        self.wires: dict[str, Node] = {}  # callee id -> the wire its calls cross (core/network.py)
        self.ledger: Any = None  # the run's data ledger (playground.core.data), set by the simulation

    def link(self, nodes: dict[str, Node]) -> None:
        """Resolve the component's calls into, for each operation, the nodes it calls in order
        (the run then puts a wire where a call pays network time: playground.core.network)."""
        for i, op in enumerate(OPS):
            self.route[i] = tuple(nodes[c.to] for c in self.comp.calls if c.ops is None or op in c.ops)

    def reached(self) -> Node:
        """The component a call into it reaches (a stand-in or a wire: the one behind it)."""
        return self

    def redirect(self, t: float, req: list) -> Node:
        """Where a call sent to it really goes (a database sends a read to a replica): the wire
        to it pays the network to that one."""
        return self

    @abstractmethod
    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        """A call arrives at time t; answer it later with ret(time, ctx, outcome)."""

    def turn_away(self, t: float, req: list, ctx: Any, ret: Ret, outcome: int) -> None:
        """Answer a call the moment it arrives, without serving it (it is down)."""
        self.entered += 1
        self.answer_now(t, req, outcome)
        ret(t, ctx, outcome)

    def answer_now(self, t: float, req: list, outcome: int) -> None:
        """Count a call answered on arrival (rejected, or passed on) and add its hop."""
        self.answered += 1
        if outcome:
            self.errors += 1
        req[HOPS].append((None, None, None, self.index, t, t, 0.0, outcome, None))  # hop(), inlined

    def settle(self) -> None:
        """Decide how it is entered (`enter`, and `admit` for a station a balancer picks into):
        through a fault's stand-in while one holds it (a refusal while it is down, a black
        hole while it hangs), else its own way (`own_entry`). Runs for every node, before any
        `relink`, once every node has linked (a database's replicas have attached)."""
        for name in ("enter", "admit"):
            with suppress(AttributeError):
                delattr(self, name)  # back to the class's (never self.__dict__: see Balancer)
        if self.stand_in is not None:
            self.enter = self.stand_in.enter  # type: ignore[method-assign]
            self.admit = self.stand_in.admit
        else:
            self.own_entry()

    def own_entry(self) -> None:  # noqa: B027 - most nodes are entered by their class's enter
        """Set its own way in when it is not its class's `enter` (a database routing reads)."""

    def relink(self) -> None:  # noqa: B027 - most nodes have no shortcuts to recompute
        """Recompute the shortcuts it keeps to its callees' entries (a bound `enter`), after
        every node has settled: at the start, and after each fault (`Timeline.relink`)."""

    # -- the run around it -----------------------------------------------------------------
    def start(self, timeline: Any) -> None:  # noqa: B027 - most nodes do nothing on their own
        """Schedule the work it does on its own (health checks, backups), once the run's fault
        timeline is known (`playground.core.faults.Timeline`)."""

    def track_versions(self) -> None:  # noqa: B027 - only nodes that hold versions keep them
        """The run writes: keep versions of the data held here, and judge what is read."""

    def track_effects(self) -> None:  # noqa: B027 - only nodes where effects happen count them
        """The run has side effects (charges, enqueues): count those that happen here."""

    def redelivery_s(self) -> float:
        """How long after it was first taken a message may be delivered again (a queue's
        visibility timeout): the ledger remembers side effects at least that long."""
        return 0.0

    def at_end(self, t: float) -> None:  # noqa: B027 - most nodes leave nothing undone
        """The run is over (its grace too): tell the ledger of the work it accepted and never did."""

    # -- faults: what each does to it ------------------------------------------------------
    def on_crash(self, t: float, instance: int | None, timeline: Any) -> None:
        """It goes down: every call is refused at once until it recovers."""
        self.stand_in = Refusal(self)

    def on_recover(self, t: float, instance: int | None, timeline: Any) -> None:
        self.stand_in = None

    def hang(self) -> None:
        """It hangs: calls are accepted and not answered while it lasts."""
        self.stand_in = Held(self)

    def unhang(self, t: float) -> None:
        """It answers again: the calls it took while hung go on from now (once the timeline has
        relinked every node), and a caller whose timeout has fired ignores the late answer."""
        held = self.stand_in
        self.stand_in = None
        if isinstance(held, Held) and held.calls:
            self.kernel.at(t, held.resume)

    def slow(self, factor: float | None) -> None:  # noqa: B027 - a node without own time is not slowed
        """Its own work takes `factor` times as long (None: as long as before)."""

    def cut_from(self, peer: Node) -> None:  # noqa: B027 - only a replica cares who it is cut from
        """A partition now separates it from `peer` (it is told once per direction cut)."""

    def rejoined(self, t: float) -> None:  # noqa: B027
        """A partition that separated it from someone has healed."""

    def lag_spike(self, lag_s: float | None) -> None:  # noqa: B027 - only replicas lag
        """Writes reach it at least `lag_s` after their commit (None: the spike is over)."""

    def flush(self) -> None:  # noqa: B027 - only caches hold anything to flush
        """It loses what it holds in memory."""

    def count_calls_by_op(self, into: list[int] | None = None) -> None:  # noqa: B027 - a station counts
        """A requirement asks how many calls of each operation it received (extra.calls_by_op):
        count them from now on (a run without such a requirement pays nothing for it); `into`:
        the list of the node whose calls these count as (playground.core.station)."""

    # -- results ---------------------------------------------------------------------------
    def gauge(self) -> Any:
        """A kind-specific reading taken once a second for its series (None: nothing)."""
        return None

    def series(self, gauges: list[Any]) -> dict[str, list[Any]]:
        """Its kind-specific per-second series, from the readings `gauge` took."""
        return {}

    def level(self) -> tuple[int, int]:
        """(slots held, calls waiting) now."""
        return 0, 0

    def totals(self, t: float) -> tuple[float, float, int, int, float]:
        """At time t (= now): slot-seconds held, seconds waited, calls answered, failures,
        CPU-seconds of own work."""
        held, waiting = self.level()
        return self.busy + held * t, self.waited + waiting * t, self.answered, self.errors, self.cpu_total(t)

    def cpu_total(self, t: float) -> float:
        """CPU-seconds its calls have spent on its CPUs so far (0 where CPUs are not modelled)."""
        return 0.0

    def extra(self) -> dict[str, Any]:
        """Kind-specific result fields (hit_ratio, backlog, ...)."""
        return {}

    def restart_counts(self) -> None:  # noqa: B027 - most kinds' own fields count the whole run
        """A warm-up has ended: the counts behind `extra` that describe what it did (hits,
        misses ...) start again from zero. Only those read by nothing but the results."""


class Blackhole(Node):
    """The base of a fault's stand-ins: calls are accepted and dropped, unanswered. `Held` (a
    hang) keeps them for when the fault ends; `Refusal` (a crash) fails them at once."""

    kind = "blackhole"

    def __init__(self, behind: Node):  # Node.__init__ is not called on purpose: it holds nothing
        self.behind = behind
        self.index = behind.index
        self.id = behind.id
        self.instances = behind.instances

    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        return None

    def admit(self, t: float, req: list, ctx: Any, ret: Ret, inst: Any = None) -> None:
        return None

    def reached(self) -> Node:
        return self.behind


class Held(Blackhole):
    """Stands in for a hung component: calls are accepted and kept, not answered, until the
    hang ends (`resume`), as a process that stops and starts again keeps its connections."""

    kind = "held"

    def __init__(self, behind: Node):
        super().__init__(behind)
        self.calls: list[tuple[list, Any, Ret, Any, bool]] = []

    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        self.calls.append((req, ctx, ret, None, False))

    def admit(self, t: float, req: list, ctx: Any, ret: Ret, inst: Any = None) -> None:
        self.calls.append((req, ctx, ret, inst, True))

    def resume(self, t: float, arg: Any = None) -> None:
        """The hang is over: every call it kept arrives now, the way it came (entered, or
        admitted where a balancer put it)."""
        node, calls, self.calls = self.behind, self.calls, []
        for req, ctx, ret, inst, admitted in calls:
            if admitted:
                node.admit(t, req, ctx, ret, inst)
            else:
                node.enter(t, req, ctx, ret)


class Refusal(Blackhole):
    """Stands in for a component that is down: every call fails at once."""

    kind = "refusal"

    def enter(self, t: float, req: list, ctx: Any, ret: Ret) -> None:
        self.behind.turn_away(t, req, ctx, ret, ERROR)

    def admit(self, t: float, req: list, ctx: Any, ret: Ret, inst: Any = None) -> None:
        self.enter(t, req, ctx, ret)
