"""`playground run DESIGN --challenge NAME_OR_PATH`: run a challenge's traffic through a design."""

from __future__ import annotations

import argparse
import time

from rich.table import Table

from playground.cli.common import Output, load_challenge_ref, load_design_or_exit
from playground.core import RunResult, simulate
from playground.design.load import check_pairing
from playground.render.scorecard import score_card
from playground.scoring import exit_code, score


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "run",
        help="simulate a challenge's traffic through a design",
        description="Run the challenge's traffic (and faults) through the design, request by "
        "request, and print what happened: a summary, or the full result as JSON "
        "(every field is described in docs/results.md), then the score card. Exit status: 0 "
        "when every requirement passes, 1 when any fails, 2 for invalid input.",
    )
    p.add_argument("design", metavar="DESIGN", help="a design file, or a line from `playground share`")
    p.add_argument("--challenge", "-c", required=True, metavar="NAME_OR_PATH",
                   help="a challenge from the pack (see `playground challenges`) or a file")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the challenge's)")
    p.add_argument("--json", action="store_true", help="print the full result as JSON")
    p.add_argument("--requests-limit", type=int, default=None, metavar="N",
                   help="stop the traffic after N requests (a quicker, shorter run)")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: Output) -> int:
    design = load_design_or_exit(out, args.design)
    challenge = load_challenge_ref(out, args.challenge)
    out.problems(check_pairing(design.model, challenge))
    started = time.perf_counter()
    result = simulate(design.model, challenge.model, args.seed, requests_limit=args.requests_limit)
    data = result.to_dict()
    card = score(design.model, challenge.model, data)
    if args.json:
        out.json({**data, **card.to_dict()})
    else:
        summary(out, result, challenge.model.title, time.perf_counter() - started)
        out.console.print(score_card(card.to_dict(), framed=True))
    return exit_code(card)


def _num(value: float | None, fmt: str = "{:,.1f}") -> str:
    return "–" if value is None else fmt.format(value)


def summary(out: Output, r: RunResult, title: str, wall_s: float) -> None:
    req = r.requests
    lat = r.latency_ms["overall"]
    c = out.console
    c.print(f"[bold]{title}[/]  seed {r.seed}, {r.duration_s:g} s of traffic, "
            f"simulated in {wall_s:.2f} s", highlight=False)
    c.print(f"requests {req['total']:,}: [green]ok {req['ok']:,}[/], timeout {req['timeout']:,}, "
            f"rejected {req['rejected']:,}, error {req['error']:,}  availability "
            f"[bold]{_num(r.availability and r.availability * 100, '{:.3f}')} %[/]", highlight=False)
    lat_table = Table(title="latency of ok requests (ms)", title_justify="left")
    for col in ("op", "count", "mean", "p50", "p95", "p99", "max"):
        lat_table.add_column(col, justify="left" if col == "op" else "right")
    rows = [("all", lat), *r.latency_ms["by_op"].items()]
    for op, s in rows:
        lat_table.add_row(op, f"{s['count']:,}", *(_num(s[k]) for k in ("mean", "p50", "p95", "p99", "max")))
    c.print(lat_table)
    comp = Table(title="components", title_justify="left")
    for col in ("id", "kind", "utilization", "req/s", "queue", "errors", "hit ratio"):
        comp.add_column(col, justify="left" if col in ("id", "kind") else "right")
    for cid, s in r.components.items():
        util = s["utilization"]
        style = "red" if util is not None and util >= 0.85 else ""
        comp.add_row(cid, s["kind"], f"[{style}]{_num(util and util * 100, '{:.1f} %')}[/]" if style
                     else _num(util and util * 100, "{:.1f} %"), _num(s["throughput_rps"]),
                     _num(s["queue_length"], "{:.2f}"), f"{s['errors']:,}",
                     _num(s.get("hit_ratio"), "{:.3f}"))
    c.print(comp)
    if r.anomalies.get("counts"):
        found = ", ".join(f"{k} {v:,}" for k, v in r.anomalies["counts"].items() if v)
        c.print(f"anomalies: {found or 'none'}", highlight=False)
