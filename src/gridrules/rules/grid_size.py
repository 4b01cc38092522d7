"""A grid's households must lie within its tier's sizing range for its area.

Tiers state household ranges separately for urban and rural grids (Chengdu:
general grids 300–500 households in towns, micro grids 30–100). A grid's
area comes from its `area` column, or the jurisdiction's `default_area`.
Grids without a household count are not checked.

网格户数须在其层级对应城乡属性的规模范围内（如成都一般网格城镇 300–500 户）。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import AREA, problem_at
from gridrules.rules.example_snippets import grid_row, grids_yaml

RULE = Rule(
    "GR301",
    "grid-size",
    Level.ERROR,
    Text("网格户数超出所在层级的规模范围", "grid households outside its tier's sizing range"),
    doc=__doc__ or "",
    examples=Examples(
        passing={
            "grids.yaml": grids_yaml(grid_row(1), grid_row(2, ", area: rural", households=200))
        },
        failing={"grids.yaml": grids_yaml(grid_row(1, households=720), grid_row(2))},
    ),
)


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
        yield problem_at(
            RULE,
            grid.origin,
            "households",
            message=Text(
                f"网格 {grid.id}（{grid.name}）有 {grid.households} 户，超出{tier.names.zh}{area.zh}"
                f"规模 {allowed.describe()} 户",
                f"grid {grid.id} ({grid.name}) has {grid.households} households, outside the "
                f"{area.en} range {allowed.describe()} of tier '{tier.id}'",
            ),
            value=grid.households,
            hint=Text(
                "拆分或合并网格，或核实户数；确需调整规模须修改层级规则",
                "split or merge the grid, or correct the count; change the tier's sizing if the rule itself is wrong",
            ),
        )
