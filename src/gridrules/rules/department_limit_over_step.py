"""A department's time runs inside the step that dispatches to it or enlists it.

A department's `time_limit` is its time for a matter it is given; the level
that dispatches to it (its `level`) — or, for a case that level keeps
(`keep`), the handling level that enlists it — stays answerable for the case
within that level's own limit. A department allowed longer than the step it
works in contradicts the step's limit (and so the matter's deadline). Checked
on every matter's route, with the step's limit as the matter sees it (its
`time_limits.level_limits`, else the level's).

部门办理时限在派遣（或牵头借助）它的层级时限之内；长于该层级时限即为矛盾。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import escalation_yaml
from gridrules.rules.timeline import longer, matters_with_legs, step_words


def _escalation(limit: str) -> str:
    return escalation_yaml(
        "departments:\n"
        f"  - {{id: police_station, name: 派出所, level: community_centre, time_limit: {limit}}}\n"
        "routing:\n  - {matters: [rental_safety], departments: [police_station]}\n"
    )


EXAMPLES = Examples.of("escalation.yaml", _escalation("2d"), _escalation("5d"))
RULE = Rule("GR625", "department-limit-over-step", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    by_id = {d.id: d for d in p.escalation.departments}
    reported: set[tuple[str, str]] = set()
    for matter, routes in matters_with_legs(p):
        steps = (s for leg in routes for s in leg.route.steps)
        for step, assigned in ((s, a) for s in steps for a in s.departments):
            dep, own = by_id.get(assigned.id), assigned.time_limit
            # one finding per department and step limit (its position), not per matter
            key = (assigned.id, step.limit_source)
            if dep is None or not longer(own, step.time_limit) or key in reported:
                continue
            reported.add(key)
            yield problem_at(
                RULE,
                dep.origin,
                "time_limit",
                value=own.text,
                dep=dep.id,
                own=own,
                matter=matter.id,
                **step_words(step),
            )
