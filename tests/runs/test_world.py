"""A challenge that owns its world: a design calling the parts it gives is graded on any
executor, and one that sets the world's physics is refused, saying where."""

from __future__ import annotations

import json

from playground.cli import main
from tests.world.test_world import challenge

CALLS_IT = "name: d\nentry: api\ncomponents:\n  - {id: api, kind: service, calls: [payments]}\n"
SETS_PHYSICS = "name: p\nentry: api\ncomponents:\n  - {id: api, kind: service, service_time: 1, calls: [payments]}\n"


def test_grade_loads_each_design_in_the_challenges_world(tmp_path, capsys):
    c = challenge(requirements=[{"kind": "availability", "min": 0.9}], grading_seeds=2)
    path = tmp_path / "world.yaml"
    path.write_text(json.dumps(c.model_dump(mode="json")))
    folder = tmp_path / "class"
    folder.mkdir()
    (folder / "calls.yaml").write_text(CALLS_IT)
    (folder / "physics.yaml").write_text(SETS_PHYSICS)
    outputs = []
    for where in ("serial", "pool"):
        assert main(["grade", str(folder), "-c", str(path), "--json", "--executor", where]) == 1
        outputs.append(capsys.readouterr().out)
    assert outputs[0] == outputs[1]
    results = {r["submission"]: r for r in json.loads(outputs[0])["results"]}
    assert results["calls.yaml"]["passed"] and len(results["calls.yaml"]["card"]["seeds"]) == 2
    assert not results["physics.yaml"]["passed"]
    assert "physics.yaml:4" in results["physics.yaml"]["problems"][0]
    assert "service_time is the world's" in results["physics.yaml"]["problems"][0]
