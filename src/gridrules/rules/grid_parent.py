"""A registry node's parent is a node of its tier's parent tier, and parent links end.

The registry mirrors the tier tree: a micro grid's parent is a general grid,
a general grid's a community. A node of the top tier has `parent: null`, or a
parent code that is not in this registry (a district's registry may start at
its own node, whose parent lives in the city's registry); so may a node at the
jurisdiction's own administrative level. Any other node needs a parent, of
exactly its tier's parent tier. Parent links that come back to a node they
passed form a cycle, reported once. An undefined parent code is GR201's.

台账节点的上级必须是其层级的上级层级的节点（微网格的上级是一般网格，一般网格的上级是
社区）。最高层级节点（以及本辖区自身层级的节点）上级为空或不在本台账内；其他节点必须有
上级。上级链成环时报告一次。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.lookup import may_start_registry, registry_cycles
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import at_field, grids_with_tiers, parent_of
from gridrules.rules.example_snippets import grid_row, grids_yaml

EXAMPLES = Examples.of(
    "grids.yaml",
    grids_yaml(grid_row(1), grid_row(2)),
    grids_yaml(grid_row(1), grid_row(2, parent="S01C01G01")),
)
RULE = Rule("GR303", "grid-parent", Level.ERROR, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    for grid, tier in grids_with_tiers(p):
        parent = parent_of(p, grid)
        words: dict[str, Any] = {"grid": grid, "tier": tier.id, "above": tier.parent}
        if tier.parent is None:
            if parent is not None:
                yield at_field(
                    RULE, grid, "parent", part="top_has_parent", parent=parent.id, **words
                )
        elif parent is None:
            # no parent written; a code written but not in the registry is GR201's
            if grid.parent is None and not may_start_registry(p, grid):
                yield at_field(RULE, grid, "parent", part="no_parent", **words)
        elif parent.tier != tier.parent:
            named = {"parent": parent, "parent_tier": parent.tier}
            yield at_field(RULE, grid, "parent", part="wrong_tier", **named, **words)
    for cycle in registry_cycles(p):
        first = cycle[0]
        ring = " → ".join(g.id for g in (*cycle, first))
        yield at_field(RULE, first, "parent", part="cycle", ring=ring)
