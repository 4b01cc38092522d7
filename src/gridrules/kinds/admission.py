"""Kind `admission` (admission.yaml): the duty-admission list, named lists, exclusions,
work-method prohibitions and the admission procedure."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.common import merge_layers, names
from gridrules.build.documents import build_admission, build_prohibition
from gridrules.build.operations import last_item
from gridrules.catalogue import msg
from gridrules.kinds import schema_parts as sp
from gridrules.kinds.base import Build, Defined, Definition, Kind, Ref, Target, by_id
from gridrules.kinds.labels import LIST, MATTER, PLAN
from gridrules.loader import Document
from gridrules.model import Admission, AdmissionList, Exclusion, Policy, Prohibition
from gridrules.vocabulary import MODES_VOCABULARY, DocumentKind

W = sp.Words("admission")
MATTER_ID = sp.ident(sp.common("matter"))
BASIS = sp.text(sp.common("basis"))


def schema() -> sp.Schema:
    admission = sp.obj(
        {
            "matter": MATTER_ID,
            "list": sp.ident(W("admitted.list")),
            "approved_by": sp.text(W("admitted.approved_by")),
            "basis": sp.text(W("admitted.basis")),
            "effective": sp.date(W("admitted.effective")),
            "expires": sp.date(W("admitted.expires")),
            "temporary": sp.flag(W("admitted.temporary"), default=False),
            "note": sp.text(W("admitted.note")),
            "mode": sp.choice(MODES_VOCABULARY.ids, W("admitted.mode"), default="normal"),
            "plan": sp.ident(W("admitted.plan")),
        },
        ["matter", "approved_by", "basis", "effective"],
        W("admitted[]"),
    )
    exclusion = sp.obj(
        {"matter": MATTER_ID, "reason": sp.text(W("excluded.reason")), "basis": BASIS},
        ["matter", "reason"],
        W("excluded[]"),
    )
    prohibition = sp.named(
        {
            "text": sp.text(W("prohibitions.text")),
            "basis": BASIS,
            "origin": sp.text(W("prohibitions.origin")),
        },
        ["text"],
        W("prohibitions[]"),
    )
    props = {
        "lists": sp.array(W("lists"), sp.named({"description": sp.DESCRIPTION}, [], W("lists[]"))),
        "procedure": sp.text(W("procedure")),
        "admitted": sp.array(W("admitted"), admission),
        "excluded": sp.array(W("excluded"), exclusion),
        "prohibitions": sp.array(W("prohibitions"), prohibition),
    }
    return sp.document(W, "gridrules duty admission list", props, [])


def _list(doc: Document, i: int, a: dict[str, Any]) -> AdmissionList:
    return AdmissionList(a["id"], names(a), a.get("description", ""), doc.origin("lists", i))


def _exclusion(doc: Document, i: int, e: dict[str, Any]) -> Exclusion:
    return Exclusion(e["matter"], e["reason"], e.get("basis", ""), doc.origin("excluded", i))


def build(b: Build) -> dict[str, Any]:
    procedure = last_item(b.layers, "admission", "procedure")  # the nearest layer's
    return {
        "admission_lists": b.merged("admission", "lists", _list),
        "admissions": b.merged("admission", "admitted", build_admission, lambda a: a.matter),
        # exclusions accumulate; replacing one keeps it excluded
        "exclusions": merge_layers(
            b.layers, "admission", "excluded", _exclusion, lambda e: e.matter, []
        ),
        "prohibitions": b.merged("admission", "prohibitions", build_prohibition),
        "admission_procedure": procedure[1] if procedure else "",
    }


def references(p: Policy) -> Iterator[Ref]:
    for a in p.admissions:
        owner = msg("kinds.admission.admission")
        yield Ref(a.origin, ("matter",), a.matter, MATTER, owner)
        if a.list is not None:
            owner = msg("kinds.admission.admission_of", matter=a.matter)
            yield Ref(a.origin, ("list",), a.list, LIST, owner)
    for e in p.exclusions:
        yield Ref(e.origin, ("matter",), e.matter, MATTER, msg("kinds.admission.exclusion"))
    for a in p.admissions:
        if a.plan is not None:
            owner = msg("kinds.admission.admission_of", matter=a.matter)
            yield Ref(a.origin, ("plan",), a.plan, PLAN, owner)


def defined(p: Policy) -> Iterator[Defined]:
    yield from by_id("admission_list", p.admission_lists)
    yield from by_id("admission", p.admissions, "matter")
    yield from by_id("exclusion", p.exclusions, "matter")
    yield from by_id("prohibition", p.prohibitions)


KIND = Kind(
    DocumentKind.ADMISSION,
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
