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
from typing import Any

from gridrules.lookup import workers_by_grid
from gridrules.model import Grid, Policy, Staffing, Tier, Worker
from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import grids_with_tiers, id_list, problem_at
from gridrules.rules.example_snippets import LEADER, roster_yaml, worker_row

EXAMPLES = Examples.of(
    "roster.yaml",
    roster_yaml(worker_row(1), worker_row(2), LEADER),
    roster_yaml(worker_row(1), worker_row(2, grid="S01C01G01"), LEADER),
)
RULE = Rule("GR401", "staffing", Level.ERROR, __doc__, EXAMPLES)


def holders(workers: tuple[Worker, ...], staffing: Staffing) -> int:
    """How many of a grid's workers hold at least one role that counts."""
    counted = staffing.roles
    return sum(1 for w in workers if any(r in counted for r in w.roles))


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    for grid, tier, rule, have in staffed(ctx.policy):
        if have < rule.min_per_grid:
            yield shortfall(RULE, grid, rule, rule.min_per_grid, have, value=grid.id, tier=tier.id)


def staffed(policy: Policy) -> Iterator[tuple[Grid, Tier, Staffing, int]]:
    """With a roster: each grid, each staffing rule of its tier, and how many workers count for it."""
    if not policy.workers:
        return
    assigned = workers_by_grid(policy)
    for grid, tier in grids_with_tiers(policy):
        for rule in tier.staffing:
            yield grid, tier, rule, holders(assigned.get(grid.id, ()), rule)


def shortfall(
    rule: Rule, grid: Grid, staffing: Staffing, need: int, have: int, **words: Any
) -> Problem:
    """A grid with `have` of the `need` workers a staffing rule counts, at its id.

    Fills `{grid}`, `{grid_name}`, `{roles}`, `{need}`, `{have}` and `{missing}`.
    """
    roles = id_list(staffing.roles)
    counts: dict[str, Any] = {"need": need, "have": have, "missing": need - have}
    return problem_at(rule, grid.origin, "id", grid=grid, roles=roles, **counts, **words)
