"""A grade as JUnit XML, the test report format CI servers and class tools read.

One `testsuite` per challenge, one `testcase` per submission: a `failure` when it did not pass at
every seed (the failing seeds and requirements), an `error` when it could not be graded (the
problems in the file). No `time` attributes: the report says what happened, not how fast a
machine was, so it is the same whichever executor made it.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from playground.runs.report import Graded


def _count(items: list[Graded]) -> dict[str, str]:
    errors = sum(1 for g in items if g.grade is None)
    failures = sum(1 for g in items if g.grade is not None and not g.passed)
    return {"tests": str(len(items)), "failures": str(failures), "errors": str(errors)}


def junit_xml(graded: list[Graded], engine_version: str) -> str:
    root = ET.Element("testsuites", {"name": "playground grade", **_count(graded)})
    by_challenge: dict[str, list[Graded]] = {}
    for g in graded:
        by_challenge.setdefault(g.challenge_id, []).append(g)
    for challenge_id, items in by_challenge.items():
        suite = ET.SubElement(root, "testsuite", {"name": challenge_id, **_count(items), "skipped": "0"})
        props = ET.SubElement(suite, "properties")
        ET.SubElement(props, "property", {"name": "challenge_title", "value": items[0].challenge_title})
        ET.SubElement(props, "property", {"name": "engine_version", "value": engine_version})
        seeds = next((g.grade.seeds for g in items if g.grade is not None), ())
        ET.SubElement(props, "property", {"name": "seeds", "value": " ".join(map(str, seeds))})
        for g in items:
            case = ET.SubElement(suite, "testcase", {"name": g.submission, "classname": f"playground.{challenge_id}"})
            why = g.why()
            if g.grade is None:
                ET.SubElement(case, "error", {"type": "invalid design", "message": why[0]}).text = "\n".join(why)
            elif not g.passed:
                failing = sum(1 for r in g.grade.rows if not r.passed)
                message = f"failed at {failing} of {len(g.grade.rows)} seeds; score {g.score:.1f}"
                ET.SubElement(case, "failure", {"type": "requirement", "message": message}).text = "\n".join(why)
            if g.grade is not None:
                low, high = g.grade.spread
                ET.SubElement(case, "system-out").text = (
                    f"score {g.score:.1f} (median of {len(g.grade.rows)} seeds, {low:.1f} to {high:.1f}); "
                    f"digest {g.grade.digest}; engine {g.grade.engine_version}")
    ET.indent(root)
    return ET.tostring(root, encoding="unicode", xml_declaration=True) + "\n"
