"""Every command that takes a design takes the line `playground share` prints for it, however long
(a line past 255 characters is no file name: the operating system refuses to look it up)."""

from __future__ import annotations

import pytest

from playground.cli import main
from playground.design import bundled
from playground.design.share import decode_share
from playground.design.yamlio import read_text


def share_line(capsys, path) -> str:
    assert main(["share", str(path)]) == 0
    return capsys.readouterr().out.strip()


@pytest.mark.parametrize("path", bundled.design_files(), ids=lambda p: p.stem)
def test_every_example_shares_and_is_drawn_and_costed_from_its_line(capsys, path) -> None:
    line = share_line(capsys, path)
    assert decode_share(line) == read_text(path)
    assert main(["diagram", line, "--format", "mermaid"]) == 0
    drawn = capsys.readouterr()
    assert main(["diagram", str(path), "--format", "mermaid"]) == 0
    assert drawn.out == capsys.readouterr().out and drawn.err == ""
    assert main(["cost", line, "--json"]) == 0
    assert '"monthly_usd"' in capsys.readouterr().out


def test_the_starter_line_is_longer_than_a_file_name_and_runs(capsys) -> None:
    line = share_line(capsys, bundled.challenges_dir() / "solutions" / "replica-lag.yaml")
    assert len(line) > 255
    code = main(["run", line, "-c", "replica-lag", "--requests-limit", "200", "--json"])
    out, err = capsys.readouterr()
    assert code in (0, 1) and '"requests"' in out and "Errno" not in err


def test_open_takes_a_long_line_to_the_app(capsys, monkeypatch) -> None:
    line = share_line(capsys, bundled.designs_dir() / "full-stack.yaml")
    opened = []
    import playground.tui.app as app

    monkeypatch.setattr(app, "launch", lambda design, challenge=None: opened.append(design) or 0)
    assert main(["open", line]) == 0
    assert opened == [line]
