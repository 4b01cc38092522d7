"""Kind `escalation` (escalation.yaml): handling levels, departments, routing, the closed
loop and warning levels. One per folder."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.operations import build_escalation
from gridrules.catalogue import msg
from gridrules.kinds import schema_parts as sp
from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref, Target, by_id, each
from gridrules.kinds.labels import CATEGORY, DEPARTMENT, LEVEL, MATTER, ROLE, TIER
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

W = sp.Words("escalation")
EITHER = [  # matters or categories to route, and somewhere to route them
    {"anyOf": [{"required": ["matters"]}, {"required": ["categories"]}]},
    {"anyOf": [{"required": ["departments"]}, {"required": ["lead"]}, {"required": ["assist"]}]},
]


def routing_rule() -> sp.Schema:
    return sp.obj(
        {
            "matters": sp.ids(sp.common("matters")),
            "categories": sp.ids(W("routing.categories")),
            "departments": sp.ids(W("routing.departments"), min_items=1),
            "lead": sp.ids(W("routing.lead"), min_items=1),
            "assist": sp.ids(W("routing.assist"), min_items=1),
            "keep": sp.flag(W("routing.keep"), default=False),
        },
        [],
        W("routing[]"),
        allOf=EITHER,
    )


def closed_loop() -> sp.Schema:
    step = sp.named(
        {"description": sp.DESCRIPTION, "time_limit": sp.duration(sp.common("time_limit"))},
        [],
        W("loop.steps[]"),
    )
    steps = sp.list_of(step, sp.common("steps"), min_items=1)
    return sp.obj({**sp.NAMES, "steps": steps}, ["name", "steps"], W("loop"))


def warning_task() -> sp.Schema:
    """The task a warning dispatches (its ids and deadline carry no note on how they are written)."""
    return sp.obj(
        {
            **sp.NAMES,
            "dispatched_by": sp.ident(W("warnings.task.dispatched_by"), noted_syntax=False),
            "to": sp.ids(W("warnings.task.to"), min_items=1),
            "departments": sp.ids(W("warnings.task.departments")),
            "within": sp.typed("string", W("warnings.task.within"), pattern=sp.DURATION),
            "within_is_example": sp.flag(W("warnings.task.within_is_example")),
            "description": sp.DESCRIPTION,
        },
        ["name", "to"],
        W("warnings.task"),
    )


def warning_level() -> sp.Schema:
    follow_up = sp.obj(
        {
            "method": sp.choice(["phone", "visit"], W("warnings.follow_up.method")),
            "every": sp.duration(W("warnings.follow_up.every")),
        },
        ["method", "every"],
        W("warnings.follow_up[]"),
    )
    return sp.named(
        {
            "meaning": sp.text(W("warnings.meaning")),
            "matters": sp.ids(W("warnings.matters")),
            "indicators": sp.strings(W("warnings.indicators")),
            "task": warning_task(),
            "dispatch": sp.flag(W("warnings.dispatch")),
            "follow_up": sp.list_of(follow_up, W("warnings.follow_up")),
        },
        ["meaning", "dispatch"],
        W("warnings[]"),
    )


def schema() -> sp.Schema:
    level = sp.named(
        {
            "tier": sp.ident(W("levels.tier")),
            "handlers": sp.ids(W("levels.handlers")),
            "time_limit": sp.duration(W("levels.time_limit")),
        },
        ["tier"],
        W("levels[]"),
    )
    department = sp.named(
        {
            "level": sp.ident(W("departments.level")),
            "time_limit": sp.duration(W("departments.time_limit")),
        },
        ["level"],
        W("departments[]"),
    )
    props = {
        "levels": sp.array(W("levels"), level, min_items=1),
        "departments": sp.array(W("departments"), department),
        "routing": sp.array(W("routing"), routing_rule()),
        "loop": closed_loop(),
        "warnings": sp.array(W("warnings"), warning_level()),
    }
    return sp.document(W, "gridrules escalation", props, ["levels"])


def build(b: Build) -> dict[str, Any]:
    return {"escalation": build_escalation(b.layers, b.overridden)}


def references(p: Policy) -> Iterator[Ref]:
    esc = p.escalation
    for lv in esc.levels:
        owner = msg("kinds.escalation.escalation_level", id=lv.id)
        yield Ref(lv.origin, ("tier",), lv.tier, TIER, owner)
        yield from each(lv.origin, "handlers", lv.handler_roles, ROLE, owner)
    for x in esc.departments:
        yield Ref(x.origin, ("level",), x.level, LEVEL, msg("kinds.escalation.department", id=x.id))
    for route in esc.routing:
        owner = msg("kinds.escalation.routing_entry")
        yield from each(route.origin, "matters", route.matters, MATTER, owner)
        yield from each(route.origin, "categories", route.categories, CATEGORY, owner)
        yield from each(route.origin, "departments", route.departments, DEPARTMENT, owner)
    yield from _warning_refs(p)


def _warning_refs(p: Policy) -> Iterator[Ref]:
    """Warning levels: the matters they watch, the task's levels and departments."""
    for w in p.escalation.warnings:
        owner = msg("kinds.escalation.warning_level", id=w.id)
        yield from each(w.origin, "matters", w.matters, MATTER, owner)
        task = w.task
        if task is not None:
            if task.dispatched_by is not None:
                yield Ref(task.origin, ("dispatched_by",), task.dispatched_by, LEVEL, owner)
            yield from each(task.origin, "to", task.to, LEVEL, owner)
            yield from each(task.origin, "departments", task.departments, DEPARTMENT, owner)


def defined(p: Policy) -> Iterator[Defined]:
    """The levels' order and the loop's name as one definition; a routing entry per matter
    or category, with every department any entry sends it to."""
    esc = p.escalation
    yield from by_id("escalation_level", esc.levels)
    yield from by_id("department", esc.departments)
    yield from by_id("warning_level", esc.warnings)
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
