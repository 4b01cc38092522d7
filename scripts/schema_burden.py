"""Schema parts for the burden registers, dispatched warning tasks, party formations and
grid codes (issue 13 items 5–8), kept beside scripts/build_schemas.py, which uses them.

Self-contained: build_schemas.py imports this module, so it may not import that one.
"""

from __future__ import annotations

from typing import Any

from gridrules.names import ID_PATTERN

DURATION = r"^[1-9][0-9]*[mhd]$"
DATE = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"
FORMATIONS = ("single", "converted", "joint")  # 单独建、转化建、联合建
VETO_STATUSES = ("in_force", "under_review", "cancelled")
PUSHED_STATUSES = ("open", "withdrawn", "admitted", "resolved")


def d(zh: str, en: str) -> str:
    return f"{zh} / {en}"


def obj(props: dict[str, Any], required: list[str], desc: str) -> dict[str, Any]:
    return {
        "type": "object",
        "description": desc,
        "properties": props,
        "required": required,
        "additionalProperties": False,
    }


def text(desc: str) -> dict[str, Any]:
    return {"type": "string", "description": desc}


def ident(desc: str) -> dict[str, Any]:
    return {"type": "string", "pattern": ID_PATTERN, "description": desc}


def ids(desc: str) -> dict[str, Any]:
    return {
        "type": "array",
        "items": {"type": "string", "pattern": ID_PATTERN},
        "description": desc,
    }


NAMES = {
    "name": text(d("中文名称", "Chinese name")),
    "name_en": text(d("英文名称（可选）", "English name (optional)")),
}

WARNING_TASK = obj(
    {
        **NAMES,
        "dispatched_by": ident(
            d("派发任务的处置层级（如县级平台）", "escalation level that dispatches it")
        ),
        "to": {
            **ids(d("接收任务的处置层级（乡镇、行政村）", "levels it is sent to")),
            "minItems": 1,
        },
        "departments": ids(
            d("协调研判的相关行业部门", "departments brought in to assess and consult")
        ),
        "within": {
            "type": "string",
            "pattern": DURATION,
            "description": d("办理期限（如 15d）", "deadline (e.g. 15d)"),
        },
        "within_is_example": {
            "type": "boolean",
            "description": d(
                "期限为示例假设（原始材料未给出）",
                "the deadline is assumed (the source gives none)",
            ),
        },
        "description": text(d("说明", "description")),
    },
    ["name", "to"],
    d("预警派发的任务", "the task a warning dispatches"),
)

GRID_CODES = obj(
    {
        "scheme": text(d("编码规则（如 CJ/T 349-2010）", "coding scheme (e.g. CJ/T 349-2010)")),
        "lengths": {
            "type": "object",
            "minProperties": 1,
            "additionalProperties": {"type": "integer", "minimum": 1, "maximum": 64},
            "description": d(
                "各层级编码长度（层级 → 位数）", "code length per tier (tier → length)"
            ),
        },
        "digits": {
            "type": "boolean",
            "description": d("编码全为数字（缺省 true）", "codes are all digits (default true)"),
        },
    },
    ["scheme", "lengths"],
    d(
        "网格编码规则：行政区划代码 → 街道 → 社区 → 网格序号；子节点编码以上级编码为前缀",
        "grid coding scheme: division code → street → community → sequence; a node's code "
        "starts with its parent's",
    ),
)

_DEPARTMENT = {
    "department": ident(d("部门（escalation.yaml 的 departments）", "department id")),
    "department_name": text(
        d("部门名称（未在 escalation.yaml 定义时）", "department name (when not defined)")
    ),
}

REGISTERS_SCHEMA: dict[str, Any] = {
    "$schema": "http://json-schema.org/draft-07/schema#",
    "$id": "https://gridrules.org/schemas/v1/registers.schema.json",
    "title": "gridrules burden registers",
    **obj(
        {
            "kind": {"const": "registers", "description": d("文档类型", "document kind")},
            "version": {"const": 1, "description": d("格式版本，目前为 1", "format version, 1")},
            "example": {
                "type": "boolean",
                "description": d(
                    "条目为示例数据（原始材料只说明了制度）",
                    "entries are example data (the source names the mechanisms only)",
                ),
            },
            "source": text(d("制度出处（原文）", "where the mechanisms come from")),
            "veto": {
                "type": "array",
                "description": d("一票否决事项", "one-vote-veto items"),
                "items": obj(
                    {
                        "id": ident(d("标识", "identifier")),
                        **NAMES,
                        "matter": ident(d("考核的事项", "the matter it assesses")),
                        "indicator": text(d("考核指标（原文）", "indicator, as written")),
                        **_DEPARTMENT,
                        "status": {
                            "enum": list(VETO_STATUSES),
                            "description": d(
                                "状态：in_force 保留、under_review 清理中、cancelled 已取消",
                                "status: in_force, under_review, cancelled",
                            ),
                        },
                        "approved_by": text(d("审定机关", "approved by")),
                        "note": text(d("说明", "note")),
                    },
                    ["id", "name", "status"],
                    d("一项一票否决事项", "a one-vote-veto item"),
                ),
            },
            "pushed_down": {
                "type": "array",
                "description": d("基层减负挂账清单", "burden-reduction register"),
                "items": obj(
                    {
                        "id": ident(d("标识", "identifier")),
                        **NAMES,
                        "matter": ident(d("下派的事项", "the matter pushed down")),
                        **_DEPARTMENT,
                        "logged": {
                            "type": "string",
                            "pattern": DATE,
                            "format": "date",
                            "description": d("挂账日期（YYYY-MM-DD）", "date logged (YYYY-MM-DD)"),
                        },
                        "status": {
                            "enum": list(PUSHED_STATUSES),
                            "description": d(
                                "状态：open 挂账中、withdrawn 已退回、admitted 已转准入、"
                                "resolved 已销号",
                                "status: open, withdrawn, admitted, resolved",
                            ),
                        },
                        "resolution": text(d("处理结果", "resolution")),
                        "note": text(d("说明", "note")),
                    },
                    ["id", "name", "logged", "status"],
                    d("一条挂账记录", "a register entry"),
                ),
            },
        },
        ["kind", "version"],
        d(
            "减负台账：一票否决事项与基层减负挂账清单",
            "burden registers: one-vote-veto items and the burden-reduction register",
        ),
    ),
}
