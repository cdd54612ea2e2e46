"""The cases the identity harness runs: every pack challenge with its starter and its solution
at the challenge's seed, and for every shipped design a short mixed workload under each fault
kind aimed at each of its components."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from playground.design import bundled
from playground.design.challenge import Challenge
from playground.design.load import load_challenge, load_design
from playground.design.model import Design

DIGESTS = Path(__file__).with_name("digests.json")
Case = tuple[str, Callable[[], tuple[Design, Challenge, int]]]

MIX = {"read": 0.6, "write": 0.2, "charge": 0.1, "enqueue": 0.05, "decrement": 0.05}


def digest(result: dict[str, Any]) -> str:
    text = json.dumps(result, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def design_files() -> list[Path]:
    pack = bundled.challenges_dir()
    return [*sorted((pack / "starters").glob("*.yaml")), *sorted((pack / "solutions").glob("*.yaml")),
            *bundled.design_files()]


def group_of(path: Path) -> str:
    return f"{path.parent.name}/{path.stem}"


def pack_cases() -> Iterator[Case]:
    for path in bundled.challenge_files():
        for role in ("starters", "solutions"):
            design_path = path.parent / role / path.name

            def make(path: Path = path, design_path: Path = design_path) -> tuple[Design, Challenge, int]:
                challenge = load_challenge(path).model
                return load_design(design_path, bundled.given_for(design_path)).model, challenge, challenge.seed

            yield f"pack/{path.stem}/{role}", make


def workload(faults: list[dict[str, Any]]) -> Challenge:
    return Challenge.model_validate({
        "title": "identity", "story": "identity", "teaches": ["identity"], "difficulty": "easy",
        "time_limit_min": 1, "seed": 7, "faults": faults,
        "traffic": {"phases": [{"duration_s": 8, "rps": 150}], "mix": MIX,
                    "keys": {"count": 500, "distribution": "zipf"}, "sessions": 200,
                    "client": {"timeout_ms": 800, "retries": 1, "backoff_ms": 50}},
    })


def faults_on(design: Design, cid: str) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every fault kind that can strike component cid, starting at 2 s."""
    kind = design.component(cid).kind
    yield "crash", {"kind": "crash", "target": cid, "at_s": 2.0}
    yield "crash-recover", {"kind": "crash", "target": cid, "at_s": 2.0, "duration_s": 3.0}
    yield "crash-instance", {"kind": "crash", "target": cid, "at_s": 2.0, "instance": 0, "duration_s": 3.0}
    yield "hang", {"kind": "hang", "target": cid, "at_s": 2.0, "duration_s": 3.0}
    yield "slow", {"kind": "slow_down", "target": cid, "at_s": 2.0, "duration_s": 3.0, "factor": 5}
    callers = [c.id for c in design.components if any(call.to == cid for call in c.calls)]
    if callers:
        yield "partition", {"kind": "partition", "between": [callers[0], cid], "at_s": 2.0, "duration_s": 3.0}
        yield "one-way", {"kind": "partition", "between": [callers[0], cid], "at_s": 2.0,
                          "duration_s": 3.0, "one_way": True}
    if kind == "replica":
        yield "lag", {"kind": "replica_lag_spike", "target": cid, "at_s": 2.0, "duration_s": 3.0, "lag_ms": 2000}
    if kind == "cache":
        yield "flush", {"kind": "cache_flush", "target": cid, "at_s": 2.0}


def free_play(path: Path) -> Design:
    """A design as one free-play system: a pack design with the parts its challenge's world
    gives (its payment provider), so the faults strike those too."""
    given = bundled.given_for(path)
    design = load_design(path, given).model
    challenge = bundled.pack_challenge_of(path)
    return load_challenge(challenge).model.assemble(design) if given and challenge else design


def fault_cases(path: Path) -> Iterator[Case]:
    design = free_play(path)
    for c in design.components:
        for name, fault in faults_on(design, c.id):
            def make(path: Path = path, fault: dict[str, Any] = fault) -> tuple[Design, Challenge, int]:
                return free_play(path), workload([fault]), 7

            yield f"fault/{group_of(path)}/{c.id}/{name}", make
    yield f"fault/{group_of(path)}/-/none", lambda path=path: (free_play(path), workload([]), 7)


def groups() -> dict[str, list[Case]]:
    """Cases by group (one pack group, then one per design), so a test can run a group each."""
    out: dict[str, list[Case]] = {"pack": list(pack_cases())}
    for path in design_files():
        out[group_of(path)] = list(fault_cases(path))
    return out


def run_case(make: Callable[[], tuple[Design, Challenge, int]]) -> str:
    from playground.core import simulate

    design, challenge, seed = make()
    return digest(simulate(design, challenge, seed).to_dict())


def golden() -> dict[str, str]:
    return json.loads(DIGESTS.read_text()) if DIGESTS.exists() else {}


def run_group(name: str) -> dict[str, str]:
    """Digests of one group's cases (a process pool's unit of work)."""
    return {case: run_case(make) for case, make in groups()[name]}
