"""`playground grade SUBMISSIONS/ --challenge ID | --pack`: grade a folder of designs at every
grading seed, with the reports class tools read (JSON, JUnit XML, Gradescope's results.json)."""

from __future__ import annotations

import argparse
from pathlib import Path

from playground.cli.common import EXIT_INVALID, CliFailure, Output, load_challenge_ref
from playground.cli.executing import (
    add_executor_args,
    add_mode_args,
    executor,
    oversize,
    positive_int,
    progress,
    refuse_oversize,
)
from playground.core import ENGINE_VERSION
from playground.design import bundled
from playground.design.challenge import Challenge
from playground.design.load import Loaded, load_challenge
from playground.design.messages import near_miss
from playground.design.model import Design
from playground.design.problems import Problem
from playground.design.yamlio import write_atomic
from playground.runs.claims import Claim, leaderboard
from playground.runs.gradescope import results_json
from playground.runs.junit import junit_xml
from playground.runs.plan import Entry, grade_all
from playground.runs.report import Graded, json_report, summary
from playground.runs.submissions import Submission, read_folder
from playground.scoring import EXIT_FAILED, EXIT_PASSED


def add_parser(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser(
        "grade",
        help="grade a folder of designs (a class's submissions) at every grading seed",
        description="Grade every design file (.yaml) and every file holding a share line in "
        "SUBMISSIONS (and its subfolders) at every seed that grades the challenge, spread over "
        "the executor's workers. With --pack each file is graded on the pack challenge it is "
        "named after (alice/first-crud.yaml on first-crud). Exit status: 0 only if every "
        "submission passes at every seed, 1 otherwise, 2 for invalid arguments.",
    )
    p.add_argument("folder", metavar="SUBMISSIONS", help="a folder of design files or share lines")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--challenge", "-c", metavar="NAME_OR_PATH", help="grade every file on this challenge")
    which.add_argument("--pack", action="store_true",
                       help="grade each file on the pack challenge it is named after")
    p.add_argument("--json", action="store_true", help="print every grade, with its card, as JSON")
    p.add_argument("--junit", metavar="FILE", help="write a JUnit XML report (one test case per submission)")
    p.add_argument("--gradescope", metavar="FILE", help="write Gradescope's autograder results.json")
    p.add_argument("--leaderboard", metavar="FILE",
                   help="write one checkable claim per line, best first (`playground verify FILE`)")
    p.add_argument("--requests-limit", type=positive_int, default=None, metavar="N", help=argparse.SUPPRESS)
    add_executor_args(p)
    add_mode_args(p)
    p.set_defaults(handler=handle)


def handle(args: argparse.Namespace, out: Output) -> int:
    folder = Path(args.folder)
    if not folder.is_dir():
        out.problems([Problem(args.folder, None, None, "", "no such folder")])
        raise CliFailure(EXIT_INVALID)
    loaded = pack() if args.pack else {args.challenge: load_challenge_ref(out, args.challenge)}
    if args.mode == "exact":  # otherwise each design's own fast run is judged below
        for each in loaded.values():
            refuse_oversize(out, each, args.requests_limit)
    challenges = {cid: each.model for cid, each in loaded.items()}
    submissions = read_folder(folder)
    if not submissions:
        out.problems([Problem(args.folder, None, None, "", "holds no design file (.yaml) and no share line")])
        raise CliFailure(EXIT_INVALID)
    graded, entries, places = [], [], []
    oversized: list[tuple[str, Design]] = []
    for s in submissions:
        for challenge_id, why in pairings(s, challenges, args.pack):
            challenge = challenges.get(challenge_id)
            title = challenge.title if challenge is not None else challenge_id
            design = None
            if challenge is not None and not why:
                design, why = s.design_for(challenge)
            if design is not None and challenge is not None and args.mode != "exact":
                too_big = oversize(challenge, args.requests_limit, design, args.mode)
                if too_big is not None:  # this design's run would not finish: not graded, and why
                    oversized.append((challenge_id, design))
                    design, why = None, (Problem(s.name, None, None, "traffic", too_big),)
            graded.append(Graded(s.name, challenge_id, title, None, why))
            if design is not None and challenge is not None and s.text is not None:
                places.append(len(graded) - 1)
                entries.append(Entry(s.name, challenge_id, design, s.text, challenge))
    if oversized and not entries:  # nothing can run: the challenge is what is too big
        challenge_id, design = oversized[0]
        refuse_oversize(out, loaded[challenge_id], args.requests_limit, design, args.mode)
    with executor(out, args) as ex, progress(out, "grading", args.json) as update:
        grades = grade_all(entries, ex, update, requests_limit=args.requests_limit, mode=args.mode)
    for i, grade in zip(places, grades, strict=True):
        graded[i] = Graded(graded[i].submission, graded[i].challenge_id, graded[i].challenge_title, grade)
    write_reports(args, graded, entries, places)
    if args.json:
        out.json_text(json_report(graded, ENGINE_VERSION))
    else:
        from playground.render.grading import grade_table

        counts = summary(graded)
        out.console.print(grade_table([g.to_dict() for g in graded]))
        out.console.print(f"{counts['passed']} of {counts['graded']} passed at every grading seed "
                          f"(engine {ENGINE_VERSION})", highlight=False)
    return EXIT_PASSED if all(g.passed for g in graded) else EXIT_FAILED


def pack() -> dict[str, Loaded[Challenge]]:
    return {p.stem: load_challenge(p) for p in bundled.challenge_files()}


def pairings(s: Submission, challenges: dict[str, Challenge],
             by_name: bool) -> list[tuple[str, tuple[Problem, ...]]]:
    """The challenges a submission is graded on, each with what stops it (its own problems, or
    a name that matches no challenge of the pack)."""
    if not by_name:
        return [(cid, ()) for cid in challenges]
    if s.stem in challenges:
        return [(s.stem, ())]
    hint = near_miss(s.stem, list(challenges)) or "name the file after a pack challenge, e.g. first-crud.yaml"
    return [(s.stem, (Problem(s.name, None, None, "", "is named after no challenge of the pack", hint),))]


def write_reports(args: argparse.Namespace, graded: list[Graded], entries: list[Entry],
                  places: list[int]) -> None:
    if args.junit:
        write_atomic(Path(args.junit), junit_xml(graded, ENGINE_VERSION))
    if args.gradescope:
        write_atomic(Path(args.gradescope), results_json(graded, ENGINE_VERSION))
    if args.leaderboard:
        claims = [Claim.of(graded[i].grade, e.design_text, e.challenge_id)  # type: ignore[arg-type]
                  for i, e in zip(places, entries, strict=True)]
        write_atomic(Path(args.leaderboard), leaderboard(claims))
