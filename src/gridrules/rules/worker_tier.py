"""A worker's role sits at the tier of the grid the worker is assigned to.

Each role belongs to a tier (a community grid leader to the community master
grid, a full-time grid worker to the general grid). A worker assigned to a
node of another tier holds the role in the wrong place: a grid leader listed
under one general grid, a grid worker listed under the community. Usually a
roster slip, sometimes a deliberate posting, hence a warning. A worker who
holds roles of several tiers is warned once per role that does not fit.

每个角色属于一个层级。人员所在节点的层级与其角色的层级不同（如社区网格长登记在某个一般
网格下），多为名册填写错误，给出警告。
"""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at, workers_with_grids
from gridrules.rules.example_snippets import LEADER, roster_yaml, worker_row

EXAMPLES = Examples.of(
    "roster.yaml",
    roster_yaml(worker_row(1, roles="full_time_worker, grid_party_member"), worker_row(2), LEADER),
    roster_yaml(
        worker_row(1), worker_row(2), worker_row(3, ", two_committees: true", grid="S01C01G01")
    ),
)
RULE = Rule("GR404", "worker-tier", Level.WARNING, __doc__, EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    roles = ctx.policy.role_by_id
    for worker, grid in workers_with_grids(ctx.policy):
        for k, role_id in enumerate(worker.roles):
            role = roles.get(role_id)
            if role is None or role.tier == grid.tier:
                continue
            yield problem_at(
                RULE,
                worker.origin,
                "roles",
                k,
                value=role_id,
                worker=worker,
                role=role.id,
                role_tier=role.tier,
                grid=grid,
                grid_tier=grid.tier,
            )
