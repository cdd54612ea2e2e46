"""A claim ("this design scores 97.2 on replica-lag"), and whether it holds when run again.

A claim names everything its score depends on: the design (as a share line, so it travels in
one line of text), the challenge, the seed set, the engine version, the digest over all four,
and the score and verdict. `playground grade --leaderboard` writes one claim per line;
`playground verify` reads them back and runs each again.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from playground.core import ENGINE_VERSION
from playground.design.challenge import Challenge
from playground.design.model import Design
from playground.design.share import encode_share
from playground.runs.grade import Grade, grade_digest
from playground.runs.seeds import grading_seeds
from playground.scoring.card import digests

FIELDS = ("design", "challenge", "seeds", "engine_version", "digest", "score", "passed")
TOLERANCE = 0.05
"""A score is given to 0.1: a re-run agrees when it rounds to the same tenth."""


class ClaimError(ValueError):
    """A claim that is not one: the message names the field."""


@dataclass(frozen=True)
class Claim:
    design: str
    """A share line (`pg1:...`) carrying the design's YAML text."""
    challenge: str
    """A pack challenge's id, or a challenge file's path."""
    seeds: tuple[int, ...]
    engine_version: str
    digest: str
    score: float
    passed: bool | None
    """None when the claim names a score only."""
    submission: str = ""
    """Who or what made it (a file's name in a graded folder); not checked."""

    @classmethod
    def of(cls, grade: Grade, design_text: str, challenge_ref: str) -> Claim:
        return cls(encode_share(design_text), challenge_ref, grade.seeds, grade.engine_version, grade.digest,
                   grade.overall, grade.passed, grade.submission)

    @classmethod
    def from_dict(cls, data: Any, where: str = "claim") -> Claim:
        if not isinstance(data, dict):
            raise ClaimError(f"{where}: expected a JSON object with {', '.join(FIELDS)}")
        missing = [k for k in FIELDS if k not in data]
        if missing:
            raise ClaimError(f"{where}: missing {', '.join(missing)}")
        try:
            seeds = tuple(int(s) for s in data["seeds"])
            score = float(data["score"])
        except (TypeError, ValueError):
            raise ClaimError(f"{where}: seeds must be a list of whole numbers and score a number") from None
        if not all(isinstance(data[k], str) for k in ("design", "challenge", "engine_version", "digest")):
            raise ClaimError(f"{where}: design, challenge, engine_version and digest must be text")
        passed = data["passed"]
        if passed is not None and not isinstance(passed, bool):
            raise ClaimError(f"{where}: passed must be true, false or null")
        return cls(data["design"], data["challenge"], seeds, data["engine_version"], data["digest"], score,
                   passed, str(data.get("submission", "")))

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"submission": self.submission} if self.submission else {}
        return {**out, "challenge": self.challenge, "score": self.score, "passed": self.passed,
                "seeds": list(self.seeds), "engine_version": self.engine_version, "digest": self.digest,
                "design": self.design}


def read_claims(text: str, file: str) -> list[Claim]:
    """One claim per line (JSON Lines, as `grade --leaderboard` writes), or one JSON object."""
    stripped = text.strip()
    if stripped.startswith("{") and "\n{" not in stripped:
        try:
            return [Claim.from_dict(json.loads(stripped), file)]
        except json.JSONDecodeError:
            pass
    claims = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            data = json.loads(line)
        except json.JSONDecodeError as e:
            raise ClaimError(f"{file}:{n}: not a JSON object ({e.msg})") from None
        claims.append(Claim.from_dict(data, f"{file}:{n}"))
    return claims


def leaderboard(claims: list[Claim]) -> str:
    """JSON Lines, best score first (ties in the order given)."""
    ranked = sorted(claims, key=lambda c: -c.score)
    return "".join(json.dumps(c.to_dict(), ensure_ascii=False) + "\n" for c in ranked)


@dataclass(frozen=True)
class Verdict:
    claim: Claim
    holds: bool
    reasons: tuple[str, ...] = field(default=())
    """Why it does not hold (or could not be checked); empty when it holds."""
    grade: Grade | None = None
    checkable: bool = True

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"submission": self.claim.submission, "challenge": self.claim.challenge,
                               "claimed_score": self.claim.score, "holds": self.holds,
                               "checkable": self.checkable, "reasons": list(self.reasons)}
        if self.grade is not None:
            out.update(score=self.grade.overall, passed=self.grade.passed, digest=self.grade.digest)
        return out


def precheck(claim: Claim, design: Design, challenge: Challenge) -> list[str]:
    """What rules a claim out before anything is run: another engine, another seed set, or a
    digest this design, challenge and engine do not give."""
    if claim.engine_version != ENGINE_VERSION:
        return [f"made with engine {claim.engine_version}; this is engine {ENGINE_VERSION}, whose "
                "results differ by design: check it with that version"]
    reasons = []
    seeds = grading_seeds(challenge)
    if claim.seeds != seeds:
        reasons.append(f"claims seeds {_seeds(claim.seeds)}; the challenge is graded at {_seeds(seeds)}")
    here = grade_digest(digests(design, challenge, ENGINE_VERSION), seeds)
    if claim.digest != here:
        reasons.append(f"the digest here is {here}, the claim says {claim.digest}: the design, the "
                       "challenge or the seed set is not the one claimed")
    return reasons


def judge(claim: Claim, grade: Grade) -> Verdict:
    reasons = []
    if abs(grade.overall - claim.score) > TOLERANCE:
        reasons.append(f"scores {grade.overall:.1f} when run again, not {claim.score:.1f}")
    if claim.passed is not None and grade.passed != claim.passed:
        reasons.append("passes" if grade.passed else
                       f"does not pass: {'; '.join(grade.failed(grade.worst))} at seed {grade.worst.seed}")
    return Verdict(claim, not reasons, tuple(reasons), grade)


def _seeds(seeds: tuple[int, ...]) -> str:
    return ", ".join(map(str, seeds))
