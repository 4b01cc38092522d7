"""A rural grid drawn by village group lies in one village group (一村民小组一网格).

Rural grids are often drawn by natural village or village group: one grid per 村民小组
(000, 001). A tier whose sizing says `rural_unit: village_group` makes that a rule: a
rural registry grid of the tier whose `village_groups` column counts more than one group
is reported there. Grids without the column are not checked.

农村网格按村民小组划分（一村民小组一网格）：层级 sizing 写 rural_unit: village_group 时，
该层级农村网格的台账 village_groups 列大于 1 即报告；没有该列的网格不检查。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.model import Area
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import attribute_path, problem_at
from gridrules.rules.example_snippets import grid_row, grids_yaml, tiers_yaml

COLUMN = "village_groups"


_TIERS = tiers_yaml(
    "    sizing:\n"
    "      urban: {min: 300, max: 500}\n"
    "      rural: {min: 100, max: 300}\n"
    "      rural_unit: village_group\n"
    "    staffing: {roles: [full_time_worker], min_per_grid: 1}\n"
)


def _grids(groups: int) -> str:
    first = grid_row(1, f", area: rural, attributes: {{village_groups: {groups}}}", households=220)
    return grids_yaml(first, grid_row(2))


EXAMPLES = Examples.of("grids.yaml", _grids(1), _grids(3), {"tiers.yaml": _TIERS})
RULE = Rule("GR306", "village-group-grid", Level.WARNING, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    by_group = {
        t.id for t in p.tiers if t.sizing is not None and t.sizing.rural_unit == "village_group"
    }
    if not by_group:
        return
    for grid in p.grids:
        if grid.tier not in by_group or grid.area is not Area.RURAL:
            continue
        groups = grid.attributes.get(COLUMN)
        if groups is None or groups <= 1:
            continue
        yield problem_at(
            RULE,
            grid.origin,
            *attribute_path(grid.origin, COLUMN),
            value=groups,
            grid=grid,
            groups=int(groups),
            tier=grid.tier,
        )
