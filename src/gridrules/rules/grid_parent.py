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

from gridrules.lookup import may_start_registry, registry_cycles
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import grid_row, grids_yaml

RULE = Rule(
    "GR303",
    "grid-parent",
    Level.ERROR,
    Text("台账节点的上级与层级结构不符", "registry parent does not match the tier tree"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"grids.yaml": grids_yaml(grid_row(1), grid_row(2))},
        failing={"grids.yaml": grids_yaml(grid_row(1), grid_row(2, parent="S01C01G01"))},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    tiers, nodes = p.tier_by_id, p.grid_by_id
    for grid in p.grids:
        tier = tiers.get(grid.tier)
        if tier is None:
            continue  # GR201
        parent = nodes.get(grid.parent) if grid.parent is not None else None
        if tier.parent is None:
            if parent is not None:
                yield problem_at(
                    RULE,
                    grid.origin,
                    "parent",
                    message=Text(
                        f"{grid.id}（{grid.name}）属最高层级 {tier.id}，不应有上级，"
                        f"却以 {parent.id} 为上级",
                        f"{grid.id} ({grid.name}) is of the top tier '{tier.id}' but has "
                        f"parent {parent.id}",
                    ),
                    value=grid.parent,
                    hint=Text("最高层级节点写 parent: null", "top-tier nodes have parent: null"),
                )
            continue
        if parent is None:
            if grid.parent is None and not may_start_registry(p, grid):
                yield problem_at(
                    RULE,
                    grid.origin,
                    "parent",
                    message=Text(
                        f"{grid.id}（{grid.name}）属层级 {tier.id}，须有 {tier.parent} 层级的上级节点",
                        f"{grid.id} ({grid.name}) of tier '{tier.id}' needs a parent node of "
                        f"tier '{tier.parent}'",
                    ),
                    value=None,
                    hint=Text(
                        f"填写所属 {tier.parent} 节点的编码",
                        f"give the code of the '{tier.parent}' node it belongs to",
                    ),
                )
            continue  # an undefined parent code: GR201
        if parent.tier != tier.parent:
            yield problem_at(
                RULE,
                grid.origin,
                "parent",
                message=Text(
                    f"{grid.id}（{grid.name}）属层级 {tier.id}，上级应为 {tier.parent} 层级节点，"
                    f"但 {parent.id}（{parent.name}）属 {parent.tier}",
                    f"{grid.id} ({grid.name}) of tier '{tier.id}' needs a parent of tier "
                    f"'{tier.parent}', but {parent.id} ({parent.name}) is of tier '{parent.tier}'",
                ),
                value=grid.parent,
                hint=Text(
                    f"改为所属 {tier.parent} 节点的编码，或改正本节点的层级",
                    f"name the '{tier.parent}' node it belongs to, or correct this node's tier",
                ),
            )
    for cycle in registry_cycles(p):
        first = cycle[0]
        ring = " → ".join(g.id for g in (*cycle, first))
        yield problem_at(
            RULE,
            first.origin,
            "parent",
            message=Text(f"台账上级链成环：{ring}", f"registry parents form a cycle: {ring}"),
            value=first.parent,
            hint=Text(
                "每个节点的上级须是更高层级的节点",
                "each node's parent must be a node of a higher tier",
            ),
        )
