"""Party and grid posts cross (双向进入、交叉任职): the required holder is in every node.

000 asks for "two-way entry, cross-appointment" between party organisations and grid
posts, e.g. the community party secretary is the community's grid leader. A
`cross_appointment` entry in party.yaml names a tier, the grid posts (roles) and what
their holder must also be (`party_member`, `two_committees`); every registry node of
the tier needs at least one roster worker holding one of those roles who meets every
condition. Reported at the node's row; nodes with no holder of the roles at all are
left to staffing (GR401).

双向进入、交叉任职：party.yaml 的 cross_appointment 写明层级、网格职务（角色）及任职者须
满足的条件（党员、两委成员）；该层级每个台账节点至少有一名担任该职务且满足全部条件的人员。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.catalogue import msg
from gridrules.lookup import workers_by_grid
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field, listed
from gridrules.rules.example_snippets import party_yaml, phoned_roster, worker_row

CONDITIONS = {
    "party_member": msg("rules.GR714.party_member"),
    "two_committees": msg("rules.GR714.two_committees"),
}


_PARTY = party_yaml(
    tail="cross_appointment:\n  - {id: leader_in_committee, name: 社区负责人由两委成员担任, "
    "tier: community, roles: [community_leader], requires: [two_committees]}\n"
)
EXAMPLES = Examples.of(
    "roster.yaml",
    phoned_roster(worker_row(3, ", two_committees: true")),
    phoned_roster(worker_row(3, ", two_committees: false")),
    {"party.yaml": _PARTY},
)
RULE = Rule("GR714", "cross-appointment", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    if not p.party.cross_appointments or not p.workers:
        return
    by_grid = workers_by_grid(p)
    for rule in p.party.cross_appointments:
        roles = set(rule.roles)
        needs = listed((CONDITIONS[c] for c in rule.requires if c in CONDITIONS), RULE.text("and"))
        for grid in p.grids:
            if grid.tier != rule.tier:
                continue
            holders = [w for w in by_grid.get(grid.id, ()) if roles.intersection(w.roles)]
            if not holders:
                continue  # no holder at all: staffing's (GR401)
            if any(all(w.attribute(c) for c in rule.requires) for w in holders):
                continue
            names = listed(f"{w.id} {w.name}" for w in holders[:5])[0]  # Chinese names: 、 in both
            post: dict[str, Any] = {"post": (rule.names.zh, rule.id), "roles": "/".join(rule.roles)}
            yield at_field(RULE, grid, "id", grid=grid, names=names, needs=needs, **post)
