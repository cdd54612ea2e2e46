"""Generated and hostile designs and challenges, and what every command must do with them.

Shared by the fuzz test (`tests/test_fuzz_hostile.py`, a bounded number of examples) and the
measurement in `benchmarks/fuzz.py` (thousands, counting instead of failing): the same generator
and the same verdicts, so the figures before and after a fix are comparable.

A case is a design file and a challenge file, written as text so that what a person can type and
a library would never emit (an impossible date, a malformed tag, a control character, an ANSI
escape in a key, rich markup in a name, deep nesting, a reused anchor) reaches the loaders. Each
case goes through `validate`, `run` (JSON and text), `cost` and the app's loader; a verdict lists
what went wrong: a traceback, an exit status outside 0/1/2 or a 1 that is not a failed
requirement, a message not located at its file, raw control characters on the terminal, or a
command that did not finish in time.
"""

from tests.hostile import generate
from tests.hostile.generate import cases, mutated, runnable_cases
from tests.hostile.judge import Verdict, judge

__all__ = ["Verdict", "cases", "generate", "judge", "mutated", "runnable_cases"]
