"""Coverage: can every admitted matter be reported and handled from every leaf grid?

"小事不出格": an event happens in the smallest cell of the registry (a micro
grid, a unit cell, a dedicated grid). For every leaf node of the registry at a
protected tier (a grid, a cell, or a community/village body with no grids
below it; `Policy.protected_tiers`) and
every matter admitted to the grids on the date — in normal mode, and the
matters admitted only during an emergency in emergency mode — coverage asks,
from the compiled decision tables:

- **report**: does some role of the grid or community bodies (a role at a
  protected tier, `Policy.protected_tiers`) *present there* hold a `report`
  grant on the matter — or a `handle` grant, for what a worker settles on the
  spot and files afterwards (办结后报备) needs no report upward? Departments
  above may handle what is reported, but they are not who finds it in the
  cell. A role is present at a leaf when a holder assigned to the leaf or to
  one of its registry ancestors reaches the leaf by the role's scope: a role at
  a tier on the leaf's line of registry ancestors (`own_grid`, `subtree`), at
  the leaf's own tier (`node`), or anywhere (`jurisdiction`);
- **handle**: does some role present there hold a `handle` grant whose tier is
  at or above the matter's handling tier, i.e. does the route from the leaf
  reach a level whose roles may handle it?

Decisions depend on a leaf only through the tiers on its ancestor line, so
leaves are grouped by that line and each group is judged once: the answer is
exhaustive over the registry at the cost of a handful of table look-ups per
group. Pure: no I/O; `gridrules coverage` and rule GR610 call it.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from gridrules.catalogue import msg
from gridrules.compile import compile_policy
from gridrules.decision_index import DecisionIndex, Entry
from gridrules.model import Grid, Matter, Mode, Policy, Role
from gridrules.problems import Location, Text

REPORT, HANDLE = "report", "handle"


@dataclass(frozen=True, slots=True)
class Fix:
    """Where a gap could be closed: a definition and what to do there."""

    location: Location
    text: Text

    def to_dict(self) -> dict[str, Any]:
        return {
            "location": str(self.location),
            "file": self.location.file,
            "line": self.location.line,
            "column": self.location.column,
            "zh": self.text.zh,
            "en": self.text.en,
        }


@dataclass(frozen=True, slots=True)
class Gap:
    """A matter that cannot be reported (or handled) from a group of leaf grids."""

    kind: str  # report or handle
    mode: Mode
    matter: str
    matter_names: tuple[str, str]
    tiers: tuple[str, ...]  # the leaves' line of tiers, bottom up
    grids: tuple[str, ...]  # every leaf grid affected
    fixes: tuple[Fix, ...]

    def message(self, lang: str) -> str:
        zh, en = self.matter_names
        text = msg(
            f"decisions.coverage.gap.{self.kind}",  # report or handle
            count=len(self.grids),
            first=self.grids[0],
            matter=(zh, en or zh),
        )
        return text(lang)

    def to_dict(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "mode": self.mode.value,
            "matter": self.matter,
            "matter_names": {"zh": self.matter_names[0], "en": self.matter_names[1]},
            "tiers": list(self.tiers),
            "grid_count": len(self.grids),
            "grids": list(self.grids),
            "message_zh": self.message("zh"),
            "message_en": self.message("en"),
            "fixes": [f.to_dict() for f in self.fixes],
        }


@dataclass(frozen=True, slots=True)
class ModeFigures:
    mode: Mode
    matters: int  # matters checked in this mode
    pairs: int  # leaf grids × matters
    report_gaps: int  # (leaf, matter) pairs that cannot be reported
    handle_gaps: int  # (leaf, matter) pairs that cannot be handled

    def to_dict(self) -> dict[str, Any]:
        return {
            "mode": self.mode.value,
            "matters": self.matters,
            "pairs": self.pairs,
            "report_gaps": self.report_gaps,
            "handle_gaps": self.handle_gaps,
        }


@dataclass(frozen=True, slots=True)
class Coverage:
    jurisdiction: str
    at: dt.date
    leaves: int  # leaf grids of the registry
    lines: int  # distinct lines of tiers among them (each judged once)
    figures: tuple[ModeFigures, ...]
    gaps: tuple[Gap, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.gaps

    def to_dict(self) -> dict[str, Any]:
        return {
            "jurisdiction": self.jurisdiction,
            "at": self.at.isoformat(),
            "ok": self.ok,
            "leaves": self.leaves,
            "tier_lines": self.lines,
            "figures": [f.to_dict() for f in self.figures],
            "gaps": [g.to_dict() for g in self.gaps],
        }


def coverage(
    policy: Policy,
    index: DecisionIndex | None = None,
    *,
    at: dt.date | None = None,
    modes: Iterable[Mode] = (Mode.NORMAL, Mode.EMERGENCY),
) -> Coverage:
    """Every leaf grid × every admitted matter, judged on the compiled tables.

    `index` is the engine's decision index; without one the permission tables are
    compiled here (without the registry, which coverage reads from the policy).
    """
    day = at or dt.date.today()
    if index is None:
        index = DecisionIndex(compile_policy(_without_registry(policy)))
    lines = _leaf_lines(policy)
    epoch = bisect_right(index.epoch_cuts, day.toordinal())
    by_tier: dict[str, list[Role]] = {}
    for role in policy.roles:
        by_tier.setdefault(role.tier, []).append(role)
    wide = [r for r in policy.roles if r.scope.value == "jurisdiction"]
    roles, protected = policy.role_by_id, policy.protected_tiers
    gaps: list[Gap] = []
    figures: list[ModeFigures] = []
    normal_matters: set[str] = set()
    for mode in modes:
        emergency = mode is Mode.EMERGENCY
        admitted = index.admitted_epochs(emergency, None)
        matters = [
            m
            for m in policy.matters
            if epoch in admitted.get(m.id, ()) and m.id not in normal_matters
        ]
        if not emergency:
            normal_matters = {m.id for m in matters}
        table = index.table(emergency)
        counts = {REPORT: 0, HANDLE: 0}
        for tiers, leaves in lines.items():
            present = _present(tiers, by_tier, wide)
            finders = tuple(r for r in present if roles[r].tier in protected)
            for matter in matters:
                for kind in (REPORT, HANDLE):
                    if _covered(table, finders if kind == REPORT else present, kind, matter.id):
                        continue
                    counts[kind] += len(leaves)
                    gaps.append(
                        Gap(
                            kind,
                            mode,
                            matter.id,
                            (matter.names.zh, matter.names.en),
                            tiers,
                            tuple(g.id for g in leaves),
                            _fixes(policy, kind, matter, tiers, by_tier, table),
                        )
                    )
        pairs = sum(len(v) for v in lines.values()) * len(matters)
        figures.append(ModeFigures(mode, len(matters), pairs, counts[REPORT], counts[HANDLE]))
    return Coverage(
        policy.jurisdiction.id,
        day,
        sum(len(v) for v in lines.values()),
        len(lines),
        tuple(figures),
        tuple(gaps),
    )


def _without_registry(policy: Policy) -> Policy:
    """The policy minus registry and roster: the permission tables do not depend on them."""
    return replace(policy, grids=(), workers=())


def _leaf_lines(policy: Policy) -> dict[tuple[str, ...], list[Grid]]:
    """Leaf grids (at protected tiers) grouped by their line of tiers: their own, then each
    registry ancestor's."""
    by_id = policy.grid_by_id
    has_children = {g.parent for g in policy.grids if g.parent is not None}
    line_of: dict[str, tuple[str, ...]] = {}

    def line(grid: Grid) -> tuple[str, ...]:
        chain: list[Grid] = []
        node: Grid | None = grid
        seen: set[str] = set()
        tail: tuple[str, ...] = ()
        while node is not None and node.id not in seen:
            if node.id in line_of:
                tail = line_of[node.id]
                break
            seen.add(node.id)
            chain.append(node)
            node = by_id.get(node.parent) if node.parent else None
        for i in range(len(chain) - 1, -1, -1):
            tail = (chain[i].tier, *tail)
            line_of[chain[i].id] = tail
        return line_of[grid.id]

    protected = policy.protected_tiers
    out: dict[tuple[str, ...], list[Grid]] = {}
    for grid in by_id.values():
        if grid.id not in has_children and grid.tier in protected:
            out.setdefault(line(grid), []).append(grid)
    return out


def _present(
    tiers: tuple[str, ...],
    by_tier: dict[str, list[Role]],
    wide: list[Role],
) -> tuple[str, ...]:
    """Roles whose holders reach a leaf with this line of tiers."""
    out: dict[str, None] = {}
    for i, tier in enumerate(tiers):
        for role in by_tier.get(tier, ()):
            if role.scope.value == "node" and i > 0:
                continue  # a node-only role acts at its own node, not in the cells below
            out[role.id] = None
    for role in wide:
        out[role.id] = None
    return tuple(out)


def _covered(
    table: dict[tuple[str, str, str], Entry], present: tuple[str, ...], kind: str, matter: str
) -> bool:
    """Some present role holds the grant (for handle: at a tier high enough).

    Reporting is covered by a report grant, or by a handle grant the role may use there.
    """
    for role in present:
        entry = table.get((role, HANDLE, matter))
        if entry is not None and entry.fits:
            return True
        if kind == REPORT and (role, REPORT, matter) in table:
            return True
    return False


def _fixes(
    policy: Policy,
    kind: str,
    matter: Matter,
    tiers: tuple[str, ...],
    by_tier: dict[str, list[Role]],
    table: dict[tuple[str, str, str], Entry],
) -> tuple[Fix, ...]:
    """The definitions a policy officer would edit to close the gap, most likely first."""
    out: list[Fix] = []
    # A node-scoped role up the line that holds the grant: own_grid would reach the cells.
    actions = (REPORT, HANDLE) if kind == REPORT else (HANDLE,)
    for tier in tiers[1:]:
        for role in by_tier.get(tier, ()):
            if role.scope.value == "node" and any(
                (role.id, a, matter.id) in table for a in actions
            ):
                out.append(
                    Fix(
                        role.origin.at("scope"),
                        msg("decisions.coverage.fix.scope", role=(role.names.zh, role.id)),
                    )
                )
    if kind == REPORT:
        protected = policy.protected_tiers
        nearest = next(
            (t for t in tiers if t in protected and by_tier.get(t)), None
        )  # the lowest tier of grid or community bodies that has roles
        at_nearest = by_tier.get(nearest, []) if nearest is not None else []
        candidates = [r for r in at_nearest if (r.id, REPORT, matter.id) not in table]
        out += [
            _grant(policy, role, REPORT, matter) for role in (candidates[:3] if nearest else ())
        ]
    else:
        handling = matter.handling_tier
        for tier in tiers:
            if (tier == handling or _at_or_above(policy, tier, handling)) and by_tier.get(tier):
                missing = [r for r in by_tier[tier] if (r.id, HANDLE, matter.id) not in table]
                out += [_grant(policy, role, HANDLE, matter) for role in missing[:2]]
                break
        out.append(
            Fix(
                matter.origin.at("handling_tier"),
                msg("decisions.coverage.fix.handling_tier"),
            )
        )
    if not out:
        out.append(
            Fix(
                matter.origin.location,
                msg("decisions.coverage.fix.reporter"),
            )
        )
    return tuple(out)


def _grant(policy: Policy, role: Role, action: str, matter: Matter) -> Fix:
    """Grant `role` a duty to report or handle `matter` (in its responsibilities)."""
    return Fix(
        _duties_of(policy, role),
        msg(
            f"decisions.coverage.fix.grant.{action}",
            role=(role.names.zh, role.id),
            matter=(matter.names.zh, matter.id),
        ),
    )


def _at_or_above(policy: Policy, tier: str, handling: str) -> bool:
    depth = policy.tier_depth
    return tier in depth and handling in depth and depth[tier] <= depth[handling]


def _duties_of(policy: Policy, role: Role) -> Location:
    found = next((r for r in policy.responsibilities if r.role == role.id), None)
    return found.origin.location if found is not None else role.origin.location
