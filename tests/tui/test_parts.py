"""The app's parts that need no screen: highlighting, minimal text replacement, settings, scores,
recovery files and the runner's slicing."""

from __future__ import annotations

import asyncio
import json
import random
from pathlib import Path

import pytest
from textual.app import App

from playground.design.load import load_challenge, load_design
from playground.settings import Settings
from playground.tui import recovery, runner
from playground.tui.scores import Scores
from playground.tui.widgets.yaml_editor import YamlEditor

from .conftest import ROOT, FakeSimulation, fake_card


def test_the_yaml_is_highlighted_by_tree_sitter() -> None:
    """Keys, numbers and comments get the grammar's highlight names (Textual's syntax extra)."""
    text = "name: starter\ncomponents:\n  - id: api\n    workers: 8   # slots\n"

    class One(App):
        def compose(self):
            yield YamlEditor(text)

    async def check() -> None:
        app = One()
        async with app.run_test():
            editor = app.query_one(YamlEditor)
            assert editor.language == "yaml"
            line = editor.document.get_line(3)
            kinds = {line[a:b]: name for a, b, name in editor._highlights[3]}
            assert kinds == {"workers": "yaml.field", ":": "punctuation.delimiter", "8": "number",
                             "# slots": "comment"}

    asyncio.run(check())


LINES = ["a: 1", "b: 2", "", "  - x", "# c", "d: [1, 2]", "e"]


def test_replace_text_turns_any_text_into_any_other() -> None:
    """Whatever the two texts, the editor ends up holding exactly the new one (seeded pairs,
    with the edges: empty, equal, a prefix, a suffix)."""
    rng = random.Random(6)
    pairs = [([], []), ([], ["a: 1"]), (["a: 1"], []), (["a: 1", "b: 2"], ["a: 1"]),
             (["a: 1", "b: 2"], ["b: 2"]), (["a: 1"], ["a: 1", ""]), ([""], ["", ""])]
    pairs += [([rng.choice(LINES) for _ in range(rng.randrange(8))],
               [rng.choice(LINES) for _ in range(rng.randrange(8))]) for _ in range(300)]

    class One(App):
        def compose(self):
            yield YamlEditor("")

    async def check() -> None:
        app = One()
        async with app.run_test():
            editor = app.query_one(YamlEditor)
            for old, new in pairs:
                editor.load_text("\n".join(old))
                editor.replace_text("\n".join(new))
                assert editor.text == "\n".join(new), (old, new)

    asyncio.run(check())


def test_settings_round_trip_and_survive_garbage(private_home: Path) -> None:
    s = Settings.load()
    assert s.theme == "textual-dark" and s.recent == []
    for i in range(12):
        s.remember(ROOT / f"d{i}.yaml")
    s.remember(ROOT / "d3.yaml")
    s.theme = "textual-light"
    s.save()
    again = Settings.load()
    assert again.theme == "textual-light"
    assert len(again.recent) == 10 and again.recent[0].endswith("d3.yaml")
    (private_home / "config" / "settings.json").write_text("{not json")
    assert Settings.load() == Settings()


def test_scores_keep_every_attempt_and_the_best(tmp_path: Path) -> None:
    scores = Scores(tmp_path / "s.sqlite3", tmp_path / "attempts")
    scores.record("first-crud", "name: a\n", 40.0, False, 300.0, False, now=1000.0)
    scores.record("first-crud", "name: b\n", 85.0, True, 500.0, False, now=1000.0)
    scores.record("replica-lag", "name: c\n", 10.0, False, 2000.0, True, now=2000.0)
    assert scores.best() == {"first-crud": 85.0, "replica-lag": 10.0}
    history = scores.history("first-crud")
    assert [a.score for a in history] == [40.0, 85.0]
    assert [Path(a.design_path).read_text() for a in history] == ["name: a\n", "name: b\n"]
    assert history[0].design_path != history[1].design_path  # same second, two files
    assert Scores(tmp_path / "s.sqlite3", tmp_path / "attempts").best()["first-crud"] == 85.0


def test_recovery_keeps_unsaved_text_until_saved(tmp_path: Path) -> None:
    design = tmp_path / "d.yaml"
    design.write_text("name: d\n")
    file_slot, other = recovery.Slot.claim(design)
    untitled, _ = recovery.Slot.claim(None)
    second, _ = recovery.Slot.claim(None)
    assert other is None and len({file_slot.key, untitled.key, second.key}) == 3
    file_slot.save("name: d\n# more\n", "d")
    untitled.save("name: untitled\n", "untitled")
    second.save("name: another\n", "another")
    assert recovery.pending() == []  # held by this process: still being edited
    for slot in (file_slot, untitled, second):
        slot.release()
    found = {(r.source, r.name): r.text for r in recovery.pending()}
    assert found == {(design.resolve(), "d"): "name: d\n# more\n",
                     (None, "untitled"): "name: untitled\n", (None, "another"): "name: another\n"}
    design.write_text("name: d\n# more\n")  # saved elsewhere: nothing left to recover
    assert sorted(r.name for r in recovery.pending()) == ["another", "untitled"]
    untitled.discard()
    second.discard()
    assert recovery.pending() == []


def test_runner_runs_in_slices_and_stops_when_cancelled(monkeypatch: pytest.MonkeyPatch) -> None:
    from playground.runs.slices import slice_ends

    monkeypatch.setattr(runner, "simulation", FakeSimulation)
    monkeypatch.setattr(runner, "score", fake_card)
    design = load_design(ROOT / "designs/starter.yaml").model
    challenge = load_challenge(ROOT / "challenges/first-crud.yaml").model
    seen: list[runner.Step] = []
    outcome = runner.run(design, challenge, 7, seen.append, lambda: False)
    ends = slice_ends(challenge.traffic, challenge.traffic.duration_s)
    assert [s.now for s in seen] == ends and ends[-1] == challenge.traffic.duration_s
    assert {(s.index, s.seeds) for s in seen} == {(0, 1)}
    assert outcome.card["scores"]["overall"] == 72.0 and outcome.seed == 7 and outcome.seeds == 1
    json.dumps(outcome.result)  # results are plain data
    seen.clear()
    with pytest.raises(runner.Cancelled):
        runner.run(design, challenge, 7, seen.append, lambda: len(seen) >= 3)
    assert len(seen) == 3


def test_runner_grades_every_seed_with_progress_over_the_seeds(monkeypatch: pytest.MonkeyPatch) -> None:
    from playground.runs.seeds import grading_seeds

    monkeypatch.setattr(runner, "simulation", FakeSimulation)
    monkeypatch.setattr(runner, "score", fake_card)
    design = load_design(ROOT / "designs/starter.yaml").model
    challenge = load_challenge(ROOT / "challenges/first-crud.yaml").model
    seen: list[runner.Step] = []
    outcome = runner.run(design, challenge, None, seen.append, lambda: False)
    seeds = grading_seeds(challenge)
    assert outcome.seeds == len(seeds) == 5
    assert \
        [s["seed"] for s in outcome.card["seeds"]] == list(seeds)
    fractions = [s.fraction for s in seen]
    assert fractions == sorted(fractions) and fractions[-1] == 1.0
    assert sorted({s.index for s in seen}) == [0, 1, 2, 3, 4]
    assert outcome.seed in seeds and outcome.card["passed"] is False


@pytest.mark.slow  # a fast run of some 180,000 requests
def test_runner_runs_internet_scale_in_the_fast_mode_and_the_card_says_so() -> None:
    design = load_design(ROOT / "benchmarks/internet-scale-design.yaml").model
    big = load_challenge(ROOT / "benchmarks/internet-scale.yaml").model
    steady = big.traffic.phases[0].model_copy(update={"rps": 400_000.0, "duration_s": 60.0})
    challenge = big.model_copy(update={"traffic": big.traffic.model_copy(update={"phases": [steady]}),
                                       "measure": big.measure.model_copy(update={"warmup_s": 1.0})})
    assert runner.refusal(challenge) is not None  # exactly, 24M requests would not be started
    assert runner.refusal(challenge, design) is None  # fast, a smaller and shorter run
    seen: list[runner.Step] = []
    outcome = runner.run(design, challenge, 7, seen.append, lambda: False)
    assert outcome.result["approximation"]["factor"] == 25
    assert outcome.card["approximated"].startswith("fast mode simulated a system 25 times smaller")
    assert seen[-1].fraction == 1.0
    with pytest.raises(runner.Cancelled):
        runner.run(design, challenge, 7, seen.append, lambda: True)


def test_run_history_keeps_each_designs_runs_in_order(tmp_path: Path) -> None:
    from playground.render.compare import Figures
    from playground.tui.history import RunHistory, design_key

    history = RunHistory(tmp_path / "runs.sqlite3")
    key = design_key(tmp_path / "d.yaml", "d")
    first, second = Figures(41.0, False, 419.9, 0.93, 112.0), Figures(78.0, True, 38.2, 0.9995, 124.0)
    history.record(key, "first-crud", 7, first, "name: d\n", now=100.0)
    history.record(key, "first-crud", 7, second, "name: d\n# faster\n", now=200.0)
    history.record(key, "hot-key", 3, first, "name: d\n", now=150.0)
    history.record(design_key(None, "untitled"), "first-crud", 7, second, "x", now=120.0)
    runs = history.runs(key, "first-crud")
    assert [r.figures for r in runs] == [first, second] and runs[1].design_text.endswith("# faster\n")
    assert design_key(None, "untitled") == "unsaved:untitled"
    assert key == str((tmp_path / "d.yaml").resolve())
