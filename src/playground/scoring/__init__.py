"""Scoring a run against its challenge's requirements, and what a design costs."""

from playground.scoring.card import EXIT_FAILED, EXIT_INVALID, EXIT_PASSED, ScoreCard, exit_code
from playground.scoring.cost import Cost, monthly_cost
from playground.scoring.decided import decided_run
from playground.scoring.score import score

__all__ = [
    "EXIT_FAILED",
    "EXIT_INVALID",
    "EXIT_PASSED",
    "Cost",
    "ScoreCard",
    "decided_run",
    "exit_code",
    "monthly_cost",
    "score",
]
