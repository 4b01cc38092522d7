"""Kind `jurisdiction` (jurisdiction.yaml): id, name, level, urban/rural character, `extends`,
settings. Required, one per folder; settings merge key by key through `extends`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.policy import build_jurisdiction
from gridrules.catalogue import msg
from gridrules.kinds import schema_parts as sp
from gridrules.kinds.base import Build, Defined, Kind, Ref
from gridrules.kinds.labels import TIER
from gridrules.model import (
    GridCodes,
    HandbookSettings,
    Jurisdiction,
    Policy,
    Settings,
    TimeLimitCeiling,
    WorkloadLimits,
)
from gridrules.vocabulary import AREAS_VOCABULARY, DocumentKind

W = sp.Words("jurisdiction")
LEVELS = ("province", "city", "district", "county", "street", "township")


def workload() -> sp.Schema:
    return sp.obj(
        {
            "max_hours_per_month": sp.typed(
                "number", W("settings.workload.max_hours_per_month"), exclusiveMinimum=0
            ),
            "min_field_share": sp.typed(
                "number", W("settings.workload.min_field_share"), minimum=0, maximum=1
            ),
            "field_share_roles": sp.ids(W("settings.workload.field_share_roles")),
            "door_to_door_hours": sp.typed(
                "number", W("settings.workload.door_to_door_hours"), exclusiveMinimum=0
            ),
            "source": sp.text(W("settings.workload.source")),
        },
        [],
        W("settings.workload"),
    )


def ceiling() -> sp.Schema:
    return sp.obj(
        {
            "limit": sp.duration(W("settings.time_limit_ceiling.limit")),
            "extension": sp.text(W("settings.time_limit_ceiling.extension")),
            "source": sp.text(sp.common("rule_source")),
        },
        ["limit"],
        W("settings.time_limit_ceiling"),
    )


def grid_codes() -> sp.Schema:
    return sp.obj(
        {
            "scheme": sp.text(W("settings.grid_codes.scheme")),
            "lengths": sp.typed(
                "object",
                W("settings.grid_codes.lengths"),
                minProperties=1,
                additionalProperties={"type": "integer", "minimum": 1, "maximum": 64},
            ),
            "digits": sp.flag(W("settings.grid_codes.digits")),
        },
        ["scheme", "lengths"],
        W("settings.grid_codes"),
    )


def handbook() -> sp.Schema:
    return sp.obj(
        {
            "edition": sp.text(W("settings.handbook.edition")),
            "issuing_number": sp.text(W("settings.handbook.issuing_number")),
            "office": sp.text(W("settings.handbook.office")),
        },
        [],
        W("settings.handbook"),
    )


def settings() -> sp.Schema:
    return sp.obj(
        {
            "grids_belong_to_community": sp.flag(
                W("settings.grids_belong_to_community"), default=True
            ),
            "default_area": sp.closed_set(AREAS_VOCABULARY, W("settings.default_area")),
            "supervision_hotline": sp.text(W("settings.supervision_hotline")),
            "office": sp.text(W("settings.office")),
            "example": sp.flag(W("settings.example"), default=False),
            "protected_tiers": sp.ids(W("settings.protected_tiers")),
            "time_limit_ceiling": ceiling(),
            "grid_codes": grid_codes(),
            "workload": workload(),
            "handbook": handbook(),
        },
        [],
        W("settings"),
    )


def schema() -> sp.Schema:
    props = {
        "id": sp.ident(W("id")),
        **sp.NAMES,
        "level": sp.choice(LEVELS, W("level")),
        "character": sp.choice(["urban", "rural", "mixed"], W("character")),
        "extends": sp.text(W("extends")),
        "description": sp.DESCRIPTION,
        "settings": settings(),
    }
    return sp.document(W, "gridrules jurisdiction", props, ["id", "name", "level", "character"])


def build(b: Build) -> dict[str, Any]:
    return {"jurisdiction": build_jurisdiction(b.layers)}


def references(p: Policy) -> Iterator[Ref]:
    settings = p.jurisdiction.settings
    for k, tier in enumerate(settings.protected_tiers or ()):
        owner = msg("kinds.jurisdiction.setting_protected_tiers")
        origin = p.jurisdiction.origin
        yield Ref(origin, ("settings", "protected_tiers", k), tier, TIER, owner)
    codes = settings.grid_codes
    if codes is not None:
        owner = msg("kinds.jurisdiction.setting_grid_codes")
        for tier, _ in codes.lengths:
            yield Ref(codes.origin, ("lengths", tier), tier, TIER, owner)


def defined(p: Policy) -> Iterator[Defined]:
    yield Defined("jurisdiction", "jurisdiction", p.jurisdiction, p.jurisdiction.origin)


KIND = Kind(
    DocumentKind.JURISDICTION,
    schema,
    singleton=True,
    model=(Jurisdiction, Settings, TimeLimitCeiling, HandbookSettings, GridCodes, WorkloadLimits),
    build=build,
    references=references,
    changes=("jurisdiction",),
    defined=defined,
)
