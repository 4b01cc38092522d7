"""Shared pieces of the workload rules (GR850–GR853): examples and the schedule an hour comes from."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Any

from gridrules.catalogue import msg
from gridrules.model import Grid, Policy, Schedule
from gridrules.problems import Problem
from gridrules.rules.base import Context, Examples, Rule
from gridrules.rules.common import problem_at
from gridrules.rules.example_snippets import jurisdiction_yaml
from gridrules.workload import WorkerLoad, workload_of

SCHEDULES_OK = """\
kind: schedules
version: 1
schedules:
  - id: monthly_visit
    name: 每月入户走访
    role: full_time_worker
    duty: patrol
    frequency: monthly
    per: households
    minutes: 10
    door_to_door: true
    assumed: true
    note: 来源只给出频次，每户 10 分钟为假设
  - id: weekly_forms
    name: 每周报表
    role: full_time_worker
    frequency: weekly
    per: fixed
    minutes: 60
    field: false
    assumed: true
"""

SCHEDULES_HEAVY = SCHEDULES_OK.replace("minutes: 10", "minutes: 25")
SCHEDULES_DESK = SCHEDULES_OK.replace("frequency: weekly", "frequency: daily").replace(
    "minutes: 60", "minutes: 180"
)

JURISDICTION = jurisdiction_yaml(
    'settings:\n  supervision_hotline: "12345"\n  workload:\n'
    "    max_hours_per_month: 150\n    min_field_share: 0.5\n    door_to_door_hours: 100\n"
    "    source: 示例\n"
)


def workload_examples(failing: str) -> Examples:
    """The example jurisdiction with its workload limits, and schedules that keep or break them."""
    return Examples.of("schedules.yaml", SCHEDULES_OK, failing, {"jurisdiction.yaml": JURISDICTION})


HEAVY_EXAMPLES = workload_examples(SCHEDULES_HEAVY)  # too many hours (GR850, GR852)
DESK_EXAMPLES = workload_examples(SCHEDULES_DESK)  # too little field work (GR851)


def largest(
    policy: Policy, load: WorkerLoad, among: Callable[[Schedule], bool] = lambda _: True
) -> tuple[Schedule | None, float]:
    """The schedule (of those `among` allows) that contributes most to a worker's month, and its hours."""
    by_id = {s.id: s for s in reversed(policy.schedules) if among(s)}
    items = [i for i in load.items if i.schedule in by_id]
    if not items:
        return None, 0.0
    top = max(items, key=lambda i: i.hours)
    return by_id[top.schedule], top.hours


def worker_loads(ctx: Context, limit: float | None) -> tuple[WorkerLoad, ...]:
    """Every worker's month, when `limit` is set and there are schedules and workers to weigh."""
    p = ctx.policy
    if limit is None or not p.schedules or not p.workers:
        return ()
    return workload_of(p, ctx.today).workers


def worst_by_grid(
    ctx: Context, limit: float | None, badness: Callable[[WorkerLoad], float | None]
) -> Iterator[tuple[Grid, WorkerLoad]]:
    """When `limit` is set: each registered grid's worker load with the highest badness
    (None: not at fault)."""
    worst: dict[str, tuple[float, WorkerLoad]] = {}
    for load in worker_loads(ctx, limit):
        bad = badness(load)
        if bad is not None and (load.grid not in worst or bad > worst[load.grid][0]):
            worst[load.grid] = (bad, load)
    for gid, (_, load) in worst.items():
        grid = ctx.policy.grid_by_id.get(gid)
        if grid is not None:
            yield grid, load


def where(schedule: Schedule | None) -> str:
    """'schedules.yaml:12:5' for a message; '' without a schedule."""
    return str(schedule.origin.location) if schedule is not None else ""


def grid_problem(
    rule: Rule, grid: Grid, value: float, schedule: Schedule | None, **params: Any
) -> Problem:
    """A workload finding at the grid's id, naming the schedule that weighs most.

    Fills `{grid}`, `{grid_name}`, `{schedule}`, `{at}` (the schedule's position)
    and `{assumed}` (a note when its minutes are an assumption).
    """
    assumed = schedule is not None and schedule.assumed
    return problem_at(
        rule,
        grid.origin,
        "id",
        value=value,
        grid=grid,
        schedule=schedule.id if schedule is not None else "",
        at=where(schedule),
        assumed=msg("rules.workload_common.assumed") if assumed else "",
        **params,
    )
