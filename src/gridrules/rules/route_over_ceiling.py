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

from gridrules.model import Policy, TimeLimitCeiling
from gridrules.problems import Level, Problem
from gridrules.rules.base import Rule
from gridrules.rules.common import at_field
from gridrules.rules.timeline import (
    ceiling_examples,
    ceiling_words,
    longer,
    matters_with_legs,
    over_ceiling,
    route_words,
    worst,
)

RULE = Rule("GR622", "route-over-ceiling", Level.ERROR, __doc__, ceiling_examples("3d"))


@RULE.check
@over_ceiling
def check(policy: Policy, ceiling: TimeLimitCeiling) -> Iterator[Problem]:
    for matter, routes in matters_with_legs(policy):
        leg = worst(x for x in routes if longer(x.route.handling_deadline, ceiling.limit))
        if leg is not None:
            words: dict[str, Any] = {**route_words(leg), **ceiling_words(ceiling)}
            yield at_field(RULE, matter, "id", matter=matter.id, **words)
