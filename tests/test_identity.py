"""Every engine result the identity harness knows is the same, byte for byte, as the digests
committed in tests/identity/digests.json (see tests/identity/__init__.py)."""

from __future__ import annotations

import pytest

from tests.identity.cases import golden, groups, run_case

GROUPS = groups()


@pytest.mark.slow
@pytest.mark.parametrize("group", list(GROUPS))
def test_results_are_byte_identical_to_the_committed_digests(group):
    expected = golden()
    moved = [case for case, make in GROUPS[group] if run_case(make) != expected.get(case)]
    assert not moved, f"{len(moved)} results changed: {moved[:10]} (python -m tests.identity)"


def test_the_harness_covers_the_pack_and_every_fault_kind():
    cases = [case for group in GROUPS.values() for case, _ in group]
    assert len(cases) >= 900
    for name in ("crash", "crash-recover", "crash-instance", "hang", "slow", "partition", "one-way",
                 "lag", "flush", "none"):
        assert any(case.endswith("/" + name) for case in cases), name
    assert set(golden()) == set(cases), "regenerate with python -m tests.identity --update"
