"""The command line given hostile input (issue 19.4, 19.6, 19.13, 19.16, 19.17): a located
message and exit 2, never a traceback, nothing that drives the terminal."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from playground.cli import main
from playground.design import bundled
from playground.design.share import encode_share

STARTER = (bundled.challenges_dir() / "starters" / "first-crud.yaml").read_text()
"""A design without physics fields, so it runs in a challenge that owns its world."""
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, name: str, text: str) -> str:
    path = tmp_path / name
    path.write_text(text)
    return str(path)


@pytest.mark.parametrize("command", [["cost"], ["run", "-c", "first-crud", "--requests-limit", "300"],
                                     ["diagram"]])
def test_markup_in_a_name_is_printed_as_written(capsys, tmp_path, command) -> None:
    """19.4: `name: "st[/]arter"` crashed cost and run with a MarkupError."""
    design = write(tmp_path, "d.yaml", STARTER.replace("name: first-crud-start", 'name: "st[/]arter [bold]x"'))
    code, out, err = run(capsys, command[0], design, *command[1:])
    assert code in (0, 1) and "Traceback" not in err
    if command[0] == "cost":
        assert "st[/]arter [bold]x: monthly cost" in out


def test_a_location_on_line_100_is_not_an_emoji(capsys, tmp_path) -> None:
    """19.4: rich turned `:100:` into 💯, so `design.yaml:100:5` printed as `design.yaml💯5`."""
    text = STARTER + "\n" * (99 - STARTER.count("\n")) + "bogus: 1\n"
    assert text.splitlines()[99] == "bogus: 1"
    design = write(tmp_path, "d.yaml", text)
    code, out, _ = run(capsys, "validate", design)
    assert code == 2
    assert f"{design}:100:1: bogus: is not a known field" in out and "💯" not in out


def test_unknown_keys_and_shared_lines_cannot_drive_the_terminal(capsys, tmp_path) -> None:
    """19.16: an escape sequence in a key name reached the terminal raw."""
    design = write(tmp_path, "d.yaml", STARTER + '"\\e[2J\\e]0;owned\\a": 1\n')
    code, out, err = run(capsys, "validate", design)
    assert code == 2 and not CONTROL.search(out + err)
    assert "\\x1b[2J\\x1b]0;owned\\x07: is not a known field" in out
    code, out, err = run(capsys, "share", "--decode", encode_share("name: x\x1b[2J\n"))
    assert code == 0 and out == "name: x\\x1b[2J\n" and not CONTROL.search(out + err)
    code, out, err = run(capsys, "validate", str(tmp_path / "no\x1b[31mfile.yaml"))
    assert code == 2 and "no\\x1b[31mfile.yaml: no such file" in out and not CONTROL.search(out + err)


def test_a_rate_that_overflows_the_bill_is_refused_not_printed_as_infinity(capsys) -> None:
    """19.17: `--rps ID=1.7e308 --json` printed `Infinity`, which is not JSON."""
    design = str(bundled.designs_dir() / "payments.yaml")
    code, out, err = run(capsys, "cost", design, "--rps", "payments=1.7e308", "--json")
    assert code == 2 and out == ""
    assert "expected ID=RATE with a rate from 0 to 1,000,000" in err
    code, out, _ = run(capsys, "cost", design, "--rps", "payments=1000000", "--json")
    assert code == 0 and json.loads(out)["monthly_usd"] > 0


@pytest.mark.parametrize("limit", ["-5", "0", "many"])
def test_a_requests_limit_below_one_is_refused(capsys, limit) -> None:
    """19.17: `run --requests-limit -5` ran the whole challenge."""
    with pytest.raises(SystemExit) as caught:
        main(["run", str(bundled.challenges_dir() / "starters" / "first-crud.yaml"), "-c", "first-crud",
              "--requests-limit", limit])
    assert caught.value.code == 2
    assert "--requests-limit" in capsys.readouterr().err


def test_validate_exits_2_for_an_invalid_file_and_0_for_valid_ones(capsys, tmp_path) -> None:
    """1 is kept for one thing only: a run whose requirements failed."""
    good = str(bundled.designs_dir() / "starter.yaml")
    bad = write(tmp_path, "bad.yaml", "name: x\n")
    assert run(capsys, "validate", good)[0] == 0
    code, out, _ = run(capsys, "validate", good, bad)
    assert code == 2 and "1 of 2 valid" in out


def test_a_run_too_big_to_finish_is_refused_at_its_traffic(capsys, tmp_path) -> None:
    """19.13: a valid challenge of 86 million requests would run for hours; the estimate
    refuses it, pointing at its traffic and saying what to lower."""
    text = (bundled.challenges_dir() / "first-crud.yaml").read_text()
    big = write(tmp_path, "big.yaml", text.replace(
        "- {duration_s: 30, rps: 300, ramp_s: 5}", "- {duration_s: 80000, rps: 1000, ramp_s: 5}"))
    design = str(bundled.challenges_dir() / "starters" / "first-crud.yaml")
    code, out, err = run(capsys, "run", design, "-c", big, "--json")
    assert code == 2 and out == ""
    line = text.splitlines().index("  phases:") + 2  # the first phase
    assert err.startswith(f"{big}:{line}:5: traffic: the run would make up to 79,998,750 attempts "
                          "(79,998,750 requests x 1 attempt each); at most 20,000,000")
    assert "--requests-limit 20000000" in err
    code, out, _ = run(capsys, "run", design, "-c", big, "--json", "--requests-limit", "2000")
    assert code in (0, 1) and [r["requests"]["total"] for r in json.loads(out)["runs"]] == [2000] * 5


def test_json_output_never_holds_infinity_or_nan(capsys) -> None:
    from playground.cli.common import Output

    Output().json({"a": float("inf"), "b": [1.5, float("nan")], "c": {"d": -float("inf")}})
    assert json.loads(capsys.readouterr().out) == {"a": None, "b": [1.5, None], "c": {"d": None}}


def test_a_bug_is_one_line_and_exit_70_not_a_traceback_or_1(capsys, monkeypatch) -> None:
    """Item 3's crash exited 1, the status of failed requirements, with a traceback."""
    from playground import fast

    def broken(*args: object, **kw: object) -> None:
        raise RecursionError("maximum recursion depth exceeded")

    # every run goes through the fast mode's choice: one seed in this process, every seed in a
    # serial worker, whose bug reaches the command
    monkeypatch.setattr(fast, "simulate", broken)
    monkeypatch.delenv("PLAYGROUND_DEBUG", raising=False)
    design = str(bundled.challenges_dir() / "starters" / "first-crud.yaml")
    for how in (["--seed", "1"], ["--executor", "serial"]):
        code, out, err = run(capsys, "run", design, "-c", "first-crud", *how)
        assert code == 70 and out == ""
        assert err == ("error: internal error: RecursionError: maximum recursion depth exceeded. This is "
                       "a bug in playground; PLAYGROUND_DEBUG=1 shows where it happened.\n")
    monkeypatch.setenv("PLAYGROUND_DEBUG", "1")
    with pytest.raises(RecursionError):
        main(["run", design, "-c", "first-crud", "--seed", "1"])

