"""Kind `registers` (registers.yaml): the burden registers: one-vote-veto items and
the burden-reduction register. One per folder; the nearest layer's wins whole."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from gridrules.build.registers import build_registers
from gridrules.catalogue import msg
from gridrules.kinds import schema_parts as sp
from gridrules.kinds.base import Build, Definition, Kind, Ref
from gridrules.kinds.labels import DEPARTMENT, MATTER
from gridrules.model import Policy, PushedDownItem, Registers, VetoItem
from gridrules.vocabulary import DocumentKind

W = sp.Words("registers")
VETO_STATUSES = ("in_force", "under_review", "cancelled")
PUSHED_STATUSES = ("open", "withdrawn", "admitted", "resolved")


def plain(desc: str) -> sp.Schema:
    """An id whose description carries no note on how ids are written (as committed)."""
    return sp.ident(desc, noted_syntax=False)


def schema() -> sp.Schema:
    department = {
        "department": plain(W("department")),
        "department_name": sp.text(W("department_name")),
    }
    veto = sp.obj(
        {
            "id": plain(sp.common("identifier")),
            **sp.NAMES,
            "matter": plain(W("veto.matter")),
            "indicator": sp.text(W("veto.indicator")),
            **department,
            "status": sp.choice(VETO_STATUSES, W("veto.status")),
            "approved_by": sp.text(W("veto.approved_by")),
            "note": sp.text(sp.common("note")),
        },
        ["id", "name", "status"],
        W("veto[]"),
    )
    pushed_down = sp.obj(
        {
            "id": plain(sp.common("identifier")),
            **sp.NAMES,
            "matter": plain(W("pushed_down.matter")),
            **department,
            "logged": sp.typed("string", W("pushed_down.logged"), pattern=sp.DATE, format="date"),
            "status": sp.choice(PUSHED_STATUSES, W("pushed_down.status")),
            "resolution": sp.text(W("pushed_down.resolution")),
            "note": sp.text(sp.common("note")),
        },
        ["id", "name", "logged", "status"],
        W("pushed_down[]"),
    )
    props = {
        "example": sp.flag(W("example")),
        "source": sp.text(W("source")),
        "veto": sp.array(W("veto"), veto),
        "pushed_down": sp.array(W("pushed_down"), pushed_down),
    }
    return sp.document(W, "gridrules burden registers", props, [], version=W("version"))


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
