"""Emergency plans (平战结合) → view data for the manual's emergency chapter.

Plans with their national response levels (Ⅰ–Ⅳ, colours from gridrules.levels),
the procedures with the names of the roles that run them, the reporting times
per level, and the matters admitted only while a plan is active. Everything
here is a localised display string: no role, plan or matter id is printed.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from gridrules.levels import LEVEL_BY_ID
from gridrules.model import Admission, Mode, Plan, Policy, Procedure
from gridrules.render.timing import limit_text

if TYPE_CHECKING:
    from gridrules.render.views import DutyView


@dataclass(frozen=True, slots=True)
class ProcedureView:
    id: str
    name: str
    time_limit: str
    steps: tuple[str, ...]
    roles: tuple[str, ...] = ()  # display names of the roles that run it


@dataclass(frozen=True, slots=True)
class LevelView:
    """One national response level as a plan uses it."""

    numeral: str  # Ⅰ级 / Level I
    grade: str  # 特别重大 / extraordinarily serious
    colour: str  # 红色 / red
    colour_id: str  # red, orange, yellow, blue (CSS class)
    verbal_report: str  # the plan's reporting times at this level ("" = not set)
    written_report: str
    report_to: str  # the escalation level reported to directly (display name)
    note: str


@dataclass(frozen=True, slots=True)
class PlanView:
    name: str
    activation: str
    description: str
    levels: tuple[LevelView, ...]
    procedures: tuple[ProcedureView, ...]
    admitted: tuple[str, ...]  # matters admitted only while this plan is active
    reporting: bool  # any level carries its own reporting times


@dataclass(frozen=True, slots=True)
class EmergencyView:
    name: str
    activation: str
    verbal_report: str
    written_report: str
    procedures: tuple[ProcedureView, ...]  # common to every plan
    grants: tuple[tuple[str, DutyView], ...]  # (role name, duty)
    plans: tuple[PlanView, ...] = ()
    admitted_any: tuple[str, ...] = ()  # admitted while any plan is active (no plan named)


def emergency_admissions(policy: Policy) -> tuple[Admission, ...]:
    return tuple(a for a in policy.admissions if a.mode is Mode.EMERGENCY)


def plan_name(policy: Policy, plan_id: str | None, lang: str) -> str:
    """A plan's display name; '' for None (any plan), the id only if it is undeclared."""
    if plan_id is None:
        return ""
    plan = policy.plan_by_id.get(plan_id)
    return plan.names(lang) if plan is not None else plan_id


def build_emergency(
    policy: Policy,
    lang: str,
    role: Callable[[str], str],
    matter: Callable[[str], str],
    level: Callable[[str], str],
    grants: tuple[tuple[str, DutyView], ...],
) -> EmergencyView | None:
    """The chapter's data; `role`, `matter` and `level` turn ids into display names."""
    e = policy.emergency
    if e is None:
        return None
    emergency_only = emergency_admissions(policy)

    def procedures(items: Iterable[Procedure]) -> tuple[ProcedureView, ...]:
        return tuple(
            ProcedureView(
                pr.id,
                pr.names(lang),
                limit_text(pr.time_limit, lang),
                pr.steps,
                tuple(dict.fromkeys(role(r) for r in pr.roles)),
            )
            for pr in items
        )

    def plan_view(x: Plan) -> PlanView:
        levels = []
        for level_id in x.levels:
            known = LEVEL_BY_ID.get(level_id)
            times = x.reporting_at(level_id)
            levels.append(
                LevelView(
                    numeral=known.numeral(lang) if known else level_id,
                    grade=known.grade(lang) if known else "",
                    colour=known.colour(lang) if known else "",
                    colour_id=known.colour_id if known else "",
                    verbal_report=limit_text(times.verbal_within, lang) if times else "",
                    written_report=limit_text(times.written_within, lang) if times else "",
                    report_to=level(times.to) if times and times.to else "",
                    note=times.note if times else "",
                )
            )
        return PlanView(
            name=x.names(lang),
            activation=x.activation,
            description=x.description,
            levels=tuple(levels),
            procedures=procedures(x.procedures),
            admitted=tuple(
                dict.fromkeys(matter(a.matter) for a in emergency_only if a.plan == x.id)
            ),
            reporting=bool(x.reporting),
        )

    return EmergencyView(
        name=e.names(lang),
        activation=e.activation,
        verbal_report=limit_text(e.verbal_report_within, lang),
        written_report=limit_text(e.written_report_within, lang),
        procedures=procedures(e.procedures),
        grants=grants,
        plans=tuple(plan_view(x) for x in e.plans),
        admitted_any=tuple(
            dict.fromkeys(matter(a.matter) for a in emergency_only if a.plan is None)
        ),
    )
