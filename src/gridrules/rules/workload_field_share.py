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

from gridrules.problems import Level, Problem, Text
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.workload_common import JURISDICTION, SCHEDULES_DESK, SCHEDULES_OK, where
from gridrules.workload import WorkerLoad, workload_of

RULE = Rule(
    "GR851",
    "workload-field-share",
    Level.ERROR,
    Text("外勤时间占比低于规定", "field time below the required share"),
    doc=__doc__ or "",
    examples=Examples(
        passing={"jurisdiction.yaml": JURISDICTION, "schedules.yaml": SCHEDULES_OK},
        failing={"jurisdiction.yaml": JURISDICTION, "schedules.yaml": SCHEDULES_DESK},
    ),
)


@RULE.check
def check(ctx: Context) -> Iterator[Problem]:
    p = ctx.policy
    limits = p.jurisdiction.settings.workload
    share = limits.min_field_share
    if share is None or not p.schedules or not p.workers:
        return
    roles = set(limits.field_share_roles)
    load = workload_of(p, ctx.today)
    low: dict[str, WorkerLoad] = {}
    for w in load.workers:
        if roles and not roles.intersection(w.roles):
            continue
        got = w.field_share
        if got is None or got >= share:
            continue
        if w.grid not in low or got < (low[w.grid].field_share or 0.0):
            low[w.grid] = w
    desk = {s.id: s for s in p.schedules if not s.field}
    for gid, w in low.items():
        grid = p.grid_by_id.get(gid)
        if grid is None:
            continue
        items = [i for i in w.items if i.schedule in desk]
        top = max(items, key=lambda i: i.hours) if items else None
        schedule = desk[top.schedule] if top is not None else None
        sid = schedule.id if schedule is not None else ""
        got = w.field_share or 0.0
        desk_hours = w.hours - w.field_hours
        yield problem_at(
            RULE,
            grid.origin,
            "id",
            message=Text(
                f"网格 {gid}（{grid.name}）网格员 {w.worker} 外勤 {w.field_hours:.1f} 小时、"
                f"案头 {desk_hours:.1f} 小时，外勤占比 {got:.0%}，低于 {share:.0%}；"
                f"案头最大一项 {sid}（{where(schedule)}）",
                f"grid {gid} ({grid.name}): worker {w.worker} has {w.field_hours:.1f} h field and "
                f"{desk_hours:.1f} h desk work a month, a field share of {got:.0%}, below "
                f"{share:.0%}; the largest desk duty is {sid} ({where(schedule)})",
            ),
            value=round(got, 3),
            hint=Text(
                "精简报表和案头工作（减负清单），或将其移出网格",
                "cut forms and desk work (the burden-reduction list), or move it off the grid",
            ),
        )
