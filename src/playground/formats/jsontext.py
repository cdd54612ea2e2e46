"""JSON as the standard has it: a number that is not finite is written null, since no JSON
reader takes `NaN` or `Infinity` (Python's json writes them by default)."""

from __future__ import annotations

import json
import math
from typing import Any


def standard_json(data: Any, ensure_ascii: bool = False) -> str:
    try:
        return json.dumps(data, indent=2, ensure_ascii=ensure_ascii, allow_nan=False) + "\n"
    except ValueError:
        return json.dumps(finite(data), indent=2, ensure_ascii=ensure_ascii, allow_nan=False) + "\n"


def finite(data: Any) -> Any:
    """`data` with every non-finite float replaced by None."""
    if isinstance(data, float) and not math.isfinite(data):
        return None
    if isinstance(data, dict):
        return {k: finite(v) for k, v in data.items()}
    if isinstance(data, (list, tuple)):
        return [finite(v) for v in data]
    return data
