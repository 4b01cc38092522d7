"""Schema parts for the burden registers, dispatched warning tasks, party formations and
grid codes (issue 13 items 5–8), written with their own plain helpers: unlike
gridrules.kinds.schema_parts, their ids carry no syntax note in the description, and the
committed schemas say exactly this.
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
