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
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import tiers_yaml


def _tiers(limit: int) -> str:
    return tiers_yaml(
        "    sizing:\n      urban: {min: 300, max: 500}\n"
        f"      average_max_households: {limit}\n"
        "    staffing: {roles: [full_time_worker]}\n"
    )


RULE = Rule(
    "GR304",
    "grid-average",
    Level.WARNING,
    Text("层级平均户数超过上限", "tier's average households above its limit"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"tiers.yaml": _tiers(450)},
        failing={"tiers.yaml": _tiers(350)},
    ),
)


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
            message=Text(
                f"层级 {tier_id}（{tier.names.zh}）{len(grids)} 个网格平均 {average:.1f} 户，"
                f"超过上限 {limit} 户（{tier.origin.at('sizing', 'average_max_households')}）",
                f"the {len(grids)} grids of tier '{tier_id}' average {average:.1f} households, "
                f"above the limit {limit} ({tier.origin.at('sizing', 'average_max_households')})",
            ),
            value=round(average, 1),
            hint=Text(
                f"拆分户数最多的网格：{named}",
                f"split the largest grids: {named}",
            ),
        )
