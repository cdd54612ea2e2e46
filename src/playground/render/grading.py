"""Tables for many runs: a class's grades, claims checked again, a search's frontier."""

from __future__ import annotations

from typing import Any

from rich import box
from rich.table import Table
from rich.text import Text

from playground.render.scorecard import score_style
from playground.render.units import usd


def _verdict(passed: bool) -> Text:
    return Text("passed" if passed else "FAILED", style="green" if passed else "bold red")


def grade_table(results: list[dict[str, Any]], title: str | None = None) -> Table:
    """One row per submission x challenge (`grade --json`'s results): verdict, median score,
    spread, and why it failed."""
    table = Table(title=title, title_justify="left", box=box.SIMPLE_HEAD)
    table.add_column("submission", overflow="fold")
    table.add_column("challenge")
    table.add_column("", justify="center")
    table.add_column("score", justify="right")
    table.add_column("spread", justify="right", style="dim")
    table.add_column("why", overflow="fold")
    for r in results:
        card = r.get("card") or {}
        spread = card.get("spread") or {}
        why = "; ".join(r.get("problems") or []) or _failures(card.get("seeds") or [])
        score = float(r.get("score") or 0)
        table.add_row(str(r["submission"]), str(r["challenge"]), _verdict(bool(r["passed"])),
                      Text(f"{score:.1f}", style=score_style(score)),
                      f"{spread['min']:.1f}–{spread['max']:.1f}" if spread else "-",
                      Text(why, style="red") if why else "")
    return table


def _failures(seeds: list[dict[str, Any]]) -> str:
    """Each requirement that failed, with at how many of the seeds."""
    counts: dict[str, int] = {}
    for s in seeds:
        for name in s.get("failed") or []:
            counts[name] = counts.get(name, 0) + 1
    return "; ".join(f"{name} ({n} of {len(seeds)} seeds)" for name, n in counts.items())


def verdict_table(verdicts: list[dict[str, Any]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD)
    table.add_column("claim", overflow="fold")
    table.add_column("challenge")
    table.add_column("claimed", justify="right")
    table.add_column("run again", justify="right")
    table.add_column("", justify="center")
    table.add_column("why", overflow="fold")
    for v in verdicts:
        again = f"{v['score']:.1f}" if "score" in v else "-"
        mark = Text("holds", style="green") if v["holds"] else Text(
            "does not hold" if v["checkable"] else "not checked", style="bold red" if v["checkable"] else "yellow")
        table.add_row(str(v.get("submission") or "-"), str(v["challenge"]), f"{v['claimed_score']:.1f}", again, mark,
                      Text("; ".join(v["reasons"]), style="red") if v["reasons"] else "")
    return table


def frontier_table(rows: list[dict[str, Any]], winner: int | None) -> Table:
    """Cost against score over the candidates run: each row cheaper than any that scores more."""
    table = Table(title="cost against score (each candidate here beats every cheaper one)", title_justify="left",
                  box=box.SIMPLE_HEAD)
    table.add_column("", justify="center")
    table.add_column("cost / month", justify="right")
    table.add_column("score", justify="right")
    table.add_column("", justify="center")
    table.add_column("settings", overflow="fold")
    for r in rows:
        score = float(r["score"])
        table.add_row("★" if r["candidate"] == winner else "", usd(float(r["cost_usd"]), cents=False),
                      Text(f"{score:.1f}", style=score_style(score)), _verdict(bool(r["passed"])),
                      ", ".join(r["settings"]))
    return table
