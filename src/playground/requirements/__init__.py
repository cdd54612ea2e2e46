"""The registry of requirement kinds: one module per kind (its model, category and measurement).

A new requirement kind is one module here and one entry in REQUIREMENTS; the challenge format,
the schema, the reference docs and scoring ask this registry.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import Field

from playground.requirements.anomaly import AnomalyRequirement
from playground.requirements.availability import AvailabilityRequirement
from playground.requirements.base import CATEGORIES, RequirementBase, RequirementResult
from playground.requirements.cost import CostRequirement
from playground.requirements.latency import LatencyRequirement

REQUIREMENTS: tuple[type[RequirementBase], ...] = (
    LatencyRequirement, AvailabilityRequirement, AnomalyRequirement, CostRequirement,
)

Requirement = Annotated[
    LatencyRequirement | AvailabilityRequirement | AnomalyRequirement | CostRequirement,
    Field(discriminator="kind"),
]

__all__ = [
    "CATEGORIES", "REQUIREMENTS", "AnomalyRequirement", "AvailabilityRequirement", "CostRequirement",
    "LatencyRequirement", "Requirement", "RequirementBase", "RequirementResult",
]
