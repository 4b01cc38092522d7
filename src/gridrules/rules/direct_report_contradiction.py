"""A direct (skip-level) report must name a level and agree with the matter's limits.

`direct_report` on a matter or a category sends the report straight to a named
escalation level within `within` (e.g. verbal 30 minutes), in writing within
`written_within` (e.g. 2 hours). Contradictions: the level is not an
escalation level of the policy; the written report is due before the first
one; the direct report is due later than the matter's own `report_within`
(which would then be a second, shorter reporting time nobody follows).

越级直报须指向存在的处置层级；书面报告时限不得短于首报时限；直报时限不得长于事项的
上报时限。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.model import Category, Matter
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import closest, problem_at, suggestion
from gridrules.rules.timeline import matters_example

RULE = Rule(
    "GR626",
    "direct-report-contradiction",
    Level.ERROR,
    Text("越级直报的层级或时限有误", "a direct report names no level or contradicts the limits"),
    doc=__doc__ or "",
    examples=Examples(
        passing={
            "matters.yaml": matters_example(
                neighbour="time_limits: {report_within: 2h, close_within: 3d}, "
                "direct_report: {level: community_centre, within: 30m, written_within: 2h}"
            )
        },
        failing={
            "matters.yaml": matters_example(
                neighbour="time_limits: {report_within: 2h, close_within: 3d}, "
                "direct_report: {level: community_center, within: 4h, written_within: 2h}"
            )
        },
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    levels = {lv.id for lv in p.escalation.levels}
    owners: list[Category | Matter] = [*p.categories, *p.matters]
    for owner in owners:
        direct = owner.direct_report
        if direct is None:
            continue
        if direct.level not in levels:
            yield problem_at(
                RULE,
                direct.origin,
                "level",
                message=Text(
                    f"{owner.id} 的直报层级 {direct.level} 不是处置层级",
                    f"the direct report of '{owner.id}' names '{direct.level}', not an "
                    "escalation level",
                ),
                value=direct.level,
                hint=suggestion(closest(direct.level, levels), Text("处置层级", "level"), levels),
            )
        written = direct.written_within
        if written is not None and written.minutes < direct.within.minutes:
            yield problem_at(
                RULE,
                direct.origin,
                "written_within",
                message=Text(
                    f"{owner.id} 的书面报告时限 {written.describe('zh')} 短于首报时限 "
                    f"{direct.within.describe('zh')}（{direct.origin.at('within')}）",
                    f"the written report of '{owner.id}' is due within {written.describe('en')}, "
                    f"before the first report ({direct.within.describe('en')}, "
                    f"{direct.origin.at('within')})",
                ),
                value=written.text,
            )
    for matter in p.matters:
        direct = p.direct_report(matter)
        report = matter.report_within
        if direct is None or report is None or direct.within.minutes <= report.minutes:
            continue
        yield problem_at(
            RULE,
            direct.origin,
            "within",
            message=Text(
                f"事项 {matter.id} 直报时限 {direct.within.describe('zh')} 长于其上报时限 "
                f"{report.describe('zh')}（{matter.origin.at('time_limits', 'report_within')}）",
                f"matter '{matter.id}' is reported directly within {direct.within.describe('en')}, "
                f"later than its report_within of {report.describe('en')} "
                f"({matter.origin.at('time_limits', 'report_within')})",
            ),
            value=direct.within.text,
            hint=Text(
                "直报时限不长于上报时限（或删去重复的 report_within）",
                "report directly no later than report_within (or drop the duplicate)",
            ),
        )
