"""The decision index: Casbin's rows read once into dictionaries, for microsecond checks.

Built from the very `CasbinArtifacts` the enforcer loads — p-rows become a
table keyed by (role, action, matter) per mode, the g graph gives each matter's
handling depth, g2 (the registry) becomes an Euler tour so "grid lies in the
home grid's subtree" is two integer comparisons, g3 gives each matter's
admitted epochs. `allows()` is the Casbin matcher evaluated on that table;
tests/test_engine.py proves it equal to the enforcer on thousands of requests,
and every `Engine` spot-checks a sample against the enforcer when it loads.
Never written after it is built, so threads share it without locks.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Final

from gridrules.compile import ANY_PLAN, NO_PLAN, NOT_SUBJECT, CasbinArtifacts
from gridrules.conditions import SCOPES, admits, reaches, tier_allows, tier_fits

_SCOPES: Final = {name: i for i, name in enumerate(SCOPES)}  # a scope's name → Entry.scope


@dataclass(frozen=True, slots=True)
class Entry:
    """One p-row, as the index reads it (the first row for its key wins, as in Casbin's explain)."""

    role: str
    action: str
    matter: str
    mode: str  # normal or emergency
    scope: int  # its position in conditions.SCOPES (own_grid and subtree reach the same nodes)
    depth: int | None  # the role tier's depth; None if unknown (handle never fits)
    subject: bool  # the admission and exclusion lists apply (grid-tier role)
    row: int  # index among the p-rows (for its origin)
    fits: bool  # the role's tier is at or above the matter's handling tier (for handle)


class DecisionIndex:
    """Everything `allows()` needs, as plain dictionaries."""

    def __init__(self, artifacts: CasbinArtifacts) -> None:
        categories: dict[str, list[str]] = {}  # category name → matter ids
        depth: dict[str, int] = {}  # matter id → handling tier depth
        epochs: dict[str, set[int]] = {}  # normal-mode admissions
        any_plan: dict[str, set[int]] = {}  # emergency admissions naming no plan
        by_plan: dict[str, dict[str, set[int]]] = {}  # plan → emergency admissions of that plan
        children: dict[str, list[str]] = {}
        known_matters: set[str] = set()
        p_rows: list[tuple[str, ...]] = []
        for row in artifacts.rows:
            kind = row[0]
            if kind == "p":
                p_rows.append(row)
            elif kind == "g":
                child, parent = row[1], row[2]
                if not child.startswith("matter:"):
                    continue  # the depth chain: read below through the matter links
                matter = child[7:]
                known_matters.add(matter)
                if parent.startswith("category:"):
                    categories.setdefault(parent, []).append(matter)
                elif parent.startswith("depth:"):
                    depth[matter] = int(parent[6:])
            elif kind == "g2":
                children.setdefault(row[2], []).append(
                    row[1][5:] if row[1].startswith("grid:") else row[1]
                )
            elif kind == "g3" and row[1].startswith("matter:"):
                matter, (epoch, _, plan) = row[1][7:], row[2][6:].partition(":")
                if not plan:
                    epochs.setdefault(matter, set()).add(int(epoch))
                elif plan == NO_PLAN:
                    any_plan.setdefault(matter, set()).add(int(epoch))
                else:
                    by_plan.setdefault(plan, {}).setdefault(matter, set()).add(int(epoch))

        normal: dict[tuple[str, str, str], Entry] = {}
        emergency: dict[tuple[str, str, str], Entry] = {}
        for i, (_, role, action, obj, mode, scope, role_depth, admission) in enumerate(p_rows):
            if obj.startswith("category:"):
                matters = categories.get(obj, [])
            else:
                matters = [obj[7:]] if obj.startswith("matter:") else []
            parsed_depth = int(role_depth[6:]) if role_depth[6:].isdigit() else None
            for matter in matters:
                handling = depth.get(matter)
                entry = Entry(
                    role,
                    action,
                    matter,
                    mode,
                    _SCOPES[scope],
                    parsed_depth,
                    admission != NOT_SUBJECT,
                    i,
                    tier_fits(parsed_depth, handling),
                )
                key = (role, action, matter)
                emergency.setdefault(key, entry)
                if mode == "normal":
                    normal.setdefault(key, entry)

        # Plain dicts, read-only by convention: a mappingproxy costs ~40% more per lookup
        # on the hot path. Nothing writes to them after this constructor.
        self.normal: Final[dict[tuple[str, str, str], Entry]] = normal
        self.emergency: Final[dict[tuple[str, str, str], Entry]] = emergency
        self.matters: Final = frozenset(known_matters)
        self.matter_depth: Final[dict[str, int]] = depth
        self.matter_epochs: Final = {m: frozenset(e) for m, e in epochs.items()}
        # Emergency mode: a named plan adds its own admissions and the plan-less ones;
        # an unnamed plan (ANY_PLAN) adds every emergency admission.
        self.plans: Final = frozenset(by_plan)
        self.plan_epochs: Final[dict[str, dict[str, frozenset[int]]]] = {
            plan: _union(epochs, any_plan, matters) for plan, matters in by_plan.items()
        }
        self.plan_epochs[ANY_PLAN] = _union(epochs, any_plan, *by_plan.values())
        self.plan_epochs[NO_PLAN] = _union(epochs, any_plan)  # a plan with no admissions of its own
        self.epoch_cuts: Final = tuple(d.toordinal() for d in artifacts.epochs)
        self.span: Final[dict[str, tuple[int, int]]] = _euler(children, artifacts.root)
        by_role: dict[str, list[Entry]] = {}
        for entry in emergency.values():
            by_role.setdefault(entry.role, []).append(entry)
        self.by_role: Final = {r: tuple(v) for r, v in by_role.items()}

    # --- as data, for compiled snapshots (gridrules.snapshot) -----------------------

    def to_state(self) -> dict[str, Any]:
        """The index's tables as JSON values (the registry's `span` travels as its columns)."""
        entries: list[Entry] = []
        number: dict[int, int] = {}
        for table in (self.normal, self.emergency):
            for entry in table.values():
                if id(entry) not in number:
                    number[id(entry)] = len(entries)
                    entries.append(entry)
        return {
            "entries": [
                [e.role, e.action, e.matter, e.mode, e.scope, e.depth, e.subject, e.row, e.fits]
                for e in entries
            ],
            "normal": [number[id(e)] for e in self.normal.values()],
            "emergency": [number[id(e)] for e in self.emergency.values()],
            "matters": sorted(self.matters),
            "matter_depth": self.matter_depth,
            "matter_epochs": {m: sorted(e) for m, e in self.matter_epochs.items()},
            "plans": sorted(self.plans),
            "plan_epochs": {
                plan: {m: sorted(e) for m, e in by_matter.items()}
                for plan, by_matter in self.plan_epochs.items()
            },
            "epoch_cuts": list(self.epoch_cuts),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any], span: dict[str, tuple[int, int]]) -> DecisionIndex:
        """The index `to_state` wrote, over the registry's `span` (no Casbin rows read)."""
        ix = cls.__new__(cls)
        entries = [
            Entry(
                str(r),
                str(a),
                str(m),
                str(mode),
                int(sc),
                None if d is None else int(d),
                bool(sub),
                int(row),
                bool(fits),
            )
            for r, a, m, mode, sc, d, sub, row, fits in state["entries"]
        ]

        def table(numbers: list[int]) -> dict[tuple[str, str, str], Entry]:
            return {(e.role, e.action, e.matter): e for e in (entries[i] for i in numbers)}

        def epochs(by_matter: dict[str, list[int]]) -> dict[str, frozenset[int]]:
            return {m: frozenset(e) for m, e in by_matter.items()}

        fields: dict[str, Any] = {
            "normal": table(state["normal"]),
            "emergency": table(state["emergency"]),
            "matters": frozenset(state["matters"]),
            "matter_depth": {str(k): int(v) for k, v in state["matter_depth"].items()},
            "matter_epochs": epochs(state["matter_epochs"]),
            "plans": frozenset(state["plans"]),
            "plan_epochs": {p: epochs(m) for p, m in state["plan_epochs"].items()},
            "epoch_cuts": tuple(int(c) for c in state["epoch_cuts"]),
            "span": span,
        }
        by_role: dict[str, list[Entry]] = {}
        for entry in fields["emergency"].values():
            by_role.setdefault(entry.role, []).append(entry)
        fields["by_role"] = {r: tuple(v) for r, v in by_role.items()}
        for name, value in fields.items():
            object.__setattr__(ix, name, value)
        return ix

    def table(self, emergency: bool) -> dict[tuple[str, str, str], Entry]:
        return self.emergency if emergency else self.normal

    def admitted_epochs(self, emergency: bool, plan: str | None) -> dict[str, frozenset[int]]:
        """matter → the epochs in which it is admitted, for a request's mode and plan."""
        if not emergency:
            return self.matter_epochs
        if plan is None:
            return self.plan_epochs[ANY_PLAN]
        return self.plan_epochs.get(plan) or self.plan_epochs[NO_PLAN]

    # The matcher, one clause at a time (gridrules.conditions; the engine's hot path calls them too).

    def admitted(
        self, entry: Entry, epoch: int, emergency: bool = False, plan: str | None = None
    ) -> bool:
        return admits(
            entry.subject, epoch, self.admitted_epochs(emergency, plan).get(entry.matter, ())
        )

    def in_scope(self, entry: Entry, grid: str, home: str) -> bool:
        target, anchor = self.span.get(grid), self.span.get(home)
        if target is None or anchor is None:
            return False  # unknown ids fail closed, whatever the scope
        return reaches(entry.scope, grid == home, anchor[0] <= target[0] <= anchor[1])

    def allows(
        self,
        entry: Entry,
        action: str,
        grid: str,
        home: str,
        epoch: int,
        emergency: bool = False,
        plan: str | None = None,
    ) -> bool:
        return (
            self.admitted(entry, epoch, emergency, plan)
            and self.in_scope(entry, grid, home)
            and tier_allows(action, entry.fits)
        )


def _union(*sources: dict[str, set[int]]) -> dict[str, frozenset[int]]:
    out: dict[str, set[int]] = {}
    for source in sources:
        for matter, epochs in source.items():
            out.setdefault(matter, set()).update(epochs)
    return {m: frozenset(e) for m, e in out.items()}


def _euler(children: dict[str, list[str]], root: str) -> dict[str, tuple[int, int]]:
    """grid id → (entry, exit) numbers of a depth-first walk from the jurisdiction root."""
    span: dict[str, tuple[int, int]] = {}
    counter = 0
    stack: list[tuple[str, bool]] = [(node, False) for node in reversed(children.get(root, []))]
    entered: dict[str, int] = {}
    while stack:
        node, leaving = stack.pop()
        if leaving:
            span[node] = (entered[node], counter)
            continue
        counter += 1
        entered[node] = counter
        stack.append((node, True))
        for child in reversed(children.get(f"grid:{node}", [])):
            stack.append((child, False))
    return span
