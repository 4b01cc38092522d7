"""Every grid has at least the workers its tier's staffing rule requires.

A tier's `staffing` rule (or each of its rules: T city wants 1 grid leader and
at least 1 grid worker per grid) names the roles that count and `min_per_grid` (一格一员或
多员: one or more per grid). Checked only when the jurisdiction has a roster:
each registry node of the tier needs that many roster workers assigned to it
(`grid` = its code) who hold at least one of the counted roles; a worker
holding two counted roles counts once. Extra workers for hard grids are
GR402's.

层级的人员配备规则列出计入的角色和每格最少人数（一格一员或多员）。有人员名册时检查：该
层级每个台账节点须有不少于该人数、持有计入角色之一、分配到该节点的人员。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.lookup import workers_by_grid
from gridrules.model import Staffing, Worker
from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import id_list, problem_at
from gridrules.rules.example_snippets import LEADER, roster_yaml, worker_row

RULE = Rule(
    "GR401",
    "staffing",
    Level.ERROR,
    Text("网格人员配备不足", "grid has fewer workers than its tier requires"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"roster.yaml": roster_yaml(worker_row(1), worker_row(2), LEADER)},
        failing={
            "roster.yaml": roster_yaml(worker_row(1), worker_row(2, grid="S01C01G01"), LEADER)
        },
    ),
)


def holders(workers: tuple[Worker, ...], staffing: Staffing) -> int:
    """How many of a grid's workers hold at least one role that counts."""
    counted = staffing.roles
    return sum(1 for w in workers if any(r in counted for r in w.roles))


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    if not p.workers:
        return
    tiers, assigned = p.tier_by_id, workers_by_grid(p)
    for grid in p.grids:
        tier = tiers.get(grid.tier)
        if tier is None:
            continue
        for rule in tier.staffing:
            need = rule.min_per_grid
            have = holders(assigned.get(grid.id, ()), rule)
            if have >= need:
                continue
            roles = id_list(rule.roles)
            yield problem_at(
                RULE,
                grid.origin,
                "id",
                message=Text(
                    f"网格 {grid.id}（{grid.name}）有 {have} 名 {roles}，层级 {tier.id} 要求至少 {need} 名",
                    f"grid {grid.id} ({grid.name}) has {have} worker(s) holding {roles}; "
                    f"tier '{tier.id}' requires at least {need}",
                ),
                value=grid.id,
                hint=Text(
                    f"在名册中为 {grid.id} 分配 {need - have} 名 {roles}",
                    f"assign {need - have} more {roles} to {grid.id} in the roster",
                ),
            )
