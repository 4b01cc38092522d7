"""`build_policy`: the layers' documents → one resolved `Policy`, kind by kind.

Each document kind's build step (gridrules.kinds.<kind>.KIND.build) adds its Policy
fields, in the registry's order; the jurisdiction's is built here.
"""

from __future__ import annotations

import dataclasses
from typing import Any

from gridrules.build.common import duration, names
from gridrules.build.registers import build_grid_codes
from gridrules.kinds import Build, documents
from gridrules.loader import Layer
from gridrules.model import (
    Area,
    HandbookSettings,
    Jurisdiction,
    Policy,
    Settings,
    TimeLimitCeiling,
    WorkloadLimits,
)

_POLICY_FIELDS = frozenset(f.name for f in dataclasses.fields(Policy))


def build_policy(layers: list[Layer]) -> Policy:
    built = Build(layers, [], {})
    for kind in documents():
        if kind.build is not None:
            built.fields.update(kind.build(built))
    fields = {k: v for k, v in built.fields.items() if k in _POLICY_FIELDS}
    extra = {k: v for k, v in built.fields.items() if k not in _POLICY_FIELDS}
    return Policy(
        **fields,
        files=tuple(f for layer in layers for f in layer.files),
        overridden=tuple(built.overridden),
        extra=extra,
    )


def build_jurisdiction(layers: list[Layer]) -> Jurisdiction:
    """The nearest jurisdiction document, its settings merged over its parents'."""
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
            handbook=_handbook(settings.get("handbook") or {}),
        ),
        description=data.get("description", ""),
        folder=layers[-1].display,
        origin=doc.origin(),
        parents=parents,
        parent_names=tuple(names(parent) for parent in parent_docs),
    )


def _handbook(book: dict[str, Any]) -> HandbookSettings:
    """settings.handbook, as merged: what the handbook's cover prints."""
    return HandbookSettings(
        edition=str(book.get("edition", "")),
        issuing_number=str(book.get("issuing_number", "")),
        office=str(book.get("office", "")),
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
