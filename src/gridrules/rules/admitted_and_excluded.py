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

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field
from gridrules.rules.example_snippets import admission_yaml, admitted_row
from gridrules.rules.index import layer_depths

_RENTAL = admitted_row("rental_safety")


EXAMPLES = Examples.of(
    "admission.yaml",
    admission_yaml(_RENTAL),
    admission_yaml(
        _RENTAL,
        "  - {matter: investment_promotion, approved_by: 街道办, basis: 街道通知, "
        'effective: "2025-01-01"}\n',
    ),
)
RULE = Rule("GR505", "admitted-and-excluded", Level.ERROR, __doc__, EXAMPLES)


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
        yield at_field(
            RULE,
            a,
            "matter",
            matter=a.matter,
            excluded_at=exclusion.origin.location,
            reason=exclusion.reason,
        )
