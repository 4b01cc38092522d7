"""Kind `grids` (grids.yaml, rows inline or in grids.csv): the grid registry, the actual
tree of nodes. One per folder; never inherited through `extends`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.documents import build_grid, inherit_areas
from gridrules.catalogue import msg
from gridrules.cells import ATTRIBUTE_PARSERS, GRID_PARSERS
from gridrules.kinds.base import Build, Kind, Ref, Rows, Target
from gridrules.kinds.labels import NODE, TIER
from gridrules.kinds.schema_burden import FORMATIONS
from gridrules.kinds.schema_parts import (
    NAME,
    closed_set,
    code,
    d,
    document,
    ident,
    obj,
    text,
)
from gridrules.lookup import may_start_registry
from gridrules.model import Grid, Policy
from gridrules.vocabulary import AREAS_VOCABULARY, DocumentKind


def schema() -> dict[str, Any]:
    return document(
        "grids",
        "gridrules grid registry",
        d(
            "网格台账：实际的网格树（可写在 CSV 中）",
            "grid registry: the actual grid tree (inline or in CSV)",
        ),
        {
            "csv": text(
                d(
                    "CSV 文件（相对本文件），列：id,name,tier,parent,households,area,type,party_org,boundary，其余数值列为属性",
                    "CSV file (relative to this file); columns id,name,tier,parent,households,area,type,party_org,boundary; other numeric columns are attributes",
                )
            ),
            "grids": {
                "type": "array",
                "description": d("网格", "grids"),
                "items": obj(
                    {
                        "id": code(d("网格编码", "grid code")),
                        "name": NAME,
                        "tier": ident(d("层级", "tier")),
                        "parent": {
                            **code(d("上级节点编码", "parent node code")),
                            "type": ["string", "null"],  # the pattern applies to strings only
                        },
                        "households": {
                            "type": "integer",
                            "minimum": 0,
                            "description": d("户数", "households"),
                        },
                        "area": closed_set(AREAS_VOCABULARY),
                        "type": {
                            **text(
                                d(
                                    "类型（residential 居住、dedicated 专属…）",
                                    "type (residential, dedicated, …)",
                                )
                            ),
                            "default": "residential",
                        },
                        "party_org": text(d("所属党组织名称", "party organisation")),
                        "party_formation": {
                            "enum": list(FORMATIONS),
                            "description": d(
                                "党组织组建方式：single 单独建、converted 转化建、joint 联合建",
                                "how its party organisation is built: single, converted, joint",
                            ),
                        },
                        "boundary": text(d("四至范围", "boundary")),
                        "attributes": {
                            "type": "object",
                            "additionalProperties": {"type": "number"},
                            "description": d(
                                "评分属性（流动人口、出租房、商户…）",
                                "scoring attributes (floating population, rentals, merchants, …)",
                            ),
                        },
                    },
                    ["id", "name", "tier"],
                    d("一个网格或行政节点", "a grid or administrative node"),
                ),
            },
        },
        [],
    )


def build(b: Build) -> dict[str, Any]:
    own = b.layers[-1]
    grids = [build_grid(row.data, row.origin) for doc in own.all("grids") for row in doc.rows]
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
    "grids.yaml",
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
