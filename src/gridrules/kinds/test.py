"""Kind `test` (tests/*.yaml in a jurisdiction): policy test suites run by `gridrules test`,
requests with their expected decision and routes with their expected chain. Not a policy
document: the loader never reads it, gridrules.policytest does."""

from __future__ import annotations

from gridrules.kinds import schema_parts as sp
from gridrules.kinds.base import Kind
from gridrules.vocabulary import (
    MODES_VOCABULARY,
    REASONS_VOCABULARY,
    STAGES_VOCABULARY,
    DocumentKind,
)

W = sp.Words("test")
AT = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.]+(Z|[+-][0-9:]+)?)?$"
MAYBE = ["string", "null"]


def at() -> sp.Schema:
    return sp.typed("string", W("at"), pattern=AT)


def request() -> sp.Schema:
    inline = sp.obj(
        {
            "roles": sp.ids(sp.common("roles"), min_items=1),
            "grid": sp.text(W("cases.request.principal.inline.grid")),
            "attributes": sp.typed("object", W("cases.request.principal.inline.attributes")),
        },
        ["roles", "grid"],
        W("cases.request.principal.inline"),
    )
    principal = {
        "description": W("cases.request.principal"),
        "oneOf": [{"type": "string", "minLength": 1}, inline],
    }
    return sp.obj(
        {
            "principal": principal,
            "action": sp.text(W("cases.request.action")),
            "matter": sp.text(sp.common("matter_id")),
            "grid": sp.text(W("cases.request.grid")),
            "at": at(),
            "mode": sp.closed_set(MODES_VOCABULARY),
            "plan": sp.text(W("cases.request.plan")),
        },
        ["principal", "action", "matter", "grid"],
        W("cases.request"),
    )


def route() -> sp.Schema:
    return sp.obj(
        {
            "matter": sp.text(sp.common("matter_id")),
            "grid": sp.typed(MAYBE, W("cases.route.grid")),
            "mode": sp.closed_set(MODES_VOCABULARY),
        },
        ["matter"],
        W("cases.route"),
    )


def expect() -> sp.Schema:
    def steps(key: str) -> sp.Schema:
        """One value (or none) per step of the route."""
        return sp.list_of({"type": MAYBE}, W(f"cases.expect.{key}"))

    return sp.obj(
        {
            "allowed": sp.flag(W("cases.expect.allowed")),
            "reason": sp.closed_set(REASONS_VOCABULARY),
            "role": sp.typed(MAYBE, W("cases.expect.role")),
            "levels": sp.ids(W("cases.expect.levels")),
            "handling_level": sp.typed(MAYBE, W("cases.expect.handling_level")),
            "departments": sp.ids(W("cases.expect.departments")),
            "nodes": steps("nodes"),
            "people": sp.strings(W("cases.expect.people")),
            "stages": sp.list_of({"enum": list(STAGES_VOCABULARY.ids)}, W("cases.expect.stages")),
            "lead": sp.ids(W("cases.expect.lead")),
            "assist": sp.ids(W("cases.expect.assist")),
            "kept": sp.flag(W("cases.expect.kept")),
            "skipped": sp.ids(W("cases.expect.skipped")),
            "limits": steps("limits"),
            "cumulative": steps("cumulative"),
            "deadline": sp.typed(MAYBE, W("cases.expect.deadline")),
            "error": sp.choice(["unknown_matter", "unknown_grid"], W("cases.expect.error")),
        },
        [],
        W("cases.expect"),
        minProperties=1,
    )


def schema() -> sp.Schema:
    case = sp.obj(
        {
            **sp.NAMES,
            "description": sp.DESCRIPTION,
            "source": sp.text(W("cases.source")),
            "request": request(),
            "route": route(),
            "expect": expect(),
        },
        ["name", "expect"],
        W("cases[]"),
        oneOf=[{"required": ["request"]}, {"required": ["route"]}],
    )
    props = {
        **sp.NAMES,
        "description": sp.DESCRIPTION,
        "defaults": sp.obj(
            {"at": at(), "mode": sp.closed_set(MODES_VOCABULARY)}, [], W("defaults")
        ),
        "cases": sp.array(W("cases"), case, min_items=1),
    }
    return sp.document(W, "gridrules policy test suite", props, ["name", "cases"])


KIND = Kind(DocumentKind.TEST, schema, file="tests/*.yaml", document=False)
