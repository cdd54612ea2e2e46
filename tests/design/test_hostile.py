"""Unsafe or hostile YAML is refused with a message, never executed, never expanded."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

import playground
from playground.design import bundled
from playground.design.load import load_challenge_text, load_design, load_design_text
from playground.design.problems import LoadError
from playground.design.yamlio import MAX_BYTES


def problems_of(text: str) -> list[str]:
    with pytest.raises(LoadError) as caught:
        load_design_text(text, "h.yaml")
    return [str(p) for p in caught.value.problems]


def test_python_tags_are_refused_not_run(tmp_path):
    marker = tmp_path / "ran"
    text = f"name: !!python/object/apply:os.system ['touch {marker}']\n"
    (problem,) = problems_of(text)
    assert "h.yaml:1:7: tag 'tag:yaml.org,2002:python/object/apply:os.system' is not allowed" in problem
    assert not marker.exists()


def test_custom_tags_are_refused():
    assert "tag '!env' is not allowed" in problems_of("name: !env HOME\n")[0]


def test_alias_bomb_is_refused():
    lines = ['a0: &a0 ["x", "x", "x", "x", "x", "x", "x", "x", "x", "x"]']
    for i in range(1, 9):
        lines.append(f"a{i}: &a{i} [{', '.join(['*a' + str(i - 1)] * 10)}]")
    (problem,) = problems_of("\n".join(lines) + "\n")
    assert "expands to" in problem and "limit 30,000" in problem


def test_small_aliases_are_fine():
    text = """\
name: anchors
entry: api
components:
  - id: api
    kind: service
    service_time: &fast {distribution: deterministic, mean_ms: 2}
    calls: [db]
  - id: db
    kind: database
    read_time: *fast
"""
    assert load_design_text(text).model.component("db").read_time.mean_ms == 2


def test_duplicate_keys_are_all_reported():
    text = "name: a\nname: b\nentry: x\nentry: y\n"
    problems = problems_of(text)
    assert problems == [
        "h.yaml:2:1: duplicate key 'name' (it is already set on line 1)",
        "h.yaml:4:1: duplicate key 'entry' (it is already set on line 3)",
    ]


def test_deep_nesting_is_refused():
    assert "nesting is deeper than 100" in problems_of("a: " + "[" * 300 + "]" * 300 + "\n")[0]


def test_large_file_is_refused(tmp_path):
    big = tmp_path / "big.yaml"
    big.write_text("# " + "x" * MAX_BYTES + "\n")
    with pytest.raises(LoadError) as caught:
        load_design(big)
    assert "larger than 1,000,000 bytes" in str(caught.value)


@pytest.mark.parametrize("value", [".nan", ".inf", "-.inf", "1e400"])
def test_non_finite_numbers_are_refused(value):
    text = f"name: n\nentry: api\ncomponents:\n  - id: api\n    kind: service\n    service_time: {value}\n"
    (problem,) = problems_of(text)
    assert "h.yaml:6:19: components[0].service_time" in problem


def test_missing_file_and_binary_file(tmp_path):
    with pytest.raises(LoadError, match="no such file"):
        load_design(tmp_path / "nope.yaml")
    binary = tmp_path / "b.yaml"
    binary.write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(LoadError, match="not UTF-8"):
        load_design(binary)


# ------------------------------------------------------------------------------- issue 19, input


@pytest.mark.parametrize(("line", "where", "words"), [
    ("description: 2024-02-30", "h.yaml:2:14", "'2024-02-30' is not a real date or time"),
    ("description: 2024-13-01", "h.yaml:2:14", "'2024-13-01' is not a real date or time"),
    ("description: !!int abc", "h.yaml:2:14", "'abc' is not a whole number"),
    ("description: !!float x", "h.yaml:2:14", "'x' is not a number"),
    ("description: !!bool maybe", "h.yaml:2:14", "'maybe' is not true or false"),
    ("description: !!timestamp nope", "h.yaml:2:14", "'nope' is not a real date or time"),
])
def test_values_the_constructor_cannot_convert_are_located(line, where, words):
    """19.1: ruamel's constructor raises ValueError or KeyError for these; each is a problem."""
    (problem,) = problems_of(f"name: n\n{line}\nentry: api\ncomponents: []\n")
    assert problem.startswith(f"{where}: {words}")


def test_every_unconvertible_value_is_reported_at_once():
    text = "name: !!int abc\ndescription: 2024-02-30\nentry: !!bool maybe\n"
    assert [p.split(": ")[0] for p in problems_of(text)] == ["h.yaml:1:7", "h.yaml:2:14", "h.yaml:3:8"]


@pytest.mark.parametrize("depth", [101, 500, 5000, 50_000])
def test_nesting_of_any_depth_is_refused_before_the_composer_recurses(depth):
    """19.2: ruamel composes recursively; 500 levels overflowed the stack before our check ran."""
    (problem,) = problems_of("components: " + "[" * depth + "]" * depth + "\n")
    assert problem == "h.yaml:1:112: nesting is deeper than 100 levels"  # the 101st level


def test_the_deepest_nesting_allowed_loads_even_from_deep_inside_a_call_stack():
    def nested(frames: int) -> list[str]:
        if frames:
            return nested(frames - 1)
        return problems_of("description: " + "[" * 99 + "]" * 99 + "\n")

    assert any("description: must be text" in p for p in nested(300))  # parsed; the list refused


def test_a_control_character_is_one_located_line():
    """19.5: ruamel's ReaderError gives an offset and two lines; a person wants line:col."""
    (problem,) = problems_of("name: n\ndescription: a\x07b\n")
    assert problem == ("h.yaml:2:15: the character U+0007 is not allowed in YAML (remove it; inside "
                       "double quotes it can be written as an escape such as \\x07)")


def test_a_reused_anchor_is_a_located_warning_not_a_python_warning(recwarn):
    text = "name: &n one\ndescription: &n two\nentry: api\ncomponents:\n  - {id: api, kind: external}\n"
    loaded = load_design_text(text, "h.yaml")
    assert [str(w) for w in loaded.warnings] == [
        "h.yaml:2:14: warning: anchor &n is defined again (first on line 1) (aliases after this "
        "point mean this value; give each anchor its own name)"]
    assert not [w for w in recwarn if "Anchor" in type(w.message).__name__]


@pytest.mark.parametrize("value", ['"a\\e[2Jb"', '"x\\u202ey"', '"two\\nlines"'])
def test_names_with_control_characters_are_refused(value):
    """19.16: an escape sequence in a name would drive the terminal it is printed on."""
    (problem,) = problems_of(f"name: {value}\nentry: api\ncomponents:\n  - {{id: api, kind: external}}\n")
    assert problem.startswith("h.yaml:1:7: name: has the ") and "at position" in problem


def test_device_files_are_refused_without_reading_them():
    """19.12: /dev/zero reports a size of 0 and never ends; it is not a regular file."""
    with pytest.raises(LoadError, match="is not a regular file"):
        load_design("/dev/zero")


def test_a_fifo_is_refused_without_blocking(tmp_path):
    """19.12: opening a FIFO for reading waits for a writer, forever; run in a child with a
    time limit so that a regression fails instead of hanging the suite."""
    fifo = tmp_path / "design.yaml"
    os.mkfifo(fifo)
    src = Path(playground.__file__).resolve().parent.parent  # the checkout under test
    done = subprocess.run([sys.executable, "-m", "playground", "validate", str(fifo)],
                          capture_output=True, text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(src)})
    assert done.returncode == 2
    assert f"{fifo}: is not a regular file" in done.stdout  # validate's problems go to stdout


def test_validate_parses_each_file_once(monkeypatch, tmp_path, capsys):
    """19.14: validate read each file four times (twice to tell its kind, twice to load it)."""
    from ruamel.yaml import YAML

    from playground.cli import main

    calls: list[str] = []
    for name in ("compose", "load"):
        original = getattr(YAML, name)
        monkeypatch.setattr(YAML, name, lambda self, s, _o=original, _n=name: calls.append(_n) or _o(self, s))
    assert main(["validate", str(bundled.designs_dir() / "full-stack.yaml")]) == 0
    assert calls == ["compose"]


def test_a_file_of_a_million_bytes_is_refused_in_seconds(tmp_path):
    """19.14: 100,000 values took ten seconds to compose before the limit refused them."""
    big = tmp_path / "big.yaml"
    big.write_text("- 1\n" * 240_000)
    started = time.perf_counter()
    with pytest.raises(LoadError, match="more than 30,000 values"):
        load_design(big)
    assert time.perf_counter() - started < 8  # ~2 s here; before, 10 s and more


def test_a_challenge_without_traffic_is_still_read_as_a_challenge(tmp_path, capsys):
    """19.6: validate told a challenge from a design by `traffic:` alone."""
    from playground.cli import main

    text = (bundled.challenges_dir() / "first-crud.yaml").read_text()
    cut = tmp_path / "c.yaml"
    cut.write_text(text[: text.index("traffic:")])
    assert main(["validate", str(cut)]) == 2
    out = capsys.readouterr().out
    assert f"{cut}:2:1: traffic: is required but missing" in out
    assert "is not a known field" not in out


@pytest.mark.parametrize(("traffic", "where", "words"), [
    pytest.param("phases: [" + ", ".join(["{duration_s: 86400, rps: 0}"] * 100) + "]",
                 "c.yaml:3:11: traffic.phases", "the phases last 100.0 days together; at most 1.0 days",
                 id="a hundred days"),
    pytest.param("phases: [{duration_s: 10, rps: 1}]\n  client: {timeout_ms: 3600000, retries: 10, "
                 "backoff_ms: 3600000}",
                 "c.yaml:4:11: traffic.client", "a request could last 43.1 days", id="43 days of drain"),
])
def test_a_challenge_that_asks_for_unbounded_work_is_refused(traffic, where, words):
    """19.13: every field within its bounds, the product of them not."""
    text = ("title: t\ntraffic:\n  " + traffic + "\nstory: s\nteaches: [x]\ndifficulty: easy\n"
            "time_limit_min: 5\n")
    with pytest.raises(LoadError) as caught:
        load_challenge_text(text, "c.yaml")
    (problem,) = [str(p) for p in caught.value.problems]
    assert problem.startswith(f"{where}: {words}")


@pytest.mark.parametrize("start", ["../../etc/passwd", "/etc/passwd", "starters/../../x.yaml",
                                   "C:\\Windows\\x.yaml", "starters/x.txt"])
def test_a_starting_design_outside_the_challenge_folder_is_refused(start):
    """19.17: a shared challenge must not make the app read any file on the disk."""
    text = (bundled.challenges_dir() / "first-crud.yaml").read_text()
    text = text.replace("starting_design: starters/first-crud.yaml", f"starting_design: {start!r}")
    with pytest.raises(LoadError) as caught:
        load_challenge_text(text, "c.yaml")
    assert "starting_design: must" in str(caught.value)
