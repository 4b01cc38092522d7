"""Kind `responsibilities` (responsibilities.yaml): each role's responsibility list (职责清单),
its duties granting actions on matters and categories."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.documents import build_responsibilities
from gridrules.catalogue import msg
from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref, Target
from gridrules.kinds.labels import CATEGORY, DUTY, MATTER, ROLE
from gridrules.kinds.schema_parts import (
    GRANT_PROPS,
    NAME,
    NAME_EN,
    d,
    document,
    ident,
    obj,
)
from gridrules.model import Grant, Policy, Responsibility
from gridrules.problems import Text
from gridrules.vocabulary import DocumentKind

GRANT = obj(
    {"id": ident(d("职责标识", "duty id")), "name": NAME, "name_en": NAME_EN, **GRANT_PROPS},
    ["id", "name", "actions"],
    d("一项职责：对哪些事项可做哪些动作", "a duty: which actions on which matters"),
    anyOf=[{"required": ["matters"]}, {"required": ["categories"]}],
)


def schema() -> dict[str, Any]:
    return document(
        "responsibilities",
        "gridrules responsibility lists",
        d("职责清单：每个角色的职责", "responsibility lists: each role's duties"),
        {
            "responsibilities": {
                "type": "array",
                "description": d("各角色职责清单", "per-role lists"),
                "items": obj(
                    {
                        "role": ident(d("角色", "role")),
                        "replace": {
                            "type": "boolean",
                            "default": False,
                            "description": d(
                                "继承时整体替换上级的该角色清单（默认按职责标识合并）",
                                "replace the parent's list for this role whole (default: merge by duty id)",
                            ),
                        },
                        "duties": {
                            "type": "array",
                            "minItems": 1,
                            "items": GRANT,
                            "description": d("职责", "duties"),
                        },
                    },
                    ["role", "duties"],
                    d("一个角色的职责清单", "one role's list"),
                ),
            }
        },
        ["responsibilities"],
    )


GRANT_KEY = ("role", "duty_id", "mode")  # a grant's key says them (diff compares the rest)


def build(b: Build) -> dict[str, Any]:
    return {"responsibilities": build_responsibilities(b.layers, b.overridden)}


def grant_refs(grant: Grant, owner: Text) -> Iterator[Ref]:
    """The matters and categories a grant names (duties here, emergency grants too)."""
    for k, matter in enumerate(grant.matters):
        yield Ref(grant.origin, ("matters", k), matter, MATTER, owner)
    for k, category in enumerate(grant.categories):
        yield Ref(grant.origin, ("categories", k), category, CATEGORY, owner)


def references(p: Policy) -> Iterator[Ref]:
    for resp in p.responsibilities:
        yield Ref(
            resp.origin,
            ("role",),
            resp.role,
            ROLE,
            msg("kinds.responsibilities.responsibility_list"),
        )
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
    "responsibilities.yaml",
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
