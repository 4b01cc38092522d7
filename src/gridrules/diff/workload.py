"""The workload section of a diff: what a change costs the people who must do it, in hours a month.

Each side is reduced to plain data (`WorkloadSide`): per role, the roster's
holders and the hours the role's schedules put on them; per schedule, its
role, hours in total and whether it is active (a schedule naming matters counts
only while one of them is admitted — so admitting a matter switches its
schedules on). The diff gives, per role, the mean hours a month per holder
before and after, and per schedule the change in hours for each holder:
"admitting matter X adds 3.2 h/month for each of 2,741 full-time workers".
`gridrules diff --max-burden-increase H` exits 1 when a role's mean rises by
more than H hours a month.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

from gridrules.catalogue import msg, section
from gridrules.lang import separator
from gridrules.model import Policy
from gridrules.workload import workload_of


@dataclass(frozen=True, slots=True)
class Schedule:
    """What a schedule is, on either side and in the diff: whose work, on which matters."""

    role: str
    matters: tuple[str, ...]
    assumed: bool  # its minutes are assumptions
    names: tuple[str, str]


@dataclass(frozen=True, slots=True)
class ScheduleSide(Schedule):
    hours: float  # all holders together
    active: bool


@dataclass(frozen=True, slots=True)
class WorkloadSide:
    holders: Mapping[str, int]  # role → workers in the roster holding it
    hours: Mapping[str, float]  # role → hours a month of its schedules, all holders together
    schedules: Mapping[str, ScheduleSide]


@dataclass(frozen=True, slots=True)
class RoleBurden:
    role: str
    workers: int  # holders on the new side (old side when the role is gone)
    before: float  # mean hours a month per holder
    after: float

    @property
    def delta(self) -> float:
        return self.after - self.before


@dataclass(frozen=True, slots=True)
class ScheduleBurden(Schedule):
    schedule: str
    change: str  # added, removed, activated, deactivated, changed
    per_worker: float  # hours a month per holder of the role (new side's holders)
    total: float  # hours a month, all holders together
    workers: int


@dataclass(frozen=True, slots=True)
class WorkloadDiff:
    roles: tuple[RoleBurden, ...]  # roles whose mean changed
    schedules: tuple[ScheduleBurden, ...]  # schedules whose hours changed
    total: float  # hours a month, every worker together

    @property
    def empty(self) -> bool:
        return not self.roles and not self.schedules

    @property
    def max_increase(self) -> float:
        """The largest rise in a role's mean hours a month per holder (0 when none rose)."""
        return max((r.delta for r in self.roles), default=0.0)


def workload_side(policy: Policy, at: dt.date) -> WorkloadSide:
    load = workload_of(policy, at)
    holders: dict[str, int] = {}
    for w in policy.workers:
        for role in w.roles:
            holders[role] = holders.get(role, 0) + 1
    hours: dict[str, float] = {}
    per_schedule: dict[str, float] = {}
    for each in load.workers:
        for item in each.items:
            hours[item.role] = hours.get(item.role, 0.0) + item.hours
            per_schedule[item.schedule] = per_schedule.get(item.schedule, 0.0) + item.hours
    active = {s.id for s in load.schedules}
    schedules = {
        s.id: ScheduleSide(
            s.role,
            s.matters,
            s.assumed,
            (s.names.zh, s.names.en or s.names.zh),
            hours=per_schedule.get(s.id, 0.0),
            active=s.id in active,
        )
        for s in policy.schedules
    }
    return WorkloadSide(holders, hours, schedules)


def _mean(side: WorkloadSide, role: str) -> float:
    n = side.holders.get(role, 0)
    return side.hours.get(role, 0.0) / n if n else 0.0


EPSILON = 0.005  # hours: below a rounding, not a change


def diff_workload(old: WorkloadSide, new: WorkloadSide) -> WorkloadDiff:
    roles: list[RoleBurden] = []
    for role in sorted(set(old.hours) | set(new.hours)):
        before, after = _mean(old, role), _mean(new, role)
        if abs(after - before) > EPSILON:
            workers = new.holders.get(role) or old.holders.get(role, 0)
            roles.append(RoleBurden(role, workers, before, after))
    schedules: list[ScheduleBurden] = []
    for sid in [*old.schedules, *(k for k in new.schedules if k not in old.schedules)]:
        a, b = old.schedules.get(sid), new.schedules.get(sid)
        before = a.hours if a is not None else 0.0
        after = b.hours if b is not None else 0.0
        if abs(after - before) <= EPSILON:
            continue
        ref = b if b is not None else a
        assert ref is not None
        if a is None:
            change = "added"
        elif b is None:
            change = "removed"
        elif not a.active and b.active:
            change = "activated"
        elif a.active and not b.active:
            change = "deactivated"
        else:
            change = "changed"
        side = new if b is not None else old
        workers = side.holders.get(ref.role, 0)
        delta = after - before
        schedules.append(
            ScheduleBurden(
                ref.role,
                ref.matters,
                ref.assumed,
                ref.names,
                schedule=sid,
                change=change,
                per_worker=delta / workers if workers else 0.0,
                total=delta,
                workers=workers,
            )
        )
    total = sum(new.hours.values()) - sum(old.hours.values())
    return WorkloadDiff(tuple(roles), tuple(schedules), total)


def sentence(item: ScheduleBurden, role_name: str, matter_names: list[str], lang: str) -> str:
    """'admitting matter X adds 3.2 h/month for each of 2,741 full-time workers'."""
    if item.change in ("activated", "deactivated") and matter_names:
        matters = separator(lang).join(matter_names)
        cause = (
            msg("diff.workload.activated", matters=matters)
            if item.change == "activated"
            else msg("diff.workload.deactivated", matters=matters)
        )
    else:
        verb = section("diff.workload.verb")[item.change]
        cause = msg("diff.workload.schedule", verb=(verb["zh"], verb["en"]), what=item.names)
    said = msg(
        "diff.workload.sentence",
        cause=cause,
        workers=f"{item.workers:,}",
        role=role_name,
        verb=msg("diff.workload.more") if item.per_worker >= 0 else msg("diff.workload.less"),
        amount=f"{abs(item.per_worker):.1f}",
        assumed=msg("diff.workload.assumed") if item.assumed else "",
    )
    return said(lang)


def as_json(d: WorkloadDiff | None) -> dict[str, object]:
    if d is None:
        return {"roles": [], "schedules": [], "total_hours": 0.0, "max_increase": 0.0}
    return {
        "roles": [
            {
                "role": r.role,
                "workers": r.workers,
                "before": round(r.before, 2),
                "after": round(r.after, 2),
                "delta": round(r.delta, 2),
            }
            for r in d.roles
        ],
        "schedules": [
            {
                "schedule": s.schedule,
                "role": s.role,
                "change": s.change,
                "per_worker": round(s.per_worker, 2),
                "total": round(s.total, 2),
                "workers": s.workers,
                "matters": list(s.matters),
                "assumed": s.assumed,
            }
            for s in d.schedules
        ],
        "total_hours": round(float(d.total), 2),
        "max_increase": round(d.max_increase, 2),
    }
