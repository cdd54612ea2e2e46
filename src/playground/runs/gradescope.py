"""A grade as Gradescope's autograder `results.json` (gradescope-autograders.readthedocs.io,
"Autograder Specifications": top-level `tests`, `output`, `visibility`, `stdout_visibility`; per
test `name`, `number`, `score`, `max_score`, `status`, `output`, `tags`, `extra_data`).

One test per submission x challenge, worth `max_score` points: its score is the median overall
score scaled to them, its status `passed` only if it passed at every seed. The top-level score
is left out, so Gradescope totals the tests. No `execution_time`: the file is the same
whichever executor made it.
"""

from __future__ import annotations

from typing import Any

from playground.runs.report import Graded, standard_json, summary

MAX_SCORE = 100.0


def results_json(graded: list[Graded], engine_version: str, max_score: float = MAX_SCORE) -> str:
    counts = summary(graded)
    tests = []
    for number, g in enumerate(graded, start=1):
        test: dict[str, Any] = {
            "name": f"{g.challenge_id}: {g.submission}",
            "number": str(number),
            "score": round(g.score / 100.0 * max_score, 2),
            "max_score": max_score,
            "status": "passed" if g.passed else "failed",
            "output": _output(g),
            "tags": [g.challenge_id],
            "visibility": "visible",
        }
        if g.grade is not None:
            test["extra_data"] = {"digest": g.grade.digest, "seeds": list(g.grade.seeds),
                                  "engine_version": g.grade.engine_version}
        tests.append(test)
    data = {
        "output": (f"Graded by playground (engine {engine_version}): {counts['passed']} of "
                   f"{counts['graded']} passed at every grading seed."),
        "visibility": "visible",
        "stdout_visibility": "hidden",
        "tests": tests,
    }
    return standard_json(data)


def _output(g: Graded) -> str:
    if g.grade is None:
        return "Not graded:\n" + "\n".join(g.why())
    low, high = g.grade.spread
    head = (f"{'Passed' if g.passed else 'Not passed'}: score {g.score:.1f} (median of "
            f"{len(g.grade.rows)} seeds, {low:.1f} to {high:.1f}); digest {g.grade.digest}")
    return "\n".join([head, *g.why()])
