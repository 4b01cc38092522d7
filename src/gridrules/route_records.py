"""The records a route is made of (Route, RouteStep, Assigned, Ref) and their JSON form.

Computed by `gridrules.route`, which re-exports them; see its docstring and
docs/decisions.md "Routes" and "Time limits 时限".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gridrules.decision import Person, Record, json_fields
from gridrules.model import DirectReport, Duration, Mode, Names, TimeLimitCeiling, WarningLevel

DIRECT, REPORT, HANDLE, ESCALATE = "direct", "report", "handle", "escalate"

# The JSON keys of each record, in print order (json_fields: names as {zh, en}, limits as
# written, nested records by their own to_dict).
_STEP_KEYS = (
    "level", "names", "tier", "stage", "handles", "keeps", "node", "handlers", "people",
    "time_limit", "cumulative", "counted", "written_within", "departments", "source",
    "limit_source",
)  # fmt: skip
_ROUTE_HEAD = (
    "matter", "matter_names", "category", "grid", "mode", "handling_tier", "handling_level",
    "report_within", "close_within", "handling_deadline", "deadline",
)  # fmt: skip
_ROUTE_TAIL = ("kept", "verbal_report_within", "written_report_within", "steps")
_CEILING_KEYS = ("limit", "extension", "source")
_DIRECT_KEYS = ("level", "within", "written_within", "source")
_WARNING_KEYS = ("id", "names", "meaning", "dispatch")
_TASK_KEYS = (
    "names", "dispatched_by", "to", "departments", "within", "within_is_example", "description",
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Ref(Record):
    """Something named: a role, a department or a registry node."""

    id: str
    names: Names


@dataclass(frozen=True, slots=True)
class Assigned(Record):
    """A department on a step: its part (lead 牵头, assist 配合, None: dispatched) and limit."""

    id: str
    names: Names
    part: str | None
    time_limit: Duration | None
    level: str  # the level it belongs to (a kept case enlists it from below)


@dataclass(frozen=True, slots=True)
class RouteStep:
    level: str  # escalation level id
    names: Names
    tier: str
    stage: str  # direct, report (below the handling level), handle, or escalate (above it)
    node: Ref | None  # the registry node at this tier that contains the grid
    handlers: tuple[Ref, ...]  # handler roles
    people: tuple[Person, ...]  # roster people at `node` holding a handler role
    time_limit: Duration | None  # this step's limit (direct step: the first report)
    departments: tuple[Assigned, ...]  # departments this level dispatches to or enlists
    source: str  # file:line:col of the level
    cumulative: Duration | None = None  # deadline from discovery through this step
    limit_source: str = ""  # file:line:col where `time_limit` is written
    keeps: bool = False  # the handling level keeps the case (no handing up)
    written_within: Duration | None = None  # direct step: the written report
    counted: bool = True  # False: a direct report in parallel, outside the cumulative

    @property
    def handles(self) -> bool:
        return self.stage == HANDLE

    def to_dict(self) -> dict[str, Any]:
        return json_fields(self, _STEP_KEYS)


@dataclass(frozen=True, slots=True)
class Route:
    matter: str
    matter_names: Names
    category: str
    grid: str | None
    mode: Mode
    handling_tier: str
    handling_level: str | None  # id of the step that handles; None if no level fits
    steps: tuple[RouteStep, ...]  # the direct step first, then bottom up
    report_within: Duration | None
    close_within: Duration | None
    verbal_report_within: Duration | None = None  # emergency mode only
    written_report_within: Duration | None = None  # emergency mode only
    handling_deadline: Duration | None = None  # the cumulative at the handling step
    ceiling: TimeLimitCeiling | None = None
    direct: DirectReport | None = None
    skipped: tuple[Ref, ...] = ()  # levels a direct report jumps over
    kept: bool = False  # the handling level keeps the case
    warnings: tuple[WarningLevel, ...] = ()  # warning levels the matter raises (盐池红黄绿)
    # Names of the levels and departments the warnings' tasks name, by id (for print).
    warning_names: tuple[tuple[str, Names], ...] = ()

    @property
    def deadline(self) -> Duration | None:
        """The one figure printed for the matter: close_within, else the handling deadline."""
        return self.close_within or self.handling_deadline

    @property
    def departments(self) -> tuple[Assigned, ...]:
        return tuple(d for step in self.steps for d in step.departments)

    def to_dict(self) -> dict[str, Any]:
        ceiling, direct = self.ceiling, self.direct
        return {
            **json_fields(self, _ROUTE_HEAD),
            "ceiling": json_fields(ceiling, _CEILING_KEYS) if ceiling else None,
            "direct_report": json_fields(direct, _DIRECT_KEYS) if direct else None,
            "skipped": [r.id for r in self.skipped],
            **json_fields(self, _ROUTE_TAIL),
            "warnings": [warning_dict(w) for w in self.warnings],
        }


def warning_dict(w: WarningLevel) -> dict[str, Any]:
    """A warning level a matter raises, with the task it dispatches (for JSON)."""
    task = w.task
    return {
        **json_fields(w, _WARNING_KEYS),
        "follow_up": [{"method": m, "every": d.text} for m, d in w.follow_up],
        "task": json_fields(task, _TASK_KEYS) if task is not None else None,
    }
