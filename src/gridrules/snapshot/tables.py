"""The registry and roster as compact columns: what decisions, queries and routes read, no more.

A city holds ~10^5 grids and workers; as model objects (with their origins,
attributes, boundaries) they are most of a loaded engine's memory, and the
decision path reads five fields of a grid and five of a worker. A snapshot
stores them as columns in the registry's depth-first order, so a grid's
position *is* its Euler-tour entry number (the decision index's `span`):

- grids: id, name, tier, parent, area (tiers and areas interned);
- workers: id, name, phone, assigned grid, roles — sorted (stably) by grid, so
  a grid's workers are one slice — and, computed when the snapshot was built,
  the roles each holds validly and the (role, constraint) pairs it fails.

`Grid` and `Worker` objects are made on demand (`GridTable`, `WorkersAt`) for the
few answers that carry them (routes, who_can's people); they have no origin and
none of the fields only validation and handbooks read.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

from gridrules.model import Area, Grid, Origin, Worker
from gridrules.snapshot.codec import FrozenLocator

NO_ORIGIN = Origin(FrozenLocator({}), ())

# roster id → (roles held validly, assigned grid, (role, constraint) failed, all roles)
WorkerRow = tuple[tuple[str, ...], str, tuple[tuple[str, str], ...], tuple[str, ...]]


def _interner() -> tuple[list[Any], dict[Any, int]]:
    return [], {}


def _intern(values: list[Any], index: dict[Any, int], value: Any) -> int:
    found = index.get(value)
    if found is None:
        found = index[value] = len(values)
        values.append(value)
    return found


def encode_registry(
    grids: Mapping[str, Grid], span: Mapping[str, tuple[int, int]]
) -> dict[str, Any]:
    """The registry's columns in Euler order (`span` is the decision index's)."""
    order = sorted(span, key=lambda g: span[g][0])
    position = {g: i for i, g in enumerate(order)}
    tiers, tier_ix = _interner()
    areas, area_ix = _interner()
    out: dict[str, Any] = {"id": order, "name": [], "tier": [], "parent": [], "area": []}
    orphans: dict[str, str] = {}
    for i, gid in enumerate(order):
        grid = grids[gid]
        out["name"].append(grid.name)
        out["tier"].append(_intern(tiers, tier_ix, grid.tier))
        parent = position.get(grid.parent, -1) if grid.parent is not None else -1
        if grid.parent is not None and parent < 0:
            orphans[str(i)] = grid.parent  # a parent outside the registry (hangs from the root)
        out["parent"].append(parent)
        out["area"].append(-1 if grid.area is None else _intern(areas, area_ix, grid.area.value))
    out["exit"] = [span[g][1] for g in order]
    out.update(tiers=tiers, areas=areas, orphans=orphans)
    return out


def encode_roster(
    workers: Mapping[str, WorkerRow],
    people: Mapping[str, Worker],
    order: Sequence[str],
    wide: Sequence[str],
    span: Mapping[str, tuple[int, int]],
) -> dict[str, Any]:
    """The roster's columns, sorted by assigned grid (roster order within a grid)."""
    last = len(span)

    def where(wid: str) -> int:
        found = span.get(workers[wid][1])
        return found[0] - 1 if found is not None else last

    ids = sorted(order, key=where)  # stable: roster order within a grid
    combos, combo_ix = _interner()
    drops, drop_ix = _interner()
    cols: dict[str, Any] = {k: [] for k in ("id", "name", "phone", "grid", "roles", "valid")}
    cols["dropped"] = []
    homes: dict[str, str] = {}
    starts = [0] * (last + 2)
    for i, wid in enumerate(ids):
        valid, home, dropped, roles = workers[wid]
        person = people[wid]
        cols["id"].append(wid)
        cols["name"].append(person.name)
        cols["phone"].append(person.phone)
        at = where(wid)
        if at == last:
            homes[str(i)] = home
        cols["grid"].append(at)
        cols["roles"].append(_intern(combos, combo_ix, roles))
        cols["valid"].append(_intern(combos, combo_ix, valid))
        cols["dropped"].append(_intern(drops, drop_ix, dropped))
        starts[at + 1] += 1
    for k in range(1, len(starts)):
        starts[k] += starts[k - 1]
    cols.update(
        combos=[list(c) for c in combos],
        drops=[[list(p) for p in d] for d in drops],
        homes=homes,
        starts=starts,
        wide=list(wide),
    )
    return cols


class GridTable(Mapping[str, Grid]):
    """grid id → `Grid`, made on demand from the registry columns (`Policy.grid_by_id`)."""

    def __init__(self, cols: dict[str, Any], span: dict[str, tuple[int, int]]) -> None:
        self._ids: list[str] = cols["id"]
        self._names: list[str] = cols["name"]
        self._tiers: list[str] = cols["tiers"]
        self._tier: list[int] = cols["tier"]
        self._parent: list[int] = cols["parent"]
        self._areas = [Area(a) for a in cols["areas"]]
        self._area: list[int] = cols["area"]
        self._orphans: dict[str, str] = cols["orphans"]
        self._span = span

    def index(self, grid_id: str) -> int | None:
        found = self._span.get(grid_id)
        return None if found is None else found[0] - 1

    def parent_of(self, grid_id: str) -> str | None:
        i = self.index(grid_id)
        if i is None:
            return None
        p = self._parent[i]
        return self._ids[p] if p >= 0 else self._orphans.get(str(i))

    def __getitem__(self, grid_id: str) -> Grid:
        i = self.index(grid_id)
        if i is None:
            raise KeyError(grid_id)
        area = self._area[i]
        return Grid(
            grid_id,
            self._names[i],
            self._tiers[self._tier[i]],
            self.parent_of(grid_id),
            None,
            self._areas[area] if area >= 0 else None,  # type: ignore[arg-type]
            "",
            "",
            "",
            {},
            NO_ORIGIN,
        )

    def __contains__(self, grid_id: object) -> bool:
        return grid_id in self._span

    def __iter__(self) -> Iterator[str]:
        return iter(self._ids)

    def __len__(self) -> int:
        return len(self._ids)


class Roster:
    """The roster columns: the engine's worker table and the workers assigned to a grid."""

    def __init__(self, cols: dict[str, Any], grids: list[str]) -> None:
        self._ids: list[str] = cols["id"]
        self._names: list[str] = cols["name"]
        self._phones: list[str] = cols["phone"]
        self._grid: list[int] = cols["grid"]
        self._roles: list[int] = cols["roles"]
        self._starts: list[int] = cols["starts"]
        self._combos = [tuple(c) for c in cols["combos"]]
        self._homes: dict[str, str] = cols["homes"]
        self._grids = grids
        self._wide: list[str] = cols["wide"]
        drops = [tuple((str(r), str(c)) for r, c in d) for d in cols["drops"]]
        combos, valid, dropped = self._combos, cols["valid"], cols["dropped"]
        self.workers: dict[str, WorkerRow] = {}
        self._at: dict[str, int] = {}
        for i, wid in enumerate(self._ids):
            self._at[wid] = i
            self.workers[wid] = (
                combos[valid[i]],
                self._home(i),
                drops[dropped[i]],
                combos[self._roles[i]],
            )

    def _home(self, i: int) -> str:
        g = self._grid[i]
        return self._grids[g] if g < len(self._grids) else self._homes[str(i)]

    def worker(self, i: int) -> Worker:
        roles = self._combos[self._roles[i]]
        home = self._home(i)
        return Worker(
            self._ids[i], self._names[i], roles, home, self._phones[i], False, False, {}, NO_ORIGIN
        )

    def at(self, grid_index: int) -> tuple[Worker, ...]:
        return tuple(
            self.worker(i) for i in range(self._starts[grid_index], self._starts[grid_index + 1])
        )

    def wide(self) -> tuple[Worker, ...]:
        return tuple(self.worker(self._at[w]) for w in self._wide)


class WorkersAt(Mapping[str, tuple[Worker, ...]]):
    """grid id → the workers assigned to it (the engine's `_by_grid`), made on demand."""

    def __init__(self, roster: Roster, grids: GridTable) -> None:
        self._roster = roster
        self._grids = grids

    def __getitem__(self, grid_id: str) -> tuple[Worker, ...]:
        i = self._grids.index(grid_id)
        found = self._roster.at(i) if i is not None else ()
        if not found:
            raise KeyError(grid_id)
        return found

    def __iter__(self) -> Iterator[str]:
        return (g for g in self._grids if self._roster.at(self._grids.index(g) or 0))

    def __len__(self) -> int:
        return sum(1 for _ in self)
