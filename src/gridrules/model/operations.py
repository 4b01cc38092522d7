"""The model of how matters move: escalation, party supervision, the emergency overlay."""

from __future__ import annotations

from dataclasses import dataclass

from gridrules.model.base import Duration, Names, Origin
from gridrules.model.documents import Grant

# --- escalation -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    names: Names
    level: str  # the escalation level that dispatches to it
    origin: Origin
    time_limit: Duration | None = None  # its time for a matter, inside the step that enlists it


@dataclass(frozen=True, slots=True)
class EscalationLevel:
    id: str
    names: Names
    tier: str
    handler_roles: tuple[str, ...]
    time_limit: Duration | None
    origin: Origin


@dataclass(frozen=True, slots=True)
class Routing:
    """Matters whose authority (事权) lies with departments go to them via a level.

    `departments` holds every department the entry names: those under `departments`,
    then `lead` (牵头), then `assist` (配合). With `keep` the handling level keeps the
    case and enlists them all, wherever their own level sits, instead of handing it up.
    """

    matters: tuple[str, ...]
    categories: tuple[str, ...]
    departments: tuple[str, ...]
    origin: Origin
    lead: tuple[str, ...] = ()
    assist: tuple[str, ...] = ()
    keep: bool = False

    def role_of(self, department: str) -> str | None:
        """The department's part: lead (牵头), assist (配合), or None (dispatched)."""
        if department in self.lead:
            return "lead"
        if department in self.assist:
            return "assist"
        return None

    def path_of(self, k: int) -> tuple[str, int]:
        """Where `departments[k]` is written inside the entry."""
        plain = len(self.departments) - len(self.lead) - len(self.assist)
        if k < plain:
            return ("departments", k)
        if k < plain + len(self.lead):
            return ("lead", k - plain)
        return ("assist", k - plain - len(self.lead))


@dataclass(frozen=True, slots=True)
class LoopStep:
    id: str
    names: Names
    description: str
    time_limit: Duration | None


@dataclass(frozen=True, slots=True)
class WarningLevel:
    """Yanchi-style red/yellow/green classes of monitoring data."""

    id: str
    names: Names
    meaning: str
    dispatch: bool
    follow_up: tuple[tuple[str, Duration], ...]  # (method, every)
    origin: Origin


@dataclass(frozen=True, slots=True)
class Escalation:
    levels: tuple[EscalationLevel, ...]  # bottom (grid) to top (city centre)
    departments: tuple[Department, ...]
    routing: tuple[Routing, ...]
    loop_name: Names | None
    loop: tuple[LoopStep, ...]
    warnings: tuple[WarningLevel, ...]
    origin: Origin | None


# --- party ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartyOrganisation:
    id: str
    names: Names
    attaches_to: str  # tier id
    min_members: int | None
    max_members: int | None
    max_joint_units: int | None
    origin: Origin


@dataclass(frozen=True, slots=True)
class Supervision:
    """ "One red line": who supervises grids of a tier."""

    tier: str
    role: str
    description: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class PartyCoverage:
    every_grid_tier_has_organisation: bool = True
    every_grid_tier_has_supervisor: bool = True
    every_grid_has_organisation: bool = False  # checked against the registry's party_org


@dataclass(frozen=True, slots=True)
class Party:
    organisations: tuple[PartyOrganisation, ...]
    supervision: tuple[Supervision, ...]
    coverage: PartyCoverage
    origin: Origin | None
    chain: Names | None = None  # the policy's name for its supervision chain (成都：“一根红线”)


# --- emergency overlay ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Procedure:
    id: str  # survey, patrol, logistics, command, reporting, ...
    names: Names
    steps: tuple[str, ...]
    time_limit: Duration | None
    roles: tuple[str, ...] = ()  # the roles that run it (role ids)
    origin: Origin | None = None


@dataclass(frozen=True, slots=True)
class LevelReporting:
    """Direct-reporting times while a plan is active at one response level."""

    level: str  # a national response level id, I–IV (gridrules.levels)
    verbal_within: Duration | None
    written_within: Duration | None
    to: str | None  # the escalation level reported to directly; None: as the plan says
    note: str  # where the times come from (citation)
    origin: Origin


@dataclass(frozen=True, slots=True)
class Plan:
    """An emergency plan (应急预案): its response levels, procedures and reporting times.

    While a plan is active the emergency grants apply, and so do the admissions
    with `mode: emergency` that name no plan or name this one.
    """

    id: str
    names: Names
    levels: tuple[str, ...]  # the national response levels it uses, most serious first
    activation: str
    procedures: tuple[Procedure, ...]
    reporting: tuple[LevelReporting, ...]
    description: str
    origin: Origin

    def reporting_at(self, level: str) -> LevelReporting | None:
        return next((r for r in self.reporting if r.level == level), None)


@dataclass(frozen=True, slots=True)
class Emergency:
    names: Names
    activation: str
    procedures: tuple[Procedure, ...]  # common to every plan
    grants: tuple[Grant, ...]  # apply only in emergency mode, never past exclusions
    verbal_report_within: Duration | None
    written_report_within: Duration | None
    origin: Origin | None
    plans: tuple[Plan, ...] = ()
