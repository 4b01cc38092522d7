"""Kind `escalation` (escalation.yaml): handling levels, departments, routing, the closed
loop and warning levels. One per folder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.operations import build_escalation
from gridrules.catalogue import msg
from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref, Target
from gridrules.kinds.labels import CATEGORY, DEPARTMENT, LEVEL, MATTER, ROLE, TIER
from gridrules.kinds.schema_burden import WARNING_TASK
from gridrules.kinds.schema_parts import (
    DESCRIPTION,
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
from gridrules.model import (
    Department,
    Escalation,
    EscalationLevel,
    LoopStep,
    Origin,
    Policy,
    Routing,
    WarningLevel,
    WarningTask,
)
from gridrules.vocabulary import DocumentKind


def schema() -> dict[str, Any]:
    return document(
        "escalation",
        "gridrules escalation",
        d(
            "事件流转：处置层级、部门分流、闭环步骤、预警分级",
            "escalation: handling levels, department routing, closed loop, warnings",
        ),
        {
            "levels": {
                "type": "array",
                "minItems": 1,
                "description": d("处置层级，自下而上", "handling levels, bottom up"),
                "items": named(
                    {
                        "tier": ident(d("对应网格层级", "tier")),
                        "handlers": ids(d("在此层处置的角色", "roles that handle at this level")),
                        "time_limit": duration(d("本层处置时限", "time limit at this level")),
                    },
                    ["tier"],
                    d("一个处置层级", "a level"),
                ),
            },
            "departments": {
                "type": "array",
                "description": d("职能部门", "departments"),
                "items": named(
                    {
                        "level": ident(d("由哪个层级派遣", "level that dispatches to it")),
                        "time_limit": duration(
                            d(
                                "部门办理时限（不超过派遣它的层级时限）",
                                "its time for a matter (within the dispatching level's limit)",
                            )
                        ),
                    },
                    ["level"],
                    d("一个部门", "a department"),
                ),
            },
            "routing": {
                "type": "array",
                "description": d(
                    "事权在部门的事项分流",
                    "routing of matters whose authority lies with departments",
                ),
                "items": obj(
                    {
                        "matters": ids(d("事项", "matters")),
                        "categories": ids(d("类别", "categories")),
                        "departments": {**ids(d("部门", "departments")), "minItems": 1},
                        "lead": {**ids(d("牵头部门", "lead departments (牵头)")), "minItems": 1},
                        "assist": {
                            **ids(d("配合部门", "assisting departments (配合)")),
                            "minItems": 1,
                        },
                        "keep": {
                            "type": "boolean",
                            "default": False,
                            "description": d(
                                "处置层级不上交，自行牵头并借助上级部门（如佳木斯街道办）",
                                "the handling level keeps the case and enlists the departments "
                                "instead of handing it up (e.g. Jiamusi's street office)",
                            ),
                        },
                    },
                    [],
                    d("一条分流规则", "a routing rule"),
                    allOf=[
                        {"anyOf": [{"required": ["matters"]}, {"required": ["categories"]}]},
                        {
                            "anyOf": [
                                {"required": ["departments"]},
                                {"required": ["lead"]},
                                {"required": ["assist"]},
                            ]
                        },
                    ],
                ),
            },
            "loop": obj(
                {
                    "name": NAME,
                    "name_en": NAME_EN,
                    "steps": {
                        "type": "array",
                        "minItems": 1,
                        "items": named(
                            {
                                "description": DESCRIPTION,
                                "time_limit": duration(d("时限", "time limit")),
                            },
                            [],
                            d("一个步骤", "a step"),
                        ),
                        "description": d("步骤", "steps"),
                    },
                },
                ["name", "steps"],
                d("闭环流程（如嘉木斯八步）", "closed loop (e.g. Jiamusi's eight steps)"),
            ),
            "warnings": {
                "type": "array",
                "description": d(
                    "预警分级（如盐池红黄绿）", "warning classes (e.g. Yanchi red/yellow/green)"
                ),
                "items": named(
                    {
                        "meaning": text(d("含义", "meaning")),
                        "matters": ids(d("触发本级预警的事项", "matters that raise it")),
                        "indicators": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": d(
                                "触发本级预警的指标（原文）", "indicators that raise it, as written"
                            ),
                        },
                        "task": WARNING_TASK,
                        "dispatch": {
                            "type": "boolean",
                            "description": d(
                                "是否生成派单任务", "whether it produces dispatched tasks"
                            ),
                        },
                        "follow_up": {
                            "type": "array",
                            "items": obj(
                                {
                                    "method": {
                                        "enum": ["phone", "visit"],
                                        "description": d(
                                            "方式：电话、走访", "method: phone, visit"
                                        ),
                                    },
                                    "every": duration(d("频次", "every")),
                                },
                                ["method", "every"],
                                d("跟进方式", "follow-up"),
                            ),
                            "description": d("跟进", "follow-up"),
                        },
                    },
                    ["meaning", "dispatch"],
                    d("一个预警级别", "a warning class"),
                ),
            },
        },
        ["levels"],
    )


def build(b: Build) -> dict[str, Any]:
    return {"escalation": build_escalation(b.layers, b.overridden)}


def references(p: Policy) -> Iterator[Ref]:
    esc = p.escalation
    for lv in esc.levels:
        owner = msg("kinds.escalation.escalation_level", id=lv.id)
        yield Ref(lv.origin, ("tier",), lv.tier, TIER, owner)
        for k, role in enumerate(lv.handler_roles):
            yield Ref(lv.origin, ("handlers", k), role, ROLE, owner)
    for x in esc.departments:
        yield Ref(x.origin, ("level",), x.level, LEVEL, msg("kinds.escalation.department", id=x.id))
    for route in esc.routing:
        owner = msg("kinds.escalation.routing_entry")
        for k, matter in enumerate(route.matters):
            yield Ref(route.origin, ("matters", k), matter, MATTER, owner)
        for k, category in enumerate(route.categories):
            yield Ref(route.origin, ("categories", k), category, CATEGORY, owner)
        for k, dept in enumerate(route.departments):
            yield Ref(route.origin, ("departments", k), dept, DEPARTMENT, owner)
    yield from _warning_refs(p)


def _warning_refs(p: Policy) -> Iterator[Ref]:
    """Warning levels: the matters they watch, the task's levels and departments."""
    for w in p.escalation.warnings:
        owner = msg("kinds.escalation.warning_level", id=w.id)
        for k, matter in enumerate(w.matters):
            yield Ref(w.origin, ("matters", k), matter, MATTER, owner)
        task = w.task
        if task is not None:
            if task.dispatched_by is not None:
                yield Ref(task.origin, ("dispatched_by",), task.dispatched_by, LEVEL, owner)
            for k, level in enumerate(task.to):
                yield Ref(task.origin, ("to", k), level, LEVEL, owner)
            for k, dept in enumerate(task.departments):
                yield Ref(task.origin, ("departments", k), dept, DEPARTMENT, owner)


def defined(p: Policy) -> Iterator[Defined]:
    """The levels' order and the loop's name as one definition; a routing entry per matter
    or category, with every department any entry sends it to."""
    esc = p.escalation
    for lv in esc.levels:
        yield Defined("escalation_level", lv.id, lv, lv.origin, ("id",))
    for x in esc.departments:
        yield Defined("department", x.id, x, x.origin, ("id",))
    for w in esc.warnings:
        yield Defined("warning_level", w.id, w, w.origin, ("id",))
    for step in esc.loop:
        yield Defined("loop_step", step.id, step, None, ("id",))
    summary = {"levels": [level.id for level in esc.levels], "loop_name": esc.loop_name}
    yield Defined("escalation", "escalation", summary, esc.origin, flat=False)
    first: dict[str, Origin] = {}  # the first entry naming it
    routing: dict[str, list[str]] = {}  # only what some entry sends somewhere
    for rule in esc.routing:
        targets = [f"matter:{m}" for m in rule.matters]
        for target in targets + [f"category:{c}" for c in rule.categories]:
            first.setdefault(target, rule.origin)
            for department in rule.departments:
                if department not in routing.setdefault(target, []):
                    routing[target].append(department)
    for target, departments in routing.items():
        yield Defined("routing", target, {"departments": departments}, first[target])


KIND = Kind(
    DocumentKind.ESCALATION,
    "escalation.yaml",
    schema,
    singleton=True,
    model=(
        Escalation,
        EscalationLevel,
        Department,
        Routing,
        LoopStep,
        WarningLevel,
        WarningTask,
    ),
    build=build,
    references=references,
    targets=(
        Target(LEVEL, lambda p: {x.id for x in p.escalation.levels}),
        Target(DEPARTMENT, lambda p: {x.id for x in p.escalation.departments}),
    ),
    definitions=(
        Definition("levels", "id", msg("kinds.escalation.escalation_level_2")),
        Definition("departments", "id", msg("kinds.escalation.department_2")),
        Definition("warnings", "id", msg("kinds.escalation.warning_level_2")),
    ),
    changes=(
        "escalation",
        "escalation_level",
        "department",
        "routing",
        "loop_step",
        "warning_level",
    ),
    defined=defined,
)
