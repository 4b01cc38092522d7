"""A plan's reporting times are given for levels the plan uses, once per level.

A plan lists the national response levels it uses (I–IV); a `reporting`
entry for another level can never apply, and a second entry for the same
level contradicts the first.

预案的分级报告时限只能写本预案使用的响应级别，每级一条。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.levels import LEVEL_BY_ID
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field, listed

_EMERGENCY = """\
kind: emergency
version: 1
name: 应急状态
plans:
  - id: flood
    name: 防汛应急预案
    levels: [III, IV]
    procedures:
      - {id: patrol, name: 巡防管控, roles: [full_time_worker], steps: [巡查河堤]}
    reporting:
      - {level: III, verbal_within: 30m, written_within: 2h}
      - {level: {level}, verbal_within: 1h}
"""

EXAMPLES = Examples.of(
    "emergency.yaml", _EMERGENCY.replace("{level}", "IV"), _EMERGENCY.replace("{level}", "II")
)
RULE = Rule("GR802", "plan-reporting-level", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    emergency = ctx.policy.emergency
    for plan in emergency.plans if emergency is not None else ():
        seen: set[str] = set()
        for r in plan.reporting:
            known = LEVEL_BY_ID.get(r.level)
            words = known.numeral if known is not None else r.level
            if r.level not in plan.levels:
                yield at_field(
                    RULE,
                    r,
                    "level",
                    part="unknown_level",
                    plan=plan.id,
                    words=words,
                    levels=listed(plan.levels),
                )
            elif r.level in seen:
                yield at_field(RULE, r, "level", part="repeated", plan=plan.id, words=words)
            seen.add(r.level)
