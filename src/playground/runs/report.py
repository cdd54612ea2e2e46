"""What a grade of many submissions found, as data: one entry per submission x challenge.

The report holds nothing that depends on how it was made (no wall time, no worker, no order of
finishing): the same class graded serially, on a pool or on a cluster gives the same bytes.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from typing import Any

from playground.design.problems import Problem
from playground.runs.grade import Grade


@dataclass(frozen=True)
class Graded:
    submission: str
    challenge_id: str
    challenge_title: str
    grade: Grade | None
    """None when the submission could not be graded (`problems` say why)."""
    problems: tuple[Problem, ...] = ()

    @property
    def passed(self) -> bool:
        return self.grade is not None and self.grade.passed

    @property
    def score(self) -> float:
        return self.grade.overall if self.grade is not None else 0.0

    def why(self) -> list[str]:
        """One line per reason it did not pass: a problem, or each failing seed's requirements."""
        if self.grade is None:
            return [_problem_line(p) for p in self.problems] or ["not graded"]
        out = []
        for row in self.grade.rows:
            failed = self.grade.failed(row)
            if failed:
                out.append(f"seed {row.seed}: " + "; ".join(failed))
        return out

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"submission": self.submission, "challenge": self.challenge_id,
                               "challenge_title": self.challenge_title, "passed": self.passed,
                               "score": self.score}
        if self.grade is None:
            out["problems"] = [_problem_line(p) for p in self.problems]
        else:
            out["card"] = self.grade.to_dict()
        return out


def _problem_line(p: Problem) -> str:
    where = p.where
    path = f"{p.path}: " if p.path else ""
    hint = f" ({p.hint})" if p.hint else ""
    return f"{where}: {path}{p.message}{hint}"


def summary(graded: list[Graded]) -> dict[str, Any]:
    passed = sum(1 for g in graded if g.passed)
    return {"submissions": len({g.submission for g in graded}), "graded": len(graded),
            "passed": passed, "failed": len(graded) - passed}


def json_report(graded: list[Graded], engine_version: str) -> str:
    """`playground grade --json`: the summary, then every submission's grade with its card."""
    data = {"engine_version": engine_version, **summary(graded),
            "results": [g.to_dict() for g in graded]}
    return standard_json(data)


def standard_json(data: Any) -> str:
    """JSON as the standard has it: a number that is not finite is written null (no reader
    takes `NaN` or `Infinity`)."""
    try:
        return json.dumps(data, indent=2, ensure_ascii=False, allow_nan=False) + "\n"
    except ValueError:
        return json.dumps(_finite(data), indent=2, ensure_ascii=False, allow_nan=False) + "\n"


def _finite(data: Any) -> Any:
    if isinstance(data, float) and not math.isfinite(data):
        return None
    if isinstance(data, dict):
        return {k: _finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [_finite(v) for v in data]
    return data
