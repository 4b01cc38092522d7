"""Every registry grid names its party organisation, when coverage requires it.

Grids are drawn by territory while party organisations follow where members
are, so coverage has gaps (a known defect). With
`coverage.every_grid_has_organisation`, each registry node of a grid tier
must name its party organisation in `party_org` (a branch, or a joint branch
shared with neighbouring grids). Every grid without one is reported; the check
is one pass over the registry.

网格按地域划分，党组织按党员所在设置，覆盖常有空白。开启 every_grid_has_organisation 时，
台账中每个网格都须在 party_org 中写明所属党组织（可为联合党支部）。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.lookup import grid_nodes
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field
from gridrules.rules.example_snippets import grid_row, grids_yaml, party_yaml

_PARTY = party_yaml(tail="coverage:\n  every_grid_has_organisation: true\n")


EXAMPLES = Examples(
    passing={
        "party.yaml": _PARTY,
        "grids.yaml": grids_yaml(
            grid_row(1, ", party_org: 第一网格党支部"),
            grid_row(2, ", party_org: 第二网格党支部"),
            community=", party_org: 锦官驿社区党委",
        ),
    },
    failing={"party.yaml": _PARTY},
)
RULE = Rule("GR703", "grid-party-organisation", Level.WARNING, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    if not ctx.policy.party.coverage.every_grid_has_organisation:
        return
    for grid in grid_nodes(ctx.policy):
        if not grid.party_org.strip():
            yield at_field(RULE, grid, "party_org", grid=grid)
