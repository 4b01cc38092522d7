"""Workload (减负): hours a month that duty schedules put on workers and grids.

    from gridrules.workload import workload_of
    load = workload_of(policy, dt.date(2026, 11, 22))
    load.workers[0].hours, load.grids[0].door_hours, load.by_role()

Modules: model (the computation, formula in its docstring), report (text,
JSON, CSV), page (the HTML page with its SVG chart). Rules GR850–GR853 and
`gridrules workload` / the workload section of `gridrules diff` read from here.
"""

from __future__ import annotations

import datetime as dt

from gridrules.lookup import per_policy
from gridrules.model import Policy
from gridrules.workload.model import (
    GridLoad,
    Item,
    WorkerLoad,
    Workload,
    compute,
    runs_per_month,
)

__all__ = [
    "GridLoad",
    "Item",
    "WorkerLoad",
    "Workload",
    "compute",
    "runs_per_month",
    "workload_of",
]


@per_policy
def _memo(policy: Policy) -> dict[dt.date, Workload]:
    return {}


def workload_of(policy: Policy, at: dt.date) -> Workload:
    """`compute(policy, at)`, once per policy object and date (rules share it)."""
    memo = _memo(policy)
    found = memo.get(at)
    if found is None:
        found = memo[at] = compute(policy, at)
    return found
