"""Round-trip edits of a design: comments, key order and untouched lines survive every edit."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest

from playground.design import edit, typed
from playground.design.load import load_design, load_design_text
from playground.design.yamlio import parse
from playground.kinds import KINDS

ROOT = Path(__file__).resolve().parents[2]
DESIGNS = sorted((ROOT / "designs").glob("*.yaml"))
EVERY_FILE = DESIGNS + sorted((ROOT / "challenges").rglob("*.yaml"))


def changed_lines(old: str, new: str) -> list[str]:
    return [
        line
        for line in difflib.unified_diff(old.splitlines(), new.splitlines(), lineterm="", n=0)
        if line[:1] in "+-" and not line.startswith(("+++", "---"))
    ]


@pytest.mark.parametrize("path", EVERY_FILE, ids=lambda p: p.name)
def test_unchanged_file_round_trips_byte_identically(path: Path, tmp_path: Path) -> None:
    text = path.read_text()
    assert edit.edit_text(text, lambda doc: None)[0] == text
    out = tmp_path / path.name
    edit.save(out, parse(text, str(path)), base_text=text)
    assert out.read_bytes() == path.read_bytes()


@pytest.mark.parametrize("path", DESIGNS, ids=lambda p: p.name)
def test_one_field_edit_changes_one_line_and_still_validates(path: Path) -> None:
    text = path.read_text()
    first = load_design(path).model.components[0]
    new, _ = edit.edit_text(text, edit.set_field, "components[0].label", "edited")
    had_label = first.label is not None
    diff = changed_lines(text, new)
    assert diff == ([f"-    label: {first.label}"] if had_label else []) + ["+    label: edited"]
    assert load_design_text(new).model.components[0].label == "edited"


def test_set_field_keeps_the_comment_on_its_line() -> None:
    text = (ROOT / "designs/starter.yaml").read_text()
    new, _ = edit.edit_text(text, edit.set_field, "components[0].service_time", 7)
    assert changed_lines(text, new) == [
        "-    service_time: 4          # ms, exponential",
        "+    service_time: 7          # ms, exponential",
    ]


def test_set_field_none_removes_the_key_and_nested_paths_are_made() -> None:
    text = (ROOT / "designs/starter.yaml").read_text()
    new, _ = edit.edit_text(text, edit.set_field, "components[0].retry.attempts", 3)
    assert load_design_text(new).model.components[0].retry.attempts == 3
    assert "    retry: {attempts: 3}\n" in new
    back, _ = edit.edit_text(new, edit.set_field, "components[0].retry", None)
    assert back == text


def test_add_component_gets_a_fresh_id_and_required_fields() -> None:
    text = (ROOT / "designs/read-replicas.yaml").read_text()
    new, new_id = edit.edit_text(text, edit.add_component, "replica")
    assert new_id == "replica"
    new, second = edit.edit_text(new, edit.add_component, "replica")
    assert second == "replica-3"  # replica-1 and replica-2 are taken
    model = load_design_text(new).model
    assert [c.of for c in model.components if c.kind == "replica"] == ["db"] * 4
    assert new.startswith(text)  # appended; nothing above touched


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_can_be_added_to_an_empty_design(kind: str) -> None:
    text, cid = edit.edit_text("name: blank\n", edit.add_component, kind)
    checked = typed.check_text(text)
    assert checked.model is not None, checked.problems
    assert checked.model.entry == cid
    assert checked.model.components[0].kind == kind
    assert text.index("entry:") < text.index("components:")


def test_remove_component_removes_calls_to_it() -> None:
    text = (ROOT / "designs/full-stack.yaml").read_text()
    new, _ = edit.edit_text(text, edit.remove_component, "cache")
    model = load_design_text(new).model
    assert "cache" not in model.ids
    assert all(call.to != "cache" for c in model.components for call in c.calls)
    # the comment block at the top is still there
    assert new.splitlines()[:8] == text.splitlines()[:8]


def test_removing_the_entry_promotes_what_it_called() -> None:
    text = (ROOT / "designs/full-stack.yaml").read_text()
    new, _ = edit.edit_text(text, edit.remove_component, "edge")
    assert load_design_text(new).model.entry == "lb"


def test_rename_follows_calls_of_and_entry() -> None:
    text = (ROOT / "designs/read-replicas.yaml").read_text()
    new, _ = edit.edit_text(text, edit.rename_component, "db", "primary")
    model = load_design_text(new).model
    assert "db" not in model.ids and "primary" in model.ids
    assert [c.of for c in model.components if c.kind == "replica"] == ["primary", "primary"]
    assert {call.to for c in model.components for call in c.calls} == {"api", "cache", "primary"}
    new, _ = edit.edit_text(new, edit.rename_component, "lb", "front")
    assert load_design_text(new).model.entry == "front"
    assert "invalidation: ttl        # stale for up to a minute after a write" in new


@pytest.mark.parametrize("bad", ["Bad", "1db", "api", "x" * 41])
def test_rename_refuses_bad_or_taken_names(bad: str) -> None:
    text = (ROOT / "designs/read-replicas.yaml").read_text()
    with pytest.raises(edit.EditError):
        edit.edit_text(text, edit.rename_component, "db", bad)


def test_connect_and_disconnect() -> None:
    text = (ROOT / "designs/read-replicas.yaml").read_text()
    new, _ = edit.edit_text(text, edit.connect, "lb", "cache")  # flow list of names stays one
    assert "    calls: [api, cache]\n" in new
    new, _ = edit.edit_text(new, edit.connect, "lb", "db", ["write"])
    model = load_design_text(new).model
    calls = {call.to: call.ops for call in model.component("lb").calls}
    assert calls == {"api": None, "cache": None, "db": ["write"]}
    new, _ = edit.edit_text(new, edit.connect, "api", "db", ["write", "charge"])
    assert load_design_text(new).model.component("api").calls[1].ops == ["write", "charge"]
    new, removed = edit.edit_text(new, edit.disconnect, "lb", "db")
    assert removed
    new, _ = edit.edit_text(new, edit.disconnect, "lb", "cache")
    assert [call.to for call in load_design_text(new).model.component("lb").calls] == ["api"]
    assert not edit.edit_text(new, edit.disconnect, "lb", "cache")[1]


def test_connect_refuses_a_self_call_and_unknown_target() -> None:
    text = (ROOT / "designs/starter.yaml").read_text()
    with pytest.raises(edit.EditError):
        edit.edit_text(text, edit.connect, "api", "api")
    with pytest.raises(edit.EditError):
        edit.edit_text(text, edit.connect, "api", "nowhere")


def test_patch_text_falls_back_when_an_edit_touches_a_refolded_line() -> None:
    base = "a: 1\nb: x\n  y\n"
    before = "a: 1\nb: x y\n"
    assert edit.patch_text(base, before, "a: 2\nb: x y\n") == "a: 2\nb: x\n  y\n"
    assert edit.patch_text(base, before, "a: 1\nb: z\n") == "a: 1\nb: z\n"


def test_check_text_keeps_the_model_when_only_the_graph_is_wrong() -> None:
    checked = typed.check_text("name: x\nentry: lb\ncomponents:\n  - id: lb\n    kind: load_balancer\n")
    assert checked.model is not None and not checked.ok
    assert [p.line for p in checked.errors] == [4]
    broken = typed.check_text("name: x\ncomponents: [\n")
    assert broken.model is None and broken.errors[0].line is not None
