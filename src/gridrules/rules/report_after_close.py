"""A matter cannot be reported later than it must be closed.

`report_within` (discovery to report) and a direct report's `within` run
inside `close_within` (discovery to closing): a report due after the matter
must be closed contradicts it.

事项上报时限（含直报时限）不得长于办结时限。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.timeline import at_direct, longer, matters_example

EXAMPLES = Examples.of(
    "matters.yaml",
    matters_example(),
    matters_example(neighbour="time_limits: {report_within: 4d, close_within: 3d}"),
)
RULE = Rule("GR628", "report-after-close", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    for matter in p.matters:
        close = matter.close_within
        words: dict[str, Any] = {"matter": matter.id, "close": close}
        words["closes_at"] = matter.origin.at("time_limits", "close_within")
        report = matter.report_within
        if longer(report, close):
            yield problem_at(
                RULE,
                matter.origin,
                "time_limits",
                "report_within",
                part="report",
                value=report.text,
                report=report,
                **words,
            )
        direct = p.direct_report(matter)
        if direct is not None and longer(direct.within, close):
            yield at_direct(RULE, "direct", direct, **words)
