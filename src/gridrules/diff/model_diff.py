"""Definitions added, removed or changed between two resolved policies.

Each policy (after `extends`) is flattened into a catalogue: kind → key →
field → plain value (strings, numbers, booleans, lists of strings). Where a
definition was written (file, line, which layer of the extends chain) is left
out on purpose: moving a definition from a child jurisdiction to its parent,
unchanged, is no change at all.

Kinds and their keys (the order they are reported in):

| kind | key |
|---|---|
| jurisdiction | `jurisdiction` (names, level, character, settings, extends chain) |
| tier, role, category, matter | id |
| duty | `role/duty id` (responsibility lists) |
| admission_list | id |
| admission, exclusion | matter id |
| prohibition | id (work-method prohibitions, 工作方法负面清单) |
| escalation | `escalation` (the order of levels, the loop's name) |
| escalation_level, department | id |
| routing | `matter:<id>` or `category:<id>` → departments |
| loop_step, warning_level | id |
| party_organisation | id |
| supervision | tier id ("one red line") |
| party_coverage | `coverage` |
| emergency | `emergency` (the overlay's name, activation, reporting limits) |
| plan | id (emergency plans: levels, activation, reporting times per level) |
| procedure | id (common emergency procedures), `plan id/procedure id` (a plan's) |
| emergency_grant | `role/duty id` |
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import enum
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from gridrules.model import Duration, Grant, Names, Policy

Plain = Any  # str | int | float | bool | None | list[Plain]
Fields = dict[str, Plain]
Catalogue = dict[str, dict[str, Fields]]

KINDS: tuple[str, ...] = (
    "jurisdiction",
    "tier",
    "role",
    "category",
    "matter",
    "duty",
    "admission_list",
    "admission",
    "exclusion",
    "prohibition",
    "escalation",
    "escalation_level",
    "department",
    "routing",
    "loop_step",
    "warning_level",
    "party_organisation",
    "supervision",
    "party_coverage",
    "emergency",
    "plan",
    "procedure",
    "emergency_grant",
)

_SKIPPED_FIELDS = frozenset({"origin", "source", "folder"})


@dataclass(frozen=True, slots=True)
class FieldChange:
    field: str
    old: Plain  # None when the field was absent
    new: Plain


@dataclass(frozen=True, slots=True)
class DefinitionChange:
    kind: str  # one of KINDS
    key: str
    change: str  # added, removed, changed
    fields: tuple[FieldChange, ...]  # for `changed`: every field that differs (old → new)
    source: str = ""  # file:line:col where it is written (the old side's for `removed`)


# --- flattening -------------------------------------------------------------


def plain(value: Any) -> Plain:
    """A model value as JSON-ready data (dataclasses become dicts, origins are dropped)."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, Names):
        return {"zh": value.zh, "en": value.en}
    if isinstance(value, Duration):
        return value.text
    if isinstance(value, dt.date):
        return value.isoformat()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name))
            for f in dataclasses.fields(value)
            if f.name not in _SKIPPED_FIELDS
        }
    if isinstance(value, Mapping):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, tuple | list):
        return [plain(v) for v in value]
    return str(value)


def flatten(data: Mapping[str, Plain], prefix: str = "") -> Fields:
    """Nested dicts become dotted keys; lists of scalars stay lists; other lists become JSON text."""
    out: Fields = {}
    for key, value in data.items():
        name = f"{prefix}{key}"
        if isinstance(value, dict):
            out.update(flatten(value, f"{name}."))
        elif isinstance(value, list) and any(isinstance(v, dict | list) for v in value):
            out[name] = [json.dumps(v, ensure_ascii=False, sort_keys=True) for v in value]
        else:
            out[name] = value
    return out


def _fields(item: Any, *drop: str) -> Fields:
    data = plain(item)
    assert isinstance(data, dict)
    for name in drop:
        data.pop(name, None)
    return flatten(data)


def _grant_fields(grant: Grant) -> Fields:
    return _fields(grant, "role", "duty_id", "mode")


def _by_id(p: Policy) -> tuple[tuple[str, Sequence[Any]], ...]:
    """The kinds whose key is the item's own id, with their items."""
    return (
        ("tier", p.tiers),
        ("role", p.roles),
        ("category", p.categories),
        ("matter", p.matters),
        ("admission_list", p.admission_lists),
        ("prohibition", p.prohibitions),
        ("escalation_level", p.escalation.levels),
        ("department", p.escalation.departments),
        ("warning_level", p.escalation.warnings),
        ("party_organisation", p.party.organisations),
    )


def _routing_targets(rule: Any) -> list[str]:
    return [f"matter:{m}" for m in rule.matters] + [f"category:{c}" for c in rule.categories]


def catalogue(policy: Policy) -> Catalogue:
    """Every definition of a resolved policy, by kind and key, as plain fields."""
    p = policy
    cat: Catalogue = {kind: {} for kind in KINDS}
    j = p.jurisdiction
    cat["jurisdiction"]["jurisdiction"] = _fields(j)
    for kind, items in _by_id(p):
        for item in items:
            cat[kind].setdefault(item.id, _fields(item, "id"))
    for loop_step in p.escalation.loop:
        cat["loop_step"].setdefault(loop_step.id, _fields(loop_step, "id"))
    for responsibility in p.responsibilities:
        for duty in responsibility.duties:
            cat["duty"].setdefault(f"{duty.role}/{duty.duty_id}", _grant_fields(duty))
    for admission in p.admissions:
        cat["admission"].setdefault(admission.matter, _fields(admission, "matter"))
    for exclusion in p.exclusions:
        cat["exclusion"].setdefault(exclusion.matter, _fields(exclusion, "matter"))
    cat["escalation"]["escalation"] = {
        "levels": [level.id for level in p.escalation.levels],
        "loop_name": plain(p.escalation.loop_name),
    }
    routing: dict[str, list[str]] = {}
    for rule in p.escalation.routing:
        for target in _routing_targets(rule):
            for department in rule.departments:
                if department not in routing.setdefault(target, []):
                    routing[target].append(department)
    for target, departments in routing.items():
        cat["routing"][target] = {"departments": departments}
    for supervision in p.party.supervision:
        cat["supervision"].setdefault(supervision.tier, _fields(supervision, "tier"))
    cat["party_coverage"]["coverage"] = _fields(p.party.coverage)
    if p.emergency is not None:
        e = p.emergency
        cat["emergency"]["emergency"] = flatten(
            {
                "names": plain(e.names),
                "activation": e.activation,
                "verbal_report_within": plain(e.verbal_report_within),
                "written_report_within": plain(e.written_report_within),
            }
        )
        for procedure in e.procedures:
            cat["procedure"].setdefault(procedure.id, _fields(procedure, "id"))
        for plan in e.plans:
            cat["plan"].setdefault(plan.id, _fields(plan, "id", "procedures"))
            for procedure in plan.procedures:
                key = f"{plan.id}/{procedure.id}"
                cat["procedure"].setdefault(key, _fields(procedure, "id"))
        for grant in e.grants:
            cat["emergency_grant"].setdefault(f"{grant.role}/{grant.duty_id}", _grant_fields(grant))
    return cat


# --- comparing --------------------------------------------------------------


def field_changes(old: Fields, new: Fields) -> tuple[FieldChange, ...]:
    """Every field whose value differs, in the old side's order and then the new fields."""
    names = list(old) + [k for k in new if k not in old]
    return tuple(
        FieldChange(name, old.get(name), new.get(name))
        for name in names
        if old.get(name) != new.get(name)
    )


def diff_catalogues(old: Catalogue, new: Catalogue) -> tuple[DefinitionChange, ...]:
    """Added, removed and changed definitions, kind by kind, in the new policy's order."""
    out: list[DefinitionChange] = []
    for kind in KINDS:
        before, after = old.get(kind, {}), new.get(kind, {})
        for key, fields in after.items():
            if key not in before:
                out.append(DefinitionChange(kind, key, "added", ()))
            elif before[key] != fields:
                out.append(
                    DefinitionChange(kind, key, "changed", field_changes(before[key], fields))
                )
        out.extend(DefinitionChange(kind, key, "removed", ()) for key in before if key not in after)
    return tuple(out)


def describe_value(value: Plain) -> str:
    """A field value in one short line (for text and Markdown)."""
    if value is None:
        return "—"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(describe_value(v) for v in value) + "]"
    text = str(value).replace("\n", " ")
    return text if len(text) <= 120 else text[:117] + "…"


def locations(policy: Policy) -> dict[str, dict[str, str]]:
    """file:line:col of each definition that records where it was written, by kind and key."""
    p = policy
    out: dict[str, dict[str, str]] = {kind: {} for kind in KINDS}

    def put(kind: str, key: str, origin: Any) -> None:
        if origin is not None and key not in out[kind]:
            out[kind][key] = str(origin.location)

    put("jurisdiction", "jurisdiction", p.jurisdiction.origin)
    for kind, items in _by_id(p):
        for item in items:
            put(kind, item.id, item.origin)
    for responsibility in p.responsibilities:
        for duty in responsibility.duties:
            put("duty", f"{duty.role}/{duty.duty_id}", duty.origin)
    for admission in p.admissions:
        put("admission", admission.matter, admission.origin)
    for exclusion in p.exclusions:
        put("exclusion", exclusion.matter, exclusion.origin)
    put("escalation", "escalation", p.escalation.origin)
    for rule in p.escalation.routing:
        for target in _routing_targets(rule):
            put("routing", target, rule.origin)
    for supervision in p.party.supervision:
        put("supervision", supervision.tier, supervision.origin)
    put("party_coverage", "coverage", p.party.origin)
    if p.emergency is not None:
        put("emergency", "emergency", p.emergency.origin)
        for procedure in p.emergency.procedures:
            put("procedure", procedure.id, procedure.origin or p.emergency.origin)
        for plan in p.emergency.plans:
            put("plan", plan.id, plan.origin)
            for procedure in plan.procedures:
                put("procedure", f"{plan.id}/{procedure.id}", procedure.origin or plan.origin)
        for grant in p.emergency.grants:
            put("emergency_grant", f"{grant.role}/{grant.duty_id}", grant.origin)
    return out
