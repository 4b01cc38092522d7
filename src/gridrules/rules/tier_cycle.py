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
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field, problem_at
from gridrules.rules.example_snippets import tiers_yaml

_STAFFING = "    staffing: {roles: [full_time_worker]}\n"


EXAMPLES = Examples.of(
    "tiers.yaml", tiers_yaml(_STAFFING), tiers_yaml(_STAFFING, community_parent="grid")
)
RULE = Rule("GR203", "tier-cycle", Level.ERROR, __doc__, EXAMPLES)


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
        yield at_field(RULE, first, "parent", part="cycle", chain=chain)
    roots = [t for t in tiers if t.parent is None]
    for extra in roots[1:]:
        yield problem_at(
            RULE,
            extra.origin,
            "parent",
            part="second_root",
            value=None,
            extra=extra.id,
            root=roots[0].id,
        )
    if tiers and not roots and not found:
        yield at_field(RULE, tiers[0], "parent", part="no_root")
