"""The Textual app: home, workbench, run and results. `playground` with no arguments opens it."""
