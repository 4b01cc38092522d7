"""A joint party organisation covers no more grids than its type allows.

Where a grid has too few party members for its own branch, neighbouring grids
build one jointly (联合建); the 2018 branch regulations let a joint branch
cover at most five units. An organisation type's `max_joint_units` sets the
limit for grids of the tier it attaches to. Registry grids that name the same
`party_org` are counted together; a name shared by more grids than the limit
of the type attached to the first such grid's tier is reported once, at the
first grid over the limit.

网格党员不足以单独建支部时可联合建；2018 年《中国共产党支部工作条例（试行）》规定联合
党支部覆盖单位一般不超过 5 个。党组织类型的 max_joint_units 限定其挂靠层级的网格数；台账中
party_org 相同的网格合并计数，超过上限时报告一次。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.lookup import grid_nodes
from gridrules.model import Grid
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import id_list, problem_at
from gridrules.rules.example_snippets import grid_row, grids_yaml, party_yaml

_GRIDS = grids_yaml(
    grid_row(1, ", party_org: 锦官驿联合党支部"), grid_row(2, ", party_org: 锦官驿联合党支部")
)


EXAMPLES = Examples(
    passing={"party.yaml": party_yaml(", max_joint_units: 5"), "grids.yaml": _GRIDS},
    failing={"party.yaml": party_yaml(", max_joint_units: 1"), "grids.yaml": _GRIDS},
)
RULE = Rule("GR704", "joint-organisation-too-large", Level.WARNING, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    limits: dict[str, tuple[int, str]] = {}  # tier → (max_joint_units, organisation type)
    for org in p.party.organisations:
        if org.max_joint_units is not None and org.attaches_to not in limits:
            limits[org.attaches_to] = (org.max_joint_units, org.id)
    if not limits:
        return
    sharing: dict[str, list[Grid]] = {}
    for grid in grid_nodes(p):
        name = grid.party_org.strip()
        if name:
            sharing.setdefault(name, []).append(grid)
    for name, grids in sharing.items():
        limit = limits.get(grids[0].tier)
        if limit is None or len(grids) <= limit[0]:
            continue
        most, org_type = limit
        over = grids[most]
        yield problem_at(
            RULE,
            over.origin,
            "party_org",
            value=name,
            name=name,
            count=len(grids),
            grids=id_list(g.id for g in grids),
            org_type=org_type,
            most=most,
        )
