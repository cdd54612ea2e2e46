"""A challenge's brief, read before the first run: the story, what will be measured (the
requirements and the budget), the traffic, the faults and when they strike, the time limit.

`brief()` gives it as plain data (for `challenges --json` and `challenges show --json`);
`brief_renderable()` draws that data for the terminal, on Home, in the workbench and on the CLI.
The challenge model is read here only.
"""

from __future__ import annotations

import re
from typing import Any

from rich.console import Group, RenderableType
from rich.text import Text

from playground.core import distributions
from playground.design.challenge import Challenge


def _s(x: float) -> str:
    return f"{x:g} s"


def requirement_text(r: Any) -> str:
    """One requirement in words: `p99 under 100 ms`, `availability at least 99.9 %`."""
    if r.kind == "latency":
        return f"p{r.percentile:g} latency{f' of {r.op}' if r.op else ''} under {r.max_ms:g} ms"
    if r.kind == "availability":
        return f"availability at least {r.min * 100:g} %"
    if r.kind == "anomaly":
        limits = []
        if r.max_count is not None:
            limits.append("none" if r.max_count == 0 else f"at most {r.max_count:,}")
        if r.max_rate is not None:
            limits.append(f"at most {r.max_rate * 100:g} % of requests")
        return f"{r.anomaly.replace('_', ' ')}: {' and '.join(limits)}"
    if r.kind == "cost":
        return f"cost at most ${r.max_monthly_usd:,.0f}/month"
    return str(r.kind)


SAID_APART = ("kind", "at_s", "target", "between", "duration_s")  # the fault's own words say these


def _field(name: str, value: Any) -> str:
    if value is True:
        return name.replace("_", " ")
    shown = f"{value:g}" if isinstance(value, float) else str(value)
    return f"{name.replace('_', ' ')} {shown}"


def fault_text(f: Any) -> str:
    """One fault in words, after its time: `crash db for 20 s`, `slow down api (factor 4)`. Every
    fault kind is told the same way from its fields, so a new kind needs nothing here."""
    kind = type(f)
    words = f"{kind.kind_name().replace('_', ' ')} {' ↔ '.join(f.aims())}".rstrip()
    extras = [_field(name, getattr(f, name)) for name in kind.model_fields
              if name not in SAID_APART and name in f.model_fields_set and getattr(f, name) not in (None, False)]
    lasts = f.lasts()
    lasting = f" for {_s(lasts)}" if lasts else (" until the run ends" if "duration_s" in kind.model_fields else "")
    return words + (f" ({', '.join(extras)})" if extras else "") + lasting


def traffic_text(c: Challenge) -> str:
    phases = []
    for p in c.traffic.phases or ():
        ramp = f" (ramp {_s(p.ramp_s)})" if p.ramp_s else ""
        phases.append(f"{_s(p.duration_s)} at {p.rps:,g} req/s{ramp}")
    users = c.traffic.users
    if users is not None:
        think = distributions.of(users.think_time).mean
        phases.append(f"{users.count:,} users for {_s(users.duration_s)}, each thinking {_s(think)} "
                      "on average between an answer and the next request")
    total = sum(c.traffic.mix.values()) or 1
    mix = ", ".join(f"{op} {share / total * 100:.0f} %" for op, share in c.traffic.mix.items() if share)
    keys = c.traffic.keys
    client = c.traffic.client
    plural = "retry" if client.retries == 1 else "retries"
    retries = f", {client.retries} {plural} from {client.backoff_ms:g} ms" if client.retries else ", no retries"
    return (f"{', then '.join(phases)}; {mix}; {keys.count:,} {keys.distribution} keys; "
            f"clients time out at {client.timeout_ms:g} ms{retries}")


def brief(challenge_id: str, c: Challenge) -> dict[str, Any]:
    """The brief as plain data."""
    budget = next((r.max_monthly_usd for r in c.requirements if r.kind == "cost"), None)
    return {
        "id": challenge_id, "title": c.title, "difficulty": c.difficulty,
        "time_limit_min": c.time_limit_min, "story": " ".join(c.story.split()), "premise": premise(c), "teaches": list(c.teaches),
        "requirements": [{"kind": r.kind, "name": r.name, "text": requirement_text(r)} for r in c.requirements],
        "budget_monthly_usd": budget,
        "traffic": traffic_text(c),
        "duration_s": c.traffic.duration_s,
        "faults": [{"at_s": f.at_s, "kind": f.kind, "text": fault_text(f)} for f in c.faults],
        "hints": len(c.hints), "seed": c.seed,
    }


def premise(c: Challenge) -> str:
    """The story's first sentence: what happens, never how to fix it (the lessons are kept for
    after a pass, so a list of challenges does not give the answers away)."""
    story = " ".join(c.story.split())
    end = re.search(r"[.!?](\s|$)", story)
    return story[: end.end()].strip() if end else story


def brief_renderable(data: dict[str, Any], story: bool = True, lessons: bool = False) -> RenderableType:
    """The brief drawn: title line, story, requirements, budget, traffic, faults; the lessons only
    once the person has passed (or asked for them): named first, they give the answer away."""
    parts: list[RenderableType] = [Text.assemble(
        (data["title"], "bold"), "  ", (data["difficulty"], "italic"),
        f" · {data['time_limit_min']} min · {data['duration_s']:g} s of traffic · seed {data['seed']}")]
    if story:
        parts += [Text(""), Text(data["story"])]
    parts += [Text(""), Text("to pass", style="bold")]
    for r in data["requirements"]:
        if r.get("name") and r["name"] != r["text"]:
            parts.append(Text.assemble(f"  • {r['name']}  ", (f"({r['text']})", "dim")))
        else:
            parts.append(Text(f"  • {r['text']}"))
    if not data["requirements"]:
        parts.append(Text("  • nothing is required: the scores alone", style="dim"))
    if data.get("budget_monthly_usd") is None:
        parts.append(Text("  no budget: cost is not judged", style="dim"))
    parts += [Text(""), Text.assemble(("traffic ", "bold"), data["traffic"])]
    parts += [Text(""), Text("faults", style="bold")]
    for f in data["faults"]:
        parts.append(Text.assemble(f"  {f['at_s']:>6g} s  ", (f["text"], "yellow")))
    if not data["faults"]:
        parts.append(Text("  none", style="dim"))
    if lessons:
        parts += [Text(""), Text.assemble(("teaches ", "bold"), (" · ".join(data["teaches"]), "italic"))]
    else:
        parts += [Text(""), Text("its lessons show once you pass it", style="dim")]
    return Group(*parts)
