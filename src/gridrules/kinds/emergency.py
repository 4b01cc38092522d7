"""Kind `emergency` (emergency.yaml): the emergency overlay (peacetime and emergency combined):
plans, procedures, reporting times and extra grants. One per folder; the nearest layer's wins
whole."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.operations import build_emergency
from gridrules.catalogue import msg
from gridrules.kinds import schema_parts as sp
from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref, Target, each
from gridrules.kinds.labels import LEVEL, PLAN, ROLE
from gridrules.kinds.responsibilities import GRANT_KEY, grant_refs
from gridrules.levels import LEVEL_IDS
from gridrules.model import Emergency, Grant, LevelReporting, Plan, Policy, Procedure
from gridrules.vocabulary import DocumentKind

W = sp.Words("emergency")


def procedure(required: list[str]) -> sp.Schema:
    """An emergency procedure; a plan's procedures must name the roles that run them."""
    return sp.named(
        {
            "roles": sp.ids(W("procedure.roles"), min_items=1),
            "steps": sp.strings(sp.common("steps")),
            "time_limit": sp.duration(sp.common("time_limit")),
        },
        ["steps", *required],
        W("procedure"),
    )


def times() -> sp.Schema:
    """When the first (verbal) and the written report are due."""
    return {
        "verbal_within": sp.duration(sp.common("verbal_within")),
        "written_within": sp.duration(sp.common("written_within")),
    }


def plan_item() -> sp.Schema:
    reporting = sp.obj(
        {
            "level": sp.choice(LEVEL_IDS, W("plans.reporting.level")),
            "to": sp.ident(W("plans.reporting.to")),
            **times(),
            "note": sp.text(W("plans.reporting.note")),
        },
        ["level"],
        W("plans.reporting[]"),
        anyOf=[{"required": ["verbal_within"]}, {"required": ["written_within"]}],
    )
    return sp.named(
        {
            "levels": sp.list_of(
                {"enum": list(LEVEL_IDS)}, W("plans.levels"), min_items=1, unique=True
            ),
            "activation": sp.text(W("plans.activation")),
            "description": sp.DESCRIPTION,
            "procedures": sp.array(W("plans.procedures"), procedure(["roles"]), min_items=1),
            "reporting": sp.array(W("plans.reporting"), reporting),
        },
        ["levels", "procedures"],
        W("plans[]"),
    )


def schema() -> sp.Schema:
    grant = sp.grant(W("grants.id"), W("grants[]"), role=sp.ident(sp.common("role")))
    props = {
        **sp.NAMES,
        "activation": sp.text(W("activation")),
        "reporting": sp.obj(times(), [], W("reporting")),
        "procedures": sp.array(W("procedures"), procedure([])),
        "plans": sp.array(W("plans"), plan_item()),
        "grants": sp.array(W("grants"), grant),
    }
    return sp.document(W, "gridrules emergency plans", props, ["name"])


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
            yield from each(pr.origin, "roles", pr.roles, ROLE, owner)
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
