"""A matter cannot be reported later than it must be closed.

`report_within` (discovery to report) and a direct report's `within` run
inside `close_within` (discovery to closing): a report due after the matter
must be closed contradicts it.

事项上报时限（含直报时限）不得长于办结时限。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.timeline import matters_example

RULE = Rule(
    "GR628",
    "report-after-close",
    Level.ERROR,
    Text("上报时限长于办结时限", "a matter is reported later than it must close"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"matters.yaml": matters_example()},
        failing={
            "matters.yaml": matters_example(
                neighbour="time_limits: {report_within: 4d, close_within: 3d}"
            )
        },
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    for matter in p.matters:
        close = matter.close_within
        if close is None:
            continue
        closes_at = matter.origin.at("time_limits", "close_within")
        report = matter.report_within
        if report is not None and report.minutes > close.minutes:
            yield problem_at(
                RULE,
                matter.origin,
                "time_limits",
                "report_within",
                message=Text(
                    f"事项 {matter.id} 上报时限 {report.describe('zh')} 长于办结时限 "
                    f"{close.describe('zh')}（{closes_at}）",
                    f"matter '{matter.id}' is reported within {report.describe('en')}, later than "
                    f"it must close ({close.describe('en')}, {closes_at})",
                ),
                value=report.text,
            )
        direct = p.direct_report(matter)
        if direct is not None and direct.within.minutes > close.minutes:
            yield problem_at(
                RULE,
                direct.origin,
                "within",
                message=Text(
                    f"事项 {matter.id} 直报时限 {direct.within.describe('zh')} 长于办结时限 "
                    f"{close.describe('zh')}（{closes_at}）",
                    f"matter '{matter.id}' is reported directly within "
                    f"{direct.within.describe('en')}, later than it must close "
                    f"({close.describe('en')}, {closes_at})",
                ),
                value=direct.within.text,
            )
