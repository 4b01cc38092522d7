"""Kind `emergency` (emergency.yaml): the emergency overlay (平战结合): plans, procedures,
reporting times and extra grants. One per folder; the nearest layer's wins whole."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.operations import build_emergency
from gridrules.catalogue import msg
from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref, Target
from gridrules.kinds.labels import LEVEL, PLAN, ROLE
from gridrules.kinds.responsibilities import GRANT_KEY, grant_refs
from gridrules.kinds.schema_parts import (
    DESCRIPTION,
    GRANT_PROPS,
    NAME,
    NAME_EN,
    d,
    document,
    duration,
    ident,
    ids,
    named,
    obj,
    text,
)
from gridrules.levels import LEVEL_IDS
from gridrules.model import Emergency, Grant, LevelReporting, Plan, Policy, Procedure
from gridrules.vocabulary import DocumentKind


def procedure(required: list[str]) -> dict[str, Any]:
    """An emergency procedure; a plan's procedures must name the roles that run them."""
    return named(
        {
            "roles": {
                **ids(d("承担本程序的角色", "the roles that run it")),
                "minItems": 1,
            },
            "steps": {
                "type": "array",
                "items": {"type": "string"},
                "description": d("步骤", "steps"),
            },
            "time_limit": duration(d("时限", "time limit")),
        },
        ["steps", *required],
        d("一项程序", "a procedure"),
    )


def schema() -> dict[str, Any]:
    return document(
        "emergency",
        "gridrules emergency plans",
        d(
            "平战结合：应急预案、响应级别、应急程序与应急状态下增加的授权",
            "emergency mode: plans, response levels, procedures and extra grants",
        ),
        {
            "name": NAME,
            "name_en": NAME_EN,
            "activation": text(d("启动条件", "when the mode is activated")),
            "reporting": obj(
                {
                    "verbal_within": duration(d("口头报告时限", "verbal report within")),
                    "written_within": duration(d("书面报告时限", "written report within")),
                },
                [],
                d("报告时限", "reporting limits"),
            ),
            "procedures": {
                "type": "array",
                "description": d(
                    "各预案通用的应急程序：排查摸底、巡防管控、后勤保障、指挥协调、信息报送",
                    "procedures common to every plan: survey, patrol, logistics, command, "
                    "reporting",
                ),
                "items": procedure([]),
            },
            "plans": {
                "type": "array",
                "description": d(
                    "应急预案：响应级别、启动条件、各程序及其承担角色、分级报告时限",
                    "emergency plans: response levels, activation, procedures with the roles "
                    "that run them, reporting times per level",
                ),
                "items": named(
                    {
                        "levels": {
                            "type": "array",
                            "minItems": 1,
                            "uniqueItems": True,
                            "items": {"enum": list(LEVEL_IDS)},
                            "description": d(
                                "预案使用的国家应急响应级别：I 特别重大（红）、II 重大（橙）、"
                                "III 较大（黄）、IV 一般（蓝）",
                                "national response levels the plan uses: I extraordinarily "
                                "serious (red), II major (orange), III significant (yellow), "
                                "IV general (blue)",
                            ),
                        },
                        "activation": text(d("启动条件", "when the plan is activated")),
                        "description": DESCRIPTION,
                        "procedures": {
                            "type": "array",
                            "minItems": 1,
                            "description": d("本预案的应急程序", "the plan's procedures"),
                            "items": procedure(["roles"]),
                        },
                        "reporting": {
                            "type": "array",
                            "description": d(
                                "按响应级别的直报时限", "direct-reporting times per level"
                            ),
                            "items": obj(
                                {
                                    "level": {
                                        "enum": list(LEVEL_IDS),
                                        "description": d("响应级别", "response level"),
                                    },
                                    "to": ident(
                                        d(
                                            "直报的处置层级（escalation.yaml 的 levels）",
                                            "the escalation level reported to directly",
                                        )
                                    ),
                                    "verbal_within": duration(
                                        d("口头报告时限", "verbal report within")
                                    ),
                                    "written_within": duration(
                                        d("书面报告时限", "written report within")
                                    ),
                                    "note": text(d("时限出处或说明", "where the times come from")),
                                },
                                ["level"],
                                d("一个级别的报告时限", "reporting times at one level"),
                                anyOf=[
                                    {"required": ["verbal_within"]},
                                    {"required": ["written_within"]},
                                ],
                            ),
                        },
                    },
                    ["levels", "procedures"],
                    d("一项应急预案", "an emergency plan"),
                ),
            },
            "grants": {
                "type": "array",
                "description": d(
                    "应急状态下（任一预案启动期间）增加的授权",
                    "grants added in emergency mode (while any plan is active)",
                ),
                "items": obj(
                    {
                        "role": ident(d("角色", "role")),
                        "id": ident(d("授权标识", "grant id")),
                        "name": NAME,
                        "name_en": NAME_EN,
                        **GRANT_PROPS,
                    },
                    ["role", "id", "name", "actions"],
                    d("一项应急授权", "an emergency grant"),
                    anyOf=[{"required": ["matters"]}, {"required": ["categories"]}],
                ),
            },
        },
        ["name"],
    )


def build(b: Build) -> dict[str, Any]:
    return {"emergency": build_emergency(b.layers)}


def references(p: Policy) -> Iterator[Ref]:
    """Grants (a role, matters, categories), the roles running each procedure and the
    levels a plan reports to directly."""
    emergency = p.emergency
    if emergency is None:
        return
    for g in emergency.grants:
        owner = msg("kinds.emergency.emergency_grant", duty_id=g.duty_id)
        yield Ref(g.origin, ("role",), g.role, ROLE, owner)
        yield from grant_refs(g, owner)
    for plan_id, procedures in (
        ("", emergency.procedures),
        *((x.id, x.procedures) for x in emergency.plans),
    ):
        for pr in procedures:
            if pr.origin is None:
                continue
            owner = (
                msg("kinds.emergency.procedure_of_plan", plan_id=plan_id, id=pr.id)
                if plan_id
                else msg("kinds.emergency.emergency_procedure", id=pr.id)
            )
            for k, role in enumerate(pr.roles):
                yield Ref(pr.origin, ("roles", k), role, ROLE, owner)
    for x in emergency.plans:
        for r in x.reporting:
            if r.to is not None:
                owner = msg("kinds.emergency.reporting_times_of_plan", id=x.id)
                yield Ref(r.origin, ("to",), r.to, LEVEL, owner)


def defined(p: Policy) -> Iterator[Defined]:
    e = p.emergency
    if e is None:
        return
    overlay = {
        "names": e.names,
        "activation": e.activation,
        "verbal_report_within": e.verbal_report_within,
        "written_report_within": e.written_report_within,
    }
    yield Defined("emergency", "emergency", overlay, e.origin)
    for pr in e.procedures:
        yield Defined("procedure", pr.id, pr, pr.origin or e.origin, ("id",))
    for plan in e.plans:
        yield Defined("plan", plan.id, plan, plan.origin, ("id", "procedures"))
        for pr in plan.procedures:
            key = f"{plan.id}/{pr.id}"
            yield Defined("procedure", key, pr, pr.origin or plan.origin, ("id",))
    for g in e.grants:
        yield Defined("emergency_grant", f"{g.role}/{g.duty_id}", g, g.origin, GRANT_KEY)


KIND = Kind(
    DocumentKind.EMERGENCY,
    "emergency.yaml",
    schema,
    singleton=True,
    model=(Emergency, Plan, Procedure, LevelReporting, Grant),
    build=build,
    references=references,
    targets=(Target(PLAN, lambda p: p.plan_by_id),),
    definitions=(
        Definition("plans", "id", msg("kinds.emergency.emergency_plan")),
        Definition("grants", "id", msg("kinds.emergency.emergency_grant_2")),
    ),
    changes=("emergency", "plan", "procedure", "emergency_grant"),
    defined=defined,
)
