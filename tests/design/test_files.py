"""Every shipped design and challenge is itself a test case."""

from __future__ import annotations

import json

import pytest

from playground.design import bundled
from playground.design.load import check_pairing, load_challenge, load_design
from playground.design.schema import json_schema
from playground.design.yamlio import dump, parse, read_text, write_atomic

DESIGNS = bundled.design_files()
CHALLENGES = bundled.challenge_files()
STARTERS = sorted((bundled.challenges_dir() / "starters").glob("*.yaml"))
SOLUTIONS = sorted((bundled.challenges_dir() / "solutions").glob("*.yaml"))
ALL_YAML = DESIGNS + CHALLENGES + STARTERS + SOLUTIONS


def test_the_pack_and_examples_exist():
    assert len(DESIGNS) >= 5 and len(CHALLENGES) >= 2


@pytest.mark.parametrize("path", DESIGNS + STARTERS + SOLUTIONS, ids=lambda p: p.name)
def test_design_loads_without_warnings(path):
    assert load_design(path).warnings == []


@pytest.mark.parametrize("path", CHALLENGES, ids=lambda p: p.name)
def test_challenge_loads_and_its_starting_design_fits_it(path):
    challenge = load_challenge(path)
    if challenge.model.starting_design:
        start = load_design(path.parent / challenge.model.starting_design)
        assert check_pairing(start.model, challenge) == []


@pytest.mark.parametrize("path", ALL_YAML, ids=lambda p: p.name)
def test_round_trip_keeps_meaning_and_comments(path, tmp_path):
    text = read_text(path)
    written = dump(parse(text, str(path)))
    comments = [line.strip() for line in text.splitlines() if line.strip().startswith("#")]
    assert [line.strip() for line in written.splitlines() if line.strip().startswith("#")] == comments
    again = tmp_path / path.name
    again.write_text(written)
    loader = load_challenge if path in CHALLENGES else load_design
    assert loader(again).model == loader(path).model
    assert dump(parse(written, "again")) == written  # stable after the first write


@pytest.mark.parametrize("path", DESIGNS, ids=lambda p: p.name)
def test_editing_one_field_changes_one_line(path, tmp_path):
    doc = parse(read_text(path), str(path))
    before = dump(doc)
    doc["name"] = "renamed"
    out = tmp_path / path.name
    write_atomic(out, dump(doc))
    after = out.read_text()
    changed = [(a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b]
    assert changed == [(f"name: {load_design(path).model.name}", "name: renamed")]
    assert load_design(out).model.name == "renamed"


def test_atomic_write_keeps_the_old_file_when_writing_fails(tmp_path, monkeypatch):
    target = tmp_path / "d.yaml"
    target.write_text("name: old\n")

    def broken_fsync(fd):
        raise OSError("disk full")

    monkeypatch.setattr("os.fsync", broken_fsync)
    with pytest.raises(OSError):
        write_atomic(target, "name: new\n")
    assert target.read_text() == "name: old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["d.yaml"]


@pytest.mark.parametrize("name", ["design", "challenge"])
def test_committed_schema_matches_the_models(name):
    committed = bundled.designs_dir().parent / "docs" / "schema" / f"{name}.schema.json"
    assert json.loads(committed.read_text()) == json_schema(name), (
        "regenerate with: playground schema " + name + " > " + str(committed)
    )


@pytest.mark.parametrize(("doc", "models"), [("design-format.md", "DESIGN_MODELS"),
                                             ("challenge-format.md", "CHALLENGE_MODELS"),
                                             ("cost.md", None), ("catalog.md", None)])
def test_field_reference_in_docs_is_current(doc, models):
    from playground.design import reference

    path = bundled.designs_dir().parent / "docs" / doc
    assert path.read_text() == reference.refresh(path, getattr(reference, models) if models else None), (
        "regenerate with: python -m playground.design.reference"
    )
