"""Tiers form one tree: parent chains end, and exactly one tier is at the top.

Following `parent` from any tier must reach the single top tier, the one with
`parent: null` (a district, a county, a street). A chain that comes back to a
tier it passed is a cycle; a second tier with `parent: null` is a second root,
which leaves grids of one tree unrelated to those of the other. Each cycle is
reported once, at the first of its tiers; each extra root at its `parent`.

层级必须构成一棵树：沿 parent 向上必须到达唯一的最高层级（parent: null）。上级链成环，
或有多个最高层级，均为错误；每个环只报告一次。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.lookup import parent_cycles
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import tiers_yaml

_STAFFING = "    staffing: {roles: [full_time_worker]}\n"


RULE = Rule(
    "GR203",
    "tier-cycle",
    Level.ERROR,
    Text("层级上级链成环或最高层级不唯一", "tier parents form a cycle, or not one top tier"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"tiers.yaml": tiers_yaml(_STAFFING)},
        failing={"tiers.yaml": tiers_yaml(_STAFFING, community_parent="grid")},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    tiers = ctx.policy.tiers
    order = {t.id: i for i, t in enumerate(tiers)}
    found = parent_cycles(tiers, ctx.policy.tier_by_id)
    for cycle in found:
        first = min(cycle, key=lambda t: order[t.id])
        start = cycle.index(first)
        ring = [*cycle[start:], *cycle[:start], first]
        chain = " → ".join(t.id for t in ring)
        yield problem_at(
            RULE,
            first.origin,
            "parent",
            message=Text(f"层级上级链成环：{chain}", f"tier parents form a cycle: {chain}"),
            value=first.parent,
            hint=Text(
                "上级层级应更高（更接近区县）；最高层级写 parent: null",
                "a parent must be a higher tier (nearer the district); the top tier has parent: null",
            ),
        )
    roots = [t for t in tiers if t.parent is None]
    for extra in roots[1:]:
        yield problem_at(
            RULE,
            extra.origin,
            "parent",
            message=Text(
                f"层级 {extra.id} 也没有上级：最高层级只能有一个（已有 {roots[0].id}）",
                f"tier '{extra.id}' has no parent too: there is one top tier ('{roots[0].id}')",
            ),
            value=None,
            hint=Text(
                f"为 {extra.id} 指定上级层级",
                f"give '{extra.id}' a parent tier",
            ),
        )
    if tiers and not roots and not found:
        yield problem_at(
            RULE,
            tiers[0].origin,
            "parent",
            message=Text(
                "没有最高层级：每个层级都写了上级",
                "no top tier: every tier names a parent",
            ),
            value=tiers[0].parent,
            hint=Text("最高层级写 parent: null", "give the top tier parent: null"),
        )
