"""The engine and the file formats must load without the terminal libraries."""

from __future__ import annotations

import subprocess
import sys


def test_core_and_design_do_not_import_textual_or_rich():
    """Nor the many-runs package a process pool or a Dask worker imports."""
    code = (
        "import sys, importlib, pkgutil, playground.design, playground.core, playground.scoring\n"
        "import playground.runs\n"
        "for pkg in (playground.design, playground.core, playground.scoring, playground.runs):\n"
        "    for m in pkgutil.walk_packages(pkg.__path__, pkg.__name__ + '.'):\n"
        "        importlib.import_module(m.name)\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('textual', 'rich'))\n"
        "print(','.join(bad))\n"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == ""
