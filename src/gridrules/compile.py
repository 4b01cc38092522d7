"""Compile a validated `Policy` into a Casbin model and policy rows (pure; no Casbin import).

The Casbin model asks one question per role the principal holds::

    r = sub, act, matter, grid, home, mode, epoch
    p = sub, act, obj, mode, scope, depth, admission

and keeps everything that grows with the registry out of the p-rows:

- p-rows: one per (role, action, matter-or-category, mode) grant — a few
  hundred at most, indexed by (sub, act); `scope` is the role's scope, `depth`
  the role tier's depth, `admission` is `grid` when the role sits at a
  protected tier (`Policy.protected_tiers`: the admission and exclusion lists
  bind it) and `-` otherwise;
- g  (matters): matter → its category; matter → depth:<handling tier depth>;
  depth:<k> → depth:<k-1>, so `g(r.matter, p.depth)` holds exactly when the
  role's tier is at or above the matter's handling tier;
- g2 (registry): grid → parent grid; every top node → the jurisdiction node,
  so `g2(r.grid, r.home)` is "grid lies in the home grid's subtree" and
  `g2(r.grid, <root>)` is "the grid is in the registry" (unknown ids fail closed
  in every Casbin runtime, where `g2(x, x)` holds for any string);
- g3 (admission): matter → epoch:<i> for every epoch in which the matter is
  admitted in normal mode, → epoch:<i>:- where only an emergency admission for
  any plan admits it, → epoch:<i>:<plan> where only that plan's does. The
  calendar is cut into epochs at every admission's effective date and the day
  after its expiry, so within an epoch the admitted set is constant. A request
  names epoch:<i> (normal mode), epoch:<i>:<plan> (emergency, that plan
  active) or epoch:<i>:* (emergency, plan not named); the links epoch:<i> →
  epoch:<i>:- → epoch:<i>:<plan> → epoch:<i>:* let each admission count where it
  applies. Excluded matters have no g3 row at all. The cut points are written
  at the top of model.conf.

Names are namespaced (`matter:`, `category:`, `depth:`, `grid:`, `epoch:`) so
the role graphs never confuse a matter with a grid code.
"""

from __future__ import annotations

import bisect
import datetime as dt
from dataclasses import dataclass

from gridrules.catalogue import msg
from gridrules.conditions import binds_admission
from gridrules.errors import GridrulesError
from gridrules.lookup import registry_cycles
from gridrules.model import Mode, Policy
from gridrules.problems import Text

REQUEST_FIELDS = ("sub", "act", "matter", "grid", "home", "mode", "epoch")
POLICY_FIELDS = ("sub", "act", "obj", "mode", "scope", "depth", "admission")
CACHE_KEY_ORDER = (0, 1)  # p-rows and requests are indexed by (sub, act)
NOT_SUBJECT = "-"  # the admission field of roles outside grid tiers
SUBJECT = "grid"

MATCHER = (
    "r.sub == p.sub && r.act == p.act && g(r.matter, p.obj)"
    ' && g2(r.grid, "{root}") && g2(r.home, "{root}")'
    ' && (p.mode == "normal" || p.mode == r.mode)'
    ' && (p.admission == "-" || g3(r.matter, r.epoch))'
    ' && (r.act != "handle" || g(r.matter, p.depth))'
    ' && ((p.scope == "node" && r.grid == r.home)'
    ' || ((p.scope == "own_grid" || p.scope == "subtree") && g2(r.grid, r.home))'
    ' || p.scope == "jurisdiction")'
)
ANY_PLAN = "*"  # a request in emergency mode that names no plan
NO_PLAN = "-"  # an emergency admission that names no plan


class CompileError(GridrulesError):
    """The policy cannot be expressed as Casbin rows (a registry cycle, a comma in an id)."""

    def __init__(self, message: Text) -> None:
        super().__init__(message, exit_code=2)


def matter_name(matter_id: str) -> str:
    return f"matter:{matter_id}"


def category_name(category_id: str) -> str:
    return f"category:{category_id}"


def depth_name(depth: int) -> str:
    return f"depth:{depth}"


def grid_name(grid_id: str) -> str:
    return f"grid:{grid_id}"


def epoch_name(epoch: int, mode: str = "normal", plan: str | None = None) -> str:
    """The request's epoch: epoch:<i> in normal mode, epoch:<i>:<plan or *> in emergency."""
    if mode != "emergency":
        return f"epoch:{epoch}"
    return f"epoch:{epoch}:{plan or ANY_PLAN}"


def root_name(jurisdiction_id: str) -> str:
    return f"jurisdiction:{jurisdiction_id}"


@dataclass(frozen=True, slots=True)
class RowOrigin:
    """Where a p-row came from: the grant's file:line:col and duty id."""

    source: str
    duty: str


@dataclass(frozen=True, slots=True)
class CasbinArtifacts:
    model_text: str  # model.conf
    rows: tuple[tuple[str, ...], ...]  # policy.csv rows: ("p", …), ("g", …), ("g2", …), ("g3", …)
    p_origins: tuple[RowOrigin, ...]  # parallel to the p-rows, in order
    epochs: tuple[dt.date, ...]  # cut points; epoch i covers [epochs[i-1], epochs[i])
    root: str  # the jurisdiction node that every top grid links to

    def epoch_of(self, day: dt.date) -> int:
        return bisect.bisect_right(self.epochs, day)

    @property
    def p_rows(self) -> tuple[tuple[str, ...], ...]:
        return tuple(r for r in self.rows if r[0] == "p")

    def policy_csv(self, *, comments: bool = True) -> str:
        """policy.csv text; `# file:line:col duty` comments before each p-row when asked."""
        lines: list[str] = []
        origins = iter(self.p_origins)
        for row in self.rows:
            if row[0] == "p" and comments:
                origin = next(origins)
                # a folder name may hold a line break: a comment must stay one line
                lines.append(f"# {_one_line(origin.source)} {_one_line(origin.duty)}")
            lines.append(", ".join(row))
        return "\n".join(lines) + "\n"


def _one_line(text: str) -> str:
    """`text` with line breaks and other control characters written as escapes."""
    return "".join(c if c.isprintable() else c.encode("unicode_escape").decode() for c in text)


def model_text(root: str, epochs: tuple[dt.date, ...]) -> str:
    cuts = ", ".join(d.isoformat() for d in epochs) or "(none: one epoch, 0)"
    return (
        "# gridrules decision model (generated by gridrules export --casbin; do not edit)\n"
        "# Ask once per role the principal holds; allowed if any role is allowed.\n"
        "# r.matter = matter:<id>; r.grid, r.home = grid:<code> (target grid, principal's grid);\n"
        "# r.mode = normal | emergency; r.epoch = epoch:<i>, i = number of cut dates <= the date;\n"
        "# in emergency mode r.epoch = epoch:<i>:<plan id>, or epoch:<i>:* when no plan is named.\n"
        "# Ask only for grids and homes in the registry, roles the policy defines, and apply the\n"
        "# roles' constraints and the roster yourself (docs/decisions.md, Other runtimes).\n"
        f"# epoch cut dates: {cuts}\n"
        "[request_definition]\n"
        f"r = {', '.join(REQUEST_FIELDS)}\n"
        "\n"
        "[policy_definition]\n"
        f"p = {', '.join(POLICY_FIELDS)}\n"
        "\n"
        "[role_definition]\n"
        "g = _, _\n"
        "g2 = _, _\n"
        "g3 = _, _\n"
        "\n"
        "[policy_effect]\n"
        "e = some(where (p.eft == allow))\n"
        "\n"
        "[matchers]\n"
        f"m = {MATCHER.format(root=root)}\n"
    )


CASBIN_MAX_HOPS = 10  # node-casbin's and Go Casbin's default role-graph depth (maxHierarchyLevel)


def _check_id(kind: str, value: str) -> str:
    """Refuse an id a Casbin CSV row, file name or URL would not carry unchanged.

    Validation (the schemas and the CSV loader, gridrules.names) already refuses
    such ids; this is the exporter's own guard, so no row is ever written from one.
    """
    from gridrules.names import is_code, is_id

    if not (is_code(value) if kind in ("grid", "worker") else is_id(value)):
        raise CompileError(msg("core.compile.unsafe_id", kind=kind, value=repr(value)))
    return value


def admission_epochs(policy: Policy) -> tuple[dt.date, ...]:
    cuts: set[dt.date] = set()
    for admission in policy.admissions:
        cuts.add(admission.effective)
        if admission.expires is not None:
            cuts.add(admission.expires + dt.timedelta(days=1))
    return tuple(sorted(cuts))


def compile_policy(policy: Policy) -> CasbinArtifacts:
    """Policy → Casbin model text, policy rows and the origin of every p-row (pure)."""
    root = root_name(_check_id("jurisdiction", policy.jurisdiction.id))
    depth = policy.tier_depth
    roles = policy.role_by_id

    p_rows: list[tuple[str, ...]] = []
    origins: list[RowOrigin] = []
    seen: set[tuple[str, ...]] = set()
    emergency = policy.emergency.grants if policy.emergency is not None else ()
    for mode, grants in ((Mode.NORMAL, policy.grants(Mode.NORMAL)), (Mode.EMERGENCY, emergency)):
        for grant in grants:
            role = roles.get(grant.role)
            if role is None:
                continue  # a grant for an undefined role gives nobody anything
            admission = SUBJECT if binds_admission(policy, role.tier) else NOT_SUBJECT
            role_depth = depth.get(role.tier)
            depth_field = depth_name(role_depth) if role_depth is not None else "depth:none"
            objects = [matter_name(m) for m in grant.matters] + [
                category_name(c) for c in grant.categories
            ]
            for action in grant.actions:
                for obj in objects:
                    row = (
                        "p",
                        _check_id("role", role.id),
                        action.value,
                        obj,
                        mode.value,
                        role.scope.value,
                        depth_field,
                        admission,
                    )
                    if row in seen:
                        continue
                    seen.add(row)
                    p_rows.append(row)
                    origins.append(RowOrigin(str(grant.origin.location), grant.duty_id))

    g_rows: list[tuple[str, ...]] = []
    max_depth = max(depth.values(), default=0)
    for matter in policy.matters:
        name = matter_name(_check_id("matter", matter.id))
        g_rows.append(("g", name, category_name(_check_id("category", matter.category))))
        handling = depth.get(matter.handling_tier)
        if handling is not None:
            g_rows.append(("g", name, depth_name(handling)))
    for k in range(max_depth, 0, -1):
        g_rows.append(("g", depth_name(k), depth_name(k - 1)))

    g2_rows = [("g2", grid_name(child), parent) for child, parent in registry_forest(policy, root)]

    epochs = admission_epochs(policy)
    g3_rows = admission_rows(policy, epochs)

    return CasbinArtifacts(
        model_text=model_text(root, epochs),
        rows=tuple(p_rows + g_rows + g2_rows + g3_rows),
        p_origins=tuple(origins),
        epochs=epochs,
        root=root,
    )


def emergency_plans(policy: Policy) -> frozenset[str]:
    """The plans a request may name: those declared, and any an admission names."""
    named = {a.plan for a in policy.admissions if a.plan is not None}
    return frozenset(named | set(policy.plan_by_id))


def admission_rows(policy: Policy, epochs: tuple[dt.date, ...]) -> list[tuple[str, ...]]:
    """g3: each matter's admitted epochs per mode and plan, and the links between them."""
    excluded = policy.excluded_matters
    by_matter = policy.admissions_by_matter
    plans = sorted(emergency_plans(policy))
    starts = [dt.date.min, *epochs]
    rows: list[tuple[str, ...]] = []
    for matter in policy.matters:
        if matter.id in excluded:
            continue
        name = matter_name(matter.id)
        admissions = by_matter.get(matter.id, ())
        for i, start in enumerate(starts):
            in_force = [a for a in admissions if a.in_force(start)]
            if any(a.mode is Mode.NORMAL for a in in_force):
                rows.append(("g3", name, f"epoch:{i}"))
                continue
            if any(a.plan is None for a in in_force):
                rows.append(("g3", name, f"epoch:{i}:{NO_PLAN}"))
                continue
            for plan in sorted({a.plan for a in in_force if a.plan is not None}):
                rows.append(("g3", name, f"epoch:{i}:{_check_id('plan', plan)}"))
    for i in range(len(starts)):
        rows.append(("g3", f"epoch:{i}", f"epoch:{i}:{NO_PLAN}"))
        rows.append(("g3", f"epoch:{i}:{NO_PLAN}", f"epoch:{i}:{ANY_PLAN}"))
        for plan in plans:
            rows.append(("g3", f"epoch:{i}:{NO_PLAN}", f"epoch:{i}:{plan}"))
            rows.append(("g3", f"epoch:{i}:{plan}", f"epoch:{i}:{ANY_PLAN}"))
    return rows


def registry_forest(policy: Policy, root: str) -> list[tuple[str, str]]:
    """(child grid id, parent node name) for every registry grid, as a clean forest.

    The first row of a duplicated id wins; a grid whose parent is missing from
    the registry hangs from the jurisdiction root; a cycle is refused (the first one, as
    `gridrules.lookup.registry_cycles` finds it, shared with validation).
    """
    parent_of: dict[str, str | None] = {}
    for grid in policy.grids:
        if grid.id not in parent_of:
            parent_of[_check_id("grid", grid.id)] = grid.parent
    cycles = registry_cycles(policy)
    if cycles:
        ids = [g.id for g in cycles[0]]
        cycle = " → ".join([*ids, ids[0]])
        raise CompileError(msg("core.compile.cycle", cycle=cycle))
    out = []
    for grid_id, parent in parent_of.items():
        target = grid_name(parent) if parent is not None and parent in parent_of else root
        out.append((grid_id, target))
    return out
