"""Escalation routes: where a matter goes from a grid, level by level (pure; no Casbin).

`route(policy, matter_id, grid_id)` follows the jurisdiction's escalation levels
(bottom up) along the grid's line of tiers:

- the chain holds every level whose tier is the grid's tier or one of its
  ancestor tiers (a level on another branch of the tier tree — a dedicated grid
  level seen from a general grid — is left out);
- each step names the registry node at that level's tier that contains the
  grid (None when the registry does not reach that high), the handler roles,
  the roster people assigned to that node who hold one of them, the time limit,
  and the departments the matter is routed to from that level (routing rules
  whose `matters` or `categories` cover the matter, via each department's level);
- the handling step is the level at the matter's handling tier, or else the
  first level whose tier is at least as high (`Policy.tier_depth`) — the same
  test `handle` decisions use; steps below it are where the matter is
  discovered and reported ("report"), steps above are escalation ("escalate").

With no grid (`grid_id=None`) the route is the generic chain through the
handling tier: the lowest declared level at or below the handling tier and
every level on its line upward, with no registry nodes or people.
In emergency mode the route carries the overlay's verbal/written reporting
limits; the levels themselves do not change.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from gridrules.decision import Person, QueryError, names_dict
from gridrules.model import Duration, EscalationLevel, Grid, Mode, Names, Policy, Worker
from gridrules.problems import Text
from gridrules.rules.index import workers_by_grid

REPORT, HANDLE, ESCALATE = "report", "handle", "escalate"


@dataclass(frozen=True, slots=True)
class Ref:
    """Something named: a role, a department or a registry node."""

    id: str
    names: Names

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "names": names_dict(self.names)}


@dataclass(frozen=True, slots=True)
class RouteStep:
    level: str  # escalation level id
    names: Names
    tier: str
    stage: str  # report (below the handling level), handle, or escalate (above it)
    node: Ref | None  # the registry node at this tier that contains the grid
    handlers: tuple[Ref, ...]  # handler roles
    people: tuple[Person, ...]  # roster people at `node` holding a handler role
    time_limit: Duration | None
    departments: tuple[Ref, ...]  # departments this level dispatches the matter to
    source: str  # file:line:col of the level

    @property
    def handles(self) -> bool:
        return self.stage == HANDLE

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "names": names_dict(self.names),
            "tier": self.tier,
            "stage": self.stage,
            "handles": self.handles,
            "node": self.node.to_dict() if self.node else None,
            "handlers": [h.to_dict() for h in self.handlers],
            "people": [p.to_dict() for p in self.people],
            "time_limit": self.time_limit.text if self.time_limit else None,
            "departments": [d.to_dict() for d in self.departments],
            "source": self.source,
        }


@dataclass(frozen=True, slots=True)
class Route:
    matter: str
    matter_names: Names
    category: str
    grid: str | None
    mode: Mode
    handling_tier: str
    handling_level: str | None  # id of the step that handles; None if no level fits
    steps: tuple[RouteStep, ...]  # bottom up
    report_within: Duration | None
    close_within: Duration | None
    verbal_report_within: Duration | None = None  # emergency mode only
    written_report_within: Duration | None = None  # emergency mode only

    @property
    def departments(self) -> tuple[Ref, ...]:
        return tuple(d for step in self.steps for d in step.departments)

    def to_dict(self) -> dict[str, Any]:
        def text(d: Duration | None) -> str | None:
            return d.text if d else None

        return {
            "matter": self.matter,
            "matter_names": names_dict(self.matter_names),
            "category": self.category,
            "grid": self.grid,
            "mode": self.mode.value,
            "handling_tier": self.handling_tier,
            "handling_level": self.handling_level,
            "report_within": text(self.report_within),
            "close_within": text(self.close_within),
            "verbal_report_within": text(self.verbal_report_within),
            "written_report_within": text(self.written_report_within),
            "steps": [s.to_dict() for s in self.steps],
        }


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
    (`gridrules.rules.index.workers_by_grid`) is used.
    """
    matter = policy.matter_by_id.get(matter_id)
    if matter is None:
        raise QueryError(
            "unknown_matter",
            Text(f"政策中没有事项 “{matter_id}”", f"the policy has no matter '{matter_id}'"),
        )
    mode = Mode(mode)
    grid: Grid | None = None
    if grid_id is not None:
        grid = policy.grid_by_id.get(grid_id)
        if grid is None:
            raise QueryError(
                "unknown_grid",
                Text(
                    f"网格台账中没有网格 “{grid_id}”", f"the grid registry has no grid '{grid_id}'"
                ),
            )

    levels = policy.escalation.levels
    if grid is not None:
        line = set(tier_line(policy, grid.tier))
        chain = [lv for lv in levels if lv.tier in line]
    else:
        below = [lv for lv in levels if matter.handling_tier in tier_line(policy, lv.tier)]
        start = below[0].tier if below else matter.handling_tier
        line = set(tier_line(policy, start))
        chain = [lv for lv in levels if lv.tier in line]

    handling = _handling_index(policy, chain, matter.handling_tier)
    departments = _departments(policy, matter_id, matter.category)
    nodes = _ancestors_by_tier(policy, grid) if grid is not None else {}
    if people_at is None:
        people_at = _roster_index(policy)

    steps = []
    for i, level in enumerate(chain):
        node = nodes.get(level.tier)
        handlers = tuple(
            Ref(r, policy.role_by_id[r].names if r in policy.role_by_id else Names(r))
            for r in level.handler_roles
        )
        people: tuple[Person, ...] = ()
        if node is not None and level.handler_roles:
            wanted = set(level.handler_roles)
            people = tuple(
                Person(w.id, w.name, w.roles, w.grid, w.phone)
                for w in people_at(node.id)
                if wanted.intersection(w.roles)
            )
        if handling is not None:
            stage = REPORT if i < handling else HANDLE if i == handling else ESCALATE
        else:  # no level is high enough: everything below the handling tier reports
            low = _depth(policy, level.tier) > _depth(policy, matter.handling_tier)
            stage = REPORT if low else ESCALATE
        steps.append(
            RouteStep(
                level=level.id,
                names=level.names,
                tier=level.tier,
                stage=stage,
                node=Ref(node.id, Names(node.name)) if node is not None else None,
                handlers=handlers,
                people=people,
                time_limit=level.time_limit,
                departments=tuple(departments.get(level.id, ())),
                source=str(level.origin.location),
            )
        )
    emergency = policy.emergency if mode is Mode.EMERGENCY else None
    return Route(
        matter=matter.id,
        matter_names=matter.names,
        category=matter.category,
        grid=grid_id,
        mode=mode,
        handling_tier=matter.handling_tier,
        handling_level=chain[handling].id if handling is not None else None,
        steps=tuple(steps),
        report_within=matter.report_within,
        close_within=matter.close_within,
        verbal_report_within=emergency.verbal_report_within if emergency else None,
        written_report_within=emergency.written_report_within if emergency else None,
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


def _departments(policy: Policy, matter_id: str, category: str) -> dict[str, list[Ref]]:
    """Departments the matter is routed to, grouped by the level that dispatches to them."""
    by_id = {d.id: d for d in policy.escalation.departments}
    out: dict[str, list[Ref]] = {}
    seen: set[str] = set()
    for rule in policy.escalation.routing:
        if matter_id not in rule.matters and category not in rule.categories:
            continue
        for dep_id in rule.departments:
            dep = by_id.get(dep_id)
            if dep is None or dep_id in seen:
                continue
            seen.add(dep_id)
            out.setdefault(dep.level, []).append(Ref(dep.id, dep.names))
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
