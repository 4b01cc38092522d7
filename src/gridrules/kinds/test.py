"""Kind `test` (tests/*.yaml in a jurisdiction): policy test suites run by `gridrules test`,
requests with their expected decision and routes with their expected chain. Not a policy
document: the loader never reads it, gridrules.policytest does."""

from __future__ import annotations

from typing import Any

from gridrules.kinds.base import Kind
from gridrules.kinds.schema_parts import (
    DESCRIPTION,
    NAME,
    NAME_EN,
    closed_set,
    d,
    document,
    ids,
    obj,
    text,
)
from gridrules.vocabulary import (
    MODES_VOCABULARY,
    REASONS_VOCABULARY,
    STAGES_VOCABULARY,
    DocumentKind,
)

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


def schema() -> dict[str, Any]:
    return document(
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
                                "allowed": {
                                    "type": "boolean",
                                    "description": d("是否允许", "allowed"),
                                },
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
                                "lead": ids(
                                    d("牵头部门（不计顺序）", "lead departments (any order)")
                                ),
                                "assist": ids(
                                    d("配合部门（不计顺序）", "assisting departments (any order)")
                                ),
                                "kept": {
                                    "type": "boolean",
                                    "description": d(
                                        "处置层级不上交", "the handling level keeps it"
                                    ),
                                },
                                "skipped": ids(
                                    d("越级直报跳过的层级", "levels a direct report skips")
                                ),
                                "limits": {
                                    "type": "array",
                                    "items": {"type": ["string", "null"]},
                                    "description": d("各步时限", "each step's time limit"),
                                },
                                "cumulative": {
                                    "type": "array",
                                    "items": {"type": ["string", "null"]},
                                    "description": d(
                                        "各步累计时限（如 1d12h）",
                                        "cumulative deadline at each step",
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


KIND = Kind(DocumentKind.TEST, "tests/*.yaml", schema, document=False)
