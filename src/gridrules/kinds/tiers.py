"""Kind `tiers` (tiers.yaml): the levels of the grid tree, their sizing and staffing rules."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.common import merge_layers
from gridrules.build.documents import build_tier
from gridrules.catalogue import msg
from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref, Target
from gridrules.kinds.labels import ROLE, TIER
from gridrules.kinds.schema_parts import (
    DESCRIPTION,
    ID,
    d,
    document,
    ids,
    named,
    obj,
    one_or_many,
    text,
)
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

RANGE = obj(
    {
        "min": {"type": "integer", "minimum": 0, "description": d("最少户数", "fewest households")},
        "max": {"type": "integer", "minimum": 1, "description": d("最多户数", "most households")},
    },
    [],
    d("户数范围", "household range"),
    minProperties=1,
)


def schema() -> dict[str, Any]:
    return document(
        "tiers",
        "gridrules grid tiers",
        d("网格层级及其规模、配备规则", "grid tiers with sizing and staffing rules"),
        {
            "tiers": {
                "type": "array",
                "minItems": 1,
                "description": d("层级，自上而下", "tiers, top down"),
                "items": named(
                    {
                        "parent": {
                            "type": ["string", "null"],
                            "pattern": ID,
                            "description": d(
                                "上级层级（最高层为 null）", "parent tier (null at the top)"
                            ),
                        },
                        "is_grid": {
                            "type": "boolean",
                            "description": d(
                                "该层是否为网格（否则为行政单元）",
                                "whether nodes of this tier are grids (else administrative units)",
                            ),
                        },
                        "admin_level": {
                            "enum": [
                                "city",
                                "district",
                                "county",
                                "street",
                                "township",
                                "community",
                                "village",
                            ],
                            "description": d(
                                "对应的行政层级（如社区总网格对应社区）",
                                "the administrative unit this tier coincides with",
                            ),
                        },
                        "description": DESCRIPTION,
                        "sizing": obj(
                            {
                                "urban": {
                                    **RANGE,
                                    "description": d(
                                        "城镇网格户数范围", "household range for urban grids"
                                    ),
                                },
                                "rural": {
                                    **RANGE,
                                    "description": d(
                                        "农村网格户数范围", "household range for rural grids"
                                    ),
                                },
                                "average_max_households": {
                                    "type": "integer",
                                    "minimum": 1,
                                    "description": d(
                                        "平均户数上限", "upper bound on the average households"
                                    ),
                                },
                                "door_to_door_hours": {
                                    "type": "number",
                                    "exclusiveMinimum": 0,
                                    "description": d(
                                        "入户走访一遍的工作量上限（小时）",
                                        "door-to-door round must fit in N hours",
                                    ),
                                },
                                "note": text(d("补充说明", "note")),
                                "rural_unit": {
                                    "enum": ["village_group"],
                                    "description": d(
                                        "农村网格按村民小组划分：一个网格不跨村民小组"
                                        "（台账 village_groups 列）",
                                        "rural grids drawn by village group: a grid lies in one "
                                        "村民小组 (registry column village_groups)",
                                    ),
                                },
                            },
                            [],
                            d("规模规则", "sizing rules"),
                        ),
                        "staffing": one_or_many(
                            {
                                "roles": ids(
                                    d("计入配备人数的角色", "roles that count towards staffing")
                                ),
                                "min_per_grid": {
                                    "type": "integer",
                                    "minimum": 0,
                                    "default": 1,
                                    "description": d("每格最少人数", "fewest workers per grid"),
                                },
                                "difficulty": obj(
                                    {
                                        "weights": {
                                            "type": "object",
                                            "additionalProperties": {"type": "number"},
                                            "description": d(
                                                "难度评分权重（台账属性名 → 权重）",
                                                "difficulty weights (registry attribute → weight)",
                                            ),
                                        },
                                        "bands": {
                                            "type": "array",
                                            "minItems": 1,
                                            "items": obj(
                                                {
                                                    "above": {
                                                        "type": "number",
                                                        "description": d(
                                                            "评分高于此值", "score above"
                                                        ),
                                                    },
                                                    "extra": {
                                                        "type": "integer",
                                                        "minimum": 1,
                                                        "description": d(
                                                            "增配人数", "extra workers"
                                                        ),
                                                    },
                                                },
                                                ["above", "extra"],
                                                d("增配档位", "staffing band"),
                                            ),
                                            "description": d("增配档位", "bands"),
                                        },
                                    },
                                    ["weights", "bands"],
                                    d(
                                        "按管理难度增配（新北模式）",
                                        "difficulty-based staffing (Xinbei model)",
                                    ),
                                ),
                            },
                            ["roles"],
                            d(
                                "人员配备规则：一条，或多条（如每格 1 名网格长 + 至少 1 名网格员）",
                                "staffing rules: one, or a list (e.g. 1 grid leader + at least 1 grid worker per grid)",
                            ),
                        ),
                    },
                    ["is_grid"],
                    d("一个网格层级", "a grid tier"),
                ),
            }
        },
        ["tiers"],
    )


def build(b: Build) -> dict[str, Any]:
    return {
        "tiers": merge_layers(b.layers, "tiers", "tiers", build_tier, lambda t: t.id, b.overridden)
    }


def references(p: Policy) -> Iterator[Ref]:
    for t in p.tiers:
        if t.parent is not None:
            yield Ref(t.origin, ("parent",), t.parent, TIER, msg("kinds.tiers.tier_2", id=t.id))
        for rule in t.staffing:
            for k, role in enumerate(rule.roles):
                owner = msg("kinds.tiers.staffing_of_tier", id=t.id)
                yield Ref(t.origin, (*rule.path, "roles", k), role, ROLE, owner)


def defined(p: Policy) -> Iterator[Defined]:
    for t in p.tiers:
        yield Defined("tier", t.id, t, t.origin, ("id",))


KIND = Kind(
    DocumentKind.TIERS,
    "tiers.yaml",
    schema,
    model=(Tier, Sizing, HouseholdRange, Staffing, Difficulty, DifficultyBand),
    build=build,
    references=references,
    targets=(Target(TIER, lambda p: p.tier_by_id),),
    definitions=(Definition("tiers", "id", msg("kinds.tiers.tier")),),
    changes=("tier",),
    defined=defined,
)
