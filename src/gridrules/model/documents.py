"""The model of the definition documents: jurisdiction, tiers, roles, matters, duties, admission."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from gridrules.model.base import Action, Area, Duration, Mode, Names, Origin, Scope

# --- jurisdiction -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TimeLimitCeiling:
    """The longest any matter may take (e.g. Feng county 2018: 最长不超过 15 日)."""

    limit: Duration
    extension: str  # how it may be extended, as written ("经审批可延长")
    source: str  # where the rule comes from (a borrowed rule says so)
    origin: Origin  # the `time_limit_ceiling` entry in jurisdiction.yaml


@dataclass(frozen=True, slots=True)
class HandbookSettings:
    """What a printed handbook's cover carries (settings.handbook; blank when absent)."""

    edition: str = ""  # "2026年版"
    issuing_number: str = ""  # the issuing document number, "武社治发〔2026〕1号"
    office: str = ""  # the issuing office printed on the cover (else settings.office)


@dataclass(frozen=True, slots=True)
class WorkloadLimits:
    """settings.workload: what a worker's recurring duties may demand (减负 limits)."""

    max_hours_per_month: float | None = None  # per worker
    min_field_share: float | None = None  # Jianggan: ≥ 0.5 of the time on visits and patrols
    field_share_roles: tuple[str, ...] = ()  # empty: every role with schedules
    door_to_door_hours: float | None = None  # a tier's sizing.door_to_door_hours overrides it
    source: str = ""
    origin: Origin | None = None  # the `workload` entry in jurisdiction.yaml


@dataclass(frozen=True, slots=True)
class GridCodes:
    """A hierarchical grid-code scheme (CJ/T 349-2010: GB/T 2260 division code → street →
    community → grid sequence): each coded node's code has its parent's as prefix."""

    scheme: str  # the standard, as written
    lengths: tuple[tuple[str, int], ...]  # (tier, code length)
    digits: bool  # codes are all digits
    origin: Origin  # the `grid_codes` entry in jurisdiction.yaml

    def length_of(self, tier: str) -> int | None:
        return next((n for t, n in self.lengths if t == tier), None)


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
    handbook: HandbookSettings = HandbookSettings()
    grid_codes: GridCodes | None = None  # the registry's coding scheme, when declared
    workload: WorkloadLimits = WorkloadLimits()


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
    parent_names: tuple[Names, ...] = ()  # their names, in the same order (for print)


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
    # Rural grids drawn by village group (一村民小组一网格): a grid lies in one 村民小组;
    # checked against the registry's `village_groups` column where it has one.
    rural_unit: str = ""  # "" or "village_group"

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


# --- duty schedules ---------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Schedule:
    """A recurring duty of a role (常规工作): how often, per what unit, minutes per unit.

    Hours a month = runs a month (frequency × times) × units × minutes ÷ 60, where
    the units are read from the registry (households, an attribute column, or 1).
    """

    id: str
    names: Names
    role: str
    duty: str | None  # the duty (grant id) in the role's responsibility list
    matters: tuple[str, ...]  # when given, it counts only while one of them is admitted
    frequency: str  # a gridrules.vocabulary.Frequency value
    times: float  # per period; per_event: the expected count a month
    per: str  # households, fixed, or a registry attribute column
    minutes: float  # per unit, each time
    field: bool  # field work (visits, patrols) rather than desk work
    door_to_door: bool  # a door-to-door round of the grid
    assumed: bool  # the minutes are an assumption, not from a source
    note: str
    source: str
    origin: Origin
