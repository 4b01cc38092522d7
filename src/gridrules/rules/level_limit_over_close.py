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

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Rule
from gridrules.rules.timeline import at_close, close_examples, matters_with_legs, step_words

RULE = Rule("GR620", "level-limit-over-close", Level.ERROR, __doc__, close_examples("4d", "2d"))


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    for matter, routes in matters_with_legs(ctx.policy):
        reported: set[str] = set()
        for step in (s for leg in routes for s in leg.steps_over(matter.close_within)):
            if step.level in reported:
                continue
            reported.add(step.level)
            stage = RULE.text("direct" if step.stage == "direct" else "level")
            yield at_close(RULE, matter, stage=stage, **step_words(step))
