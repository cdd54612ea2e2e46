"""`playground verify CLAIMS` or `playground verify DESIGN --challenge ID --digest D --score S`:
run a shared score again and say whether it holds."""

from __future__ import annotations

import argparse
from pathlib import Path

from playground.cli.common import (
    EXIT_INVALID,
    CliFailure,
    Output,
    design_text,
    load_challenge_ref,
    shared_arg,
)
from playground.cli.executing import add_executor_args, executor, progress
from playground.core import ENGINE_VERSION
from playground.core.estimate import estimate, refusal
from playground.design import bundled
from playground.design.challenge import Challenge
from playground.design.load import load_challenge
from playground.design.problems import LoadError, Problem
from playground.design.share import SHARED_FILE, ShareError, decode_share, encode_share
from playground.design.yamlio import read_text
from playground.runs.claims import Claim, ClaimError, Verdict, judge, precheck, read_claims
from playground.runs.plan import Entry, grade_all
from playground.runs.seeds import grading_seeds
from playground.runs.submissions import design_for
from playground.scoring import EXIT_FAILED, EXIT_PASSED


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "verify",
        help="run a claimed score again and say whether it holds",
        description="Check claims: a file of them, one per line (as `playground grade "
        "--leaderboard` writes), or one given as DESIGN --challenge ID --digest D --score S. "
        "Each is run again at the challenge's grading seeds; it holds when the digest, the "
        "score (to 0.1) and the verdict agree. Exit status: 0 when every claim holds, 1 when "
        "any does not or cannot be checked here (another engine version), 2 for invalid input.",
    )
    p.add_argument("claims", metavar="CLAIMS_OR_DESIGN",
                   help="a file of claims, or (with --challenge) the claimed design: a file or a share line")
    p.add_argument("--challenge", "-c", metavar="NAME_OR_PATH", help="the claim's challenge")
    p.add_argument("--digest", help="the claim's digest")
    p.add_argument("--score", type=float, help="the claimed score")
    p.add_argument("--seeds", help="the claim's seeds, comma-separated (default: the challenge's)")
    p.add_argument("--engine", default=ENGINE_VERSION, help="the claim's engine version (default: this one)")
    p.add_argument("--json", action="store_true", help="print each verdict as JSON")
    add_executor_args(p)
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: Output) -> int:
    claims = [one_claim(args, out)] if args.challenge else claims_file(args, out)
    verdicts: list[Verdict | None] = []
    entries, places = [], []
    for claim in claims:
        verdict, entry = prepare(claim)
        verdicts.append(verdict)
        if entry is not None:
            places.append(len(verdicts) - 1)
            entries.append(entry)
    with executor(out, args) as ex, progress(out, "checking claims", args.json) as update:
        grades = grade_all(entries, ex, update)
    for i, grade in zip(places, grades, strict=True):
        verdicts[i] = judge(claims[i], grade)
    done = [v for v in verdicts if v is not None]
    if args.json:
        out.json([v.to_dict() for v in done])
    else:
        from playground.render.grading import verdict_table

        out.console.print(verdict_table([v.to_dict() for v in done]))
        held = sum(1 for v in done if v.holds)
        out.console.print(f"{held} of {len(done)} claims hold (engine {ENGINE_VERSION})", highlight=False)
    return EXIT_PASSED if all(v.holds for v in done) else EXIT_FAILED


def claims_file(args: argparse.Namespace, out: Output) -> list[Claim]:
    if args.digest or args.score is not None or args.seeds:
        _invalid(out, args.claims, "--digest, --score and --seeds describe a design's claim: give --challenge too")
    try:
        claims = read_claims(read_text(Path(args.claims)), args.claims)
    except LoadError as e:
        out.problems(e.problems)
        raise CliFailure(EXIT_INVALID) from None
    except ClaimError as e:
        _invalid(out, args.claims, str(e))
    if not claims:
        _invalid(out, args.claims, "holds no claim")
    return claims


def one_claim(args: argparse.Namespace, out: Output) -> Claim:
    if args.digest is None or args.score is None:
        _invalid(out, args.claims, "a claim needs --digest and --score (the card shows both)")
    challenge = load_challenge_ref(out, args.challenge).model
    try:
        text = design_text(args.claims)
    except LoadError as e:
        out.problems(e.problems)
        raise CliFailure(EXIT_INVALID) from None
    try:
        seeds = tuple(int(s) for s in args.seeds.split(",")) if args.seeds else grading_seeds(challenge)
    except ValueError:
        _invalid(out, args.claims, f"--seeds {args.seeds!r}: give whole numbers separated by commas")
    name = args.claims if not shared_arg(args.claims) else "shared design"
    return Claim(encode_share(text), args.challenge, seeds, args.engine, args.digest, args.score, None, name)


def _invalid(out: Output, where: str, message: str) -> None:
    out.problems([Problem(where, None, None, "", message)])
    raise CliFailure(EXIT_INVALID)


def prepare(claim: Claim) -> tuple[Verdict | None, Entry | None]:
    """The verdict when it is known without a run; else the run that decides it."""
    try:
        challenge = challenge_of(claim.challenge)
        text = decode_share(claim.design)
    except LoadError as e:
        return Verdict(claim, False, tuple(str(p) for p in e.problems)), None
    except ShareError as e:
        return Verdict(claim, False, (f"the design's share line: {e}",)), None
    too_big = refusal(estimate(challenge))
    if too_big is not None:
        return Verdict(claim, False, (f"not run: {too_big}",), checkable=False), None
    design, problems = design_for(text, claim.submission or SHARED_FILE, challenge)
    if design is None:
        return Verdict(claim, False, tuple(str(p) for p in problems)), None
    reasons = precheck(claim, design, challenge)
    if reasons:
        return Verdict(claim, False, tuple(reasons), checkable=claim.engine_version == ENGINE_VERSION), None
    return None, Entry(claim.submission or design.name, claim.challenge, design, text, challenge)


def challenge_of(ref: str) -> Challenge:
    path = bundled.challenge_path(ref)
    if not path.exists() and path.parent == bundled.challenges_dir():
        raise LoadError([Problem(ref, None, None, "", "no such challenge in the pack or on disk")])
    return load_challenge(path).model

