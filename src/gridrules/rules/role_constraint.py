"""Roster workers meet the constraints of the roles they hold.

A role may require a worker attribute to have a value, everywhere or only in
urban or rural grids: Chengdu argues urban full-time grid workers must be
genuinely full-time, so members of the community "two committees" (两委) may
not hold the post, while rural grids may let them serve. Other places allow
it, so the rule is written per jurisdiction as a role constraint:
`{attribute: two_committees, must_be: false, area: urban}`. The area is that
of the worker's grid. `two_committees` and `party_member` are roster columns;
any other attribute is an extra roster column (or `attributes:` inline).
A worker who lacks the attribute does not meet the constraint.

角色可以规定任职人员的属性取值（可只适用于城镇或农村网格）。例如成都主张城市专职网格员
不由社区两委成员兼任，农村可以兼任；各地规定不同，因此按辖区写成角色约束。区域取人员所在
网格的城乡属性；名册未记录该属性视为不满足。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.cells import FALSE, TRUE
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import AREA, attribute_path, problem_at
from gridrules.rules.example_snippets import LEADER, grid_row, grids_yaml, roster_yaml, worker_row

EXAMPLES = Examples(
    passing={
        "grids.yaml": grids_yaml(
            grid_row(1), grid_row(2, ", area: rural", households=250, name="河湾村民小组")
        ),
        "roster.yaml": roster_yaml(worker_row(1), worker_row(2, ", two_committees: true"), LEADER),
    },
    failing={
        "roster.yaml": roster_yaml(worker_row(1, ", two_committees: true"), worker_row(2), LEADER),
    },
)
RULE = Rule("GR403", "role-constraint", Level.ERROR, __doc__, EXAMPLES)


def meets(value: Any, must_be: Any) -> bool:
    """Compare a roster value (CSV cells are text) with the required value."""
    if value is None:
        return False
    if isinstance(must_be, bool):
        if isinstance(value, str):
            lowered = value.strip().lower()
            return (lowered in TRUE and must_be) or (lowered in FALSE and not must_be)
        return isinstance(value, bool | int | float) and bool(value) is must_be
    if isinstance(must_be, int | float):
        try:
            return float(value) == float(must_be)
        except (TypeError, ValueError):
            return False
    return str(value).strip() == str(must_be)


def _shown(value: Any) -> str | Text:
    if value is None:
        return RULE.text("not_recorded")
    return str(value).lower() if isinstance(value, bool) else str(value)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    constrained = {r.id: r for r in p.roles if r.constraints}
    if not constrained:
        return
    for worker in p.workers:
        grid = p.grid_by_id.get(worker.grid)
        for role_id in worker.roles:
            role = constrained.get(role_id)
            if role is None:
                continue
            for c in role.constraints:
                if c.area is not None and (grid is None or grid.area is not c.area):
                    continue
                value = worker.attribute(c.attribute)
                if meets(value, c.must_be):
                    continue
                where = (
                    RULE.text("area_grid", area=(AREA[c.area.value].zh, c.area.value))
                    if c.area is not None
                    else RULE.text("grid")
                )
                yield problem_at(
                    RULE,
                    worker.origin,
                    *attribute_path(worker.origin, c.attribute),
                    value=value,
                    worker=worker,
                    where=where,
                    grid=worker.grid,
                    role=role.id,
                    attribute=c.attribute,
                    required=_shown(c.must_be),
                    actual=_shown(value),
                    constraint=c.id,
                    described=RULE.text("described", text=c.description) if c.description else "",
                )
