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
from playground.requirements.clients_served import ClientsServedRequirement
from playground.requirements.cost import CostRequirement
from playground.requirements.cpu import CpuRequirement
from playground.requirements.degraded import DegradedRequirement
from playground.requirements.drained import DrainedRequirement
from playground.requirements.fault_latency import FaultLatencyRequirement
from playground.requirements.latency import LatencyRequirement
from playground.requirements.reaches import ReachesRequirement
from playground.requirements.yearly_availability import YearlyAvailabilityRequirement

REQUIREMENTS: tuple[type[RequirementBase], ...] = (
    LatencyRequirement, AvailabilityRequirement, AnomalyRequirement, CostRequirement, CpuRequirement,
    ClientsServedRequirement, FaultLatencyRequirement, ReachesRequirement, DrainedRequirement, DegradedRequirement,
    YearlyAvailabilityRequirement,
)

Requirement = Annotated[
    LatencyRequirement | AvailabilityRequirement | AnomalyRequirement | CostRequirement | CpuRequirement
    | ClientsServedRequirement | FaultLatencyRequirement | ReachesRequirement | DrainedRequirement
    | DegradedRequirement | YearlyAvailabilityRequirement,
    Field(discriminator="kind"),
]

__all__ = [
    "CATEGORIES", "REQUIREMENTS", "AnomalyRequirement", "AvailabilityRequirement", "ClientsServedRequirement",
    "CostRequirement", "CpuRequirement", "DegradedRequirement", "DrainedRequirement", "FaultLatencyRequirement",
    "LatencyRequirement", "ReachesRequirement", "Requirement", "RequirementBase", "RequirementResult",
    "YearlyAvailabilityRequirement",
]
