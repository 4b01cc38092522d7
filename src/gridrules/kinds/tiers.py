"""Kind `tiers` (tiers.yaml): the levels of the grid tree, their sizing and staffing rules."""

from __future__ import annotations

from collections.abc import Iterator

from gridrules.build.documents import build_tier
from gridrules.catalogue import msg
from gridrules.kinds import schema_parts as sp
from gridrules.kinds.base import Definition, Kind, Ref, Target, by_id, each
from gridrules.kinds.labels import ROLE, TIER
from gridrules.model import (
    Difficulty,
    DifficultyBand,
    HouseholdRange,
    Policy,
    Sizing,
    Staffing,
    Tier,
)
from gridrules.vocabulary import DocumentKind

W = sp.Words("tiers")
ADMIN_LEVELS = ("city", "district", "county", "street", "township", "community", "village")


def households(desc: str) -> sp.Schema:
    """A household range (urban or rural grids)."""
    return sp.obj(
        {
            "min": sp.typed("integer", W("range.min"), minimum=0),
            "max": sp.typed("integer", W("range.max"), minimum=1),
        },
        [],
        desc,
        minProperties=1,
    )


def sizing() -> sp.Schema:
    return sp.obj(
        {
            "urban": households(W("tiers.sizing.urban")),
            "rural": households(W("tiers.sizing.rural")),
            "average_max_households": sp.typed(
                "integer", W("tiers.sizing.average_max_households"), minimum=1
            ),
            "door_to_door_hours": sp.typed(
                "number", W("tiers.sizing.door_to_door_hours"), exclusiveMinimum=0
            ),
            "note": sp.text(W("tiers.sizing.note")),
            "rural_unit": sp.choice(["village_group"], W("tiers.sizing.rural_unit")),
        },
        [],
        W("tiers.sizing"),
    )


def staffing() -> sp.Schema:
    band = sp.obj(
        {
            "above": sp.typed("number", W("tiers.staffing.difficulty.bands.above")),
            "extra": sp.typed("integer", W("tiers.staffing.difficulty.bands.extra"), minimum=1),
        },
        ["above", "extra"],
        W("tiers.staffing.difficulty.bands[]"),
    )
    difficulty = sp.obj(
        {
            "weights": sp.typed(
                "object",
                W("tiers.staffing.difficulty.weights"),
                additionalProperties={"type": "number"},
            ),
            "bands": sp.list_of(band, W("tiers.staffing.difficulty.bands"), min_items=1),
        },
        ["weights", "bands"],
        W("tiers.staffing.difficulty"),
    )
    return sp.one_or_many(
        {
            "roles": sp.ids(W("tiers.staffing.roles")),
            "min_per_grid": sp.typed(
                "integer", W("tiers.staffing.min_per_grid"), minimum=0, default=1
            ),
            "difficulty": difficulty,
        },
        ["roles"],
        W("tiers.staffing"),
    )


def schema() -> sp.Schema:
    tier = sp.named(
        {
            "parent": sp.typed(["string", "null"], W("tiers.parent"), pattern=sp.ID),
            "is_grid": sp.flag(W("tiers.is_grid")),
            "admin_level": sp.choice(ADMIN_LEVELS, W("tiers.admin_level")),
            "description": sp.DESCRIPTION,
            "sizing": sizing(),
            "staffing": staffing(),
        },
        ["is_grid"],
        W("tiers[]"),
    )
    tiers = sp.array(W("tiers"), tier, min_items=1)
    return sp.document(W, "gridrules grid tiers", {"tiers": tiers}, ["tiers"])


def references(p: Policy) -> Iterator[Ref]:
    for t in p.tiers:
        if t.parent is not None:
            yield Ref(t.origin, ("parent",), t.parent, TIER, msg("kinds.tiers.tier_2", id=t.id))
        for rule in t.staffing:
            owner = msg("kinds.tiers.staffing_of_tier", id=t.id)
            yield from each(t.origin, (*rule.path, "roles"), rule.roles, ROLE, owner)


KIND = Kind(
    DocumentKind.TIERS,
    schema,
    model=(Tier, Sizing, HouseholdRange, Staffing, Difficulty, DifficultyBand),
    build=lambda b: {"tiers": b.merged("tiers", "tiers", build_tier)},
    references=references,
    targets=(Target(TIER, lambda p: p.tier_by_id),),
    definitions=(Definition("tiers", "id", msg("kinds.tiers.tier")),),
    changes=("tier",),
    defined=lambda p: by_id("tier", p.tiers),
)
