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
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import admitted_matters, id_list, problem_at
from gridrules.rules.example_snippets import responsibilities_yaml

EXAMPLES = Examples.of(
    "responsibilities.yaml",
    responsibilities_yaml("report", "public_order, livelihood"),
    responsibilities_yaml("report", "public_order"),
)
RULE = Rule("GR601", "matter-unhandled", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    depth, roles = p.tier_depth, p.role_by_id
    in_mode = {Mode.NORMAL: handlers(p), Mode.EMERGENCY: emergency_handlers(p)}
    for admission, matter in admitted_matters(p):
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
        lower = RULE.text("lower", roles=id_list(below)) if below else ""
        yield problem_at(
            RULE,
            admission.origin,
            "matter",
            value=matter.id,
            matter=matter,
            tier=matter.handling_tier,
            lower=lower,
        )
