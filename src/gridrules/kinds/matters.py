"""Kind `matters` (matters.yaml): the matter catalogue and its categories."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.common import names
from gridrules.build.documents import build_direct_report, build_matter
from gridrules.catalogue import msg
from gridrules.kinds import schema_parts as sp
from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref, Target, by_id
from gridrules.kinds.labels import CATEGORY, MATTER, TIER
from gridrules.loader import Document
from gridrules.model import Category, DirectReport, Matter, Policy
from gridrules.vocabulary import DocumentKind

W = sp.Words("matters")


def direct_report() -> sp.Schema:
    """Skip-level reporting, for a category or a matter."""
    return sp.obj(
        {
            "level": sp.ident(W("direct_report.level")),
            "within": sp.duration(W("direct_report.within")),
            "written_within": sp.duration(sp.common("written_within")),
            "source": sp.text(sp.common("rule_source")),
        },
        ["level", "within"],
        W("direct_report"),
    )


def time_limits() -> sp.Schema:
    level_limits = {
        "type": "object",
        "description": W("matters.time_limits.level_limits"),
        "propertyNames": {"pattern": sp.ID},
        "additionalProperties": sp.duration(W("matters.time_limits.level_limits.*")),
    }
    return sp.obj(
        {
            "report_within": sp.duration(W("matters.time_limits.report_within")),
            "close_within": sp.duration(W("matters.time_limits.close_within")),
            "level_limits": level_limits,
        },
        [],
        W("matters.time_limits"),
    )


def schema() -> sp.Schema:
    category = sp.named(
        {"description": sp.DESCRIPTION, "direct_report": direct_report()},
        [],
        W("categories[]"),
    )
    matter = sp.named(
        {
            "category": sp.ident(W("matters.category")),
            "handling_tier": sp.ident(W("matters.handling_tier")),
            "time_limits": time_limits(),
            "direct_report": direct_report(),
            "description": sp.DESCRIPTION,
        },
        ["category", "handling_tier"],
        W("matters[]"),
    )
    props = {
        "categories": sp.array(W("categories"), category),
        "matters": sp.array(sp.common("matters"), matter),
    }
    return sp.document(W, "gridrules matter catalogue", props, [])


def _category(doc: Document, i: int, c: dict[str, Any]) -> Category:
    return Category(
        c["id"],
        names(c),
        c.get("description", ""),
        doc.origin("categories", i),
        build_direct_report(doc, ("categories", i), c.get("direct_report")),
    )


def build(b: Build) -> dict[str, Any]:
    return {
        "categories": b.merged("matters", "categories", _category),
        "matters": b.merged("matters", "matters", build_matter),
    }


def references(p: Policy) -> Iterator[Ref]:
    for m in p.matters:
        owner = msg("kinds.matters.matter", id=m.id)
        yield Ref(m.origin, ("category",), m.category, CATEGORY, owner)
        yield Ref(m.origin, ("handling_tier",), m.handling_tier, TIER, owner)


def defined(p: Policy) -> Iterator[Defined]:
    yield from by_id("category", p.categories)
    yield from by_id("matter", p.matters)


KIND = Kind(
    DocumentKind.MATTERS,
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
