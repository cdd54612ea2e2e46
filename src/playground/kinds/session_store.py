"""A shared session store."""

from __future__ import annotations

from typing import Literal

from pydantic import Field

from playground.formats.base import (
    Timing,
    timing,
)
from playground.kinds.base import ComponentBase


class SessionStore(ComponentBase):
    """Durable shared session state, so any instance can serve any session."""

    kind: Literal["session_store"]
    workers: int = Field(32, ge=1, le=10_000)
    op_time: Timing = timing(1.0)
