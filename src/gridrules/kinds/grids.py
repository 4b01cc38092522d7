"""Kind `grids` (grids.yaml, rows inline or in grids.csv): the grid registry, the actual
tree of nodes. One per folder; never inherited through `extends`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.documents import build_grid, inherit_areas
from gridrules.catalogue import msg
from gridrules.cells import ATTRIBUTE_PARSERS, GRID_PARSERS
from gridrules.kinds import schema_parts as sp
from gridrules.kinds.base import Build, Kind, Ref, Rows, Target
from gridrules.kinds.labels import NODE, TIER
from gridrules.lookup import may_start_registry
from gridrules.model import Grid, Policy
from gridrules.vocabulary import AREAS_VOCABULARY, DocumentKind

W = sp.Words("grids")


def schema() -> sp.Schema:
    grid = sp.obj(
        {
            "id": sp.code(W("grids.id")),
            "name": sp.NAME,
            "tier": sp.ident(W("grids.tier")),
            "parent": {
                **sp.code(W("grids.parent")),
                "type": ["string", "null"],  # the pattern applies to strings only
            },
            "households": sp.typed("integer", W("grids.households"), minimum=0),
            "area": sp.closed_set(AREAS_VOCABULARY),
            "type": {**sp.text(W("grids.type")), "default": "residential"},
            "party_org": sp.text(W("grids.party_org")),
            "party_formation": sp.choice(sp.FORMATIONS, W("grids.party_formation")),
            "boundary": sp.text(W("grids.boundary")),
            "attributes": sp.typed(
                "object", W("grids.attributes"), additionalProperties={"type": "number"}
            ),
        },
        ["id", "name", "tier"],
        W("grids[]"),
    )
    props = {"csv": sp.text(W("csv")), "grids": sp.array(W("grids"), grid)}
    return sp.document(W, "gridrules grid registry", props, [])


def build(b: Build) -> dict[str, Any]:
    grids = b.own_rows("grids", build_grid)
    default = b.fields["jurisdiction"].settings.default_area
    return {"grids": inherit_areas(grids, default)}


def references(p: Policy) -> Iterator[Ref]:
    """Only the unresolved ones (O(n) on a registry, no garbage): a node's tier and parent."""
    tiers, nodes = p.tier_by_id, p.grid_by_id
    for g in p.grids:
        if g.tier not in tiers:
            yield Ref(g.origin, ("tier",), g.tier, TIER, msg("kinds.grids.grid", id=g.id))
        if g.parent is not None and g.parent not in nodes and not may_start_registry(p, g):
            tier = tiers.get(g.tier)
            owner = msg("kinds.grids.grid", id=g.id)
            yield Ref(g.origin, ("parent",), g.parent, NODE, owner, tier.parent if tier else None)


KIND = Kind(
    DocumentKind.GRIDS,
    schema,
    singleton=True,
    rows=Rows(
        "grids",
        ("id", "name", "tier"),
        GRID_PARSERS,
        ATTRIBUTE_PARSERS["grids"],
        msg("kinds.grids.grid_code"),
    ),
    model=(Grid,),
    build=build,
    references=references,
    targets=(Target(NODE, lambda p: p.grid_by_id),),
)
