"""Kind `matters` (matters.yaml): the matter catalogue (事项目录) and its categories."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.common import merge_layers, names
from gridrules.build.documents import build_direct_report, build_matter
from gridrules.catalogue import msg
from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref, Target
from gridrules.kinds.labels import CATEGORY, MATTER, TIER
from gridrules.kinds.schema_parts import (
    DESCRIPTION,
    ID,
    d,
    document,
    duration,
    ident,
    named,
    obj,
    text,
)
from gridrules.loader import Document
from gridrules.model import Category, DirectReport, Matter, Policy
from gridrules.vocabulary import DocumentKind

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


def schema() -> dict[str, Any]:
    return document(
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
    )


def _category(doc: Document, i: int, c: dict[str, Any]) -> Category:
    return Category(
        c["id"],
        names(c),
        c.get("description", ""),
        doc.origin("categories", i),
        build_direct_report(doc, ("categories", i), c.get("direct_report")),
    )


def build(b: Build) -> dict[str, Any]:
    layers, overridden = b.layers, b.overridden
    categories = merge_layers(
        layers, "matters", "categories", _category, lambda c: c.id, overridden
    )
    matters = merge_layers(layers, "matters", "matters", build_matter, lambda m: m.id, overridden)
    return {"categories": categories, "matters": matters}


def references(p: Policy) -> Iterator[Ref]:
    for m in p.matters:
        owner = msg("kinds.matters.matter", id=m.id)
        yield Ref(m.origin, ("category",), m.category, CATEGORY, owner)
        yield Ref(m.origin, ("handling_tier",), m.handling_tier, TIER, owner)


def defined(p: Policy) -> Iterator[Defined]:
    for c in p.categories:
        yield Defined("category", c.id, c, c.origin, ("id",))
    for m in p.matters:
        yield Defined("matter", m.id, m, m.origin, ("id",))


KIND = Kind(
    DocumentKind.MATTERS,
    "matters.yaml",
    schema,
    model=(Matter, Category, DirectReport),
    build=build,
    references=references,
    targets=(
        Target(CATEGORY, lambda p: p.category_by_id),
        Target(MATTER, lambda p: p.matter_by_id),
    ),
    definitions=(
        Definition("categories", "id", msg("kinds.matters.category")),
        Definition("matters", "id", msg("kinds.matters.matter_2")),
    ),
    changes=("category", "matter"),
    defined=defined,
)
