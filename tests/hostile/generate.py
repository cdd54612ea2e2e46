"""Generated and hostile designs and challenges, written as YAML text (see the package's docstring)."""

from __future__ import annotations

import json
import re
import string
from collections.abc import Iterator
from typing import Any

from hypothesis import strategies as st

OPS = ["read", "write", "charge", "enqueue", "decrement"]
FORWARDERS = ["service", "load_balancer", "rate_limiter", "cache"]
STORES = ["database", "shard", "external", "session_store"]
MAX_CHAIN = 500
"""Longest call chain generated: as long as a design may have (chains of 332 and more with writes
overflowed the stack in `core/paths.py` before its walk was made iterative, issue 19.3)."""


class Raw(str):
    """A scalar written into the YAML text exactly as given (a tag, a date, a broken escape)."""


HOSTILE_SCALARS = [
    "2024-02-30", "2024-13-01", "2024-01-01", "2001-12-14t21:59:43.10-05:00", "!!int abc",
    "!!float x", "!!bool maybe", "!!int 1e5", "!!timestamp nope", "!!str 5", "!!null x",
    "!!binary 'not base64!'", "!!python/object/apply:os.system ['true']", "!env HOME",
    '"st[/]arter"', '"[bold red]boom[/]"', '"[link=file:///etc/passwd]x[/link]"', '":100:"',
    '"line :100: here"', '"\\e[2J\\e[31mred"', '"\\x1b]0;title\\x07"', '"a\\u0000b"',
    '"\\u009b31m"', "\x07bell", "tab\there", "*undefined_alias", "&anchor 5", "1e400", "-1e400",
    ".nan", "-.inf", "-1", "0", "0.0000001", "99999999999999999999999", "1_000", "0x1F", "0o17",
    "''", '""', "null", "~", "yes", "no", "on", '"../outside/x"', '"/etc/passwd"',
    '"x\\" image=\\"/etc/passwd"', '"x\\"]; \\"evil\\" [image=\\"/etc/passwd"',
    '"a\\nclick n_api href \\"javascript:alert(1)\\""', '"db-1"', '"db_1"', "{}", "[]",
    "[1, 2", "{a: 1", '"unterminated', "'it''s'", "- nested", "? complex", "|\n  block",
    "x" * 300, '"' + "é" * 90 + '"', '"\\ud800"', "!!seq [1]", "!!map {a: 1}",
]

HOSTILE_KEYS = [
    "\x1b[2J", "wörkers", "[/]", ":100:", "workers ", "Workers", "instances\u200b", "<<", "?", "1",
]

WHOLE_FILE = [
    "nest",  # a value nested hundreds of levels deep
    "control",  # a control character somewhere in the text
    "anchor",  # an anchor defined twice
    "bom",  # a byte-order mark, then the text
    "directive",  # a YAML 1.1 directive
    "documents",  # two documents in one file
    "tabs",  # indentation by tabs
    "truncate",  # the text cut at a random point
    "crlf",  # Windows line ends
]


def scalar(value: Any) -> str:
    if isinstance(value, Raw):
        return str(value)
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return repr(value)
    return json.dumps(value)


def emit(value: Any, indent: int = 0) -> str:
    """Block-style YAML of plain data, `Raw` scalars written verbatim."""
    pad = " " * indent
    out = []
    if isinstance(value, dict):
        if not value:
            return pad + "{}\n"
        for k, v in value.items():
            key = str(k) if isinstance(k, Raw) or re.fullmatch(r"[a-z_][a-z0-9_]*", str(k)) else json.dumps(str(k))
            if isinstance(v, (dict, list)) and v:
                out.append(f"{pad}{key}:\n{emit(v, indent + 2)}")
            else:
                out.append(f"{pad}{key}: {scalar(v) if not isinstance(v, (dict, list)) else ('{}' if isinstance(v, dict) else '[]')}\n")
    elif isinstance(value, list):
        if not value:
            return pad + "[]\n"
        for v in value:
            if isinstance(v, (dict, list)) and v:
                out.append(f"{pad}-\n{emit(v, indent + 2)}")
            else:
                out.append(f"{pad}- {scalar(v) if not isinstance(v, (dict, list)) else ('{}' if isinstance(v, dict) else '[]')}\n")
    else:
        return pad + scalar(value) + "\n"
    return "".join(out)


# ---------------------------------------------------------------------------------- generators


def rare(draw: Any, n: int) -> bool:
    """True about once in `n` draws (the last value: hypothesis favours the first ones)."""
    return bool(draw(st.integers(0, n - 1)) == n - 1)


ids = st.from_regex(r"[a-z][a-z0-9_-]{0,10}", fullmatch=True)
names = st.one_of(st.text(string.ascii_letters + " -", min_size=1, max_size=20),
                  st.sampled_from(["st[/]arter", "[bold]x", ":100:", "a\x1b[31mb", "../outside/x",
                                   'q"uote', "back\\slash", "new\nline"]))


def timing(draw: Any) -> Any:
    if draw(st.booleans()):
        return draw(st.floats(0.1, 50))
    mean = draw(st.floats(0.1, 50))
    return draw(st.sampled_from([
        {"distribution": "deterministic", "mean_ms": mean},
        {"distribution": "lognormal", "mean_ms": mean, "p99_ms": mean * 4},
        {"distribution": "exponential", "mean_ms": mean},
    ]))


@st.composite
def designs(draw: Any, max_components: int = 12) -> dict[str, Any]:
    """A design that usually loads: a chain of forwarders ending in a store, a replica or a queue
    now and then, ids that collide once punctuation is dropped (`db-1`, `db_1`)."""
    long_chain = rare(draw, 40)
    n = draw(st.integers(max(1, MAX_CHAIN - 100), MAX_CHAIN)) if long_chain else draw(st.integers(1, max_components))
    kinds = ["service" if long_chain else draw(st.sampled_from(FORWARDERS)) for _ in range(n - 1)]
    kinds.append(draw(st.sampled_from(STORES)))
    base = draw(st.sampled_from(["c", "db", "api", "x"]))
    cids = [f"{base}-{i}" if i % 2 else f"{base}_{i // 2}" for i in range(n)]
    components: list[dict[str, Any]] = []
    for i, (cid, kind) in enumerate(zip(cids, kinds, strict=True)):
        c: dict[str, Any] = {"id": cid, "kind": kind}
        if rare(draw, 5):
            c["label"] = draw(names)
        if kind == "service":
            c["instances"] = draw(st.integers(1, 4))
            c["workers"] = draw(st.integers(1, 32))
            c["service_time"] = timing(draw)
            if draw(st.booleans()):
                c["retry"] = {"attempts": draw(st.integers(0, 3)), "backoff_ms": draw(st.floats(1, 100))}
            if draw(st.booleans()):
                c["call_timeout_ms"] = draw(st.floats(1, 5000))
        elif kind == "cache":
            c["ttl_s"] = draw(st.floats(0.5, 600))
            c["invalidation"] = draw(st.sampled_from(["ttl", "on_write", "versioned"]))
        elif kind == "rate_limiter":
            c["rate_rps"] = draw(st.floats(1, 5000))
        elif kind == "database":
            c["workers"] = draw(st.integers(1, 32))
            c["read_from"] = draw(st.sampled_from(["primary", "replicas", "read_your_writes"]))
        elif kind == "external":
            c["error_rate"] = draw(st.floats(0, 1))
        elif kind == "shard":
            c["partitions"] = draw(st.integers(1, 8))
        if i + 1 < n:
            nxt = cids[i + 1]
            c["calls"] = [nxt if draw(st.booleans()) else {"to": nxt, "ops": draw(
                st.lists(st.sampled_from(OPS), min_size=1, max_size=3, unique=True))}]
        components.append(c)
    if kinds[-1] == "database" and draw(st.booleans()):
        components.append({"id": "replica-x", "kind": "replica", "of": cids[-1]})
    if rare(draw, 5):
        components.insert(0, {"id": "q", "kind": "queue", "calls": [cids[-1]]})
    return {"name": draw(names), "description": "generated", "entry": cids[0], "components": components}


@st.composite
def challenges(draw: Any, component_ids: list[str] | None = None) -> dict[str, Any]:
    """A challenge that usually loads, now and then one asking for unbounded work: a hundred
    phases of a day each, an hour's client timeout with ten retries."""
    huge = draw(st.integers(0, 15))
    if huge == 15:
        phases = [{"duration_s": 86_400, "rps": 0} for _ in range(100)]
    else:
        phases = [{"duration_s": draw(st.floats(0.5, 30)), "rps": draw(st.floats(0, 3000))}
                  for _ in range(draw(st.integers(1, 3)))]
    client = {"timeout_ms": draw(st.floats(10, 3000)), "retries": draw(st.integers(0, 3))}
    if huge == 14:
        client = {"timeout_ms": 3_600_000, "retries": 10, "backoff_ms": 1000}
    mix = {op: draw(st.floats(0, 5)) for op in draw(st.lists(st.sampled_from(OPS), min_size=1, unique=True))}
    mix[draw(st.sampled_from(list(mix)))] = 1.0
    targets = component_ids or ["api"]
    faults: list[dict[str, Any]] = []
    for _ in range(draw(st.integers(0, 3))):
        kind = draw(st.sampled_from(["crash", "slow_down", "hang", "cache_flush", "partition", "recover"]))
        f: dict[str, Any] = {"kind": kind, "at_s": draw(st.floats(0, 20))}
        if kind == "partition":
            f["between"] = [draw(st.sampled_from(targets)), draw(st.sampled_from([*targets, "nowhere"]))]
        else:
            f["target"] = draw(st.sampled_from([*targets, "nowhere", "zone:eu"]))
        if kind == "slow_down":
            f["factor"] = draw(st.floats(1.5, 20))
        faults.append(f)
    requirements = draw(st.lists(st.sampled_from([
        {"kind": "latency", "percentile": 99, "max_ms": 100},
        {"kind": "availability", "min": 0.99},
        {"kind": "anomaly", "anomaly": "lost_write", "max_count": 0},
        {"kind": "cost", "max_monthly_usd": 500},
    ]), max_size=4))
    doc: dict[str, Any] = {
        "title": draw(names), "story": "generated", "teaches": ["fuzzing"],
        "difficulty": "easy", "time_limit_min": 10, "seed": draw(st.integers(0, 2**31)),
        "traffic": {"phases": phases, "mix": mix, "client": client},
        "faults": faults, "requirements": requirements,
    }
    if rare(draw, 7):
        doc["starting_design"] = draw(st.sampled_from(["../../etc/passwd", "/etc/passwd", "starters/x.yaml"]))
    if rare(draw, 7):
        del doc["traffic"]  # a challenge without traffic is still a challenge
    return doc


def _paths(value: Any, here: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield here
    if isinstance(value, dict):
        for k, v in value.items():
            yield from _paths(v, (*here, k))
    elif isinstance(value, list):
        for i, v in enumerate(value):
            yield from _paths(v, (*here, i))


def _set(doc: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    node = doc
    for part in path[:-1]:
        node = node[part]
    node[path[-1]] = value
    return doc


@st.composite
def mutated(draw: Any, doc: dict[str, Any]) -> str:
    """The document with up to three values or keys replaced by hostile ones, written as text,
    then now and then damaged as a whole."""
    for _ in range(max(0, draw(st.integers(0, 5)) - 2)):
        paths = [p for p in _paths(doc) if p]
        if not paths:
            break
        path = draw(st.sampled_from(paths))
        if rare(draw, 4):
            parent = doc
            for part in path[:-1]:
                parent = parent[part]
            if isinstance(parent, dict):
                parent[Raw(json.dumps(draw(st.sampled_from(HOSTILE_KEYS))))] = 1
                continue
        doc = _set(doc, path, Raw(draw(st.sampled_from(HOSTILE_SCALARS))))
    text = emit(doc)
    if rare(draw, 4):
        text = damaged(text, draw(st.sampled_from(WHOLE_FILE)), draw)
    return text


def damaged(text: str, how: str, draw: Any) -> str:
    at = draw(st.integers(0, max(0, len(text) - 1)))
    if how == "nest":
        depth = draw(st.sampled_from([150, 300, 500, 1000, 5000]))
        return text + "deep: " + "[" * depth + "]" * depth + "\n"
    if how == "control":
        return text[:at] + draw(st.sampled_from(["\x00", "\x07", "\x1b", "\x7f", "\x85", "\ufffe"])) + text[at:]
    if how == "anchor":
        return text + "extra_a: &dup 1\nextra_b: &dup 2\nextra_c: *dup\n"
    if how == "bom":
        return "\ufeff" + text
    if how == "directive":
        return "%YAML 1.1\n---\n" + text
    if how == "documents":
        return text + "---\n" + text
    if how == "tabs":
        return text.replace("  ", "\t")
    if how == "truncate":
        return text[:at]
    return text.replace("\n", "\r\n")


@st.composite
def cases(draw: Any, max_components: int = 12) -> tuple[str, str]:
    design = draw(designs(max_components))
    ids_ = [c["id"] for c in design["components"]]
    challenge = draw(challenges(ids_))
    return draw(mutated(design)), draw(mutated(challenge))


@st.composite
def runnable_cases(draw: Any, max_components: int = 12) -> tuple[str, str]:
    """Cases as generated, before any damage: most of them load, so they exercise the runs."""
    design = draw(designs(max_components))
    return emit(design), emit(draw(challenges([c["id"] for c in design["components"]])))
