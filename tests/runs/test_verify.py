"""`playground verify`: a claim holds when run again, and one changed in any part does not."""

from __future__ import annotations

import json

from playground.cli import main
from playground.design import bundled
from playground.runs.claims import Claim, read_claims
from playground.runs.executors import SerialExecutor
from playground.runs.plan import grade_all

from .helpers import entry


def claim_line(tmp_path, **changes) -> str:
    e = entry("slow-side-effects")
    grade = grade_all([e], SerialExecutor())[0]
    data = {**Claim.of(grade, e.design_text, "slow-side-effects").to_dict(), **changes}
    path = tmp_path / "claim.json"
    path.write_text(json.dumps(data) + "\n")
    return str(path)


def verdict(capsys, path: str) -> tuple[int, dict]:
    code = main(["verify", path, "--executor", "serial", "--json"])
    return code, json.loads(capsys.readouterr().out)[0]


def test_a_true_claim_holds(tmp_path, capsys):
    code, v = verdict(capsys, claim_line(tmp_path))
    assert code == 0 and v["holds"] and v["reasons"] == []


def test_a_higher_score_does_not_hold(tmp_path, capsys):
    code, v = verdict(capsys, claim_line(tmp_path, score=50.0))
    assert code == 1 and not v["holds"] and "not 50.0" in v["reasons"][0]


def test_a_claim_of_another_seed_set_or_digest_does_not_hold_without_a_run(tmp_path, capsys):
    code, v = verdict(capsys, claim_line(tmp_path, seeds=[1, 2, 3, 4, 5]))
    assert code == 1 and any("graded at" in r for r in v["reasons"]) and "score" not in v
    code, v = verdict(capsys, claim_line(tmp_path, digest="000000000000"))
    assert code == 1 and "digest" in v["reasons"][0]


def test_a_claim_of_another_engine_is_not_checked_here(tmp_path, capsys):
    code, v = verdict(capsys, claim_line(tmp_path, engine_version="1.0"))
    assert code == 1 and v["checkable"] is False and "engine 1.0" in v["reasons"][0]


def test_a_claim_given_on_the_command_line(capsys):
    design = str(bundled.challenges_dir() / "solutions/slow-side-effects.yaml")
    e = entry("slow-side-effects")
    grade = grade_all([e], SerialExecutor())[0]
    argv = ["verify", design, "-c", "slow-side-effects", "--digest", grade.digest, "--executor", "serial"]
    assert main([*argv, "--score", str(grade.overall)]) == 0
    assert "holds" in capsys.readouterr().out
    assert main([*argv, "--score", str(grade.overall + 1)]) == 1


def test_a_malformed_claims_file_is_exit_2_naming_the_line(tmp_path, capsys):
    bad = tmp_path / "board.jsonl"
    bad.write_text('{"design": "pg1:x"}\nnot json\n')
    assert main(["verify", str(bad)]) == 2
    assert "board.jsonl:1: missing challenge" in capsys.readouterr().err


def test_claims_round_trip_through_their_json_lines(tmp_path):
    line = (tmp_path / "c.jsonl")
    e = entry("slow-side-effects")
    grade = grade_all([e], SerialExecutor())[0]
    claim = Claim.of(grade, e.design_text, "slow-side-effects")
    line.write_text(json.dumps(claim.to_dict()) + "\n" + json.dumps(claim.to_dict()) + "\n")
    assert read_claims(line.read_text(), "c.jsonl") == [claim, claim]
