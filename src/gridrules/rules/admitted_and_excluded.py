"""A matter is either admitted or excluded, not both.

The exclusion list wins: a matter on both lists is not admitted, so its
admission is dead text that misleads whoever reads the list. Exclusions are
inherited and only accumulate, so a district cannot admit what its city
excluded; this rule reports the attempt, at the admission. The reverse is
allowed: a district may exclude a matter its city admitted (it tightens the
city's list), and the city's admission then simply does not apply there.

同一事项不能既准入又排除：排除优先，准入条目形同虚设。排除清单逐级继承、只增不减，下级
不能准入上级排除的事项。反之，下级排除上级准入的事项是收紧，允许。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import admission_yaml, admitted_row
from gridrules.rules.index import layer_depths

_RENTAL = admitted_row("rental_safety")


RULE = Rule(
    "GR505",
    "admitted-and-excluded",
    Level.ERROR,
    Text("事项既准入又被排除", "matter both admitted and excluded"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"admission.yaml": admission_yaml(_RENTAL)},
        failing={
            "admission.yaml": admission_yaml(
                _RENTAL,
                "  - {matter: investment_promotion, approved_by: 街道办, basis: 街道通知, "
                'effective: "2025-01-01"}\n',
            )
        },
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    excluded = ctx.policy.excluded_matters
    depth = layer_depths(ctx.layers)
    for a in ctx.policy.admissions:
        exclusion = excluded.get(a.matter)
        if exclusion is None:
            continue
        if depth.get(id(a.origin.source), 0) < depth.get(id(exclusion.origin.source), 0):
            continue  # a child excluded what its parent admitted: a deliberate tightening
        yield problem_at(
            RULE,
            a.origin,
            "matter",
            message=Text(
                f"事项 {a.matter} 已被排除（{exclusion.origin.location}：{exclusion.reason}），"
                "准入无效",
                f"matter '{a.matter}' is excluded ({exclusion.origin.location}: "
                f"{exclusion.reason}), so its admission has no effect",
            ),
            value=a.matter,
            hint=Text(
                "删除该准入；排除事项不得下沉网格",
                "remove the admission: an excluded matter may not be pushed to grids",
            ),
        )
