"""Every grid tier has a party organisation attached to it.

Party building leads grid governance (党建引领): community party organisation
→ grid party branch → building party group, built alone, by conversion or
jointly so that every grid is covered. With
`coverage.every_grid_tier_has_organisation` (the default), each tier with
`is_grid: true` needs an organisation type whose `attaches_to` names it.
Reported at the tier.

党建引领：社区党组织—网格党支部—楼栋党小组，单独建、转化建、联合建，实现网格全覆盖。
开启 every_grid_tier_has_organisation（默认开启）时，每个网格层级都须有挂靠的党组织类型。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.example_snippets import party_yaml
from gridrules.rules.party_common import grid_tiers_without

RULE = Rule(
    "GR701",
    "party-organisation-missing",
    Level.ERROR,
    Text("网格层级没有对应的党组织", "grid tier without a party organisation"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"party.yaml": party_yaml()},
        failing={"party.yaml": party_yaml(None)},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    if not p.party.coverage.every_grid_tier_has_organisation:
        return
    attached = {o.attaches_to for o in p.party.organisations}
    yield from grid_tiers_without(
        RULE,
        p,
        attached,
        lambda tier: Text(
            f"网格层级 {tier.id}（{tier.names.zh}）没有挂靠的党组织",
            f"grid tier '{tier.id}' ({tier.names('en')}) has no party organisation attached",
        ),
        lambda tier: Text(
            f"在 party 文档的 organisations 中增加 attaches_to: {tier.id} 的党组织"
            "（如网格党支部，可联合建）",
            f"add an organisation with attaches_to: {tier.id} to the party document "
            "(e.g. a grid party branch, possibly joint)",
        ),
    )
