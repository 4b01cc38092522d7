"""Building escalation, party supervision and the emergency overlay (nearest layer wins, per field)."""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter
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
    Names,
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


def _named(item: dict[str, Any]) -> tuple[str, Names]:
    """A named item's id and its names (zh, en) as written."""
    return item["id"], names(item)


def _ids(item: dict[str, Any], key: str) -> tuple[str, ...]:
    """The ids listed under `key` (none when absent)."""
    return tuple(item.get(key, ()))


class _Kind:
    """One document kind across the layers: the nearest layer's value or list under a key, or
    a list merged by id (a child's item replaces its parent's, recorded in `overridden`)."""

    def __init__(self, layers: list[Layer], kind: str, overridden: list[tuple[Any, Any]]) -> None:
        self.layers, self.kind, self.overridden = layers, kind, overridden

    def nearest(self) -> Document | None:
        return _nearest(self.layers, self.kind)

    def item(self, key: str) -> tuple[Document, Any] | None:
        return last_item(self.layers, self.kind, key)

    def listed(self, key: str, make: Callable[[Document, int, Any], T]) -> tuple[T, ...]:
        return last_list(self.layers, self.kind, key, make)

    def merged(
        self,
        key: str,
        make: Callable[[Document, int, dict[str, Any]], T],
        id_of: Callable[[T], str] = attrgetter("id"),
    ) -> tuple[T, ...]:
        return merge_layers(self.layers, self.kind, key, make, id_of, self.overridden)


def build_escalation(layers: list[Layer], overridden: list[tuple[Any, Any]]) -> Escalation:
    escalation = _Kind(layers, "escalation", overridden)
    levels = escalation.listed("levels", _level)
    departments = escalation.merged("departments", _department)
    routing = escalation.listed("routing", _routing)
    loop_src = escalation.item("loop")
    loop_name = None
    loop: tuple[LoopStep, ...] = ()
    if loop_src:
        _, data = loop_src
        loop_name = names(data)
        loop = tuple(
            LoopStep(*_named(s), s.get("description", ""), duration(s.get("time_limit")))
            for s in data["steps"]
        )
    warnings = escalation.merged("warnings", _warning)
    own = escalation.nearest()
    return Escalation(
        levels, departments, routing, loop_name, loop, warnings, own.origin() if own else None
    )


def _level(doc: Document, i: int, lv: dict[str, Any]) -> EscalationLevel:
    return EscalationLevel(
        *_named(lv),
        lv["tier"],
        _ids(lv, "handlers"),
        duration(lv.get("time_limit")),
        doc.origin("levels", i),
    )


def _department(doc: Document, i: int, x: dict[str, Any]) -> Department:
    return Department(
        *_named(x), x["level"], doc.origin("departments", i), duration(x.get("time_limit"))
    )


def _routing(doc: Document, i: int, r: dict[str, Any]) -> Routing:
    return Routing(
        _ids(r, "matters"),
        _ids(r, "categories"),
        _ids(r, "departments") + _ids(r, "lead") + _ids(r, "assist"),
        doc.origin("routing", i),
        lead=_ids(r, "lead"),
        assist=_ids(r, "assist"),
        keep=bool(r.get("keep", False)),
    )


def _warning(doc: Document, i: int, w: dict[str, Any]) -> WarningLevel:
    return WarningLevel(
        *_named(w),
        w["meaning"],
        w["dispatch"],
        tuple((f["method"], duration(f["every"])) for f in w.get("follow_up", ())),  # type: ignore[misc]
        doc.origin("warnings", i),
        _ids(w, "matters"),
        _ids(w, "indicators"),
        _warning_task(doc, i, w.get("task")),
    )


def _warning_task(doc: Document, i: int, data: dict[str, Any] | None) -> WarningTask | None:
    if not data:
        return None
    return WarningTask(
        names=names(data),
        dispatched_by=data.get("dispatched_by"),
        to=tuple(data["to"]),
        departments=_ids(data, "departments"),
        within=duration(data.get("within")),
        within_is_example=bool(data.get("within_is_example", False)),
        description=data.get("description", ""),
        origin=doc.origin("warnings", i, "task"),
    )


def build_party(layers: list[Layer], overridden: list[tuple[Any, Any]]) -> Party:
    party = _Kind(layers, "party", overridden)
    organisations = party.merged("organisations", _organisation)
    supervision = party.merged(
        "supervision",
        lambda d, i, s: Supervision(
            s["tier"], s["role"], s.get("description", ""), d.origin("supervision", i)
        ),
        lambda s: f"{s.tier}\0{s.role}",  # a tier may have several supervising roles
    )
    coverage: dict[str, bool] = {}
    for layer in layers:
        doc = layer.one("party")
        if doc is not None:
            coverage.update(doc.data.get("coverage") or {})
    own = party.nearest()
    chain_src = party.item("chain")
    crossing = party.merged("cross_appointment", _cross_appointment)
    complete = party.item("roster_lists_all_members")
    return Party(
        organisations,
        supervision,
        PartyCoverage(**coverage),
        own.origin() if own else None,
        names(chain_src[1]) if chain_src else None,
        cross_appointments=crossing,
        in_service=_in_service(party),
        roster_lists_all_members=bool(complete[1]) if complete else False,
    )


def _organisation(doc: Document, i: int, o: dict[str, Any]) -> PartyOrganisation:
    return PartyOrganisation(
        *_named(o),
        o["attaches_to"],
        o.get("min_members"),
        o.get("max_members"),
        o.get("max_joint_units"),
        doc.origin("organisations", i),
        o.get("committee_from"),
        o.get("term_years"),
        _ids(o, "formations"),
    )


def _cross_appointment(doc: Document, i: int, x: dict[str, Any]) -> CrossAppointment:
    return CrossAppointment(
        *_named(x),
        x["tier"],
        tuple(x["roles"]),
        tuple(x["requires"]),
        x.get("description", ""),
        doc.origin("cross_appointment", i),
    )


def _in_service(party: _Kind) -> InService | None:
    found = party.item("in_service")
    if not found:
        return None
    doc, data = found
    return InService(
        roles=tuple(data["roles"]),
        registration=_ids(data, "registration"),
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
            *_named(p),
            tuple(p["steps"]),
            duration(p.get("time_limit")),
            _ids(p, "roles"),
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
