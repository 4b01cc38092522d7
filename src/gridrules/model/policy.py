"""The registry and roster rows, and the whole resolved `Policy`."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any, Generic, Protocol, TypeVar, overload

from gridrules.model.base import Area, Mode, Origin
from gridrules.model.documents import (
    Admission,
    AdmissionList,
    Category,
    DirectReport,
    Exclusion,
    Grant,
    Jurisdiction,
    Matter,
    Prohibition,
    Responsibility,
    Role,
    Schedule,
    Tier,
)
from gridrules.model.operations import Emergency, Escalation, Party, Plan
from gridrules.model.registers import Registers

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
    party_formation: str = ""  # how its party organisation is built: single, converted, joint


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


class _Defined(Protocol):
    @property
    def id(self) -> str: ...


D = TypeVar("D", bound=_Defined)


class _ById(Generic[D]):
    """A `Policy` property, cached like functools.cached_property: one of its tuples by id.

    The last of duplicate ids wins; with `first`, the first, as for registry and roster
    rows (GR202 reports duplicates either way).
    """

    def __init__(self, items: Callable[[Policy], tuple[D, ...]], *, first: bool = False) -> None:
        self.items, self.first, self.name = items, first, ""

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, policy: None, owner: type) -> _ById[D]: ...
    @overload
    def __get__(self, policy: Policy, owner: type | None = None) -> dict[str, D]: ...
    def __get__(self, policy: Policy | None, owner: type | None = None) -> Any:
        if policy is None:
            return self
        index: dict[str, D] = {}
        for item in self.items(policy):
            if not self.first or item.id not in index:
                index[item.id] = item
        policy.__dict__[self.name] = index
        return index


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
    registers: Registers | None = None  # burden registers: one-vote veto, 减负挂账 (registers.yaml)
    schedules: tuple[Schedule, ...] = ()  # duty schedules (schedules.yaml), parents' first
    # What the build steps of kinds without a field here made, by the name they gave it
    # (gridrules.kinds.<kind>.KIND.build); a kind reads its own back with a typed accessor.
    extra: Mapping[str, Any] = field(default_factory=dict, compare=False)

    tier_by_id = _ById(lambda p: p.tiers)
    role_by_id = _ById(lambda p: p.roles)
    category_by_id = _ById(lambda p: p.categories)
    matter_by_id = _ById(lambda p: p.matters)
    grid_by_id = _ById(lambda p: p.grids, first=True)
    worker_by_id = _ById(lambda p: p.workers, first=True)

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
