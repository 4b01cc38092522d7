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
class WarningTask:
    """The task a warning dispatches (派发任务): Yanchi's county platform sends it to the
    townships and villages concerned and brings in the related departments."""

    names: Names
    dispatched_by: str | None  # the escalation level that dispatches it (县级平台管理中心)
    to: tuple[str, ...]  # the escalation levels it is sent to (乡镇、行政村)
    departments: tuple[str, ...]  # departments brought in to assess and consult (相关行业部门)
    within: Duration | None  # the deadline, when the policy sets one
    within_is_example: bool  # the deadline is an assumed figure, not the source's
    description: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class WarningLevel:
    """Yanchi-style red/yellow/green classes of monitoring data."""

    id: str
    names: Names
    meaning: str
    dispatch: bool
    follow_up: tuple[tuple[str, Duration], ...]  # (method, every)
    origin: Origin
    matters: tuple[str, ...] = ()  # matters that raise it (预警触发事项)
    indicators: tuple[str, ...] = ()  # indicators that raise it, as written (两不愁三保障)
    task: WarningTask | None = None  # the task it dispatches; None: no task

    def raised_by(self, matter: str) -> bool:
        return matter in self.matters


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
    committee_from: int | None = None  # a branch committee from N members (2018: 7)
    term_years: int | None = None  # term of office (community branches: 5 years)
    formations: tuple[str, ...] = ()  # allowed ways to build it: single, converted, joint


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
class CrossAppointment:
    """双向进入、交叉任职: in every node of `tier`, a holder of one of `roles` (a grid post)
    also meets `requires` (worker flags such as party_member, two_committees)."""

    id: str
    names: Names
    tier: str
    roles: tuple[str, ...]
    requires: tuple[str, ...]
    description: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class InService:
    """In-service party members (在职党员进社区报到, Jiamusi): who they are in the roster,
    what their registration must record, and where their points are kept."""

    roles: tuple[str, ...]  # the roster roles of in-service members
    registration: tuple[str, ...]  # roster attributes every member must carry (employer…)
    points: str  # the roster attribute holding their points ("" = no points kept)
    report_to: str | None  # the tier they register with (their home community)
    description: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Party:
    organisations: tuple[PartyOrganisation, ...]
    supervision: tuple[Supervision, ...]
    coverage: PartyCoverage
    origin: Origin | None
    chain: Names | None = None  # the policy's name for its supervision chain (成都：“一根红线”)
    cross_appointments: tuple[CrossAppointment, ...] = ()
    in_service: InService | None = None
    # The roster lists every party member of its grids: only then may a shortfall below
    # min_members be read from the roster's party_member counts (else it is a lower bound).
    roster_lists_all_members: bool = False


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
