"""The typed, frozen domain model that everything after validation works with.

Built by gridrules.build from the YAML/CSV documents of a jurisdiction and the
jurisdictions it extends. Collections are tuples ordered as declared (parent's
first); lookups by id go through the `Policy` index properties.

Modules: base (origins, closed sets, names, durations), documents
(jurisdiction, tiers, roles, matters, duties, admission), operations
(escalation, party, emergency), policy (registry, roster, `Policy`).
"""

from __future__ import annotations

from gridrules.model.base import (
    ACTIONS,
    Action,
    Area,
    Duration,
    Locator,
    Mode,
    Names,
    Origin,
    Scope,
)
from gridrules.model.documents import (
    Admission,
    AdmissionList,
    Category,
    Difficulty,
    DifficultyBand,
    DirectReport,
    Exclusion,
    Grant,
    HandbookSettings,
    HouseholdRange,
    Jurisdiction,
    Matter,
    Prohibition,
    Responsibility,
    Role,
    RoleConstraint,
    Settings,
    Sizing,
    Staffing,
    Tier,
    TimeLimitCeiling,
)
from gridrules.model.operations import (
    Department,
    Emergency,
    Escalation,
    EscalationLevel,
    LevelReporting,
    LoopStep,
    Party,
    PartyCoverage,
    PartyOrganisation,
    Plan,
    Procedure,
    Routing,
    Supervision,
    WarningLevel,
)
from gridrules.model.policy import (
    Grid,
    Policy,
    Worker,
)

__all__ = [
    "ACTIONS",
    "Action",
    "Admission",
    "AdmissionList",
    "Area",
    "Category",
    "Department",
    "Difficulty",
    "DifficultyBand",
    "DirectReport",
    "Duration",
    "Emergency",
    "Escalation",
    "EscalationLevel",
    "Exclusion",
    "Grant",
    "Grid",
    "HandbookSettings",
    "HouseholdRange",
    "Jurisdiction",
    "LevelReporting",
    "Locator",
    "LoopStep",
    "Matter",
    "Mode",
    "Names",
    "Origin",
    "Party",
    "PartyCoverage",
    "PartyOrganisation",
    "Plan",
    "Policy",
    "Procedure",
    "Prohibition",
    "Responsibility",
    "Role",
    "RoleConstraint",
    "Routing",
    "Scope",
    "Settings",
    "Sizing",
    "Staffing",
    "Supervision",
    "Tier",
    "TimeLimitCeiling",
    "WarningLevel",
    "Worker",
]
