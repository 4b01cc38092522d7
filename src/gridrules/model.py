"""The typed, frozen domain model that everything after validation works with.

Built by gridrules.build from the YAML/CSV documents of a jurisdiction and the
jurisdictions it extends. Collections are tuples ordered as declared (parent's
first); lookups by id go through the `Policy` index properties.
"""

from __future__ import annotations

import datetime as dt
import enum
import re
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Protocol

from gridrules.problems import Location


class Locator(Protocol):
    def locate(self, path: tuple[Any, ...]) -> Location: ...


@dataclass(frozen=True, slots=True)
class Origin:
    """Where a definition was written: the document and the path inside it."""

    source: Locator = field(repr=False, compare=False, hash=False)
    path: tuple[Any, ...] = ()

    def at(self, *subpath: Any) -> Location:
        return self.source.locate((*self.path, *subpath))

    @property
    def location(self) -> Location:
        return self.at()


class Action(enum.StrEnum):
    HANDLE = "handle"
    REPORT = "report"
    ASSIST = "assist"
    ESCALATE = "escalate"
    DISPATCH = "dispatch"
    SUPERVISE = "supervise"


class Scope(enum.StrEnum):
    """Where a role acts, measured in the registry from the principal's assigned node.

    `own_grid` and `subtree` reach the same nodes — the assigned node and every node
    below it (the micro grids, unit cells and dedicated grids that make it up) — and
    differ only in the words printed for them; `node` is the assigned node alone.
    """

    NODE = "node"  # the assigned node only, not the cells inside it
    OWN_GRID = "own_grid"  # the assigned grid and every cell that makes it up
    SUBTREE = "subtree"  # the assigned node (community, street…) and every grid below it
    JURISDICTION = "jurisdiction"  # every grid of the jurisdiction


class Area(enum.StrEnum):
    URBAN = "urban"
    RURAL = "rural"


class Mode(enum.StrEnum):
    NORMAL = "normal"
    EMERGENCY = "emergency"  # 平战结合: the emergency overlay applies


@dataclass(frozen=True, slots=True)
class Names:
    zh: str
    en: str = ""

    def __call__(self, lang: str) -> str:
        return self.en if lang == "en" and self.en else self.zh


@dataclass(frozen=True, slots=True)
class Duration:
    """A time limit as written ("30m", "2h", "3d"), comparable by minutes."""

    text: str
    minutes: int

    @classmethod
    def of_minutes(cls, minutes: int) -> Duration:
        """A computed total (a route's cumulative deadline) as compound text: "1d12h30m"."""
        days, rest = divmod(minutes, 24 * 60)
        hours, mins = divmod(rest, 60)
        parts = [f"{n}{u}" for n, u in ((days, "d"), (hours, "h"), (mins, "m")) if n]
        return cls("".join(parts) or "0m", minutes)

    def describe(self, lang: str) -> str:
        parts = re.findall(r"(\d+)([mhd])", self.text)
        if lang == "zh":
            zh = {"m": "分钟", "h": "小时", "d": "天"}
            return "".join(f"{int(n)}{zh[u]}" for n, u in parts)
        word = {"m": "minute", "h": "hour", "d": "day"}
        return " ".join(f"{int(n)} {word[u]}{'' if int(n) == 1 else 's'}" for n, u in parts)


# --- jurisdiction -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeLimitCeiling:
    """The longest any matter may take (e.g. Feng county 2018: 最长不超过 15 日)."""

    limit: Duration
    extension: str  # how it may be extended, as written ("经审批可延长")
    source: str  # where the rule comes from (a borrowed rule says so)
    origin: Origin  # the `time_limit_ceiling` entry in jurisdiction.yaml


@dataclass(frozen=True, slots=True)
class Settings:
    grids_belong_to_community: bool = True  # Xi'an DB6101/T 3185: never directly under a township
    default_area: Area = Area.URBAN
    supervision_hotline: str = ""
    office: str = ""  # the grid office that issues the handbooks
    # Example data: invented names, numbers and document references; every handbook page
    # rendered from it says 示例 (cover and footer). Inherited through `extends`.
    example: bool = False
    # Tiers whose bodies the admission and exclusion lists protect; None = the default
    # (every tier at or below the community/village level, grid or not: Policy.protected_tiers).
    protected_tiers: tuple[str, ...] | None = None
    # The jurisdiction-wide ceiling on time limits (docs/decisions.md "Time limits 时限").
    time_limit_ceiling: TimeLimitCeiling | None = None


@dataclass(frozen=True, slots=True)
class Jurisdiction:
    id: str
    names: Names
    level: str  # province, city, district, county, street, township
    character: str  # urban, rural, mixed
    settings: Settings
    description: str
    folder: str  # the folder it was read from
    origin: Origin
    parents: tuple[str, ...] = ()  # ids of the jurisdictions it extends, nearest first


# --- tiers ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HouseholdRange:
    min: int | None
    max: int | None

    def contains(self, households: int) -> bool:
        return (self.min is None or households >= self.min) and (
            self.max is None or households <= self.max
        )

    def within(self, other: HouseholdRange) -> bool:
        """True if this range is at least as tight as `other` (for extends)."""
        lo_ok = other.min is None or (self.min is not None and self.min >= other.min)
        hi_ok = other.max is None or (self.max is not None and self.max <= other.max)
        return lo_ok and hi_ok

    def describe(self) -> str:
        if self.min is not None and self.max is not None:
            return f"{self.min}–{self.max}"
        if self.min is not None:
            return f"≥{self.min}"
        return f"≤{self.max}"


@dataclass(frozen=True, slots=True)
class Sizing:
    urban: HouseholdRange | None = None
    rural: HouseholdRange | None = None
    average_max_households: int | None = None
    door_to_door_hours: float | None = None  # workload: door-to-door round within N hours
    note: str = ""

    def range_for(self, area: Area) -> HouseholdRange | None:
        return self.urban if area is Area.URBAN else self.rural


@dataclass(frozen=True, slots=True)
class DifficultyBand:
    above: float
    extra: int


@dataclass(frozen=True, slots=True)
class Difficulty:
    """Xinbei-style difficulty score: a weighted sum of a grid's attributes."""

    weights: tuple[tuple[str, float], ...]
    bands: tuple[DifficultyBand, ...]  # sorted by `above`

    def score(self, attributes: dict[str, float]) -> float:
        return sum(weight * attributes.get(name, 0.0) for name, weight in self.weights)

    def extra_workers(self, score: float) -> int:
        extra = 0
        for band in self.bands:
            if score > band.above:
                extra = max(extra, band.extra)
        return extra


@dataclass(frozen=True, slots=True)
class Staffing:
    """One staffing rule of a tier; a tier may have several (1 grid leader + ≥1 grid worker)."""

    roles: tuple[str, ...]  # roles whose holders count towards the minimum
    min_per_grid: int = 1
    difficulty: Difficulty | None = None
    path: tuple[Any, ...] = ("staffing",)  # where it is written inside the tier, for positions


@dataclass(frozen=True, slots=True)
class Tier:
    id: str
    names: Names
    parent: str | None
    is_grid: bool
    admin_level: str | None  # city, district, county, street, township, community, village
    sizing: Sizing | None
    staffing: tuple[Staffing, ...]  # empty: no staffing rule
    description: str
    origin: Origin


# --- roles ------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class RoleConstraint:
    """A worker attribute a role requires, e.g. two_committees must be false in urban grids."""

    id: str
    attribute: str
    must_be: Any
    area: Area | None  # applies only to grids of this area; None = everywhere
    description: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Role:
    id: str
    names: Names
    category: str  # full_time, part_time, professional, leader, instructor, informant, party, ...
    tier: str
    scope: Scope
    reports_to: str | None
    recruited_from: tuple[str, ...]
    functions: tuple[str, ...]  # 信息员、调解员…
    constraints: tuple[RoleConstraint, ...]
    description: str
    origin: Origin


# --- matters ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DirectReport:
    """Urgent, skip-level reporting (越级直报): straight to a named escalation level."""

    level: str  # the escalation level reported to directly
    within: Duration  # the first report (e.g. verbal, by phone)
    written_within: Duration | None  # the written report, when required
    source: str  # where the rule comes from (a borrowed rule says so)
    origin: Origin  # the `direct_report` entry


@dataclass(frozen=True, slots=True)
class Category:
    id: str
    names: Names
    description: str
    origin: Origin
    direct_report: DirectReport | None = None  # for every matter of the category


@dataclass(frozen=True, slots=True)
class Matter:
    id: str
    names: Names
    category: str
    handling_tier: str
    report_within: Duration | None
    close_within: Duration | None
    description: str
    origin: Origin
    direct_report: DirectReport | None = None  # its own; else its category's
    # This matter's time at given escalation levels, instead of the levels' own limits.
    level_limits: tuple[tuple[str, Duration], ...] = ()

    def level_limit(self, level: str) -> Duration | None:
        return next((d for lv, d in self.level_limits if lv == level), None)


# --- responsibilities -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Grant:
    """One permission: a role may take these actions on these matters/categories."""

    role: str
    actions: tuple[Action, ...]
    matters: tuple[str, ...]
    categories: tuple[str, ...]
    mode: Mode
    duty_id: str
    names: Names
    description: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Responsibility:
    """A role's responsibility list (职责清单): its duties, each a grant."""

    role: str
    duties: tuple[Grant, ...]
    origin: Origin


# --- admission --------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AdmissionList:
    id: str
    names: Names
    description: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Admission:
    matter: str
    list: str | None
    approved_by: str
    basis: str
    effective: dt.date
    expires: dt.date | None
    temporary: bool
    note: str
    origin: Origin
    mode: Mode = Mode.NORMAL  # emergency: admitted only while an emergency plan is active
    plan: str | None = None  # with mode emergency: only while this plan is active (None: any)

    def in_force(self, on: dt.date) -> bool:
        return self.effective <= on and (self.expires is None or on <= self.expires)


@dataclass(frozen=True, slots=True)
class Exclusion:
    matter: str
    reason: str
    basis: str
    origin: Origin


@dataclass(frozen=True, slots=True)
class Prohibition:
    """A rule on how grid work may be demanded or assessed (工作方法负面清单), not a matter:
    e.g. no screenshots as proof of work, no duplicate forms. Printed, never decided on."""

    id: str
    names: Names
    text: str
    basis: str
    provenance: str  # where the rule comes from (written `origin:` in admission.yaml)
    origin: Origin


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


# --- registry and roster ----------------------------------------------------


@dataclass(frozen=True, slots=True)
class Grid:
    id: str
    name: str
    tier: str
    parent: str | None
    households: int | None
    area: Area
    type: str  # residential, dedicated, ...
    party_org: str
    boundary: str
    attributes: dict[str, float] = field(hash=False)
    origin: Origin = field(hash=False)


@dataclass(frozen=True, slots=True)
class Worker:
    id: str
    name: str
    roles: tuple[str, ...]
    grid: str
    phone: str
    two_committees: bool
    party_member: bool
    attributes: dict[str, Any] = field(hash=False)
    origin: Origin = field(hash=False)

    def attribute(self, name: str) -> Any:
        if name == "two_committees":
            return self.two_committees
        if name == "party_member":
            return self.party_member
        return self.attributes.get(name)


# --- the whole policy -------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Policy:
    """A jurisdiction's resolved policy: its own documents merged over its parents'.

    Compared and hashed by identity: value equality would walk every grid and worker.
    """

    jurisdiction: Jurisdiction
    tiers: tuple[Tier, ...]
    roles: tuple[Role, ...]
    categories: tuple[Category, ...]
    matters: tuple[Matter, ...]
    responsibilities: tuple[Responsibility, ...]
    admission_lists: tuple[AdmissionList, ...]
    admissions: tuple[Admission, ...]
    exclusions: tuple[Exclusion, ...]
    escalation: Escalation
    party: Party
    emergency: Emergency | None
    grids: tuple[Grid, ...]
    workers: tuple[Worker, ...]
    files: tuple[str, ...]  # every file read, parents included, for versioning
    overridden: tuple[tuple[Any, Any], ...] = field(
        default=(), compare=False
    )  # (parent item, child item)
    prohibitions: tuple[Prohibition, ...] = ()  # 工作方法负面清单 (admission.yaml)
    admission_procedure: str = ""  # the nearest layer's admission procedure, as written

    @cached_property
    def tier_by_id(self) -> dict[str, Tier]:
        return {t.id: t for t in self.tiers}

    @cached_property
    def role_by_id(self) -> dict[str, Role]:
        return {r.id: r for r in self.roles}

    @cached_property
    def category_by_id(self) -> dict[str, Category]:
        return {c.id: c for c in self.categories}

    @cached_property
    def matter_by_id(self) -> dict[str, Matter]:
        return {m.id: m for m in self.matters}

    @cached_property
    def grid_by_id(self) -> dict[str, Grid]:
        # The first of duplicate codes wins, as for every other definition (GR202 reports it).
        out: dict[str, Grid] = {}
        for grid in self.grids:
            out.setdefault(grid.id, grid)
        return out

    @cached_property
    def worker_by_id(self) -> dict[str, Worker]:
        out: dict[str, Worker] = {}
        for worker in self.workers:
            out.setdefault(worker.id, worker)
        return out

    @cached_property
    def admissions_by_matter(self) -> dict[str, tuple[Admission, ...]]:
        out: dict[str, list[Admission]] = {}
        for admission in self.admissions:
            out.setdefault(admission.matter, []).append(admission)
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def plan_by_id(self) -> dict[str, Plan]:
        """The declared emergency plans (预案) by id; empty without an emergency document."""
        return {x.id: x for x in self.emergency.plans} if self.emergency is not None else {}

    @cached_property
    def excluded_matters(self) -> dict[str, Exclusion]:
        return {e.matter: e for e in self.exclusions}

    @cached_property
    def protected_tiers(self) -> frozenset[str]:
        """Tiers whose roles the admission and exclusion lists bind (事项准入 protects them).

        As the jurisdiction names them, else every tier at or below a community/village
        tier (grid or not: 社区/村 bodies, their grids and cells); a policy with no such
        tier falls back to its grid tiers and everything below them.
        """
        named = self.jurisdiction.settings.protected_tiers
        if named is not None:
            return frozenset(named)
        tops = {t.id for t in self.tiers if t.admin_level in ("community", "village")}
        if not tops:
            tops = {t.id for t in self.tiers if t.is_grid}
        out: set[str] = set()
        for tier in self.tiers:
            seen: set[str] = set()
            current: str | None = tier.id
            while current is not None and current not in seen:
                if current in tops:
                    out.add(tier.id)
                    break
                seen.add(current)
                found = self.tier_by_id.get(current)
                current = found.parent if found else None
        return frozenset(out)

    @cached_property
    def tier_depth(self) -> dict[str, int]:
        """0 for the top tier; deeper tiers are lower (closer to households)."""
        depth: dict[str, int] = {}
        for tier in self.tiers:
            seen: list[str] = []
            current: str | None = tier.id
            while current is not None and current not in depth and current not in seen:
                seen.append(current)
                parent = self.tier_by_id.get(current)
                current = parent.parent if parent else None
            base = depth.get(current, -1) if current is not None else -1
            for offset, tier_id in enumerate(reversed(seen), start=1):
                depth[tier_id] = base + offset
        return depth

    def direct_report(self, matter: Matter) -> DirectReport | None:
        """The matter's direct (skip-level) reporting rule: its own, else its category's."""
        if matter.direct_report is not None:
            return matter.direct_report
        category = self.category_by_id.get(matter.category)
        return category.direct_report if category is not None else None

    def grants(self, mode: Mode = Mode.NORMAL) -> tuple[Grant, ...]:
        normal = tuple(d for r in self.responsibilities for d in r.duties)
        if mode is Mode.EMERGENCY and self.emergency is not None:
            return normal + self.emergency.grants
        return normal

    def grant_matters(self, grant: Grant) -> tuple[str, ...]:
        """The matter ids a grant covers: its matters plus every matter of its categories."""
        if not grant.categories:
            return grant.matters
        cats = set(grant.categories)
        extra = tuple(
            m.id for m in self.matters if m.category in cats and m.id not in grant.matters
        )
        return grant.matters + extra
