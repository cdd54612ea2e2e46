"""Load a design or a challenge from a file: every problem in it reported at once, located."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel, ValidationError
from ruamel.yaml.comments import CommentedMap

from playground.design.challenge import Challenge
from playground.design.checks import check_design
from playground.design.files import read_text
from playground.design.messages import near_miss, problems_from
from playground.design.model import Design
from playground.design.problems import LoadError, Problem, dotted
from playground.design.yamlio import parse, parse_with_warnings, position
from playground.kinds import KINDS

M = TypeVar("M", bound=BaseModel)


@dataclass
class Loaded(Generic[M]):
    """A model with the round-trip document it came from, so an edit keeps the person's comments."""

    model: M
    doc: Any
    file: str
    warnings: list[Problem] = field(default_factory=list)


def _validate(model: type[M], text: str, file: str) -> tuple[M, Any]:
    return _validate_doc(model, parse(text, file), file)


def _validate_doc(model: type[M], doc: Any, file: str) -> tuple[M, Any]:
    if not isinstance(doc, CommentedMap):
        what = "empty" if doc is None else f"a {type(doc).__name__.replace('Commented', '').lower()}"
        raise LoadError([Problem(file, 1, 1, "", f"the file is {what}; expected a mapping of fields",
                                 f"see `playground schema {model.__name__.lower()}`")])
    try:
        return model.model_validate(_plain(doc)), doc
    except ValidationError as e:
        raise LoadError(problems_from(e, model, doc, file)) from None


def _plain(data: Any) -> Any:
    """ruamel's commented containers as plain dicts and lists (pydantic sees ordinary data)."""
    if isinstance(data, dict):
        return {str(k) if not isinstance(k, (str, int, float, bool)) else k: _plain(v) for k, v in data.items()}
    if isinstance(data, list):
        return [_plain(v) for v in data]
    if type(data).__module__.startswith("ruamel"):
        for base in (bool, int, float, str):
            if isinstance(data, base):
                return base(data)
    return data


def _locate(findings: list[tuple[tuple[Any, ...], str, str | None, str]], doc: Any, file: str) -> list[Problem]:
    out = []
    for path, message, hint, severity in findings:
        line, col = position(doc, path) or (None, None)
        out.append(Problem(file, line, col, dotted(path), message, hint, severity))  # type: ignore[arg-type]
    return out


def load_design_text(text: str, file: str = "<design>", given: frozenset[str] = frozenset()) -> Loaded[Design]:
    """`given`: ids of the parts a challenge's world provides, which the design may call."""
    return _design_of(*parse_with_warnings(text, file), file, given)


def load_challenge_text(text: str, file: str = "<challenge>") -> Loaded[Challenge]:
    return _challenge_of(*parse_with_warnings(text, file), file)


def _design_of(doc: Any, warnings: list[Problem], file: str, given: frozenset[str] = frozenset()) -> Loaded[Design]:
    design, doc = _validate_doc(Design, doc, file)
    problems = warnings + _locate(check_design(design, given), doc, file)
    if any(p.severity == "error" for p in problems):
        raise LoadError(problems)
    return Loaded(design, doc, file, problems)


def _challenge_of(doc: Any, warnings: list[Problem], file: str) -> Loaded[Challenge]:
    challenge, doc = _validate_doc(Challenge, doc, file)
    problems = warnings + _locate(challenge.checks(), doc, file)
    if any(p.severity == "error" for p in problems):
        raise LoadError(problems)
    return Loaded(challenge, doc, file, problems)


_CHALLENGE_ONLY = frozenset(Challenge.model_fields) - frozenset(Design.model_fields)


def is_challenge_doc(doc: Any) -> bool:
    """Whether a parsed file is meant as a challenge: it has more of a challenge's top-level
    fields than of a design's (the two share none), so one without `traffic:` still counts."""
    if not isinstance(doc, dict):
        return False
    keys = {str(k) for k in doc}
    return len(keys & _CHALLENGE_ONLY) > len(keys & frozenset(Design.model_fields))


def load_file(path: str | Path, given: frozenset[str] = frozenset()) -> Loaded[Design] | Loaded[Challenge]:
    """A design or a challenge, whichever the file is meant as, parsed once; `given` as for
    load_design_text."""
    path = Path(path)
    file = str(path)
    doc, warnings = parse_with_warnings(read_text(path), file)
    if is_challenge_doc(doc):
        return _challenge_of(doc, warnings, file)
    return _design_of(doc, warnings, file, given)


def load_design(path: str | Path, given: frozenset[str] = frozenset()) -> Loaded[Design]:
    path = Path(path)
    return load_design_text(read_text(path), str(path), given)


def load_challenge(path: str | Path) -> Loaded[Challenge]:
    path = Path(path)
    return load_challenge_text(read_text(path), str(path))


def check_pairing(design: Design, challenge: Loaded[Challenge]) -> list[Problem]:
    """Fault targets of a challenge that would strike nothing in this design (a role no component
    plays, a zone or part it does not have), or a component the fault can do nothing to. A
    required fault that strikes nothing fails the run, so a player is told before running."""
    world = challenge.model.world
    system = challenge.model.assemble(design).components
    by_id = {c.id: c for c in system}
    roles = sorted({r for kind in KINDS.values() for r in kind.roles} | {"entry"})
    findings = []
    for i, fault in enumerate(challenge.model.faults):
        for where, target in fault.aimed():
            path: tuple[Any, ...] = ("faults", i, *where)
            how, _, name = target.rpartition(":")
            if how == "role":
                struck = ([by_id[design.entry]] if name == "entry" and design.entry in by_id
                          else [c for c in system if name in c.roles])
                if name not in roles:
                    findings.append((path, f"no kind plays the role {name!r}", near_miss(name, roles), "warning"))
                    continue
                missing = f"no component of the design plays the role {name!r}"
            elif how in ("zone", "region"):
                places = (world.zones if how == "zone" else list(world.regions)) if world is not None else (
                    sorted({c.zone for c in design.components if c.zone}) if how == "zone" else [])
                if name not in places:
                    findings.append((path, f"there is no {how} {name!r}", near_miss(name, places), "warning"))
                    continue
                struck = [c for c in system if _place(c, how, world) == name
                          or (how == "zone" and world is not None and name in world.zones_of(c))]
                missing = f"no component of the design is in the {how} {name!r}"
            else:
                struck = [by_id[target]] if target in by_id else []
                missing = f"the design has no component {target!r}"
                if not struck:
                    findings.append((path, missing, near_miss(target, list(by_id)), "warning"))
                    continue
            if not struck:
                hint = "the run fails: the story's faults must strike the design" if fault.required else None
                findings.append((path, missing, hint, "warning"))
            elif fault.needs and not any(fault.needs in c.has for c in struck):
                findings.append((path, f"{fault.kind} needs a component with {fault.needs}; "
                                 f"{target!r} is a {' or a '.join(sorted({c.kind for c in struck}))}", None, "warning"))
    return _locate(findings, challenge.doc, challenge.file)


def _place(comp: Any, how: str, world: Any) -> str | None:
    """The zone or region a component is in: the world's when the challenge owns one."""
    if world is None:
        return comp.zone if how == "zone" else None
    zone = world.zone_of(comp)
    return zone if how == "zone" else world.region_of(zone)


def check_world(design: Loaded[Design], challenge: Challenge) -> list[Problem]:
    """What a design may not do in a challenge that owns its world, located in the design's
    file: set physics (each kind says which fields are, and what to choose instead), define or
    re-time a part the world gives, invent a third party, place a component in a zone the world
    does not have, or hold more slots than its machine's size does."""
    world = challenge.world
    if world is None:
        return []
    given = world.given_ids()
    findings: list[tuple[tuple[Any, ...], str, str | None, str]] = []
    for i, c in enumerate(design.model.components):
        at = ("components", i)
        if c.id in given:
            findings.extend(_given_listed(c, at, world))
            continue
        if c.given_only:
            findings.append((at, f"a {c.kind} is the story's, not the design's: call a part the challenge gives",
                             near_miss(c.id, sorted(given)) or (f"it gives {', '.join(sorted(given))}" if given else None),
                             "error"))
        for name in sorted(set(c.physics) & c.model_fields_set):
            findings.append(((*at, name), f"{name} is the world's in this challenge, not the design's",
                             c.physics[name], "error"))
        places = [*world.zones, *world.regions]  # a region: its instances spread over its zones
        if c.zone is not None and c.zone not in places:
            findings.append(((*at, "zone"), f"the world has no zone {c.zone!r}",
                             near_miss(c.zone, places) or f"zones: {', '.join(world.zones)}", "error"))
        findings.extend(_over_capacity(c, at))
        for where, problem, advice, severity in c.world_checks(world):
            findings.append(((*at, *where), problem, advice, severity))
    return _locate(findings, design.doc, design.file)


def _given_listed(c: Any, at: tuple[Any, ...], world: Any) -> Iterator[tuple[tuple[Any, ...], str, str | None, str]]:
    """A design that lists a part the world gives: refused, unless the world lets the design
    choose some of its fields (its slots, its size), and then only those, on a part of its kind
    (a field restated with the story's own value is no choice, and no problem)."""
    chosen = world.chosen.get(c.id)
    if not chosen:
        yield ((*at, "id"), f"{c.id!r} is a part the challenge gives: call it, do not define it",
               f"remove it and call {c.id!r}", "error")
        return
    part = next(g for g in world.given if g.id == c.id)
    if c.kind != part.kind:
        yield ((*at, "kind"), f"{c.id!r} is a {part.kind} the challenge gives", f"kind: {part.kind}", "error")
        return
    for name in sorted(c.model_fields_set - {"id", "kind"} - set(chosen)):
        if name in part.model_fields_set and getattr(c, name) == getattr(part, name):
            continue  # the story's own value, restated (a default it left to the world is no value of its)
        yield ((*at, name), f"{name} of {c.id!r} is the story's: the design chooses only {', '.join(chosen)}",
               f"remove {name}", "error")
    if "zone" in chosen and "zone" in c.model_fields_set:
        region = world.region_of(world.zone_of(part))
        if c.zone not in world.regions[region]:
            yield ((*at, "zone"), f"{c.id!r} is in the region {region!r}: the design chooses only its zone there",
                   f"zones: {', '.join(world.regions[region])}", "error")
    yield from _over_capacity(world.sized(c), at)


def _over_capacity(c: Any, at: tuple[Any, ...]) -> Iterator[tuple[tuple[Any, ...], str, str | None, str]]:
    """More of its billed units (slots, items) than a machine of its size holds."""
    units, cap = c.billed_units(), c.price.per_machine.get(c.size)
    if c.billed is not None and units is not None and cap is not None and units > cap:
        yield ((*at, c.billed), f"a {c.size} {c.kind} machine holds {cap:,} {c.price.capacity}, not {units:,}",
               "choose a larger size, or more instances", "error")
