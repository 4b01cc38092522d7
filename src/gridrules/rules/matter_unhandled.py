"""Every admitted matter has a role that may handle it, at or above its handling tier.

A matter admitted to the grids is handled somewhere: "small matters stay in
the grid, big matters stay in the village". Its `handling_tier` says where by
default; some role at that tier or a higher one (nearer the district) must
hold the `handle` action on it in normal mode, by name or through its
category. Otherwise a report would travel up the chain with no one entitled
to close it. Emergency grants do not count for matters admitted in normal
times — they lapse when the emergency ends — but they do for a matter admitted
only while an emergency plan is active (`mode: emergency`). Excluded matters are skipped (GR505 reports their admission).

准入网格的事项必须有人处置（小事不出格，大事不出村）：在其处置层级或更高层级，须有角色在
常态模式下对其拥有 handle 权限（直接列出或通过类别）。应急授权不计入。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.lookup import emergency_handlers, handlers
from gridrules.model import Mode
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import id_list, problem_at

RULE = Rule(
    "GR601",
    "matter-unhandled",
    Level.ERROR,
    Text("准入事项无人处置", "admitted matter that no role may handle"),
    doc=__doc__ or "",
    examples=Examples(
        passing={
            "responsibilities.yaml": """\
kind: responsibilities
version: 1
responsibilities:
  - role: full_time_worker
    duties:
      - {id: patrol, name: 巡查上报, actions: [report], matters: [neighbour_dispute, elderly_visit]}
      - {id: hazards, name: 隐患排查, actions: [report], matters: [rental_safety]}
  - role: community_leader
    duties:
      - {id: dispatch, name: 分流交办, actions: [handle, dispatch], categories: [public_order, livelihood]}
"""
        },
        failing={
            "responsibilities.yaml": """\
kind: responsibilities
version: 1
responsibilities:
  - role: full_time_worker
    duties:
      - {id: patrol, name: 巡查上报, actions: [report], matters: [neighbour_dispute, elderly_visit]}
      - {id: hazards, name: 隐患排查, actions: [report], matters: [rental_safety]}
  - role: community_leader
    duties:
      - {id: dispatch, name: 分流交办, actions: [handle, dispatch], categories: [public_order]}
"""
        },
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    depth, roles = p.tier_depth, p.role_by_id
    in_mode = {Mode.NORMAL: handlers(p), Mode.EMERGENCY: emergency_handlers(p)}
    for admission in p.admissions:
        matter = p.matter_by_id.get(admission.matter)
        if matter is None or matter.id in p.excluded_matters or matter.handling_tier not in depth:
            continue  # GR201, GR505
        # an emergency-only admission is served by the emergency grants as well
        can_handle = in_mode[admission.mode]
        limit = depth[matter.handling_tier]
        able = [
            r
            for r in can_handle.get(matter.id, ())
            if r in roles and roles[r].tier in depth and depth[roles[r].tier] <= limit
        ]
        if able:
            continue
        below = sorted(r for r in can_handle.get(matter.id, ()) if r in roles and r not in able)
        lower = (
            Text(
                f"（较低层级的 {id_list(below)} 可处置，但层级不够）",
                f" ({id_list(below)} may handle it, but sit below that tier)",
            )
            if below
            else Text("", "")
        )
        yield problem_at(
            RULE,
            admission.origin,
            "matter",
            message=Text(
                f"准入事项 {matter.id}（{matter.names.zh}）的处置层级为 {matter.handling_tier}，"
                f"但该层级及以上没有角色有 handle 权限{lower.zh}",
                f"admitted matter '{matter.id}' is handled at tier '{matter.handling_tier}', but "
                f"no role at or above that tier may handle it{lower.en}",
            ),
            value=matter.id,
            hint=Text(
                f"在 {matter.handling_tier} 或更高层级某个角色的职责中加入对 {matter.id} 的 handle",
                f"give a role at '{matter.handling_tier}' or above a duty with handle on "
                f"'{matter.id}'",
            ),
        )
