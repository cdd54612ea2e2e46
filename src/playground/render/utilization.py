"""How busy each component was: the heat that colours the results diagram, and a table of bars.

An average hides a hot instance or partition (the hot-key lesson), so when the run result lists
a component's instances (`components[id].instances`: one entry per instance or partition, with
`utilization` and `throughput_rps`) each gets its own bar under the component's, and the busiest
one sets the component's heat. The result is read here and in `instances_of` only.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text

NAME_W = 14
BAR_W = 10
HOT, WARM = 0.9, 0.7
PINNED, PINNED_FOR_S = 0.95, 5


def instances_of(component: dict[str, Any]) -> list[dict[str, Any]]:
    """The component's instances or partitions, when the result has them (else none)."""
    return [i for i in component.get("instances") or [] if isinstance(i, dict)]


def _utilization(c: dict[str, Any]) -> float:
    return float(c.get("utilization") or 0)


def peak_utilization(component: dict[str, Any]) -> float:
    """The busiest instance's utilization, or the component's when it has no instances listed."""
    return max([_utilization(component), *(_utilization(i) for i in instances_of(component))])


def pinned_s(component: dict[str, Any]) -> int:
    """Seconds the component spent saturated (its per-second utilization at PINNED or more): a
    service pinned through a spike averages far below 100 % over the whole run."""
    series = (component.get("series") or {}).get("utilization") or []
    return sum(1 for u in series if u is not None and float(u) >= PINNED)


def heat_of(result: dict[str, Any]) -> dict[str, float]:
    """Each component's busiest utilization, raised to its error share when that is worse."""
    heat = {}
    duration = (result.get("series") or {}).get("t") or [1]
    for cid, c in (result.get("components") or {}).items():
        served = float(c.get("throughput_rps") or 0)
        errors = float(c.get("errors") or 0)
        share = errors / max(1.0, served * max(1.0, float(duration[-1])) + errors)
        pinned = PINNED if pinned_s(c) >= PINNED_FOR_S else 0.0
        heat[cid] = max(peak_utilization(c), share, pinned)
    return heat


def _colour(util: float) -> str:
    return "red" if util >= HOT else "yellow" if util >= WARM else "green"


def _bar(out: Text, name: str, util: float, rps: float, style: str = "bold") -> None:
    out.append(f"{name[:NAME_W]:<{NAME_W}} ", style=style)
    filled = max(0, min(BAR_W, round(util * BAR_W)))
    out.append("█" * filled, style=_colour(util))
    out.append("░" * (BAR_W - filled), style="dim")
    out.append(f" {util * 100:5.1f} %  {rps:8,.1f} req/s")


def utilization_table(result: dict[str, Any]) -> Text:
    """One bar per component, busiest first; under it one per instance or partition when known,
    with the spread named when the average hides a hot one."""
    rows = sorted((result.get("components") or {}).items(), key=lambda kv: -peak_utilization(kv[1]))
    out = Text()
    for cid, c in rows:
        _bar(out, cid, _utilization(c), float(c.get("throughput_rps") or 0))
        out.append(f"  queue {float(c.get('queue_length') or 0):6,.1f}")
        if c.get("errors"):
            out.append(f"  errors {int(c['errors']):,}", style="red")
        if c.get("hit_ratio") is not None:
            out.append(f"  hits {float(c['hit_ratio']) * 100:4.1f} %")
        if pinned_s(c) >= PINNED_FOR_S:
            out.append(f"  pinned ≥{PINNED * 100:.0f} % for {pinned_s(c)} s", style="bold red")
        instances = instances_of(c)
        if len(instances) > 1:
            peak = peak_utilization(c)
            if peak - _utilization(c) >= 0.1:
                out.append(f"  busiest {peak * 100:.0f} %: the average hides it", style=_colour(peak))
        out.append("\n")
        if len(instances) > 1:
            for k, inst in enumerate(instances):
                label = str(inst.get("name") or inst.get("id") or f"#{k}")
                _bar(out, f"  {label}", _utilization(inst), float(inst.get("throughput_rps") or 0), style="")
                out.append("\n")
    return out
