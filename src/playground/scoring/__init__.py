"""Scoring a run against its challenge's requirements, and what a design costs."""
