"""In-service party members are registered with their community and keep points (Jiamusi).

In Jiamusi every in-service party member holds a red registration booklet (在职党员进社区
报到证): they register with their home community, claim a post, sink into a grid and
earn points per activity, overseen by the community's party-member head (004). With an
`in_service` section in party.yaml, each roster worker holding one of its roles must
carry every `registration` attribute (e.g. the employer), a `points` value that is a
whole number ≥ 0, and be assigned to a node of the `report_to` tier or below it.

在职党员进社区报到（佳木斯）：名册中担任 in_service 角色的人员须记录 registration 所列
属性（如工作单位）、points 积分（非负整数），所在网格须为 report_to 层级或其下级。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.lookup import tier_chains
from gridrules.model import Worker
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field, attribute_path, problem_at
from gridrules.rules.example_snippets import LEADER, party_yaml, phoned_roster

_PARTY = party_yaml(
    tail="in_service: {roles: [grid_party_member], registration: [employer], points: points, "
    "report_to: community}\n"
)


def _member(points: str) -> str:
    """W004, an in-service party member with the given points."""
    return (
        '{id: W004, name: 赵明, roles: [grid_party_member], grid: "S01C01G01", party_member: true, '
        f"attributes: {{employer: 示例区民政局, points: {points}}}}}"
    )


EXAMPLES = Examples.of(
    "roster.yaml",
    phoned_roster(LEADER, _member("4")),
    phoned_roster(LEADER, _member('"四分"')),
    {"party.yaml": _PARTY},
)
RULE = Rule("GR715", "in-service-member", Level.ERROR, __doc__, EXAMPLES)


def _who(w: Worker) -> Text:
    return RULE.text("who", worker=w)


def _points_ok(value: object) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, int):
        return value >= 0
    if isinstance(value, float):
        return value >= 0 and value.is_integer()
    return isinstance(value, str) and value.strip().isdigit()


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    rule = p.party.in_service
    if rule is None:
        return
    roles = set(rule.roles)
    chains = tier_chains(p)
    for w in p.workers:
        if not roles.intersection(w.roles):
            continue
        who = _who(w)
        for name in rule.registration:
            if str(w.attribute(name) or "").strip():
                continue
            yield problem_at(
                RULE,
                w.origin,
                *attribute_path(w.origin, name),
                part="registration",
                who=who,
                name=name,
            )
        if rule.points and not _points_ok(w.attribute(rule.points)):
            value = w.attribute(rule.points)
            yield problem_at(
                RULE,
                w.origin,
                *attribute_path(w.origin, rule.points),
                part="points",
                value=value,
                who=who,
                points=rule.points,
                given=value,
            )
        grid = p.grid_by_id.get(w.grid)
        if rule.report_to and grid is not None and rule.report_to not in chains.get(grid.tier, ()):
            yield at_field(
                RULE,
                w,
                "grid",
                part="grid",
                who=who,
                grid=grid.id,
                tier=grid.tier,
                report_to=rule.report_to,
            )
