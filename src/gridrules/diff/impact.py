"""What a change touches: registry grids and roster people, escalation routes, handbook pages.

Reach of a role (how many grids and people a permission change touches):

- with a roster: the people holding the role, and the registry nodes (grids
  and the street/community nodes above them) where they may act — their
  assigned node alone (`node`), its whole subtree (`own_grid`, `subtree`), or
  every node (`jurisdiction`); basis `roster`;
- with a registry but no roster: the nodes the role's scope covers by tier
  (own tier for `node`, own tier and the tiers below it for `own_grid` and
  `subtree`, everything for `jurisdiction`) and no people; basis `tier`;
- with neither: nothing to count; basis `none`.

Routes are the generic escalation chains (`route(policy, matter, None)`),
flattened into fields so that a changed time limit reads `street_centre.time_limit: 7d → 5d`.

Handbook pages are compared on fingerprints of the renderer's own view data
(`gridrules.render.page_fingerprints`), in Chinese and English: the
manual, a duty card per role, a patrol checklist per grid-tier role and a
notice sheet per grid. A notice sheet prints its grid, the grids above it,
the people there and the escalation levels above; so notice sheets are
rebuilt only for grids whose registry row or people changed, or that lie
below such a node — unless something every sheet prints changed (tiers,
roles, escalation, supervision), in which case every sheet is rebuilt and
compared.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import Enum
from hashlib import blake2b

from gridrules.diff.model_diff import FieldChange, Fields, field_changes, plain
from gridrules.model import Grid, Policy, Scope, Worker
from gridrules.route import route

Interval = tuple[int, int]  # Euler entry numbers, inclusive
PAGE_LANGS = ("zh", "en")


def digest(value: object) -> str:
    """A short, process-independent fingerprint of plain data (repr of str/tuple dataclasses)."""
    return blake2b(repr(value).encode("utf-8", "surrogatepass"), digest_size=8).hexdigest()


# --- reach: grids and people ------------------------------------------------


@dataclass(frozen=True, slots=True)
class Reach:
    grids: int  # registry nodes where the role may act
    people: int  # roster people holding the role (0 without a roster)
    basis: str  # roster, tier, or none


@dataclass(frozen=True, slots=True)
class Registry:
    """One side's registry and roster, reduced to what reach, notices and summaries need."""

    size: int  # registry nodes
    workers: int  # roster people
    order: tuple[str, ...]  # node ids by Euler entry number (entry e at index e-1)
    span: Mapping[str, Interval]  # node id → (entry, exit)
    role_intervals: Mapping[str, tuple[Interval, ...]]  # merged reach of each role
    role_people: Mapping[str, int]
    combos: Mapping[frozenset[str], int]  # role sets held by roster people → how many people
    basis: str
    # Fingerprints are blake2b digests of the rows' repr: stable across processes, however
    # the two sides were loaded (fork or spawn), unlike hash() of a str-bearing tuple.
    grid_prints: Mapping[str, int]  # node id → fingerprint of its registry row
    node_prints: Mapping[str, int]  # node id → fingerprint of its row and the people assigned to it
    worker_prints: Mapping[str, int]  # worker id → fingerprint of the roster row

    def reach(self, role: str) -> Reach:
        return Reach(
            _count(self.role_intervals.get(role, ())), self.role_people.get(role, 0), self.basis
        )

    def reach_of(self, roles: Iterable[str]) -> Reach:
        """Grids and people touched by any of several roles (each counted once)."""
        wanted = set(roles)
        intervals = merge(i for r in wanted for i in self.role_intervals.get(r, ()))
        people = sum(n for combo, n in self.combos.items() if combo & wanted)
        return Reach(_count(intervals), people, self.basis)


def merge(intervals: Iterable[Interval]) -> tuple[Interval, ...]:
    out: list[Interval] = []
    for lo, hi in sorted(intervals):
        if out and lo <= out[-1][1] + 1:
            if hi > out[-1][1]:
                out[-1] = (out[-1][0], hi)
        else:
            out.append((lo, hi))
    return tuple(out)


def _count(intervals: Iterable[Interval]) -> int:
    return sum(hi - lo + 1 for lo, hi in intervals)


def registry(policy: Policy, span: Mapping[str, Interval]) -> Registry:
    """Reach of every role, and fingerprints of registry rows and roster rows.

    `span` is the Euler tour of the registry that the decision index uses
    (`DecisionIndex.span`), so "where a role may act" is what the engine means.
    """
    size = len(span)
    order: list[str] = [""] * size
    for node, (entry, _) in span.items():
        order[entry - 1] = node
    workers: list[Worker] = []
    seen: set[str] = set()
    for worker in policy.workers:
        if worker.id not in seen:  # the engine: the first row of a duplicated id wins
            seen.add(worker.id)
            workers.append(worker)
    homes: dict[str, list[Interval]] = {}
    people: Counter[str] = Counter()
    combos: Counter[frozenset[str]] = Counter()
    for worker in workers:
        combos[frozenset(worker.roles)] += 1
        where = span.get(worker.grid)
        for held in set(worker.roles):
            people[held] += 1
            if where is not None:
                homes.setdefault(held, []).append(where)
    intervals: dict[str, tuple[Interval, ...]] = {}
    if size and workers:
        basis = "roster"
        for role_id, spans in homes.items():
            found = policy.role_by_id.get(role_id)
            scope = found.scope if found is not None else Scope.OWN_GRID
            if scope is Scope.JURISDICTION:
                intervals[role_id] = ((1, size),)
            elif scope in (Scope.SUBTREE, Scope.OWN_GRID):  # the grid and the cells inside it
                intervals[role_id] = merge(spans)
            else:
                intervals[role_id] = merge((e, e) for e, _ in spans)
    elif size:
        basis = "tier"
        by_tier: dict[str, list[int]] = {}
        for grid in policy.grids:
            where = span.get(grid.id)
            if where is not None:
                by_tier.setdefault(grid.tier, []).append(where[0])
        for role in policy.roles:
            if role.scope is Scope.JURISDICTION:
                intervals[role.id] = ((1, size),)
                continue
            tiers = {role.tier} if role.scope is Scope.NODE else _tiers_below(policy, role.tier)
            intervals[role.id] = merge((e, e) for t in tiers for e in by_tier.get(t, ()))
    else:
        basis = "none"
    on_node: dict[str, list[int]] = {}
    worker_prints: dict[str, int] = {}
    for worker in workers:
        print_ = _fingerprint(_row(worker, _WORKER_FIELDS))
        on_node.setdefault(worker.grid, []).append(print_)
        worker_prints[worker.id] = print_
    grid_prints: dict[str, int] = {}
    node_prints: dict[str, int] = {}
    for grid in policy.grids:
        if grid.id not in grid_prints:
            print_ = _fingerprint(_row(grid, _GRID_FIELDS))
            grid_prints[grid.id] = print_
            node_prints[grid.id] = _fingerprint((print_, tuple(on_node.get(grid.id, ()))))
    return Registry(
        size=size,
        workers=len(workers),
        order=tuple(order),
        span=span,
        role_intervals=intervals,
        role_people=dict(people),
        combos=dict(combos),
        basis=basis,
        grid_prints=grid_prints,
        node_prints=node_prints,
        worker_prints=worker_prints,
    )


def _fingerprint(row: tuple[object, ...]) -> int:
    return int.from_bytes(blake2b(repr(row).encode(), digest_size=8).digest(), "big")


def _tiers_below(policy: Policy, tier: str) -> set[str]:
    """The tier and every tier whose line of parents passes through it."""
    out: set[str] = set()
    for candidate in policy.tiers:
        current: str | None = candidate.id
        seen: set[str] = set()
        while current is not None and current not in seen:
            if current == tier:
                out.add(candidate.id)
                break
            seen.add(current)
            found = policy.tier_by_id.get(current)
            current = found.parent if found else None
    return out


# What a notice sheet prints of a grid and of a worker: a change to any of these
# fields changes the entry's fingerprint.
_GRID_FIELDS = tuple(
    "id name tier parent households area type party_org boundary attributes".split()
)
_WORKER_FIELDS = tuple("id name roles grid phone two_committees party_member attributes".split())


def _row(entry: Grid | Worker, fields: tuple[str, ...]) -> tuple[object, ...]:
    """The entry's `fields` as plain values: enums by value, mappings as sorted pairs."""
    return tuple(_plain_value(getattr(entry, name)) for name in fields)


def _plain_value(value: object) -> object:
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return tuple(sorted(value.items()))
    return value


@dataclass(frozen=True, slots=True)
class RegistryChange:
    """Registry nodes or roster people added, removed or changed (ids in the new side's order)."""

    kind: str  # grids or workers
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]

    @property
    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed)


def diff_registry(old: Registry, new: Registry) -> tuple[RegistryChange, RegistryChange]:
    return (
        _diff_prints("grids", old.grid_prints, new.grid_prints),
        _diff_prints("workers", old.worker_prints, new.worker_prints),
    )


def _diff_prints(kind: str, old: Mapping[str, int], new: Mapping[str, int]) -> RegistryChange:
    added = tuple(k for k in new if k not in old)
    removed = tuple(k for k in old if k not in new)
    changed = tuple(k for k, v in new.items() if k in old and old[k] != v)
    return RegistryChange(kind, added, removed, changed)


# --- routes -------------------------------------------------------------------


def _no_people(_: str) -> Sequence[Worker]:
    return ()


def route_fields(policy: Policy) -> dict[str, Fields]:
    """The generic route of every matter (no grid), flattened: chain, handling level, each level."""
    out: dict[str, Fields] = {}
    for matter in policy.matters:
        if matter.id in out:
            continue
        r = route(policy, matter.id, None, people_at=_no_people)
        fields: Fields = {
            "chain": [s.level for s in r.steps],
            "handling_level": r.handling_level,
            "report_within": r.report_within.text if r.report_within else None,
            "close_within": r.close_within.text if r.close_within else None,
            "deadline": r.deadline.text if r.deadline else None,
        }
        for s in r.steps:
            key = f"direct:{s.level}" if s.stage == "direct" else s.level  # a level may recur
            fields[f"{key}.stage"] = s.stage
            fields[f"{key}.handlers"] = [h.id for h in s.handlers]
            fields[f"{key}.time_limit"] = s.time_limit.text if s.time_limit else None
            fields[f"{key}.departments"] = [d.id for d in s.departments]
        out[matter.id] = fields
    return out


@dataclass(frozen=True, slots=True)
class RouteChange:
    matter: str
    fields: tuple[FieldChange, ...]


def diff_routes(old: Mapping[str, Fields], new: Mapping[str, Fields]) -> tuple[RouteChange, ...]:
    """Routes of matters in both policies whose chain, handlers, limits or departments change."""
    out = []
    for matter, after in new.items():
        before = old.get(matter)
        if before is None or before == after:
            continue
        out.append(RouteChange(matter, field_changes(before, after)))
    return tuple(out)


# --- handbook pages -----------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PagePrints:
    """Fingerprints of one side's handbook pages, per language."""

    pages: Mapping[str, tuple[str, str, Mapping[str, str]]]  # path → (kind, id, lang → print)
    sections: Mapping[str, Mapping[str, str]]  # lang → manual section → print
    notices_all: bool  # every notice sheet was built (else only the `dirty` ones)


@dataclass(frozen=True, slots=True)
class PageChange:
    page: str  # manual.html, cards/<role>.html, checklists/<role>.html, notices/<grid>.html
    kind: str  # manual, card, checklist, notice
    id: str  # role or grid id ("" for the manual)
    change: str  # added, removed, changed
    langs: tuple[str, ...]  # languages in which it differs
    sections: tuple[str, ...]  # for the manual: which sections differ


def notice_inputs(policy: Policy) -> str:
    """A fingerprint of what every notice sheet prints besides its own registry rows and people."""
    p = policy
    return digest(
        (
            plain(p.tiers),
            [(r.id, plain(r.names)) for r in p.roles],
            plain(p.escalation.levels),
            plain(p.party.supervision),
            plain(p.matters[0]) if p.matters else None,
        )
    )


def dirty_nodes(old: Registry, new: Registry) -> set[str]:
    """Registry nodes whose notice sheet may differ: changed nodes and everything below them."""
    changed = {k for k, v in new.node_prints.items() if old.node_prints.get(k) != v}
    changed |= {k for k in old.node_prints if k not in new.node_prints}
    out: set[str] = set()
    for side in (old, new):
        for node in changed:
            where = side.span.get(node)
            if where is not None:
                out.update(side.order[where[0] - 1 : where[1]])
    return out | changed


def page_prints(
    policy: Policy, at: dt.date, notices: Sequence[str] | None, langs: Sequence[str] = PAGE_LANGS
) -> PagePrints | None:
    """Fingerprints of the handbook pages; `notices` None = every notice sheet, else those grids.

    None when the handbook renderer is not installed.
    """
    try:
        from gridrules.render import page_fingerprints
    except ImportError:  # pragma: no cover - the renderer ships with gridrules
        return None
    pages: dict[str, tuple[str, str, dict[str, str]]] = {}
    sections: dict[str, dict[str, str]] = {}
    for lang in langs:
        prints = page_fingerprints(policy, lang, at=at, grids=notices)
        sections[lang] = prints.sections
        for path, (kind, ident, print_) in prints.pages.items():
            pages.setdefault(path, (kind, ident, {}))[2][lang] = print_
    return PagePrints(pages, sections, notices is None)


def diff_pages(old: PagePrints, new: PagePrints) -> tuple[PageChange, ...]:
    out: list[PageChange] = []
    for path, (kind, ident, prints) in new.pages.items():
        before = old.pages.get(path)
        if before is None:
            out.append(PageChange(path, kind, ident, "added", tuple(prints), ()))
            continue
        langs = tuple(lang for lang in prints if before[2].get(lang) != prints[lang])
        if not langs:
            continue
        section_names: list[str] = []
        if kind == "manual":
            for lang in langs:
                for name, value in new.sections.get(lang, {}).items():
                    if old.sections.get(lang, {}).get(name) != value and name not in section_names:
                        section_names.append(name)
        out.append(PageChange(path, kind, ident, "changed", langs, tuple(section_names)))
    for path, (kind, ident, prints) in old.pages.items():
        if path not in new.pages:
            out.append(PageChange(path, kind, ident, "removed", tuple(prints), ()))
    rank = {"manual": 0, "card": 1, "checklist": 2, "notice": 3}
    return tuple(sorted(out, key=lambda c: (rank.get(c.kind, 9), c.page)))
