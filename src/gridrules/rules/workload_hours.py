"""A worker's scheduled duties fit in the jurisdiction's hours a month.

`settings.workload.max_hours_per_month` caps the hours a month that the duty
schedules (schedules.yaml) put on one worker: runs a month × units × minutes
÷ 60, summed over the worker's roles (the formula: docs/policy-format.md
"Duty schedules"). Reported once per grid, at the grid's registry row, with
the most-loaded worker there, the hours, and the schedule entry that weighs
most (file:line). Minutes marked `assumed: true` are assumptions and the
message says so. Xinbei's hardest grid — 500 households, 400 group rentals,
one worker — fails this way.

每名网格员的例行工作（频次 × 计量数 × 每单位分钟）每月不得超过 settings.workload.max_hours_per_month
小时。按网格报告：台账行、工作量最大的人员、工时和占比最大的例行工作条目（文件:行）。
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.problems import Level, Problem
from gridrules.rules.base import Context, Rule
from gridrules.rules.workload_common import HEAVY_EXAMPLES, grid_problem, largest, worst_by_grid
from gridrules.workload import WorkerLoad

RULE = Rule("GR850", "workload-hours", Level.ERROR, __doc__, HEAVY_EXAMPLES)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    limit = p.jurisdiction.settings.workload.max_hours_per_month

    def over(w: WorkerLoad) -> float | None:
        return w.hours if limit is not None and w.hours > limit else None

    for grid, worker in worst_by_grid(ctx, limit, over):
        schedule, part = largest(p, worker)
        words: dict[str, Any] = {
            "worker": worker.worker,
            "hours": f"{worker.hours:.1f}",
            "limit": f"{limit:g}",
        }
        yield grid_problem(
            RULE, grid, round(worker.hours, 1), schedule, largest=f"{part:.1f}", **words
        )
