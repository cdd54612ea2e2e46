"""Whatever text arrives, the loaders answer with a design or their own LoadError, nothing else."""

from __future__ import annotations

import string

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from playground.design import bundled
from playground.design.load import load_challenge_text, load_design_text
from playground.design.problems import LoadError
from playground.design.yamlio import dump, parse, read_text

SETTINGS = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(
    st.none(), st.booleans(), st.integers(-(10**12), 10**12),
    st.floats(allow_nan=True, allow_infinity=True), st.text(string.printable, max_size=12),
)
json_like = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4)
    | st.dictionaries(st.sampled_from(["name", "entry", "components", "kind", "id", "calls",
                                       "workers", "traffic", "phases", "x"]) | st.text(max_size=6),
                      inner, max_size=4),
    max_leaves=20,
)


def _load_both(text: str) -> None:
    for loader in (load_design_text, load_challenge_text):
        try:
            loader(text, "fuzz.yaml")
        except LoadError as e:
            assert e.problems and all(p.file == "fuzz.yaml" for p in e.problems)
            assert all(p.line is None or p.line >= 1 for p in e.problems)


@SETTINGS
@given(st.text(alphabet=string.printable + "äé–", max_size=300))
def test_random_text(text):
    _load_both(text)


@SETTINGS
@given(json_like)
def test_random_documents(data):
    from io import StringIO

    from ruamel.yaml import YAML

    buf = StringIO()
    YAML(typ="safe").dump(data, buf)
    _load_both(buf.getvalue())


DESIGN_DOCS = [read_text(p) for p in bundled.design_files()]


@SETTINGS
@given(st.sampled_from(DESIGN_DOCS), st.data())
def test_mutated_designs(text, data):
    """Replace one value somewhere in a real design with something random."""
    doc = parse(text, "d.yaml")
    node = doc
    for _ in range(data.draw(st.integers(1, 4))):
        if isinstance(node, dict) and node:
            key = data.draw(st.sampled_from(sorted(node, key=str)))
            if not isinstance(node[key], (dict, list)):
                node[key] = data.draw(scalars | json_like)
                break
            node = node[key]
        elif isinstance(node, list) and node:
            i = data.draw(st.integers(0, len(node) - 1))
            if not isinstance(node[i], (dict, list)):
                node[i] = data.draw(scalars)
                break
            node = node[i]
    try:
        mutated = dump(doc)
    except Exception:
        return  # ruamel cannot write this value back; nothing a person could have typed
    _load_both(mutated)
