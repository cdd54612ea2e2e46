"""The committed JSON Schemas, read by a real validator, accept every file the pack and the
examples ship and reject what the loader rejects: an editor or CI that validates against them
agrees with `playground validate`."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema
import pytest
from ruamel.yaml import YAML

from playground.design import bundled
from playground.design.load import load_design_text
from playground.design.problems import LoadError

ROOT = bundled.designs_dir().parent
SCHEMA = ROOT / "docs" / "schema"
DESIGNS = sorted([*ROOT.glob("designs/*.yaml"), *ROOT.glob("challenges/solutions/*.yaml"),
                  *ROOT.glob("challenges/starters/*.yaml")])
CHALLENGES = sorted(ROOT.glob("challenges/*.yaml"))


def validator(kind: str) -> jsonschema.protocols.Validator:
    schema = json.loads((SCHEMA / f"{kind}.schema.json").read_text())
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema)


def errors(kind: str, data: object) -> list[str]:
    return [e.message for e in validator(kind).iter_errors(data)]


@pytest.mark.parametrize("path", DESIGNS + CHALLENGES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_shipped_file_is_valid_under_its_schema(path: Path) -> None:
    kind = "challenge" if path.parent.name == "challenges" else "design"
    assert errors(kind, YAML(typ="safe").load(path.read_text())) == []


BASE = "name: d\nentry: api\ncomponents:\n  - {id: api, kind: service, service_time: 3, calls: [db]}\n  - {id: db, kind: database}\n"


@pytest.mark.parametrize("text", [
    BASE,  # a bare id in calls, a bare number for a timing: the shorthands the loader takes
    BASE.replace("calls: [db]", "calls: [{to: db, ops: [read]}]"),
    BASE.replace("service_time: 3", "service_time: {distribution: deterministic, mean_ms: 3}"),
])
def test_the_shorthands_the_loader_takes_the_schema_takes(text: str) -> None:
    load_design_text(text)
    assert errors("design", YAML(typ="safe").load(text)) == []


@pytest.mark.parametrize("text", [
    BASE.replace("service_time: 3", "service_time: -3"),
    BASE.replace("calls: [db]", "calls: [Db!]"),
    BASE.replace("calls: [db]", "calls: [{to: db, op: [read]}]"),
    BASE.replace("service_time: 3", "service_time: {mean_ms: 3, tail: 9}"),
])
def test_what_the_loader_refuses_the_schema_refuses(text: str) -> None:
    with pytest.raises(LoadError):
        load_design_text(text)
    assert errors("design", YAML(typ="safe").load(text)) != []
