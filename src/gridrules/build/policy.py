"""`build_policy`: the layers' documents → one resolved `Policy`."""

from __future__ import annotations

from typing import Any

from gridrules.build.common import duration, merge_layers, names
from gridrules.build.documents import (
    build_admission,
    build_direct_report,
    build_grid,
    build_matter,
    build_prohibition,
    build_responsibilities,
    build_role,
    build_schedule,
    build_tier,
    build_worker,
    inherit_areas,
)
from gridrules.build.operations import build_emergency, build_escalation, build_party, last_item
from gridrules.build.registers import build_grid_codes, build_registers
from gridrules.loader import Layer
from gridrules.model import (
    AdmissionList,
    Area,
    Category,
    Exclusion,
    HandbookSettings,
    Jurisdiction,
    Policy,
    Settings,
    TimeLimitCeiling,
    WorkloadLimits,
)


def build_policy(layers: list[Layer]) -> Policy:
    own = layers[-1]
    overridden: list[tuple[Any, Any]] = []
    jurisdiction = _jurisdiction(layers)

    tiers = merge_layers(layers, "tiers", "tiers", build_tier, lambda t: t.id, overridden)
    roles = merge_layers(layers, "roles", "roles", build_role, lambda r: r.id, overridden)
    categories = merge_layers(
        layers,
        "matters",
        "categories",
        lambda d, i, c: Category(
            c["id"],
            names(c),
            c.get("description", ""),
            d.origin("categories", i),
            build_direct_report(d, ("categories", i), c.get("direct_report")),
        ),
        lambda c: c.id,
        overridden,
    )
    matters = merge_layers(layers, "matters", "matters", build_matter, lambda m: m.id, overridden)
    responsibilities = build_responsibilities(layers, overridden)
    admission_lists = merge_layers(
        layers,
        "admission",
        "lists",
        lambda d, i, a: AdmissionList(
            a["id"], names(a), a.get("description", ""), d.origin("lists", i)
        ),
        lambda a: a.id,
        overridden,
    )
    admissions = merge_layers(
        layers, "admission", "admitted", build_admission, lambda a: a.matter, overridden
    )
    exclusions = merge_layers(
        layers,
        "admission",
        "excluded",
        lambda d, i, e: Exclusion(
            e["matter"], e["reason"], e.get("basis", ""), d.origin("excluded", i)
        ),
        lambda e: e.matter,
        [],
    )  # exclusions accumulate; replacing one keeps it excluded
    prohibitions = merge_layers(
        layers, "admission", "prohibitions", build_prohibition, lambda x: x.id, overridden
    )
    procedure = last_item(layers, "admission", "procedure")  # the nearest layer's
    schedules = merge_layers(
        layers, "schedules", "schedules", build_schedule, lambda x: x.id, overridden
    )

    grids = inherit_areas(
        [build_grid(row.data, row.origin) for doc in own.all("grids") for row in doc.rows],
        jurisdiction.settings.default_area,
    )
    workers = tuple(
        build_worker(row.data, row.origin) for doc in own.all("roster") for row in doc.rows
    )

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
        escalation=build_escalation(layers, overridden),
        party=build_party(layers, overridden),
        emergency=build_emergency(layers),
        grids=grids,
        workers=workers,
        files=tuple(f for layer in layers for f in layer.files),
        overridden=tuple(overridden),
        prohibitions=prohibitions,
        admission_procedure=procedure[1] if procedure else "",
        registers=build_registers(layers),
        schedules=schedules,
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
    parent_docs = [
        parent.data for layer in reversed(layers[:-1]) if (parent := layer.one("jurisdiction"))
    ]
    parents = tuple(parent["id"] for parent in parent_docs)
    book = settings.get("handbook") or {}
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
            grid_codes=build_grid_codes(layers),
            workload=_workload_limits(layers),
            handbook=HandbookSettings(
                edition=str(book.get("edition", "")),
                issuing_number=str(book.get("issuing_number", "")),
                office=str(book.get("office", "")),
            ),
        ),
        description=data.get("description", ""),
        folder=layers[-1].display,
        origin=doc.origin(),
        parents=parents,
        parent_names=tuple(names(parent) for parent in parent_docs),
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


def _workload_limits(layers: list[Layer]) -> WorkloadLimits:
    """settings.workload, field by field: the nearest jurisdiction that states a field wins."""
    merged: dict[str, Any] = {}
    origin = None
    for layer in layers:
        doc = layer.one("jurisdiction")
        data = ((doc.data.get("settings") or {}) if doc is not None else {}).get("workload")
        if doc is not None and data:
            merged.update(data)
            origin = doc.origin("settings", "workload")
    return WorkloadLimits(
        max_hours_per_month=merged.get("max_hours_per_month"),
        min_field_share=merged.get("min_field_share"),
        field_share_roles=tuple(merged.get("field_share_roles", ())),
        door_to_door_hours=merged.get("door_to_door_hours"),
        source=merged.get("source", ""),
        origin=origin,
    )
