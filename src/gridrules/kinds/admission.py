"""Kind `admission` (admission.yaml): the duty-admission list (准入清单), named lists,
exclusions, work-method prohibitions and the admission procedure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.common import merge_layers, names
from gridrules.build.documents import build_admission, build_prohibition
from gridrules.build.operations import last_item
from gridrules.catalogue import msg
from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref, Target
from gridrules.kinds.labels import LIST, MATTER, PLAN
from gridrules.kinds.schema_parts import (
    DESCRIPTION,
    d,
    date,
    document,
    ident,
    named,
    obj,
    text,
)
from gridrules.loader import Document
from gridrules.model import Admission, AdmissionList, Exclusion, Policy, Prohibition
from gridrules.vocabulary import MODES_VOCABULARY, DocumentKind


def schema() -> dict[str, Any]:
    return document(
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
    )


def _list(doc: Document, i: int, a: dict[str, Any]) -> AdmissionList:
    return AdmissionList(a["id"], names(a), a.get("description", ""), doc.origin("lists", i))


def _exclusion(doc: Document, i: int, e: dict[str, Any]) -> Exclusion:
    return Exclusion(e["matter"], e["reason"], e.get("basis", ""), doc.origin("excluded", i))


def build(b: Build) -> dict[str, Any]:
    layers, overridden = b.layers, b.overridden
    procedure = last_item(layers, "admission", "procedure")  # the nearest layer's
    return {
        "admission_lists": merge_layers(
            layers, "admission", "lists", _list, lambda a: a.id, overridden
        ),
        "admissions": merge_layers(
            layers, "admission", "admitted", build_admission, lambda a: a.matter, overridden
        ),
        # exclusions accumulate; replacing one keeps it excluded
        "exclusions": merge_layers(
            layers, "admission", "excluded", _exclusion, lambda e: e.matter, []
        ),
        "prohibitions": merge_layers(
            layers, "admission", "prohibitions", build_prohibition, lambda x: x.id, overridden
        ),
        "admission_procedure": procedure[1] if procedure else "",
    }


def references(p: Policy) -> Iterator[Ref]:
    for a in p.admissions:
        owner = msg("kinds.admission.admission")
        yield Ref(a.origin, ("matter",), a.matter, MATTER, owner)
        if a.list is not None:
            yield Ref(
                a.origin,
                ("list",),
                a.list,
                LIST,
                msg("kinds.admission.admission_of", matter=a.matter),
            )
    for e in p.exclusions:
        yield Ref(e.origin, ("matter",), e.matter, MATTER, msg("kinds.admission.exclusion"))
    for a in p.admissions:
        if a.plan is not None:
            owner = msg("kinds.admission.admission_of", matter=a.matter)
            yield Ref(a.origin, ("plan",), a.plan, PLAN, owner)


def defined(p: Policy) -> Iterator[Defined]:
    for x in p.admission_lists:
        yield Defined("admission_list", x.id, x, x.origin, ("id",))
    for a in p.admissions:
        yield Defined("admission", a.matter, a, a.origin, ("matter",))
    for e in p.exclusions:
        yield Defined("exclusion", e.matter, e, e.origin, ("matter",))
    for rule in p.prohibitions:
        yield Defined("prohibition", rule.id, rule, rule.origin, ("id",))


KIND = Kind(
    DocumentKind.ADMISSION,
    "admission.yaml",
    schema,
    model=(Admission, AdmissionList, Exclusion, Prohibition),
    build=build,
    references=references,
    targets=(Target(LIST, lambda p: {x.id for x in p.admission_lists}),),
    definitions=(
        Definition("lists", "id", msg("kinds.admission.admission_list")),
        Definition("admitted", "matter", msg("kinds.admission.admission_of_matter")),
        Definition("prohibitions", "id", msg("kinds.admission.work_method_prohibition")),
    ),
    changes=("admission_list", "admission", "exclusion", "prohibition"),
    defined=defined,
)
