"""Every id a policy refers to must be defined.

Tiers name their parent tier and the roles that count towards staffing; roles
name their tier and the role they report to; matters their category and
handling tier; responsibility lists their role and, per duty, matters and
categories; admissions their matter and list; exclusions their matter;
escalation levels their tier and handler roles; departments their escalation
level; routing entries matters, categories and departments; party
organisations the tier they attach to; supervision links a tier and a role;
emergency grants a role, matters and categories; emergency procedures (common
and per plan) the roles that run them; a plan's reporting times the escalation
level reported to; an emergency-only admission its plan. In the registry a node names
its tier and its parent node; in the roster a worker names roles and a grid.
A registry may start at its own node: a node of a top tier, or at the
jurisdiction's own administrative level, may name a parent outside the
registry. The hint suggests the closest defined id.

引用的标识必须已定义：层级的上级与配备角色、角色的层级与汇报对象、事项的类别与处置层级、
职责清单的角色与事项/类别、准入与排除的事项、处置层级的层级与处置角色、部门的处置层级、
分流规则的事项/类别/部门、党组织挂靠层级、督导的层级与角色、应急授权、应急程序的承担角色、
预案直报的处置层级、应急准入所属的预案，以及台账节点的层级与上级节点、名册人员的角色与网格。提示中给出最接近的已定义标识。
"""

from __future__ import annotations

import itertools
from collections.abc import Collection, Iterator
from typing import Any

from gridrules.kinds import Ref, registry
from gridrules.kinds.labels import NODE
from gridrules.lookup import sorted_grid_ids
from gridrules.model import Policy
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import closest, closest_sorted, problem_at, suggestion
from gridrules.rules.example_snippets import escalation_yaml

_LEVELS = (
    "  - {id: grid, name: 网格, tier: grid, handlers: [%s]}\n"
    "  - {id: community_centre, name: 社区网格服务站, tier: community, handlers: [community_leader]}\n"
    "  - {id: street_centre, name: 街道网格化服务管理中心, tier: %s}\n"
)
EXAMPLES = Examples.of(
    "escalation.yaml",
    escalation_yaml("", _LEVELS % ("full_time_worker", "street")),
    escalation_yaml("", _LEVELS % ("full_time_workr", "streets")),
)
RULE = Rule("GR201", "unknown-reference", Level.ERROR, __doc__, EXAMPLES)


def references(p: Policy) -> Iterator[Ref]:
    """Every reference each kind declares (gridrules.kinds.<kind>.KIND.references); the
    registry and roster yield only their unresolved ones (O(n), no garbage)."""
    return itertools.chain.from_iterable(
        kind.references(p) for kind in registry() if kind.references is not None
    )


def _targets(p: Policy) -> dict[str, Collection[str]]:
    return {t.label.en: t.ids(p) for kind in registry() for t in kind.targets}


def _hint(ref: Ref, p: Policy, known: Collection[str]) -> Text:
    if ref.kind is not NODE:
        return suggestion(closest(ref.value, known), ref.kind, known)
    ordered = sorted_grid_ids(p)
    best = closest_sorted(ref.value, ordered.get(ref.scope, ordered[None]))
    return suggestion(best, ref.kind, ()) if best is not None else RULE.text("hint_node")


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    targets = _targets(p)
    hints: dict[tuple[str, str | None, str], Text] = {}  # one typo copied down 10,000 rows
    for ref in references(p):
        known = targets[ref.kind.en]
        if ref.value in known:
            continue
        key = (ref.kind.en, ref.scope, ref.value)
        if key not in hints:
            hints[key] = _hint(ref, p, known)
        words: dict[str, Any] = {"owner": ref.owner, "kind": ref.kind, "ref": ref.value}
        yield problem_at(RULE, ref.origin, *ref.sub, value=ref.value, hint=hints[key], **words)
    if p.workers and not p.grids:
        first = p.workers[0]
        at = (first.origin, "grid")
        yield problem_at(RULE, *at, part="no_registry", value=first.grid, count=len(p.workers))
