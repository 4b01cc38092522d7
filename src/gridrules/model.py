"""The typed, frozen domain model that everything after validation works with.

Built by gridrules.build from the YAML/CSV documents of a jurisdiction and the
jurisdictions it extends. Collections are tuples ordered as declared (parent's
first); lookups by id go through the `Policy` index properties.
"""

from __future__ import annotations

import datetime as dt
import enum
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
    OWN_GRID = "own_grid"  # only the grid the principal is assigned to
    SUBTREE = "subtree"  # the assigned grid and everything below it
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

    def describe(self, lang: str) -> str:
        amount, unit = int(self.text[:-1]), self.text[-1]
        if lang == "zh":
            return f"{amount}{ {'m': '分钟', 'h': '小时', 'd': '天'}[unit] }"
        word = {"m": "minute", "h": "hour", "d": "day"}[unit]
        return f"{amount} {word}{'' if amount == 1 else 's'}"


# --- jurisdiction -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Settings:
    grids_belong_to_community: bool = True  # Xi'an DB6101/T 3185: never directly under a township
    default_area: Area = Area.URBAN
    supervision_hotline: str = ""
    office: str = ""  # the grid office that issues the handbooks


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
class Category:
    id: str
    names: Names
    description: str
    origin: Origin


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

    def in_force(self, on: dt.date) -> bool:
        return self.effective <= on and (self.expires is None or on <= self.expires)


@dataclass(frozen=True, slots=True)
class Exclusion:
    matter: str
    reason: str
    basis: str
    origin: Origin


# --- escalation -------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Department:
    id: str
    names: Names
    level: str  # the escalation level that dispatches to it
    origin: Origin


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
    """Matters whose authority (事权) lies with departments go to them via a level."""

    matters: tuple[str, ...]
    categories: tuple[str, ...]
    departments: tuple[str, ...]
    origin: Origin


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


# --- emergency overlay ------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Procedure:
    id: str  # survey, patrol, logistics, command, reporting, ...
    names: Names
    steps: tuple[str, ...]
    time_limit: Duration | None


@dataclass(frozen=True, slots=True)
class Emergency:
    names: Names
    activation: str
    procedures: tuple[Procedure, ...]
    grants: tuple[Grant, ...]  # apply only in emergency mode, never past exclusions
    verbal_report_within: Duration | None
    written_report_within: Duration | None
    origin: Origin | None


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
    def excluded_matters(self) -> dict[str, Exclusion]:
        return {e.matter: e for e in self.exclusions}

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
