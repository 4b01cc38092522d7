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
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import SEMICOLON, both, listed
from gridrules.rules.example_snippets import responsibilities_yaml

_RENTALS = (
    "  - role: street_cadre\n    duties:\n"
    "      - {id: rentals, name: 出租房屋整治, actions: [handle], matters: [rental_safety]}\n"
)
_FAILING = responsibilities_yaml("report, handle", "public_order", _RENTALS)
EXAMPLES = Examples.of(
    "responsibilities.yaml",
    responsibilities_yaml("report, handle", "public_order, livelihood", _RENTALS),
    _FAILING.replace("neighbour_dispute, elderly_visit", "neighbour_dispute"),
)
RULE = Rule("GR610", "coverage-gap", Level.ERROR, __doc__, EXAMPLES)


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
        also = [RULE.text("fix_at", location=f.location, fix=f.text) for f in others]
        yield RULE.problem(
            first.location,
            RULE.text(
                "message", gap=both(gap.message), line=" → ".join(gap.tiers), mode=gap.mode.value
            ),
            value=gap.matter,
            hint=RULE.text("hint", fix=first.text, also=listed(also, SEMICOLON))
            if also
            else first.text,
        )
