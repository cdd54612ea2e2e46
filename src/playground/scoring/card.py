"""The score card: four scores and an overall one, requirements, findings, cost, and what it
takes to reproduce them (seed, digest of design, challenge and engine version)."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from playground.design.challenge import Challenge
from playground.design.model import Design
from playground.scoring.cost import Cost
from playground.scoring.findings import Finding
from playground.scoring.measure import RequirementResult

EXIT_PASSED, EXIT_FAILED, EXIT_INVALID = 0, 1, 2


@dataclass(frozen=True)
class CategoryScore:
    name: str
    score: float | None
    """None when the challenge gives nothing to judge it by (cost without a budget)."""
    weight: float
    basis: tuple[str, ...]
    """Names of the requirements that decided it (the worst of them sets the score)."""


@dataclass(frozen=True)
class Digests:
    design: str
    challenge: str
    engine_version: str

    @property
    def combined(self) -> str:
        return _short(f"{self.design}:{self.challenge}:{self.engine_version}")


@dataclass(frozen=True)
class Observed:
    """An anomaly the run had: how many, the share of the operations it struck, and whether a
    requirement of the challenge (its own or a default) grades it. A card shows them all, so a
    pass cannot hide what no requirement asks about."""

    anomaly: str
    count: int
    rate: float
    graded: bool

    def to_dict(self) -> dict[str, Any]:
        return {"anomaly": self.anomaly, "count": self.count, "rate": round(self.rate, 6), "graded": self.graded}


@dataclass(frozen=True)
class ScoreCard:
    design: str
    challenge: str
    categories: tuple[CategoryScore, ...]
    overall: float
    requirements: tuple[RequirementResult, ...]
    passed: bool
    findings: tuple[Finding, ...]
    cost: Cost
    seed: int
    digests: Digests
    observed: tuple[Observed, ...] = ()
    degraded: dict[str, int] | None = None
    """Per operation, answers a fallback degraded (None: the design has no fallback)."""
    approximated: str | None = None
    """What a fast run approximated, in a sentence (None: simulated exactly)."""
    horizon: dict[str, Any] | None = None
    """The long horizon of failures, as the result has it (None: the challenge asks for none)."""

    @property
    def digest(self) -> str:
        return self.digests.combined

    @property
    def scores(self) -> dict[str, float | None]:
        out: dict[str, float | None] = {
            c.name: None if c.score is None else round(c.score, 1) for c in self.categories
        }
        out["overall"] = round(self.overall, 1)
        return out

    def category(self, name: str) -> CategoryScore:
        return next(c for c in self.categories if c.name == name)

    def to_dict(self) -> dict[str, Any]:
        """The card as data; its keys join the engine's in `playground run --json`."""
        return {
            "scores": self.scores,
            "weights": {c.name: c.weight for c in self.categories},
            "basis": {c.name: list(c.basis) for c in self.categories},
            "requirements": [r.to_dict() for r in self.requirements if not r.implicit],
            "defaults": [r.to_dict() for r in self.requirements if r.implicit],
            "passed": self.passed,
            "findings": [f.to_dict() for f in self.findings],
            "observed_anomalies": [o.to_dict() for o in self.observed],  # the engine's own key is `anomalies`
            **({"degraded": dict(self.degraded)} if self.degraded is not None else {}),
            **({"approximated": self.approximated} if self.approximated is not None else {}),
            **({"horizon": dict(self.horizon)} if self.horizon is not None else {}),
            "cost": self.cost.to_dict(),
            "seed": self.seed,
            "engine_version": self.digests.engine_version,
            "digest": self.digest,
            "digests": {"design": self.digests.design, "challenge": self.digests.challenge},
            "design_name": self.design,
            "challenge_title": self.challenge,
        }


def exit_code(card: ScoreCard) -> int:
    """`playground run`'s status: 0 when every requirement passes, 1 when any fails (2, invalid
    input, is decided before there is a card)."""
    return EXIT_PASSED if card.passed else EXIT_FAILED


def digests(design: Design, challenge: Challenge, engine_version: str) -> Digests:
    """Digests of the models, not the files: comments, key order and short forms do not change
    them, so a design shared as a line digests like the file it came from."""
    return Digests(_model_digest(design), _model_digest(challenge), engine_version)


def _model_digest(model: Design | Challenge) -> str:
    return _short(json.dumps(model.model_dump(mode="json"), sort_keys=True, separators=(",", ":")))


def _short(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]
