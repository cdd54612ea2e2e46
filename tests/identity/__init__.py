"""The byte-identity harness: digests of the engine's full JSON result over the challenge pack
and over fault variants on every component of every shipped design.

A refactor of the engine must leave every digest as it was; a change that means to alter
results (new physics, a fixed bug) regenerates them in its own commit and says why:

    python -m tests.identity --update      # rewrite tests/identity/digests.json
    python -m tests.identity               # list the cases whose digest moved
"""
