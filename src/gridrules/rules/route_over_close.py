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
    legs,
    longer,
    route_words,
    worst,
)

RULE = Rule("GR621", "route-over-close", Level.ERROR, __doc__, close_examples("4d", "3d"))


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    for matter in p.matters:
        close = matter.close_within
        over = (
            leg
            for leg in legs(p).get(matter.id, ())
            if longer(leg.route.handling_deadline, close)
            # a single step over close_within is GR620's finding
            and not any(longer(s.time_limit, close) for s in leg.counted)
        )
        leg = worst(over)
        if leg is not None:
            yield at_close(RULE, matter, **route_words(leg))
