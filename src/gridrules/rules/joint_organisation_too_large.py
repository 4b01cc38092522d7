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

from gridrules.lookup import grid_tiers
from gridrules.model import Grid
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import id_list, problem_at
from gridrules.rules.example_snippets import grid_row, grids_yaml, party_yaml

_GRIDS = grids_yaml(
    grid_row(1, ", party_org: 锦官驿联合党支部"), grid_row(2, ", party_org: 锦官驿联合党支部")
)


RULE = Rule(
    "GR704",
    "joint-organisation-too-large",
    Level.WARNING,
    Text("联合党组织覆盖的网格过多", "joint party organisation covers too many grids"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"party.yaml": party_yaml(", max_joint_units: 5"), "grids.yaml": _GRIDS},
        failing={"party.yaml": party_yaml(", max_joint_units: 1"), "grids.yaml": _GRIDS},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    limits: dict[str, tuple[int, str]] = {}  # tier → (max_joint_units, organisation type)
    for org in p.party.organisations:
        if org.max_joint_units is not None and org.attaches_to not in limits:
            limits[org.attaches_to] = (org.max_joint_units, org.id)
    if not limits:
        return
    tiers = grid_tiers(p)
    sharing: dict[str, list[Grid]] = {}
    for grid in p.grids:
        name = grid.party_org.strip()
        if name and grid.tier in tiers:
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
            message=Text(
                f"党组织 “{name}” 覆盖 {len(grids)} 个网格（{id_list(g.id for g in grids)}），"
                f"超过 {org_type} 联合建的上限 {most} 个",
                f"party organisation '{name}' covers {len(grids)} grids "
                f"({id_list(g.id for g in grids)}), more than the {most} a joint "
                f"'{org_type}' may cover",
            ),
            value=name,
            hint=Text(
                "拆分为多个党支部，或按党员所在重新划分",
                "split it into several branches, or regroup the grids by where members are",
            ),
        )
