"""Many runs: the seeds that grade a challenge, tasks as data, executors, grades and reports.

Between scoring and the terminal: it runs the engine and the scoring many times (one design at
every grading seed, a class of designs, a search over knobs) and says what came of it, as data
the CLI and the app draw. Nothing here imports textual or rich.
"""
