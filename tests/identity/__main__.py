"""python -m tests.identity [--update]: compare (or rewrite) the digests of every case."""

from __future__ import annotations

import json
import sys
from concurrent.futures import ProcessPoolExecutor
from multiprocessing import get_context

from tests.identity.cases import DIGESTS, golden, groups, run_group


def main(argv: list[str]) -> int:
    with ProcessPoolExecutor(2, mp_context=get_context("spawn")) as pool:
        found: dict[str, str] = {}
        for part in pool.map(run_group, list(groups())):
            found.update(part)
    if "--update" in argv:
        DIGESTS.write_text(json.dumps(found, indent=0, sort_keys=True) + "\n")
        print(f"{len(found)} digests written to {DIGESTS}")
        return 0
    old = golden()
    moved = sorted(k for k in found.keys() | old.keys() if found.get(k) != old.get(k))
    for k in moved:
        print(f"{k}: {old.get(k)} -> {found.get(k)}")
    print(f"{len(found)} cases, {len(moved)} moved")
    return 1 if moved else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
