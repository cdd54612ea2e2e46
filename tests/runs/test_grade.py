"""A grade: passed only at every seed, the median score, the spread, the worst seed, a digest
over the seed set; and `playground run` over the seed set."""

from __future__ import annotations

import json
from statistics import median

from playground.cli import main
from playground.design import bundled
from playground.runs.executors import SerialExecutor
from playground.runs.plan import grade_all
from playground.runs.seeds import grading_seeds

from .helpers import entry


def test_a_grade_is_the_median_of_its_seeds_and_passes_only_if_every_seed_does():
    e = entry("slow-side-effects", "starters")
    grade = grade_all([e], SerialExecutor())[0]
    overall = [r.overall for r in grade.rows]
    assert grade.overall == round(median(overall), 1)
    assert grade.spread == (round(min(overall), 1), round(max(overall), 1))
    assert grade.passed is all(r.passed for r in grade.rows) is False
    assert grade.worst.overall == min(r.overall for r in grade.rows if not r.passed)
    card = grade.to_dict()
    assert [s["seed"] for s in card["seeds"]] == list(grading_seeds(e.challenge))
    assert card["worst"]["seed"] == grade.worst.seed and card["seed"] is None
    for r in card["requirements"]:
        assert r["passed"] == (r["seeds_passed"] == r["seeds"] == 5)


def test_the_digest_covers_the_seed_set():
    e = entry("slow-side-effects")
    five = grade_all([e], SerialExecutor())[0]
    fewer = e.challenge.model_copy(update={"grading_seeds": 3})
    from dataclasses import replace

    three = grade_all([replace(e, challenge=fewer)], SerialExecutor())[0]
    assert three.seeds == five.seeds[:3]
    assert three.digest != five.digest
    from playground.runs.grade import grade_digest

    assert grade_digest(five.digests, five.seeds[:3]) != five.digest  # the seeds alone move it


def test_run_json_has_the_grade_and_every_seeds_result(capsys):
    design = str(bundled.challenges_dir() / "solutions/slow-side-effects.yaml")
    code = main(["run", design, "-c", "slow-side-effects", "--json", "--executor", "serial"])
    data = json.loads(capsys.readouterr().out)
    assert code == 0 and data["passed"]
    runs = data["runs"]
    assert [r["seed"] for r in runs] == [s["seed"] for s in data["seeds"]]
    assert [r["seed_index"] for r in runs] == [0, 1, 2, 3, 4]
    for r in runs:
        assert r["requests"]["total"] > 0 and "latency_ms" in r and "scores" in r
    one = main(["run", design, "-c", "slow-side-effects", "--json", "--seed", str(runs[2]["seed"])])
    single = json.loads(capsys.readouterr().out)
    assert one == 0 and single["requests"] == runs[2]["requests"] and single["scores"] == runs[2]["scores"]


def test_run_shows_the_worst_seed_and_the_grade(capsys):
    design = str(bundled.challenges_dir() / "starters/slow-side-effects.yaml")
    assert main(["run", design, "-c", "slow-side-effects"]) == 1
    out = capsys.readouterr().out
    assert "(the worst of 5)" in out and "median of 5 seeds" in out and "5 seeds · digest" in out
