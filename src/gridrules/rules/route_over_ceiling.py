"""No matter's route may add up to more than the jurisdiction's ceiling.

`settings.time_limit_ceiling` in jurisdiction.yaml is the longest any matter
may take (Feng county, 2018: "最长不超过 15 日", extension only on approval).
A route whose cumulative deadline at the handling step exceeds it promises a
time the jurisdiction forbids, whatever the matter's own `close_within` says.
Every leaf tier's route and the generic chain are checked; the message names
the longest, each step's limit and the ceiling, with their positions.

处置路线累计时限（至处置层级）不得超过辖区时限上限（jurisdiction.yaml 的
`settings.time_limit_ceiling`）。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.timeline import jurisdiction_example, legs, steps_text

RULE = Rule(
    "GR622",
    "route-over-ceiling",
    Level.ERROR,
    Text("处置路线累计时限超过辖区时限上限", "a route's cumulative deadline exceeds the ceiling"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"jurisdiction.yaml": jurisdiction_example("15d")},
        failing={"jurisdiction.yaml": jurisdiction_example("3d")},
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
        over = [
            leg
            for leg in legs(p).get(matter.id, ())
            if leg.route.handling_deadline is not None
            and leg.route.handling_deadline.minutes > cap.minutes
        ]
        if not over:
            continue
        leg = max(over, key=lambda x: x.route.handling_deadline.minutes)  # type: ignore[union-attr]
        total = leg.route.handling_deadline
        assert total is not None
        yield problem_at(
            RULE,
            matter.origin,
            "id",
            message=Text(
                f"事项 {matter.id} 从 {leg.start} 起处置路线累计 {total.describe('zh')}，"
                f"超过辖区时限上限 {cap.describe('zh')}（{ceiling.origin.location}）："
                f"{steps_text(leg, 'zh')}",
                f"matter '{matter.id}': its route from '{leg.start}' adds up to "
                f"{total.describe('en')}, over the ceiling of {cap.describe('en')} "
                f"({ceiling.origin.location}): {steps_text(leg, 'en')}",
            ),
            value=matter.id,
            hint=Text(
                "缩短各层级时限，或在 time_limits.level_limits 中为本事项规定较短的层级时限",
                "shorten the levels' limits, or give this matter shorter times at its levels "
                "(time_limits.level_limits)",
            ),
        )
