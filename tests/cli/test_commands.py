"""The commands a new user reached for: a challenge's brief, two designs compared, the pack piped
to a file, `open -c`, DOT with counts, and the page `playground serve` sends."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from playground.cli import build_parser, main
from playground.cli.serve import FONTS, page_fix
from playground.design import bundled

ROOT = bundled.designs_dir().parent


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_challenges_show_prints_the_brief(capsys) -> None:
    code, out, _ = run(capsys, "challenges", "show", "disaster-recovery")
    assert code == 0
    for words in ("The primary database is gone", "hard · 30 min", "to pass", "p99 latency under 200 ms",
                  "cost at most $700/month", "20 s  crash orders-db until the run ends",
                  "its lessons show once you pass it"):
        assert words in out, words
    code, out, _ = run(capsys, "challenges", "show", "first-crud", "--json")
    data = json.loads(out)
    assert code == 0 and data["id"] == "first-crud" and data["budget_monthly_usd"] == 250
    assert data["story"].startswith("The notes app launches on Monday.")


def test_the_lessons_are_named_only_when_asked_for_since_they_give_the_answer_away(capsys) -> None:
    from playground.design.load import load_challenge

    lessons = load_challenge(ROOT / "challenges/double-charge.yaml").model.teaches
    _, shown, _ = run(capsys, "challenges", "show", "double-charge")
    _, listed, _ = run(capsys, "challenges")
    def flat(out: str) -> str:  # the words, whatever the panel's and table's borders and wrapping
        return " ".join(out.replace("│", " ").replace("┃", " ").split())

    for hidden in (shown, listed):
        assert not any(lesson in flat(hidden) for lesson in lessons)
    _, asked, _ = run(capsys, "challenges", "show", "double-charge", "--lessons")
    assert all(lesson in flat(asked) for lesson in lessons)
    _, listed, _ = run(capsys, "challenges", "--json")  # the tools teachers use keep them
    assert next(c for c in json.loads(listed) if c["id"] == "double-charge")["teaches"] == lessons


def test_challenges_show_an_unknown_id_suggests_the_near_miss(capsys) -> None:
    code, _, err = run(capsys, "challenges", "show", "first-crd")
    assert code == 2 and "did you mean first-crud?" in err


def test_challenges_json_carries_each_brief(capsys) -> None:
    code, out, _ = run(capsys, "challenges", "--json")
    rows = json.loads(out)
    assert code == 0 and len(rows) == len(bundled.challenge_files())
    assert all(r["story"] and r["requirements"] and "faults" in r for r in rows)


def test_the_piped_table_keeps_every_id_whole() -> None:
    env = {**os.environ, "COLUMNS": "80"}
    out = subprocess.run([sys.executable, "-m", "playground", "challenges"], capture_output=True,
                         text=True, env=env, check=True).stdout
    first_column = [line.split("│")[1].strip() for line in out.splitlines() if line.startswith("│")]
    for path in bundled.challenge_files():
        assert path.stem in first_column


def test_compare_shows_both_cards_what_moved_and_the_diff(capsys) -> None:
    start = str(ROOT / "challenges/starters/first-crud.yaml")
    solved = str(ROOT / "challenges/solutions/first-crud.yaml")
    code, out, _ = run(capsys, "compare", start, solved, "-c", "first-crud")
    assert code == 0  # the second passes
    assert out.count("A first CRUD service on a budget") == 2
    assert "from first-crud-start to first-crud-solution: score" in " ".join(out.split())
    assert "-    workers: 2" in out and "+    workers: 8" in out
    code, out, _ = run(capsys, "compare", solved, start, "-c", "first-crud", "--json")
    data = json.loads(out)
    assert code == 1 and data["first"]["figures"]["passed"] and not data["second"]["figures"]["passed"]
    assert data["first"]["figures"]["overall"] > data["second"]["figures"]["overall"]


def test_open_takes_c_like_run() -> None:
    args = build_parser().parse_args(["open", "designs/starter.yaml", "-c", "first-crud"])
    assert args.challenge == "first-crud"


def test_dot_uses_one_font_and_counts_instances_and_partitions(capsys) -> None:
    code, out, _ = run(capsys, "diagram", str(ROOT / "designs/full-stack.yaml"), "--format", "dot")
    assert code == 0 and 'edge [fontname="Helvetica"' in out
    assert "service ×4 instances" in out and "shard ×8 partitions" in out
    code, out, _ = run(capsys, "diagram", str(ROOT / "designs/full-stack.yaml"), "--format", "mermaid")
    assert "×4 instances" in out


def test_the_served_page_takes_keys_at_once_and_asks_no_font_server() -> None:
    textual_serve = pytest.importorskip("textual_serve")
    from pathlib import Path

    template = (Path(textual_serve.__file__).parent / "templates" / "app_index.html").read_bytes()
    assert FONTS in template  # what is removed is there to remove (textual-serve's page changed?)
    fixed = page_fix(template)
    assert b"fonts.googleapis.com" not in fixed
    assert fixed.count(b"focusTerminal") == 2 and fixed.rstrip().endswith(b"</html>")


def test_serve_without_textual_serve_says_what_to_install(capsys, monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "textual_serve", None)
    monkeypatch.setitem(sys.modules, "textual_serve.server", None)
    code, _, err = run(capsys, "serve", "--port", "1")
    assert code == 2 and "playground[web]" in err
