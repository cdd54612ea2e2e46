"""A small batch of grading work: pack challenges' starters and solutions, and a short run of each."""

from __future__ import annotations

from playground.design import bundled
from playground.design.load import load_challenge
from playground.design.yamlio import read_text
from playground.runs.plan import Entry
from playground.runs.submissions import design_for

REQUESTS = None
"""Whole runs: the two challenges below are the pack's quickest (a few thousand requests each)."""


def entry(challenge_id: str, role: str = "solutions", name: str | None = None) -> Entry:
    path = bundled.challenge_path(challenge_id)
    design_path = path.parent / role / path.name
    challenge = load_challenge(path).model
    design, problems = design_for(read_text(design_path), design_path.name, challenge)
    assert design is not None, problems
    return Entry(name or f"{role}/{challenge_id}.yaml", challenge_id, design, read_text(design_path), challenge)


def class_of_four() -> list[Entry]:
    return [entry("slow-side-effects"), entry("slow-side-effects", "starters"), entry("lost-sessions"),
            entry("lost-sessions", "starters")]
