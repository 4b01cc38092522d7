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

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import id_list, problem_at

_ESCALATION = """\
kind: escalation
version: 1
levels:
  - {id: grid, name: 网格, tier: grid, handlers: [full_time_worker]}
  - {id: community_centre, name: 社区网格服务站, tier: community, handlers: [community_leader]}
"""

RULE = Rule(
    "GR602",
    "no-escalation-target",
    Level.ERROR,
    Text("事项或部门没有可上报的处置层级", "matter or department beyond the escalation chain"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"escalation.yaml": _ESCALATION},
        failing={
            "escalation.yaml": """\
kind: escalation
version: 1
levels:
  - {id: grid, name: 网格, tier: grid, handlers: [full_time_worker]}
"""
        },
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    depth, levels = p.tier_depth, p.escalation.levels
    reach = [depth[lv.tier] for lv in levels if lv.tier in depth]
    top = min(reach, default=None)  # the highest level's depth
    chain = id_list(f"{lv.id}({lv.tier})" for lv in levels)
    for admission in p.admissions:
        matter = p.matter_by_id.get(admission.matter)
        if matter is None or matter.id in p.excluded_matters or matter.handling_tier not in depth:
            continue  # GR201, GR505
        if top is not None and top <= depth[matter.handling_tier]:
            continue
        yield problem_at(
            RULE,
            admission.origin,
            "matter",
            message=Text(
                f"准入事项 {matter.id} 的处置层级 {matter.handling_tier} 及以上没有处置层级"
                f"（现有：{chain or '无'}）",
                f"admitted matter '{matter.id}' is handled at tier '{matter.handling_tier}', "
                f"but no escalation level sits at or above it (levels: {chain or 'none'})",
            ),
            value=matter.id,
            hint=Text(
                f"在 escalation 中增加 {matter.handling_tier} 或更高层级的处置层级，或改正事项的处置层级",
                f"add an escalation level at '{matter.handling_tier}' or above, or correct the "
                "matter's handling tier",
            ),
        )
    level_ids = {lv.id for lv in levels}
    departments = {d.id: d for d in p.escalation.departments}
    for route in p.escalation.routing:
        for k, dept_id in enumerate(route.departments):
            dept = departments.get(dept_id)
            if dept is None or dept.level in level_ids:
                continue  # undefined department: GR201
            yield problem_at(
                RULE,
                route.origin,
                "departments",
                k,
                message=Text(
                    f"分流到部门 {dept.id}，但其派遣层级 {dept.level} 不在处置层级链中"
                    f"（现有：{chain or '无'}）",
                    f"routing sends to department '{dept.id}', whose level '{dept.level}' is not "
                    f"in the escalation chain (levels: {chain or 'none'})",
                ),
                value=dept_id,
                hint=Text(
                    f"把部门 {dept.id} 的 level 改为现有处置层级，或恢复层级 {dept.level}",
                    f"set department '{dept.id}' level to an existing one, or restore level "
                    f"'{dept.level}'",
                ),
            )
