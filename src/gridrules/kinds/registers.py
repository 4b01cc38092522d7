"""Kind `registers` (registers.yaml): the burden registers (减负台账), one-vote-veto items
and the burden-reduction register (挂账). One per folder; the nearest layer's wins whole."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.registers import build_registers
from gridrules.catalogue import msg
from gridrules.kinds.base import Build, Definition, Kind, Ref
from gridrules.kinds.labels import DEPARTMENT, MATTER
from gridrules.kinds.schema_burden import (
    DATE,
    NAMES,
    PUSHED_STATUSES,
    VETO_STATUSES,
    d,
    ident,
    obj,
    text,
)
from gridrules.model import Policy, PushedDownItem, Registers, VetoItem
from gridrules.vocabulary import DocumentKind

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


def schema() -> dict[str, Any]:
    return REGISTERS_SCHEMA


def build(b: Build) -> dict[str, Any]:
    return {"registers": build_registers(b.layers)}


def references(p: Policy) -> Iterator[Ref]:
    registers = p.registers
    items: list[VetoItem | PushedDownItem] = (
        [*registers.veto, *registers.pushed_down] if registers else []
    )
    for item in items:
        owner = msg("kinds.registers.register_entry", id=item.id)
        if item.matter is not None:
            yield Ref(item.origin, ("matter",), item.matter, MATTER, owner)
        if item.department is not None:
            yield Ref(item.origin, ("department",), item.department, DEPARTMENT, owner)


KIND = Kind(
    DocumentKind.REGISTERS,
    "registers.yaml",
    schema,
    singleton=True,
    model=(Registers, VetoItem, PushedDownItem),
    build=build,
    references=references,
    definitions=(
        Definition("veto", "id", msg("kinds.registers.one_vote_veto_item")),
        Definition("pushed_down", "id", msg("kinds.registers.register_entry_2")),
    ),
)
