"""No single time limit may exceed the jurisdiction's ceiling.

Every limit a policy writes — each escalation level's `time_limit`, each
department's `time_limit`, a matter's `time_limits.level_limits` entries and
a direct report's `within` / `written_within` — must fit under
`settings.time_limit_ceiling` (jurisdiction.yaml): a level allowed 30 days
where nothing may take more than 15 contradicts the ceiling for every case
that reaches it, handled there or escalated.

任何单项时限（层级、部门、事项在层级的时限、直报时限）都不得超过辖区时限上限。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.model import Category, Duration, Matter, Origin, Policy, TimeLimitCeiling
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Rule
from gridrules.rules.common import problem_at
from gridrules.rules.timeline import ceiling_examples, ceiling_words, longer, over_ceiling

RULE = Rule("GR624", "limit-over-ceiling", Level.ERROR, __doc__, ceiling_examples("5d"))


def _limits(p: Policy) -> Iterator[tuple[Duration, Origin, tuple[Any, ...], Text]]:
    for level in p.escalation.levels:
        if level.time_limit is not None:
            what = RULE.text("level", level=level.id)
            yield level.time_limit, level.origin, ("time_limit",), what
    for dep in p.escalation.departments:
        if dep.time_limit is not None:
            what = RULE.text("department", dep=dep.id)
            yield dep.time_limit, dep.origin, ("time_limit",), what
    for matter in p.matters:
        for level_id, limit in matter.level_limits:
            what = RULE.text("matter_level", matter=matter.id, level=level_id)
            yield limit, matter.origin, ("time_limits", "level_limits", level_id), what
    owners: list[Category | Matter] = [*p.categories, *p.matters]
    for owner in owners:
        direct = owner.direct_report
        if direct is None:
            continue
        for key, value in (("within", direct.within), ("written_within", direct.written_within)):
            if value is not None:
                what = RULE.text("direct_report", owner=owner.id)
                yield value, direct.origin, (key,), what


@RULE.check
@over_ceiling
def check(policy: Policy, ceiling: TimeLimitCeiling) -> Iterator[Problem]:
    for limit, origin, sub, what in _limits(policy):
        if longer(limit, ceiling.limit):
            words: dict[str, Any] = {"what": what, "limit": limit, **ceiling_words(ceiling)}
            yield problem_at(RULE, origin, *sub, value=limit.text, **words)
