"""A grid's households must lie within its tier's sizing range for its area.

Tiers state household ranges separately for urban and rural grids (Chengdu:
general grids 300–500 households in towns, micro grids 30–100). A grid's
area comes from its `area` column, or the jurisdiction's `default_area`.
Grids without a household count are not checked.

网格户数须在其层级对应城乡属性的规模范围内（如成都一般网格城镇 300–500 户）。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import AREA, at_field
from gridrules.rules.example_snippets import grid_row, grids_yaml

EXAMPLES = Examples.of(
    "grids.yaml",
    grids_yaml(grid_row(1), grid_row(2, ", area: rural", households=200)),
    grids_yaml(grid_row(1, households=720), grid_row(2)),
)
RULE = Rule("GR301", "grid-size", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    tiers = ctx.policy.tier_by_id
    for grid in ctx.policy.grids:
        tier = tiers.get(grid.tier)
        if tier is None or tier.sizing is None or grid.households is None:
            continue
        allowed = tier.sizing.range_for(grid.area)
        if allowed is None or allowed.contains(grid.households):
            continue
        area = AREA[grid.area.value]
        yield at_field(
            RULE,
            grid,
            "households",
            grid=grid,
            households=grid.households,
            tier=(tier.names.zh, tier.id),
            area=area,
            allowed=allowed.describe(),
        )
