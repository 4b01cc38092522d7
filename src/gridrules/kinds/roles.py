"""Kind `roles` (roles.yaml): worker roles, their tier, scope, recruitment and constraints."""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.build.documents import build_role
from gridrules.catalogue import msg
from gridrules.kinds import schema_parts as sp
from gridrules.kinds.base import Definition, Kind, Ref, Target, by_id
from gridrules.kinds.labels import ROLE, TIER
from gridrules.model import Policy, Role, RoleConstraint
from gridrules.vocabulary import AREAS_VOCABULARY, SCOPES_VOCABULARY, DocumentKind

W = sp.Words("roles")
CATEGORIES = (
    "full_time",
    "part_time",
    "professional",
    "leader",
    "instructor",
    "informant",
    "party",
    "coordinator",
)


def schema() -> sp.Schema:
    constraint = sp.obj(
        {
            "id": sp.ident(W("roles.constraints.id")),
            "attribute": sp.text(W("roles.constraints.attribute")),
            "must_be": sp.typed(["boolean", "string", "number"], W("roles.constraints.must_be")),
            "area": sp.closed_set(AREAS_VOCABULARY, W("roles.constraints.area")),
            "description": sp.DESCRIPTION,
        },
        ["id", "attribute", "must_be"],
        W("roles.constraints[]"),
    )
    role = sp.named(
        {
            "category": sp.choice(CATEGORIES, W("roles.category")),
            "tier": sp.ident(W("roles.tier")),
            "scope": sp.closed_set(SCOPES_VOCABULARY),
            "reports_to": sp.ident(W("roles.reports_to")),
            "recruited_from": sp.strings(W("roles.recruited_from")),
            "functions": sp.strings(W("roles.functions")),
            "description": sp.DESCRIPTION,
            "constraints": sp.array(W("roles.constraints"), constraint),
        },
        ["category", "tier", "scope"],
        W("roles[]"),
    )
    roles = sp.array(sp.common("roles"), role, min_items=1)
    return sp.document(W, "gridrules worker roles", {"roles": roles}, ["roles"])


def references(p: Policy) -> Iterator[Ref]:
    for r in p.roles:
        owner = msg("kinds.roles.role", id=r.id)
        yield Ref(r.origin, ("tier",), r.tier, TIER, owner)
        if r.reports_to is not None:
            yield Ref(r.origin, ("reports_to",), r.reports_to, ROLE, owner)


KIND = Kind(
    DocumentKind.ROLES,
    schema,
    model=(Role, RoleConstraint),
    build=lambda b: {"roles": b.merged("roles", "roles", build_role)},
    references=references,
    targets=(Target(ROLE, lambda p: p.role_by_id),),
    definitions=(Definition("roles", "id", msg("kinds.roles.role_2")),),
    changes=("role",),
    defined=lambda p: by_id("role", p.roles),
)
