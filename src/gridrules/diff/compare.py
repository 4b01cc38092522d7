"""The diff of two sides, as one plain, frozen `DiffReport` (formatters: gridrules.diff.report)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from gridrules.catalogue import in_lang
from gridrules.diff.flags import Flag, find_flags
from gridrules.diff.impact import (
    PageChange,
    PagePrints,
    Reach,
    RegistryChange,
    RouteChange,
    diff_pages,
    diff_registry,
    diff_routes,
    dirty_nodes,
)
from gridrules.diff.model_diff import DefinitionChange, diff_catalogues
from gridrules.diff.permissions import (
    PermissionChange,
    Unhandled,
    diff_permissions,
    unhandled_matters,
)
from gridrules.diff.side import Labels, ProblemLine, SideInfo, SideSnapshot
from gridrules.diff.workload import WorkloadDiff, diff_workload

FAIL_ON = ("none", "widening", "any")
NOTICES_ALL_ABOVE = 0.5  # rebuilding most notice sheets selectively costs more than all of them


@dataclass(frozen=True, slots=True)
class RoleReach:
    old: Reach | None  # None when the role does not exist on that side
    new: Reach | None


@dataclass(frozen=True)
class DiffReport:
    old: SideInfo
    new: SideInfo
    at: dt.date  # the date admissions are judged on
    definitions: tuple[DefinitionChange, ...]
    permissions: tuple[PermissionChange, ...]
    reach: Mapping[str, RoleReach]  # by role, for every role named in `permissions`
    touched: Reach  # grids and people touched by gained or widened permissions (new side)
    touched_lost: Reach  # grids and people touched by lost or narrowed permissions (old side)
    unhandled: tuple[Unhandled, ...]
    routes: tuple[RouteChange, ...]
    flags: tuple[Flag, ...]
    pages: tuple[PageChange, ...] | None  # None: not compared (--no-pages or no renderer)
    registry: tuple[RegistryChange, ...]
    validation: tuple[ProblemLine, ...]  # tolerated error findings new in the new side
    labels: Labels = field(default_factory=dict)  # display names, new side over old
    workload: WorkloadDiff | None = None  # hours a month per role and schedule (diff/workload.py)

    @property
    def widening(self) -> bool:
        """Some role gains or widens a permission, or a flag was raised."""
        return bool(self.flags) or any(c.widening for c in self.permissions)

    @property
    def changed(self) -> bool:
        return bool(
            self.definitions
            or self.permissions
            or self.unhandled
            or self.routes
            or self.flags
            or self.pages
            or self.validation
            or any(not r.empty for r in self.registry)
            or (self.workload is not None and not self.workload.empty)
        )

    def exit_code(self, fail_on: str, max_burden: float | None = None) -> int:
        """0 fine, 1 the gate tripped (`widening`: any widening; `any`: any change;
        `max_burden`: a role's mean hours a month per worker rise by more than that)."""
        if max_burden is not None and self.burden_over(max_burden):
            return 1
        if fail_on == "widening":
            return 1 if self.widening else 0
        if fail_on == "any":
            return 1 if self.changed else 0
        return 0

    def burden_over(self, hours: float) -> bool:
        return self.workload is not None and self.workload.max_increase > hours

    def reach_for(self, change: PermissionChange) -> Reach | None:
        found = self.reach.get(change.role)
        if found is None:
            return None
        return found.old if change.change == "lost" else found.new

    def label(self, kind: str, ident: str, lang: str) -> str:
        pair = self.labels.get(kind, {}).get(ident)
        if pair is None:
            return ident
        return in_lang(pair, lang)


def notice_request(old: SideSnapshot, new: SideSnapshot) -> list[str] | None:
    """The grids whose notice sheets must be rebuilt (None: all of them)."""
    if old.notice_inputs != new.notice_inputs:
        return None
    dirty = dirty_nodes(old.registry, new.registry)
    if len(dirty) > NOTICES_ALL_ABOVE * max(old.registry.size, new.registry.size, 1):
        return None
    return sorted(dirty)


def compare(
    old: SideSnapshot,
    new: SideSnapshot,
    at: dt.date,
    pages: tuple[PagePrints, PagePrints] | None = None,
) -> DiffReport:
    definitions = tuple(
        replace(
            c,
            source=(old if c.change == "removed" else new).locations.get(c.kind, {}).get(c.key, ""),
        )
        for c in diff_catalogues(old.catalogue, new.catalogue)
    )
    permissions = diff_permissions(
        old.permissions,
        new.permissions,
        _order(new.role_order, old.role_order),
        _order(new.matter_order, old.matter_order),
    )
    roles = {c.role for c in permissions}
    reach = {
        role: RoleReach(
            old.registry.reach(role) if role in old.role_order else None,
            new.registry.reach(role) if role in new.role_order else None,
        )
        for role in roles
    }
    touched = new.registry.reach_of(c.role for c in permissions if c.widening)
    touched_lost = old.registry.reach_of(c.role for c in permissions if not c.widening)
    unhandled = unhandled_matters(
        old.permissions, new.permissions, set(old.matter_order), list(new.matter_order)
    )
    routes = diff_routes(old.routes, new.routes)
    flags = find_flags(
        old.catalogue, new.catalogue, old.permissions, new.permissions, new.locations
    )
    page_changes = diff_pages(*pages) if pages is not None else None
    known = {(p.code, p.message.en) for p in old.problems}
    validation = tuple(p for p in new.problems if (p.code, p.message.en) not in known)
    labels: Labels = {}
    for side in (old, new):
        for kind, names in side.labels.items():
            labels.setdefault(kind, {}).update(names)
    return DiffReport(
        old=old.info,
        new=new.info,
        at=at,
        definitions=definitions,
        permissions=permissions,
        reach=reach,
        touched=touched,
        touched_lost=touched_lost,
        unhandled=unhandled,
        routes=routes,
        flags=flags,
        pages=page_changes,
        registry=diff_registry(old.registry, new.registry),
        validation=validation,
        labels=labels,
        workload=(
            diff_workload(old.workload, new.workload)
            if old.workload is not None and new.workload is not None
            else None
        ),
    )


def _order(first: Mapping[str, int], then: Mapping[str, int]) -> dict[str, int]:
    """The new side's order, then ids only the old side has."""
    out = dict(first)
    for key, rank in then.items():
        out.setdefault(key, len(first) + rank)
    return out
