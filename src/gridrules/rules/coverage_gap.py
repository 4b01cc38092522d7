"""Every admitted matter can be reported and handled from every leaf grid.

Events happen in the smallest cells of the registry — micro grids, unit
cells, dedicated grids — not on a worker's desk. For every leaf node of the
registry and every matter admitted to the grids today (and every matter
admitted only during an emergency, in emergency mode), some role of the grid
or community bodies present there (a role at a protected tier) must be able to
report it (or settle it on the spot), and some role on the route from there —
departments included — must be able to handle it at or above its handling
tier. A
role is present at a leaf when its holders reach it: a role at a tier on the
leaf's line of registry ancestors (scope `own_grid` or `subtree`), at the
leaf's own tier (`node`), or anywhere (`jurisdiction`). The check is exhaustive
over the registry (leaves with the same line of tiers are judged once) and is
what `gridrules coverage` reports in full. One problem is reported per matter
and line of tiers, at the duty list that would close the gap.

“小事不出格”：事情发生在最小的网格单元（微网格、单元格、专属网格）。对网格台账中的每个末端网格和
当日准入的每个事项（应急模式下另查仅在应急期间准入的事项），须有在该处履职的角色能够上报（或就地
处置），并有上报路线上的角色能在处置层级或更高层级处置。按末端网格的层级链分组逐一判断，覆盖整个
台账；完整清单见 gridrules coverage。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.lookup import handlers
from gridrules.model import Policy
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule

_RESPONSIBILITIES = """\
kind: responsibilities
version: 1
responsibilities:
  - role: full_time_worker
    duties:
      - {id: patrol, name: 巡查上报, actions: [report, handle], matters: [neighbour_dispute, elderly_visit]}
      - {id: hazards, name: 隐患排查, actions: [report], matters: [rental_safety]}
  - role: community_leader
    duties:
      - {id: dispatch, name: 分流交办, actions: [handle, dispatch], categories: [{categories}]}
  - role: street_cadre
    duties:
      - {id: rentals, name: 出租房屋整治, actions: [handle], matters: [rental_safety]}
"""

RULE = Rule(
    "GR610",
    "coverage-gap",
    Level.ERROR,
    Text(
        "有末端网格无法上报或处置某项准入事项",
        "an admitted matter cannot be reported or handled from some leaf grids",
    ),
    doc=__doc__ or "",
    examples=Examples(
        passing={
            "responsibilities.yaml": _RESPONSIBILITIES.replace(
                "{categories}", "public_order, livelihood"
            )
        },
        failing={
            # nobody at the grid or the community may take up an elderly visit
            "responsibilities.yaml": _RESPONSIBILITIES.replace(
                "{categories}", "public_order"
            ).replace("neighbour_dispute, elderly_visit", "neighbour_dispute")
        },
    ),
)


def _handled_nowhere(p: Policy) -> set[str]:
    """Matters no role may handle in normal mode at or above their handling tier (GR601's)."""
    depth, roles, able = p.tier_depth, p.role_by_id, handlers(p)
    out = set()
    for matter in p.matters:
        limit = depth.get(matter.handling_tier)
        if limit is None or not any(
            r in roles and depth.get(roles[r].tier, limit + 1) <= limit
            for r in able.get(matter.id, ())
        ):
            out.add(matter.id)
    return out


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    from gridrules.coverage import coverage  # compile sits above the rules' lookup library

    p = ctx.policy
    if not p.grids:
        return
    result = coverage(p, at=ctx.today)
    unhandled = _handled_nowhere(p)
    tops = {t.id for t in p.tiers if t.parent is None or t.parent not in p.tier_by_id}
    for gap in result.gaps:
        if gap.tiers[-1] not in tops:
            continue  # the registry line is broken (GR201, GR303 say where)
        if gap.kind == "handle" and gap.matter in unhandled:
            continue  # no role may handle it anywhere: GR601 reports it once
        first, *others = gap.fixes
        also = "；".join(f"{f.location}（{f.text.zh}）" for f in others)
        also_en = "; ".join(f"{f.location} ({f.text.en})" for f in others)
        line = " → ".join(gap.tiers)
        yield RULE.problem(
            first.location,
            Text(
                f"{gap.message('zh')}（层级链 {line}，{gap.mode.value} 模式）",
                f"{gap.message('en')} (tier line {line}, {gap.mode.value} mode)",
            ),
            value=gap.matter,
            hint=Text(
                first.text.zh + (f"；另见 {also}" if also else ""),
                first.text.en + (f"; see also {also_en}" if also_en else ""),
            ),
        )
