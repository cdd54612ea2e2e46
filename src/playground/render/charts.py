"""Line charts of a run over time on a character grid, with fault events marked."""

from __future__ import annotations

from collections.abc import Sequence

from rich.console import Group, RenderableType
from rich.text import Text

PALETTE = ("cyan", "yellow", "magenta", "green", "blue", "red")
Y_LABEL = 8


def _resample(t: Sequence[float], values: Sequence[float | None], t_end: float, width: int) -> list[float | None]:
    """The largest value falling in each of `width` equal time buckets (peaks stay visible)."""
    out: list[float | None] = [None] * width
    for ti, v in zip(t, values, strict=False):
        if v is None:
            continue
        i = min(width - 1, int(ti / t_end * width)) if t_end > 0 else 0
        out[i] = v if out[i] is None else max(out[i], v)  # type: ignore[type-var]
    first = next((i for i, v in enumerate(out) if v is not None), width)
    for i in range(first + 1, width):  # fewer samples than columns: hold each value until the next
        if out[i] is None:
            out[i] = out[i - 1]
    return out


def line_chart(
    title: str,
    t: Sequence[float],
    series: dict[str, Sequence[float | None]],
    width: int = 72,
    height: int = 6,
    unit: str = "",
    marks: Sequence[tuple[float, str]] = (),
    ends: tuple[str, str] | None = None,
) -> RenderableType:
    """Each series as dots on a `height`-row grid over time; `marks` (t, label) as dotted
    vertical lines with their labels under the time axis; `ends` labels the axis's two ends
    when it is not time in seconds."""
    plot_w = max(10, width - Y_LABEL - 1)
    t_end = max(t) if t else 0.0
    if t_end <= 0:
        return Text(f"{title}: no data", style="dim")
    top = max((v for vals in series.values() for v in vals if v is not None), default=0.0) or 1.0
    grid: list[list[tuple[str, str]]] = [[(" ", "")] * plot_w for _ in range(height)]
    for at, _label in marks:
        x = min(plot_w - 1, int(at / t_end * plot_w))
        for row in grid:
            row[x] = ("┊", "red dim")
    for k, values in enumerate(series.values()):
        colour = PALETTE[k % len(PALETTE)]
        for x, v in enumerate(_resample(t, values, t_end, plot_w)):
            if v is None:
                continue
            level = v / top * (height - 1)
            y = height - 1 - round(level)
            grid[y][x] = ("•", colour)
    legend = Text.assemble((title, "bold"), "  ")
    for k, name in enumerate(series):
        legend.append("• ", style=PALETTE[k % len(PALETTE)])
        legend.append(f"{name}  ")
    rows = [legend]
    for y, row in enumerate(grid):
        label = f"{top:,.0f}{unit}" if y == 0 else (f"0{unit}" if y == height - 1 else "")
        line = Text(label.rjust(Y_LABEL)[:Y_LABEL] + "│", style="dim")
        for ch, style in row:
            line.append(ch, style)
        rows.append(line)
    axis = Text(" " * Y_LABEL + "└" + "─" * plot_w, style="dim")
    first, last = ends or ("0 s", f"{t_end:,.0f} s")
    rows += [axis, Text(" " * (Y_LABEL + 1) + first + last.rjust(plot_w - len(first)), style="dim")]
    if marks:
        labels = Text(" " * (Y_LABEL + 1), style="red dim")
        labels.append("  ".join(f"┊{at:,.0f}s {label}" for at, label in marks))
        rows.append(labels)
    return Group(*rows)


def run_charts(result: dict, width: int = 80) -> RenderableType:
    """Latency percentiles, throughput and errors over the run, faults marked on each."""
    series = result.get("series") or {}
    t = series.get("t") or []
    marks = [(float(e.get("at_s", 0)), f"{e.get('kind', '')} {e.get('target', '')}".strip())
             for e in result.get("events") or []]
    charts = [
        line_chart("latency", t, {"p50": series.get("p50_ms", []), "p99": series.get("p99_ms", [])},
                   width, unit=" ms", marks=marks),
        line_chart("throughput", t, {"req/s": series.get("rps", []), "ok/s": series.get("ok", [])},
                   width, marks=marks),
        line_chart("errors", t, {"errors/s": series.get("errors", [])}, width, height=4, marks=marks),
    ]
    charts += staleness_charts(result, width)
    return Group(*[g for c in charts for g in (c, Text(""))])


def staleness_charts(result: dict, width: int = 80) -> list[RenderableType]:
    """Per component that reported it (measure.staleness_by_age): the share of its reads that
    were stale, by the time since the key's last write, on a log scale of ages."""
    out: list[RenderableType] = []
    for cid, comp in (result.get("components") or {}).items():
        curve = comp.get("staleness_by_age")
        if curve and curve.get("age_ms"):
            shares = [None if p is None else p * 100 for p in curve["p_stale"]]
            out.append(line_chart(f"stale reads by age since the last write: {cid}", list(range(len(shares))),
                                  {"% stale": shares}, width, unit=" %",
                                  ends=("<1 ms", f"{curve['age_ms'][-1]:,g} ms (log scale)")))
        seen = comp.get("t_visibility")  # a quorum's PBS curve
        if seen and seen.get("t_ms"):
            shares = [None if p is None else p * 100 for p in seen["p_consistent"]]
            out.append(line_chart(f"t-visibility, reads that saw the last commit, by t after it: {cid}",
                                  list(range(len(shares))), {"% consistent": shares}, width, unit=" %",
                                  ends=("<1 ms", f"{seen['t_ms'][-1]:,g} ms (log scale)")))
    return out
