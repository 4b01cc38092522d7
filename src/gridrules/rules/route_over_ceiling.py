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
from typing import Any

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field
from gridrules.rules.timeline import (
    ceiling_words,
    jurisdiction_example,
    legs,
    longer,
    route_words,
    worst,
)

EXAMPLES = Examples.of("jurisdiction.yaml", jurisdiction_example("15d"), jurisdiction_example("3d"))
RULE = Rule("GR622", "route-over-ceiling", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    ceiling = p.jurisdiction.settings.time_limit_ceiling
    if ceiling is None:
        return
    for matter in p.matters:
        routes = legs(p).get(matter.id, ())
        leg = worst(x for x in routes if longer(x.route.handling_deadline, ceiling.limit))
        if leg is not None:
            words: dict[str, Any] = {**route_words(leg), **ceiling_words(ceiling)}
            yield at_field(RULE, matter, "id", matter=matter.id, **words)
