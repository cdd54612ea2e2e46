"""What the app says about each component kind: its one-paragraph summary (the kind's docstring,
whose first sentence may run over several lines), for the kind picker, the palette and the
inspector."""

from __future__ import annotations

from playground.kinds import KINDS


def kind_summary(kind: str) -> str:
    doc = (KINDS[kind].__doc__ or "").strip()
    return " ".join(doc.split("\n\n")[0].split())


def kind_choices() -> list[tuple[str, str, str]]:
    """(value, label, help) for every kind, in the registry's order."""
    return [(k, k, kind_summary(k)) for k in KINDS]
