"""A grid's door-to-door round fits in the hours its sizing allows.

Chengdu sizes a micro grid so that its workers finish door-to-door checks and
mobilisation within 3 hours (3–5 hours in another source). A schedule marked
`door_to_door: true` is such a round: one round of a grid takes units ×
minutes, shared among the grid's workers who hold the schedule's role. The
limit is the grid tier's `sizing.door_to_door_hours`, else
`settings.workload.door_to_door_hours`. Reported at the grid's registry row
with the schedule entry (file:line); assumed minutes are said to be assumed.

成都：微网格以 3 小时内网格力量基本完成入户排查和宣传组织动员为宜。入户走访一遍 = 计量数 ×
每单位分钟 ÷ 本网格承担该工作的人数；上限取层级 sizing.door_to_door_hours，否则取
settings.workload.door_to_door_hours。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Rule
from gridrules.rules.workload_common import HEAVY_EXAMPLES, grid_problem
from gridrules.workload import workload_of

RULE = Rule("GR852", "door-to-door-hours", Level.ERROR, __doc__, HEAVY_EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    default = p.jurisdiction.settings.workload.door_to_door_hours
    if not any(s.door_to_door for s in p.schedules) or not p.workers:
        return
    by_id = {s.id: s for s in p.schedules}
    for g in workload_of(p, ctx.today).grids:
        if g.door_hours is None:
            continue
        tier = p.tier_by_id.get(g.tier)
        sized = tier.sizing.door_to_door_hours if tier and tier.sizing else None
        limit = sized if sized is not None else default
        grid = p.grid_by_id.get(g.grid)
        if limit is None or g.door_hours <= limit or grid is None:
            continue
        schedule = by_id.get(g.door_schedule or "")
        words: dict[str, Any] = {
            "hours": f"{g.door_hours:.1f}",
            "limit": f"{limit:g}",
            "door": g.door_schedule,
        }
        yield grid_problem(RULE, grid, round(g.door_hours, 2), schedule, **words)
