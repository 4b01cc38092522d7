"""A tier's grids must on average stay within its average household limit.

Some rules bound the average rather than each grid (Chengdu: micro grids of
30–100 households, on average no more than 100). The average is taken over
the registry grids of the tier that give a household count; grids without a
count are left out. Reported at the first grid of the tier, naming the
largest grids, since those are the ones to split.

部分规则限定平均户数（如成都微网格平均不超过 100 户）。按台账中填写户数的该层级网格计算
平均值，超过 average_max_households 时警告。
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator

from gridrules.model import Grid
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import tiers_yaml


def _tiers(limit: int) -> str:
    return tiers_yaml(
        "    sizing:\n      urban: {min: 300, max: 500}\n"
        f"      average_max_households: {limit}\n"
        "    staffing: {roles: [full_time_worker]}\n"
    )


EXAMPLES = Examples.of("tiers.yaml", _tiers(450), _tiers(350))
RULE = Rule("GR304", "grid-average", Level.WARNING, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    limits = {
        t.id: t.sizing.average_max_households
        for t in p.tiers
        if t.sizing is not None and t.sizing.average_max_households is not None
    }
    if not limits:
        return
    counted: dict[str, list[Grid]] = {tier: [] for tier in limits}
    for grid in p.grids:
        if grid.households is not None and grid.tier in counted:
            counted[grid.tier].append(grid)
    for tier_id, grids in counted.items():
        if not grids:
            continue
        limit = limits[tier_id]
        average = sum(g.households or 0 for g in grids) / len(grids)
        if average <= limit:
            continue
        tier = p.tier_by_id[tier_id]
        largest = heapq.nlargest(3, grids, key=lambda g: g.households or 0)
        named = ", ".join(f"{g.id} ({g.households})" for g in largest)
        yield problem_at(
            RULE,
            grids[0].origin,
            "households",
            value=round(average, 1),
            tier=tier,
            count=len(grids),
            average=f"{average:.1f}",
            limit=limit,
            limit_at=tier.origin.at("sizing", "average_max_households"),
            named=named,
        )
