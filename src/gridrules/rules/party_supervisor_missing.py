"""Every grid tier is supervised by someone ("one red line").

Chengdu's "one red line" (一根红线): party cadres sent down from the street
supervise the master grid, dedicated party members and community party
cadres the general grids, resident party members the micro grids. With
`coverage.every_grid_tier_has_supervisor` (the default), each tier with
`is_grid: true` needs a `supervision` entry naming the role that supervises
its grids. Reported at the tier.

“一根红线”：街道下沉党员干部督导社区总网格，专职党员和社区党员干部督导一般网格，居民党员
督导微网格。开启 every_grid_tier_has_supervisor（默认开启）时，每个网格层级都须有督导。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.example_snippets import party_yaml
from gridrules.rules.party_common import grid_tiers_without

RULE = Rule(
    "GR702",
    "party-supervisor-missing",
    Level.ERROR,
    Text("网格层级没有督导（一根红线）", "grid tier without a supervisor (one red line)"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"party.yaml": party_yaml()},
        failing={"party.yaml": party_yaml(grid_supervisor=False)},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    if not p.party.coverage.every_grid_tier_has_supervisor:
        return
    supervised = {s.tier for s in p.party.supervision}
    yield from grid_tiers_without(
        RULE,
        p,
        supervised,
        lambda tier: Text(
            f"网格层级 {tier.id}（{tier.names.zh}）没有督导角色（一根红线）",
            f"grid tier '{tier.id}' ({tier.names('en')}) has no supervising role (one red line)",
        ),
        lambda tier: Text(
            f"在 party 文档的 supervision 中增加 tier: {tier.id} 及督导角色",
            f"add a supervision entry with tier: {tier.id} and its supervising role",
        ),
    )
