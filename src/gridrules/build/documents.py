"""Building the definition documents (tiers, roles, matters, duties, admission) and registry/roster rows."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

from gridrules.build.common import duration, each_item, names
from gridrules.loader import Document, Layer
from gridrules.model import (
    Action,
    Admission,
    Area,
    Difficulty,
    DifficultyBand,
    DirectReport,
    Grant,
    Grid,
    HouseholdRange,
    Matter,
    Mode,
    Origin,
    Prohibition,
    Responsibility,
    Role,
    RoleConstraint,
    Schedule,
    Scope,
    Sizing,
    Staffing,
    Tier,
    Worker,
)


def build_direct_report(doc: Document, path: tuple[Any, ...], data: Any) -> DirectReport | None:
    if not data:
        return None
    within = duration(data["within"])
    assert within is not None  # required by the schema
    return DirectReport(
        data["level"],
        within,
        duration(data.get("written_within")),
        data.get("source", ""),
        doc.origin(*path, "direct_report"),
    )


def _range(data: dict[str, Any] | None) -> HouseholdRange | None:
    return HouseholdRange(data.get("min"), data.get("max")) if data else None


def build_tier(doc: Document, i: int, t: dict[str, Any]) -> Tier:
    sizing = t.get("sizing")
    return Tier(
        id=t["id"],
        names=names(t),
        parent=t.get("parent"),
        is_grid=t["is_grid"],
        admin_level=t.get("admin_level"),
        sizing=Sizing(
            urban=_range(sizing.get("urban")),
            rural=_range(sizing.get("rural")),
            average_max_households=sizing.get("average_max_households"),
            door_to_door_hours=sizing.get("door_to_door_hours"),
            note=sizing.get("note", ""),
            rural_unit=sizing.get("rural_unit", ""),
        )
        if sizing
        else None,
        staffing=_staffing(t.get("staffing")),
        description=t.get("description", ""),
        origin=doc.origin("tiers", i),
    )


def _staffing(data: dict[str, Any] | list[dict[str, Any]] | None) -> tuple[Staffing, ...]:
    if not data:
        return ()
    rules = (
        [(("staffing",), data)]
        if isinstance(data, dict)
        else [(("staffing", k), rule) for k, rule in enumerate(data)]
    )
    return tuple(
        Staffing(
            tuple(rule["roles"]),
            rule.get("min_per_grid", 1),
            _difficulty(rule.get("difficulty")),
            path,
        )
        for path, rule in rules
    )


def _difficulty(data: dict[str, Any] | None) -> Difficulty | None:
    if not data:
        return None
    bands = sorted(
        (DifficultyBand(b["above"], b["extra"]) for b in data["bands"]), key=lambda b: b.above
    )
    return Difficulty(tuple(data["weights"].items()), tuple(bands))


def build_role(doc: Document, i: int, r: dict[str, Any]) -> Role:
    origin = doc.origin("roles", i)
    return Role(
        id=r["id"],
        names=names(r),
        category=r["category"],
        tier=r["tier"],
        scope=Scope(r["scope"]),
        reports_to=r.get("reports_to"),
        recruited_from=tuple(r.get("recruited_from", ())),
        functions=tuple(r.get("functions", ())),
        constraints=tuple(
            RoleConstraint(
                c["id"],
                c["attribute"],
                c["must_be"],
                Area(c["area"]) if c.get("area") else None,
                c.get("description", ""),
                Origin(origin.source, (*origin.path, "constraints", j)),
            )
            for j, c in enumerate(r.get("constraints", ()))
        ),
        description=r.get("description", ""),
        origin=origin,
    )


def build_matter(doc: Document, i: int, m: dict[str, Any]) -> Matter:
    limits = m.get("time_limits") or {}
    return Matter(
        id=m["id"],
        names=names(m),
        category=m["category"],
        handling_tier=m["handling_tier"],
        report_within=duration(limits.get("report_within")),
        close_within=duration(limits.get("close_within")),
        description=m.get("description", ""),
        origin=doc.origin("matters", i),
        direct_report=build_direct_report(doc, ("matters", i), m.get("direct_report")),
        level_limits=tuple(
            (level, d)
            for level, text in (limits.get("level_limits") or {}).items()
            if (d := duration(text)) is not None
        ),
    )


def build_grant(role: str, g: dict[str, Any], mode: Mode, origin: Origin) -> Grant:
    return Grant(
        role=role,
        actions=tuple(Action(a) for a in g["actions"]),
        matters=tuple(g.get("matters", ())),
        categories=tuple(g.get("categories", ())),
        mode=mode,
        duty_id=g["id"],
        names=names(g),
        description=g.get("description", ""),
        origin=origin,
    )


def _responsibility(doc: Document, i: int, r: dict[str, Any]) -> Responsibility:
    return Responsibility(
        role=r["role"],
        duties=tuple(
            build_grant(r["role"], g, Mode.NORMAL, doc.origin("responsibilities", i, "duties", j))
            for j, g in enumerate(r["duties"])
        ),
        origin=doc.origin("responsibilities", i),
    )


def build_responsibilities(
    layers: list[Layer], overridden: list[tuple[Any, Any]]
) -> tuple[Responsibility, ...]:
    """Per role; a child's list merges into the parent's by duty id unless it says `replace`."""
    merged: dict[str, tuple[Responsibility, int]] = {}
    for depth, doc, i, item in each_item(layers, "responsibilities", "responsibilities"):
        child = _responsibility(doc, i, item)
        earlier = merged.get(child.role)
        if earlier is not None and earlier[1] == depth:
            continue  # a second list for the role in one folder: GR202 reports it
        if earlier is not None and not item.get("replace", False):
            parent = earlier[0]
            mine = {d.duty_id: d for d in child.duties}
            duties = tuple(mine.pop(d.duty_id, d) for d in parent.duties) + tuple(mine.values())
            overridden.append((parent, child))
            child = Responsibility(child.role, duties, child.origin)
        elif earlier is not None:
            overridden.append((earlier[0], child))
        merged[child.role] = (child, depth)
    return tuple(r for r, _ in merged.values())


def build_admission(doc: Document, i: int, a: dict[str, Any]) -> Admission:
    return Admission(
        matter=a["matter"],
        list=a.get("list"),
        approved_by=a["approved_by"],
        basis=a["basis"],
        effective=dt.date.fromisoformat(a["effective"]),
        expires=dt.date.fromisoformat(a["expires"]) if a.get("expires") else None,
        temporary=a.get("temporary", False),
        note=a.get("note", ""),
        origin=doc.origin("admitted", i),
        mode=Mode(a.get("mode", "normal")),
        plan=a.get("plan"),
    )


def build_prohibition(doc: Document, i: int, x: dict[str, Any]) -> Prohibition:
    return Prohibition(
        id=x["id"],
        names=names(x),
        text=x["text"],
        basis=x.get("basis", ""),
        provenance=x.get("origin", ""),
        origin=doc.origin("prohibitions", i),
    )


_AREAS = {"urban": Area.URBAN, "rural": Area.RURAL}  # a dict lookup, not Enum() per row


def build_grid(row: dict[str, Any], origin: Origin) -> Grid:
    return Grid(
        id=str(row["id"]),
        name=row["name"],
        tier=row["tier"],
        parent=str(row["parent"]) if row.get("parent") not in (None, "") else None,
        households=row.get("households"),
        area=_AREAS.get(row.get("area", "")),  # type: ignore[arg-type]  # None: inherited below
        type=row.get("type", "residential"),
        party_org=row.get("party_org", ""),
        boundary=row.get("boundary", ""),
        attributes={k: float(v) for k, v in (row.get("attributes") or {}).items()},
        origin=origin,
        party_formation=row.get("party_formation") or "",
    )


def inherit_areas(grids: list[Grid], default: Area) -> tuple[Grid, ...]:
    """A grid that states no area takes its nearest registry ancestor's, else the default.

    A grid inside a village marked rural is rural, although its own row is silent.
    """
    stated = {g.id: g.area for g in grids if g.area is not None}
    parent_of = {g.id: g.parent for g in grids}
    resolved: dict[str, Area] = {}

    def area_of(grid_id: str) -> Area:
        chain: list[str] = []
        current: str | None = grid_id
        found = default
        while current is not None and current in parent_of and current not in chain:
            if current in resolved:
                found = resolved[current]
                break
            if current in stated:
                found = stated[current]
                break
            chain.append(current)
            current = parent_of[current]
        for node in chain:
            resolved[node] = found
        return found

    return tuple(g if g.area is not None else replace(g, area=area_of(g.id)) for g in grids)


def build_worker(row: dict[str, Any], origin: Origin) -> Worker:
    return Worker(
        id=str(row["id"]),
        name=row["name"],
        roles=tuple(row["roles"]),
        grid=str(row["grid"]),
        phone=str(row.get("phone", "")),
        two_committees=bool(row.get("two_committees", False)),
        party_member=bool(row.get("party_member", False)),
        attributes=dict(row.get("attributes") or {}),
        origin=origin,
    )


def build_schedule(doc: Document, i: int, s: dict[str, Any]) -> Schedule:
    """One duty schedule (schedules.yaml); defaults: times 1, field work, not assumed."""
    return Schedule(
        id=s["id"],
        names=names(s),
        role=s["role"],
        duty=s.get("duty"),
        matters=tuple(s.get("matters", ())),
        frequency=s["frequency"],
        times=float(s.get("times", 1)),
        per=s["per"],
        minutes=float(s["minutes"]),
        field=bool(s.get("field", True)),
        door_to_door=bool(s.get("door_to_door", False)),
        assumed=bool(s.get("assumed", False)),
        note=s.get("note", ""),
        source=s.get("source", ""),
        origin=doc.origin("schedules", i),
    )
