"""Each kind of bad input gets a message located at the line and column of what is wrong."""

from __future__ import annotations

import textwrap

import pytest

from playground.design.load import load_challenge_text, load_design_text
from playground.design.problems import LoadError

GOOD_SERVICE = """\
name: t
entry: api
components:
  - id: api
    kind: service
    calls: [db]
  - id: db
    kind: database
"""

# (name, yaml, line, col, path, words in the message, words in the hint)
CASES = [
    ("below minimum", GOOD_SERVICE.replace("kind: service", "kind: service\n    instances: 0"),
     6, 16, "components[0].instances", "must be >= 1 (got 0)", None),
    ("misspelt kind", GOOD_SERVICE.replace("kind: database", "kind: databse"),
     8, 11, "components[1].kind", "unknown kind 'databse'", "did you mean database?"),
    ("unknown field", GOOD_SERVICE.replace("kind: service", "kind: service\n    wrokers: 4"),
     6, 5, "components[0].wrokers", "is not a known field", "did you mean workers?"),
    ("wrong type", GOOD_SERVICE.replace("kind: service", "kind: service\n    workers: many"),
     6, 14, "components[0].workers", "must be a whole number (got 'many')", None),
    ("bad choice", GOOD_SERVICE.replace("kind: database", "kind: database\n    replication: asynch"),
     9, 18, "components[1].replication", "must be one of async, semi_sync, sync", "did you mean async?"),
    ("unknown call target", GOOD_SERVICE.replace("calls: [db]", "calls: [dbb]"),
     6, 13, "components[0].calls[0].to", "no component is called 'dbb'", "did you mean db?"),
    ("unknown entry", GOOD_SERVICE.replace("entry: api", "entry: apj"),
     2, 8, "entry", "no component is called 'apj'", "did you mean api?"),
    ("no entry", GOOD_SERVICE.replace("entry: api\n", ""),
     1, 1, "", "the design has no entry", None),
    ("duplicate id", GOOD_SERVICE.replace("id: db", "id: api"),
     7, 9, "components[1].id", "id 'api' is already used by components[0]", None),
    ("call cycle", GOOD_SERVICE.replace("kind: database", "kind: service\n    calls: [api]"),
     6, 12, "components[0].calls", "call cycle api -> db -> api", None),
    ("replica of a service",
     GOOD_SERVICE + "  - id: r\n    kind: replica\n    of: api\n",
     11, 9, "components[2].of", "'api' is a service, not a database", None),
    ("lognormal without tail",
     GOOD_SERVICE.replace("kind: database", "kind: database\n    read_time: {distribution: lognormal, mean_ms: 3}"),
     9, 16, "components[1].read_time", "needs p99_ms", None),
    ("negative time", GOOD_SERVICE.replace("kind: service", "kind: service\n    service_time: -1"),
     6, 19, "components[0].service_time.mean_ms", "must be > 0", None),
    ("absurd number", GOOD_SERVICE.replace("kind: service", "kind: service\n    instances: 100000000000"),
     6, 16, "components[0].instances", "must be <= 1000", None),
    ("duplicate key", GOOD_SERVICE.replace("kind: service", "kind: service\n    kind: cache"),
     6, 5, "", "duplicate key 'kind'", "already set on line 5"),
    ("broken yaml", GOOD_SERVICE.replace("calls: [db]", "calls: [db"),
     7, 7, "", "not valid YAML", None),
    ("not a mapping", "- just\n- a list\n", 1, 1, "", "the file is a seq", None),
    ("bad name", GOOD_SERVICE.replace("id: db", "id: Main DB").replace("[db]", "['Main DB']"),
     7, 9, "components[1].id", "is not a valid name", "lower-case letters"),
]


@pytest.mark.parametrize(("name", "text", "line", "col", "path", "message", "hint"), CASES,
                         ids=[c[0] for c in CASES])
def test_bad_design_is_located(name, text, line, col, path, message, hint):
    with pytest.raises(LoadError) as caught:
        load_design_text(text, "bad.yaml")
    problems = [p for p in caught.value.problems if p.severity == "error"]
    matching = [p for p in problems if message in p.message and p.path == path]
    assert matching, f"{message!r} not in {[str(p) for p in problems]}"
    p = matching[0]
    assert (p.file, p.line, p.col, p.path) == ("bad.yaml", line, col, path), str(p)
    if hint:
        assert p.hint and hint in p.hint


def test_every_problem_in_a_file_is_reported_at_once():
    text = GOOD_SERVICE.replace("kind: service", "kind: service\n    instances: 0\n    workers: 0\n    wrokers: 1")
    with pytest.raises(LoadError) as caught:
        load_design_text(text, "bad.yaml")
    assert [p.path for p in caught.value.problems] == [
        "components[0].instances", "components[0].workers", "components[0].wrokers"
    ]
    assert [p.line for p in caught.value.problems] == [6, 7, 8]


def test_unreachable_component_is_a_warning_not_an_error():
    loaded = load_design_text(GOOD_SERVICE + "  - id: lonely\n    kind: cache\n    calls: [db]\n", "d.yaml")
    (warning,) = loaded.warnings
    assert warning.severity == "warning" and warning.path == "components[2]" and warning.line == 9
    assert "no traffic reaches 'lonely'" in warning.message


def test_challenge_errors_are_located():
    text = textwrap.dedent("""\
        title: t
        story: s
        teaches: [x]
        difficulty: hard
        time_limit_min: 10
        traffic:
          phases:
            - {duration_s: 10, rps: 100, ramp_s: 20}
          mix: {read: 1, raed: 1}
        faults:
          - {kind: crsh, at_s: 5, target: db}
        requirements:
          - {kind: anomaly, anomaly: stale_read}
        """)
    with pytest.raises(LoadError) as caught:
        load_challenge_text(text, "c.yaml")
    got = {(p.line, p.path): p for p in caught.value.problems}
    assert "ramp_s cannot be longer" in got[(8, "traffic.phases[0]")].message
    assert got[(9, "traffic.mix.raed")].hint == "did you mean read?"
    assert got[(11, "faults[0].kind")].hint == "did you mean crash?"
    assert "give max_count or max_rate" in got[(13, "requirements[0]")].message
