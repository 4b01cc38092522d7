"""No matter's close_within may exceed the jurisdiction's ceiling.

`settings.time_limit_ceiling` (jurisdiction.yaml) is the longest any matter may
take; a matter whose `close_within` is longer contradicts it. Extension on
approval, where the ceiling's `extension` allows it, is decided case by case
and is not a matter's standing limit.

事项办结时限不得超过辖区时限上限；经审批延长属个案，不能写成事项的常设时限。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.model import Policy, TimeLimitCeiling
from gridrules.problems import Level, Problem
from gridrules.rules.base import Rule
from gridrules.rules.timeline import at_close, ceiling_examples, ceiling_words, longer, over_ceiling

RULE = Rule("GR623", "close-over-ceiling", Level.ERROR, __doc__, ceiling_examples("2d"))


@RULE.check
@over_ceiling
def check(policy: Policy, ceiling: TimeLimitCeiling) -> Iterator[Problem]:
    for matter in policy.matters:
        if longer(matter.close_within, ceiling.limit):
            yield at_close(RULE, matter, **ceiling_words(ceiling))
