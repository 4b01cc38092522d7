"""Kind `roles` (roles.yaml): worker roles, their tier, scope, recruitment and constraints."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.common import merge_layers
from gridrules.build.documents import build_role
from gridrules.catalogue import msg
from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref, Target
from gridrules.kinds.labels import ROLE, TIER
from gridrules.kinds.schema_parts import (
    DESCRIPTION,
    closed_set,
    d,
    document,
    ident,
    named,
    obj,
    text,
)
from gridrules.model import Policy, Role, RoleConstraint
from gridrules.vocabulary import AREAS_VOCABULARY, SCOPES_VOCABULARY, DocumentKind


def schema() -> dict[str, Any]:
    return document(
        "roles",
        "gridrules worker roles",
        d("网格人员角色", "grid worker roles"),
        {
            "roles": {
                "type": "array",
                "minItems": 1,
                "description": d("角色", "roles"),
                "items": named(
                    {
                        "category": {
                            "enum": [
                                "full_time",
                                "part_time",
                                "professional",
                                "leader",
                                "instructor",
                                "informant",
                                "party",
                                "coordinator",
                            ],
                            "description": d(
                                "类别：专职、兼职、专业、网格长、指导员、信息员、党组织、统筹",
                                "category: full-time, part-time, professional, leader, instructor, informant, party, coordinator",
                            ),
                        },
                        "tier": ident(d("所在层级", "tier the role sits at")),
                        "scope": closed_set(SCOPES_VOCABULARY),
                        "reports_to": ident(d("向哪个角色报告", "role it reports to")),
                        "recruited_from": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": d("选聘来源", "where holders are recruited from"),
                        },
                        "functions": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": d(
                                "身份（信息员、调解员…）", "functions (informant, mediator, …)"
                            ),
                        },
                        "description": DESCRIPTION,
                        "constraints": {
                            "type": "array",
                            "description": d("任职约束", "constraints on holders"),
                            "items": obj(
                                {
                                    "id": ident(d("约束标识", "constraint id")),
                                    "attribute": text(
                                        d(
                                            "人员属性（如 two_committees 两委成员）",
                                            "worker attribute (e.g. two_committees)",
                                        )
                                    ),
                                    "must_be": {
                                        "type": ["boolean", "string", "number"],
                                        "description": d("要求的取值", "required value"),
                                    },
                                    "area": closed_set(
                                        AREAS_VOCABULARY,
                                        d("仅适用于该类网格", "applies only to grids of this area"),
                                    ),
                                    "description": DESCRIPTION,
                                },
                                ["id", "attribute", "must_be"],
                                d("一条任职约束", "a constraint"),
                            ),
                        },
                    },
                    ["category", "tier", "scope"],
                    d("一个角色", "a role"),
                ),
            }
        },
        ["roles"],
    )


def build(b: Build) -> dict[str, Any]:
    return {
        "roles": merge_layers(b.layers, "roles", "roles", build_role, lambda r: r.id, b.overridden)
    }


def references(p: Policy) -> Iterator[Ref]:
    for r in p.roles:
        owner = msg("kinds.roles.role", id=r.id)
        yield Ref(r.origin, ("tier",), r.tier, TIER, owner)
        if r.reports_to is not None:
            yield Ref(r.origin, ("reports_to",), r.reports_to, ROLE, owner)


def defined(p: Policy) -> Iterator[Defined]:
    for r in p.roles:
        yield Defined("role", r.id, r, r.origin, ("id",))


KIND = Kind(
    DocumentKind.ROLES,
    "roles.yaml",
    schema,
    model=(Role, RoleConstraint),
    build=build,
    references=references,
    targets=(Target(ROLE, lambda p: p.role_by_id),),
    definitions=(Definition("roles", "id", msg("kinds.roles.role_2")),),
    changes=("role",),
    defined=defined,
)
