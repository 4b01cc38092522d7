"""Merge a jurisdiction's layers (root ancestor first) into one `Policy`.

Override rules for `extends` (documented in docs/policy-format.md):
- tiers, roles, categories, matters, departments, admission lists, party
  organisations and warning levels are keyed by `id`; a child's item with the
  same id replaces the parent's in place, new ids are appended;
- responsibility lists are keyed by role and merge by duty id: a child's duty
  replaces the parent's duty of the same id, new duties are added; with
  `replace: true` the child's list replaces the parent's whole;
- admissions are keyed by matter, supervision links by (tier, role): the
  child's entry replaces the parent's;
- exclusions only accumulate: a child can never take a matter off the
  excluded list (it may only tighten);
- escalation `levels`, `routing`, `loop` and the emergency overlay are
  replaced whole when the child declares them;
- jurisdiction settings and party coverage merge key by key;
- grid registries and rosters are never inherited.
Input is assumed schema-valid (gridrules.validate runs the schemas first).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any, TypeVar

from gridrules.levels import ordered
from gridrules.loader import Document, Layer
from gridrules.model import (
    Action,
    Admission,
    AdmissionList,
    Area,
    Category,
    Department,
    Difficulty,
    DifficultyBand,
    DirectReport,
    Duration,
    Emergency,
    Escalation,
    EscalationLevel,
    Exclusion,
    Grant,
    Grid,
    HouseholdRange,
    Jurisdiction,
    LevelReporting,
    LoopStep,
    Matter,
    Mode,
    Names,
    Origin,
    Party,
    PartyCoverage,
    PartyOrganisation,
    Plan,
    Policy,
    Procedure,
    Prohibition,
    Responsibility,
    Role,
    RoleConstraint,
    Routing,
    Scope,
    Settings,
    Sizing,
    Staffing,
    Supervision,
    Tier,
    TimeLimitCeiling,
    WarningLevel,
    Worker,
)

T = TypeVar("T")
_MINUTES = {"m": 1, "h": 60, "d": 24 * 60}


def duration(text: str | None) -> Duration | None:
    if not text:
        return None
    return Duration(text, int(text[:-1]) * _MINUTES[text[-1]])


def names(data: dict[str, Any]) -> Names:
    return Names(data["name"], data.get("name_en", ""))


class _Merged:
    """Items keyed by id across layers; remembers which child item replaced which parent item."""

    def __init__(self) -> None:
        self.items: dict[str, Any] = {}
        self.layer_of: dict[str, int] = {}
        self.overridden: list[tuple[Any, Any]] = []

    def add(self, key: str, item: Any, layer: int) -> None:
        if key in self.items:
            if self.layer_of[key] == layer:
                return  # a duplicate within one layer: the first stands, rule GR202 reports it
            self.overridden.append((self.items[key], item))
        self.items[key] = item  # dict keeps the parent's position on replacement
        self.layer_of[key] = layer

    def values(self) -> tuple[Any, ...]:
        return tuple(self.items.values())


def _each(
    layers: list[Layer], kind: str, key: str
) -> Iterable[tuple[int, Document, int, dict[str, Any]]]:
    for depth, layer in enumerate(layers):
        for doc in layer.all(kind):
            for i, item in enumerate(doc.data.get(key) or []):
                yield depth, doc, i, item


def _merge(
    layers: list[Layer],
    kind: str,
    key: str,
    make: Callable[[Document, int, dict[str, Any]], T],
    id_of: Callable[[T], str],
    overridden: list[tuple[Any, Any]],
) -> tuple[T, ...]:
    merged = _Merged()
    for depth, doc, i, item in _each(layers, kind, key):
        built = make(doc, i, item)
        merged.add(id_of(built), built, depth)
    overridden += merged.overridden
    return merged.values()


def build_policy(layers: list[Layer]) -> Policy:
    own = layers[-1]
    overridden: list[tuple[Any, Any]] = []
    jurisdiction = _jurisdiction(layers)

    tiers = _merge(layers, "tiers", "tiers", _tier, lambda t: t.id, overridden)
    roles = _merge(layers, "roles", "roles", _role, lambda r: r.id, overridden)
    categories = _merge(
        layers,
        "matters",
        "categories",
        lambda d, i, c: Category(
            c["id"],
            names(c),
            c.get("description", ""),
            d.origin("categories", i),
            _direct_report(d, ("categories", i), c.get("direct_report")),
        ),
        lambda c: c.id,
        overridden,
    )
    matters = _merge(layers, "matters", "matters", _matter, lambda m: m.id, overridden)
    responsibilities = _responsibilities(layers, overridden)
    admission_lists = _merge(
        layers,
        "admission",
        "lists",
        lambda d, i, a: AdmissionList(
            a["id"], names(a), a.get("description", ""), d.origin("lists", i)
        ),
        lambda a: a.id,
        overridden,
    )
    admissions = _merge(layers, "admission", "admitted", _admission, lambda a: a.matter, overridden)
    exclusions = _merge(
        layers,
        "admission",
        "excluded",
        lambda d, i, e: Exclusion(
            e["matter"], e["reason"], e.get("basis", ""), d.origin("excluded", i)
        ),
        lambda e: e.matter,
        [],
    )  # exclusions accumulate; replacing one keeps it excluded
    prohibitions = _merge(
        layers, "admission", "prohibitions", _prohibition, lambda x: x.id, overridden
    )
    procedure = _last(layers, "admission", "procedure")  # the nearest layer's

    grids = _inherit_areas(
        [_grid(row.data, row.origin) for doc in own.all("grids") for row in doc.rows],
        jurisdiction.settings.default_area,
    )
    workers = tuple(_worker(row.data, row.origin) for doc in own.all("roster") for row in doc.rows)

    return Policy(
        jurisdiction=jurisdiction,
        tiers=tiers,
        roles=roles,
        categories=categories,
        matters=matters,
        responsibilities=responsibilities,
        admission_lists=admission_lists,
        admissions=admissions,
        exclusions=exclusions,
        escalation=_escalation(layers, overridden),
        party=_party(layers, overridden),
        emergency=_emergency(layers),
        grids=grids,
        workers=workers,
        files=tuple(f for layer in layers for f in layer.files),
        overridden=tuple(overridden),
        prohibitions=prohibitions,
        admission_procedure=procedure[1] if procedure else "",
    )


def _jurisdiction(layers: list[Layer]) -> Jurisdiction:
    settings: dict[str, Any] = {}
    for layer in layers:
        doc = layer.one("jurisdiction")
        if doc is not None:
            settings.update(doc.data.get("settings") or {})
    doc = layers[-1].one("jurisdiction")
    assert doc is not None  # validate refuses a folder without one
    data = doc.data
    parents = tuple(
        parent.data["id"]
        for layer in reversed(layers[:-1])
        if (parent := layer.one("jurisdiction")) is not None
    )
    return Jurisdiction(
        id=data["id"],
        names=names(data),
        level=data["level"],
        character=data["character"],
        settings=Settings(
            grids_belong_to_community=settings.get("grids_belong_to_community", True),
            default_area=Area(
                settings.get("default_area", "rural" if data["character"] == "rural" else "urban")
            ),
            supervision_hotline=settings.get("supervision_hotline", ""),
            office=settings.get("office", ""),
            example=bool(settings.get("example", False)),
            protected_tiers=(
                tuple(settings["protected_tiers"]) if "protected_tiers" in settings else None
            ),
            time_limit_ceiling=_ceiling(layers),
        ),
        description=data.get("description", ""),
        folder=layers[-1].display,
        origin=doc.origin(),
        parents=parents,
    )


def _ceiling(layers: list[Layer]) -> TimeLimitCeiling | None:
    """settings.time_limit_ceiling of the nearest jurisdiction that states it."""
    for layer in reversed(layers):
        doc = layer.one("jurisdiction")
        data = ((doc.data.get("settings") or {}) if doc is not None else {}).get(
            "time_limit_ceiling"
        )
        if doc is not None and data:
            limit = duration(data["limit"])
            assert limit is not None  # required by the schema
            return TimeLimitCeiling(
                limit,
                data.get("extension", ""),
                data.get("source", ""),
                doc.origin("settings", "time_limit_ceiling"),
            )
    return None


def _direct_report(doc: Document, path: tuple[Any, ...], data: Any) -> DirectReport | None:
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


def _tier(doc: Document, i: int, t: dict[str, Any]) -> Tier:
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


def _role(doc: Document, i: int, r: dict[str, Any]) -> Role:
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


def _matter(doc: Document, i: int, m: dict[str, Any]) -> Matter:
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
        direct_report=_direct_report(doc, ("matters", i), m.get("direct_report")),
        level_limits=tuple(
            (level, d)
            for level, text in (limits.get("level_limits") or {}).items()
            if (d := duration(text)) is not None
        ),
    )


def _grant(role: str, g: dict[str, Any], mode: Mode, origin: Origin) -> Grant:
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
            _grant(r["role"], g, Mode.NORMAL, doc.origin("responsibilities", i, "duties", j))
            for j, g in enumerate(r["duties"])
        ),
        origin=doc.origin("responsibilities", i),
    )


def _responsibilities(
    layers: list[Layer], overridden: list[tuple[Any, Any]]
) -> tuple[Responsibility, ...]:
    """Per role; a child's list merges into the parent's by duty id unless it says `replace`."""
    merged: dict[str, tuple[Responsibility, int]] = {}
    for depth, doc, i, item in _each(layers, "responsibilities", "responsibilities"):
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


def _admission(doc: Document, i: int, a: dict[str, Any]) -> Admission:
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


def _prohibition(doc: Document, i: int, x: dict[str, Any]) -> Prohibition:
    return Prohibition(
        id=x["id"],
        names=names(x),
        text=x["text"],
        basis=x.get("basis", ""),
        provenance=x.get("origin", ""),
        origin=doc.origin("prohibitions", i),
    )


def _nearest(layers: list[Layer], kind: str) -> Document | None:
    """The document of `kind` of the nearest layer that has one (the child's first)."""
    return next((doc for layer in reversed(layers) if (doc := layer.one(kind))), None)


def _last(layers: list[Layer], kind: str, key: str) -> tuple[Document, Any] | None:
    for layer in reversed(layers):
        doc = layer.one(kind)
        if doc is not None and key in doc.data:
            return doc, doc.data[key]
    return None


def _escalation(layers: list[Layer], overridden: list[tuple[Any, Any]]) -> Escalation:
    levels_src = _last(layers, "escalation", "levels")
    levels: tuple[EscalationLevel, ...] = ()
    if levels_src:
        doc, items = levels_src
        levels = tuple(
            EscalationLevel(
                lv["id"],
                names(lv),
                lv["tier"],
                tuple(lv.get("handlers", ())),
                duration(lv.get("time_limit")),
                doc.origin("levels", i),
            )
            for i, lv in enumerate(items)
        )
    departments = _merge(
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
    routing_src = _last(layers, "escalation", "routing")
    routing: tuple[Routing, ...] = ()
    if routing_src:
        doc, items = routing_src
        routing = tuple(
            Routing(
                tuple(r.get("matters", ())),
                tuple(r.get("categories", ())),
                tuple(r.get("departments", ()))
                + tuple(r.get("lead", ()))
                + tuple(r.get("assist", ())),
                doc.origin("routing", i),
                lead=tuple(r.get("lead", ())),
                assist=tuple(r.get("assist", ())),
                keep=bool(r.get("keep", False)),
            )
            for i, r in enumerate(items)
        )
    loop_src = _last(layers, "escalation", "loop")
    loop_name, loop = None, ()
    if loop_src:
        _, data = loop_src
        loop_name = names(data)
        loop = tuple(
            LoopStep(s["id"], names(s), s.get("description", ""), duration(s.get("time_limit")))
            for s in data["steps"]
        )
    warnings = _merge(
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
        ),
        lambda w: w.id,
        overridden,
    )
    own = _nearest(layers, "escalation")
    return Escalation(
        levels, departments, routing, loop_name, loop, warnings, own.origin() if own else None
    )


def _party(layers: list[Layer], overridden: list[tuple[Any, Any]]) -> Party:
    organisations = _merge(
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
        ),
        lambda o: o.id,
        overridden,
    )
    supervision = _merge(
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
    chain_src = _last(layers, "party", "chain")
    return Party(
        organisations,
        supervision,
        PartyCoverage(**coverage),
        own.origin() if own else None,
        names(chain_src[1]) if chain_src else None,
    )


def _emergency(layers: list[Layer]) -> Emergency | None:
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
            _grant(g["role"], g, Mode.EMERGENCY, doc.origin("grants", i))
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


_AREAS = {"urban": Area.URBAN, "rural": Area.RURAL}  # a dict lookup, not Enum() per row


def _grid(row: dict[str, Any], origin: Origin) -> Grid:
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
    )


def _inherit_areas(grids: list[Grid], default: Area) -> tuple[Grid, ...]:
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


def _worker(row: dict[str, Any], origin: Origin) -> Worker:
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
