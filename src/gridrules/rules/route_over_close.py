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

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Rule
from gridrules.rules.timeline import (
    at_close,
    close_examples,
    longer,
    matters_with_legs,
    route_words,
    worst,
)

RULE = Rule("GR621", "route-over-close", Level.ERROR, __doc__, close_examples("4d", "3d"))


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    for matter, routes in matters_with_legs(ctx.policy):
        over = (
            leg
            for leg in routes
            if longer(leg.route.handling_deadline, matter.close_within)
            # a single step over close_within is GR620's finding
            and not leg.steps_over(matter.close_within)
        )
        leg = worst(over)
        if leg is not None:
            yield at_close(RULE, matter, **route_words(leg))
