"""Unsafe or hostile YAML is refused with a message, never executed, never expanded."""

from __future__ import annotations

import pytest

from playground.design.load import load_design, load_design_text
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
    assert "expands to" in problem and "limit 100,000" in problem


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
    assert "nesting is deeper than 200" in problems_of("a: " + "[" * 300 + "]" * 300 + "\n")[0]


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
