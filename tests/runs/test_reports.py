"""`playground grade`'s reports: JUnit XML valid against the JUnit schema, Gradescope's
results.json with the fields its docs describe, JSON, and the exit status."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import xmlschema

from playground.cli import main
from playground.design import bundled
from playground.design.share import encode_share

SCHEMA = Path(__file__).parent / "schemas" / "junit-10.xsd"

# Gradescope autograder "Output format" (gradescope-autograders.readthedocs.io/en/latest/specs/)
TOP_FIELDS = {"score", "execution_time", "output", "output_format", "test_output_format", "test_name_format",
              "visibility", "stdout_visibility", "extra_data", "tests", "leaderboard"}
TEST_FIELDS = {"score", "max_score", "status", "name", "name_format", "number", "output", "output_format",
               "tags", "visibility", "extra_data"}
VISIBILITY = {"hidden", "after_due_date", "after_published", "visible"}


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict[str, object]:
    """A class of five on slow-side-effects: a pass, a fail, a share line, a broken file, and a
    design in a subfolder; graded serially, its reports kept."""
    folder = tmp_path_factory.mktemp("class")
    pack = bundled.challenges_dir()
    (folder / "ana.yaml").write_text((pack / "solutions/slow-side-effects.yaml").read_text())
    (folder / "ben.yaml").write_text((pack / "starters/slow-side-effects.yaml").read_text())
    (folder / "cleo.txt").write_text(encode_share((pack / "solutions/slow-side-effects.yaml").read_text()) + "\n")
    (folder / "dan.yaml").write_text("name: [unclosed\n")
    (folder / "eve").mkdir()
    (folder / "eve" / "design.yml").write_text((pack / "starters/slow-side-effects.yaml").read_text())
    (folder / "notes.md").write_text("not a submission\n")
    out = folder.parent / f"{folder.name}-out"
    out.mkdir()
    code = main(["grade", str(folder), "-c", "slow-side-effects", "--executor", "serial",
                 "--junit", str(out / "junit.xml"), "--gradescope", str(out / "results.json"),
                 "--leaderboard", str(out / "board.jsonl")])
    return {"code": code, "out": out, "folder": folder}


def test_grade_exits_1_unless_every_submission_passes(graded):
    assert graded["code"] == 1


def test_the_junit_report_is_valid_against_the_junit_schema(graded):
    xml = Path(graded["out"]) / "junit.xml"  # type: ignore[arg-type]
    xmlschema.XMLSchema(str(SCHEMA)).validate(str(xml))
    root = ET.parse(xml).getroot()
    assert root.tag == "testsuites" and root.get("tests") == "5"
    assert (root.get("failures"), root.get("errors")) == ("2", "1")
    cases = {c.get("name"): c for c in root.iter("testcase")}
    assert set(cases) == {"ana.yaml", "ben.yaml", "cleo.txt", "dan.yaml", "eve/design.yml"}
    assert cases["ana.yaml"].find("failure") is None and cases["cleo.txt"].find("failure") is None
    assert "seed" in (cases["ben.yaml"].find("failure").text or "")  # type: ignore[union-attr]
    assert "not valid YAML" in cases["dan.yaml"].find("error").get("message")  # type: ignore[union-attr,operator]


def test_a_schema_that_the_report_breaks_is_caught():
    """The validation is real: a test case without its required name fails it."""
    bad = '<testsuites><testsuite name="x" tests="1" failures="0" errors="0"><testcase/></testsuite></testsuites>'
    assert not xmlschema.XMLSchema(str(SCHEMA)).is_valid(bad)


def test_the_gradescope_results_have_the_documented_fields(graded):
    data = json.loads((Path(graded["out"]) / "results.json").read_text())  # type: ignore[arg-type]
    assert set(data) <= TOP_FIELDS and data["visibility"] in VISIBILITY and data["stdout_visibility"] in VISIBILITY
    assert "score" not in data  # then every test carries one, and Gradescope totals them
    tests = data["tests"]
    assert len(tests) == 5
    for t in tests:
        assert set(t) <= TEST_FIELDS
        assert isinstance(t["score"], float | int) and isinstance(t["max_score"], float | int)
        assert 0 <= t["score"] <= t["max_score"]
        assert t["status"] in ("passed", "failed") and t["visibility"] in VISIBILITY
        assert isinstance(t["name"], str) and isinstance(t["output"], str) and isinstance(t["number"], str)
    status = {t["name"]: t["status"] for t in tests}
    assert status == {"slow-side-effects: ana.yaml": "passed", "slow-side-effects: ben.yaml": "failed",
                      "slow-side-effects: cleo.txt": "passed", "slow-side-effects: dan.yaml": "failed",
                      "slow-side-effects: eve/design.yml": "failed"}
    dan = next(t for t in tests if t["name"].endswith("dan.yaml"))
    assert dan["score"] == 0 and "not valid YAML" in dan["output"]


def test_the_leaderboard_holds_checkable_claims_best_first(graded, capsys):
    board = Path(graded["out"]) / "board.jsonl"  # type: ignore[arg-type]
    lines = [json.loads(line) for line in board.read_text().splitlines()]
    assert [c["submission"] for c in lines][:2] in (["ana.yaml", "cleo.txt"], ["cleo.txt", "ana.yaml"])
    assert [c["score"] for c in lines] == sorted((c["score"] for c in lines), reverse=True)
    assert main(["verify", str(board), "--executor", "serial", "--json"]) == 0
    verdicts = json.loads(capsys.readouterr().out)
    assert len(verdicts) == 4 and all(v["holds"] for v in verdicts)


def test_grade_json_has_every_grade_with_its_card(capsys):
    folder = bundled.challenges_dir() / "solutions"
    assert main(["grade", str(folder), "--pack", "--json", "--executor", "serial", "--requests-limit", "300"]) in (0, 1)
    data = json.loads(capsys.readouterr().out)
    assert data["graded"] == len(bundled.challenge_files())
    assert {r["challenge"] for r in data["results"]} == {p.stem for p in bundled.challenge_files()}
    card = data["results"][0]["card"]
    assert len(card["seeds"]) == 5 and set(card["spread"]) == {"min", "max"} and card["worst"]["seed"]


def test_grade_on_the_pack_names_a_file_that_matches_no_challenge(tmp_path, capsys):
    (tmp_path / "frist-crud.yaml").write_text((bundled.challenges_dir() / "solutions/first-crud.yaml").read_text())
    assert main(["grade", str(tmp_path), "--pack", "--json", "--executor", "serial"]) == 1
    result = json.loads(capsys.readouterr().out)["results"][0]
    assert result["passed"] is False and "first-crud" in result["problems"][0]


@pytest.mark.parametrize("argv", [["grade", "/no/such/folder", "-c", "first-crud"],
                                  ["grade", ".", "-c", "first-crud", "--executor", "threads"]])
def test_grade_refuses_what_it_cannot_grade_with_exit_2(argv, capsys, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "a.yaml").write_text((bundled.challenges_dir() / "solutions/first-crud.yaml").read_text())
    assert main(argv) == 2
    assert "Traceback" not in capsys.readouterr().err


def test_an_empty_folder_is_refused(tmp_path, capsys):
    assert main(["grade", str(tmp_path), "-c", "first-crud"]) == 2
    assert "no design file" in capsys.readouterr().err


def test_grade_and_search_refuse_a_challenge_too_big_to_run(tmp_path, capsys):
    text = (bundled.challenges_dir() / "first-crud.yaml").read_text()
    big = tmp_path / "big.yaml"
    big.write_text(text.replace("- {duration_s: 30, rps: 300, ramp_s: 5}", "- {duration_s: 80000, rps: 1000, ramp_s: 5}"))
    folder = tmp_path / "class"
    folder.mkdir()
    design = bundled.challenges_dir() / "solutions/first-crud.yaml"
    (folder / "a.yaml").write_text(design.read_text())
    assert main(["grade", str(folder), "-c", str(big)]) == 2
    assert "the run would make up to 79,998,750 attempts" in capsys.readouterr().err
    assert main(["search", str(design), "-c", str(big), "--vary", "api.instances=1..2"]) == 2
    assert "at most 20,000,000" in capsys.readouterr().err
