"""A design's grade on a challenge over its seed set: passed only if every seed passed, scored by
the median, with the spread and the worst seed, and a digest that names the seed set.

The card's details (requirements, findings, cost) are the worst seed's: that is the run a
person must fix. Each requirement also says at how many seeds it held, and it holds only if it
held at every one.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from statistics import median
from typing import Any

from playground.design.challenge import Challenge
from playground.design.model import Design
from playground.runs.row import Row
from playground.scoring.card import Digests, digests

CATEGORIES = ("consistency", "latency", "availability", "cost")


def grade_digest(d: Digests, seeds: tuple[int, ...]) -> str:
    """12 hex digits over the design, the challenge, the engine version and the seed set."""
    text = f"{d.design}:{d.challenge}:{d.engine_version}:{','.join(map(str, seeds))}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:12]


@dataclass(frozen=True)
class Grade:
    submission: str
    """What is graded: a file's path within the folder, or the design's name."""
    challenge_id: str
    design_name: str
    challenge_title: str
    digests: Digests
    seeds: tuple[int, ...]
    rows: tuple[Row, ...]
    """One per seed, in the seed set's order."""

    @classmethod
    def of(cls, submission: str, challenge_id: str, design: Design, challenge: Challenge,
           seeds: tuple[int, ...], rows: tuple[Row, ...]) -> Grade:
        ordered = tuple(sorted(rows, key=lambda r: r.seed_index))
        engine = ordered[0].engine_version if ordered else ""
        return cls(submission, challenge_id, design.name, challenge.title,
                   digests(design, challenge, engine), seeds, ordered)

    @property
    def passed(self) -> bool:
        return bool(self.rows) and all(r.passed for r in self.rows)

    @property
    def overall(self) -> float:
        """The median of the seeds' overall scores, to 0.1."""
        return round(median(r.overall for r in self.rows), 1) if self.rows else 0.0

    @property
    def spread(self) -> tuple[float, float]:
        scores = [r.overall for r in self.rows] or [0.0]
        return round(min(scores), 1), round(max(scores), 1)

    @property
    def worst(self) -> Row:
        """A failing seed before a passing one, then the lowest score, then the first."""
        return min(self.rows, key=lambda r: (r.passed, r.overall, r.seed_index))

    @property
    def digest(self) -> str:
        return grade_digest(self.digests, self.seeds)

    @property
    def engine_version(self) -> str:
        return self.digests.engine_version

    def scores(self) -> dict[str, float | None]:
        cards = [r.card for r in self.rows]
        out: dict[str, float | None] = {}
        for name in CATEGORIES:
            values = [c["scores"][name] for c in cards if c["scores"].get(name) is not None]
            out[name] = round(median(values), 1) if values else None
        out["overall"] = self.overall
        return out

    def failed(self, row: Row) -> list[str]:
        """Names of the requirements a seed's run failed."""
        return [r["name"] for r in row.card["requirements"] if not r["passed"]]

    def requirements(self, worst: dict[str, Any]) -> list[dict[str, Any]]:
        """The worst seed's requirements, each passed only if it passed at every seed."""
        cards = [r.card for r in self.rows]
        out = []
        for i, req in enumerate(worst.get("requirements", [])):
            mine = [c["requirements"][i] for c in cards if i < len(c["requirements"])]
            held = sum(1 for r in mine if r["passed"])
            doubt = {"uncertain": True} if any(r.get("uncertain") for r in mine) else {}  # at any seed
            out.append({**req, "passed": held == len(cards), "seeds_passed": held, "seeds": len(cards), **doubt})
        return out

    def seed_lines(self) -> list[dict[str, Any]]:
        out = []
        for row in self.rows:
            out.append({"index": row.seed_index, "seed": row.seed, "overall": round(row.overall, 1),
                        "passed": row.passed, "failed": self.failed(row)})
        return out

    def to_dict(self) -> dict[str, Any]:
        """The grade's card: ScoreCard.to_dict()'s keys (scores the medians, details the worst
        seed's), and `seeds`, `spread` and `worst` for the seed set."""
        worst = self.worst if self.rows else None
        card = worst.card if worst is not None else {}
        low, high = self.spread
        return {
            "scores": self.scores(),
            "weights": card.get("weights", {}),
            "basis": card.get("basis", {}),
            "requirements": self.requirements(card),
            "defaults": card.get("defaults", []),
            "passed": self.passed,
            "findings": card.get("findings", []),
            "observed_anomalies": card.get("observed_anomalies", []),
            **({"degraded": card["degraded"]} if "degraded" in card else {}),
            **({"approximated": card["approximated"]} if "approximated" in card else {}),
            **({"horizon": card["horizon"]} if "horizon" in card else {}),
            "cost": card.get("cost", {}),
            "seed": None,
            "engine_version": self.engine_version,
            "digest": self.digest,
            "digests": {"design": self.digests.design, "challenge": self.digests.challenge},
            "design_name": self.design_name,
            "challenge_title": self.challenge_title,
            "seeds": self.seed_lines(),
            "spread": {"min": low, "max": high},
            "worst": None if worst is None else {"index": worst.seed_index, "seed": worst.seed,
                                                 "overall": round(worst.overall, 1),
                                                 "failed": self.failed(worst)},
        }
