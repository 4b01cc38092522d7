"""No matter's close_within may exceed the jurisdiction's ceiling.

`settings.time_limit_ceiling` (jurisdiction.yaml) is the longest any matter may
take; a matter whose `close_within` is longer contradicts it. Extension on
approval, where the ceiling's `extension` allows it, is decided case by case
and is not a matter's standing limit.

事项办结时限不得超过辖区时限上限；经审批延长属个案，不能写成事项的常设时限。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.timeline import jurisdiction_example

RULE = Rule(
    "GR623",
    "close-over-ceiling",
    Level.ERROR,
    Text("事项办结时限超过辖区时限上限", "a matter's close_within exceeds the ceiling"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"jurisdiction.yaml": jurisdiction_example("15d")},
        failing={"jurisdiction.yaml": jurisdiction_example("2d")},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    ceiling = p.jurisdiction.settings.time_limit_ceiling
    if ceiling is None:
        return
    cap = ceiling.limit
    for matter in p.matters:
        close = matter.close_within
        if close is None or close.minutes <= cap.minutes:
            continue
        yield problem_at(
            RULE,
            matter.origin,
            "time_limits",
            "close_within",
            message=Text(
                f"事项 {matter.id} 办结时限 {close.describe('zh')} 超过辖区时限上限 "
                f"{cap.describe('zh')}（{ceiling.origin.location}）",
                f"matter '{matter.id}' closes within {close.describe('en')}, over the ceiling of "
                f"{cap.describe('en')} ({ceiling.origin.location})",
            ),
            value=close.text,
            hint=Text(
                f"办结时限不超过 {cap.describe('zh')}；个案确需延长的按上限规定审批",
                f"keep close_within within {cap.describe('en')}; extend single cases on approval",
            ),
        )
