"""A matter's close_within must leave room for its whole route.

The cumulative deadline at the handling step — the sum of the step limits from
the first counted step (the bottom level, or the direct report) through the
handling level — is the latest a matter closes when every level uses its time.
A `close_within` shorter than that sum contradicts the levels, although each
level alone fits (GR620 reports a single level that does not). Every leaf
tier's route and the generic chain are checked; the message names the longest
and each step's limit with its position.

办结时限不得短于处置路线的累计时限（自最底层或直报起，至处置层级止各步时限之和）。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.timeline import legs, matters_example, steps_text

RULE = Rule(
    "GR621",
    "route-over-close",
    Level.ERROR,
    Text(
        "处置路线累计时限超过事项办结时限", "the route's cumulative deadline exceeds close_within"
    ),
    doc=__doc__ or "",
    examples=Examples(
        passing={"matters.yaml": matters_example(", time_limits: {close_within: 4d}")},
        failing={"matters.yaml": matters_example(", time_limits: {close_within: 3d}")},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    for matter in p.matters:
        close = matter.close_within
        if close is None:
            continue
        over = [
            leg
            for leg in legs(p).get(matter.id, ())
            if (total := leg.route.handling_deadline) is not None
            and total.minutes > close.minutes
            # a single step over close_within is GR620's finding
            and all(
                s.time_limit is None or s.time_limit.minutes <= close.minutes for s in leg.counted
            )
        ]
        if not over:
            continue
        leg = max(over, key=lambda x: x.route.handling_deadline.minutes)  # type: ignore[union-attr]
        total = leg.route.handling_deadline
        assert total is not None
        yield problem_at(
            RULE,
            matter.origin,
            "time_limits",
            "close_within",
            message=Text(
                f"事项 {matter.id} 办结时限 {close.describe('zh')}，但从 {leg.start} 起处置路线累计 "
                f"{total.describe('zh')}：{steps_text(leg, 'zh')}",
                f"matter '{matter.id}' must close within {close.describe('en')}, but its route "
                f"from '{leg.start}' adds up to {total.describe('en')}: {steps_text(leg, 'en')}",
            ),
            value=close.text,
            hint=Text(
                "办结时限至少应为累计时限；或在 time_limits.level_limits 中缩短本事项在各层级的时限",
                "make close_within at least the cumulative deadline, or shorten this matter's "
                "time at the levels (time_limits.level_limits)",
            ),
        )
