"""Building escalation, party supervision and the emergency overlay (nearest layer wins, per field)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from gridrules.build.common import T, duration, merge_layers, names
from gridrules.build.documents import build_grant
from gridrules.levels import ordered
from gridrules.loader import Document, Layer
from gridrules.model import (
    CrossAppointment,
    Department,
    Emergency,
    Escalation,
    EscalationLevel,
    InService,
    LevelReporting,
    LoopStep,
    Mode,
    Party,
    PartyCoverage,
    PartyOrganisation,
    Plan,
    Procedure,
    Routing,
    Supervision,
    WarningLevel,
    WarningTask,
)


def _nearest(layers: list[Layer], kind: str) -> Document | None:
    """The document of `kind` of the nearest layer that has one (the child's first)."""
    return next((doc for layer in reversed(layers) if (doc := layer.one(kind))), None)


def last_item(layers: list[Layer], kind: str, key: str) -> tuple[Document, Any] | None:
    for layer in reversed(layers):
        doc = layer.one(kind)
        if doc is not None and key in doc.data:
            return doc, doc.data[key]
    return None


def last_list(
    layers: list[Layer], kind: str, key: str, make: Callable[[Document, int, Any], T]
) -> tuple[T, ...]:
    """The nearest layer's list under `key` (a child's list replaces its parent's), each built."""
    found = last_item(layers, kind, key)
    if not found:
        return ()
    doc, items = found
    return tuple(make(doc, i, item) for i, item in enumerate(items))


def build_escalation(layers: list[Layer], overridden: list[tuple[Any, Any]]) -> Escalation:
    levels = last_list(
        layers,
        "escalation",
        "levels",
        lambda doc, i, lv: EscalationLevel(
            lv["id"],
            names(lv),
            lv["tier"],
            tuple(lv.get("handlers", ())),
            duration(lv.get("time_limit")),
            doc.origin("levels", i),
        ),
    )
    departments = merge_layers(
        layers,
        "escalation",
        "departments",
        lambda d, i, x: Department(
            x["id"],
            names(x),
            x["level"],
            d.origin("departments", i),
            duration(x.get("time_limit")),
        ),
        lambda x: x.id,
        overridden,
    )
    routing = last_list(
        layers,
        "escalation",
        "routing",
        lambda doc, i, r: Routing(
            tuple(r.get("matters", ())),
            tuple(r.get("categories", ())),
            tuple(r.get("departments", ())) + tuple(r.get("lead", ())) + tuple(r.get("assist", ())),
            doc.origin("routing", i),
            lead=tuple(r.get("lead", ())),
            assist=tuple(r.get("assist", ())),
            keep=bool(r.get("keep", False)),
        ),
    )
    loop_src = last_item(layers, "escalation", "loop")
    loop_name = None
    loop: tuple[LoopStep, ...] = ()
    if loop_src:
        _, data = loop_src
        loop_name = names(data)
        loop = tuple(
            LoopStep(s["id"], names(s), s.get("description", ""), duration(s.get("time_limit")))
            for s in data["steps"]
        )
    warnings = merge_layers(
        layers,
        "escalation",
        "warnings",
        lambda d, i, w: WarningLevel(
            w["id"],
            names(w),
            w["meaning"],
            w["dispatch"],
            tuple((f["method"], duration(f["every"])) for f in w.get("follow_up", ())),  # type: ignore[misc]
            d.origin("warnings", i),
            tuple(w.get("matters", ())),
            tuple(w.get("indicators", ())),
            _warning_task(d, i, w.get("task")),
        ),
        lambda w: w.id,
        overridden,
    )
    own = _nearest(layers, "escalation")
    return Escalation(
        levels, departments, routing, loop_name, loop, warnings, own.origin() if own else None
    )


def _warning_task(doc: Document, i: int, data: dict[str, Any] | None) -> WarningTask | None:
    if not data:
        return None
    return WarningTask(
        names=names(data),
        dispatched_by=data.get("dispatched_by"),
        to=tuple(data["to"]),
        departments=tuple(data.get("departments", ())),
        within=duration(data.get("within")),
        within_is_example=bool(data.get("within_is_example", False)),
        description=data.get("description", ""),
        origin=doc.origin("warnings", i, "task"),
    )


def build_party(layers: list[Layer], overridden: list[tuple[Any, Any]]) -> Party:
    organisations = merge_layers(
        layers,
        "party",
        "organisations",
        lambda d, i, o: PartyOrganisation(
            o["id"],
            names(o),
            o["attaches_to"],
            o.get("min_members"),
            o.get("max_members"),
            o.get("max_joint_units"),
            d.origin("organisations", i),
            o.get("committee_from"),
            o.get("term_years"),
            tuple(o.get("formations", ())),
        ),
        lambda o: o.id,
        overridden,
    )
    supervision = merge_layers(
        layers,
        "party",
        "supervision",
        lambda d, i, s: Supervision(
            s["tier"], s["role"], s.get("description", ""), d.origin("supervision", i)
        ),
        lambda s: f"{s.tier}\0{s.role}",  # a tier may have several supervising roles
        overridden,
    )
    coverage: dict[str, bool] = {}
    for layer in layers:
        doc = layer.one("party")
        if doc is not None:
            coverage.update(doc.data.get("coverage") or {})
    own = _nearest(layers, "party")
    chain_src = last_item(layers, "party", "chain")
    crossing = merge_layers(
        layers,
        "party",
        "cross_appointment",
        lambda d, i, x: CrossAppointment(
            x["id"],
            names(x),
            x["tier"],
            tuple(x["roles"]),
            tuple(x["requires"]),
            x.get("description", ""),
            d.origin("cross_appointment", i),
        ),
        lambda x: x.id,
        overridden,
    )
    complete = last_item(layers, "party", "roster_lists_all_members")
    return Party(
        organisations,
        supervision,
        PartyCoverage(**coverage),
        own.origin() if own else None,
        names(chain_src[1]) if chain_src else None,
        cross_appointments=crossing,
        in_service=_in_service(layers),
        roster_lists_all_members=bool(complete[1]) if complete else False,
    )


def _in_service(layers: list[Layer]) -> InService | None:
    found = last_item(layers, "party", "in_service")
    if not found:
        return None
    doc, data = found
    return InService(
        roles=tuple(data["roles"]),
        registration=tuple(data.get("registration", ())),
        points=data.get("points", ""),
        report_to=data.get("report_to"),
        description=data.get("description", ""),
        origin=doc.origin("in_service"),
    )


def build_emergency(layers: list[Layer]) -> Emergency | None:
    doc = _nearest(layers, "emergency")
    if doc is None:
        return None
    data = doc.data
    reporting = data.get("reporting") or {}
    return Emergency(
        names=names(data),
        activation=data.get("activation", ""),
        procedures=_procedures(doc, ("procedures",), data.get("procedures")),
        grants=tuple(
            build_grant(g["role"], g, Mode.EMERGENCY, doc.origin("grants", i))
            for i, g in enumerate(data.get("grants", ()))
        ),
        verbal_report_within=duration(reporting.get("verbal_within")),
        written_report_within=duration(reporting.get("written_within")),
        origin=doc.origin(),
        plans=tuple(_plan(doc, i, x) for i, x in enumerate(data.get("plans") or ())),
    )


def _procedures(
    doc: Document, path: tuple[Any, ...], items: list[dict[str, Any]] | None
) -> tuple[Procedure, ...]:
    return tuple(
        Procedure(
            p["id"],
            names(p),
            tuple(p["steps"]),
            duration(p.get("time_limit")),
            tuple(p.get("roles", ())),
            doc.origin(*path, i),
        )
        for i, p in enumerate(items or ())
    )


def _plan(doc: Document, i: int, x: dict[str, Any]) -> Plan:
    path = ("plans", i)
    return Plan(
        id=x["id"],
        names=names(x),
        levels=ordered(x["levels"]),
        activation=x.get("activation", ""),
        procedures=_procedures(doc, (*path, "procedures"), x.get("procedures")),
        reporting=tuple(
            LevelReporting(
                level=r["level"],
                verbal_within=duration(r.get("verbal_within")),
                written_within=duration(r.get("written_within")),
                to=r.get("to"),
                note=r.get("note", ""),
                origin=doc.origin(*path, "reporting", k),
            )
            for k, r in enumerate(x.get("reporting") or ())
        ),
        description=x.get("description", ""),
        origin=doc.origin(*path),
    )
