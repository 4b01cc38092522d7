"""The records a route is made of (Route, RouteStep, Assigned, Ref) and their JSON form.

Computed by `gridrules.route`, which re-exports them; see its docstring and
docs/decisions.md "Routes" and "Time limits 时限".
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from gridrules.decision import Person, names_dict
from gridrules.model import DirectReport, Duration, Mode, Names, TimeLimitCeiling, WarningLevel

DIRECT, REPORT, HANDLE, ESCALATE = "direct", "report", "handle", "escalate"


def _text(d: Duration | None) -> str | None:
    return d.text if d else None


@dataclass(frozen=True, slots=True)
class Ref:
    """Something named: a role, a department or a registry node."""

    id: str
    names: Names

    def to_dict(self) -> dict[str, Any]:
        return {"id": self.id, "names": names_dict(self.names)}


@dataclass(frozen=True, slots=True)
class Assigned:
    """A department on a step: its part (lead 牵头, assist 配合, None: dispatched) and limit."""

    id: str
    names: Names
    part: str | None
    time_limit: Duration | None
    level: str  # the level it belongs to (a kept case enlists it from below)

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "names": names_dict(self.names),
            "part": self.part,
            "time_limit": _text(self.time_limit),
            "level": self.level,
        }


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
        return {
            "level": self.level,
            "names": names_dict(self.names),
            "tier": self.tier,
            "stage": self.stage,
            "handles": self.handles,
            "keeps": self.keeps,
            "node": self.node.to_dict() if self.node else None,
            "handlers": [h.to_dict() for h in self.handlers],
            "people": [p.to_dict() for p in self.people],
            "time_limit": _text(self.time_limit),
            "cumulative": _text(self.cumulative),
            "counted": self.counted,
            "written_within": _text(self.written_within),
            "departments": [d.to_dict() for d in self.departments],
            "source": self.source,
            "limit_source": self.limit_source,
        }


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
        ceiling = self.ceiling
        return {
            "matter": self.matter,
            "matter_names": names_dict(self.matter_names),
            "category": self.category,
            "grid": self.grid,
            "mode": self.mode.value,
            "handling_tier": self.handling_tier,
            "handling_level": self.handling_level,
            "report_within": _text(self.report_within),
            "close_within": _text(self.close_within),
            "handling_deadline": _text(self.handling_deadline),
            "deadline": _text(self.deadline),
            "ceiling": {
                "limit": ceiling.limit.text,
                "extension": ceiling.extension,
                "source": ceiling.source,
            }
            if ceiling
            else None,
            "direct_report": {
                "level": self.direct.level,
                "within": self.direct.within.text,
                "written_within": _text(self.direct.written_within),
                "source": self.direct.source,
            }
            if self.direct
            else None,
            "skipped": [r.id for r in self.skipped],
            "kept": self.kept,
            "verbal_report_within": _text(self.verbal_report_within),
            "written_report_within": _text(self.written_report_within),
            "steps": [s.to_dict() for s in self.steps],
            "warnings": [warning_dict(w) for w in self.warnings],
        }


def warning_dict(w: WarningLevel) -> dict[str, Any]:
    """A warning level a matter raises, with the task it dispatches (for JSON)."""
    task = w.task
    return {
        "id": w.id,
        "names": names_dict(w.names),
        "meaning": w.meaning,
        "dispatch": w.dispatch,
        "follow_up": [{"method": m, "every": d.text} for m, d in w.follow_up],
        "task": {
            "names": names_dict(task.names),
            "dispatched_by": task.dispatched_by,
            "to": list(task.to),
            "departments": list(task.departments),
            "within": _text(task.within),
            "within_is_example": task.within_is_example,
            "description": task.description,
        }
        if task is not None
        else None,
    }
