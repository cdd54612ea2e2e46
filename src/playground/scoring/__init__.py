"""Scoring: a run's results checked against a challenge's requirements, and a design's cost.

Nothing here imports textual or rich; the score card's rendering lives in playground.render.
"""
