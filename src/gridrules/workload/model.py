"""The workload model: hours a month per worker and per grid, from duty schedules × registry counts.

    hours/month = Σ over the worker's roles' active schedules of
                  runs a month × units × minutes ÷ 60
    runs a month = frequency (daily 30, weekly 30/7, half-monthly 2, monthly 1,
                   quarterly 1/3, yearly 1/12, per event 1) × times
    units        = 1 for `per: fixed`; otherwise the count in the registry
                   (households or an attribute column) of the worker's grid —
                   for roles whose scope covers the cells below (own_grid,
                   subtree) a node without its own figure adds up its
                   children's; `node` scope takes the node's own figure;
                   `jurisdiction` scope the whole registry — shared among
                   the holders of the role assigned to the same node (two
                   workers on a 500-household grid visit 250 each).

A schedule that names matters counts only while one of them is admitted (in
force on the date and not excluded): admitting a matter adds its schedules'
hours. The field share is field hours ÷ hours. A grid's door-to-door time is,
for each `door_to_door` schedule of a role held on the grid, one round
(units × minutes) shared among the grid's holders of the role; the longest.
Everything is O(grids + workers × schedules of their roles).

工作量模型：每月工时 = Σ（每月次数 × 计量数 × 每单位分钟 ÷ 60）。
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from gridrules.model import Grid, Policy, Schedule, Scope
from gridrules.vocabulary import Frequency

PER_MONTH: Mapping[str, float] = {  # plain-str keys: hashing an enum member is slow
    Frequency.DAILY.value: 30.0,
    Frequency.WEEKLY.value: 30.0 / 7.0,
    Frequency.HALF_MONTHLY.value: 2.0,
    Frequency.MONTHLY.value: 1.0,
    Frequency.QUARTERLY.value: 1.0 / 3.0,
    Frequency.YEARLY.value: 1.0 / 12.0,
    Frequency.PER_EVENT.value: 1.0,
}
HOUSEHOLDS = "households"
FIXED = "fixed"
STREET_LEVELS = ("street", "township")


def runs_per_month(schedule: Schedule) -> float:
    return PER_MONTH.get(schedule.frequency, 1.0) * schedule.times


@dataclass(frozen=True, slots=True)
class Item:
    """One schedule's share of a worker's month."""

    schedule: str
    role: str
    units: float
    hours: float


@dataclass(frozen=True, slots=True)
class WorkerLoad:
    worker: str
    name: str
    grid: str
    roles: tuple[str, ...]
    hours: float
    field_hours: float
    items: tuple[Item, ...]

    @property
    def field_share(self) -> float | None:
        return self.field_hours / self.hours if self.hours else None


@dataclass(frozen=True, slots=True)
class GridLoad:
    grid: str
    name: str
    tier: str
    street: str | None
    households: int | None
    workers: int  # workers assigned to the grid who carry scheduled duties
    hours: float  # all of them together
    max_worker_hours: float
    field_hours: float
    door_hours: float | None  # the longest door-to-door round, per holder
    door_schedule: str | None  # the schedule that round comes from

    @property
    def hours_per_worker(self) -> float:
        return self.hours / self.workers if self.workers else 0.0


@dataclass(frozen=True, slots=True)
class Workload:
    """The workload of one policy on one date."""

    at: dt.date
    schedules: tuple[Schedule, ...]  # the active ones
    inactive: tuple[Schedule, ...]  # naming matters none of which is admitted
    workers: tuple[WorkerLoad, ...]
    grids: tuple[GridLoad, ...]  # grids with scheduled workers or a door-to-door round
    assumed: tuple[str, ...]  # ids of active schedules whose minutes are assumptions

    def by_role(self) -> dict[str, tuple[int, float, float]]:
        """role → (workers, hours of that role's schedules, field hours)."""
        out: dict[str, list[float]] = {}
        holders: dict[str, set[str]] = {}
        for load in self.workers:
            for item in load.items:
                acc = out.setdefault(item.role, [0.0, 0.0])
                acc[0] += item.hours
                holders.setdefault(item.role, set()).add(load.worker)
        field = {s.id for s in self.schedules if s.field}
        for load in self.workers:
            for item in load.items:
                if item.schedule in field:
                    out[item.role][1] += item.hours
        return {r: (len(holders[r]), v[0], v[1]) for r, v in out.items()}

    def by_street(self) -> dict[str, tuple[int, int, float]]:
        """street id ('' when none) → (grids, workers, hours)."""
        out: dict[str, list[float]] = {}
        for g in self.grids:
            acc = out.setdefault(g.street or "", [0, 0, 0.0])
            acc[0] += 1
            acc[1] += g.workers
            acc[2] += g.hours
        return {k: (int(v[0]), int(v[1]), v[2]) for k, v in out.items()}


def active_schedules(policy: Policy, at: dt.date) -> tuple[list[Schedule], list[Schedule]]:
    """(active, inactive): a schedule naming matters is active while one of them is admitted."""
    excluded = policy.excluded_matters
    admitted = {
        m
        for m, items in policy.admissions_by_matter.items()
        if m not in excluded and any(a.in_force(at) for a in items)
    }
    active: list[Schedule] = []
    inactive: list[Schedule] = []
    for s in policy.schedules:
        if s.role not in policy.role_by_id:
            continue  # GR201 reports it
        (active if not s.matters or admitted.intersection(s.matters) else inactive).append(s)
    return active, inactive


def own_count(grid: Grid, unit: str) -> float | None:
    if unit == HOUSEHOLDS:
        return float(grid.households) if grid.households is not None else None
    return grid.attributes.get(unit)


def rolled_counts(policy: Policy, units: Iterable[str]) -> dict[str, dict[str, float]]:
    """unit → grid id → the node's own figure, else the sum of its children's (recursively)."""
    children: dict[str, list[str]] = {}
    for g in policy.grid_by_id.values():
        if g.parent is not None and g.parent in policy.grid_by_id:
            children.setdefault(g.parent, []).append(g.id)
    order = _post_order(policy, children)
    out: dict[str, dict[str, float]] = {}
    for unit in units:
        counts: dict[str, float] = {}
        for gid in order:
            own = own_count(policy.grid_by_id[gid], unit)
            counts[gid] = (
                own if own is not None else sum(counts.get(c, 0.0) for c in children.get(gid, ()))
            )
        out[unit] = counts
    return out


def _post_order(policy: Policy, children: Mapping[str, list[str]]) -> list[str]:
    """Every grid id, children before parents (cycles are cut: GR303 reports them)."""
    seen: set[str] = set()
    order: list[str] = []
    for start in policy.grid_by_id:
        if start in seen:
            continue
        stack: list[tuple[str, bool]] = [(start, False)]
        while stack:
            gid, done = stack.pop()
            if done:
                order.append(gid)
                continue
            if gid in seen:
                continue
            seen.add(gid)
            stack.append((gid, True))
            stack.extend((c, False) for c in children.get(gid, ()) if c not in seen)
    return order


def street_of(policy: Policy) -> dict[str, str | None]:
    """grid id → the street/township node above it (or itself), None when there is none."""
    levels = {t.id for t in policy.tiers if t.admin_level in STREET_LEVELS}
    memo: dict[str, str | None] = {}
    by_id = policy.grid_by_id
    for gid in by_id:
        walk: list[str] = []
        current: str | None = gid
        found: str | None = None
        while current is not None and current not in memo and current in by_id:
            if by_id[current].tier in levels:
                found = current
                break
            if current in walk:
                break
            walk.append(current)
            current = by_id[current].parent
        if found is None and current is not None:
            found = memo.get(current)
        for w in walk:
            memo[w] = found
        if gid not in memo:
            memo[gid] = found
    return memo


def compute(policy: Policy, at: dt.date | None = None) -> Workload:
    """The workload the policy's schedules put on each worker and grid (see the module doc)."""
    day = at or dt.date.today()
    active, inactive = active_schedules(policy, day)
    units = {s.per for s in active if s.per != FIXED}
    counts = rolled_counts(policy, units)
    by_role: dict[str, list[Schedule]] = {}
    for s in active:
        by_role.setdefault(s.role, []).append(s)
    roots = [g.id for g in policy.grid_by_id.values() if g.parent not in policy.grid_by_id]
    totals = {u: sum(counts[u].get(r, 0.0) for r in roots) for u in units}
    roles = policy.role_by_id
    sharing: dict[tuple[str, str], int] = {}
    for w in policy.workers:
        for role in w.roles:
            if role in by_role:
                sharing[(w.grid, role)] = sharing.get((w.grid, role), 0) + 1
    # per role: (schedule, hours per unit a month) — the factor worked out once
    plan = {
        role: [(s, runs_per_month(s) * s.minutes / 60.0) for s in items]
        for role, items in by_role.items()
    }
    workers: list[WorkerLoad] = []
    for w in policy.workers:
        items: list[Item] = []
        hours = field = 0.0
        for role in w.roles:
            found = plan.get(role)
            if not found:
                continue
            share = sharing.get((w.grid, role), 1)
            scope = roles[role].scope
            for s, factor in found:
                n = _units(policy, s, scope, w.grid, counts, totals)
                n = n if s.per == FIXED else n / share
                h = factor * n
                items.append(Item(s.id, role, n, h))
                hours += h
                if s.field:
                    field += h
        if items:
            workers.append(WorkerLoad(w.id, w.name, w.grid, w.roles, hours, field, tuple(items)))
    grids = _grids(policy, workers, by_role, counts)
    return Workload(
        at=day,
        schedules=tuple(active),
        inactive=tuple(inactive),
        workers=tuple(workers),
        grids=grids,
        assumed=tuple(s.id for s in active if s.assumed),
    )


def _units(
    policy: Policy,
    s: Schedule,
    scope: Scope,
    grid: str,
    counts: Mapping[str, Mapping[str, float]],
    totals: Mapping[str, float],
) -> float:
    if s.per == FIXED:
        return 1.0
    if scope is Scope.JURISDICTION:
        return totals[s.per]
    if scope is Scope.NODE:
        node = policy.grid_by_id.get(grid)
        return (own_count(node, s.per) or 0.0) if node is not None else 0.0
    return counts[s.per].get(grid, 0.0)


def _grids(
    policy: Policy,
    workers: list[WorkerLoad],
    by_role: Mapping[str, list[Schedule]],
    counts: Mapping[str, Mapping[str, float]],
) -> tuple[GridLoad, ...]:
    acc: dict[str, list[float]] = {}
    holders: dict[tuple[str, str], int] = {}
    for load in workers:
        a = acc.setdefault(load.grid, [0, 0.0, 0.0, 0.0])
        a[0] += 1
        a[1] += load.hours
        a[2] = max(a[2], load.hours)
        a[3] += load.field_hours
        for role in load.roles:
            holders[(load.grid, role)] = holders.get((load.grid, role), 0) + 1
    door = [(r, s) for r, items in by_role.items() for s in items if s.door_to_door]
    streets = street_of(policy)
    out: list[GridLoad] = []
    for gid, (n, hours, top, field) in acc.items():
        grid = policy.grid_by_id.get(gid)
        if grid is None:
            continue
        round_hours: float | None = None
        round_id: str | None = None
        for role, s in door:
            k = holders.get((gid, role), 0)
            if k:
                h = counts[s.per].get(gid, 0.0) * s.minutes / 60.0 / k if s.per != FIXED else 0.0
                if round_hours is None or h > round_hours:
                    round_hours, round_id = h, s.id
        out.append(
            GridLoad(
                gid,
                grid.name,
                grid.tier,
                streets.get(gid),
                grid.households,
                int(n),
                hours,
                top,
                field,
                round_hours,
                round_id,
            )
        )
    return tuple(out)
