"""Policy-wide lookups, built once per policy: below rules, compile, route and render.

A registry of 100,000 grids and a roster of 150,000 workers must validate in
seconds, so every rule is O(n): the maps below are built on first use and
cached against the `Policy` object. The cache is keyed by identity, not by
the dataclass hash: a frozen dataclass's generated `__hash__` walks every grid
and worker on each call, which would make each lookup O(n) again.
"""

from __future__ import annotations

import functools
import weakref
from collections.abc import Callable, Iterable, Mapping
from typing import Protocol, TypeVar

from gridrules.model import Action, Grant, Grid, Mode, Policy, Worker

T = TypeVar("T")


class _Linked(Protocol):
    @property
    def id(self) -> str: ...
    @property
    def parent(self) -> str | None: ...


L = TypeVar("L", bound=_Linked)


def per_policy(build: Callable[[Policy], T]) -> Callable[[Policy], T]:
    """Cache `build(policy)` for as long as that policy object lives."""
    cache: dict[int, tuple[weakref.ref[Policy], T]] = {}

    def forget(key: int, ref: weakref.ref[Policy]) -> None:
        entry = cache.get(key)
        if entry is not None and entry[0] is ref:
            del cache[key]

    @functools.wraps(build)
    def cached(policy: Policy) -> T:
        key = id(policy)
        entry = cache.get(key)
        if entry is not None and entry[0]() is policy:
            return entry[1]
        value = build(policy)
        cache[key] = (weakref.ref(policy, functools.partial(forget, key)), value)
        return value

    return cached


# --- tiers ------------------------------------------------------------------


@per_policy
def grid_tiers(policy: Policy) -> frozenset[str]:
    """Ids of the tiers whose nodes are grids (`is_grid: true`)."""
    return frozenset(t.id for t in policy.tiers if t.is_grid)


@per_policy
def grid_nodes(policy: Policy) -> tuple[Grid, ...]:
    """The registry nodes of grid tiers, in registry order."""
    tiers = grid_tiers(policy)
    return tuple(g for g in policy.grids if g.tier in tiers)


@per_policy
def tier_chains(policy: Policy) -> dict[str, tuple[str, ...]]:
    """Each tier id → itself and its ancestors, nearest first (stops at a cycle or unknown id)."""
    by_id = policy.tier_by_id
    chains: dict[str, tuple[str, ...]] = {}
    for tier in policy.tiers:
        chain = [tier.id]
        current = tier.parent
        while current is not None and current in by_id and current not in chain:
            chain.append(current)
            current = by_id[current].parent
        chains[tier.id] = tuple(chain)
    return chains


# --- matters, grants, admission ----------------------------------------------


@per_policy
def matters_by_category(policy: Policy) -> dict[str, tuple[str, ...]]:
    out: dict[str, list[str]] = {}
    for matter in policy.matters:
        out.setdefault(matter.category, []).append(matter.id)
    return {k: tuple(v) for k, v in out.items()}


@per_policy
def admitted(policy: Policy) -> frozenset[str]:
    """Matters with any admission (in force, future or expired)."""
    return frozenset(policy.admissions_by_matter)


@per_policy
def handlers(policy: Policy) -> dict[str, frozenset[str]]:
    """Matter id → roles that may `handle` it in normal mode (categories expanded)."""
    return _handlers(policy, Mode.NORMAL)


@per_policy
def emergency_handlers(policy: Policy) -> dict[str, frozenset[str]]:
    """Matter id → roles that may `handle` it while an emergency plan is active."""
    return _handlers(policy, Mode.EMERGENCY)


def _handlers(policy: Policy, mode: Mode) -> dict[str, frozenset[str]]:
    by_category = matters_by_category(policy)
    out: dict[str, set[str]] = {}
    for grant in policy.grants(mode):
        if Action.HANDLE not in grant.actions:
            continue
        for matter in grant.matters:
            out.setdefault(matter, set()).add(grant.role)
        for category in grant.categories:
            for matter in by_category.get(category, ()):
                out.setdefault(matter, set()).add(grant.role)
    return {k: frozenset(v) for k, v in out.items()}


# --- the registry and roster -------------------------------------------------


def may_start_registry(policy: Policy, grid: Grid) -> bool:
    """Whether a node may have no parent in the registry.

    True for nodes of a top tier, and for nodes at the jurisdiction's own
    administrative level: a district's registry may start at its own district
    node, whose parent (the city) lives in the city's registry.
    """
    tier = policy.tier_by_id.get(grid.tier)
    if tier is None:
        return False
    return tier.parent is None or (
        tier.admin_level is not None and tier.admin_level == policy.jurisdiction.level
    )


def parent_cycles(items: Iterable[L], by_id: Mapping[str, L]) -> tuple[tuple[L, ...], ...]:
    """Every cycle of `parent` links (tiers, registry nodes), each once, in item order. O(n)."""
    state: dict[str, int] = {}  # 1: on the current walk, 2: done
    cycles: list[tuple[L, ...]] = []
    for item in items:
        walk: list[L] = []
        current: L | None = item
        while current is not None and current.id not in state:
            state[current.id] = 1
            walk.append(current)
            current = by_id.get(current.parent) if current.parent is not None else None
        if current is not None and state[current.id] == 1:
            start = next(i for i, x in enumerate(walk) if x.id == current.id)
            cycles.append(tuple(walk[start:]))
        for visited in walk:
            state[visited.id] = 2
    return tuple(cycles)


@per_policy
def registry_cycles(policy: Policy) -> tuple[tuple[Grid, ...], ...]:
    """Every cycle of registry parent links, each once, in registry order."""
    return parent_cycles(policy.grids, policy.grid_by_id)


@per_policy
def in_registry_cycle(policy: Policy) -> frozenset[str]:
    return frozenset(g.id for cycle in registry_cycles(policy) for g in cycle)


@per_policy
def sorted_grid_ids(policy: Policy) -> dict[str | None, tuple[str, ...]]:
    """Registry ids in sort order, per tier and all together (key None).

    For near-miss suggestions without scanning every id: see gridrules.rules.common.closest_sorted.
    """
    by_tier: dict[str | None, list[str]] = {None: []}
    for grid in policy.grid_by_id.values():
        by_tier[None].append(grid.id)
        by_tier.setdefault(grid.tier, []).append(grid.id)
    return {tier: tuple(sorted(ids)) for tier, ids in by_tier.items()}


@per_policy
def workers_by_grid(policy: Policy) -> dict[str, tuple[Worker, ...]]:
    out: dict[str, list[Worker]] = {}
    for worker in policy.workers:
        out.setdefault(worker.grid, []).append(worker)
    return {k: tuple(v) for k, v in out.items()}


@per_policy
def protected_grants(policy: Policy) -> tuple[Grant, ...]:
    """Duties and emergency grants of roles at protected tiers: the ones the admission list binds."""
    tiers = policy.protected_tiers
    roles = policy.role_by_id
    return tuple(
        g for g in policy.grants(Mode.EMERGENCY) if g.role in roles and roles[g.role].tier in tiers
    )
