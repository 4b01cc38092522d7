"""Generate schemas/*.schema.json (JSON Schema draft-07) for every policy document kind.

Draft-07 because the YAML language server that editors use does not support
2020-12. Run after changing the format:  python scripts/build_schemas.py
tests/test_schemas.py fails when the committed files differ from this output.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT / "src") not in sys.path:  # the national response levels live in the package
    sys.path.insert(0, str(ROOT / "src"))

from gridrules.levels import LEVEL_IDS  # noqa: E402
from gridrules.names import CODE_PATTERN, ID_PATTERN  # noqa: E402
from gridrules.vocabulary import (  # noqa: E402
    ACTIONS_VOCABULARY,
    AREAS_VOCABULARY,
    FREQUENCIES_VOCABULARY,
    MODES_VOCABULARY,
    REASONS_VOCABULARY,
    SCOPES_VOCABULARY,
    STAGES_VOCABULARY,
    Vocabulary,
)

OUT = ROOT / "schemas"
BASE_URI = "https://gridrules.org/schemas/v1/"
# Ids and codes travel unchanged through Casbin CSV rows, file names and URLs (gridrules.names).
ID = ID_PATTERN
CODE = CODE_PATTERN
DURATION = r"^[1-9][0-9]*[mhd]$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
ACTIONS = list(ACTIONS_VOCABULARY.ids)


def closed_set(vocabulary: Vocabulary[Any], desc: str = "") -> dict[str, Any]:
    """An enum of one of the domain's closed sets, described from gridrules.vocabulary."""
    text = vocabulary.describe()
    return {"enum": list(vocabulary.ids), "description": f"{desc} — {text}" if desc else text}


def d(zh: str, en: str) -> str:
    return f"{zh} / {en}"


def obj(props: dict[str, Any], required: list[str], desc: str, **extra: Any) -> dict[str, Any]:
    return {
        "type": "object",
        "description": desc,
        "properties": props,
        "required": required,
        "additionalProperties": False,
        **extra,
    }


def one_or_many(props: dict[str, Any], required: list[str], desc: str) -> dict[str, Any]:
    """An object, or a non-empty list of such objects."""
    item = obj(props, required, desc)
    return {"description": desc, "oneOf": [item, {"type": "array", "minItems": 1, "items": item}]}


def ident(desc: str) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": ID,
        "description": desc
        + "（小写英文字母开头，其后仅小写字母、数字和 _，不含点号和连字符 / a lower-case letter, "
        "then lower-case letters, digits and _; no dots or hyphens）",
    }


def code(desc: str) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": CODE,
        "description": desc
        + "（英文字母、数字、_ . -，最长 64 个字符 / ASCII letters, digits, _ . -, up to 64）",
    }


def text(desc: str) -> dict[str, Any]:
    return {"type": "string", "description": desc}


def ids(desc: str) -> dict[str, Any]:
    return {"type": "array", "items": {"type": "string", "pattern": ID}, "description": desc}


def duration(desc: str) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": DURATION,
        "description": desc + "（如 30m、2h、3d / e.g. 30m, 2h, 3d）",
    }


def date(desc: str) -> dict[str, Any]:
    return {
        "type": "string",
        "pattern": DATE,
        "format": "date",
        "description": desc + "（YYYY-MM-DD）",
    }


NAME = text(d("中文名称", "Chinese name"))
NAME_EN = text(d("英文名称（可选）", "English name (optional)"))
DESCRIPTION = text(d("说明", "description"))


def header(kind: str, desc: str) -> dict[str, Any]:
    return {
        "kind": {"const": kind, "description": d("文档类型", "document kind")},
        "version": {
            "const": 1,
            "description": d("格式版本，目前为 1", "format version, currently 1"),
        },
    }


def document(
    kind: str, title: str, desc: str, props: dict[str, Any], required: list[str]
) -> dict[str, Any]:
    schema = obj({**header(kind, desc), **props}, ["kind", "version", *required], desc)
    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "$id": f"{BASE_URI}{kind}.schema.json",
        "title": title,
        **schema,
    }


def named(props: dict[str, Any], required: list[str], desc: str) -> dict[str, Any]:
    return obj(
        {
            "id": ident(d("标识（英文小写）", "identifier (lower-case English)")),
            "name": NAME,
            "name_en": NAME_EN,
            **props,
        },
        ["id", "name", *required],
        desc,
    )


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


def procedure(required: list[str]) -> dict[str, Any]:
    """An emergency procedure; a plan's procedures must name the roles that run them."""
    return named(
        {
            "roles": {
                **ids(d("承担本程序的角色", "the roles that run it")),
                "minItems": 1,
            },
            "steps": {
                "type": "array",
                "items": {"type": "string"},
                "description": d("步骤", "steps"),
            },
            "time_limit": duration(d("时限", "time limit")),
        },
        ["steps", *required],
        d("一项程序", "a procedure"),
    )


RANGE = obj(
    {
        "min": {"type": "integer", "minimum": 0, "description": d("最少户数", "fewest households")},
        "max": {"type": "integer", "minimum": 1, "description": d("最多户数", "most households")},
    },
    [],
    d("户数范围", "household range"),
    minProperties=1,
)

GRANT_PROPS = {
    "actions": {
        "type": "array",
        "minItems": 1,
        "uniqueItems": True,
        "items": {"enum": ACTIONS},
        "description": ACTIONS_VOCABULARY.describe(),
    },
    "matters": ids(d("事项标识", "matter ids")),
    "categories": ids(
        d("事项类别标识（含该类全部事项）", "category ids (every matter in the category)")
    ),
    "description": DESCRIPTION,
}

GRANT = obj(
    {"id": ident(d("职责标识", "duty id")), "name": NAME, "name_en": NAME_EN, **GRANT_PROPS},
    ["id", "name", "actions"],
    d("一项职责：对哪些事项可做哪些动作", "a duty: which actions on which matters"),
    anyOf=[{"required": ["matters"]}, {"required": ["categories"]}],
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

DIRECT_REPORT = obj(
    {
        "level": ident(d("直接报告到的处置层级", "escalation level reported to directly")),
        "within": duration(d("首报（口头、电话）时限", "first (verbal) report within")),
        "written_within": duration(d("书面报告时限", "written report within")),
        "source": text(
            d(
                "规则出处；借用外地规则的写明借自何处",
                "where the rule comes from; a rule borrowed from elsewhere says so",
            )
        ),
    },
    ["level", "within"],
    d(
        "紧急事项越级直报：发现后在时限内直接报告指定层级，不逐级上报",
        "urgent skip-level reporting: report straight to the named level within the time",
    ),
)

if str(ROOT / "scripts") not in sys.path:  # schema_burden.py sits beside this script
    sys.path.insert(0, str(ROOT / "scripts"))
from schema_burden import (  # noqa: E402  (burden registers, warnings, grid codes)
    FORMATIONS,
    GRID_CODES,
    REGISTERS_SCHEMA,
    WARNING_TASK,
)

SCHEMAS: dict[str, dict[str, Any]] = {
    "jurisdiction": document(
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
    ),
    "tiers": document(
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
    ),
    "roles": document(
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
    ),
    "matters": document(
        "matters",
        "gridrules matter catalogue",
        d("事项目录", "matter catalogue"),
        {
            "categories": {
                "type": "array",
                "description": d("事项类别", "matter categories"),
                "items": named(
                    {"description": DESCRIPTION, "direct_report": DIRECT_REPORT},
                    [],
                    d("一个类别", "a category"),
                ),
            },
            "matters": {
                "type": "array",
                "description": d("事项", "matters"),
                "items": named(
                    {
                        "category": ident(d("所属类别", "category")),
                        "handling_tier": ident(d("默认处置层级", "default handling tier")),
                        "time_limits": obj(
                            {
                                "report_within": duration(d("发现后上报时限", "report within")),
                                "close_within": duration(
                                    d(
                                        "办结时限（自发现起，不少于处置路线累计时限）",
                                        "close within (from discovery; at least the route's "
                                        "cumulative deadline)",
                                    )
                                ),
                                "level_limits": {
                                    "type": "object",
                                    "description": d(
                                        "本事项在各处置层级的时限（代替层级自身时限）",
                                        "this matter's time at given escalation levels "
                                        "(instead of the levels' own limits)",
                                    ),
                                    "propertyNames": {"pattern": ID},
                                    "additionalProperties": duration(
                                        d("该层级时限", "time at that level")
                                    ),
                                },
                            },
                            [],
                            d("时限", "time limits"),
                        ),
                        "direct_report": DIRECT_REPORT,
                        "description": DESCRIPTION,
                    },
                    ["category", "handling_tier"],
                    d("一个事项", "a matter"),
                ),
            },
        },
        [],
    ),
    "responsibilities": document(
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
    ),
    "admission": document(
        "admission",
        "gridrules duty admission list",
        d("事项准入清单与排除清单", "duty-admission list and exclusion list"),
        {
            "lists": {
                "type": "array",
                "description": d(
                    "清单分类（如江干三张清单）", "named lists (e.g. Jianggan's three lists)"
                ),
                "items": named({"description": DESCRIPTION}, [], d("一张清单", "a list")),
            },
            "procedure": text(d("准入程序说明", "admission procedure")),
            "admitted": {
                "type": "array",
                "description": d("准入事项", "admitted matters"),
                "items": obj(
                    {
                        "matter": ident(d("事项", "matter")),
                        "list": ident(d("所属清单", "list it belongs to")),
                        "approved_by": text(d("审批机关", "approving body")),
                        "basis": text(d("依据文件", "basis document")),
                        "effective": date(d("生效日期", "effective date")),
                        "expires": date(
                            d(
                                "失效日期（临时准入必填）",
                                "expiry date (required for temporary admissions)",
                            )
                        ),
                        "temporary": {
                            "type": "boolean",
                            "default": False,
                            "description": d("临时性紧急准入", "urgent temporary admission"),
                        },
                        "note": text(d("备注", "note")),
                        "mode": {
                            "enum": list(MODES_VOCABULARY.ids),
                            "default": "normal",
                            "description": d(
                                "normal 平时即准入（默认）；emergency 仅在应急预案启动期间准入",
                                "normal: admitted at all times (default); emergency: admitted "
                                "only while an emergency plan is active",
                            ),
                        },
                        "plan": ident(
                            d(
                                "仅在该应急预案启动期间准入（须同时写 mode: emergency）",
                                "admitted only while this emergency plan is active "
                                "(needs mode: emergency)",
                            )
                        ),
                    },
                    ["matter", "approved_by", "basis", "effective"],
                    d("一项准入", "an admission"),
                ),
            },
            "excluded": {
                "type": "array",
                "description": d("不得下沉网格的事项", "matters that may not be pushed to grids"),
                "items": obj(
                    {
                        "matter": ident(d("事项", "matter")),
                        "reason": text(d("排除理由", "reason")),
                        "basis": text(d("依据", "basis")),
                    },
                    ["matter", "reason"],
                    d("一项排除", "an exclusion"),
                ),
            },
            "prohibitions": {
                "type": "array",
                "description": d(
                    "工作方法负面清单：对网格工作的留痕、表格、考核等方式的禁止性规定（不是事项）",
                    "work-method prohibitions: rules on how grid work may be demanded, "
                    "evidenced or assessed (not matters)",
                ),
                "items": named(
                    {
                        "text": text(d("规定内容", "the rule as printed")),
                        "basis": text(d("依据", "basis")),
                        "origin": text(
                            d(
                                "出处：原始材料、借用自何地或示例说明",
                                "where the rule comes from: source, place borrowed from, "
                                "or an example note",
                            )
                        ),
                    },
                    ["text"],
                    d("一条禁止性规定", "a prohibition"),
                ),
            },
        },
        [],
    ),
    "escalation": document(
        "escalation",
        "gridrules escalation",
        d(
            "事件流转：处置层级、部门分流、闭环步骤、预警分级",
            "escalation: handling levels, department routing, closed loop, warnings",
        ),
        {
            "levels": {
                "type": "array",
                "minItems": 1,
                "description": d("处置层级，自下而上", "handling levels, bottom up"),
                "items": named(
                    {
                        "tier": ident(d("对应网格层级", "tier")),
                        "handlers": ids(d("在此层处置的角色", "roles that handle at this level")),
                        "time_limit": duration(d("本层处置时限", "time limit at this level")),
                    },
                    ["tier"],
                    d("一个处置层级", "a level"),
                ),
            },
            "departments": {
                "type": "array",
                "description": d("职能部门", "departments"),
                "items": named(
                    {
                        "level": ident(d("由哪个层级派遣", "level that dispatches to it")),
                        "time_limit": duration(
                            d(
                                "部门办理时限（不超过派遣它的层级时限）",
                                "its time for a matter (within the dispatching level's limit)",
                            )
                        ),
                    },
                    ["level"],
                    d("一个部门", "a department"),
                ),
            },
            "routing": {
                "type": "array",
                "description": d(
                    "事权在部门的事项分流",
                    "routing of matters whose authority lies with departments",
                ),
                "items": obj(
                    {
                        "matters": ids(d("事项", "matters")),
                        "categories": ids(d("类别", "categories")),
                        "departments": {**ids(d("部门", "departments")), "minItems": 1},
                        "lead": {**ids(d("牵头部门", "lead departments (牵头)")), "minItems": 1},
                        "assist": {
                            **ids(d("配合部门", "assisting departments (配合)")),
                            "minItems": 1,
                        },
                        "keep": {
                            "type": "boolean",
                            "default": False,
                            "description": d(
                                "处置层级不上交，自行牵头并借助上级部门（如佳木斯街道办）",
                                "the handling level keeps the case and enlists the departments "
                                "instead of handing it up (e.g. Jiamusi's street office)",
                            ),
                        },
                    },
                    [],
                    d("一条分流规则", "a routing rule"),
                    allOf=[
                        {"anyOf": [{"required": ["matters"]}, {"required": ["categories"]}]},
                        {
                            "anyOf": [
                                {"required": ["departments"]},
                                {"required": ["lead"]},
                                {"required": ["assist"]},
                            ]
                        },
                    ],
                ),
            },
            "loop": obj(
                {
                    "name": NAME,
                    "name_en": NAME_EN,
                    "steps": {
                        "type": "array",
                        "minItems": 1,
                        "items": named(
                            {
                                "description": DESCRIPTION,
                                "time_limit": duration(d("时限", "time limit")),
                            },
                            [],
                            d("一个步骤", "a step"),
                        ),
                        "description": d("步骤", "steps"),
                    },
                },
                ["name", "steps"],
                d("闭环流程（如嘉木斯八步）", "closed loop (e.g. Jiamusi's eight steps)"),
            ),
            "warnings": {
                "type": "array",
                "description": d(
                    "预警分级（如盐池红黄绿）", "warning classes (e.g. Yanchi red/yellow/green)"
                ),
                "items": named(
                    {
                        "meaning": text(d("含义", "meaning")),
                        "matters": ids(d("触发本级预警的事项", "matters that raise it")),
                        "indicators": {
                            "type": "array",
                            "items": {"type": "string"},
                            "description": d(
                                "触发本级预警的指标（原文）", "indicators that raise it, as written"
                            ),
                        },
                        "task": WARNING_TASK,
                        "dispatch": {
                            "type": "boolean",
                            "description": d(
                                "是否生成派单任务", "whether it produces dispatched tasks"
                            ),
                        },
                        "follow_up": {
                            "type": "array",
                            "items": obj(
                                {
                                    "method": {
                                        "enum": ["phone", "visit"],
                                        "description": d(
                                            "方式：电话、走访", "method: phone, visit"
                                        ),
                                    },
                                    "every": duration(d("频次", "every")),
                                },
                                ["method", "every"],
                                d("跟进方式", "follow-up"),
                            ),
                            "description": d("跟进", "follow-up"),
                        },
                    },
                    ["meaning", "dispatch"],
                    d("一个预警级别", "a warning class"),
                ),
            },
        },
        ["levels"],
    ),
    "party": document(
        "party",
        "gridrules party linkage",
        d(
            "党建引领：党组织挂靠网格层级、“一根红线”督导、覆盖要求",
            "party linkage: organisations per tier, one red line, coverage",
        ),
        {
            "organisations": {
                "type": "array",
                "description": d("党组织类型", "organisation types"),
                "items": named(
                    {
                        "attaches_to": ident(d("挂靠的网格层级", "tier it attaches to")),
                        "min_members": {
                            "type": "integer",
                            "minimum": 1,
                            "description": d("最少党员数", "fewest members"),
                        },
                        "max_members": {
                            "type": "integer",
                            "minimum": 1,
                            "description": d("最多党员数", "most members"),
                        },
                        "committee_from": {
                            "type": "integer",
                            "minimum": 1,
                            "description": d(
                                "党员达到此数应设支部委员会（2018 年条例：7 人）",
                                "a branch committee from this many members (2018: 7)",
                            ),
                        },
                        "term_years": {
                            "type": "integer",
                            "minimum": 1,
                            "description": d("每届任期（年）", "term of office (years)"),
                        },
                        "formations": {
                            "type": "array",
                            "uniqueItems": True,
                            "items": {"enum": list(FORMATIONS)},
                            "description": d(
                                "组建方式：single 单独建、converted 转化建、joint 联合建",
                                "how it may be built: single, converted, joint",
                            ),
                        },
                        "max_joint_units": {
                            "type": "integer",
                            "minimum": 1,
                            "description": d(
                                "联合建时最多覆盖网格数", "most grids a joint organisation covers"
                            ),
                        },
                    },
                    ["attaches_to"],
                    d("一种党组织", "an organisation type"),
                ),
            },
            "supervision": {
                "type": "array",
                "description": d(
                    "督导链条（如成都“一根红线”）：谁督导哪一层",
                    "supervision chain (e.g. Chengdu's one red line): who supervises which tier",
                ),
                "items": obj(
                    {
                        "tier": ident(d("被督导的层级", "tier supervised")),
                        "role": ident(d("督导角色", "supervising role")),
                        "description": DESCRIPTION,
                    },
                    ["tier", "role"],
                    d("一条督导关系", "a supervision link"),
                ),
            },
            "chain": obj(
                {"name": NAME, "name_en": NAME_EN},
                ["name"],
                d(
                    "督导链条的名称（如成都“一根红线”），手册用作标题",
                    "the policy's name for its supervision chain (e.g. Chengdu's "
                    "'one red line'), used as the handbook heading",
                ),
            ),
            "cross_appointment": {
                "type": "array",
                "description": d(
                    "双向进入、交叉任职：某层级每个节点须有担任这些网格职务、且满足条件的人员",
                    "two-way entry, cross-appointment: every node of a tier has a holder of "
                    "these grid posts who meets the conditions",
                ),
                "items": named(
                    {
                        "tier": ident(d("适用层级", "tier")),
                        "roles": {
                            **ids(d("网格职务（角色）", "grid posts (roles)")),
                            "minItems": 1,
                        },
                        "requires": {
                            "type": "array",
                            "minItems": 1,
                            "items": {"enum": ["party_member", "two_committees"]},
                            "description": d(
                                "任职者须满足：party_member 党员、two_committees 两委成员",
                                "the holder must be: party_member, two_committees",
                            ),
                        },
                        "description": DESCRIPTION,
                    },
                    ["tier", "roles", "requires"],
                    d("一条交叉任职要求", "a cross-appointment requirement"),
                ),
            },
            "in_service": obj(
                {
                    "roles": {
                        **ids(d("在职党员的角色", "roles of in-service members")),
                        "minItems": 1,
                    },
                    "registration": {
                        "type": "array",
                        "items": {"type": "string"},
                        "description": d(
                            "报到登记须记录的名册属性（如 employer 工作单位）",
                            "roster attributes every registration records (e.g. employer)",
                        ),
                    },
                    "points": text(
                        d("记录积分的名册属性（如 points）", "roster attribute holding points")
                    ),
                    "report_to": ident(
                        d("报到的层级（所在社区）", "tier members register with (home community)")
                    ),
                    "description": DESCRIPTION,
                },
                ["roles"],
                d(
                    "在职党员进社区报到：报到登记、认领岗位、下沉网格、积分",
                    "in-service party members: registration, posts, grids, points",
                ),
            ),
            "roster_lists_all_members": {
                "type": "boolean",
                "description": d(
                    "名册列出网格内全部党员（否则名册党员数只是下限，不据此判定人数不足）",
                    "the roster lists every party member (else its count is only a lower bound)",
                ),
            },
            "coverage": obj(
                {
                    "every_grid_tier_has_organisation": {
                        "type": "boolean",
                        "default": True,
                        "description": d(
                            "每个网格层级都有对应党组织", "every grid tier has a party organisation"
                        ),
                    },
                    "every_grid_tier_has_supervisor": {
                        "type": "boolean",
                        "default": True,
                        "description": d(
                            "每个网格层级都有督导", "every grid tier has a supervisor"
                        ),
                    },
                    "every_grid_has_organisation": {
                        "type": "boolean",
                        "default": False,
                        "description": d(
                            "台账中每个网格都登记了党组织",
                            "every registry grid names its party organisation",
                        ),
                    },
                },
                [],
                d("覆盖要求", "coverage requirements"),
            ),
        },
        [],
    ),
    "emergency": document(
        "emergency",
        "gridrules emergency plans",
        d(
            "平战结合：应急预案、响应级别、应急程序与应急状态下增加的授权",
            "emergency mode: plans, response levels, procedures and extra grants",
        ),
        {
            "name": NAME,
            "name_en": NAME_EN,
            "activation": text(d("启动条件", "when the mode is activated")),
            "reporting": obj(
                {
                    "verbal_within": duration(d("口头报告时限", "verbal report within")),
                    "written_within": duration(d("书面报告时限", "written report within")),
                },
                [],
                d("报告时限", "reporting limits"),
            ),
            "procedures": {
                "type": "array",
                "description": d(
                    "各预案通用的应急程序：排查摸底、巡防管控、后勤保障、指挥协调、信息报送",
                    "procedures common to every plan: survey, patrol, logistics, command, "
                    "reporting",
                ),
                "items": procedure([]),
            },
            "plans": {
                "type": "array",
                "description": d(
                    "应急预案：响应级别、启动条件、各程序及其承担角色、分级报告时限",
                    "emergency plans: response levels, activation, procedures with the roles "
                    "that run them, reporting times per level",
                ),
                "items": named(
                    {
                        "levels": {
                            "type": "array",
                            "minItems": 1,
                            "uniqueItems": True,
                            "items": {"enum": list(LEVEL_IDS)},
                            "description": d(
                                "预案使用的国家应急响应级别：I 特别重大（红）、II 重大（橙）、"
                                "III 较大（黄）、IV 一般（蓝）",
                                "national response levels the plan uses: I extraordinarily "
                                "serious (red), II major (orange), III significant (yellow), "
                                "IV general (blue)",
                            ),
                        },
                        "activation": text(d("启动条件", "when the plan is activated")),
                        "description": DESCRIPTION,
                        "procedures": {
                            "type": "array",
                            "minItems": 1,
                            "description": d("本预案的应急程序", "the plan's procedures"),
                            "items": procedure(["roles"]),
                        },
                        "reporting": {
                            "type": "array",
                            "description": d(
                                "按响应级别的直报时限", "direct-reporting times per level"
                            ),
                            "items": obj(
                                {
                                    "level": {
                                        "enum": list(LEVEL_IDS),
                                        "description": d("响应级别", "response level"),
                                    },
                                    "to": ident(
                                        d(
                                            "直报的处置层级（escalation.yaml 的 levels）",
                                            "the escalation level reported to directly",
                                        )
                                    ),
                                    "verbal_within": duration(
                                        d("口头报告时限", "verbal report within")
                                    ),
                                    "written_within": duration(
                                        d("书面报告时限", "written report within")
                                    ),
                                    "note": text(d("时限出处或说明", "where the times come from")),
                                },
                                ["level"],
                                d("一个级别的报告时限", "reporting times at one level"),
                                anyOf=[
                                    {"required": ["verbal_within"]},
                                    {"required": ["written_within"]},
                                ],
                            ),
                        },
                    },
                    ["levels", "procedures"],
                    d("一项应急预案", "an emergency plan"),
                ),
            },
            "grants": {
                "type": "array",
                "description": d(
                    "应急状态下（任一预案启动期间）增加的授权",
                    "grants added in emergency mode (while any plan is active)",
                ),
                "items": obj(
                    {
                        "role": ident(d("角色", "role")),
                        "id": ident(d("授权标识", "grant id")),
                        "name": NAME,
                        "name_en": NAME_EN,
                        **GRANT_PROPS,
                    },
                    ["role", "id", "name", "actions"],
                    d("一项应急授权", "an emergency grant"),
                    anyOf=[{"required": ["matters"]}, {"required": ["categories"]}],
                ),
            },
        },
        ["name"],
    ),
    "grids": document(
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
    ),
    "roster": document(
        "roster",
        "gridrules worker roster",
        d("人员名册（可写在 CSV 中）", "worker roster (inline or in CSV)"),
        {
            "csv": text(
                d(
                    "CSV 文件，列：id,name,roles（分号分隔）,grid,phone,two_committees,party_member，其余列为属性",
                    "CSV file; columns id,name,roles (semicolon-separated),grid,phone,two_committees,party_member; other columns are attributes",
                )
            ),
            "workers": {
                "type": "array",
                "description": d("人员", "workers"),
                "items": obj(
                    {
                        "id": code(d("人员编号", "worker id")),
                        "name": NAME,
                        "roles": {**ids(d("角色", "roles")), "minItems": 1},
                        "grid": code(d("所在网格编码", "assigned grid code")),
                        "phone": text(d("电话", "phone")),
                        "two_committees": {
                            "type": "boolean",
                            "default": False,
                            "description": d("是否两委成员", "member of the two committees"),
                        },
                        "party_member": {
                            "type": "boolean",
                            "default": False,
                            "description": d("是否党员", "party member"),
                        },
                        "attributes": {
                            "type": "object",
                            "description": d("其他属性", "other attributes"),
                        },
                    },
                    ["id", "name", "roles", "grid"],
                    d("一名人员", "a worker"),
                ),
            },
        },
        [],
    ),
}

# --- policy tests (kind: test, in a jurisdiction's tests/ folder; run by `gridrules test`) ---

REASONS = list(REASONS_VOCABULARY.ids)
AT = {
    "type": "string",
    "pattern": r"^[0-9]{4}-[0-9]{2}-[0-9]{2}([T ][0-9:.]+(Z|[+-][0-9:]+)?)?$",
    "description": d(
        "判定日期（YYYY-MM-DD 或 ISO 日期时间；缺省为今天）",
        "date judged (YYYY-MM-DD or ISO date-time; default today)",
    ),
}
MODE = closed_set(MODES_VOCABULARY)
SCHEMAS["test"] = document(
    "test",
    "gridrules policy test suite",
    d(
        "政策测试：请求 → 预期判定与理由；事项 + 网格 → 预期流转路线",
        "policy tests: request → expected decision and reason; matter + grid → expected route",
    ),
    {
        "name": NAME,
        "name_en": NAME_EN,
        "description": DESCRIPTION,
        "defaults": obj(
            {"at": AT, "mode": MODE},
            [],
            d("各用例的缺省日期和模式", "date and mode every case defaults to"),
        ),
        "cases": {
            "type": "array",
            "minItems": 1,
            "description": d("测试用例", "test cases"),
            "items": obj(
                {
                    "name": NAME,
                    "name_en": NAME_EN,
                    "description": DESCRIPTION,
                    "source": text(d("出处（如来源文件）", "where the flow comes from")),
                    "request": obj(
                        {
                            "principal": {
                                "description": d(
                                    "名册中的人员编号，或直接给出角色和所在网格",
                                    "a roster worker id, or roles and assigned grid inline",
                                ),
                                "oneOf": [
                                    {"type": "string", "minLength": 1},
                                    obj(
                                        {
                                            "roles": {
                                                **ids(d("角色", "roles")),
                                                "minItems": 1,
                                            },
                                            "grid": text(d("所在网格编码", "assigned grid")),
                                            "attributes": {
                                                "type": "object",
                                                "description": d("属性", "attributes"),
                                            },
                                        },
                                        ["roles", "grid"],
                                        d("直接给出的人员", "an inline principal"),
                                    ),
                                ],
                            },
                            "action": text(d("动作", "action")),
                            "matter": text(d("事项标识", "matter id")),
                            "grid": text(d("事发网格编码", "grid where it happened")),
                            "at": AT,
                            "mode": MODE,
                            "plan": text(
                                d(
                                    "启动的应急预案标识（仅应急模式；缺省为任一预案）",
                                    "the active emergency plan's id (emergency mode only; "
                                    "default: any plan)",
                                )
                            ),
                        },
                        ["principal", "action", "matter", "grid"],
                        d("判定请求", "a decision request"),
                    ),
                    "route": obj(
                        {
                            "matter": text(d("事项标识", "matter id")),
                            "grid": {
                                "type": ["string", "null"],
                                "description": d(
                                    "起点网格（缺省为通用路线）",
                                    "starting grid (none: generic route)",
                                ),
                            },
                            "mode": MODE,
                        },
                        ["matter"],
                        d("流转路线查询", "a route query"),
                    ),
                    "expect": obj(
                        {
                            "allowed": {"type": "boolean", "description": d("是否允许", "allowed")},
                            "reason": {
                                "enum": REASONS,
                                "description": REASONS_VOCABULARY.describe(),
                            },
                            "role": {
                                "type": ["string", "null"],
                                "description": d("作出判定的角色", "role the decision names"),
                            },
                            "levels": {
                                **ids(d("路线各层级（自下而上）", "route levels, bottom up")),
                            },
                            "handling_level": {
                                "type": ["string", "null"],
                                "description": d("处置层级", "level that handles the matter"),
                            },
                            "departments": ids(
                                d(
                                    "路线分流到的部门（不计顺序）",
                                    "departments on the route (any order)",
                                )
                            ),
                            "nodes": {
                                "type": "array",
                                "items": {"type": ["string", "null"]},
                                "description": d(
                                    "各层级对应的台账节点编码", "registry node of each level"
                                ),
                            },
                            "people": ids(
                                d(
                                    "路线上各层处置人员编号（不计顺序）",
                                    "people on the route (any order)",
                                )
                            )
                            | {"items": {"type": "string"}},
                            "stages": {
                                "type": "array",
                                "items": {"enum": list(STAGES_VOCABULARY.ids)},
                                "description": d(
                                    "各步阶段：direct 直报、report 上报、handle 处置、escalate 上交",
                                    "each step's stage: direct, report, handle, escalate",
                                ),
                            },
                            "lead": ids(d("牵头部门（不计顺序）", "lead departments (any order)")),
                            "assist": ids(
                                d("配合部门（不计顺序）", "assisting departments (any order)")
                            ),
                            "kept": {
                                "type": "boolean",
                                "description": d("处置层级不上交", "the handling level keeps it"),
                            },
                            "skipped": ids(d("越级直报跳过的层级", "levels a direct report skips")),
                            "limits": {
                                "type": "array",
                                "items": {"type": ["string", "null"]},
                                "description": d("各步时限", "each step's time limit"),
                            },
                            "cumulative": {
                                "type": "array",
                                "items": {"type": ["string", "null"]},
                                "description": d(
                                    "各步累计时限（如 1d12h）", "cumulative deadline at each step"
                                ),
                            },
                            "deadline": {
                                "type": ["string", "null"],
                                "description": d(
                                    "期限：办结时限，未规定时为处置层级累计时限",
                                    "deadline: close_within, else the cumulative at the handling step",
                                ),
                            },
                            "error": {
                                "enum": ["unknown_matter", "unknown_grid"],
                                "description": d("预期的查询错误", "expected query error"),
                            },
                        },
                        [],
                        d("预期结果", "expected outcome"),
                        minProperties=1,
                    ),
                },
                ["name", "expect"],
                d("一个用例：request 或 route 二选一", "a case: either request or route"),
                oneOf=[{"required": ["request"]}, {"required": ["route"]}],
            ),
        },
    },
    ["name", "cases"],
)

SCHEMAS["schedules"] = document(
    "schedules",
    "gridrules duty schedules",
    d(
        "常规工作频次：角色的例行工作、频次、计量单位和每单位用时（工作量模型）",
        "duty schedules: each role's recurring duties, how often, per what unit and "
        "minutes per unit (the workload model)",
    ),
    {
        "schedules": {
            "type": "array",
            "description": d("例行工作", "recurring duties"),
            "items": named(
                {
                    "role": ident(d("承担该工作的角色", "the role that does it")),
                    "duty": ident(
                        d("对应职责清单中的职责（可选）", "the duty in the role's list (optional)")
                    ),
                    "matters": ids(
                        d(
                            "对应事项；写明时，至少一项已准入才计入工作量",
                            "matters it serves; when given, it counts only while one is admitted",
                        )
                    ),
                    "frequency": closed_set(FREQUENCIES_VOCABULARY, d("频次", "how often")),
                    "times": {
                        "type": "number",
                        "exclusiveMinimum": 0,
                        "description": d(
                            "每个周期的次数（默认 1）；per_event 时为每月预计次数",
                            "times per period (default 1); per_event: the expected count a month",
                        ),
                    },
                    "per": ident(
                        d(
                            "计量单位：households 户数、fixed 固定（每人一份），或台账的属性列"
                            "（如 floating_population、rental_units、merchants）",
                            "the unit it scales with: households, fixed (once per worker), or a "
                            "registry attribute column (floating_population, rental_units, …)",
                        )
                    ),
                    "minutes": {
                        "type": "number",
                        "exclusiveMinimum": 0,
                        "description": d("每单位每次用时（分钟）", "minutes per unit, each time"),
                    },
                    "field": {
                        "type": "boolean",
                        "description": d(
                            "外勤（走访、巡查，默认 true）；false 为案头工作",
                            "field work (visits, patrols; default true); false: desk work",
                        ),
                    },
                    "door_to_door": {
                        "type": "boolean",
                        "description": d(
                            "入户走访一遍：计入网格的入户时长（对照 door_to_door_hours）",
                            "a door-to-door round: counts towards the grid's door-to-door time",
                        ),
                    },
                    "assumed": {
                        "type": "boolean",
                        "description": d(
                            "用时为假设值（来源未给出）：报告和手册标注“假设”",
                            "the minutes are an assumption (no source gives them): reports and "
                            "handbooks say so",
                        ),
                    },
                    "note": text(d("假设依据或说明", "why the figure was assumed")),
                    "source": text(d("出处（原文）", "where the schedule comes from")),
                },
                ["role", "frequency", "per", "minutes"],
                d("一项例行工作", "a recurring duty"),
            ),
        },
    },
    ["schedules"],
)

SCHEMAS["registers"] = REGISTERS_SCHEMA


def render(schema: dict[str, Any]) -> str:
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"


def main() -> int:
    OUT.mkdir(exist_ok=True)
    for kind, schema in SCHEMAS.items():
        (OUT / f"{kind}.schema.json").write_text(render(schema), encoding="utf-8")
    print(f"wrote {len(SCHEMAS)} schemas to {OUT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
