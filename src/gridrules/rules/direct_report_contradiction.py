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
from typing import Any

from gridrules.model import Category, Matter
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field, closest, problem_at, suggestion
from gridrules.rules.timeline import at_direct, longer, matters_example

EXAMPLES = Examples.of(
    "matters.yaml",
    matters_example(
        neighbour="time_limits: {report_within: 2h, close_within: 3d}, "
        "direct_report: {level: community_centre, within: 30m, written_within: 2h}"
    ),
    matters_example(
        neighbour="time_limits: {report_within: 2h, close_within: 3d}, "
        "direct_report: {level: community_center, within: 4h, written_within: 2h}"
    ),
)
RULE = Rule("GR626", "direct-report-contradiction", Level.ERROR, __doc__, EXAMPLES)


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
            yield at_field(
                RULE,
                direct,
                "level",
                part="level",
                hint=suggestion(closest(direct.level, levels), RULE.text("level"), levels),
                owner=owner.id,
                level=direct.level,
            )
        written = direct.written_within
        if written is not None and longer(direct.within, written):
            yield problem_at(
                RULE,
                direct.origin,
                "written_within",
                part="written_within",
                value=written.text,
                owner=owner.id,
                written=written,
                direct=direct.within,
                direct_at=direct.origin.at("within"),
            )
    for matter in p.matters:
        direct = p.direct_report(matter)
        report = matter.report_within
        if direct is None or not longer(direct.within, report):
            continue
        reported_at = matter.origin.at("time_limits", "report_within")
        words: dict[str, Any] = {"matter": matter.id, "report": report, "reported_at": reported_at}
        yield at_direct(RULE, "within", direct, **words)
