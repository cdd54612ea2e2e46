"""The command line as a person uses it: exit codes, located messages, machine-readable output."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from playground import __version__
from playground.cli import main
from playground.design import bundled


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_validate_every_shipped_file(capsys):
    files = [str(p) for p in bundled.design_files() + bundled.challenge_files()]
    code, out, _ = run(capsys, "validate", *files)
    assert code == 0 and f"{len(files)} of {len(files)} valid" in out


def test_validate_bad_file_prints_located_problem_and_exits_2(capsys, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("name: b\nentry: api\ncomponents:\n  - id: api\n    kind: service\n    instances: 0\n")
    code, out, err = run(capsys, "validate", str(bad))
    assert code == 2  # 1 is kept for a run whose requirements failed
    assert f"{bad}:6:16: components[0].instances: must be >= 1 (got 0)" in out  # `| grep` sees it
    assert "Traceback" not in out + err


def test_schema_is_json_with_every_kind(capsys):
    code, out, _ = run(capsys, "schema", "design")
    schema = json.loads(out)
    assert code == 0 and "Service" in schema["$defs"] and "Cache" in schema["$defs"]


def test_challenges_json_lists_the_pack(capsys):
    code, out, _ = run(capsys, "challenges", "--json")
    listed = json.loads(out)
    assert code == 0 and [c["id"] for c in listed] == [p.stem for p in bundled.challenge_files()]
    assert all(c["title"] and c["teaches"] and c["time_limit_min"] > 0 for c in listed)


@pytest.mark.parametrize(("fmt", "marker"), [("mermaid", "flowchart LR"), ("dot", "digraph")])
def test_diagram_formats(capsys, fmt, marker):
    path = bundled.designs_dir() / "read-replicas.yaml"
    code, out, _ = run(capsys, "diagram", str(path), "--format", fmt)
    assert code == 0 and out.startswith(marker)
    assert "replica-1" in out and "replicates" in out


def test_unknown_challenge_suggests_the_near_miss(capsys):
    from playground.cli.common import CliFailure, Output, load_challenge_ref

    with pytest.raises(CliFailure) as failure:
        load_challenge_ref(Output(), "first-crd")
    assert failure.value.code == 2
    assert "did you mean first-crud?" in capsys.readouterr().err


def test_version_and_module_entry_point():
    done = subprocess.run([sys.executable, "-m", "playground", "--version"],
                          capture_output=True, text=True, check=True)
    assert done.stdout.strip() == f"playground {__version__}"
    helped = subprocess.run([sys.executable, "-m", "playground", "validate", "--help"],
                            capture_output=True, text=True, check=True)
    assert "file:line:col" in helped.stdout


@pytest.mark.parametrize("command", ["run", "open"])
def test_a_damaged_share_line_is_named_as_such(capsys, command):
    argv = [command, "pg1:cut-off!", *(["--challenge", "first-crud"] if command == "run" else [])]
    code, _, err = run(capsys, *argv)
    assert code == 2 and "<shared design>" in err and "no such file" not in err
