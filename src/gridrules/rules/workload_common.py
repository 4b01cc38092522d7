"""Shared pieces of the workload rules (GR850–GR853): examples and the schedule an hour comes from."""

from __future__ import annotations

from gridrules.model import Policy, Schedule
from gridrules.workload import WorkerLoad

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

JURISDICTION = """\
kind: jurisdiction
version: 1
id: example
name: 示例街道
level: street
character: urban
settings:
  supervision_hotline: "12345"
  workload:
    max_hours_per_month: 150
    min_field_share: 0.5
    door_to_door_hours: 100
    source: 示例
"""


def largest(policy: Policy, load: WorkerLoad) -> tuple[Schedule | None, float]:
    """The schedule that contributes most to a worker's month, and its hours."""
    if not load.items:
        return None, 0.0
    top = max(load.items, key=lambda i: i.hours)
    found = next((s for s in policy.schedules if s.id == top.schedule), None)
    return found, top.hours


def where(schedule: Schedule | None) -> str:
    """'schedules.yaml:12:5' for a message; '' without a schedule."""
    return str(schedule.origin.location) if schedule is not None else ""


def assumed_note(schedule: Schedule | None) -> tuple[str, str]:
    if schedule is not None and schedule.assumed:
        return "（用时为假设值）", " (minutes assumed)"
    return "", ""
