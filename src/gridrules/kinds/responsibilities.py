"""Kind `responsibilities` (responsibilities.yaml): each role's responsibility list, its
duties granting actions on matters and categories."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.documents import build_responsibilities
from gridrules.catalogue import msg
from gridrules.kinds import schema_parts as sp
from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref, Target, each
from gridrules.kinds.labels import CATEGORY, DUTY, MATTER, ROLE
from gridrules.model import Grant, Policy, Responsibility
from gridrules.problems import Text
from gridrules.vocabulary import DocumentKind

W = sp.Words("responsibilities")


def schema() -> sp.Schema:
    duty = sp.grant(W("responsibilities.duties.id"), W("responsibilities.duties[]"))
    responsibility = sp.obj(
        {
            "role": sp.ident(sp.common("role")),
            "replace": sp.flag(W("responsibilities.replace"), default=False),
            "duties": sp.list_of(duty, W("responsibilities.duties"), min_items=1),
        },
        ["role", "duties"],
        W("responsibilities[]"),
    )
    props = {"responsibilities": sp.array(W("responsibilities"), responsibility)}
    return sp.document(W, "gridrules responsibility lists", props, ["responsibilities"])


GRANT_KEY = ("role", "duty_id", "mode")  # a grant's key says them (diff compares the rest)


def build(b: Build) -> dict[str, Any]:
    return {"responsibilities": build_responsibilities(b.layers, b.overridden)}


def grant_refs(grant: Grant, owner: Text) -> Iterator[Ref]:
    """The matters and categories a grant names (duties here, emergency grants too)."""
    yield from each(grant.origin, "matters", grant.matters, MATTER, owner)
    yield from each(grant.origin, "categories", grant.categories, CATEGORY, owner)


def references(p: Policy) -> Iterator[Ref]:
    for resp in p.responsibilities:
        owner = msg("kinds.responsibilities.responsibility_list")
        yield Ref(resp.origin, ("role",), resp.role, ROLE, owner)
        for duty in resp.duties:
            owner = msg("kinds.responsibilities.duty_of_role", role=resp.role, duty_id=duty.duty_id)
            yield from grant_refs(duty, owner)


def defined(p: Policy) -> Iterator[Defined]:
    for responsibility in p.responsibilities:
        for duty in responsibility.duties:
            key = f"{duty.role}/{duty.duty_id}"
            yield Defined("duty", key, duty, duty.origin, GRANT_KEY)


KIND = Kind(
    DocumentKind.RESPONSIBILITIES,
    schema,
    model=(Responsibility, Grant),
    build=build,
    references=references,
    targets=(Target(DUTY, lambda p: {d.duty_id for r in p.responsibilities for d in r.duties}),),
    definitions=(
        Definition(
            "responsibilities",
            "role",
            msg("kinds.responsibilities.responsibility_list_of_role"),
            nested="duties",
        ),
    ),
    changes=("duty",),
    defined=defined,
)
