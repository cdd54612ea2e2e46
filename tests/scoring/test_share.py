"""Share lines: round trip, compact form, and refusal of damaged, hostile or oversized lines."""

from __future__ import annotations

import base64
import re
import zlib

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playground.cli import main
from playground.design import bundled
from playground.design.load import load_design, load_design_text
from playground.design.problems import LoadError
from playground.design.share import (
    MAX_BYTES,
    PREFIX,
    ShareError,
    compact_text,
    decode_share,
    encode_share,
    is_share_line,
    load_shared_design,
)
from playground.design.yamlio import read_text

DESIGNS = bundled.design_files()


def _line(raw: bytes) -> str:
    return PREFIX + base64.urlsafe_b64encode(raw).decode().rstrip("=")


@pytest.mark.parametrize("path", DESIGNS, ids=lambda p: p.stem)
def test_round_trip_keeps_the_text_and_the_line_is_url_safe(path):
    text = read_text(path)
    line = encode_share(text)
    assert is_share_line(line) and "\n" not in line and len(line) < len(text)
    assert decode_share(line) == text
    assert load_shared_design(line).model == load_design(path).model


@pytest.mark.parametrize("path", DESIGNS, ids=lambda p: p.stem)
def test_compact_text_loads_back_to_an_equal_design(path):
    design = load_design(path).model
    text = compact_text(design)
    assert "#" not in text
    assert load_design_text(text).model == design


@given(st.text(max_size=300))
def test_any_text_survives_the_round_trip(text):
    assert decode_share(encode_share(text)) == text


def test_paths_are_not_share_lines():
    for s in ("designs/starter.yaml", "pg1:../x.yaml", "starter", "pg1:", "pg1:abc def"):
        assert not is_share_line(s)
    assert is_share_line("  " + encode_share("name: x") + "\n")


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("pg2:eJwrSS0u0U1JLEkEAA", "starts with 'pg1:'"),
        ("pg1:eJw$rSS0u", "the character '$'"),
        ("pg1:" + "A", "not valid base64url"),
        (_line(b"not zlib at all"), "damaged"),
        (_line(zlib.compress(b"name: x")[:-6]), "ends too early"),
        (_line(zlib.compress(b"name: x") + b"junk"), "extra characters"),
        (_line(zlib.compress(b"\xff\xfe name")), "not UTF-8"),
        (PREFIX + "A" * (2 * MAX_BYTES + 1), "at most"),
    ],
)
def test_garbled_lines_say_why(line, reason):
    with pytest.raises(ShareError, match=re.escape(reason)):
        decode_share(line)


def test_a_zip_bomb_stops_at_the_size_limit():
    bomb = _line(zlib.compress(b"a" * (50 * MAX_BYTES), 9))
    assert len(bomb) < 200_000
    with pytest.raises(ShareError, match="larger than"):
        decode_share(bomb)


def test_a_damaged_line_is_a_load_error_with_a_hint():
    with pytest.raises(LoadError) as e:
        load_shared_design("pg1:AAAA")
    (problem,) = e.value.problems
    assert problem.file == "<shared design>" and "playground share" in (problem.hint or "")


def test_a_shared_design_with_errors_reports_them_located():
    with pytest.raises(LoadError) as e:
        load_shared_design(
            encode_share("name: x\nentry: api\ncomponents:\n  - {id: api, kind: servce}\n")
        )
    assert e.value.problems[0].line == 4


def test_cli_share_and_decode(capsys):
    path = str(DESIGNS[0])
    assert main(["share", path]) == 0
    line = capsys.readouterr().out.strip()
    assert main(["share", "--decode", line]) == 0
    assert capsys.readouterr().out == read_text(DESIGNS[0])
    assert main(["share", "--compact", path]) == 0
    compact = capsys.readouterr().out.strip()
    assert len(compact) < len(line)
    assert main(["share", "--decode", line[:40]]) == 2
    assert "not a shared design" in capsys.readouterr().err
