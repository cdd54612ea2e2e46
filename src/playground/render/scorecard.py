"""The score card and the cost bill as rich renderables, shared by the CLI and the TUI.

The card is drawn from its data, `ScoreCard.to_dict()`: what `playground run` prints, what the app
keeps and what an exported results file holds. Keys it reads: scores{consistency, latency,
availability, cost, overall} (a category is None when not judged), weights, requirements[{name,
target, actual, unit, passed, detail}], passed, findings[{message, points}], observed_anomalies[{anomaly,
count, rate, graded}], degraded{op: count}, cost{monthly_usd, by_component}, seed, digest,
engine_version, design_name, challenge_title; and for a grade over a seed set
(playground.runs.grade), seeds[{seed, overall, passed, failed}], spread{min, max},
worst{seed, overall, failed}, and requirements' seeds_passed and seeds.
"""

from __future__ import annotations

from typing import Any

from rich import box
from rich.console import Group, RenderableType
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from playground.render.units import measured, usd
from playground.scoring.cost import Cost
from playground.scoring.measure import ANOMALY_NAMES

AXES = ("consistency", "latency", "availability", "cost")
BAR = 20
LARGEST = 3  # cost lines named next to the total


def score_style(score: float | None) -> str:
    if score is None:
        return "dim"
    return "green" if score >= 80 else "yellow" if score >= 50 else "red"


def score_card(card: dict[str, Any], framed: bool = False) -> RenderableType:
    """Verdict and overall score, the four scores as bars, each requirement met or not, the cost
    with its largest lines, the reasons with the points they cost, and what reproduces the run
    (seed, digest, engine version). `framed` puts it in a panel titled challenge · design."""
    parts: list[RenderableType] = [_verdict(card), Text(""), _axes(card)]
    if card.get("approximated"):
        parts[1:1] = [Text(str(card["approximated"]), style="yellow")]
    if card.get("seeds"):
        parts += [Text(""), _seeds(card)]
    if card.get("requirements"):
        parts += [Text(""), _requirements(card["requirements"])]
    if card.get("horizon"):
        parts += [Text(""), _horizon(card["horizon"])]
    outcomes = _outcomes(card)
    if outcomes is not None:
        parts += [Text(""), outcomes]
    if "monthly_usd" in (card.get("cost") or {}):
        parts += [Text(""), _cost_line(card["cost"])]
    if card.get("findings"):
        parts += [Text(""), Text("why", style="bold"), _findings(card["findings"])]
    reproduce = _reproduce(card)
    if reproduce:
        parts += [Text(""), reproduce]
    body = Group(*parts)
    if not framed:
        return body
    title = " · ".join(str(card[k]) for k in ("challenge_title", "design_name") if card.get(k))
    overall = (card.get("scores") or {}).get("overall")
    return Panel(body, title=Text(title) if title else None, title_align="left",
                 border_style=score_style(overall) if card.get("passed") else "red")


def _verdict(card: dict[str, Any]) -> Text:
    overall = float((card.get("scores") or {}).get("overall") or 0)
    passed = bool(card.get("passed"))
    reqs = card.get("requirements") or []
    met = f": {sum(1 for r in reqs if r.get('passed'))} of {len(reqs)} requirements met" if reqs else ""
    seeds = card.get("seeds") or []
    if seeds:
        met += " at every seed" if passed else ""
        spread = card.get("spread") or {}
        median = f" (median of {len(seeds)} seeds, {float(spread.get('min', 0)):.1f} to " \
                 f"{float(spread.get('max', 0)):.1f})"
    else:
        median = ""
    return Text.assemble(("score ", "bold"), (f"{overall:.0f}", f"bold {score_style(overall)}"),
                         (f"/100{median}  ", "dim"),
                         ("PASSED" if passed else "NOT PASSED", "bold green" if passed else "bold red"),
                         met)


SEEDS_SHOWN = 10


def _seeds(card: dict[str, Any]) -> Table:
    """Each seed's overall score and what it failed; the worst one marked (the details below are
    its run's)."""
    worst = (card.get("worst") or {}).get("seed")
    table = Table.grid(padding=(0, 1))
    seeds = card.get("seeds") or []
    for s in seeds[:SEEDS_SHOWN]:
        ok = bool(s.get("passed"))
        failed = "; ".join(str(f) for f in s.get("failed") or [])
        mark = Text("  ← worst: the details below" if s.get("seed") == worst else "", style="dim")
        table.add_row(Text("✓" if ok else "✗", style="green" if ok else "bold red"),
                      Text(f"seed {s.get('seed')}", style="dim"),
                      Text(f"{float(s.get('overall') or 0):5.1f}", style=score_style(float(s.get("overall") or 0))),
                      Text(failed, style="red") + mark if failed else mark)
    if len(seeds) > SEEDS_SHOWN:
        table.add_row("", Text(f"... {len(seeds) - SEEDS_SHOWN} more seeds (--json has them all)", style="dim"))
    return table


def _bar(score: float | None) -> Text:
    if score is None:
        return Text("not judged".ljust(BAR), style="dim")
    filled = max(0, min(BAR, round(score / 100 * BAR)))
    return Text("█" * filled, style=score_style(score)) + Text("░" * (BAR - filled), style="dim")


def _axes(card: dict[str, Any]) -> Table:
    scores, weights = card.get("scores") or {}, card.get("weights") or {}
    table = Table.grid(padding=(0, 1))
    for axis in AXES:
        if axis in scores:
            score = None if scores[axis] is None else float(scores[axis])
            shown = "    -" if score is None else f"{score:5.1f}"
            weight = f" x{float(weights[axis]):g}" if axis in weights else ""
            table.add_row(axis, _bar(score), Text(shown, style=score_style(score)), Text(weight, style="dim"))
    return table


def _requirements(requirements: list[dict[str, Any]]) -> Table:
    table = Table(box=box.SIMPLE_HEAD, show_edge=False, pad_edge=False)
    table.add_column("")
    table.add_column("requirement")
    table.add_column("target", justify="right")
    table.add_column("measured", justify="right")
    over_seeds = any("seeds" in r for r in requirements)
    if over_seeds:
        table.add_column("seeds", justify="right")
    for r in requirements:
        ok, unit = bool(r.get("passed")), str(r.get("unit") or "")
        actual = measured(r["actual"], unit) if r.get("actual") is not None else str(r.get("detail") or "-")
        name = Text(str(r.get("name", "")))
        if r.get("why"):
            name.append(f"\n{r['why']}", style="dim")
        mark = Text("✓" if ok else "✗", style="green" if ok else "bold red")
        if r.get("uncertain"):  # a fast run's interval holds both verdicts
            mark, actual = Text("?", style="bold yellow"), f"{actual} (uncertain)"
        cells: list[Any] = [mark, name, measured(r.get("target"), unit), Text(actual, style="" if ok else "red")]
        if over_seeds:
            cells.append(Text(f"{r.get('seeds_passed', 0)}/{r.get('seeds', 0)}", style="" if ok else "red"))
        table.add_row(*cells)
    return table


def _outcomes(card: dict[str, Any]) -> Table | None:
    """What the run did that a user would not call success: degraded answers per operation, and
    every anomaly it had, those this challenge does not grade marked so (a pass at 100 must not
    hide 80 % stale reads)."""
    degraded = {op: n for op, n in (card.get("degraded") or {}).items() if n}
    anomalies = card.get("observed_anomalies") or []
    if not degraded and not anomalies:
        return None
    table = Table.grid(padding=(0, 1))
    for op, n in degraded.items():
        table.add_row(Text("degraded", style="yellow"), Text(f"{n:,} {op} answers", style="yellow"),
                      Text("a fallback answered without an optional call", style="dim"))
    for a in anomalies:
        name = ANOMALY_NAMES.get(str(a.get("anomaly")), str(a.get("anomaly")))
        graded = bool(a.get("graded"))
        share = f" ({float(a.get('rate') or 0) * 100:.3g} %)"
        table.add_row(Text("anomaly", style="red" if graded else "yellow"),
                      Text(f"{int(a.get('count') or 0):,} {name}{share}"),
                      Text("" if graded else "not graded by this challenge", style="dim"))
    return table


def _horizon(h: dict[str, Any]) -> Text:
    """The long horizon of failures in one line: up how much of it, beside the analytic value,
    the minutes down and in how many outages, the worst month."""
    days = float(h["days"])
    span = "a year" if days == 365 else f"{days:g} days"
    outages = int(h["outages"])
    line = Text.assemble((f"{span} of failures ", "bold"),
                         f"up {measured(h['availability'], 'fraction')} (analytic {measured(h['analytic'], 'fraction')}), ",
                         f"{float(h['downtime_min']):,.0f} min down in {outages} outage{'s' * (outages != 1)}, ",
                         f"worst month {max(h['downtime_min_by_month']):,.0f} min")
    if h.get("degraded_min"):
        line.append(f", {float(h['degraded_min']):,.0f} min degraded", style="yellow")
    return line


def _cost_line(cost: dict[str, Any]) -> Text:
    line = Text.assemble(("cost ", "bold"), f"{usd(float(cost['monthly_usd']), cents=False)}/month")
    top = sorted((cost.get("by_component") or {}).items(), key=lambda kv: -float(kv[1]))[:LARGEST]
    if top:
        line.append("  (largest: " + ", ".join(f"{k} {usd(float(v), cents=False)}" for k, v in top) + ")",
                    style="dim")
    return line


def _findings(findings: list[dict[str, Any]]) -> Table:
    """One bullet per reason, its wrapped lines under its first, with the points it cost."""
    table = Table.grid(padding=(0, 1))
    table.add_column()
    table.add_column(ratio=1)
    for f in findings:
        line = Text(str(f.get("message", "")))
        if f.get("points"):
            line.append(f"  (-{float(f['points']):.0f} pts)", style="dim")
        table.add_row("•", line)
    return table


def _reproduce(card: dict[str, Any]) -> Text | None:
    """`seed N · digest X · engine V` (`N seeds · ...` for a grade): what makes a shared score
    reproducible."""
    shown = [f"{word} {card[key]}" for word, key in (("seed", "seed"), ("digest", "digest"),
                                                    ("engine", "engine_version")) if card.get(key) is not None]
    if card.get("seeds"):
        shown.insert(0, f"{len(card['seeds'])} seeds")
    return Text(" · ".join(shown), style="dim") if shown else None


def cost_table(cost: Cost, title: str | None = "Monthly cost") -> Table:
    """One row per line of the bill, with how it was computed, and the total."""
    table = Table(title=Text(title) if title else None, title_justify="left", show_footer=True)
    table.add_column("component", footer="total")
    table.add_column("item")
    table.add_column("how", overflow="fold", style="dim")
    table.add_column("per month", justify="right", footer=usd(cost.monthly_usd))
    for line in cost.lines:
        table.add_row(line.component, line.item, line.how, usd(line.monthly_usd))
    if cost.unpriced:
        table.caption = Text(
            f"Not in the total: {', '.join(cost.unpriced)} (billed per request; give a rate "
            "with --rps ID=RATE)",
            style="yellow",
        )
        table.caption_justify = "left"
    return table
