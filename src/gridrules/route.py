"""Escalation routes: where a matter goes from a grid, level by level (pure; no Casbin).

`route(policy, matter_id, grid_id)` follows the jurisdiction's escalation levels
(bottom up) along the grid's line of tiers:

- the chain holds every level whose tier is the grid's tier or one of its
  ancestor tiers (a level on another branch of the tier tree — a dedicated grid
  level seen from a general grid — is left out);
- each step names the registry node at that level's tier that contains the
  grid (None when the registry does not reach that high), the handler roles,
  the roster people assigned to that node who hold one of them, the step's time
  limit and the cumulative deadline, and the departments the matter is routed
  to from that level, each with its part (lead 牵头 / assist 配合) and limit;
- the handling step is the level at the matter's handling tier, or else the
  first level whose tier is at least as high (`Policy.tier_depth`) — the same
  test `handle` decisions use; steps below it are where the matter is
  discovered and reported ("report"), steps above are escalation ("escalate");
- a routing entry with `keep` makes the handling level keep the case: every
  department the entry names is enlisted there and the levels above it drop
  out of the route (nothing is handed up);
- a matter (or its category) with `direct_report` starts with a "direct" step:
  the report goes straight to the named level within its time. When that level
  is on the chain at or below the handling step, the levels under it are
  skipped (越级直报) and the direct time counts towards the deadline; a direct
  level above the handling step is told at the same time (it does not count).

Time limits (docs/decisions.md "Time limits 时限"): a step's limit is the
matter's `level_limits` entry for the level; else, on a level the matter is
only reported through (stage report), the matter's `report_within`; else the
level's own `time_limit`; a direct step's limit is the direct report's time.
The cumulative deadline at a step is the sum of the limits from the first
counted step through it (None once a step has no limit); the handling
deadline is the cumulative at the handling step; the matter's deadline — the
one figure handbooks print — is its `close_within`, else the handling deadline.

With no grid (`grid_id=None`) the route is the generic chain through the
handling tier: the lowest declared level at or below the handling tier and
every level on its line upward, with no registry nodes or people.
In emergency mode the route carries the overlay's verbal/written reporting
limits; the levels themselves do not change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from typing import Any

from gridrules.catalogue import msg
from gridrules.decision import Person, QueryError
from gridrules.lookup import workers_by_grid
from gridrules.model import (
    Duration,
    EscalationLevel,
    Grid,
    Matter,
    Mode,
    Names,
    Policy,
    WarningLevel,
    Worker,
)
from gridrules.problems import Location
from gridrules.route_records import (
    DIRECT,
    ESCALATE,
    HANDLE,
    REPORT,
    Assigned,
    Ref,
    Route,
    RouteStep,
)

__all__ = [
    "DIRECT",
    "ESCALATE",
    "HANDLE",
    "REPORT",
    "Assigned",
    "Ref",
    "Route",
    "RouteStep",
    "chain_from",
    "chains",
    "route",
    "route_on",
    "tier_line",
]

PeopleAt = Callable[[str], Sequence[Worker]]


def route(
    policy: Policy,
    matter_id: str,
    grid_id: str | None,
    mode: Mode = Mode.NORMAL,
    *,
    people_at: PeopleAt | None = None,
) -> Route:
    """The escalation chain for a matter from a grid (or the generic chain when grid is None).

    Raises `QueryError` (code unknown_matter / unknown_grid) for ids the policy
    does not know. `people_at(node_id)` may supply the workers assigned to a
    node (the engine passes an index); by default the policy's cached roster index
    (`gridrules.lookup.workers_by_grid`) is used.
    """
    matter = policy.matter_by_id.get(matter_id)
    if matter is None:
        raise QueryError(
            "unknown_matter",
            msg("decisions.query.unknown_matter", matter=matter_id),
        )
    mode = Mode(mode)
    grid: Grid | None = None
    if grid_id is not None:
        grid = policy.grid_by_id.get(grid_id)
        if grid is None:
            raise QueryError(
                "unknown_grid",
                msg("decisions.query.unknown_grid", grid=grid_id),
            )
    if grid is not None:
        chain = chain_from(policy, grid.tier)
    else:
        below = [
            lv
            for lv in policy.escalation.levels
            if matter.handling_tier in tier_line(policy, lv.tier)
        ]
        chain = chain_from(policy, below[0].tier if below else matter.handling_tier)
    nodes = _ancestors_by_tier(policy, grid) if grid is not None else {}
    found = route_on(policy, matter, chain, nodes, people_at or _roster_index(policy))
    emergency = policy.emergency if mode is Mode.EMERGENCY else None
    raised = tuple(w for w in policy.escalation.warnings if w.raised_by(matter_id))
    return Route(
        **{**found, "grid": grid_id, "mode": mode},
        verbal_report_within=emergency.verbal_report_within if emergency else None,
        written_report_within=emergency.written_report_within if emergency else None,
        warnings=raised,
        warning_names=_warning_names(policy, raised),
    )


def _warning_names(
    policy: Policy, raised: tuple[WarningLevel, ...]
) -> tuple[tuple[str, Names], ...]:
    """The names of the levels and departments the raised warnings' tasks name."""
    esc = policy.escalation
    known = {x.id: x.names for x in esc.levels} | {x.id: x.names for x in esc.departments}
    wanted = {
        x
        for w in raised
        if w.task is not None
        for x in (w.task.dispatched_by or "", *w.task.to, *w.task.departments)
    }
    return tuple((x, known[x]) for x in sorted(wanted) if x in known)


def chain_from(policy: Policy, tier: str) -> list[EscalationLevel]:
    """The levels on a tier's line (the tier and its ancestors), in declared order."""
    line = set(tier_line(policy, tier))
    return [lv for lv in policy.escalation.levels if lv.tier in line]


def chains(policy: Policy) -> list[list[EscalationLevel]]:
    """Every distinct chain a grid can start on: one per level tier (for validation)."""
    out: list[list[EscalationLevel]] = []
    for level in policy.escalation.levels:
        chain = chain_from(policy, level.tier)
        if chain not in out:
            out.append(chain)
    return out


def route_on(
    policy: Policy,
    matter: Matter,
    chain: list[EscalationLevel],
    nodes: dict[str, Grid] | None = None,
    people_at: PeopleAt | None = None,
) -> dict[str, Any]:
    """The route's fields for a matter on a given chain (no grid, mode or overlay limits).

    `route` wraps it; validation calls it on every chain (`chains`) with no nodes.
    """
    nodes = nodes or {}
    handling = _handling_index(policy, chain, matter.handling_tier)
    entries = [
        r
        for r in policy.escalation.routing
        if matter.id in r.matters or matter.category in r.categories
    ]
    kept = handling is not None and any(r.keep for r in entries)
    if kept and handling is not None:
        chain = chain[: handling + 1]
    departments = _departments(
        policy, entries, chain[handling].id if kept and handling is not None else None
    )

    direct = policy.direct_report(matter)
    level_by_id = {lv.id: lv for lv in policy.escalation.levels}
    target = level_by_id.get(direct.level) if direct is not None else None
    steps: list[RouteStep] = []
    skipped: tuple[Ref, ...] = ()
    running: int | None = 0
    if direct is not None and target is not None:
        at = next((i for i, lv in enumerate(chain) if lv.id == target.id), None)
        counted = at is not None and handling is not None and at <= handling
        if counted and at is not None and handling is not None:
            skipped = tuple(Ref(lv.id, lv.names) for lv in chain[:at])
            chain, handling = chain[at:], handling - at
            running = direct.within.minutes
        step = _step(policy, target, DIRECT, nodes, people_at, direct.within, ())
        steps.append(
            replace(
                step,
                cumulative=direct.within if counted else None,
                limit_source=str(direct.origin.at("within")),
                written_within=direct.written_within,
                counted=counted,
            )
        )
    for i, level in enumerate(chain):
        if handling is not None:
            stage = REPORT if i < handling else HANDLE if i == handling else ESCALATE
        else:  # no level is high enough: everything below the handling tier reports
            low = _depth(policy, level.tier) > _depth(policy, matter.handling_tier)
            stage = REPORT if low else ESCALATE
        limit, where = _step_limit(matter, level, stage)
        running = running + limit.minutes if running is not None and limit else None
        step = _step(
            policy, level, stage, nodes, people_at, limit, tuple(departments.get(level.id, ()))
        )
        steps.append(
            replace(
                step,
                cumulative=Duration.of_minutes(running) if running is not None else None,
                limit_source=str(where) if where else "",
                keeps=kept and stage == HANDLE,
            )
        )
    handled = next((s for s in steps if s.handles), None)
    return {
        "matter": matter.id,
        "matter_names": matter.names,
        "category": matter.category,
        "grid": None,
        "mode": Mode.NORMAL,
        "handling_tier": matter.handling_tier,
        "handling_level": handled.level if handled else None,
        "steps": tuple(steps),
        "report_within": matter.report_within,
        "close_within": matter.close_within,
        "handling_deadline": handled.cumulative if handled else None,
        "ceiling": policy.jurisdiction.settings.time_limit_ceiling,
        "direct": direct if target is not None else None,
        "skipped": skipped,
        "kept": kept,
    }


def _step_limit(
    matter: Matter, level: EscalationLevel, stage: str
) -> tuple[Duration | None, Location | None]:
    """A step's limit and where it is written.

    The matter's `level_limits` entry for the level wins; a level the matter is only
    reported through (stage report) passes it on within the matter's `report_within`;
    otherwise the level's own `time_limit` (本层处置时限).
    """
    own = matter.level_limit(level.id)
    if own is not None:
        return own, matter.origin.at("time_limits", "level_limits", level.id)
    if stage == REPORT and matter.report_within is not None:
        return matter.report_within, matter.origin.at("time_limits", "report_within")
    if level.time_limit is not None:
        return level.time_limit, level.origin.at("time_limit")
    return None, None


def _step(
    policy: Policy,
    level: EscalationLevel,
    stage: str,
    nodes: dict[str, Grid],
    people_at: PeopleAt | None,
    limit: Duration | None,
    departments: tuple[Assigned, ...],
) -> RouteStep:
    node = nodes.get(level.tier)
    handlers = tuple(
        Ref(r, policy.role_by_id[r].names if r in policy.role_by_id else Names(r))
        for r in level.handler_roles
    )
    people: tuple[Person, ...] = ()
    if node is not None and level.handler_roles and people_at is not None:
        wanted = set(level.handler_roles)
        people = tuple(
            Person(w.id, w.name, w.roles, w.grid, w.phone)
            for w in people_at(node.id)
            if wanted.intersection(w.roles)
        )
    return RouteStep(
        level=level.id,
        names=level.names,
        tier=level.tier,
        stage=stage,
        node=Ref(node.id, Names(node.name)) if node is not None else None,
        handlers=handlers,
        people=people,
        time_limit=limit,
        departments=departments,
        source=str(level.origin.location),
    )


def tier_line(policy: Policy, tier: str) -> list[str]:
    """The tier and its ancestors, bottom up (cycles cut)."""
    out: list[str] = []
    current: str | None = tier
    while current is not None and current not in out:
        out.append(current)
        found = policy.tier_by_id.get(current)
        current = found.parent if found else None
    return out


def _depth(policy: Policy, tier: str) -> int:
    return policy.tier_depth.get(tier, 1 << 30)


def _handling_index(policy: Policy, chain: list[EscalationLevel], handling_tier: str) -> int | None:
    for i, level in enumerate(chain):
        if level.tier == handling_tier:
            return i
    limit = _depth(policy, handling_tier)
    for i, level in enumerate(chain):
        if _depth(policy, level.tier) <= limit:
            return i
    return None


def _departments(
    policy: Policy, entries: list[Any], keeper: str | None
) -> dict[str, list[Assigned]]:
    """Departments the matter is routed to, grouped by the level that dispatches to them.

    With `keeper` (a kept case) every department of a `keep` entry is enlisted there.
    """
    by_id = {d.id: d for d in policy.escalation.departments}
    out: dict[str, list[Assigned]] = {}
    seen: set[str] = set()
    for rule in entries:
        for dep_id in rule.departments:
            dep = by_id.get(dep_id)
            if dep is None or dep_id in seen:
                continue
            seen.add(dep_id)
            at = keeper if keeper is not None and rule.keep else dep.level
            out.setdefault(at, []).append(
                Assigned(dep.id, dep.names, rule.role_of(dep_id), dep.time_limit, dep.level)
            )
    return out


def _ancestors_by_tier(policy: Policy, grid: Grid) -> dict[str, Grid]:
    """The grid and its registry ancestors, keyed by tier (the nearest wins)."""
    out: dict[str, Grid] = {}
    seen: set[str] = set()
    node: Grid | None = grid
    while node is not None and node.id not in seen:
        seen.add(node.id)
        out.setdefault(node.tier, node)
        node = policy.grid_by_id.get(node.parent) if node.parent else None
    return out


def _roster_index(policy: Policy) -> PeopleAt:
    """The policy's cached roster index, built on first use (the generic chain names no nodes)."""
    return lambda node_id: workers_by_grid(policy).get(node_id, ())
