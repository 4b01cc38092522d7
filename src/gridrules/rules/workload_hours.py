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

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.workload_common import (
    JURISDICTION,
    SCHEDULES_HEAVY,
    SCHEDULES_OK,
    assumed_note,
    largest,
    where,
)
from gridrules.workload import workload_of

RULE = Rule(
    "GR850",
    "workload-hours",
    Level.ERROR,
    Text("网格员每月例行工作超过工时上限", "a worker's scheduled duties exceed the monthly hours"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"jurisdiction.yaml": JURISDICTION, "schedules.yaml": SCHEDULES_OK},
        failing={"jurisdiction.yaml": JURISDICTION, "schedules.yaml": SCHEDULES_HEAVY},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    limit = p.jurisdiction.settings.workload.max_hours_per_month
    if limit is None or not p.schedules or not p.workers:
        return
    load = workload_of(p, ctx.today)
    top: dict[str, tuple[float, int]] = {}
    for i, w in enumerate(load.workers):
        if w.hours > limit and (w.grid not in top or w.hours > top[w.grid][0]):
            top[w.grid] = (w.hours, i)
    for gid, (hours, i) in top.items():
        grid = p.grid_by_id.get(gid)
        if grid is None:
            continue
        worker = load.workers[i]
        schedule, part = largest(p, worker)
        zh, en = assumed_note(schedule)
        sid = schedule.id if schedule is not None else ""
        yield problem_at(
            RULE,
            grid.origin,
            "id",
            message=Text(
                f"网格 {gid}（{grid.name}）网格员 {worker.worker} 每月例行工作 {hours:.1f} 小时，"
                f"超过上限 {limit:g} 小时；最大一项 {sid} {part:.1f} 小时{zh}（{where(schedule)}）",
                f"grid {gid} ({grid.name}): worker {worker.worker} carries {hours:.1f} h/month of "
                f"scheduled duties, above the limit of {limit:g} h; the largest, {sid}, is "
                f"{part:.1f} h{en} ({where(schedule)})",
            ),
            value=round(hours, 1),
            hint=Text(
                "增配人员、拆分网格，或减少下沉到网格的例行工作",
                "assign more workers, split the grid, or take duties off the grid",
            ),
        )
