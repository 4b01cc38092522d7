"""A plan's reporting times are given for levels the plan uses, once per level.

A plan lists the national response levels it uses (I–IV); a `reporting`
entry for another level can never apply, and a second entry for the same
level contradicts the first.

预案的分级报告时限只能写本预案使用的响应级别，每级一条。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.levels import LEVEL_BY_ID
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at

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

RULE = Rule(
    "GR802",
    "plan-reporting-level",
    Level.ERROR,
    Text("预案报告时限的响应级别有误", "plan reporting times for a wrong level"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"emergency.yaml": _EMERGENCY.replace("{level}", "IV")},
        failing={"emergency.yaml": _EMERGENCY.replace("{level}", "II")},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    emergency = ctx.policy.emergency
    for plan in emergency.plans if emergency is not None else ():
        seen: set[str] = set()
        for r in plan.reporting:
            known = LEVEL_BY_ID.get(r.level)
            words = known.numeral if known is not None else Text(r.level, r.level)
            if r.level not in plan.levels:
                yield problem_at(
                    RULE,
                    r.origin,
                    "level",
                    message=Text(
                        f"预案 {plan.id} 没有使用{words.zh}响应，却写了该级别的报告时限",
                        f"plan '{plan.id}' does not use {words.en}, yet gives reporting "
                        "times for it",
                    ),
                    value=r.level,
                    hint=Text(
                        f"把该级别加入 levels，或改为 {'、'.join(plan.levels)} 之一",
                        f"add the level to levels, or use one of {', '.join(plan.levels)}",
                    ),
                )
            elif r.level in seen:
                yield problem_at(
                    RULE,
                    r.origin,
                    "level",
                    message=Text(
                        f"预案 {plan.id} 的{words.zh}报告时限写了两次",
                        f"plan '{plan.id}' gives reporting times for {words.en} twice",
                    ),
                    value=r.level,
                    hint=Text("合并为一条", "merge them into one entry"),
                )
            seen.add(r.level)
