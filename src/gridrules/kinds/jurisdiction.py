"""Kind `jurisdiction` (jurisdiction.yaml): id, name, level, urban/rural character, `extends`,
settings. Required, one per folder; settings merge key by key through `extends`."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.policy import build_jurisdiction
from gridrules.catalogue import msg
from gridrules.kinds.base import Build, Defined, Kind, Ref
from gridrules.kinds.labels import TIER
from gridrules.kinds.schema_burden import GRID_CODES
from gridrules.kinds.schema_parts import (
    DESCRIPTION,
    NAME,
    NAME_EN,
    closed_set,
    d,
    document,
    duration,
    ident,
    ids,
    obj,
    text,
)
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

WORKLOAD_LIMITS = obj(
    {
        "max_hours_per_month": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": d(
                "每名网格员每月例行工作时长上限（小时）", "most hours a month per worker"
            ),
        },
        "min_field_share": {
            "type": "number",
            "minimum": 0,
            "maximum": 1,
            "description": d(
                "外勤（走访、巡查）时间最低占比，如江干区 0.5",
                "least share of time in the field (visits, patrols), e.g. Jianggan 0.5",
            ),
        },
        "field_share_roles": ids(
            d("外勤占比适用的角色（默认全部）", "roles the field share applies to (default all)")
        ),
        "door_to_door_hours": {
            "type": "number",
            "exclusiveMinimum": 0,
            "description": d(
                "入户走访一遍的时长上限（小时；层级 sizing 另有规定时从其规定）",
                "a door-to-door round within N hours (a tier's sizing overrides it)",
            ),
        },
        "source": text(d("出处", "where the limits come from")),
    },
    [],
    d("工作量上限（减负）", "workload limits (burden reduction)"),
)


CEILING = obj(
    {
        "limit": duration(d("任何事项的最长时限", "the longest any matter may take")),
        "extension": text(
            d("延长的条件（如“经审批可延长”）", "how it may be extended (e.g. on approval)")
        ),
        "source": text(
            d(
                "规则出处；借用外地规则的写明借自何处",
                "where the rule comes from; a rule borrowed from elsewhere says so",
            )
        ),
    },
    ["limit"],
    d(
        "全辖区时限上限：办结时限和处置层级累计时限都不得超过",
        "jurisdiction-wide ceiling: no close_within and no route's deadline may exceed it",
    ),
)


def schema() -> dict[str, Any]:
    return document(
        "jurisdiction",
        "gridrules jurisdiction",
        d(
            "辖区：名称、层级、城乡属性、继承的上级政策",
            "a jurisdiction: name, level, urban/rural character, parent policy",
        ),
        {
            "id": ident(d("辖区标识", "jurisdiction id")),
            "name": NAME,
            "name_en": NAME_EN,
            "level": {
                "enum": ["province", "city", "district", "county", "street", "township"],
                "description": d("行政层级", "administrative level"),
            },
            "character": {
                "enum": ["urban", "rural", "mixed"],
                "description": d("城乡属性", "urban/rural character"),
            },
            "extends": text(
                d(
                    "继承的上级辖区文件夹（相对路径，不得超出政策根目录）",
                    "parent jurisdiction folder (relative; may not leave the policy root)",
                )
            ),
            "description": DESCRIPTION,
            "settings": obj(
                {
                    "grids_belong_to_community": {
                        "type": "boolean",
                        "default": True,
                        "description": d(
                            "每个网格必须属于且仅属于一个社区（村）",
                            "every grid must belong to exactly one community or village",
                        ),
                    },
                    "default_area": closed_set(
                        AREAS_VOCABULARY,
                        d(
                            "台账未写城乡属性、上级节点也未写时的默认值",
                            "area assumed where neither the node nor an ancestor gives one "
                            "(default: rural for a rural jurisdiction, else urban)",
                        ),
                    ),
                    "supervision_hotline": text(
                        d("监督电话（公示牌用）", "supervision hotline (for notice sheets)")
                    ),
                    "office": text(
                        d("网格化服务管理中心名称", "name of the grid service management office")
                    ),
                    "example": {
                        "type": "boolean",
                        "default": False,
                        "description": d(
                            "示例政策：人名、编码、文号、电话等为虚构或未经核实；"
                            "据此生成的手册每页封面和页脚标注“示例”（下级政策继承）",
                            "example policy: names, codes, document numbers and phone numbers are "
                            "invented or unverified; every handbook page rendered from it says "
                            "'Example' on its cover and footer (inherited through extends)",
                        ),
                    },
                    "protected_tiers": ids(
                        d(
                            "受事项准入和排除清单保护的层级（默认：社区、村及其以下各层级，"
                            "不论是否为网格）",
                            "tiers the admission and exclusion lists protect (default: every "
                            "tier at or below the community/village level, grid or not)",
                        )
                    ),
                    "time_limit_ceiling": CEILING,
                    "grid_codes": GRID_CODES,
                    "workload": WORKLOAD_LIMITS,
                    "handbook": obj(
                        {
                            "edition": text(
                                d("版次（封面），如“2026年版”", "edition, e.g. '2026年版'")
                            ),
                            "issuing_number": text(
                                d("印发文号（封面）", "issuing document number")
                            ),
                            "office": text(d("印发单位（封面）", "issuing office (cover)")),
                        },
                        [],
                        d("印制手册的封面信息（缺省则留空）", "what the handbook cover prints"),
                    ),
                },
                [],
                d("辖区设置", "jurisdiction settings"),
            ),
        },
        ["id", "name", "level", "character"],
    )


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
    "jurisdiction.yaml",
    schema,
    singleton=True,
    model=(Jurisdiction, Settings, TimeLimitCeiling, HandbookSettings, GridCodes, WorkloadLimits),
    build=build,
    references=references,
    changes=("jurisdiction",),
    defined=defined,
)
