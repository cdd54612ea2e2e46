"""`playground compare A B -c CHALLENGE`: two designs run against one challenge at one seed, their
score cards side by side, what moved from the first to the second, and the designs' diff."""

from __future__ import annotations

import argparse

from playground.cli.common import Output, load_challenge_ref, load_design_or_exit
from playground.cli.executing import positive_int, refuse_oversize
from playground.core import simulate
from playground.design.share import decode_share
from playground.design.yamlio import read_text
from playground.scoring import score


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "compare", help="run two designs against a challenge and compare their cards",
        description="Run both designs against the challenge at the same seed and print their score "
        "cards side by side, what changed from the first to the second (score, p99, availability, "
        "cost), and the difference between the two designs' YAML. Exit status: 0 when the second "
        "design passes, 1 when it does not, 2 for invalid input.")
    p.add_argument("first", metavar="A", help="a design file or share line (the before)")
    p.add_argument("second", metavar="B", help="a design file or share line (the after)")
    p.add_argument("--challenge", "-c", required=True, metavar="NAME_OR_PATH")
    p.add_argument("--seed", type=int, default=None, help="random seed (default: the challenge's)")
    p.add_argument("--requests-limit", type=positive_int, default=None, metavar="N",
                   help="stop the traffic after N requests (a quicker, shorter run)")
    p.add_argument("--json", action="store_true", help="print both runs' figures and cards as JSON")
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: Output) -> int:
    from playground.render.compare import change_line, design_diff, figures, side_by_side

    challenge = load_challenge_ref(out, args.challenge)
    refuse_oversize(out, challenge, args.requests_limit)
    runs = []
    for arg in (args.first, args.second):
        loaded = load_design_or_exit(out, arg, challenge=challenge)
        result = simulate(loaded.model, challenge.model, args.seed, requests_limit=args.requests_limit)
        data = result.to_dict()
        card = score(loaded.model, challenge.model, data)
        runs.append((arg, loaded, data, card))
    (a_arg, a, a_data, a_card), (b_arg, b, b_data, b_card) = runs
    before, after = figures(a_data, a_card.to_dict()), figures(b_data, b_card.to_dict())
    a_text, b_text = _source(a_arg), _source(b_arg)
    if args.json:
        out.json({"challenge": args.challenge, "first": {"design": a.model.name, "figures": before.to_dict(),
                                                         "card": a_card.to_dict()},
                  "second": {"design": b.model.name, "figures": after.to_dict(), "card": b_card.to_dict()}})
    else:
        from playground.render.scorecard import score_card

        moved = change_line(before, after, since=f"from {a.model.name} to {b.model.name}")
        a_name = a_arg if len(a_arg) < 60 else a.model.name
        b_name = b_arg if len(b_arg) < 60 else b.model.name
        out.console.print(side_by_side(score_card(a_card.to_dict(), framed=True),
                                       score_card(b_card.to_dict(), framed=True),
                                       design_diff(a_name, a_text, b_name, b_text), moved,
                                       width=out.console.width))
    return 0 if b_card.passed else 1


def _source(arg: str) -> str:
    """The YAML a design argument names: the file's text, or a share line decoded."""
    from pathlib import Path

    from playground.cli.common import shared_arg

    return decode_share(arg) if shared_arg(arg) else read_text(Path(arg))
