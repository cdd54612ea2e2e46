"""A run and its card, decided: a fast run that leaves a verdict inside its interval is run
again exactly when the exact run fits (issue 18's rule), so `auto` never reports a doubt it
could have settled; `--fast` keeps the fast run and its doubts, as asked."""

from __future__ import annotations

from playground import fast
from playground.core.estimate import estimate, refusal
from playground.core.record import RunResult
from playground.core.simulation import simulate
from playground.design.challenge import Challenge
from playground.design.model import Design
from playground.scoring.card import ScoreCard
from playground.scoring.score import score


def decided_run(design: Design, challenge: Challenge, seed: int | None = None, *, mode: str = "auto",
                requests_limit: int | None = None) -> tuple[RunResult, ScoreCard]:
    result = fast.run(design, challenge, seed, mode=mode, requests_limit=requests_limit)
    card = score(design, challenge, result)
    doubted = any(r.uncertain for r in card.requirements)
    if doubted and mode == "auto" and refusal(estimate(challenge, requests_limit)) is None:
        result = simulate(design, challenge, seed, requests_limit=requests_limit)
        card = score(design, challenge, result)
    return result, card
