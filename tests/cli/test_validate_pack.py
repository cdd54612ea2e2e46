"""`playground validate` on the pack: a starter or solution calls the parts its own challenge's
world gives (double-charge's payment provider), so it is valid where it sits; the same text
elsewhere is a design on its own, and the missing part is an error."""

from __future__ import annotations

from playground.cli import main
from playground.design import bundled


def test_every_pack_file_validates(capsys) -> None:
    pack = bundled.challenges_dir()
    files = sorted(str(p) for p in [*pack.glob("*.yaml"), *pack.glob("starters/*.yaml"), *pack.glob("solutions/*.yaml")])
    assert main(["validate", "--quiet", *files]) == 0
    assert capsys.readouterr().out == ""


def test_a_starter_copied_out_of_the_pack_no_longer_knows_the_provider(capsys, tmp_path) -> None:
    copy = tmp_path / "double-charge.yaml"
    copy.write_text((bundled.challenges_dir() / "starters" / "double-charge.yaml").read_text())
    assert bundled.pack_challenge_of(copy) is None
    assert main(["validate", str(copy)]) == 2
    assert "no component is called 'payments'" in capsys.readouterr().out
