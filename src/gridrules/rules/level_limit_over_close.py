"""No level on a matter's route may be given longer than the matter's close_within.

A matter's `close_within` runs from discovery to closing; every step of its
route up to and including the handling step (the direct report, the levels it
is reported through, the handling level) runs inside it. A step whose limit —
the matter's own `time_limits.level_limits` entry for that level, else the
level's `time_limit` — is longer than `close_within` contradicts it: the level
may lawfully take longer than the matter may. Routes from every leaf tier are
checked (micro grid, unit cell, dedicated grid …), and the generic chain.
Fix the matter (a longer `close_within`, or a shorter `level_limits` entry for
that level) or the level.

事项的办结时限自发现起算，处置路线上直至处置层级的每一步都在其内。某一步的时限（本事项
`level_limits` 中对该层级的规定，否则为层级的 `time_limit`）长于办结时限即为矛盾。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.timeline import legs, matters_example

RULE = Rule(
    "GR620",
    "level-limit-over-close",
    Level.ERROR,
    Text(
        "处置路线上某层级时限长于事项办结时限",
        "a level on the route is given longer than the matter's close_within",
    ),
    doc=__doc__ or "",
    examples=Examples(
        passing={"matters.yaml": matters_example(", time_limits: {close_within: 4d}")},
        failing={"matters.yaml": matters_example(", time_limits: {close_within: 2d}")},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    routes = legs(p)
    for matter in p.matters:
        close = matter.close_within
        if close is None:
            continue
        reported: set[str] = set()
        for leg in routes.get(matter.id, ()):
            for step in leg.counted:
                limit = step.time_limit
                if limit is None or limit.minutes <= close.minutes or step.level in reported:
                    continue
                reported.add(step.level)
                zh_stage = "直报" if step.stage == "direct" else "层级"
                yield problem_at(
                    RULE,
                    matter.origin,
                    "time_limits",
                    "close_within",
                    message=Text(
                        f"事项 {matter.id} 办结时限 {close.describe('zh')}，但其处置路线上的{zh_stage} "
                        f"{step.level} 时限为 {limit.describe('zh')}（{step.limit_source}）",
                        f"matter '{matter.id}' must close within {close.describe('en')}, but "
                        f"{'the direct report to ' if step.stage == 'direct' else 'level '}"
                        f"'{step.level}' on its route is given {limit.describe('en')} "
                        f"({step.limit_source})",
                    ),
                    value=close.text,
                    hint=Text(
                        f"延长办结时限，或在 time_limits.level_limits 中为 {step.level} 规定本事项的较短时限",
                        f"lengthen close_within, or give this matter a shorter time at "
                        f"'{step.level}' in time_limits.level_limits",
                    ),
                )
