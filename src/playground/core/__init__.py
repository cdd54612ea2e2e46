"""The engine: a deterministic discrete-event simulation of a design under a challenge's traffic."""
