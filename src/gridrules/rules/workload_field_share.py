"""Workers spend at least the jurisdiction's share of their time in the field.

Jianggan district answered "half the time on forms" with a rule: at least 50%
of a full-time social worker's working time goes to visits and patrols.
`settings.workload.min_field_share` (0–1) states it; `field_share_roles`
limits it to some roles (default: every worker with scheduled duties). The
field share is the hours of schedules with `field: true` (the default) over
all scheduled hours. Reported once per grid, at the registry row, with the
worker whose share is lowest and the desk schedule that weighs most.

江干区：专职社工 50% 以上工作时间用于走访服务、开展巡查。settings.workload.min_field_share
给出最低外勤占比；外勤占比 = 外勤例行工作工时 ÷ 全部例行工作工时。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Rule
from gridrules.rules.workload_common import DESK_EXAMPLES, grid_problem, largest, worst_by_grid
from gridrules.workload import WorkerLoad

RULE = Rule("GR851", "workload-field-share", Level.ERROR, __doc__, DESK_EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    share = p.jurisdiction.settings.workload.min_field_share
    roles = set(p.jurisdiction.settings.workload.field_share_roles)

    def shortfall(w: WorkerLoad) -> float | None:
        got = w.field_share
        if (
            share is None
            or (roles and not roles.intersection(w.roles))
            or got is None
            or got >= share
        ):
            return None
        return -got

    for grid, w in worst_by_grid(ctx, share, shortfall):
        schedule, _ = largest(p, w, lambda s: not s.field)
        got = w.field_share or 0.0
        hours: dict[str, Any] = {
            "field": f"{w.field_hours:.1f}",
            "desk": f"{w.hours - w.field_hours:.1f}",
        }
        shares: dict[str, Any] = {"got": f"{got:.0%}", "share": f"{share:.0%}"}
        yield grid_problem(RULE, grid, round(got, 3), schedule, worker=w.worker, **hours, **shares)
