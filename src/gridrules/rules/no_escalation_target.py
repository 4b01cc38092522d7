"""Every admitted matter, and every routed department, can be reached by escalation.

What a grid worker cannot settle goes up the escalation levels (grid →
community station → street centre → district centre). An admitted matter
whose handling tier has no escalation level at it or above it has nowhere to
go. Likewise each department named in a routing entry is dispatched to from
an escalation level (`level`), which must be one of the levels of the chain
in force (a child that replaces the levels can drop one its parent's
departments use).

网格处置不了的事项沿处置层级逐级上报（网格→社区工作站→街道中心→区中心）。准入事项的
处置层级及以上必须有处置层级；分流规则中的部门所属的派遣层级也必须在现行处置层级链中。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import admitted_matters, id_list, problem_at

_ESCALATION = """\
kind: escalation
version: 1
levels:
  - {id: grid, name: 网格, tier: grid, handlers: [full_time_worker]}
  - {id: community_centre, name: 社区网格服务站, tier: community, handlers: [community_leader]}
"""

EXAMPLES = Examples.of(
    "escalation.yaml",
    _ESCALATION,
    """\
kind: escalation
version: 1
levels:
  - {id: grid, name: 网格, tier: grid, handlers: [full_time_worker]}
""",
)
RULE = Rule("GR602", "no-escalation-target", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    depth, levels = p.tier_depth, p.escalation.levels
    reach = [depth[lv.tier] for lv in levels if lv.tier in depth]
    top = min(reach, default=None)  # the highest level's depth
    chain = id_list(f"{lv.id}({lv.tier})" for lv in levels) or RULE.text("none")
    for admission, matter in admitted_matters(p):
        if top is None or top > depth[matter.handling_tier]:
            words: dict[str, Any] = {
                "matter": matter.id,
                "tier": matter.handling_tier,
                "chain": chain,
            }
            yield problem_at(
                RULE, admission.origin, "matter", part="matter", value=matter.id, **words
            )
    level_ids = {lv.id for lv in levels}
    departments = {d.id: d for d in p.escalation.departments}
    for route in p.escalation.routing:
        for k, dept_id in enumerate(route.departments):
            dept = departments.get(dept_id)
            if dept is not None and dept.level not in level_ids:  # undefined department: GR201
                sent: dict[str, Any] = {"dept": dept.id, "level": dept.level, "chain": chain}
                at = (route.origin, "departments", k)
                yield problem_at(RULE, *at, part="department", value=dept_id, **sent)
