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

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import escalation_yaml
from gridrules.rules.timeline import legs


def _escalation(limit: str) -> str:
    return escalation_yaml(
        "departments:\n"
        f"  - {{id: police_station, name: 派出所, level: community_centre, time_limit: {limit}}}\n"
        "routing:\n  - {matters: [rental_safety], departments: [police_station]}\n"
    )


RULE = Rule(
    "GR625",
    "department-limit-over-step",
    Level.ERROR,
    Text("部门时限长于派遣它的层级时限", "a department is given longer than the step it works in"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"escalation.yaml": _escalation("2d")},
        failing={"escalation.yaml": _escalation("5d")},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    by_id = {d.id: d for d in p.escalation.departments}
    reported: set[tuple[str, str]] = set()
    for matter in p.matters:
        for leg in legs(p).get(matter.id, ()):
            for step in leg.route.steps:
                limit = step.time_limit
                for assigned in step.departments:
                    dep = by_id.get(assigned.id)
                    own = assigned.time_limit
                    if dep is None or own is None or limit is None or own.minutes <= limit.minutes:
                        continue
                    # one finding per department and step limit (its position), not per matter
                    key = (dep.id, step.limit_source)
                    if key in reported:
                        continue
                    reported.add(key)
                    yield problem_at(
                        RULE,
                        dep.origin,
                        "time_limit",
                        message=Text(
                            f"部门 {dep.id} 时限 {own.describe('zh')}，长于其所在步骤 {step.level} 的时限 "
                            f"{limit.describe('zh')}（{step.limit_source}；事项 {matter.id}）",
                            f"department '{dep.id}' is given {own.describe('en')}, longer than step "
                            f"'{step.level}' it works in ({limit.describe('en')}, "
                            f"{step.limit_source}; matter '{matter.id}')",
                        ),
                        value=own.text,
                        hint=Text(
                            f"部门时限不超过 {limit.describe('zh')}，或延长层级 {step.level} 的时限",
                            f"give the department at most {limit.describe('en')}, or lengthen "
                            f"level '{step.level}'",
                        ),
                    )
